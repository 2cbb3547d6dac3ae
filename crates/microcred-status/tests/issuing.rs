//! The issuer's path end to end: allocate, issue, change, publish, check.

use std::collections::HashSet;

use chrono::TimeDelta;
use microcred_status::{
    BitstringStatusListEntry, CheckOptions, CredentialStatus, IndexAllocator, MemoryResolver, Publication,
    StatusChecker, StatusList, StatusMessage, StatusPurpose, StatusSize,
};
use serde_json::{Value, json};

use crate::common::{self, ProofsNotChecked};

const ISSUER: &str = "did:web:uni.example";

fn credential(entries: &[BitstringStatusListEntry]) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": {"id": ISSUER, "name": "Example University"},
        "credentialSubject": {"id": "did:example:student"},
        "credentialStatus": entries.iter().map(BitstringStatusListEntry::to_json).collect::<Vec<_>>(),
    })
}

fn sign(mut unsigned: Value) -> Result<Value, microcred_status::SignError> {
    unsigned["proof"] = json!({"type": "DataIntegrityProof", "cryptosuite": "test"});
    Ok(unsigned)
}

#[test]
fn revoke_suspend_reinstate_end_to_end() {
    let mut allocator = IndexAllocator::seeded(1_000, 3).unwrap();
    let a = allocator.allocate().unwrap();
    let revocation_url = format!("https://uni.example/status/revocation/{}", a.list);
    let suspension_url = format!("https://uni.example/status/suspension/{}", a.list);
    let entries = [
        BitstringStatusListEntry::new(StatusPurpose::Revocation, a.index, &revocation_url),
        BitstringStatusListEntry::new(StatusPurpose::Suspension, a.index, &suspension_url),
    ];
    let credential = credential(&entries);
    let mut revocation =
        StatusList::with_entries(&revocation_url, StatusPurpose::Revocation, 1_000, StatusSize::ONE).unwrap();
    let mut suspension =
        StatusList::with_entries(&suspension_url, StatusPurpose::Suspension, 1_000, StatusSize::ONE).unwrap();
    let now = common::at("2026-03-01T12:00:00Z");
    let publication = Publication {
        valid_from: now,
        valid_until: Some(now + TimeDelta::days(7)),
        ttl_ms: Some(300_000),
    };
    let check = |revocation: &StatusList, suspension: &StatusList| {
        let mut resolver = MemoryResolver::new();
        resolver.insert(
            &revocation_url,
            revocation.signed_credential(ISSUER, publication, &sign).unwrap(),
        );
        resolver.insert(
            &suspension_url,
            suspension.signed_credential(ISSUER, publication, &sign).unwrap(),
        );
        StatusChecker::new(resolver, ProofsNotChecked)
            .with_options(CheckOptions::new().min_entries(1_000))
            .check_at(&credential, now + TimeDelta::hours(1))
            .status
    };
    assert_eq!(check(&revocation, &suspension), CredentialStatus::Valid);
    suspension.suspend(a.index, "exam board review", now).unwrap();
    assert_eq!(
        check(&revocation, &suspension),
        CredentialStatus::Suspended { message: None }
    );
    suspension.reinstate(a.index, "review closed", now).unwrap();
    assert_eq!(check(&revocation, &suspension), CredentialStatus::Valid);
    suspension.suspend(a.index, "second review", now).unwrap();
    revocation.revoke(a.index, "plagiarism", now).unwrap();
    assert_eq!(
        check(&revocation, &suspension),
        CredentialStatus::Revoked { message: None },
        "revoked wins over suspended"
    );
    let reasons: Vec<&str> = suspension.journal().iter().map(|c| c.reason.as_str()).collect();
    assert_eq!(reasons, ["exam board review", "review closed", "second review"]);
    // After validUntil the list is no longer current: unknown, not valid.
    let mut resolver = MemoryResolver::new();
    resolver.insert(
        &revocation_url,
        revocation.signed_credential(ISSUER, publication, &sign).unwrap(),
    );
    let late = StatusChecker::new(resolver, ProofsNotChecked)
        .with_options(CheckOptions::new().min_entries(1_000))
        .check_at(&credential, now + TimeDelta::days(8));
    assert!(matches!(
        late.status,
        CredentialStatus::Revoked { .. } | CredentialStatus::Unknown(_)
    ));
    assert!(late.entries.iter().all(|e| e.outcome.is_err()));
}

#[test]
fn message_lists_report_the_message_for_the_value() {
    let size = StatusSize::new(2).unwrap();
    let url = "https://uni.example/status/messages/0";
    let mut list = StatusList::with_entries(url, StatusPurpose::Message, 131_072, size).unwrap();
    let index = microcred_status::StatusListIndex::new(65_000);
    list.set_value(
        index,
        2,
        "rejected by the examination board",
        common::at("2026-03-01T00:00:00Z"),
    )
    .unwrap();
    let mut entry = BitstringStatusListEntry::new(StatusPurpose::Message, index, url);
    entry.status_size = size;
    entry.status_message = ["pending_review", "accepted", "rejected", "undefined"]
        .iter()
        .enumerate()
        .map(|(i, m)| StatusMessage {
            status: i as u32,
            message: (*m).to_owned(),
        })
        .collect();
    let credential = credential(std::slice::from_ref(&entry));
    let publication = Publication {
        valid_from: common::at("2026-03-01T00:00:00Z"),
        valid_until: None,
        ttl_ms: None,
    };
    let mut resolver = MemoryResolver::new();
    resolver.insert(url, list.signed_credential(ISSUER, publication, &sign).unwrap());
    let report =
        StatusChecker::new(resolver, ProofsNotChecked).check_at(&credential, common::at("2026-03-02T00:00:00Z"));
    // A message entry does not make the credential invalid; its value and message are reported.
    assert_eq!(report.status, CredentialStatus::Valid);
    let status = report.entries[0].outcome.as_ref().unwrap();
    assert_eq!((status.value, status.message.as_deref()), (2, Some("rejected")));
}

#[test]
fn a_million_allocations_never_repeat_and_open_new_lists() {
    let mut allocator = IndexAllocator::seeded(131_072, 11).unwrap();
    let mut seen = HashSet::with_capacity(1_000_000);
    let mut opened = 0;
    for _ in 0..1_000_000 {
        let a = allocator.allocate().unwrap();
        opened += u32::from(a.opens_list);
        assert!(seen.insert((a.list, a.index)));
    }
    assert_eq!(opened, 8);
    assert_eq!(allocator.current_list(), 7);
}
