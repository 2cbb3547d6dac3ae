//! Error types. Each message says what was wrong and where (a JSON path, a byte offset, an
//! index); none carries a third-party type.

use thiserror::Error;

/// A bit or entry access outside the list, or a value that does not fit its entry.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BitstringError {
    /// The index lies past the last whole entry of the list.
    #[error("status list index {index} is out of range: the list holds {entries} entries")]
    IndexOutOfRange {
        /// The index asked for.
        index: u64,
        /// How many whole entries the list holds.
        entries: u64,
    },
    /// The value needs more bits than `statusSize`.
    #[error("status value {value} does not fit in a statusSize of {status_size} bits")]
    ValueTooLarge {
        /// The value to write.
        value: u32,
        /// The entry width in bits.
        status_size: u8,
    },
}

/// Why an `encodedList` could not be decoded. Each cause is its own variant.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The value does not start with the multibase base64url prefix `u`.
    #[error("encodedList does not start with the multibase base64url prefix \"u\" (found {found})")]
    MissingMultibasePrefix {
        /// What the value starts with (`nothing` when it is empty).
        found: String,
    },
    /// The base64url body is not valid base64url without padding.
    #[error("encodedList is not base64url without padding: {reason} at character {offset} of the base64url body")]
    InvalidBase64 {
        /// Character offset inside the body (after the `u`).
        offset: usize,
        /// What is wrong there.
        reason: String,
    },
    /// The decoded bytes are not a single well-formed GZIP member.
    #[error("encodedList is not valid GZIP: {reason}")]
    InvalidGzip {
        /// What is wrong with the GZIP data.
        reason: String,
    },
    /// The GZIP trailer declares an inflated size above the configured cap.
    #[error("encodedList declares {declared} inflated bytes, more than the limit of {limit} bytes")]
    DeclaredSizeTooLarge {
        /// The inflated size the GZIP trailer declares.
        declared: u64,
        /// The configured cap.
        limit: u64,
    },
    /// The stream inflates to more bytes than its trailer declares (a GZIP bomb or a lying
    /// trailer); inflation stopped at the declared size.
    #[error("encodedList inflates to more than the {declared} bytes its GZIP trailer declares")]
    InflatedBeyondDeclaredSize {
        /// The inflated size the GZIP trailer declares.
        declared: u64,
    },
    /// The stream inflates to fewer bytes than its trailer declares.
    #[error("encodedList inflates to {actual} bytes but its GZIP trailer declares {declared}")]
    InflatedSizeMismatch {
        /// The inflated size the GZIP trailer declares.
        declared: u64,
        /// The inflated size.
        actual: u64,
    },
    /// Bytes follow the GZIP member.
    #[error("encodedList has {bytes} bytes of trailing data after the GZIP member")]
    TrailingData {
        /// How many bytes follow.
        bytes: usize,
    },
    /// The list is empty once inflated.
    #[error("encodedList inflates to an empty bitstring")]
    Empty,
}

/// A GZIP encoder failure (only possible when the compressor itself fails).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("cannot GZIP-compress the status list: {reason}")]
pub struct EncodeError {
    pub(crate) reason: String,
}

/// A JSON value that does not have the shape the Recommendation requires.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FormatError {
    /// A required property is absent.
    #[error("{path}: missing")]
    Missing {
        /// JSON path of the property.
        path: String,
    },
    /// A property has the wrong JSON type.
    #[error("{path}: expected {expected}")]
    WrongType {
        /// JSON path of the property.
        path: String,
        /// What was expected there.
        expected: &'static str,
    },
    /// A property has the right type but a value that is not allowed.
    #[error("{path}: {reason}")]
    InvalidValue {
        /// JSON path of the property.
        path: String,
        /// Why the value is rejected.
        reason: String,
    },
    /// The `encodedList` cannot be decoded.
    #[error("{path}: {source}")]
    EncodedList {
        /// JSON path of `encodedList`.
        path: String,
        /// The decoding failure.
        source: DecodeError,
    },
}

impl FormatError {
    pub(crate) fn missing(path: impl Into<String>) -> Self {
        FormatError::Missing { path: path.into() }
    }
    pub(crate) fn wrong_type(path: impl Into<String>, expected: &'static str) -> Self {
        FormatError::WrongType {
            path: path.into(),
            expected,
        }
    }
    pub(crate) fn invalid(path: impl Into<String>, reason: impl Into<String>) -> Self {
        FormatError::InvalidValue {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

/// A value that cannot be turned into one of the validated newtypes.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ValueError {
    /// `statusListIndex` is not a base-10 integer in 0..2^64.
    #[error("statusListIndex {value:?} is not a base-10 integer between 0 and 2^64 - 1")]
    InvalidIndex {
        /// The rejected text.
        value: String,
    },
    /// `statusSize` is outside 1..=16.
    #[error("statusSize {value} is not between 1 and {max}")]
    InvalidStatusSize {
        /// The rejected size.
        value: u64,
        /// The largest size supported.
        max: u8,
    },
    /// `statusPurpose` is not one the Recommendation defines.
    #[error("statusPurpose {value:?} is not one of refresh, revocation, suspension, message")]
    UnknownPurpose {
        /// The rejected purpose.
        value: String,
    },
    /// A list length below one entry, or too large to hold in memory.
    #[error("a status list of {entries} entries cannot be created: {reason}")]
    InvalidListLength {
        /// The requested number of entries.
        entries: u64,
        /// Why not.
        reason: &'static str,
    },
}

/// Changing an entry of a managed list failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ChangeError {
    /// The index is outside the list, or a value does not fit.
    #[error(transparent)]
    Bitstring(#[from] BitstringError),
    /// The operation does not fit the list's purpose (e.g. suspending on a revocation list).
    #[error("cannot {operation} index {index} on a {purpose} list")]
    WrongPurpose {
        /// What was attempted.
        operation: &'static str,
        /// The index.
        index: u64,
        /// The list's purpose.
        purpose: String,
    },
    /// Revocation is permanent: a revoked entry cannot be cleared.
    #[error("index {index} is revoked, and revocation cannot be undone")]
    RevocationIsPermanent {
        /// The index.
        index: u64,
    },
    /// The entry already has the requested state.
    #[error("index {index} is already {state}")]
    AlreadyInState {
        /// The index.
        index: u64,
        /// Its state.
        state: &'static str,
    },
    /// Reinstating an entry that is not suspended.
    #[error("index {index} is not suspended")]
    NotSuspended {
        /// The index.
        index: u64,
    },
}

/// Index allocation failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AllocError {
    /// The operating system's random number generator failed.
    #[error("cannot draw a secret key for the index allocator: {reason}")]
    Randomness {
        /// The OS error.
        reason: String,
    },
    /// Every list number has been used (after 2^64 lists).
    #[error("the allocator has used every list number")]
    Exhausted,
    /// A persisted allocator state is inconsistent.
    #[error("allocator state: {reason}")]
    InvalidState {
        /// What is inconsistent.
        reason: String,
    },
}

/// The caller-supplied signer refused or failed to sign a status list credential. The cause
/// stays opaque, as for `signature::Error`.
#[derive(Debug, Error)]
#[error("signing the status list credential failed: {message}")]
pub struct SignError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl SignError {
    /// A signing failure described by `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// A signing failure caused by `source`.
    pub fn from_source(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self {
            message: source.to_string(),
            source: Some(Box::new(source)),
        }
    }
}

/// Producing a (signed) status list credential failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PublishError {
    /// Compressing the list failed.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// The signer failed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// The validity window is empty (validUntil not after validFrom).
    #[error("validUntil {valid_until} is not after validFrom {valid_from}")]
    EmptyValidity {
        /// The start.
        valid_from: String,
        /// The end.
        valid_until: String,
    },
}

/// A resolver could not produce a status list credential.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// There is no status list credential at that URL.
    #[error("no status list credential for {url}")]
    NotFound {
        /// The statusListCredential URL.
        url: String,
    },
    /// The source could not be reached or read.
    #[error("cannot retrieve {url}: {reason}")]
    Unreachable {
        /// The statusListCredential URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The URL cannot be mapped by this resolver (bad scheme, path traversal, query...).
    #[error("cannot resolve {url}: {reason}")]
    UnsupportedUrl {
        /// The statusListCredential URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// What was retrieved is not a JSON object.
    #[error("{url} is not a JSON document: {reason}")]
    NotJson {
        /// The statusListCredential URL.
        url: String,
        /// The parse error, with line and column.
        reason: String,
    },
}
