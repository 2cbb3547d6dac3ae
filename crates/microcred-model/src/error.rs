//! Errors of the model crate. Each says what was wrong and where.

/// A value that fails its lexical or domain check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// Not a BCP 47 language tag.
    #[error("`{0}` is not a language tag (expected something like `en`, `cs` or `pt-BR`)")]
    LanguageTag(String),
    /// Not a lexical `xsd:dateTime`.
    #[error("`{0}` is not an xsd:dateTime (expected something like `2024-06-30T12:00:00Z`)")]
    DateTime(String),
    /// Not an ISO 8601 duration.
    #[error("`{value}` is not an ISO 8601 duration: {reason} (expected something like `PT60H`)")]
    Duration {
        /// The value as written.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// Not an EQF level 1 to 8.
    #[error("`{0}` is not an EQF level (1 to 8)")]
    EqfLevel(String),
    /// Not an ISO 3166-1 alpha-2 or alpha-3 country code known to the EU country table.
    #[error("`{0}` is not a known country code (use ISO 3166-1 alpha-2 such as `CZ`, or alpha-3 such as `CZE`)")]
    Country(String),
    /// Not a language with an EU language authority code.
    #[error("`{0}` is not a language with an EU language authority code (use ISO 639-1 such as `en`, `cs`)")]
    Language(String),
    /// A credit point value that is not a non-negative decimal number.
    #[error("`{0}` is not a credit point value (a non-negative decimal number such as `5` or `2.5`)")]
    CreditPoints(String),
    /// Text that must not be empty.
    #[error("the text is empty")]
    EmptyText,
    /// Not an absolute IRI.
    #[error("`{0}` is not an absolute IRI (expected something like `https://...`, `urn:...` or `did:...`)")]
    Iri(String),
}

/// A credential that cannot be read as ELM.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Not JSON at all.
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// The line (1-based).
        line: usize,
        /// The column (1-based).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// JSON, but a value does not fit the ELM model.
    #[error("at `{path}`: {message}")]
    Model {
        /// The JSON path of the value, such as `credentialSubject.hasClaim.specifiedBy.volumeOfLearning`.
        path: String,
        /// What was wrong.
        message: String,
    },
}
