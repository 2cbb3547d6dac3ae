//! Errors of the credits crate. Each says what was wrong and where.

use microcred_model::DurationUnit;

/// A number (credits, hours, hours per credit) that is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NumberError {
    /// Not a plain non-negative decimal such as `5`, `2.5` or `37.5`.
    #[error("{what} `{value}` is not a decimal number: {reason} (expected something like `2.5`)")]
    Syntax {
        /// What the number stands for (`credits`, `hours`...).
        what: &'static str,
        /// The value as written.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A decimal number outside the range allowed for it.
    #[error("{what} `{value}` is out of range: {reason}")]
    Range {
        /// What the number stands for.
        what: &'static str,
        /// The value as written.
        value: String,
        /// The range that applies.
        reason: String,
    },
}

/// An ISO 8601 duration that cannot be turned into hours of workload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DurationError {
    /// The duration uses a unit whose length in hours depends on the calendar (years, months),
    /// or days and weeks when the convention treats them as calendar spans.
    #[error("`{duration}` uses {unit}, whose length in hours is ambiguous; a workload is stated in hours (`PT60H`){hint}", unit = unit_name(*unit), hint = hint.as_deref().map(|h| format!("; did you mean `{h}`?")).unwrap_or_default())]
    AmbiguousUnit {
        /// The duration as written.
        duration: String,
        /// The first ambiguous unit.
        unit: DurationUnit,
        /// A likely intended duration (`P60M` → `PT60M`), when one can be guessed for a hint.
        hint: Option<String>,
    },
    /// The duration is too large to compute with.
    #[error("`{duration}` is too large to convert to hours")]
    Overflow {
        /// The duration as written.
        duration: String,
    },
}

pub(crate) fn unit_name(unit: DurationUnit) -> &'static str {
    match unit {
        DurationUnit::Years => "years",
        DurationUnit::Months => "months",
        DurationUnit::Weeks => "weeks",
        DurationUnit::Days => "days",
        DurationUnit::Hours => "hours",
        DurationUnit::Minutes => "minutes",
        DurationUnit::Seconds => "seconds",
        _ => "an unknown unit",
    }
}

/// A profile file (TOML or JSON) that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// No built-in profile has this name.
    #[error("no built-in profile `{0}` (built-in profiles: `ects`, `cz`)")]
    UnknownBuiltin(String),
    /// The text is not valid TOML or JSON, or a field is unknown (a typo) or has the wrong shape.
    #[error("profile at {location}: {message}")]
    Syntax {
        /// Where: `line L, column C`, and the field path when known.
        location: String,
        /// What was wrong.
        message: String,
    },
    /// A value of the profile fails its check.
    #[error("profile field `{field}`: {source}")]
    Value {
        /// The field.
        field: String,
        /// The check that failed.
        source: NumberError,
    },
    /// The fields contradict each other.
    #[error("profile field `{field}`: {message}")]
    Inconsistent {
        /// The field.
        field: String,
        /// What contradicts what.
        message: String,
    },
}

/// A stacking target (JSON) that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TargetError {
    /// Not JSON, an unknown field (a typo), or a field of the wrong shape.
    #[error("target at `{path}`: {message}")]
    Syntax {
        /// The JSON path (or `line L, column C` for a syntax error).
        path: String,
        /// What was wrong.
        message: String,
    },
    /// A value fails its check.
    #[error("target field `{field}`: {message}")]
    Value {
        /// The JSON path of the field.
        field: String,
        /// What was wrong.
        message: String,
    },
}
