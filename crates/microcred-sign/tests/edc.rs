//! Signing the EDC micro-credential sample (Annex I), with did:key and did:web, in both
//! suites; the edc-w3c envelope; errors at signing time.

use microcred_model::context::Envelope;
use microcred_sign::{
    CheckId, Cryptosuite, DataIntegrity, Did, KeySigner, OfflineResolver, Outcome, ProofOptions, SecretKey, SignError,
    Verifier,
};
use serde_json::{Value, json};

use crate::common::{at, text};

/// The sample with every reference to its issuer organisation replaced by `did`.
pub(crate) fn edc_sample(did: &str) -> Value {
    let text = text("elm/Sample-MC-Annex1-unsigned.jsonld").replace("\"urn:epass:org:1\"", &format!("\"{did}\""));
    serde_json::from_str(&text).unwrap()
}

fn key() -> SecretKey {
    SecretKey::from_seed(&[42; 32])
}

#[test]
fn edc_sample_signs_and_verifies_in_both_suites() {
    let di = DataIntegrity::new();
    let signer = KeySigner::did_key(key());
    let did = key().public_key().did_key();
    let credential = edc_sample(did.as_str());
    assert_eq!(credential["@context"], json!(Envelope::Edc.contexts()));
    for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
        let signed = di
            .sign_credential(&credential, &signer, &ProofOptions::new(suite, at(2023, 1, 2)))
            .unwrap();
        assert_eq!(signed["@context"], json!(Envelope::EdcW3c.contexts()), "{suite}");
        assert_eq!(signed["proof"]["cryptosuite"], suite.as_str());
        // Signing an owned credential (no copy) gives the same bytes (Ed25519 is deterministic).
        let owned = di
            .sign_credential_owned(credential.clone(), &signer, &ProofOptions::new(suite, at(2023, 1, 2)))
            .unwrap();
        assert_eq!(owned, signed, "{suite}");
        let resolver = OfflineResolver::new();
        let report = Verifier::new(&di, &resolver, at(2024, 6, 1))
            .trust(did.as_str())
            .verify(&signed);
        assert!(report.valid, "{suite}\n{report}");
        assert_eq!(report.outcome(CheckId::TrustedIssuer), Outcome::Pass);
        assert_eq!(report.outcome(CheckId::ValidityWindow), Outcome::Pass);
        // Before validFrom (2022-12-31T23:00:00Z) the credential is not yet valid.
        let early = Verifier::new(&di, &resolver, at(2022, 6, 1)).verify(&signed);
        assert_eq!(early.outcome(CheckId::ValidityWindow), Outcome::Fail);
    }
}

#[test]
fn edc_sample_signed_with_did_web() {
    let di = DataIntegrity::new();
    let did = Did::web("uni.example.edu").unwrap();
    let signer = KeySigner::for_did(key(), &did);
    let credential = edc_sample(did.as_str());
    let signed = di
        .sign_credential(
            &credential,
            &signer,
            &ProofOptions::new(Cryptosuite::EddsaRdfc2022, at(2023, 1, 2)),
        )
        .unwrap();
    // Without the did.json the key cannot be found; with it, everything passes.
    let report = Verifier::new(&di, &OfflineResolver::new(), at(2024, 1, 1)).verify(&signed);
    assert_eq!(report.outcome(CheckId::ProofSignature), Outcome::Fail);
    assert!(
        report
            .check(CheckId::ProofSignature)
            .unwrap()
            .reason
            .contains("did:web")
    );
    let mut resolver = OfflineResolver::new();
    resolver.add_document(did.document(&key().public_key())).unwrap();
    let report = Verifier::new(&di, &resolver, at(2024, 1, 1)).verify(&signed);
    assert!(report.valid, "{report}");
}

#[test]
fn signing_errors() {
    let di = DataIntegrity::new();
    let signer = KeySigner::did_key(key());
    let options = ProofOptions::new(Cryptosuite::EddsaRdfc2022, at(2023, 1, 2));
    // The issuer must be the signing key's DID.
    let credential = edc_sample("did:web:other.example.edu");
    assert!(matches!(
        di.sign_credential(&credential, &signer, &options),
        Err(SignError::IssuerMismatch { .. })
    ));
    let did = key().public_key().did_key();
    let base = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": did.as_str(),
        "credentialSubject": {"id": "did:example:s"}
    });
    // An unknown context is an error, never a fetch.
    let mut unknown = base.clone();
    unknown["@context"] = json!([
        "https://www.w3.org/ns/credentials/v2",
        "https://unknown.example/context.jsonld"
    ]);
    let error = di.sign_credential(&unknown, &signer, &options).unwrap_err();
    assert!(
        matches!(&error, SignError::Canonicalization { reason } if reason.contains("unknown.example")),
        "{error}"
    );
    // A term that does not expand (JSON-LD safe mode) is an error.
    let mut undefined = base.clone();
    undefined["credentialSubject"]["favouriteColour"] = json!("blue");
    let error = di.sign_credential(&undefined, &signer, &options).unwrap_err();
    assert!(
        matches!(&error, SignError::Canonicalization { reason } if reason.contains("favouriteColour")),
        "{error}"
    );
    // Not an object, no issuer.
    assert!(matches!(
        di.sign_credential(&json!([]), &signer, &options),
        Err(SignError::Document { .. })
    ));
    let mut no_issuer = base.clone();
    no_issuer.as_object_mut().unwrap().remove("issuer");
    assert!(
        matches!(di.sign_credential(&no_issuer, &signer, &options), Err(SignError::Document { path, .. }) if path == "$.issuer")
    );
    // A chain to a proof that is not there.
    let chained = options.clone().previous_proof("urn:uuid:missing");
    assert!(matches!(
        di.add_proof(&base, &signer, &chained),
        Err(SignError::MissingPreviousProof { .. })
    ));
}

#[test]
fn vc_v1_credentials_get_the_data_integrity_context() {
    let di = DataIntegrity::new();
    let signer = KeySigner::did_key(key());
    let did = key().public_key().did_key();
    let credential = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"],
        "issuer": {"id": did.as_str()},
        "issuanceDate": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:s"}
    });
    let signed = di
        .sign_credential(
            &credential,
            &signer,
            &ProofOptions::new(Cryptosuite::EddsaRdfc2022, at(2023, 1, 2)),
        )
        .unwrap();
    assert_eq!(
        signed["@context"],
        json!([
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/security/data-integrity/v2"
        ])
    );
    assert!(
        Verifier::new(&di, &OfflineResolver::new(), at(2024, 1, 1))
            .verify(&signed)
            .valid
    );
}
