//! The verification report: each check passes, fails or does not apply, with a reason.

use chrono::{DateTime, Utc};
use microcred_sign::{
    CheckId, CheckOutcome, Conformance, Cryptosuite, DataIntegrity, KeySigner, OfflineResolver, Outcome, ProofOptions,
    ProofPurpose, SecretKey, VerificationMethod, Verifier,
};
use serde_json::{Value, json};

use crate::common::at;

fn issuer_key() -> SecretKey {
    SecretKey::from_seed(&[9; 32])
}

fn credential(issuer: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": {"id": issuer, "name": "Example University"},
        "validFrom": "2024-01-01T00:00:00Z",
        "validUntil": "2030-01-01T00:00:00Z",
        "credentialStatus": {"id": "https://uni.example.edu/status/1#5", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": "5",
            "statusListCredential": "https://uni.example.edu/status/1"},
        "credentialSubject": {"id": "did:example:student"}
    })
}

fn signed_with(options: ProofOptions) -> Value {
    let key = issuer_key();
    let did = key.public_key().did_key();
    DataIntegrity::new()
        .sign_credential(&credential(did.as_str()), &KeySigner::did_key(key), &options)
        .unwrap()
}

fn signed() -> Value {
    signed_with(ProofOptions::new(Cryptosuite::EddsaRdfc2022, at(2024, 1, 2)))
}

fn outcomes(report: &microcred_sign::VerificationReport) -> Vec<(CheckId, Outcome)> {
    report.checks.iter().map(|c| (c.check, c.outcome)).collect()
}

#[test]
fn a_good_credential_passes_every_applicable_check() {
    let di = DataIntegrity::new();
    let resolver = OfflineResolver::new();
    let report = Verifier::new(&di, &resolver, at(2025, 1, 1)).verify(&signed());
    assert!(report.valid, "{report}");
    use CheckId as C;
    use Outcome::{NotApplicable as Na, Pass};
    assert_eq!(
        outcomes(&report),
        vec![
            (C::WellFormed, Pass),
            (C::ProofSignature, Pass),
            (C::IssuerKey, Pass),
            (C::ProofPurpose, Pass),
            (C::ProofCreated, Pass),
            (C::ProofExpires, Na),
            (C::ValidityWindow, Pass),
            (C::TrustedIssuer, Na),
            (C::Status, Na),
        ]
    );
    for check in &report.checks {
        assert!(!check.reason.is_empty(), "{:?}", check.check);
    }
    let json = report.to_json();
    assert_eq!(json["valid"], true);
    assert_eq!(json["checks"][1]["check"], "proof-signature");
    assert_eq!(json["checks"][1]["outcome"], "pass");
    assert_eq!(json["checks"][8]["outcome"], "not-applicable");
}

#[test]
fn key_not_controlled_by_the_issuer() {
    // Signed by a key whose DID is not the issuer (an attacker re-signing a credential).
    let attacker = SecretKey::from_seed(&[66; 32]);
    let victim = issuer_key().public_key().did_key();
    let di = DataIntegrity::new();
    let forged = di
        .add_proof(
            &credential(victim.as_str()),
            &KeySigner::did_key(attacker),
            &ProofOptions::new(Cryptosuite::EddsaRdfc2022, at(2024, 1, 2)),
        )
        .unwrap();
    let report = Verifier::new(&di, &OfflineResolver::new(), at(2025, 1, 1)).verify(&forged);
    assert_eq!(report.outcome(CheckId::ProofSignature), Outcome::Pass);
    assert_eq!(report.outcome(CheckId::IssuerKey), Outcome::Fail);
    assert!(!report.valid);
}

#[test]
fn proof_purpose_must_be_authorized() {
    let key = issuer_key();
    let vm = "https://uni.example.edu/keys#1";
    let di = DataIntegrity::new();
    let signed = di
        .add_proof(
            &credential("https://uni.example.edu"),
            &KeySigner::with_verification_method(key.clone(), vm),
            &ProofOptions::new(Cryptosuite::EddsaJcs2022, at(2024, 1, 2)),
        )
        .unwrap();
    let mut resolver = OfflineResolver::new();
    resolver.add_method(VerificationMethod {
        id: vm.into(),
        controller: "https://uni.example.edu".into(),
        public_key: key.public_key(),
        purposes: vec![ProofPurpose::Authentication],
    });
    let report = Verifier::new(&di, &resolver, at(2025, 1, 1)).verify(&signed);
    assert_eq!(report.outcome(CheckId::IssuerKey), Outcome::Pass);
    assert_eq!(report.outcome(CheckId::ProofPurpose), Outcome::Fail, "{report}");
    assert!(!report.valid);
}

#[test]
fn times_are_checked_against_the_given_clock() {
    let di = DataIntegrity::new();
    let resolver = OfflineResolver::new();
    let signed = signed_with(ProofOptions::new(Cryptosuite::EddsaRdfc2022, at(2024, 6, 1)).expires(at(2026, 1, 1)));
    let check = |now: DateTime<Utc>| Verifier::new(&di, &resolver, now).verify(&signed);
    let before_created = check(at(2024, 5, 1));
    assert_eq!(before_created.outcome(CheckId::ProofCreated), Outcome::Fail);
    assert!(!before_created.valid);
    let fine = check(at(2025, 1, 1));
    assert!(fine.valid, "{fine}");
    assert_eq!(fine.outcome(CheckId::ProofExpires), Outcome::Pass);
    let expired = check(at(2026, 6, 1));
    assert_eq!(expired.outcome(CheckId::ProofExpires), Outcome::Fail);
    let after = check(at(2031, 1, 1));
    assert_eq!(after.outcome(CheckId::ValidityWindow), Outcome::Fail);
    assert!(
        after
            .check(CheckId::ValidityWindow)
            .unwrap()
            .reason
            .contains("validUntil")
    );
}

#[test]
fn trust_list_status_and_conformance_hooks() {
    let di = DataIntegrity::new();
    let resolver = OfflineResolver::new();
    let signed = signed();
    let issuer = issuer_key().public_key().did_key();
    let now = at(2025, 1, 1);

    let trusted = Verifier::new(&di, &resolver, now)
        .trust(issuer.as_str())
        .verify(&signed);
    assert_eq!(trusted.outcome(CheckId::TrustedIssuer), Outcome::Pass);
    let untrusted = Verifier::new(&di, &resolver, now)
        .trust("did:web:other.example")
        .verify(&signed);
    assert_eq!(untrusted.outcome(CheckId::TrustedIssuer), Outcome::Fail);
    assert!(!untrusted.valid);

    // A status checker (as the status-list crate provides through the facade or the CLI).
    let revoked = |credential: &Value, _now: DateTime<Utc>| {
        let index = credential["credentialStatus"]["statusListIndex"]
            .as_str()
            .unwrap_or_default();
        CheckOutcome::fail(format!("revoked (index {index} is set)"))
    };
    let report = Verifier::new(&di, &resolver, now)
        .status_checker(&revoked)
        .verify(&signed);
    assert_eq!(report.outcome(CheckId::Status), Outcome::Fail);
    assert!(report.check(CheckId::Status).unwrap().reason.contains("index 5"));
    assert!(!report.valid);
    let report = Verifier::new(&di, &resolver, now)
        .status_outcome(CheckOutcome::pass("not revoked"))
        .verify(&signed);
    assert_eq!(report.outcome(CheckId::Status), Outcome::Pass);
    assert!(report.valid);

    // Annex I conformance is reported beside the checks and does not decide validity.
    let annex = |_: &Value| Conformance {
        profile: "annex-i".into(),
        conformant: false,
        findings: vec!["$.credentialSubject.hasClaim: missing learning outcomes".into()],
    };
    let report = Verifier::new(&di, &resolver, now).conformance(&annex).verify(&signed);
    assert!(report.valid);
    assert!(!report.conformance.as_ref().unwrap().conformant);
    assert!(report.to_string().contains("does not affect validity"));
    assert_eq!(report.to_json()["conformance"]["profile"], "annex-i");
}

#[test]
fn malformed_and_unsigned_credentials() {
    let di = DataIntegrity::new();
    let resolver = OfflineResolver::new();
    let now = at(2025, 1, 1);
    let unsigned = credential("did:example:issuer");
    let report = Verifier::new(&di, &resolver, now).verify(&unsigned);
    assert_eq!(report.outcome(CheckId::WellFormed), Outcome::Fail);
    assert_eq!(report.outcome(CheckId::ProofSignature), Outcome::Fail);
    assert!(!report.valid);
    for bad in [
        json!(null),
        json!("text"),
        json!({"proof": 1}),
        json!({"@context": [], "proof": []}),
    ] {
        let report = Verifier::new(&di, &resolver, now).verify(&bad);
        assert!(!report.valid);
        assert_eq!(report.outcome(CheckId::WellFormed), Outcome::Fail);
    }
    // An unknown suite and a bad proofValue are failures with a path.
    let mut other = signed();
    other["proof"]["cryptosuite"] = json!("ecdsa-rdfc-2019");
    let report = Verifier::new(&di, &resolver, now).verify(&other);
    assert!(
        report
            .check(CheckId::ProofSignature)
            .unwrap()
            .reason
            .contains("ecdsa-rdfc-2019")
    );
    let mut garbled = signed();
    garbled["proof"]["proofValue"] = json!("not-multibase");
    let report = Verifier::new(&di, &resolver, now).verify(&garbled);
    assert!(
        report
            .check(CheckId::ProofSignature)
            .unwrap()
            .reason
            .contains("$.proof.proofValue")
    );
}
