//! Credential verification: proofs, issuer key, purpose, times, trust and status, as a report.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::did::{ProofPurpose, Resolver};
use crate::proof::{DataIntegrity, ProofResult, format_datetime, issuer_id, parse_datetime};
use crate::report::{Check, CheckId, CheckOutcome, ConformanceCheck, StatusChecker, VerificationReport};

/// Verifies credentials at an explicit time `now`, with a resolver for keys and optionally a
/// trust list, a status checker and a conformance check.
///
/// ```
/// # use microcred_sign::{DataIntegrity, OfflineResolver, Verifier};
/// # use chrono::Utc;
/// let di = DataIntegrity::new();
/// let resolver = OfflineResolver::new();
/// let verifier = Verifier::new(&di, &resolver, Utc::now()).trust("did:web:uni.example.edu");
/// let report = verifier.verify(&serde_json::json!({"not": "a credential"}));
/// assert!(!report.valid);
/// ```
pub struct Verifier<'a> {
    integrity: &'a DataIntegrity,
    resolver: &'a dyn Resolver,
    now: DateTime<Utc>,
    trusted: Option<BTreeSet<String>>,
    status: Option<&'a dyn StatusChecker>,
    status_result: Option<CheckOutcome>,
    conformance: Option<&'a dyn ConformanceCheck>,
}

impl std::fmt::Debug for Verifier<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("now", &self.now)
            .field("trusted", &self.trusted)
            .field("status", &self.status.is_some())
            .field("conformance", &self.conformance.is_some())
            .finish_non_exhaustive()
    }
}

impl<'a> Verifier<'a> {
    /// A verifier at time `now` (pass `Utc::now()` in production, a fixed time in tests).
    pub fn new(integrity: &'a DataIntegrity, resolver: &'a dyn Resolver, now: DateTime<Utc>) -> Self {
        Verifier {
            integrity,
            resolver,
            now,
            trusted: None,
            status: None,
            status_result: None,
            conformance: None,
        }
    }

    /// Trust issuer `id` (a DID or URL). With at least one trusted issuer, the
    /// `trusted-issuer` check applies.
    pub fn trust(mut self, id: impl Into<String>) -> Self {
        self.trusted.get_or_insert_with(BTreeSet::new).insert(id.into());
        self
    }

    /// Check status with `checker`.
    pub fn status_checker(mut self, checker: &'a dyn StatusChecker) -> Self {
        self.status = Some(checker);
        self
    }

    /// Use a status outcome computed elsewhere (for example by `microcred-status`).
    pub fn status_outcome(mut self, outcome: CheckOutcome) -> Self {
        self.status_result = Some(outcome);
        self
    }

    /// Report conformance (Annex I) beside the checks.
    pub fn conformance(mut self, check: &'a dyn ConformanceCheck) -> Self {
        self.conformance = Some(check);
        self
    }

    /// Verify `credential` and report every check.
    pub fn verify(&self, credential: &Value) -> VerificationReport {
        let mut checks = Vec::with_capacity(9);
        let well_formed = well_formed(credential);
        let is_ok = well_formed.outcome == crate::Outcome::Pass;
        checks.push(Check::new(CheckId::WellFormed, well_formed));

        let results = if credential.get("proof").is_some() {
            self.integrity.verify_proofs(credential, self.resolver)
        } else {
            Vec::new()
        };
        let issuer = issuer_id(credential);
        checks.extend(proof_checks(&results, issuer, self.now));
        checks.push(Check::new(
            CheckId::ValidityWindow,
            validity_window(credential, self.now),
        ));
        checks.push(Check::new(CheckId::TrustedIssuer, self.trusted_issuer(issuer)));
        let status = if let Some(outcome) = &self.status_result {
            outcome.clone()
        } else if let Some(checker) = self.status {
            if is_ok {
                checker.check_status(credential, self.now)
            } else {
                CheckOutcome::fail("not checked: the credential is not well-formed")
            }
        } else {
            CheckOutcome::not_applicable("no status checker supplied")
        };
        checks.push(Check::new(CheckId::Status, status));
        let mut report = VerificationReport::new(checks);
        report.conformance = self.conformance.map(|c| c.check_conformance(credential));
        report
    }

    fn trusted_issuer(&self, issuer: Option<&str>) -> CheckOutcome {
        match (&self.trusted, issuer) {
            (None, _) => CheckOutcome::not_applicable("no trust list given"),
            (Some(_), None) => CheckOutcome::fail("the credential names no issuer"),
            (Some(list), Some(issuer)) if list.contains(issuer) => {
                CheckOutcome::pass(format!("issuer {issuer} is on the trust list"))
            }
            (Some(_), Some(issuer)) => CheckOutcome::fail(format!("issuer {issuer} is not on the trust list")),
        }
    }
}

fn well_formed(credential: &Value) -> CheckOutcome {
    let Some(object) = credential.as_object() else {
        return CheckOutcome::fail("$: not a JSON object");
    };
    match object.get("@context") {
        Some(Value::Array(list)) if !list.is_empty() => {}
        Some(Value::String(_)) => {}
        _ => return CheckOutcome::fail("$.@context: missing or empty"),
    }
    let types: Vec<&str> = match object.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => return CheckOutcome::fail("$.type: missing"),
    };
    if !types.contains(&"VerifiableCredential") {
        return CheckOutcome::fail("$.type: does not include VerifiableCredential");
    }
    if issuer_id(credential).is_none() {
        return CheckOutcome::fail("$.issuer: missing, or neither a URL nor an object with an `id`");
    }
    if !object.contains_key("credentialSubject") {
        return CheckOutcome::fail("$.credentialSubject: missing");
    }
    if !object.contains_key("proof") {
        return CheckOutcome::fail("$.proof: missing (the credential is not signed)");
    }
    CheckOutcome::pass("a verifiable credential with a proof")
}

/// The five proof checks, from the per-proof results.
fn proof_checks(results: &[ProofResult], issuer: Option<&str>, now: DateTime<Utc>) -> Vec<Check> {
    let na = |id, reason: &str| Check::new(id, CheckOutcome::not_applicable(reason));
    if results.is_empty() {
        return vec![
            Check::new(CheckId::ProofSignature, CheckOutcome::fail("no proof")),
            na(CheckId::IssuerKey, "no verified proof"),
            na(CheckId::ProofPurpose, "no verified proof"),
            na(CheckId::ProofCreated, "no verified proof"),
            na(CheckId::ProofExpires, "no verified proof"),
        ];
    }
    let failures: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(ToString::to_string)
        .collect();
    let verified: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    let signature = if failures.is_empty() {
        let suites: BTreeSet<&str> = verified.iter().map(|p| p.suite.as_str()).collect();
        let suites: Vec<&str> = suites.into_iter().collect();
        CheckOutcome::pass(format!("{} proof(s) verify ({})", verified.len(), suites.join(", ")))
    } else {
        CheckOutcome::fail(failures.join("; "))
    };
    let mut checks = vec![Check::new(CheckId::ProofSignature, signature)];
    if verified.is_empty() {
        for id in [
            CheckId::IssuerKey,
            CheckId::ProofPurpose,
            CheckId::ProofCreated,
            CheckId::ProofExpires,
        ] {
            checks.push(na(id, "no verified proof"));
        }
        return checks;
    }

    // The issuer's own proofs: their key must be controlled by the issuer.
    let by_issuer: Vec<_> = verified
        .iter()
        .filter(|p| Some(p.method.controller.as_str()) == issuer)
        .collect();
    let issuer_key = match (issuer, by_issuer.first()) {
        (None, _) => CheckOutcome::fail("the credential names no issuer"),
        (Some(issuer), Some(proof)) => {
            CheckOutcome::pass(format!("{} is controlled by the issuer {issuer}", proof.method.id))
        }
        (Some(issuer), None) => {
            let controllers: Vec<String> = verified
                .iter()
                .map(|p| format!("{} (controller {})", p.method.id, p.method.controller))
                .collect();
            CheckOutcome::fail(format!(
                "no proof by a key of the issuer {issuer}: {}",
                controllers.join(", ")
            ))
        }
    };
    checks.push(Check::new(CheckId::IssuerKey, issuer_key));

    let mut bad_purpose = Vec::new();
    for proof in &verified {
        if proof.proof_purpose != Some(ProofPurpose::AssertionMethod) {
            bad_purpose.push(format!("{}: proofPurpose is not assertionMethod", proof.path));
        } else if !proof.method.purposes.contains(&ProofPurpose::AssertionMethod) {
            bad_purpose.push(format!(
                "{}: {} is not an assertionMethod of its controller",
                proof.path, proof.method.id
            ));
        }
    }
    let purpose = if bad_purpose.is_empty() {
        CheckOutcome::pass("assertionMethod, authorized by the controller")
    } else {
        CheckOutcome::fail(bad_purpose.join("; "))
    };
    checks.push(Check::new(CheckId::ProofPurpose, purpose));

    let future: Vec<String> = verified
        .iter()
        .filter_map(|p| {
            p.created
                .filter(|c| *c > now)
                .map(|c| format!("{}: created {} is after now", p.path, format_datetime(c)))
        })
        .collect();
    let created = if !future.is_empty() {
        CheckOutcome::fail(future.join("; "))
    } else if verified.iter().all(|p| p.created.is_none()) {
        CheckOutcome::not_applicable("no proof has `created`")
    } else {
        CheckOutcome::pass(format!("not after {}", format_datetime(now)))
    };
    checks.push(Check::new(CheckId::ProofCreated, created));

    let expired: Vec<String> = verified
        .iter()
        .filter_map(|p| {
            p.expires
                .filter(|e| *e <= now)
                .map(|e| format!("{}: expired at {}", p.path, format_datetime(e)))
        })
        .collect();
    let expires = if !expired.is_empty() {
        CheckOutcome::fail(expired.join("; "))
    } else if verified.iter().all(|p| p.expires.is_none()) {
        CheckOutcome::not_applicable("no proof has `expires`")
    } else {
        CheckOutcome::pass("no proof has expired")
    };
    checks.push(Check::new(CheckId::ProofExpires, expires));
    checks
}

/// The validity window: VC 2.0 `validFrom`/`validUntil`, or VC 1.1 `issuanceDate`/
/// `expirationDate` (EDC credentials have both `validFrom` and `issuanceDate`; all present
/// bounds are checked).
pub(crate) fn validity_window(credential: &Value, now: DateTime<Utc>) -> CheckOutcome {
    let mut problems = Vec::new();
    let mut bounds = Vec::new();
    for (member, is_start) in [
        ("validFrom", true),
        ("issuanceDate", true),
        ("validUntil", false),
        ("expirationDate", false),
    ] {
        let Some(value) = credential.get(member) else { continue };
        let Some(time) = value.as_str().and_then(parse_datetime) else {
            problems.push(format!("$.{member}: not an XML Schema dateTime"));
            continue;
        };
        bounds.push(member);
        if is_start && time > now {
            problems.push(format!(
                "$.{member} {} is after now ({})",
                format_datetime(time),
                format_datetime(now)
            ));
        } else if !is_start && time <= now {
            problems.push(format!(
                "$.{member} {} has passed (now {})",
                format_datetime(time),
                format_datetime(now)
            ));
        }
    }
    if !problems.is_empty() {
        CheckOutcome::fail(problems.join("; "))
    } else if bounds.is_empty() {
        CheckOutcome::not_applicable("no validity dates")
    } else {
        CheckOutcome::pass(format!("within {}", bounds.join(", ")))
    }
}
