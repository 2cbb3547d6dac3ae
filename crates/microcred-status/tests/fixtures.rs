//! The DCC and 1EdTech credentials checked against their status lists, read through a
//! `DirectoryResolver` over `tests/vectors/lists`.

use microcred_status::{
    CheckOptions, CredentialStatus, DirectoryResolver, FormatError, MemoryResolver, ResolveError, StatusChecker,
    StatusPurpose, UnknownStatus,
};
use serde_json::Value;

use crate::common::{self, ProofsNotChecked, RejectAll};

fn checker() -> StatusChecker<DirectoryResolver, ProofsNotChecked> {
    StatusChecker::new(
        DirectoryResolver::new(common::vectors().join("lists")),
        ProofsNotChecked,
    )
}

fn status(checker: &StatusChecker<DirectoryResolver, ProofsNotChecked>, credential: &str) -> CredentialStatus {
    checker
        .check_at(&common::json(credential), common::at("2026-06-01T00:00:00Z"))
        .status
}

#[test]
fn onedtech_revoked_credential_with_numeric_index() {
    let checker = checker();
    for file in [
        "credentials/1edtech/credential-status-revoked.json",
        "credentials/1edtech/credential-status-revoked-blank-nodes.json",
    ] {
        let report = checker.check_at(&common::json(file), common::at("2026-06-01T00:00:00Z"));
        assert_eq!(report.status, CredentialStatus::Revoked { message: None }, "{file}");
        let entry = report.entries[0].outcome.as_ref().unwrap();
        assert_eq!(
            (entry.index.get(), entry.value, entry.purpose),
            (23, 1, StatusPurpose::Revocation)
        );
    }
}

#[test]
fn dcc_credentials_from_another_issuer_are_unknown_by_default() {
    let checker = checker().with_options(CheckOptions::new().min_entries(100_000));
    for file in [
        "credentials/dcc/noRegistry-revokedStatus-noExpiry.json",
        "credentials/dcc/noRegistry-revokedStatus-notExpired.json",
        "credentials/dcc/twoOIDF-revoked-notExpired-badSchema.json",
        "credentials/dcc/twoOIDF-validStatus-expired.json",
    ] {
        match status(&checker, file) {
            CredentialStatus::Unknown(UnknownStatus::IssuerMismatch { list_issuer, .. }) => {
                assert_eq!(list_issuer, "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q");
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

#[test]
fn dcc_credentials_with_the_named_lenient_issuer_option() {
    let checker = checker().with_options(CheckOptions::new().min_entries(100_000).allow_foreign_list_issuer());
    let revoked = CredentialStatus::Revoked { message: None };
    assert_eq!(
        status(&checker, "credentials/dcc/noRegistry-revokedStatus-noExpiry.json"),
        revoked
    );
    assert_eq!(
        status(&checker, "credentials/dcc/noRegistry-revokedStatus-notExpired.json"),
        revoked
    );
    assert_eq!(
        status(&checker, "credentials/dcc/twoOIDF-revoked-notExpired-badSchema.json"),
        revoked
    );
    assert_eq!(
        status(&checker, "credentials/dcc/twoOIDF-validStatus-expired.json"),
        CredentialStatus::Valid
    );
}

#[test]
fn short_lists_fail_the_default_minimum() {
    let checker = checker().with_options(CheckOptions::new().allow_foreign_list_issuer());
    match status(&checker, "credentials/dcc/twoOIDF-validStatus-expired.json") {
        CredentialStatus::Unknown(UnknownStatus::ListTooShort {
            entries: 100_000,
            minimum: 131_072,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn dcc_broken_lists_are_unknown_each_for_its_reason() {
    let checker = checker().with_options(CheckOptions::new().min_entries(100_000));
    match status(&checker, "credentials/dcc/legacy-expiredStatus-noExpiry.json") {
        CredentialStatus::Unknown(UnknownStatus::Expired { valid_until, .. }) => {
            assert_eq!(valid_until, "2021-01-09T15:20:02.183Z")
        }
        other => panic!("expired: {other:?}"),
    }
    match status(&checker, "credentials/dcc/legacy-notYetValidStatus-noExpiry.json") {
        CredentialStatus::Unknown(UnknownStatus::NotYetValid { .. }) => {}
        other => panic!("notYetValid: {other:?}"),
    }
    match status(&checker, "credentials/dcc/legacy-missingTypeStatus-noExpiry.json") {
        CredentialStatus::Unknown(UnknownStatus::MalformedList {
            source: FormatError::InvalidValue { path, .. },
            ..
        }) => assert_eq!(path, "type"),
        other => panic!("missingType: {other:?}"),
    }
    // The proof stub accepts the tampered list; its encodedList still cannot be decoded.
    match status(&checker, "credentials/dcc/legacy-tamperedStatus-noExpiry.json") {
        CredentialStatus::Unknown(UnknownStatus::MalformedList {
            source: FormatError::EncodedList { path, .. },
            ..
        }) => {
            assert_eq!(path, "credentialSubject.encodedList");
        }
        other => panic!("tampered: {other:?}"),
    }
    // With a verifier that rejects the proof, the proof failure comes first.
    let strict = StatusChecker::new(DirectoryResolver::new(common::vectors().join("lists")), RejectAll);
    let report = strict.check_at(
        &common::json("credentials/dcc/legacy-tamperedStatus-noExpiry.json"),
        common::at("2026-06-01T00:00:00Z"),
    );
    assert!(
        matches!(
            report.status,
            CredentialStatus::Unknown(UnknownStatus::ProofRejected { .. })
        ),
        "{report:?}"
    );
}

#[test]
fn unsigned_missing_and_mismatched_lists_are_unknown() {
    let list: Value = common::json(
        "lists/raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist.json",
    );
    let mut credential = common::json("credentials/1edtech/credential-status-revoked.json");
    let url = credential["credentialStatus"]["statusListCredential"]
        .as_str()
        .unwrap()
        .to_owned();
    let now = common::at("2026-06-01T00:00:00Z");

    let empty = StatusChecker::new(MemoryResolver::new(), ProofsNotChecked);
    assert!(matches!(
        empty.check_at(&credential, now).status,
        CredentialStatus::Unknown(UnknownStatus::Unavailable(ResolveError::NotFound { .. }))
    ));

    let mut unsigned = list.clone();
    unsigned.as_object_mut().unwrap().remove("proof");
    let mut resolver = MemoryResolver::new();
    resolver.insert(&url, unsigned);
    let checker = StatusChecker::new(resolver, ProofsNotChecked);
    assert!(matches!(
        checker.check_at(&credential, now).status,
        CredentialStatus::Unknown(UnknownStatus::Unsigned { .. })
    ));

    let mut resolver = MemoryResolver::new();
    resolver.insert(&url, list);
    let checker = StatusChecker::new(resolver, ProofsNotChecked);
    credential["credentialStatus"]["statusPurpose"] = "suspension".into();
    assert!(matches!(
        checker.check_at(&credential, now).status,
        CredentialStatus::Unknown(UnknownStatus::PurposeMismatch { .. })
    ));
    credential["credentialStatus"]["statusPurpose"] = "revocation".into();
    credential["credentialStatus"]["statusListIndex"] = "131072".into();
    assert!(matches!(
        checker.check_at(&credential, now).status,
        CredentialStatus::Unknown(UnknownStatus::IndexOutOfRange { .. })
    ));
    credential["credentialStatus"]["statusListIndex"] = "22".into();
    assert_eq!(checker.check_at(&credential, now).status, CredentialStatus::Valid);
    credential["credentialStatus"]["statusListIndex"] = "twenty-two".into();
    assert!(matches!(
        checker.check_at(&credential, now).status,
        CredentialStatus::Unknown(UnknownStatus::MalformedEntry(_))
    ));
    credential.as_object_mut().unwrap().remove("credentialStatus");
    assert_eq!(checker.check_at(&credential, now).status, CredentialStatus::NoStatus);
}

#[test]
fn directory_resolver_rejects_traversal_before_touching_the_disk() {
    let resolver = DirectoryResolver::new(common::vectors().join("lists"));
    let credential = serde_json::json!({
        "issuer": "did:example:x",
        "credentialStatus": {
            "type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "1",
            "statusListCredential": "https://example.com/../../vectors"
        }
    });
    let report = StatusChecker::new(resolver, ProofsNotChecked).check(&credential);
    assert!(matches!(
        report.status,
        CredentialStatus::Unknown(UnknownStatus::Unavailable(ResolveError::UnsupportedUrl { .. }))
    ));
}
