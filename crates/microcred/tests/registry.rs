//! The registry: unique indices, resumable pending records, the audit chain, erasure.

use chrono::Utc;
use microcred::store::Reservation;
use microcred::{IssueOptions, IssueOutcome, RecordState, SqliteStore, Store};

use crate::common::office;

fn reservation(n: usize) -> Reservation {
    Reservation {
        credential_id: format!("urn:uuid:00000000-0000-4000-8000-{n:012}"),
        request_id: Some(format!("r{n}")),
        learner_ref: Some(format!("S{}", n % 3)),
        file_name: format!("{n}.json"),
        issued_at: Utc::now(),
        replaces: None,
    }
}

#[test]
fn indices_are_unique_random_and_roll_over_to_a_new_list() {
    let mut store = SqliteStore::in_memory("https://u.example/status", 16).unwrap();
    let records: Vec<_> = (0..40).map(|n| store.reserve(reservation(n)).unwrap()).collect();
    let mut seen = std::collections::HashSet::new();
    for record in &records {
        assert!(record.index < 16);
        assert!(seen.insert((record.list, record.index)), "index allocated twice");
    }
    assert_eq!(records.iter().filter(|r| r.list == 0).count(), 16);
    assert_eq!(records.iter().filter(|r| r.list == 2).count(), 8);
    let first: Vec<u64> = records.iter().take(16).map(|r| r.index).collect();
    assert_ne!(
        first,
        (0..16).collect::<Vec<_>>(),
        "the index must not reveal the issuing order"
    );
    assert!(store.reserve(reservation(0)).is_err(), "a request id is reserved once");
}

#[test]
fn the_audit_chain_detects_an_edited_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.sqlite");
    {
        let mut store = SqliteStore::open(&path, "https://u.example/status", 131_072).unwrap();
        for n in 0..3 {
            let record = store.reserve(reservation(n)).unwrap();
            store.mark_issued(&record.credential_id, "00", Utc::now()).unwrap();
        }
        assert_eq!(store.verify_audit().unwrap().first_broken, None);
        assert_eq!(store.verify_audit().unwrap().entries, 6);
    }
    let connection = rusqlite::Connection::open(&path).unwrap();
    // The log is append-only...
    assert!(
        connection
            .execute("UPDATE audit SET detail = '{}' WHERE seq = 3", [])
            .is_err()
    );
    assert!(connection.execute("DELETE FROM audit WHERE seq = 3", []).is_err());
    // ...and whoever gets around that (dropping the trigger) is caught by the chain.
    connection
        .execute_batch("DROP TRIGGER audit_append_only_update; UPDATE audit SET detail = '{\"list\":9}' WHERE seq = 3;")
        .unwrap();
    drop(connection);
    let store = SqliteStore::open(&path, "https://u.example/status", 131_072).unwrap();
    assert_eq!(store.verify_audit().unwrap().first_broken, Some(3));
}

#[test]
fn erasing_a_learner_keeps_revocation_working() {
    let dir = tempfile::tempdir().unwrap();
    let (mut issuer, mut request) = office(dir.path(), 131_072);
    request.learner.student_reference = Some("S-42".into());
    let IssueOutcome::Issued(issued) = issuer.issue(&request, &IssueOptions::default()).unwrap() else {
        panic!()
    };
    let id = issued.record.credential_id.clone();
    let erased = issuer.store_mut().erase_learner("S-42", Utc::now()).unwrap();
    assert_eq!(erased.len(), 1);
    assert_eq!(issuer.store().record(&id).unwrap().unwrap().learner_ref, None);
    issuer.revoke(&id, "fraud").unwrap();
    assert_eq!(issuer.store().record(&id).unwrap().unwrap().state, RecordState::Revoked);
    let log = issuer.store().audit_log().unwrap();
    assert!(
        log.iter().all(|e| !e.detail.contains("S-42")),
        "the audit log never names the learner"
    );
    // What publishing reads to remove the pages: the same ids as the audit log's `erase` lines.
    assert_eq!(issuer.store().erased_credentials().unwrap(), vec![id.clone()]);
    let from_log: Vec<String> = log
        .iter()
        .filter(|e| e.action == "erase")
        .filter_map(|e| e.credential_id.clone())
        .collect();
    assert_eq!(from_log, vec![id]);
}

#[test]
fn schema_is_versioned() {
    let store = SqliteStore::in_memory("https://u.example/status", 131_072).unwrap();
    assert_eq!(store.schema_version().unwrap(), 1);
}

#[test]
fn a_reservation_returns_the_stored_record_and_a_request_id_is_reserved_once() {
    let mut store = SqliteStore::in_memory("https://u.example/status", 131_072).unwrap();
    let reserved = store.reserve(reservation(1)).unwrap();
    assert_eq!(store.record(&reserved.credential_id).unwrap().as_ref(), Some(&reserved));
    assert_eq!(reserved.state, RecordState::Pending);

    let mut again = reservation(2);
    again.request_id = Some("r1".into());
    match store.reserve(again) {
        Err(microcred::StoreError::DuplicateRequest {
            request_id,
            credential_id,
        }) => {
            assert_eq!(request_id, "r1");
            assert_eq!(credential_id, reserved.credential_id);
        }
        other => panic!("expected a duplicate request, got {other:?}"),
    }
    assert_eq!(store.records().unwrap().len(), 1);

    let issued = store.mark_issued(&reserved.credential_id, "ab", Utc::now()).unwrap();
    assert_eq!(store.record(&reserved.credential_id).unwrap().as_ref(), Some(&issued));
    assert_eq!(
        (issued.state, issued.sha256.as_deref()),
        (RecordState::Issued, Some("ab"))
    );
    assert!(
        matches!(
            store.mark_issued(&reserved.credential_id, "ab", Utc::now()),
            Err(microcred::StoreError::WrongState { .. })
        ),
        "issued once"
    );
    assert!(matches!(
        store.mark_issued("urn:uuid:nobody", "ab", Utc::now()),
        Err(microcred::StoreError::UnknownCredential(_))
    ));
}

#[test]
fn only_a_pending_record_can_be_released() {
    let mut store = SqliteStore::in_memory("https://u.example/status", 131_072).unwrap();
    let pending = store.reserve(reservation(1)).unwrap();
    let issued = store.reserve(reservation(2)).unwrap();
    store.mark_issued(&issued.credential_id, "ab", Utc::now()).unwrap();
    assert!(matches!(
        store.release(&issued.credential_id, Utc::now()),
        Err(microcred::StoreError::WrongState { .. })
    ));
    assert!(matches!(
        store.release("urn:uuid:nobody", Utc::now()),
        Err(microcred::StoreError::UnknownCredential(_))
    ));
    store.release(&pending.credential_id, Utc::now()).unwrap();
    assert_eq!(store.record(&pending.credential_id).unwrap(), None);
    // Its index is not handed out again.
    let next = store.reserve(reservation(3)).unwrap();
    assert_ne!((next.list, next.index), (pending.list, pending.index));
    let audit = store.verify_audit().unwrap();
    assert_eq!(audit.first_broken, None);
    assert_eq!(audit.entries, 5);
}
