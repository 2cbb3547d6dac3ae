//! Shared helpers.

use std::path::{Path, PathBuf};

use microcred_model::request::BuildContext;
use microcred_model::{IssuanceRequest, XsdDateTime};

pub fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

pub fn read(name: &str) -> String {
    std::fs::read_to_string(vectors().join(name)).unwrap()
}

/// The credential JSON of a sample: the file itself, or the `payload` of a sealed one.
pub fn sample_json(name: &str) -> serde_json::Value {
    let value: serde_json::Value = serde_json::from_str(&read(name)).unwrap();
    match value.get("payload").and_then(|p| p.as_str()) {
        Some(payload) => serde_json::from_str(payload).unwrap(),
        None => value,
    }
}

pub fn example_requests() -> Vec<(String, IssuanceRequest)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/requests");
    let mut requests: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                IssuanceRequest::from_json_str(&std::fs::read_to_string(&p).unwrap()).unwrap(),
            )
        })
        .collect();
    requests.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        requests.len() >= 6,
        "the SHACL check needs at least six example requests"
    );
    requests
}

pub fn context() -> BuildContext {
    BuildContext::new(
        "urn:uuid:6f1c2b0e-1d3a-4f57-9a43-2f0b7e1c9d21",
        XsdDateTime::parse("2026-07-01T09:00:00Z").unwrap(),
    )
}
