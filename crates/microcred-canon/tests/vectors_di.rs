//! Byte-exact canonical forms of the W3C vc-di-eddsa and 1EdTech Open Badges / CLR vectors.

use std::path::{Path, PathBuf};

use microcred_canon::{ContextStore, JsonLdProcessor, jcs};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

pub(crate) fn read(rel: &str) -> String {
    std::fs::read_to_string(dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub(crate) fn json(rel: &str) -> Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn hex_sha256(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn processor() -> JsonLdProcessor {
    JsonLdProcessor::new(ContextStore::bundled())
}

#[test]
fn eddsa_rdfc_2022_document_and_proof() {
    let p = processor();
    for (doc, folder) in [
        ("unsigned.json", "eddsa-rdfc-2022"),
        ("employmentAuth.json", "eddsa-rdfc-2022/employ"),
    ] {
        let canon = p.canonicalize(&json(&format!("vc-di-eddsa/{doc}"))).unwrap();
        assert_eq!(
            canon,
            read(&format!("vc-di-eddsa/{folder}/canonDocDataInt.txt")),
            "{folder}: document"
        );
        assert_eq!(
            hex_sha256(&canon),
            read(&format!("vc-di-eddsa/{folder}/docHashDataInt.txt"))
        );
        let proof = p
            .canonicalize(&json(&format!("vc-di-eddsa/{folder}/proofConfigDataInt.json")))
            .unwrap();
        assert_eq!(
            proof,
            read(&format!("vc-di-eddsa/{folder}/proofCanonDataInt.txt")),
            "{folder}: proof"
        );
        assert_eq!(
            hex_sha256(&proof),
            read(&format!("vc-di-eddsa/{folder}/proofHashDataInt.txt"))
        );
    }
}

#[test]
fn ed25519_signature_2020_document_and_proof() {
    let p = processor();
    let canon = p.canonicalize(&json("vc-di-eddsa/unsigned.json")).unwrap();
    assert_eq!(canon, read("vc-di-eddsa/Ed25519Signature2020/canonDocEdSig.txt"));
    let proof = p
        .canonicalize(&json("vc-di-eddsa/Ed25519Signature2020/proofConfigEdSig.json"))
        .unwrap();
    assert_eq!(proof, read("vc-di-eddsa/Ed25519Signature2020/proofCanonEdSig.txt"));
    assert_eq!(
        hex_sha256(&proof),
        read("vc-di-eddsa/Ed25519Signature2020/proofHashEdSig.txt")
    );
}

#[test]
fn eddsa_jcs_2022_document_and_proof() {
    let canon = jcs(&json("vc-di-eddsa/unsigned.json")).unwrap();
    assert_eq!(canon, read("vc-di-eddsa/eddsa-jcs-2022/canonDocJCS.txt"));
    assert_eq!(hex_sha256(&canon), read("vc-di-eddsa/eddsa-jcs-2022/docHashJCS.txt"));
    let proof = jcs(&json("vc-di-eddsa/eddsa-jcs-2022/proofConfigJCS.json")).unwrap();
    assert_eq!(proof, read("vc-di-eddsa/eddsa-jcs-2022/proofCanonJCS.txt"));
    assert_eq!(hex_sha256(&proof), read("vc-di-eddsa/eddsa-jcs-2022/proofHashJCS.txt"));
}

#[test]
fn open_badges_and_clr_vectors() {
    let p = processor();
    let vectors = json("openbadges/ldp-test-vectors.json");
    let mut count = 0;
    for v in vectors["vectors"].as_array().unwrap() {
        let name = v["name"].as_str().unwrap();
        let credential = &v["credential"];
        let canon = p.canonicalize(credential).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            canon,
            read(&format!("openbadges/test-vectors/{name}/document-canon.txt")),
            "{name}: document"
        );
        assert_eq!(hex_sha256(&canon), v["documentHashHex"].as_str().unwrap());
        let mut options = v["proofOptions"].clone();
        options["@context"] = credential["@context"].clone();
        let proof = p.canonicalize(&options).unwrap();
        assert_eq!(
            proof,
            read(&format!("openbadges/test-vectors/{name}/proof-canon.txt")),
            "{name}: proof"
        );
        assert_eq!(hex_sha256(&proof), v["proofHashHex"].as_str().unwrap());
        count += 1;
    }
    assert_eq!(count, 2);
}
