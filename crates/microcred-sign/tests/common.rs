//! Helpers shared by the test modules.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use microcred_sign::{OfflineResolver, ProofPurpose, PublicKey, VerificationMethod};
use serde_json::Value;

/// A file under `tests/vectors/`.
pub(crate) fn vector_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(relative)
}

/// A vector file as text.
pub(crate) fn text(relative: &str) -> String {
    std::fs::read_to_string(vector_path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// A vector file as JSON.
pub(crate) fn json(relative: &str) -> Value {
    serde_json::from_str(&text(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Bytes from hex.
pub(crate) fn hex(text: &str) -> Vec<u8> {
    let text = text.trim();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// A fixed time.
pub(crate) fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

/// A resolver that also knows the HTTPS key ids of the Open Badges fixtures, whose fragment is
/// the Multikey (the issuer profile documents are not part of the vectors).
pub(crate) fn resolver_with(methods: &[&str]) -> OfflineResolver {
    let mut resolver = OfflineResolver::new();
    for id in methods {
        let (controller, fragment) = id.split_once('#').unwrap();
        resolver.add_method(VerificationMethod {
            id: (*id).to_owned(),
            controller: controller.to_owned(),
            public_key: PublicKey::from_multibase(fragment).unwrap(),
            purposes: vec![ProofPurpose::AssertionMethod],
        });
    }
    resolver
}
