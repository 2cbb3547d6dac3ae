//! Credit framework profiles: the rules of ECTS or of a national framework, as data.
//!
//! A profile is a small TOML (or JSON) document; the built-in ones are in the crate's
//! `profiles/` folder and an institution loads its own the same way. Unknown fields are errors,
//! so a typo (`hours_per_credti`) is reported with its line and column instead of silently
//! ignored.

use serde::{Deserialize, Serialize};

use crate::convert::Rounding;
use crate::duration::DurationConvention;
use crate::error::{NumberError, ProfileError};
use crate::number::{Credits, HoursBand};

const ECTS_TOML: &str = include_str!("../profiles/ects.toml");
const CZ_TOML: &str = include_str!("../profiles/cz.toml");

/// The names of the built-in profiles, for [`Profile::builtin`].
pub const BUILTIN_PROFILES: &[&str] = &["ects", "cz"];

/// The allowed number of credits of one micro-credential (either bound optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditRange {
    /// The fewest credits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Credits>,
    /// The most credits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Credits>,
}

impl CreditRange {
    /// Whether `credits` lies in the range.
    pub fn contains(&self, credits: Credits) -> bool {
        self.min.is_none_or(|min| min <= credits) && self.max.is_none_or(|max| credits <= max)
    }
}

impl std::fmt::Display for CreditRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.min, self.max) {
            (Some(min), Some(max)) => write!(f, "{min} to {max} credits"),
            (Some(min), None) => write!(f, "at least {min} credits"),
            (None, Some(max)) => write!(f, "at most {max} credits"),
            (None, None) => f.write_str("any number of credits"),
        }
    }
}

/// The rules of a credit framework for micro-credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Profile {
    /// A short name (`ECTS`, `CZ`, an institution's own).
    pub name: String,
    /// What the profile is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The concept IRI of the credit framework whose `creditPoint` values count (ECTS).
    #[serde(default = "ects_framework")]
    pub credit_framework: String,
    /// Credits allowed for one micro-credential.
    #[serde(default)]
    pub credits: CreditRange,
    /// Hours of notional workload per credit.
    pub hours_per_credit: HoursBand,
    /// Whether a micro-credential must state credits in the framework.
    #[serde(default)]
    pub require_credits: bool,
    /// Whether it must state its notional workload (`volumeOfLearning`).
    #[serde(default)]
    pub require_workload: bool,
    /// Whether it must state an EQF level.
    #[serde(default)]
    pub require_eqf_level: bool,
    /// How hours convert to credits.
    #[serde(default)]
    pub rounding: Rounding,
    /// How days and weeks of a workload convert to hours.
    #[serde(default)]
    pub durations: DurationConvention,
}

fn ects_framework() -> String {
    microcred_model::vocab::ECTS.id.to_owned()
}

impl Profile {
    /// A built-in profile: `ects` or `cz` (case-insensitive).
    pub fn builtin(name: &str) -> Result<Profile, ProfileError> {
        match name.to_ascii_lowercase().as_str() {
            "ects" => Profile::from_toml_str(ECTS_TOML),
            "cz" => Profile::from_toml_str(CZ_TOML),
            _ => Err(ProfileError::UnknownBuiltin(name.to_owned())),
        }
    }

    /// The ECTS profile.
    pub fn ects() -> Profile {
        // The built-in text is tested to parse; the fallback keeps this infallible.
        Profile::builtin("ects").unwrap_or_else(|_| Profile::fallback_ects())
    }

    fn fallback_ects() -> Profile {
        Profile {
            name: "ECTS".to_owned(),
            description: None,
            credit_framework: ects_framework(),
            credits: CreditRange::default(),
            hours_per_credit: HoursBand::ECTS,
            require_credits: true,
            require_workload: false,
            require_eqf_level: false,
            rounding: Rounding::default(),
            durations: DurationConvention::STRICT,
        }
    }

    /// The TOML text of a built-in profile: a starting point for an institution's own.
    pub fn builtin_toml(name: &str) -> Option<&'static str> {
        match name.to_ascii_lowercase().as_str() {
            "ects" => Some(ECTS_TOML),
            "cz" => Some(CZ_TOML),
            _ => None,
        }
    }

    /// Read a profile from TOML. Errors give the line, column and field.
    pub fn from_toml_str(text: &str) -> Result<Profile, ProfileError> {
        let deserializer = toml::de::Deserializer::parse(text).map_err(|e| toml_error(text, "", &e))?;
        let profile: Profile = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let path = e.path().to_string();
            toml_error(text, &path, e.inner())
        })?;
        profile.validate()
    }

    /// Read a profile from JSON (the same fields as the TOML form). Errors give the line,
    /// column and field.
    pub fn from_json_str(text: &str) -> Result<Profile, ProfileError> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let profile: Profile = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.inner();
            let mut location = format!("line {}, column {}", inner.line(), inner.column());
            if path != "." && path != "?" {
                location.push_str(&format!(", field `{path}`"));
            }
            ProfileError::Syntax {
                location,
                message: strip_position(&inner.to_string()),
            }
        })?;
        deserializer.end().map_err(|e| ProfileError::Syntax {
            location: format!("line {}, column {}", e.line(), e.column()),
            message: "trailing characters after the profile".into(),
        })?;
        profile.validate()
    }

    /// Read a profile from TOML or JSON: JSON when the text starts with `{`.
    pub fn from_str_auto(text: &str) -> Result<Profile, ProfileError> {
        if text.trim_start().starts_with('{') {
            Profile::from_json_str(text)
        } else {
            Profile::from_toml_str(text)
        }
    }

    /// The profile as TOML.
    pub fn to_toml_string(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    fn validate(self) -> Result<Profile, ProfileError> {
        let inconsistent = |field: &str, message: String| ProfileError::Inconsistent {
            field: field.to_owned(),
            message,
        };
        if self.name.trim().is_empty() {
            return Err(inconsistent("name", "the name is empty".into()));
        }
        HoursBand::new(self.hours_per_credit.min, self.hours_per_credit.max).map_err(|source| ProfileError::Value {
            field: "hours_per_credit".into(),
            source,
        })?;
        if let (Some(min), Some(max)) = (self.credits.min, self.credits.max) {
            if min > max {
                return Err(inconsistent("credits", format!("min {min} is larger than max {max}")));
            }
        }
        if self.rounding.step.is_zero() {
            return Err(ProfileError::Value {
                field: "rounding.step".into(),
                source: NumberError::Range {
                    what: "credit step",
                    value: "0".into(),
                    reason: "must be more than 0".into(),
                },
            });
        }
        for (field, value) in [
            ("durations.study_day", self.durations.study_day),
            ("durations.study_week", self.durations.study_week),
        ] {
            if value.is_some_and(|h| h.is_zero()) {
                return Err(ProfileError::Value {
                    field: field.into(),
                    source: NumberError::Range {
                        what: "hours",
                        value: "0".into(),
                        reason: "must be more than 0".into(),
                    },
                });
            }
        }
        Ok(self)
    }
}

fn toml_error(text: &str, path: &str, error: &toml::de::Error) -> ProfileError {
    let mut location = match error.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}")
        }
        None => "(unknown position)".to_owned(),
    };
    if !path.is_empty() && path != "." && path != "?" {
        location.push_str(&format!(", field `{path}`"));
    }
    ProfileError::Syntax {
        location,
        message: error.message().trim().to_owned(),
    }
}

fn strip_position(text: &str) -> String {
    match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or(text).to_owned(),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse_and_round_trip() {
        for name in BUILTIN_PROFILES {
            let profile = Profile::builtin(name).unwrap();
            assert_eq!(Profile::from_toml_str(&profile.to_toml_string()).unwrap(), profile);
            let json = serde_json::to_string(&profile).unwrap();
            assert_eq!(Profile::from_json_str(&json).unwrap(), profile);
        }
        let cz = Profile::builtin("CZ").unwrap();
        assert_eq!(cz.credits.min, Some(Credits::parse("1").unwrap()));
        assert_eq!(cz.credits.max, Some(Credits::parse("60").unwrap()));
        assert!(cz.require_eqf_level);
        assert_eq!(Profile::ects(), Profile::builtin("ects").unwrap());
        assert!(matches!(Profile::builtin("xx"), Err(ProfileError::UnknownBuiltin(_))));
    }

    #[test]
    fn typos_are_reported_with_their_position() {
        let text = "name = \"Uni\"\nhours_per_credti = { min = 25, max = 30 }\n";
        let error = Profile::from_toml_str(text).unwrap_err().to_string();
        assert!(
            error.contains("line 2, column 1") && error.contains("hours_per_credti"),
            "{error}"
        );
        let error =
            Profile::from_json_str("{\"name\": \"Uni\",\n \"hours_per_credit\": {\"min\": 25, \"max\": \"x\"}}")
                .unwrap_err()
                .to_string();
        assert!(
            error.contains("hours_per_credit.max") && error.contains("line 2"),
            "{error}"
        );
    }

    #[test]
    fn contradictions_are_errors() {
        let error = Profile::from_toml_str("name = \"U\"\nhours_per_credit = { min = 30, max = 25 }\n").unwrap_err();
        assert!(
            matches!(error, ProfileError::Value { ref field, .. } if field == "hours_per_credit"),
            "{error}"
        );
        let error = Profile::from_toml_str(
            "name = \"U\"\ncredits = { min = 5, max = 1 }\nhours_per_credit = { min = 25, max = 30 }\n",
        )
        .unwrap_err();
        assert!(
            matches!(error, ProfileError::Inconsistent { ref field, .. } if field == "credits"),
            "{error}"
        );
        let error = Profile::from_toml_str(
            "name = \"U\"\nhours_per_credit = { min = 25, max = 30 }\nrounding = { step = 0 }\n",
        )
        .unwrap_err();
        assert!(error.to_string().contains("rounding.step"), "{error}");
    }
}
