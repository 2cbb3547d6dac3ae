//! Europass EDC (ELM v3) credentials: context combinations and the big samples.

use microcred_canon::{ContextStore, Error, JsonLdProcessor};
use serde_json::json;

use crate::vectors_di::{json, processor, read};

/// Both ELM samples give exactly the canonical N-Quads of an independent implementation
/// (pyld 3.3.0, URDNA2015, safe mode, fed only with our bundled contexts; see
/// tests/support/pyld_canon.py and tests/vectors/README.md).
#[test]
fn edc_samples_match_pyld_in_safe_mode() {
    let p = processor();
    for (name, min_quads) in [("Sample-MC-Annex1-unsigned", 250), ("Sample-CertOfPart-unsigned", 100)] {
        let canon = p
            .canonicalize(&json(&format!("elm/{name}.jsonld")))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(canon.lines().count() > min_quads, "{name}");
        assert_eq!(
            canon,
            read(&format!("elm/{name}.pyld-canon.nq")),
            "{name}: differs from pyld"
        );
    }
}

#[test]
fn vc_v2_with_edc_ap_is_a_protected_term_redefinition() {
    let doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "http://data.europa.eu/snb/model/context/edc-ap"],
        "type": ["VerifiableCredential"],
        "credentialSubject": {"id": "did:example:s"}
    });
    let err = processor().canonicalize(&doc).unwrap_err();
    match &err {
        Error::ProtectedTermRedefinition { term, path } => {
            assert_eq!(term, "description");
            assert!(path.contains("edc-ap"), "{path}");
        }
        other => panic!("expected a protected term redefinition, got {other:?}"),
    }
    assert!(err.to_string().starts_with("protected term redefinition"), "{err}");
}

#[test]
fn edc_w3c_envelope_with_status_and_proof_works() {
    let mut doc = json("elm/Sample-CertOfPart-unsigned.jsonld");
    doc["@context"] = json!([
        microcred_model::context::CREDENTIALS_V1,
        microcred_model::context::EDC_AP,
        microcred_model::context::DATA_INTEGRITY_V2,
        microcred_model::context::BITSTRING_STATUS_LIST_V1,
    ]);
    doc["credentialStatus"] = json!({
        "id": "https://university.example/status/3#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": "https://university.example/status/3"
    });
    let p = processor();
    let canon = p.canonicalize(&doc).unwrap();
    assert!(canon.contains(
        "<https://university.example/status/3#94567> <https://www.w3.org/ns/credentials/status#statusListIndex> \"94567\" .\n"
    ));
    // The proof configuration of eddsa-rdfc-2022 with the same contexts.
    let proof = json!({
        "@context": doc["@context"].clone(),
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-01-01T00:00:00Z",
        "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "proofPurpose": "assertionMethod"
    });
    let proof_canon = p.canonicalize(&proof).unwrap();
    assert!(proof_canon.contains(
        "<https://w3id.org/security#cryptosuite> \"eddsa-rdfc-2022\"^^<https://w3id.org/security#cryptosuiteString>"
    ));
}

#[test]
fn bundled_elm_contexts_equal_the_model_crates() {
    let store = ContextStore::bundled();
    for (url, text) in [
        (
            microcred_model::context::EDC_AP,
            microcred_model::context::EDC_AP_DOCUMENT,
        ),
        (
            microcred_model::context::CREDENTIALS_V1,
            microcred_model::context::CREDENTIALS_V1_DOCUMENT,
        ),
    ] {
        let ours = microcred_canon::BUNDLED
            .iter()
            .find(|(u, _)| *u == url)
            .map(|(_, t)| *t)
            .unwrap();
        assert_eq!(
            ours, text,
            "{url}: the copy in contexts/ differs from microcred-model's"
        );
        assert!(store.contains(url));
    }
}

#[test]
fn unknown_context_names_the_url_and_path() {
    let doc = json!({"@context": [microcred_canon::CREDENTIALS_V1, "https://elsewhere.example/ctx"], "id": "urn:x"});
    let err = processor().canonicalize(&doc).unwrap_err();
    assert_eq!(
        err,
        Error::UnknownContext {
            url: "https://elsewhere.example/ctx".into(),
            path: "$.@context[1]".into()
        }
    );
    // Callers can add their own context and then it works.
    let mut store = ContextStore::bundled();
    store
        .insert(
            "https://elsewhere.example/ctx",
            json!({"@context": {"x": "https://elsewhere.example/x"}}),
        )
        .unwrap();
    let p = JsonLdProcessor::new(store);
    let ok =
        json!({"@context": [microcred_canon::CREDENTIALS_V1, "https://elsewhere.example/ctx"], "id": "urn:x", "x": 1});
    assert_eq!(
        p.canonicalize(&ok).unwrap(),
        "<urn:x> <https://elsewhere.example/x> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
    );
}
