//! CLI tests: status.

use std::path::Path;

use serde_json::Value;

use crate::common::{microcred, microcred_in, stderr, stdout};

/// The vc-di-eddsa test key (w3c/vc-di-eddsa TestVectors/keyPair.json).
const KEY: &str = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
const DID: &str = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
/// A 131,072-bit list with bit 23 set (1EdTech validator `testlist`).
const TESTLIST: &str = "uH4sIAAAAAAAA_-3BMQEAAAzDoMy_6cnoA9QFAAAAAAAAAAAAAAAAAAAAbD3uPa2cAEAAAA";

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn inspect_json(dir: &Path, list: &str, extra: &[&str]) -> Value {
    let mut args = vec!["status", "inspect", list, "--json"];
    args.extend_from_slice(extra);
    let output = microcred_in(dir, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

#[test]
fn inspect_an_encoded_list_and_a_list_credential() {
    let report = inspect_json(Path::new("."), TESTLIST, &[]);
    assert_eq!(report["length"], 131_072);
    assert_eq!(report["setIndices"], serde_json::json!([23]));
    let output = microcred(&[
        "status",
        "inspect",
        "crates/microcred-status/tests/vectors/lists/digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/e5WK8CbZ1GjycuPombrj.json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("length: 100000 bits"), "{text}");
    assert!(text.contains("set (3): 2 6 8"), "{text}");
    assert!(
        text.contains("issuer: did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"),
        "{text}"
    );
}

#[test]
fn inspect_rejects_undecodable_lists_with_exit_code_2() {
    for (value, fragment) in [
        ("uH4sIAAAAAAAAA-I-CHANGED-THISAAwFwBZnztF9QwAAA", "not base64url"),
        ("uBAAAAAADLIST", "not valid GZIP"),
        ("no-such-file.json", "no such file"),
    ] {
        let output = microcred(&["status", "inspect", value]);
        assert_eq!(output.status.code(), Some(2), "{value}");
        assert!(stderr(&output).contains(fragment), "{value}: {}", stderr(&output));
    }
}

#[test]
fn encode_then_inspect_multi_bit_values() {
    let output = microcred(&[
        "status",
        "encode",
        "--length",
        "131072",
        "--status-size",
        "2",
        "--set",
        "5=3,65535=1",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let encoded = stdout(&output).trim().to_owned();
    let report = inspect_json(Path::new("."), &encoded, &["--status-size", "2"]);
    assert_eq!(report["entries"], 65_536);
    assert_eq!(report["setIndices"], serde_json::json!([5, 65_535]));
    assert_eq!(
        report["values"],
        serde_json::json!([{"index": 5, "value": 3}, {"index": 65_535, "value": 1}])
    );
    let output = microcred(&["status", "encode", "--length", "16", "--set", "16"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn new_set_clear_sign_and_rewrite_the_list() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("key.txt"), KEY).unwrap();
    let sign = ["--key", "key.txt", "--suite", "eddsa-jcs-2022"];
    let mut args = vec![
        "status",
        "new",
        "--purpose",
        "suspension",
        "--url",
        "https://uni.example/status/s1",
        "--ttl",
        "60000",
    ];
    args.extend_from_slice(&["--valid-days", "7", "--out", "list.json"]);
    args.extend_from_slice(&sign);
    let output = microcred_in(dir.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let list = read(&dir.path().join("list.json"));
    assert_eq!(list["issuer"], DID);
    assert_eq!(list["id"], "https://uni.example/status/s1");
    assert_eq!(
        list["type"],
        serde_json::json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    assert_eq!(list["credentialSubject"]["ttl"], 60_000);
    assert_eq!(list["proof"]["cryptosuite"], "eddsa-jcs-2022");
    assert_eq!(
        list["proof"]["verificationMethod"],
        format!("{DID}#{}", DID.trim_start_matches("did:key:"))
    );
    assert_eq!(
        inspect_json(dir.path(), "list.json", &[])["setIndices"],
        serde_json::json!([])
    );

    let mut args = vec!["status", "set", "list.json", "4711"];
    args.extend_from_slice(&sign);
    let output = microcred_in(dir.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let after = read(&dir.path().join("list.json"));
    assert_ne!(after["proof"]["proofValue"], list["proof"]["proofValue"], "re-signed");
    assert_eq!(
        inspect_json(dir.path(), "list.json", &[])["setIndices"],
        serde_json::json!([4711])
    );
    // Setting it twice is an error and leaves the file alone.
    let output = microcred_in(dir.path(), &args);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("already suspended"), "{}", stderr(&output));

    let mut args = vec!["status", "clear", "list.json", "4711"];
    args.extend_from_slice(&sign);
    let output = microcred_in(dir.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        inspect_json(dir.path(), "list.json", &[])["setIndices"],
        serde_json::json!([])
    );
}

#[test]
fn revocation_cannot_be_cleared_and_other_keys_cannot_sign() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("key.txt"), KEY).unwrap();
    // The vc-di-eddsa proof-set-chain key pair 1 (a different key).
    std::fs::write(
        dir.path().join("other.txt"),
        "z3u2W4YnTstS1nSSBAgZcYSJF43JuZ9uLV6bF38B1Bf8NugW",
    )
    .unwrap();
    let sign = ["--key", "key.txt", "--suite", "eddsa-jcs-2022"];
    let mut args = vec![
        "status",
        "new",
        "--purpose",
        "revocation",
        "--url",
        "https://uni.example/status/r1",
        "--out",
        "list.json",
    ];
    args.extend_from_slice(&sign);
    assert!(microcred_in(dir.path(), &args).status.success());
    let mut args = vec!["status", "set", "list.json", "131071"];
    args.extend_from_slice(&sign);
    assert!(microcred_in(dir.path(), &args).status.success());
    let before = std::fs::read(dir.path().join("list.json")).unwrap();
    let mut args = vec!["status", "clear", "list.json", "131071"];
    args.extend_from_slice(&sign);
    let output = microcred_in(dir.path(), &args);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("revocation cannot be undone"),
        "{}",
        stderr(&output)
    );
    let output = microcred_in(
        dir.path(),
        &[
            "status",
            "set",
            "list.json",
            "1",
            "--key",
            "other.txt",
            "--suite",
            "eddsa-jcs-2022",
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = microcred_in(
        dir.path(),
        &[
            "status",
            "set",
            "list.json",
            "131072",
            "--key",
            "key.txt",
            "--suite",
            "eddsa-jcs-2022",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("out of range"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(dir.path().join("list.json")).unwrap(),
        before,
        "failed changes leave the file as it was"
    );
}
