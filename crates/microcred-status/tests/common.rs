//! Shared helpers.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use microcred_status::{ListCredentialVerifier, ProofRejected};
use serde_json::Value;

/// The `tests/vectors` folder.
pub(crate) fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

/// Read a JSON file under `tests/vectors`.
pub(crate) fn json(relative: &str) -> Value {
    let path = vectors().join(relative);
    serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// A time.
pub(crate) fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

/// A stand-in for the proof check, honest about what it does: it accepts every proof
/// without checking it. This crate does no cryptography; the real check (microcred-sign) is
/// wired by the facade and tested there. Everything else in these tests is real.
pub(crate) struct ProofsNotChecked;

impl ListCredentialVerifier for ProofsNotChecked {
    fn verify_list_credential(&self, _: &Value) -> Result<(), ProofRejected> {
        Ok(())
    }
}

/// A verifier that rejects every proof, to test that rejection makes the status unknown.
pub(crate) struct RejectAll;

impl ListCredentialVerifier for RejectAll {
    fn verify_list_credential(&self, _: &Value) -> Result<(), ProofRejected> {
        Err(ProofRejected::new("signature does not verify"))
    }
}
