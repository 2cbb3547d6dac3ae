//! A registry that fails in the middle of a batch: the batch stops with the registry's error
//! (not a generic one), leaves every row either issued or pending, and a rerun completes it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use microcred::batch::BatchItem;
use microcred::store::{AuditEntry, AuditVerification, Reservation};
use microcred::{Issuer, RecordState, SqliteStore, Store, StoreError};
use microcred_sign::{KeySigner, SecretKey};
use microcred_status::{StatusAction, StatusList};

use crate::common::office;

/// The SQLite store, failing its `n`-th `mark_issued_many` (1-based) and every one after.
struct FailingStore {
    inner: SqliteStore,
    marks: usize,
    fail_at: usize,
}

impl Store for FailingStore {
    fn record(&self, credential_id: &str) -> Result<Option<microcred::Record>, StoreError> {
        self.inner.record(credential_id)
    }
    fn record_by_request(&self, request_id: &str) -> Result<Option<microcred::Record>, StoreError> {
        self.inner.record_by_request(request_id)
    }
    fn records_by_requests(&self, ids: &[&str]) -> Result<HashMap<String, microcred::Record>, StoreError> {
        self.inner.records_by_requests(ids)
    }
    fn records(&self) -> Result<Vec<microcred::Record>, StoreError> {
        self.inner.records()
    }
    fn reserve(&mut self, reservation: Reservation) -> Result<microcred::Record, StoreError> {
        self.inner.reserve(reservation)
    }
    fn reserve_many(&mut self, reservations: Vec<Reservation>) -> Result<Vec<microcred::Record>, StoreError> {
        self.inner.reserve_many(reservations)
    }
    fn mark_issued(&mut self, id: &str, sha256: &str, at: DateTime<Utc>) -> Result<microcred::Record, StoreError> {
        self.inner.mark_issued(id, sha256, at)
    }
    fn mark_issued_many(
        &mut self,
        issued: &[(String, String)],
        at: DateTime<Utc>,
    ) -> Result<Vec<microcred::Record>, StoreError> {
        self.marks += 1;
        if self.marks >= self.fail_at {
            return Err(StoreError::Database("disk I/O error (injected)".into()));
        }
        self.inner.mark_issued_many(issued, at)
    }
    fn release(&mut self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.inner.release(id, at)
    }
    fn change_status(
        &mut self,
        id: &str,
        action: StatusAction,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<microcred::Record, StoreError> {
        self.inner.change_status(id, action, reason, at)
    }
    fn link_replacement(&mut self, old: &str, new: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.inner.link_replacement(old, new, at)
    }
    fn status_lists(&self) -> Result<Vec<(u64, StatusList)>, StoreError> {
        self.inner.status_lists()
    }
    fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.inner.audit_log()
    }
    fn verify_audit(&self) -> Result<AuditVerification, StoreError> {
        self.inner.verify_audit()
    }
    fn erase_learner(&mut self, learner_ref: &str, at: DateTime<Utc>) -> Result<Vec<microcred::Record>, StoreError> {
        self.inner.erase_learner(learner_ref, at)
    }
}

#[test]
fn a_registry_failing_mid_batch_stops_it_with_its_error_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    // The office of the other tests, for its configuration and request.
    let (issuer, request) = office(dir.path(), 131_072);
    let config = issuer.config().clone();
    drop(issuer);
    let registry = dir.path().join("registry.sqlite");
    let open = |fail_at| {
        let inner = SqliteStore::open(&registry, &config.status_base_url, 131_072).unwrap();
        let store = FailingStore {
            inner,
            marks: 0,
            fail_at,
        };
        let key = SecretKey::from_seed(&[7; 32]);
        Issuer::new(config.clone(), store, Box::new(KeySigner::did_key(key))).unwrap()
    };
    let items = || -> Vec<_> {
        (0..600_u64)
            .map(|n| {
                let mut request = request.clone();
                request.request_id = Some(format!("r-{n}"));
                Ok(BatchItem { line: n + 2, request })
            })
            .collect()
    };
    let out = dir.path().join("out");

    let mut failing = open(2);
    let error = failing
        .issue_batch(items(), &out, false, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(error.contains("disk I/O error (injected)"), "{error}");
    let records = failing.store().records().unwrap();
    let issued = records.iter().filter(|r| r.state == RecordState::Issued).count();
    assert_eq!(issued, 256, "the first chunk was marked issued");
    assert!(
        records
            .iter()
            .all(|r| matches!(r.state, RecordState::Issued | RecordState::Pending))
    );
    drop(failing);

    let mut working = open(usize::MAX);
    let report = working.issue_batch(items(), &out, false, &mut |_, _| {}).unwrap();
    assert_eq!((report.issued, report.already_issued, report.failed), (344, 256, 0));
    let records = working.store().records().unwrap();
    assert_eq!(records.len(), 600);
    assert!(records.iter().all(|r| r.state == RecordState::Issued));
    for record in &records {
        let bytes = std::fs::read(out.join(&record.file_name)).unwrap();
        assert_eq!(
            record.sha256.as_deref(),
            Some(microcred::store::sha256_hex(&bytes).as_str())
        );
    }
    assert_eq!(working.store().verify_audit().unwrap().first_broken, None);
}
