//! The profile and consistency check of one credential.
//!
//! For every learning achievement the credential claims, the check compares the credits
//! (`specifiedBy.creditPoint` in the profile's framework) with the profile's range, the notional
//! workload (`specifiedBy.volumeOfLearning`) with the credits through the profile's hours per
//! credit, the learning activities' workloads with the notional workload, and the EQF level
//! with the EQF vocabulary (levels 1 to 8). Each finding names the JSON path of the value, in the
//! form of the Annex I report (`credentialSubject.hasClaim.specifiedBy.creditPoint.point`, with
//! `[i]` where the credential has an array).

use std::fmt;

use microcred_model::elm::{Claim, CreditPoint, LearningAchievement, LearningActivity};
use microcred_model::vocab::EqfLevel;
use microcred_model::{DurationUnit, EuropeanDigitalCredential, IsoDuration, OneOrMany, ParseError};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::duration::{duration_hours, minimum_clock_hours};
use crate::error::DurationError;
use crate::number::{Credits, Hours};
use crate::profile::Profile;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Severity {
    /// Something the reader should know; not a fault.
    Info,
    /// Probably wrong, or impossible to check (an ambiguous unit).
    Warning,
    /// The credential breaks a rule of the profile or is inconsistent.
    Error,
}

/// What a finding is about (a stable code for programs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FindingCode {
    /// The credential cannot be read as ELM.
    NotElm,
    /// The credential claims no learning achievement.
    NoAchievement,
    /// A `point` is not a decimal number of credits.
    InvalidCredits,
    /// No credits in the profile's framework, which requires them.
    MissingCredits,
    /// Credits outside the profile's range.
    CreditsOutOfRange,
    /// Several credit values in the profile's framework that disagree.
    ConflictingCredits,
    /// Credits received exceed the credits of the specification.
    CreditsReceivedExceedSpecified,
    /// Credits stated only in another framework.
    OtherCreditFramework,
    /// No notional workload, which the profile requires.
    MissingWorkload,
    /// A workload in a unit whose length in hours is ambiguous (months, years, days, weeks).
    AmbiguousWorkloadUnit,
    /// A workload too large to compute with.
    WorkloadOverflow,
    /// Hours per credit outside the profile's band.
    HoursInconsistentWithCredits,
    /// The learning activities add up to more than the notional workload.
    ActivitiesExceedWorkload,
    /// The notional workload cannot fit in the maximum duration.
    WorkloadExceedsMaximumDuration,
    /// No EQF level, which the profile requires.
    MissingEqfLevel,
    /// An EQF level that is not a concept of levels 1 to 8.
    InvalidEqfLevel,
}

/// One finding of the check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The JSON path of the value the finding is about.
    pub path: String,
    /// How serious it is.
    pub severity: Severity,
    /// What it is about.
    pub code: FindingCode,
    /// A sentence for people.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}: {}: {}", self.path, self.message)
    }
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Check a credential given as JSON: parse it with the model, then [`check_credential`]. A
/// credential the model cannot read gives one [`FindingCode::NotElm`] error naming where.
pub fn check_value(credential: &Value, profile: &Profile) -> Vec<Finding> {
    match EuropeanDigitalCredential::from_value(credential.clone()) {
        Ok(credential) => check_credential(&credential, profile),
        Err(error) => {
            let path = match &error {
                ParseError::Model { path, .. } => path.clone(),
                _ => "(root)".to_owned(),
            };
            vec![Finding {
                path,
                severity: Severity::Error,
                code: FindingCode::NotElm,
                message: error.to_string(),
            }]
        }
    }
}

/// Check a credential against a profile: credits, workload, their consistency and the EQF
/// level of every learning achievement it claims, and the workload units of its activities.
pub fn check_credential(credential: &EuropeanDigitalCredential, profile: &Profile) -> Vec<Finding> {
    let mut checker = Checker {
        profile,
        findings: Vec::new(),
    };
    let base = "credentialSubject.hasClaim";
    let mut achievements = 0;
    if let Some(claims) = &credential.credential_subject.has_claim {
        for (path, claim) in indexed(base, claims) {
            match claim {
                Claim::Achievement(achievement) => {
                    achievements += 1;
                    checker.achievement(&path, achievement);
                }
                Claim::Activity(activity) => {
                    checker.activity(&path, activity, None);
                }
                _ => {}
            }
        }
    }
    if achievements == 0 {
        checker.push(
            base,
            Severity::Warning,
            FindingCode::NoAchievement,
            "the credential claims no learning achievement, so it states no credits to check".to_owned(),
        );
    }
    checker.findings
}

/// The items of a one-or-many property with their paths (`[i]` only for arrays).
fn indexed<'a, T>(path: &str, values: &'a OneOrMany<T>) -> Vec<(String, &'a T)> {
    match values {
        OneOrMany::One(value) => vec![(path.to_owned(), value)],
        OneOrMany::Many(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("{path}[{i}]"), v))
            .collect(),
    }
}

struct Checker<'p> {
    profile: &'p Profile,
    findings: Vec<Finding>,
}

impl Checker<'_> {
    fn push(&mut self, path: &str, severity: Severity, code: FindingCode, message: String) {
        self.findings.push(Finding {
            path: path.to_owned(),
            severity,
            code,
            message,
        });
    }

    /// The credits in the profile's framework, checked; `None` when there are none usable.
    fn credits(&mut self, path: &str, points: Option<&OneOrMany<CreditPoint>>) -> Option<Credits> {
        let mut found: Vec<(String, Credits)> = Vec::new();
        let mut other_frameworks = Vec::new();
        for (point_path, point) in points.map(|p| indexed(path, p)).unwrap_or_default() {
            let framework = point.framework.as_ref().map(|f| f.id.as_str());
            if framework.is_some_and(|f| f != self.profile.credit_framework) {
                other_frameworks.push(point_path);
                continue;
            }
            let value_path = format!("{point_path}.point");
            match point.point.as_deref().map(Credits::parse) {
                Some(Ok(credits)) => found.push((value_path, credits)),
                Some(Err(error)) => self.push(
                    &value_path,
                    Severity::Error,
                    FindingCode::InvalidCredits,
                    error.to_string(),
                ),
                None => self.push(
                    &value_path,
                    Severity::Error,
                    FindingCode::InvalidCredits,
                    "the credit point states no `point` value".to_owned(),
                ),
            }
        }
        if found.is_empty() && !other_frameworks.is_empty() {
            let at = other_frameworks.join(", ");
            self.push(
                path,
                Severity::Info,
                FindingCode::OtherCreditFramework,
                format!(
                    "credits are stated only in other frameworks (at {at}); the profile `{}` reads {}",
                    self.profile.name, self.profile.credit_framework
                ),
            );
        }
        let (first_path, first) = found.first().cloned()?;
        for (other_path, other) in found.iter().skip(1) {
            if *other != first {
                self.push(
                    other_path,
                    Severity::Warning,
                    FindingCode::ConflictingCredits,
                    format!("{other} credits here, but {first} at {first_path}"),
                );
            }
        }
        Some(first)
    }

    fn workload(&mut self, path: &str, duration: &IsoDuration, context_hours: Option<(Hours, &str)>) -> Option<Hours> {
        match duration_hours(duration, &self.profile.durations) {
            Ok(hours) => Some(hours),
            Err(error @ DurationError::AmbiguousUnit { .. }) => {
                let mut message = error.to_string();
                if let (Some((hours, what)), [only]) = (context_hours, duration.components()) {
                    if only.unit == DurationUnit::Months
                        && only.nanos == 0
                        && hours.decimal() == Decimal::from(only.whole)
                    {
                        message.push_str(&format!(
                            "; {what} is {hours} h, so `PT{}H` is likely meant",
                            only.whole
                        ));
                    }
                }
                self.push(path, Severity::Warning, FindingCode::AmbiguousWorkloadUnit, message);
                None
            }
            Err(error) => {
                self.push(path, Severity::Error, FindingCode::WorkloadOverflow, error.to_string());
                None
            }
        }
    }

    fn achievement(&mut self, path: &str, achievement: &LearningAchievement) {
        let spec_path = format!("{path}.specifiedBy");
        let spec = achievement.specified_by.as_ref();
        let credits = self.credits(
            &format!("{spec_path}.creditPoint"),
            spec.and_then(|s| s.credit_point.as_ref()),
        );
        let received = self.credits(&format!("{path}.creditReceived"), achievement.credit_received.as_ref());
        let profile = self.profile;

        match credits {
            None if profile.require_credits => {
                self.push(
                    &format!("{spec_path}.creditPoint"),
                    Severity::Error,
                    FindingCode::MissingCredits,
                    format!(
                        "no credits in the framework {} (profile `{}` requires them)",
                        profile.credit_framework, profile.name
                    ),
                );
            }
            Some(credits) if !profile.credits.contains(credits) => {
                self.push(
                    &format!("{spec_path}.creditPoint.point"),
                    Severity::Error,
                    FindingCode::CreditsOutOfRange,
                    format!(
                        "{credits} credits; profile `{}` allows {}",
                        profile.name, profile.credits
                    ),
                );
            }
            _ => {}
        }
        if let (Some(credits), Some(received)) = (credits, received) {
            if received > credits {
                self.push(
                    &format!("{path}.creditReceived"),
                    Severity::Warning,
                    FindingCode::CreditsReceivedExceedSpecified,
                    format!("{received} credits received, more than the {credits} the specification states"),
                );
            }
        }

        let volume_path = format!("{spec_path}.volumeOfLearning");
        let volume = spec.and_then(|s| s.volume_of_learning.as_ref());
        let hours = volume.and_then(|v| self.workload(&volume_path, v, None));
        if volume.is_none() && profile.require_workload {
            self.push(
                &volume_path,
                Severity::Error,
                FindingCode::MissingWorkload,
                format!(
                    "no notional workload (profile `{}` requires `volumeOfLearning`, such as `PT60H`)",
                    profile.name
                ),
            );
        }

        if let (Some(credits), Some(hours)) = (credits, hours) {
            self.hours_against_credits(&volume_path, hours, credits);
        }

        // The learning activities that led to the achievement.
        let mut activity_sum = Some(Decimal::ZERO);
        let mut activities = 0;
        if let Some(influenced) = &achievement.influenced_by {
            for (activity_path, activity) in indexed(&format!("{path}.influencedBy"), influenced) {
                activities += 1;
                let context = hours.map(|h| (h, "the achievement's volumeOfLearning"));
                let activity_hours = self.activity(&activity_path, activity, context);
                activity_sum = match (activity_sum, activity_hours) {
                    (Some(sum), Some(h)) => sum.checked_add(h.decimal()),
                    _ => None,
                };
            }
        }
        if let (true, Some(sum)) = (activities > 0, activity_sum) {
            let sum = Hours::from_decimal(sum);
            let at = format!("{path}.influencedBy");
            if let Some(hours) = hours {
                if sum > hours {
                    self.push(&at, Severity::Warning, FindingCode::ActivitiesExceedWorkload, format!("the learning activities add up to {sum} h, more than the notional workload of {hours} h at {volume_path}"));
                }
            } else if let Some(credits) = credits {
                let most = credits.decimal().checked_mul(profile.hours_per_credit.max.decimal());
                if most.is_some_and(|most| sum.decimal() > most) {
                    self.push(&at, Severity::Warning, FindingCode::ActivitiesExceedWorkload, format!("the learning activities add up to {sum} h, more than {credits} credits allow at {} h per credit", profile.hours_per_credit.max));
                }
            }
        }

        if let (Some(hours), Some(maximum)) = (hours, spec.and_then(|s| s.maximum_duration.as_ref())) {
            if let Some(clock) = minimum_clock_hours(maximum) {
                if hours > clock {
                    self.push(&format!("{spec_path}.maximumDuration"), Severity::Warning, FindingCode::WorkloadExceedsMaximumDuration, format!("{hours} h of workload cannot fit in a maximum duration of `{maximum}` ({clock} clock hours at the least)"));
                }
            }
        }

        let eqf_path = format!("{spec_path}.eqfLevel");
        match spec.and_then(|s| s.eqf_level.as_ref()) {
            Some(concept) => {
                if let Err(error) = EqfLevel::from_iri(&concept.id) {
                    self.push(
                        &format!("{eqf_path}.id"),
                        Severity::Error,
                        FindingCode::InvalidEqfLevel,
                        format!("{error}: expected a concept `http://data.europa.eu/snb/eqf/1` to `.../8`"),
                    );
                }
            }
            None if profile.require_eqf_level => {
                self.push(
                    &eqf_path,
                    Severity::Error,
                    FindingCode::MissingEqfLevel,
                    format!("no EQF level (profile `{}` requires one)", profile.name),
                );
            }
            None => {}
        }
    }

    fn hours_against_credits(&mut self, path: &str, hours: Hours, credits: Credits) {
        let band = self.profile.hours_per_credit;
        if credits.is_zero() {
            return;
        }
        let low = credits.decimal().checked_mul(band.min.decimal());
        let high = credits.decimal().checked_mul(band.max.decimal());
        let (Some(low), Some(high)) = (low, high) else { return };
        if hours.decimal() < low || hours.decimal() > high {
            let per_credit = hours
                .decimal()
                .checked_div(credits.decimal())
                .unwrap_or_default()
                .round_dp(2)
                .normalize();
            self.push(
                path,
                Severity::Error,
                FindingCode::HoursInconsistentWithCredits,
                format!(
                    "{hours} h for {credits} credits is {per_credit} h per credit; profile `{}` allows {band}, that is {} to {} h for {credits} credits",
                    self.profile.name,
                    low.normalize(),
                    high.normalize()
                ),
            );
        }
    }

    /// Check an activity's workload units; return its hours (workload, else notional volume).
    fn activity(&mut self, path: &str, activity: &LearningActivity, context: Option<(Hours, &str)>) -> Option<Hours> {
        let workload_path = format!("{path}.workload");
        let volume_path = format!("{path}.specifiedBy.volumeOfLearning");
        let volume = activity
            .specified_by
            .as_ref()
            .and_then(|s| s.volume_of_learning.as_ref());
        // Convert quietly first, so that each duration can serve as context for the other.
        let workload_hours = activity
            .workload
            .as_ref()
            .and_then(|w| duration_hours(w, &self.profile.durations).ok());
        let volume_hours = volume.and_then(|v| duration_hours(v, &self.profile.durations).ok());
        let workload = activity.workload.as_ref().and_then(|w| {
            let context = volume_hours.map(|h| (h, "the activity's volumeOfLearning")).or(context);
            self.workload(&workload_path, w, context)
        });
        let notional = volume.and_then(|v| {
            let context = workload_hours.map(|h| (h, "the activity's workload")).or(context);
            self.workload(&volume_path, v, context)
        });
        workload.or(notional)
    }
}
