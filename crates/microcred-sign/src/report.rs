//! The verification report: every check named, with its outcome and the reason.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::jades::SealInfo;

/// A named check of the verification report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CheckId {
    /// The credential is a JSON object with `@context`, `type`, `issuer`, `credentialSubject`
    /// (or, for a sealed document, a well-formed JAdES structure).
    WellFormed,
    /// Every proof's signature verifies over the canonical credential.
    ProofSignature,
    /// The verification method's controller is the credential's issuer.
    IssuerKey,
    /// The proof purpose is `assertionMethod` and the issuer authorizes the key for it.
    ProofPurpose,
    /// The proof's `created` is not in the future.
    ProofCreated,
    /// The proof's `expires`, if any, has not passed.
    ProofExpires,
    /// `validFrom`/`validUntil` (or `issuanceDate`/`expirationDate`) enclose now.
    ValidityWindow,
    /// The issuer is on the caller's trust list.
    TrustedIssuer,
    /// The credential's status (revocation, suspension), when a status checker is supplied.
    Status,
    /// The JAdES seal's signature verifies with its `x5c` certificate.
    SealSignature,
    /// The seal certificate is within its validity period now.
    SealCertificate,
}

impl CheckId {
    /// The check's name, as printed and serialized (`proof-signature`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::WellFormed => "well-formed",
            CheckId::ProofSignature => "proof-signature",
            CheckId::IssuerKey => "issuer-key",
            CheckId::ProofPurpose => "proof-purpose",
            CheckId::ProofCreated => "proof-created",
            CheckId::ProofExpires => "proof-expires",
            CheckId::ValidityWindow => "validity-window",
            CheckId::TrustedIssuer => "trusted-issuer",
            CheckId::Status => "status",
            CheckId::SealSignature => "seal-signature",
            CheckId::SealCertificate => "seal-certificate",
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The check passed.
    Pass,
    /// The check failed: the credential is not valid.
    Fail,
    /// The check does not apply (no trust list given, no validity dates, ...).
    NotApplicable,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::NotApplicable => "not applicable",
        })
    }
}

/// An outcome and why: what a status checker (or any external check) returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckOutcome {
    /// Pass, fail or not applicable.
    pub outcome: Outcome,
    /// Why, in words for the operator.
    pub reason: String,
}

impl CheckOutcome {
    /// A passing outcome.
    pub fn pass(reason: impl Into<String>) -> Self {
        CheckOutcome {
            outcome: Outcome::Pass,
            reason: reason.into(),
        }
    }
    /// A failing outcome.
    pub fn fail(reason: impl Into<String>) -> Self {
        CheckOutcome {
            outcome: Outcome::Fail,
            reason: reason.into(),
        }
    }
    /// A check that does not apply.
    pub fn not_applicable(reason: impl Into<String>) -> Self {
        CheckOutcome {
            outcome: Outcome::NotApplicable,
            reason: reason.into(),
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Which check.
    pub check: CheckId,
    /// Its outcome.
    pub outcome: Outcome,
    /// Why.
    pub reason: String,
}

impl Check {
    /// A check with an outcome and a reason.
    pub fn new(check: CheckId, outcome: CheckOutcome) -> Self {
        Check {
            check,
            outcome: outcome.outcome,
            reason: outcome.reason,
        }
    }
}

/// The result of a conformance check (such as the Council Recommendation's Annex I), reported
/// beside the verification checks. It never decides validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conformance {
    /// What was checked (`annex-i`, ...).
    pub profile: String,
    /// Whether the credential conforms.
    pub conformant: bool,
    /// One line per finding (missing element, wrong value), with its JSON path.
    pub findings: Vec<String>,
}

/// Checks a credential's status (revocation, suspension). Implemented outside this crate (the
/// status-list crate, through the facade or the CLI), so neither crate depends on the other;
/// any `Fn(&Value, DateTime<Utc>) -> CheckOutcome` is one.
pub trait StatusChecker {
    /// The status of `credential` at `now`. Return [`Outcome::NotApplicable`] when the
    /// credential has no `credentialStatus`.
    fn check_status(&self, credential: &Value, now: DateTime<Utc>) -> CheckOutcome;
}

impl<F: Fn(&Value, DateTime<Utc>) -> CheckOutcome> StatusChecker for F {
    fn check_status(&self, credential: &Value, now: DateTime<Utc>) -> CheckOutcome {
        self(credential, now)
    }
}

/// Checks a credential's conformance to a profile (the model crate's Annex I check plugs in
/// here); any `Fn(&Value) -> Conformance` is one.
pub trait ConformanceCheck {
    /// The conformance of `credential`.
    fn check_conformance(&self, credential: &Value) -> Conformance;
}

impl<F: Fn(&Value) -> Conformance> ConformanceCheck for F {
    fn check_conformance(&self, credential: &Value) -> Conformance {
        self(credential)
    }
}

/// Everything a verification found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct VerificationReport {
    /// True when no check failed and the signature (proof or seal) passed.
    pub valid: bool,
    /// The checks, in a fixed order.
    pub checks: Vec<Check>,
    /// Conformance (Annex I), when a conformance check was supplied. Does not affect `valid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conformance: Option<Conformance>,
    /// The JAdES seal, for a sealed EDC document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seal: Option<SealInfo>,
}

impl VerificationReport {
    /// A report from its checks; `valid` is computed.
    pub fn new(checks: Vec<Check>) -> Self {
        let signed = checks
            .iter()
            .any(|c| matches!(c.check, CheckId::ProofSignature | CheckId::SealSignature) && c.outcome == Outcome::Pass);
        let valid = signed && checks.iter().all(|c| c.outcome != Outcome::Fail);
        VerificationReport {
            valid,
            checks,
            conformance: None,
            seal: None,
        }
    }

    /// The check named `id`, if the report has it.
    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.check == id)
    }

    /// The outcome of check `id` (not applicable when absent).
    pub fn outcome(&self, id: CheckId) -> Outcome {
        self.check(id).map_or(Outcome::NotApplicable, |c| c.outcome)
    }

    /// The report as one JSON object: `{"valid": bool, "checks": [...], ...}`.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl fmt::Display for VerificationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for check in &self.checks {
            writeln!(
                f,
                "{:<16} {:<15} {}",
                check.check.as_str(),
                check.outcome.to_string(),
                check.reason
            )?;
        }
        if let Some(seal) = &self.seal {
            writeln!(f, "seal subject:    {}", seal.subject)?;
            writeln!(f, "seal issuer:     {}", seal.issuer)?;
            writeln!(f, "seal valid:      {} to {}", seal.not_before, seal.not_after)?;
            if let Some(time) = &seal.signing_time {
                writeln!(f, "seal sigT:       {time}")?;
            }
        }
        if let Some(conformance) = &self.conformance {
            let verdict = if conformance.conformant {
                "conformant"
            } else {
                "not conformant"
            };
            writeln!(f, "{} (does not affect validity): {verdict}", conformance.profile)?;
            for finding in &conformance.findings {
                writeln!(f, "  - {finding}")?;
            }
        }
        write!(f, "{}", if self.valid { "VALID" } else { "INVALID" })
    }
}
