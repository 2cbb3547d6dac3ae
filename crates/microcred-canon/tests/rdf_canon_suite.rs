//! The W3C RDFC-1.0 test suite (tests/vectors/rdf-canon): every test must pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use microcred_canon::rdfc::{self, HashAlgorithm, Options};
use microcred_canon::{Dataset, Error};

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/rdf-canon")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(suite_dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn options_for(entry: &serde_json::Value) -> Options {
    match entry["hashAlgorithm"].as_str() {
        Some("SHA384") => Options::default().with_hash(HashAlgorithm::Sha384),
        Some("SHA256") | None => Options::default(),
        Some(other) => panic!("unknown hash algorithm {other}"),
    }
}

#[test]
fn rdfc10_w3c_suite_passes_completely() {
    let manifest: serde_json::Value = serde_json::from_str(&read("manifest.jsonld")).unwrap();
    let entries = manifest["entries"].as_array().unwrap();
    let (mut eval, mut map, mut negative) = (0, 0, 0);
    for entry in entries {
        let id = entry["id"].as_str().unwrap();
        let input = read(entry["action"].as_str().unwrap());
        let dataset = Dataset::from_nquads(&input).unwrap_or_else(|e| panic!("{id}: {e}"));
        let options = options_for(entry);
        match entry["type"].as_str().unwrap() {
            "rdfc:RDFC10EvalTest" => {
                let expected = read(entry["result"].as_str().unwrap());
                let got = rdfc::canonicalize_with(&dataset, &options).unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(got.nquads, expected, "{id}: canonical N-Quads differ");
                // Idempotence: the canonical form is its own canonical form.
                let again = rdfc::canonicalize_with(&Dataset::from_nquads(&got.nquads).unwrap(), &options).unwrap();
                assert_eq!(again.nquads, expected, "{id}: not idempotent");
                eval += 1;
            }
            "rdfc:RDFC10MapTest" => {
                let expected: BTreeMap<String, String> =
                    serde_json::from_str(&read(entry["result"].as_str().unwrap())).unwrap();
                let got = rdfc::canonicalize_with(&dataset, &options).unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(got.issued, expected, "{id}: canonical issuer map differs");
                map += 1;
            }
            "rdfc:RDFC10NegativeEvalTest" => {
                let started = std::time::Instant::now();
                let result = rdfc::canonicalize_with(&dataset, &options);
                assert!(
                    matches!(result, Err(Error::WorkLimitExceeded { limit }) if limit == rdfc::DEFAULT_WORK_LIMIT),
                    "{id}: expected the work limit to stop a poison graph, got {result:?}"
                );
                // Not a timing assertion: the limit must stop it, the elapsed time is only reported.
                eprintln!("{id}: stopped by the work limit after {:?}", started.elapsed());
                negative += 1;
            }
            other => panic!("{id}: unknown test type {other}"),
        }
    }
    assert_eq!((eval, map, negative), (64, 21, 1), "every test of the manifest ran");
}

#[test]
fn work_limit_is_configurable() {
    let input = read("rdfc10/test074-in.nq");
    let dataset = Dataset::from_nquads(&input).unwrap();
    let tight = Options::default().with_work_limit(10);
    assert_eq!(
        rdfc::canonicalize_with(&dataset, &tight).unwrap_err(),
        Error::WorkLimitExceeded { limit: 10 }
    );
    // A diamond (test020) needs a handful of steps; a limit of 10 lets it through.
    let diamond = Dataset::from_nquads(&read("rdfc10/test020-in.nq")).unwrap();
    assert_eq!(
        rdfc::canonicalize_with(&diamond, &tight).unwrap().nquads,
        read("rdfc10/test020-rdfc10.nq")
    );
}
