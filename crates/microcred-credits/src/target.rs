//! Stacking targets and the holdings stacked against them.

use chrono::{DateTime, Days, Months, NaiveDateTime, TimeDelta, Utc};
use microcred_model::elm::{CreditPoint, LearningAchievement};
use microcred_model::vocab::EqfLevel;
use microcred_model::{DurationUnit, EuropeanDigitalCredential, IsoDuration, OneOrMany, XsdDateTime};
use serde::{Deserialize, Serialize};

use crate::error::TargetError;
use crate::number::Credits;

/// The prefix of ISCED-F 2013 field concepts.
pub const ISCED_F_PREFIX: &str = "http://data.europa.eu/snb/isced-f/";

/// What a larger qualification needs from the micro-credentials a learner holds.
///
/// In JSON (camelCase; unknown fields are errors):
///
/// ```json
/// {
///   "title": "Certificate in Applied Data Science",
///   "credits": "30",
///   "groups": [
///     { "name": "ICT", "field": "06", "credits": "10" },
///     { "outcome": "http://data.europa.eu/esco/skill/ccdf3597-5c80-410f-896d-e1bdfa223de9", "credits": "0" }
///   ],
///   "minEqfLevel": 6,
///   "maxAge": "P5Y",
///   "maxCreditsPerProvider": "20"
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Target {
    /// A title for reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The credits needed in total.
    pub credits: Credits,
    /// Groups within the total: credits needed in a field (ISCED-F) or for a learning outcome.
    /// Each counted credential counts toward at most one group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// The lowest EQF level a credential may have to count (1 to 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_eqf_level: Option<u8>,
    /// The oldest a credential may be, as an ISO 8601 duration back from "now" (`P5Y`), counted
    /// on the calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<IsoDuration>,
    /// The most credits that count from one provider (issuer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_credits_per_provider: Option<Credits>,
    /// The credit framework whose credits count (concept IRI; default ECTS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_framework: Option<String>,
}

/// A group of the target: credits needed in a field or for a learning outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Group {
    /// A name for reports (default: the field or outcome).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An ISCED-F 2013 code (`06`, `061`, `0613`); a credential matches when one of its fields
    /// starts with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A learning outcome or skill IRI (ESCO...); a credential matches when one of its learning
    /// outcomes has this id or relates to this skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The credits needed in the group. Every group also needs at least one credential.
    #[serde(default)]
    pub credits: Credits,
}

impl Group {
    /// A group of credits in an ISCED-F field.
    pub fn field(code: &str, credits: Credits) -> Group {
        Group {
            name: None,
            field: Some(code.to_owned()),
            outcome: None,
            credits,
        }
    }

    /// A group of credits for a learning outcome or skill IRI.
    pub fn outcome(iri: &str, credits: Credits) -> Group {
        Group {
            name: None,
            field: None,
            outcome: Some(iri.to_owned()),
            credits,
        }
    }

    /// The name for reports.
    pub fn label(&self) -> String {
        match (&self.name, &self.field, &self.outcome) {
            (Some(name), _, _) => name.clone(),
            (None, Some(field), _) => format!("field {field}"),
            (None, None, Some(outcome)) => format!("outcome {outcome}"),
            (None, None, None) => "group".to_owned(),
        }
    }

    /// Whether a holding counts toward this group.
    pub fn matches(&self, holding: &Holding) -> bool {
        if let Some(field) = &self.field {
            return holding.fields.iter().any(|f| f.starts_with(field.as_str()));
        }
        if let Some(outcome) = &self.outcome {
            return holding.outcomes.iter().chain(&holding.skills).any(|o| o == outcome);
        }
        false
    }
}

/// The most groups a target may have.
pub const MAX_GROUPS: usize = 64;

impl Target {
    /// A target of `credits` in total, with no other constraint.
    pub fn new(credits: Credits) -> Target {
        Target {
            title: None,
            credits,
            groups: Vec::new(),
            min_eqf_level: None,
            max_age: None,
            max_credits_per_provider: None,
            credit_framework: None,
        }
    }

    /// Add a group.
    pub fn with_group(mut self, group: Group) -> Target {
        self.groups.push(group);
        self
    }

    /// Set the lowest EQF level.
    pub fn with_min_eqf_level(mut self, level: EqfLevel) -> Target {
        self.min_eqf_level = Some(level.get());
        self
    }

    /// Set the oldest a credential may be.
    pub fn with_max_age(mut self, age: IsoDuration) -> Target {
        self.max_age = Some(age);
        self
    }

    /// Set the most credits that count from one provider.
    pub fn with_max_credits_per_provider(mut self, credits: Credits) -> Target {
        self.max_credits_per_provider = Some(credits);
        self
    }

    /// Read a target from JSON. Errors name the JSON path; unknown fields (typos) are errors.
    pub fn from_json_str(text: &str) -> Result<Target, TargetError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let target: Target = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.inner();
            let path = if path == "." || path == "?" {
                format!("line {}, column {}", inner.line(), inner.column())
            } else {
                path
            };
            let message = inner.to_string();
            let message = message
                .rfind(" at line ")
                .and_then(|at| message.get(..at))
                .unwrap_or(&message)
                .to_owned();
            TargetError::Syntax { path, message }
        })?;
        deserializer.end().map_err(|e| TargetError::Syntax {
            path: format!("line {}, column {}", e.line(), e.column()),
            message: "trailing characters after the target".into(),
        })?;
        target.validate()?;
        Ok(target)
    }

    /// Check the target's values.
    pub fn validate(&self) -> Result<(), TargetError> {
        let value = |field: String, message: String| TargetError::Value { field, message };
        if self.groups.len() > MAX_GROUPS {
            return Err(value("groups".into(), format!("at most {MAX_GROUPS} groups")));
        }
        for (i, group) in self.groups.iter().enumerate() {
            match (&group.field, &group.outcome) {
                (Some(field), None) => {
                    if !(2..=4).contains(&field.len()) || !field.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(value(
                            format!("groups[{i}].field"),
                            format!("`{field}` is not an ISCED-F 2013 code (2 to 4 digits, such as `06` or `0613`)"),
                        ));
                    }
                }
                (None, Some(outcome)) => {
                    if outcome.trim().is_empty() || !outcome.contains(':') {
                        return Err(value(
                            format!("groups[{i}].outcome"),
                            format!("`{outcome}` is not an IRI"),
                        ));
                    }
                }
                _ => {
                    return Err(value(
                        format!("groups[{i}]"),
                        "a group has exactly one of `field` and `outcome`".into(),
                    ));
                }
            }
        }
        if let Some(level) = self.min_eqf_level {
            EqfLevel::new(level).map_err(|e| value("minEqfLevel".into(), e.to_string()))?;
        }
        if let Some(age) = &self.max_age {
            if age
                .components()
                .iter()
                .any(|c| c.nanos != 0 && matches!(c.unit, DurationUnit::Years | DurationUnit::Months))
            {
                return Err(value(
                    "maxAge".into(),
                    format!("`{age}`: fractions of years or months have no calendar meaning"),
                ));
            }
        }
        if self.max_credits_per_provider.is_some_and(Credits::is_zero) {
            return Err(value("maxCreditsPerProvider".into(), "must be more than 0".into()));
        }
        Ok(())
    }

    /// The credit framework whose credits count.
    pub fn framework(&self) -> &str {
        self.credit_framework
            .as_deref()
            .unwrap_or(microcred_model::vocab::ECTS.id)
    }

    /// The oldest awarding instant that still counts, or `None` without a maximum age (or when
    /// the age reaches before the calendar's start).
    pub fn oldest_allowed(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let age = self.max_age.as_ref()?;
        let mut instant = now;
        for component in age.components() {
            let whole = u32::try_from(component.whole).unwrap_or(u32::MAX);
            instant = match component.unit {
                DurationUnit::Years => instant.checked_sub_months(Months::new(whole.saturating_mul(12)))?,
                DurationUnit::Months => instant.checked_sub_months(Months::new(whole))?,
                DurationUnit::Weeks => instant.checked_sub_days(Days::new(component.whole.saturating_mul(7)))?,
                DurationUnit::Days => instant.checked_sub_days(Days::new(component.whole))?,
                unit => {
                    let per_unit: i64 = match unit {
                        DurationUnit::Hours => 3_600_000_000_000,
                        DurationUnit::Minutes => 60_000_000_000,
                        _ => 1_000_000_000,
                    };
                    let whole = i64::try_from(component.whole).ok()?;
                    let nanos = whole
                        .checked_mul(per_unit)?
                        .checked_add(i64::from(component.nanos).checked_mul(per_unit / 1_000_000_000)?)?;
                    instant.checked_sub_signed(TimeDelta::nanoseconds(nanos))?
                }
            };
            // Fractional weeks and days: add the fraction as clock time.
            if component.nanos != 0 && matches!(component.unit, DurationUnit::Weeks | DurationUnit::Days) {
                let day_nanos: i64 = if component.unit == DurationUnit::Weeks {
                    7 * 86_400
                } else {
                    86_400
                };
                let fraction = i64::from(component.nanos).checked_mul(day_nanos)?;
                instant = instant.checked_sub_signed(TimeDelta::nanoseconds(fraction))?;
            }
        }
        Some(instant)
    }
}

/// One credential a learner holds, as stacking sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Holding {
    /// The credential's id (its IRI); a credential held twice counts once.
    pub id: String,
    /// The provider: the issuer's id, else its legal name.
    pub provider: String,
    /// The credits, in the target's framework.
    pub credits: Credits,
    /// When it was awarded (its age reference).
    pub awarded: Option<DateTime<Utc>>,
    /// The EQF level (the lowest one stated, if several achievements state one).
    pub eqf_level: Option<EqfLevel>,
    /// ISCED-F codes of its fields of education.
    pub fields: Vec<String>,
    /// IRIs of its learning outcomes. Two credentials that share one are alternatives: at most
    /// one of them counts.
    pub outcomes: Vec<String>,
    /// IRIs of skills its learning outcomes relate to (ESCO...): they match outcome groups but
    /// do not make credentials alternatives.
    pub skills: Vec<String>,
}

/// Why a held credential cannot count at all.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase", tag = "reason")]
#[non_exhaustive]
pub enum Exclusion {
    /// It states no credits in the framework.
    NoCredits,
    /// A credit value is not a decimal number.
    InvalidCredits {
        /// The JSON path of the value.
        path: String,
        /// The value as written.
        value: String,
    },
    /// It has no EQF level, and the target needs one.
    NoEqfLevel,
    /// Its EQF level is below the target's minimum.
    EqfLevelTooLow {
        /// Its level.
        level: u8,
        /// The minimum.
        minimum: u8,
    },
    /// It has no awarding or issue date, and the target has a maximum age.
    NoDate,
    /// It is older than the target's maximum age.
    TooOld {
        /// When it was awarded.
        awarded: String,
        /// The oldest date that counts.
        oldest_allowed: String,
    },
    /// It was awarded after "now".
    AwardedInTheFuture {
        /// When it was awarded.
        awarded: String,
    },
    /// Another credential with the same id is counted instead.
    Duplicate,
}

impl std::fmt::Display for Exclusion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exclusion::NoCredits => f.write_str("no credits in the target's framework"),
            Exclusion::InvalidCredits { path, value } => write!(f, "`{value}` at {path} is not a number of credits"),
            Exclusion::NoEqfLevel => f.write_str("no EQF level, and the target has a minimum level"),
            Exclusion::EqfLevelTooLow { level, minimum } => {
                write!(f, "EQF level {level} is below the minimum {minimum}")
            }
            Exclusion::NoDate => f.write_str("no awarding or issue date, and the target has a maximum age"),
            Exclusion::TooOld {
                awarded,
                oldest_allowed,
            } => write!(
                f,
                "awarded {awarded}, before the oldest date that counts ({oldest_allowed})"
            ),
            Exclusion::AwardedInTheFuture { awarded } => write!(f, "awarded {awarded}, after the reference time"),
            Exclusion::Duplicate => f.write_str("the same credential id is held twice; it counts once"),
        }
    }
}

fn instant(value: &XsdDateTime) -> Option<DateTime<Utc>> {
    // A time without zone is read as UTC.
    value.instant().or_else(|| {
        NaiveDateTime::parse_from_str(value.as_str(), "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|n| n.and_utc())
    })
}

fn credits_in(
    points: Option<&OneOrMany<CreditPoint>>,
    framework: &str,
    path: &str,
) -> Result<Option<Credits>, Exclusion> {
    let Some(points) = points else { return Ok(None) };
    for (i, point) in points.iter().enumerate() {
        if point.framework.as_ref().is_some_and(|f| f.id != framework) {
            continue;
        }
        let Some(value) = point.point.as_deref() else { continue };
        let at = if matches!(points, OneOrMany::Many(_)) {
            format!("{path}[{i}].point")
        } else {
            format!("{path}.point")
        };
        return Credits::parse(value).map(Some).map_err(|_| Exclusion::InvalidCredits {
            path: at,
            value: value.to_owned(),
        });
    }
    Ok(None)
}

fn achievement_credits(
    achievement: &LearningAchievement,
    framework: &str,
    path: &str,
) -> Result<Option<Credits>, Exclusion> {
    // Credits the learner received take precedence over the specification's.
    if let Some(received) = credits_in(
        achievement.credit_received.as_ref(),
        framework,
        &format!("{path}.creditReceived"),
    )? {
        return Ok(Some(received));
    }
    credits_in(
        achievement.specified_by.as_ref().and_then(|s| s.credit_point.as_ref()),
        framework,
        &format!("{path}.specifiedBy.creditPoint"),
    )
}

impl Holding {
    /// A holding with an id and credits; the other properties empty.
    pub fn new(id: impl Into<String>, credits: Credits) -> Holding {
        Holding {
            id: id.into(),
            provider: String::new(),
            credits,
            awarded: None,
            eqf_level: None,
            fields: Vec::new(),
            outcomes: Vec::new(),
            skills: Vec::new(),
        }
    }

    /// Read what stacking needs from a credential: credits of its learning achievements in
    /// `framework` (`creditReceived`, else `specifiedBy.creditPoint`; summed over achievements),
    /// the issuer as provider, the awarding date (else `issued`, `issuanceDate`, `validFrom`),
    /// the lowest EQF level, ISCED-F fields, learning outcome ids and related skills.
    /// `fallback_id` names a credential without an `id`.
    pub fn from_credential(
        credential: &EuropeanDigitalCredential,
        framework: &str,
        fallback_id: &str,
    ) -> Result<Holding, Exclusion> {
        let mut credits: Option<Credits> = None;
        let mut holding = Holding::new(
            credential.id.clone().unwrap_or_else(|| fallback_id.to_owned()),
            Credits::ZERO,
        );
        holding.provider = credential
            .issuer
            .id
            .clone()
            .or_else(|| {
                credential
                    .issuer
                    .legal_name
                    .as_ref()
                    .and_then(|n| n.best("en"))
                    .map(str::to_owned)
            })
            .unwrap_or_default();
        let claims = credential.credential_subject.has_claim.as_ref();
        let many = matches!(claims, Some(OneOrMany::Many(_)));
        let mut awarded: Option<DateTime<Utc>> = None;
        for (i, claim) in claims.into_iter().flat_map(|c| c.iter()).enumerate() {
            let Some(achievement) = claim.as_achievement() else {
                continue;
            };
            let path = if many {
                format!("credentialSubject.hasClaim[{i}]")
            } else {
                "credentialSubject.hasClaim".to_owned()
            };
            if let Some(c) = achievement_credits(achievement, framework, &path)? {
                credits = Some(
                    credits
                        .unwrap_or(Credits::ZERO)
                        .checked_add(c)
                        .ok_or(Exclusion::InvalidCredits {
                            path,
                            value: c.to_string(),
                        })?,
                );
            }
            if let Some(date) = achievement
                .awarded_by
                .as_ref()
                .and_then(|a| a.awarding_date.as_ref())
                .and_then(instant)
            {
                awarded = Some(awarded.map_or(date, |a| a.min(date)));
            }
            if let Some(spec) = &achievement.specified_by {
                if let Some(level) = spec.eqf_level.as_ref().and_then(|c| EqfLevel::from_iri(&c.id).ok()) {
                    holding.eqf_level = Some(holding.eqf_level.map_or(level, |l| l.min(level)));
                }
                for area in spec.thematic_area.iter().flat_map(|a| a.iter()) {
                    if let Some(code) = area.id.strip_prefix(ISCED_F_PREFIX) {
                        holding.fields.push(code.to_owned());
                    }
                }
                for outcome in spec.learning_outcome.iter().flat_map(|o| o.iter()) {
                    // `urn:epass:...` ids are local node ids of the EDC issuer, the same in
                    // unrelated credentials: they identify nothing across credentials.
                    if let Some(id) = outcome.id.as_deref().filter(|id| !id.starts_with("urn:epass:")) {
                        holding.outcomes.push(id.to_owned());
                    }
                    for skill in outcome
                        .related_esco_skill
                        .iter()
                        .chain(&outcome.related_skill)
                        .flat_map(|s| s.iter())
                    {
                        holding.skills.push(skill.id.clone());
                    }
                }
            }
        }
        holding.awarded = awarded
            .or_else(|| credential.issued.as_ref().and_then(instant))
            .or_else(|| credential.issuance_date.as_ref().and_then(instant))
            .or_else(|| credential.valid_from.as_ref().and_then(instant));
        holding.credits = credits.ok_or(Exclusion::NoCredits)?;
        if holding.credits.is_zero() {
            return Err(Exclusion::NoCredits);
        }
        for list in [&mut holding.fields, &mut holding.outcomes, &mut holding.skills] {
            list.sort();
            list.dedup();
        }
        Ok(holding)
    }
}
