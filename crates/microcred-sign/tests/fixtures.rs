//! Signed fixtures from Open Badges and Bitstring Status List test suites verify; the tampered
//! status list does not.

use microcred_sign::{CheckId, DataIntegrity, Outcome, ProofError, Verifier};

use crate::common::{at, json, resolver_with};

/// HTTPS key ids used by the 1EdTech fixtures (their fragment is the Multikey).
const ONE_ED_TECH_KEYS: &[&str] = &[
    "https://1edtech.edu/issuers/565049#z6Mknyb2Gb4NxzW3xSr9ChTtdQZ1zs77piQ3r9SaJ9vMzmrs",
    "https://example.com/issuers/876543#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
    "https://1edtech.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
];

const VALID: &[&str] = &[
    "openbadges/1edtech-validator/ob30/complete.json",
    "openbadges/1edtech-validator/ob30/simple.json",
    "openbadges/dcc-vc-test-fixtures/verifiableCredentials/v2/dataIntegrityProof/didKey/legacyRegistry-noStatus-noExpiry-OBSpecExample.json",
    "bitstring-status-list/1edtech-validator/bit-string-list/testlist.json",
    "bitstring-status-list/1edtech-validator/bit-string-list/credential-status-revoked.json",
    "bitstring-status-list/1edtech-validator/bit-string-list/credential-status-revoked-blank-nodes.json",
    "bitstring-status-list/dcc-vc-test-fixtures/statusLists/didkey-ed25519Signature2020/e5WK8CbZ1GjycuPombrj.json",
    "bitstring-status-list/dcc-vc-test-fixtures/statusLists/didkey-ed25519Signature2020/expired.json",
    "bitstring-status-list/dcc-vc-test-fixtures/statusLists/didkey-ed25519Signature2020/missingBitStringType.json",
    "bitstring-status-list/dcc-vc-test-fixtures/statusLists/didkey-ed25519Signature2020/notYetValid.json",
    "bitstring-status-list/dcc-vc-test-fixtures/verifiableCredentials/v2/dataIntegrityProof/didKey/noRegistry-revokedStatus-noExpiry.json",
    "bitstring-status-list/dcc-vc-test-fixtures/verifiableCredentials/v2/dataIntegrityProof/didKey/twoOIDF-validStatus-expired.json",
    "bitstring-status-list/dcc-vc-test-fixtures/verifiableCredentials/v2/dataIntegrityProof/didKey/twoOIDF-revoked-notExpired-badSchema.json",
    "bitstring-status-list/dcc-vc-test-fixtures/verifiableCredentials/v2/ed25519/didKey/legacy-tamperedStatus-noExpiry.json",
    "bitstring-status-list/dcc-vc-test-fixtures/verifiableCredentials/v2/ed25519/didKey/legacy-expiredStatus-noExpiry.json",
    "bitstring-status-list/dcc-vc-test-fixtures/verifiableCredentials/v2/ed25519/didKey/noRegistry-revokedStatus-notExpired.json",
    "bitstring-status-list/dcc-vc-test-fixtures/verifiableCredentials/v2/ed25519/didKey/legacy-missingTypeStatus-noExpiry.json",
    "bitstring-status-list/dcc-vc-test-fixtures/verifiableCredentials/v2/ed25519/didKey/legacy-notYetValidStatus-noExpiry.json",
];

#[test]
fn signed_fixtures_verify() {
    let di = DataIntegrity::new();
    let resolver = resolver_with(ONE_ED_TECH_KEYS);
    for path in VALID {
        let document = json(path);
        let results = di.verify_proofs(&document, &resolver);
        assert_eq!(results.len(), 1, "{path}");
        assert!(results[0].is_ok(), "{path}: {:?}", results[0]);
        let report = Verifier::new(&di, &resolver, at(2026, 1, 1)).verify(&document);
        assert_eq!(
            report.outcome(CheckId::ProofSignature),
            Outcome::Pass,
            "{path}\n{report}"
        );
        assert_eq!(report.outcome(CheckId::IssuerKey), Outcome::Pass, "{path}\n{report}");
        assert_eq!(report.outcome(CheckId::ProofPurpose), Outcome::Pass, "{path}\n{report}");
    }
}

#[test]
fn tampered_status_list_fails() {
    let di = DataIntegrity::new();
    let document =
        json("bitstring-status-list/dcc-vc-test-fixtures/statusLists/didkey-ed25519Signature2020/tampered.json");
    let results = di.verify_proofs(&document, &resolver_with(&[]));
    assert!(
        matches!(results[0], Err(ProofError::BadSignature { .. })),
        "{:?}",
        results[0]
    );
    let report = Verifier::new(&di, &resolver_with(&[]), at(2026, 1, 1)).verify(&document);
    assert!(!report.valid);
    assert_eq!(report.outcome(CheckId::ProofSignature), Outcome::Fail);
}

#[test]
fn validity_windows_of_fixtures() {
    let di = DataIntegrity::new();
    let resolver = resolver_with(&[]);
    let base = "bitstring-status-list/dcc-vc-test-fixtures/";
    let expired = json(&format!(
        "{base}verifiableCredentials/v2/dataIntegrityProof/didKey/twoOIDF-validStatus-expired.json"
    ));
    let report = Verifier::new(&di, &resolver, at(2026, 1, 1)).verify(&expired);
    assert_eq!(report.outcome(CheckId::ValidityWindow), Outcome::Fail);
    assert!(!report.valid);
    let not_yet = json(&format!(
        "{base}statusLists/didkey-ed25519Signature2020/notYetValid.json"
    ));
    let report = Verifier::new(&di, &resolver, at(2026, 1, 1)).verify(&not_yet);
    assert_eq!(report.outcome(CheckId::ValidityWindow), Outcome::Fail);
    let current = json(&format!(
        "{base}verifiableCredentials/v2/ed25519/didKey/noRegistry-revokedStatus-notExpired.json"
    ));
    let report = Verifier::new(&di, &resolver, at(2026, 1, 1)).verify(&current);
    assert!(report.valid, "{report}");
}
