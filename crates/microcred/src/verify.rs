//! Verifying a credential: its proof, its issuer's key, its validity window and its status.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use microcred_sign::{CheckOutcome, DataIntegrity, OfflineResolver, Outcome, Resolver, VerificationReport};
use microcred_status::{
    CachingResolver, CredentialStatus, DirectoryResolver, ListCredentialVerifier, ProofRejected, StatusChecker,
};
use serde_json::Value;

/// Verifies credentials offline: trusted issuers, a DID resolver, the published status lists.
pub struct Verifier {
    integrity: DataIntegrity,
    resolver: OfflineResolver,
    trusted: Vec<String>,
    status_dir: Option<PathBuf>,
    lists: Option<CachingResolver<DirectoryResolver>>,
    /// Verified list proofs: (list id, proof values) → verdict. A list is verified once, not
    /// once per credential that points into it.
    verified_lists: Mutex<HashMap<String, Result<(), String>>>,
    now: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("trusted", &self.trusted)
            .field("status_dir", &self.status_dir)
            .finish_non_exhaustive()
    }
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}

/// Verifies a status list credential's proofs, and that the key belongs to the list's issuer.
struct ListProofs<'a> {
    integrity: &'a DataIntegrity,
    resolver: &'a dyn Resolver,
    cache: &'a Mutex<HashMap<String, Result<(), String>>>,
}

impl ListCredentialVerifier for ListProofs<'_> {
    fn verify_list_credential(&self, credential: &Value) -> Result<(), ProofRejected> {
        // The key covers the whole list credential, so a changed list is verified again.
        let key = credential.to_string();
        if let Some(verdict) = self.cache.lock().ok().and_then(|cache| cache.get(&key).cloned()) {
            return verdict.map_err(ProofRejected::new);
        }
        let verdict = self.verify_uncached(credential);
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() > 1024 {
                cache.clear();
            }
            cache.insert(key, verdict.clone());
        }
        verdict.map_err(ProofRejected::new)
    }
}

impl ListProofs<'_> {
    fn verify_uncached(&self, credential: &Value) -> Result<(), String> {
        let issuer = match credential.get("issuer") {
            Some(Value::String(id)) => id.as_str(),
            Some(Value::Object(object)) => object.get("id").and_then(Value::as_str).unwrap_or_default(),
            _ => "",
        };
        let results = self.integrity.verify_proofs(credential, self.resolver);
        if results.is_empty() {
            return Err("no proof".into());
        }
        for result in results {
            let proof = result.map_err(|e| e.to_string())?;
            if proof.method.controller != issuer {
                return Err(format!(
                    "the key is controlled by {}, not by the list's issuer {issuer}",
                    proof.method.controller
                ));
            }
        }
        Ok(())
    }
}

impl Verifier {
    /// A verifier with no trust list (any issuer) and no status check.
    pub fn new() -> Self {
        Verifier {
            integrity: DataIntegrity::new(),
            resolver: OfflineResolver::new(),
            trusted: Vec::new(),
            status_dir: None,
            lists: None,
            verified_lists: Mutex::new(HashMap::new()),
            now: None,
        }
    }

    /// Trust `issuer` (a DID); once any issuer is trusted, others fail the trust check.
    pub fn trust(mut self, issuer: impl Into<String>) -> Self {
        self.trusted.push(issuer.into());
        self
    }

    /// Resolve `did:web` (and other) keys from this DID document.
    pub fn did_document(mut self, document: Value) -> Result<Self, microcred_sign::DidError> {
        self.resolver.add_document(document)?;
        Ok(self)
    }

    /// Check status against lists published under `dir` (see `microcred_status::DirectoryResolver`).
    pub fn status_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        // Lists are cached for their `ttl` (bounded by `validUntil`), as a verifier should.
        self.lists = Some(CachingResolver::new(DirectoryResolver::new(dir.clone())));
        self.status_dir = Some(dir);
        self
    }

    /// Verify as of `now` instead of the system clock.
    pub fn at(mut self, now: DateTime<Utc>) -> Self {
        self.now = Some(now);
        self
    }

    /// The status check alone.
    pub fn status(&self, credential: &Value, now: DateTime<Utc>) -> CheckOutcome {
        let Some(lists) = &self.lists else {
            return CheckOutcome::not_applicable("no status lists given");
        };
        let checker = StatusChecker::new(
            lists,
            ListProofs {
                integrity: &self.integrity,
                resolver: &self.resolver,
                cache: &self.verified_lists,
            },
        );
        let report = checker.check_at(credential, now);
        match report.status {
            CredentialStatus::Valid => CheckOutcome::pass("not revoked, not suspended"),
            CredentialStatus::Revoked { message } => CheckOutcome::fail(format!(
                "revoked{}",
                message.map(|m| format!(": {m}")).unwrap_or_default()
            )),
            CredentialStatus::Suspended { message } => CheckOutcome::fail(format!(
                "suspended{}",
                message.map(|m| format!(": {m}")).unwrap_or_default()
            )),
            CredentialStatus::Unknown(why) => CheckOutcome::fail(format!("status unknown: {why}")),
            CredentialStatus::NoStatus => CheckOutcome::not_applicable("the credential has no status entry"),
            _ => CheckOutcome::fail("status unknown"),
        }
    }

    /// Verify `credential`: every check of the signing crate, with the status filled in.
    pub fn verify(&self, credential: &Value) -> VerificationReport {
        let now = self.now.unwrap_or_else(Utc::now);
        let status = self.status(credential, now);
        let mut verifier = microcred_sign::Verifier::new(&self.integrity, &self.resolver, now).status_outcome(status);
        for issuer in &self.trusted {
            verifier = verifier.trust(issuer.clone());
        }
        verifier.verify(credential)
    }
}

/// Whether a report's status check says revoked or suspended.
pub fn status_word(report: &VerificationReport) -> &'static str {
    match report
        .checks
        .iter()
        .find(|c| c.check == microcred_sign::CheckId::Status)
    {
        Some(check) if check.outcome == Outcome::Fail && check.reason.starts_with("revoked") => "revoked",
        Some(check) if check.outcome == Outcome::Fail && check.reason.starts_with("suspended") => "suspended",
        Some(check) if check.outcome == Outcome::Fail => "unknown",
        _ if report.valid => "valid",
        _ => "invalid",
    }
}
