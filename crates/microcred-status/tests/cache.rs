//! The TTL cache, with an injected clock and a fake fetcher (no network).

use std::cell::{Cell, RefCell};

use chrono::{DateTime, TimeDelta, Utc};
use microcred_status::{
    CachingResolver, CheckOptions, CredentialStatus, ResolveError, ResolvedList, StatusChecker, StatusList,
    StatusListIndex, StatusListResolver, StatusPurpose, UnknownStatus, VerifiedList,
};
use serde_json::{Value, json};

use crate::common::{self, ProofsNotChecked};

const URL: &str = "https://uni.example/status/1";

struct FakeFetcher {
    document: RefCell<Option<Value>>,
    fetches: Cell<u32>,
}

impl StatusListResolver for FakeFetcher {
    fn resolve(&self, url: &str) -> Result<ResolvedList, ResolveError> {
        self.fetches.set(self.fetches.get() + 1);
        match self.document.borrow().clone() {
            Some(document) => Ok(ResolvedList {
                document,
                retrieved_at: None,
            }),
            None => Err(ResolveError::Unreachable {
                url: url.to_owned(),
                reason: "connection refused".into(),
            }),
        }
    }
}

struct FakeClock(Cell<DateTime<Utc>>);

impl microcred_status::Clock for &FakeClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.get()
    }
}

fn list_credential(ttl_ms: Option<u64>, revoked: bool) -> Value {
    let mut list = StatusList::new(URL, StatusPurpose::Revocation);
    if revoked {
        list.revoke(StatusListIndex::new(7), "test", common::at("2026-01-01T00:00:00Z"))
            .unwrap();
    }
    let publication = microcred_status::Publication {
        valid_from: common::at("2026-01-01T00:00:00Z"),
        valid_until: None,
        ttl_ms,
    };
    let mut credential = list.credential("did:web:uni.example", publication).unwrap();
    credential["proof"] = json!({"type": "DataIntegrityProof"});
    credential
}

#[test]
fn documents_are_served_from_cache_until_their_ttl_runs_out() {
    let fetcher = FakeFetcher {
        document: RefCell::new(Some(list_credential(Some(60_000), false))),
        fetches: Cell::new(0),
    };
    let clock = FakeClock(Cell::new(common::at("2026-06-01T00:00:00Z")));
    let cache = CachingResolver::with_clock(&fetcher, &clock);
    let first = cache.resolve(URL).unwrap();
    assert_eq!(first.retrieved_at, Some(clock.0.get()));
    clock.0.set(clock.0.get() + TimeDelta::seconds(59));
    cache.resolve(URL).unwrap();
    assert_eq!(fetcher.fetches.get(), 1, "served from cache within the ttl");
    clock.0.set(clock.0.get() + TimeDelta::seconds(2));
    *fetcher.document.borrow_mut() = Some(list_credential(Some(60_000), true));
    let refreshed = cache.resolve(URL).unwrap();
    assert_eq!(fetcher.fetches.get(), 2, "fetched again after the ttl");
    assert_eq!(
        refreshed.document["credentialSubject"],
        list_credential(Some(60_000), true)["credentialSubject"]
    );
}

#[test]
fn lists_without_ttl_are_not_cached_unless_configured_and_failures_are_never_cached() {
    let fetcher = FakeFetcher {
        document: RefCell::new(Some(list_credential(None, false))),
        fetches: Cell::new(0),
    };
    let clock = FakeClock(Cell::new(common::at("2026-06-01T00:00:00Z")));
    let cache = CachingResolver::with_clock(&fetcher, &clock);
    cache.resolve(URL).unwrap();
    cache.resolve(URL).unwrap();
    assert_eq!(fetcher.fetches.get(), 2);
    let cache = CachingResolver::with_clock(&fetcher, &clock).with_default_ttl(TimeDelta::minutes(5));
    cache.resolve(URL).unwrap();
    cache.resolve(URL).unwrap();
    assert_eq!(fetcher.fetches.get(), 3);
    // After expiry the origin is down: an error, not the stale copy.
    clock.0.set(clock.0.get() + TimeDelta::minutes(6));
    *fetcher.document.borrow_mut() = None;
    assert!(matches!(cache.resolve(URL), Err(ResolveError::Unreachable { .. })));
    assert!(matches!(cache.resolve(URL), Err(ResolveError::Unreachable { .. })));
    assert_eq!(fetcher.fetches.get(), 5);
}

#[test]
fn the_checker_sees_the_revocation_after_the_ttl_and_unknown_when_unreachable() {
    let fetcher = FakeFetcher {
        document: RefCell::new(Some(list_credential(Some(1_000), false))),
        fetches: Cell::new(0),
    };
    let clock = FakeClock(Cell::new(common::at("2026-06-01T00:00:00Z")));
    let checker = StatusChecker::new(CachingResolver::with_clock(&fetcher, &clock), ProofsNotChecked);
    let credential = json!({
        "issuer": "did:web:uni.example",
        "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "7", "statusListCredential": URL}
    });
    assert_eq!(
        checker.check_at(&credential, clock.0.get()).status,
        CredentialStatus::Valid
    );
    *fetcher.document.borrow_mut() = Some(list_credential(Some(1_000), true));
    clock.0.set(clock.0.get() + TimeDelta::seconds(2));
    assert_eq!(
        checker.check_at(&credential, clock.0.get()).status,
        CredentialStatus::Revoked { message: None }
    );
    *fetcher.document.borrow_mut() = None;
    clock.0.set(clock.0.get() + TimeDelta::seconds(2));
    assert!(matches!(
        checker.check_at(&credential, clock.0.get()).status,
        CredentialStatus::Unknown(UnknownStatus::Unavailable(_))
    ));
}

#[test]
fn a_copy_older_than_its_ttl_is_stale() {
    let document = list_credential(Some(1_000), false);
    let retrieved = common::at("2026-06-01T00:00:00Z");
    let list = VerifiedList::verify(URL, &document, Some(retrieved), &ProofsNotChecked, Default::default()).unwrap();
    assert!(list.check_current(retrieved + TimeDelta::milliseconds(1_000)).is_ok());
    assert!(matches!(
        list.check_current(retrieved + TimeDelta::milliseconds(1_001)),
        Err(UnknownStatus::Stale { ttl_ms: 1_000, .. })
    ));
    let _ = CheckOptions::default();
}

struct CountingVerifier(Cell<u32>);

impl microcred_status::ListCredentialVerifier for CountingVerifier {
    fn verify_list_credential(&self, _: &Value) -> Result<(), microcred_status::ProofRejected> {
        self.0.set(self.0.get() + 1);
        Ok(())
    }
}

#[test]
fn verified_lists_are_reused_only_for_the_same_document_and_a_bounded_time() {
    let mut resolver = microcred_status::MemoryResolver::new();
    resolver.insert(URL, list_credential(None, false));
    let resolver = RefCell::new(resolver);
    struct Shared<'a>(&'a RefCell<microcred_status::MemoryResolver>);
    impl StatusListResolver for Shared<'_> {
        fn resolve(&self, url: &str) -> Result<ResolvedList, ResolveError> {
            self.0.borrow().resolve(url)
        }
    }
    let verifier = CountingVerifier(Cell::new(0));
    let checker = StatusChecker::new(Shared(&resolver), &verifier).with_verified_list_reuse(TimeDelta::minutes(5));
    let credential = json!({
        "issuer": "did:web:uni.example",
        "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "7", "statusListCredential": URL}
    });
    let now = common::at("2026-06-01T00:00:00Z");
    for _ in 0..3 {
        assert_eq!(checker.check_at(&credential, now).status, CredentialStatus::Valid);
    }
    assert_eq!(verifier.0.get(), 1, "same document: verified once");
    resolver.borrow_mut().insert(URL, list_credential(None, true));
    assert_eq!(
        checker.check_at(&credential, now).status,
        CredentialStatus::Revoked { message: None }
    );
    assert_eq!(verifier.0.get(), 2, "changed document: verified again");
    assert_eq!(
        checker.check_at(&credential, now + TimeDelta::minutes(6)).status,
        CredentialStatus::Revoked { message: None }
    );
    assert_eq!(verifier.0.get(), 3, "older than the reuse bound: verified again");
    assert_eq!(CredentialStatus::Revoked { message: None }.to_string(), "revoked");
}
