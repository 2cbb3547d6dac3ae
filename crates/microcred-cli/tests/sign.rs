//! CLI tests: keygen, did-web, sign, verify.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{microcred, microcred_in, stderr, stdout, workspace};

fn vector(relative: &str) -> PathBuf {
    workspace().join("crates/microcred-sign/tests/vectors").join(relative)
}

/// A fresh key in `dir`, and its did:key.
fn keygen(dir: &Path) -> (PathBuf, String) {
    let key = dir.join("issuer.pem");
    let output = microcred_in(dir, &["keygen", "--out", "issuer.pem"]);
    assert!(output.status.success(), "{}", stderr(&output));
    (key, stdout(&output).trim().to_owned())
}

/// The EDC sample with its issuer organisation replaced by `did`, written into `dir`.
fn edc_credential(dir: &Path, did: &str) -> PathBuf {
    let text = std::fs::read_to_string(vector("elm/Sample-MC-Annex1-unsigned.jsonld")).unwrap();
    let path = dir.join("credential.json");
    std::fs::write(&path, text.replace("\"urn:epass:org:1\"", &format!("\"{did}\""))).unwrap();
    path
}

fn small_credential(dir: &Path, issuer: &str) -> PathBuf {
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:student"}
    });
    let path = dir.join("small.json");
    std::fs::write(&path, credential.to_string()).unwrap();
    path
}

#[test]
fn keygen_writes_a_private_key_file_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let (key, did) = keygen(dir.path());
    assert!(did.starts_with("did:key:z6Mk"), "{did}");
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(text.starts_with("-----BEGIN PRIVATE KEY-----"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let again = microcred_in(dir.path(), &["keygen", "--out", "issuer.pem"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("refusing to overwrite"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&key).unwrap(), text);
    // The secret never reaches standard output.
    assert!(!stdout(&again).contains("PRIVATE"));
    let jwk = microcred_in(dir.path(), &["keygen", "--out", "k.jwk", "--format", "jwk"]);
    assert!(jwk.status.success());
    assert!(
        std::fs::read_to_string(dir.path().join("k.jwk"))
            .unwrap()
            .contains("\"crv\":\"Ed25519\"")
    );
}

#[test]
fn did_web_prints_the_did_document() {
    let dir = tempfile::tempdir().unwrap();
    let (key, did_key) = keygen(dir.path());
    let output = microcred(&["did-web", "--key", key.to_str().unwrap(), "--domain", "uni.example.edu"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let document: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(document["id"], "did:web:uni.example.edu");
    let multibase = did_key.strip_prefix("did:key:").unwrap();
    assert_eq!(document["verificationMethod"][0]["publicKeyMultibase"], multibase);
    assert_eq!(
        document["assertionMethod"][0],
        format!("did:web:uni.example.edu#{multibase}")
    );
    let bad = microcred(&["did-web", "--key", key.to_str().unwrap(), "--domain", "Not A Domain"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn sign_and_verify_the_edc_sample_in_both_suites() {
    let dir = tempfile::tempdir().unwrap();
    let (key, did) = keygen(dir.path());
    let credential = edc_credential(dir.path(), &did);
    for suite in ["eddsa-rdfc-2022", "eddsa-jcs-2022"] {
        let output = microcred(&[
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--suite",
            suite,
            credential.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{suite}: {}", stderr(&output));
        let signed: Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(signed["proof"]["cryptosuite"], suite);
        assert_eq!(signed["@context"][2], "https://w3id.org/security/data-integrity/v2");
        let signed_path = dir.path().join("signed.json");
        std::fs::write(&signed_path, stdout(&output)).unwrap();

        let verify = microcred(&["verify", signed_path.to_str().unwrap(), "--trust", &did, "--json"]);
        assert_eq!(verify.status.code(), Some(0), "{}{}", stdout(&verify), stderr(&verify));
        let report: Value = serde_json::from_str(&stdout(&verify)).unwrap();
        assert_eq!(report["valid"], true);
        let names: Vec<&str> = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["check"].as_str().unwrap())
            .collect();
        for name in [
            "well-formed",
            "proof-signature",
            "issuer-key",
            "proof-purpose",
            "proof-created",
            "validity-window",
            "trusted-issuer",
            "status",
        ] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }

        // Tampered: exit 1, and the text report says which check failed.
        let mut tampered = signed.clone();
        tampered["credentialSubject"]["id"] = json!("did:example:someone-else");
        let tampered_path = dir.path().join("tampered.json");
        std::fs::write(&tampered_path, tampered.to_string()).unwrap();
        let verify = microcred(&["verify", tampered_path.to_str().unwrap()]);
        assert_eq!(verify.status.code(), Some(1));
        assert!(stdout(&verify).contains("proof-signature  fail"), "{}", stdout(&verify));
        assert!(stdout(&verify).trim_end().ends_with("INVALID"));

        // Another issuer on the trust list: exit 1.
        let verify = microcred(&[
            "verify",
            signed_path.to_str().unwrap(),
            "--trust",
            "did:web:other.example",
        ]);
        assert_eq!(verify.status.code(), Some(1));
    }
}

#[test]
fn sign_refuses_a_credential_of_another_issuer() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = keygen(dir.path());
    let credential = small_credential(dir.path(), "did:web:someone-else.example");
    let output = microcred(&["sign", "--key", key.to_str().unwrap(), credential.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("does not control"), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
}

#[test]
fn sign_as_did_web_and_verify_with_its_document() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = keygen(dir.path());
    let key = key.to_str().unwrap();
    let document = microcred(&["did-web", "--key", key, "--domain", "uni.example.edu"]);
    let did_json = dir.path().join("did.json");
    std::fs::write(&did_json, stdout(&document)).unwrap();
    let credential = small_credential(dir.path(), "did:web:uni.example.edu");
    let output = microcred(&[
        "sign",
        "--key",
        key,
        "--did",
        "did:web:uni.example.edu",
        "--created",
        "2024-02-01T10:00:00Z",
        credential.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let signed = dir.path().join("signed.json");
    std::fs::write(&signed, stdout(&output)).unwrap();
    let without = microcred(&["verify", signed.to_str().unwrap()]);
    assert_eq!(without.status.code(), Some(1));
    let with = microcred(&[
        "verify",
        signed.to_str().unwrap(),
        "--did-document",
        did_json.to_str().unwrap(),
    ]);
    assert_eq!(with.status.code(), Some(0), "{}", stdout(&with));
    // Verified as of before `created`, the proof is from the future.
    let early = microcred(&[
        "verify",
        signed.to_str().unwrap(),
        "--did-document",
        did_json.to_str().unwrap(),
        "--now",
        "2024-01-15T00:00:00Z",
    ]);
    assert_eq!(early.status.code(), Some(1));
    assert!(stdout(&early).contains("proof-created    fail"), "{}", stdout(&early));
}

#[test]
fn verify_reports_jades_seals_and_their_expiry() {
    let sample = vector("elm/Sample-MC-Annex1-signed.jsonld");
    let output = microcred(&["verify", sample.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("seal-signature   pass"), "{text}");
    assert!(text.contains("seal-certificate fail"), "{text}");
    assert!(text.contains("expired at 2025-05-10T14:31:15Z"), "{text}");
    assert!(text.contains("CN=TEST SEAL"), "{text}");
    let output = microcred(&[
        "verify",
        sample.to_str().unwrap(),
        "--now",
        "2024-01-01T00:00:00Z",
        "--json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["valid"], true);
    assert_eq!(report["seal"]["not_after"], "2025-05-10T14:31:15Z");
}

#[test]
fn verify_unreadable_input_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = microcred(&["verify", dir.path().join("nope.json").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "{not json").unwrap();
    let output = microcred(&["verify", garbage.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not valid JSON"), "{}", stderr(&output));
    let bad_key = dir.path().join("bad.pem");
    std::fs::write(&bad_key, "hello").unwrap();
    let output = microcred(&["sign", "--key", bad_key.to_str().unwrap(), garbage.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
}
