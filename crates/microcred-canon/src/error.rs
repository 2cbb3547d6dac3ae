//! The error type of this crate.

use std::fmt;

/// Everything that can go wrong while loading contexts, expanding JSON-LD, converting it to RDF,
/// parsing N-Quads, canonicalizing a dataset or serializing JSON with JCS.
///
/// Messages say what was wrong and where: a JSON path such as `$.credentialSubject.name`, a
/// context URL, or a line and column of N-Quads text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A context URL that is not in the [`ContextStore`](crate::ContextStore). Contexts are never
    /// fetched from the network.
    #[error("unknown JSON-LD context <{url}> at {path}: not in the context store (contexts are never fetched)")]
    UnknownContext {
        /// The context URL, after resolution against the base IRI.
        url: String,
        /// JSON path of the `@context` entry that named it.
        path: String,
    },
    /// A context tried to change a protected term (for example VC 2.0 and `edc-ap` both define
    /// a protected `description`).
    #[error("protected term redefinition: the protected term `{term}` is redefined by the context at {path}")]
    ProtectedTermRedefinition {
        /// The term.
        term: String,
        /// JSON path of the context that redefines it.
        path: String,
    },
    /// A JSON-LD 1.1 processing error, with the error code of the JSON-LD 1.1 API.
    #[error("JSON-LD error `{code}` at {path}: {detail}")]
    JsonLd {
        /// The JSON-LD error code.
        code: JsonLdErrorCode,
        /// JSON path in the document (or in a context document, prefixed by its URL).
        path: String,
        /// What exactly was wrong.
        detail: String,
    },
    /// Safe mode: the document holds data that JSON-LD would silently drop or change, so a
    /// signature over its RDF form would not cover it.
    #[error("safe mode: {violation} at {path}: {detail}")]
    Unsafe {
        /// What kind of data would be lost.
        violation: SafeModeViolation,
        /// JSON path of the offending key or value.
        path: String,
        /// The term, IRI or value concerned.
        detail: String,
    },
    /// A context document given to [`ContextStore::insert`](crate::ContextStore::insert) is not
    /// usable.
    #[error("invalid context document for <{url}>: {reason}")]
    InvalidContextDocument {
        /// The URL it was to be stored under.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// Input text that is not JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// Input text that is not N-Quads.
    #[error("invalid N-Quads at line {line}, column {column}: {message}")]
    NQuads {
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What was expected.
        message: String,
    },
    /// RDFC-1.0 needed more work than allowed (a "poison" graph of many indistinguishable blank
    /// nodes); see [`rdfc::Options::work_limit`](crate::rdfc::Options).
    #[error("RDFC-1.0 work limit of {limit} steps exceeded: the dataset has too many indistinguishable blank nodes")]
    WorkLimitExceeded {
        /// The limit in force.
        limit: u64,
    },
    /// JCS (RFC 8785) cannot represent a number (only with `serde_json/arbitrary_precision`).
    #[error("JCS: the number {number} at {path} is not a finite IEEE 754 double")]
    NumberOutOfRange {
        /// The number as written.
        number: String,
        /// JSON path of the number.
        path: String,
    },
    /// The document nests deeper than the processor allows.
    #[error("document nesting exceeds the depth limit of {limit} at {path}")]
    TooDeep {
        /// The limit in force.
        limit: usize,
        /// JSON path where it was exceeded.
        path: String,
    },
}

/// The error codes of the JSON-LD 1.1 API that this processor reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonLdErrorCode {
    /// `colliding keywords`
    CollidingKeywords,
    /// `context overflow`
    ContextOverflow,
    /// `cyclic IRI mapping`
    CyclicIriMapping,
    /// `invalid @id value`
    InvalidIdValue,
    /// `invalid @import value`
    InvalidImportValue,
    /// `invalid @included value`
    InvalidIncludedValue,
    /// `invalid @index value`
    InvalidIndexValue,
    /// `invalid @nest value`
    InvalidNestValue,
    /// `invalid @prefix value`
    InvalidPrefixValue,
    /// `invalid @propagate value`
    InvalidPropagateValue,
    /// `invalid @protected value`
    InvalidProtectedValue,
    /// `invalid @reverse value`
    InvalidReverseValue,
    /// `invalid @version value`
    InvalidVersionValue,
    /// `invalid base direction`
    InvalidBaseDirection,
    /// `invalid base IRI`
    InvalidBaseIri,
    /// `invalid container mapping`
    InvalidContainerMapping,
    /// `invalid context entry`
    InvalidContextEntry,
    /// `invalid context nullification`
    InvalidContextNullification,
    /// `invalid default language`
    InvalidDefaultLanguage,
    /// `invalid IRI mapping`
    InvalidIriMapping,
    /// `invalid JSON literal`
    InvalidJsonLiteral,
    /// `invalid keyword alias`
    InvalidKeywordAlias,
    /// `invalid language map value`
    InvalidLanguageMapValue,
    /// `invalid language mapping`
    InvalidLanguageMapping,
    /// `invalid language-tagged string`
    InvalidLanguageTaggedString,
    /// `invalid language-tagged value`
    InvalidLanguageTaggedValue,
    /// `invalid local context`
    InvalidLocalContext,
    /// `invalid remote context`
    InvalidRemoteContext,
    /// `invalid reverse property`
    InvalidReverseProperty,
    /// `invalid reverse property map`
    InvalidReversePropertyMap,
    /// `invalid reverse property value`
    InvalidReversePropertyValue,
    /// `invalid scoped context`
    InvalidScopedContext,
    /// `invalid set or list object`
    InvalidSetOrListObject,
    /// `invalid term definition`
    InvalidTermDefinition,
    /// `invalid type mapping`
    InvalidTypeMapping,
    /// `invalid type value`
    InvalidTypeValue,
    /// `invalid typed value`
    InvalidTypedValue,
    /// `invalid value object`
    InvalidValueObject,
    /// `invalid value object value`
    InvalidValueObjectValue,
    /// `invalid vocab mapping`
    InvalidVocabMapping,
    /// `IRI confused with prefix`
    IriConfusedWithPrefix,
    /// `keyword redefinition`
    KeywordRedefinition,
    /// `loading remote context failed`
    LoadingRemoteContextFailed,
    /// `processing mode conflict`
    ProcessingModeConflict,
    /// `protected term redefinition`
    ProtectedTermRedefinition,
}

impl JsonLdErrorCode {
    /// The error code as the JSON-LD 1.1 API spells it.
    pub fn as_str(self) -> &'static str {
        use JsonLdErrorCode as C;
        match self {
            C::CollidingKeywords => "colliding keywords",
            C::ContextOverflow => "context overflow",
            C::CyclicIriMapping => "cyclic IRI mapping",
            C::InvalidIdValue => "invalid @id value",
            C::InvalidImportValue => "invalid @import value",
            C::InvalidIncludedValue => "invalid @included value",
            C::InvalidIndexValue => "invalid @index value",
            C::InvalidNestValue => "invalid @nest value",
            C::InvalidPrefixValue => "invalid @prefix value",
            C::InvalidPropagateValue => "invalid @propagate value",
            C::InvalidProtectedValue => "invalid @protected value",
            C::InvalidReverseValue => "invalid @reverse value",
            C::InvalidVersionValue => "invalid @version value",
            C::InvalidBaseDirection => "invalid base direction",
            C::InvalidBaseIri => "invalid base IRI",
            C::InvalidContainerMapping => "invalid container mapping",
            C::InvalidContextEntry => "invalid context entry",
            C::InvalidContextNullification => "invalid context nullification",
            C::InvalidDefaultLanguage => "invalid default language",
            C::InvalidIriMapping => "invalid IRI mapping",
            C::InvalidJsonLiteral => "invalid JSON literal",
            C::InvalidKeywordAlias => "invalid keyword alias",
            C::InvalidLanguageMapValue => "invalid language map value",
            C::InvalidLanguageMapping => "invalid language mapping",
            C::InvalidLanguageTaggedString => "invalid language-tagged string",
            C::InvalidLanguageTaggedValue => "invalid language-tagged value",
            C::InvalidLocalContext => "invalid local context",
            C::InvalidRemoteContext => "invalid remote context",
            C::InvalidReverseProperty => "invalid reverse property",
            C::InvalidReversePropertyMap => "invalid reverse property map",
            C::InvalidReversePropertyValue => "invalid reverse property value",
            C::InvalidScopedContext => "invalid scoped context",
            C::InvalidSetOrListObject => "invalid set or list object",
            C::InvalidTermDefinition => "invalid term definition",
            C::InvalidTypeMapping => "invalid type mapping",
            C::InvalidTypeValue => "invalid type value",
            C::InvalidTypedValue => "invalid typed value",
            C::InvalidValueObject => "invalid value object",
            C::InvalidValueObjectValue => "invalid value object value",
            C::InvalidVocabMapping => "invalid vocab mapping",
            C::IriConfusedWithPrefix => "IRI confused with prefix",
            C::KeywordRedefinition => "keyword redefinition",
            C::LoadingRemoteContextFailed => "loading remote context failed",
            C::ProcessingModeConflict => "processing mode conflict",
            C::ProtectedTermRedefinition => "protected term redefinition",
        }
    }
}

impl fmt::Display for JsonLdErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What safe mode refused: data that a JSON-LD processor would drop or alter silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SafeModeViolation {
    /// A property key that does not expand to an absolute IRI (undefined term, `null` term, or
    /// a compact IRI with an unknown prefix).
    UndefinedTerm,
    /// A type (`@type` / `type`) that does not expand to an absolute IRI.
    UndefinedType,
    /// A relative IRI reference (in `@id`, a typed value's datatype or a graph name) that
    /// stays relative because there is no base IRI.
    RelativeIri,
    /// A key that looks like a keyword (`@foo`) but is not one.
    ReservedKeyword,
    /// A value outside any node (free-floating), which JSON-LD drops.
    FreeFloatingValue,
    /// An object with no properties, which JSON-LD drops.
    EmptyObject,
    /// A language tag that is not well-formed BCP 47.
    InvalidLanguageTag,
    /// A property that expands to a blank node, which RDF cannot hold as a predicate.
    BlankNodePredicate,
    /// A base direction (`@direction`), which RDF conversion would drop.
    DirectionDropped,
    /// An `@id` or `@type` value that is `null` or not a valid IRI.
    InvalidIri,
}

impl fmt::Display for SafeModeViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use SafeModeViolation as V;
        f.write_str(match self {
            V::UndefinedTerm => "term does not expand to an absolute IRI (JSON-LD would drop it)",
            V::UndefinedType => "type does not expand to an absolute IRI (JSON-LD would drop it)",
            V::RelativeIri => "relative IRI reference (no base IRI; RDF would drop it)",
            V::ReservedKeyword => "reserved keyword-like key (JSON-LD would drop it)",
            V::FreeFloatingValue => "free-floating value (JSON-LD would drop it)",
            V::EmptyObject => "empty object (JSON-LD would drop it)",
            V::InvalidLanguageTag => "language tag is not well-formed BCP 47",
            V::BlankNodePredicate => "property expands to a blank node (RDF would drop it)",
            V::DirectionDropped => "@direction is not representable in RDF (it would be dropped)",
            V::InvalidIri => "value is not a valid IRI (RDF would drop it)",
        })
    }
}

/// A JSON path being walked, rendered only when an error is reported.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    /// The document root, `$`.
    Root,
    /// A member of an object.
    Key(&'a Path<'a>, &'a str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
    /// The root of a remote context document.
    Context(&'a str),
}

impl<'a> Path<'a> {
    pub(crate) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    pub(crate) fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => out.push('$'),
            Path::Context(url) => {
                out.push('<');
                out.push_str(url);
                out.push_str(">$");
            }
            Path::Key(parent, key) => {
                parent.write(out);
                let plain = !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@' || c == '-');
                if plain {
                    out.push('.');
                    out.push_str(key);
                } else {
                    out.push('[');
                    out.push_str(&serde_json::Value::String((*key).to_owned()).to_string());
                    out.push(']');
                }
            }
            Path::Index(parent, index) => {
                parent.write(out);
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }

    /// Depth of the path (number of segments).
    pub(crate) fn depth(&self) -> usize {
        match self {
            Path::Root | Path::Context(_) => 0,
            Path::Key(p, _) | Path::Index(p, _) => p.depth() + 1,
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write(&mut s);
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_as_json_paths() {
        let root = Path::Root;
        let a = root.key("credentialSubject");
        let b = a.index(2);
        let c = b.key("odd key");
        assert_eq!(c.to_string(), "$.credentialSubject[2][\"odd key\"]");
        assert_eq!(c.depth(), 3);
        let ctx = Path::Context("https://x/y");
        assert_eq!(ctx.key("@context").to_string(), "<https://x/y>$.@context");
    }
}
