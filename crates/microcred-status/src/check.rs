//! The verifier's side: check a credential's `BitstringStatusListEntry` elements against their
//! status list credentials. Anything that prevents a definite answer yields
//! [`CredentialStatus::Unknown`], never [`CredentialStatus::Valid`].

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde_json::Value;
use thiserror::Error;

use crate::bitstring::Bitstring;
use crate::codec::{self, DecodeLimits};
use crate::error::{BitstringError, FormatError, ResolveError};
use crate::model::{
    self, BitstringStatusListCredential, BitstringStatusListEntry, MIN_ENTRIES, StatusListIndex, StatusPurpose,
};
use crate::resolve::StatusListResolver;

/// The proofs of a status list credential did not verify. The cause stays opaque.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{reason}")]
pub struct ProofRejected {
    reason: String,
}

impl ProofRejected {
    /// A rejection described by `reason`.
    pub fn new(reason: impl Into<String>) -> Self {
        Self { reason: reason.into() }
    }
}

/// Verifies every proof on a status list credential. The facade implements it with
/// `microcred-sign`; it should also check that the verification method belongs to the list's
/// `issuer`.
pub trait ListCredentialVerifier {
    /// `Ok(())` only when every proof on `credential` verifies.
    ///
    /// # Errors
    /// [`ProofRejected`] otherwise.
    fn verify_list_credential(&self, credential: &Value) -> Result<(), ProofRejected>;
}

impl<T: ListCredentialVerifier + ?Sized> ListCredentialVerifier for &T {
    fn verify_list_credential(&self, credential: &Value) -> Result<(), ProofRejected> {
        (**self).verify_list_credential(credential)
    }
}

impl<T: ListCredentialVerifier + ?Sized> ListCredentialVerifier for Box<T> {
    fn verify_list_credential(&self, credential: &Value) -> Result<(), ProofRejected> {
        (**self).verify_list_credential(credential)
    }
}

/// Why a status could not be determined. Every variant makes the status *unknown*.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum UnknownStatus {
    /// The credential's status entry is malformed.
    #[error("malformed status entry: {0}")]
    MalformedEntry(FormatError),
    /// The credential has no `issuer` to compare with the list's.
    #[error("the credential has no usable issuer: {0}")]
    CredentialIssuer(FormatError),
    /// The list credential could not be retrieved (missing, unreachable, not JSON).
    #[error("status list unavailable: {0}")]
    Unavailable(ResolveError),
    /// The list credential has no proof.
    #[error("status list {url} is unsigned")]
    Unsigned {
        /// The list URL.
        url: String,
    },
    /// The list credential's proof does not verify.
    #[error("status list {url}: proof rejected: {reason}")]
    ProofRejected {
        /// The list URL.
        url: String,
        /// Why (opaque).
        reason: String,
    },
    /// The list credential is malformed (including an undecodable `encodedList`).
    #[error("status list {url} is malformed: {source}")]
    MalformedList {
        /// The list URL.
        url: String,
        /// What is wrong, with its JSON path.
        source: FormatError,
    },
    /// The list credential is not valid yet.
    #[error("status list {url} is not valid before {valid_from}")]
    NotYetValid {
        /// The list URL.
        url: String,
        /// Its `validFrom` (RFC 3339).
        valid_from: String,
    },
    /// The list credential has expired.
    #[error("status list {url} expired at {valid_until}")]
    Expired {
        /// The list URL.
        url: String,
        /// Its `validUntil` (RFC 3339).
        valid_until: String,
    },
    /// The copy at hand is older than the list's `ttl` allows.
    #[error("status list {url} was retrieved at {retrieved_at}, more than its ttl of {ttl_ms} ms ago")]
    Stale {
        /// The list URL.
        url: String,
        /// When it was retrieved (RFC 3339).
        retrieved_at: String,
        /// Its `ttl` in milliseconds.
        ttl_ms: u64,
    },
    /// The list is issued by someone other than the credential's issuer.
    #[error("status list {url} is issued by {list_issuer}, not by the credential's issuer {credential_issuer}")]
    IssuerMismatch {
        /// The list URL.
        url: String,
        /// The credential's issuer.
        credential_issuer: String,
        /// The list's issuer.
        list_issuer: String,
    },
    /// The list does not serve the entry's purpose.
    #[error("status list {url} serves {list_purposes}, not the entry's purpose {entry_purpose}")]
    PurposeMismatch {
        /// The list URL.
        url: String,
        /// The entry's `statusPurpose`.
        entry_purpose: StatusPurpose,
        /// The list's purposes, comma-separated.
        list_purposes: String,
    },
    /// The list is shorter than the minimum number of entries (herd privacy).
    #[error("status list {url} has {entries} entries, fewer than the minimum of {minimum}")]
    ListTooShort {
        /// The list URL.
        url: String,
        /// Its entries at the entry's `statusSize`.
        entries: u64,
        /// The configured minimum.
        minimum: u64,
    },
    /// The index lies outside the list.
    #[error("status list {url}: {source}")]
    IndexOutOfRange {
        /// The list URL.
        url: String,
        /// The range failure.
        source: BitstringError,
    },
}

/// A definite answer for one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryStatus {
    /// The entry's purpose.
    pub purpose: StatusPurpose,
    /// The list URL.
    pub list_url: String,
    /// The index.
    pub index: StatusListIndex,
    /// The value stored there (0: not set).
    pub value: u32,
    /// The entry's `statusMessage` for that value, when the entry has a message table.
    pub message: Option<String>,
}

/// The outcome for one `credentialStatus` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryReport {
    /// JSON path of the element, e.g. `credentialStatus[1]`.
    pub path: String,
    /// The answer, or why there is none.
    pub outcome: Result<EntryStatus, UnknownStatus>,
}

/// The combined status of a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialStatus {
    /// Every status entry was checked and none is set.
    Valid,
    /// A revocation entry is set.
    Revoked {
        /// The entry's message for the value, when it has a message table.
        message: Option<String>,
    },
    /// A suspension entry is set (and no revocation entry).
    Suspended {
        /// The entry's message for the value, when it has a message table.
        message: Option<String>,
    },
    /// At least one entry could not be checked and none is revoked or suspended.
    Unknown(UnknownStatus),
    /// The credential has no `BitstringStatusListEntry`: it cannot be revoked this way.
    NoStatus,
}

impl fmt::Display for CredentialStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialStatus::Valid => f.write_str("valid"),
            CredentialStatus::Revoked { message: None } => f.write_str("revoked"),
            CredentialStatus::Revoked { message: Some(m) } => write!(f, "revoked ({m})"),
            CredentialStatus::Suspended { message: None } => f.write_str("suspended"),
            CredentialStatus::Suspended { message: Some(m) } => write!(f, "suspended ({m})"),
            CredentialStatus::Unknown(reason) => write!(f, "unknown: {reason}"),
            CredentialStatus::NoStatus => f.write_str("no status entry"),
        }
    }
}

/// The result of checking a credential: the combined status and each entry's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusReport {
    /// The combined status: revoked over suspended over unknown over valid.
    pub status: CredentialStatus,
    /// One report per `BitstringStatusListEntry`, in document order.
    pub entries: Vec<EntryReport>,
}

/// How strictly to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckOptions {
    /// The minimum number of entries a list must have (131,072 by default; some ecosystems
    /// use shorter lists).
    pub min_entries: u64,
    /// Limits for decoding `encodedList`.
    pub decode_limits: DecodeLimits,
    /// Accept a list issued by someone other than the credential's issuer. Off by default;
    /// turn it on only when the verifier trusts the list's issuer by other means.
    pub allow_foreign_list_issuer: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            min_entries: MIN_ENTRIES,
            decode_limits: DecodeLimits::default(),
            allow_foreign_list_issuer: false,
        }
    }
}

impl CheckOptions {
    /// Strict defaults.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Set the minimum number of entries.
    #[must_use]
    pub fn min_entries(mut self, min_entries: u64) -> Self {
        self.min_entries = min_entries;
        self
    }

    /// The named lenient path: accept lists issued by another party.
    #[must_use]
    pub fn allow_foreign_list_issuer(mut self) -> Self {
        self.allow_foreign_list_issuer = true;
        self
    }
}

/// A status list credential that was retrieved, verified, parsed and decoded: keep it to check
/// many entries against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedList {
    url: String,
    credential: BitstringStatusListCredential,
    bits: Bitstring,
    retrieved_at: Option<DateTime<Utc>>,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl VerifiedList {
    /// Verify and decode `document`, retrieved from `url`.
    ///
    /// # Errors
    /// [`UnknownStatus::Unsigned`], [`UnknownStatus::ProofRejected`] or
    /// [`UnknownStatus::MalformedList`].
    pub fn verify(
        url: &str,
        document: &Value,
        retrieved_at: Option<DateTime<Utc>>,
        verifier: &dyn ListCredentialVerifier,
        limits: DecodeLimits,
    ) -> Result<Self, UnknownStatus> {
        let has_proof = match document.get("proof") {
            None | Some(Value::Null) => false,
            Some(Value::Array(proofs)) => !proofs.is_empty(),
            Some(_) => true,
        };
        if !has_proof {
            return Err(UnknownStatus::Unsigned { url: url.to_owned() });
        }
        verifier
            .verify_list_credential(document)
            .map_err(|e| UnknownStatus::ProofRejected {
                url: url.to_owned(),
                reason: e.to_string(),
            })?;
        let credential =
            BitstringStatusListCredential::from_json(document).map_err(|source| UnknownStatus::MalformedList {
                url: url.to_owned(),
                source,
            })?;
        let bits = codec::decode_with_limits(&credential.subject.encoded_list, limits).map_err(|source| {
            UnknownStatus::MalformedList {
                url: url.to_owned(),
                source: FormatError::EncodedList {
                    path: "credentialSubject.encodedList".into(),
                    source,
                },
            }
        })?;
        Ok(Self {
            url: url.to_owned(),
            credential,
            bits,
            retrieved_at,
        })
    }

    /// The parsed list credential.
    #[must_use]
    pub fn credential(&self) -> &BitstringStatusListCredential {
        &self.credential
    }

    /// The decoded bits.
    #[must_use]
    pub fn bits(&self) -> &Bitstring {
        &self.bits
    }

    /// Check that the list is usable at `now`: validity window and `ttl`.
    ///
    /// # Errors
    /// [`UnknownStatus::NotYetValid`], [`UnknownStatus::Expired`] or [`UnknownStatus::Stale`].
    pub fn check_current(&self, now: DateTime<Utc>) -> Result<(), UnknownStatus> {
        if let Some(from) = self.credential.valid_from {
            if now < from {
                return Err(UnknownStatus::NotYetValid {
                    url: self.url.clone(),
                    valid_from: rfc3339(from),
                });
            }
        }
        if let Some(until) = self.credential.valid_until {
            if now > until {
                return Err(UnknownStatus::Expired {
                    url: self.url.clone(),
                    valid_until: rfc3339(until),
                });
            }
        }
        if let (Some(retrieved_at), Some(ttl_ms)) = (self.retrieved_at, self.credential.subject.ttl) {
            let ttl = i64::try_from(ttl_ms).map_or(TimeDelta::MAX, TimeDelta::milliseconds);
            if retrieved_at
                .checked_add_signed(ttl)
                .is_some_and(|fresh_until| now > fresh_until)
            {
                return Err(UnknownStatus::Stale {
                    url: self.url.clone(),
                    retrieved_at: rfc3339(retrieved_at),
                    ttl_ms,
                });
            }
        }
        Ok(())
    }

    /// The status of `entry` (of a credential issued by `credential_issuer`) in this list.
    ///
    /// # Errors
    /// An [`UnknownStatus`] from the currency, issuer, purpose, length and range checks.
    pub fn status_of(
        &self,
        entry: &BitstringStatusListEntry,
        credential_issuer: &str,
        now: DateTime<Utc>,
        options: &CheckOptions,
    ) -> Result<EntryStatus, UnknownStatus> {
        self.check_current(now)?;
        if !options.allow_foreign_list_issuer && self.credential.issuer != credential_issuer {
            return Err(UnknownStatus::IssuerMismatch {
                url: self.url.clone(),
                credential_issuer: credential_issuer.to_owned(),
                list_issuer: self.credential.issuer.clone(),
            });
        }
        if !self.credential.subject.status_purpose.contains(&entry.status_purpose) {
            let list_purposes = self
                .credential
                .subject
                .status_purpose
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(UnknownStatus::PurposeMismatch {
                url: self.url.clone(),
                entry_purpose: entry.status_purpose,
                list_purposes,
            });
        }
        let entries = self.bits.entries(entry.status_size);
        if entries < options.min_entries {
            return Err(UnknownStatus::ListTooShort {
                url: self.url.clone(),
                entries,
                minimum: options.min_entries,
            });
        }
        let value = self
            .bits
            .get(entry.status_list_index, entry.status_size)
            .map_err(|source| UnknownStatus::IndexOutOfRange {
                url: self.url.clone(),
                source,
            })?;
        let message = if entry.status_message.is_empty() {
            None
        } else {
            entry.message_for(value).map(str::to_owned)
        };
        Ok(EntryStatus {
            purpose: entry.status_purpose,
            list_url: self.url.clone(),
            index: entry.status_list_index,
            value,
            message,
        })
    }
}

/// Checks credentials' status with a resolver and a list-credential proof verifier.
///
/// ```
/// use microcred_status::{CheckOptions, CredentialStatus, MemoryResolver, StatusChecker};
/// # use microcred_status::{ListCredentialVerifier, ProofRejected};
/// # struct Sign; impl ListCredentialVerifier for Sign {
/// #     fn verify_list_credential(&self, _: &serde_json::Value) -> Result<(), ProofRejected> {
/// #         Err(ProofRejected::new("no key"))
/// #     }
/// # }
/// let resolver = MemoryResolver::new(); // holds no lists
/// let checker = StatusChecker::new(resolver, Sign);
/// let credential = serde_json::json!({
///     "issuer": "did:web:uni.example",
///     "credentialStatus": {
///         "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
///         "statusListIndex": "94567", "statusListCredential": "https://uni.example/status/1"
///     }
/// });
/// // A list that cannot be retrieved makes the status unknown, never valid.
/// assert!(matches!(checker.check(&credential).status, CredentialStatus::Unknown(_)));
/// ```
#[derive(Debug)]
pub struct StatusChecker<R, V> {
    resolver: R,
    verifier: V,
    options: CheckOptions,
    reuse: Option<TimeDelta>,
    verified: Mutex<HashMap<String, VerifiedEntry>>,
}

/// A list verified earlier: the exact document, the result, and when it was verified.
#[derive(Debug)]
struct VerifiedEntry {
    document: Value,
    list: Arc<VerifiedList>,
    verified_at: DateTime<Utc>,
}

/// How many verified lists a checker keeps at most.
const MAX_VERIFIED_LISTS: usize = 1024;

impl<R: StatusListResolver, V: ListCredentialVerifier> StatusChecker<R, V> {
    /// A checker with strict default options.
    pub fn new(resolver: R, verifier: V) -> Self {
        Self {
            resolver,
            verifier,
            options: CheckOptions::default(),
            reuse: None,
            verified: Mutex::new(HashMap::new()),
        }
    }

    /// Reuse a verified and decoded list for up to `max_age` while the resolver keeps returning
    /// the very same document, instead of verifying its proof and decoding it again for every
    /// check. Off by default. A changed document is always verified again; `max_age` bounds how
    /// long a proof result (which may depend on a DID document) is trusted.
    #[must_use]
    pub fn with_verified_list_reuse(mut self, max_age: TimeDelta) -> Self {
        self.reuse = Some(max_age);
        self
    }

    /// Replace the options.
    #[must_use]
    pub fn with_options(mut self, options: CheckOptions) -> Self {
        self.options = options;
        self
    }

    /// The options in force.
    #[must_use]
    pub fn options(&self) -> &CheckOptions {
        &self.options
    }

    /// Check `credential` now.
    #[must_use]
    pub fn check(&self, credential: &Value) -> StatusReport {
        self.check_at(credential, Utc::now())
    }

    /// Check `credential` as of `now`. The credential's own proof is not checked here.
    #[must_use]
    pub fn check_at(&self, credential: &Value, now: DateTime<Utc>) -> StatusReport {
        let found = BitstringStatusListEntry::all_in(credential);
        if found.is_empty() {
            return StatusReport {
                status: CredentialStatus::NoStatus,
                entries: Vec::new(),
            };
        }
        let issuer = model::issuer_id(credential)
            .map_err(|e| UnknownStatus::CredentialIssuer(e.unwrap_or_else(|| FormatError::missing("issuer"))));
        let entries: Vec<EntryReport> = found
            .into_iter()
            .map(|(path, parsed)| {
                let outcome = parsed.map_err(UnknownStatus::MalformedEntry).and_then(|entry| {
                    let issuer = issuer.as_ref().map_err(Clone::clone)?;
                    self.check_entry_at(&entry, issuer, now)
                });
                EntryReport { path, outcome }
            })
            .collect();
        StatusReport {
            status: combine(&entries),
            entries,
        }
    }

    /// Retrieve, verify and decode the list at `url` (as of `now`, which only matters when
    /// verified lists are reused).
    ///
    /// # Errors
    /// [`UnknownStatus::Unavailable`], or an error of [`VerifiedList::verify`].
    pub fn load_list(&self, url: &str, now: DateTime<Utc>) -> Result<Arc<VerifiedList>, UnknownStatus> {
        let resolved = self.resolver.resolve(url).map_err(UnknownStatus::Unavailable)?;
        let Some(max_age) = self.reuse else {
            let list = VerifiedList::verify(
                url,
                &resolved.document,
                resolved.retrieved_at,
                &self.verifier,
                self.options.decode_limits,
            )?;
            return Ok(Arc::new(list));
        };
        let key = url.split_once('#').map_or(url, |(base, _)| base);
        {
            let cache = self.verified.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(entry) = cache.get(key) {
                let fresh = now >= entry.verified_at && now - entry.verified_at <= max_age;
                if fresh && entry.document == resolved.document {
                    if entry.list.retrieved_at == resolved.retrieved_at {
                        return Ok(Arc::clone(&entry.list));
                    }
                    let mut list = (*entry.list).clone();
                    list.retrieved_at = resolved.retrieved_at;
                    return Ok(Arc::new(list));
                }
            }
        }
        let list = Arc::new(VerifiedList::verify(
            url,
            &resolved.document,
            resolved.retrieved_at,
            &self.verifier,
            self.options.decode_limits,
        )?);
        let mut cache = self.verified.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if cache.len() >= MAX_VERIFIED_LISTS {
            cache.clear();
        }
        cache.insert(
            key.to_owned(),
            VerifiedEntry {
                document: resolved.document,
                list: Arc::clone(&list),
                verified_at: now,
            },
        );
        Ok(list)
    }

    /// Check one entry of a credential issued by `credential_issuer`.
    ///
    /// # Errors
    /// An [`UnknownStatus`] saying why there is no definite answer.
    pub fn check_entry_at(
        &self,
        entry: &BitstringStatusListEntry,
        credential_issuer: &str,
        now: DateTime<Utc>,
    ) -> Result<EntryStatus, UnknownStatus> {
        self.load_list(&entry.status_list_credential, now)?
            .status_of(entry, credential_issuer, now, &self.options)
    }
}

fn combine(entries: &[EntryReport]) -> CredentialStatus {
    let set_with = |purpose: StatusPurpose| {
        entries.iter().find_map(|e| match &e.outcome {
            Ok(status) if status.purpose == purpose && status.value != 0 => Some(status.message.clone()),
            _ => None,
        })
    };
    if let Some(message) = set_with(StatusPurpose::Revocation) {
        return CredentialStatus::Revoked { message };
    }
    if let Some(message) = set_with(StatusPurpose::Suspension) {
        return CredentialStatus::Suspended { message };
    }
    if let Some(unknown) = entries.iter().find_map(|e| e.outcome.as_ref().err()) {
        return CredentialStatus::Unknown(unknown.clone());
    }
    CredentialStatus::Valid
}
