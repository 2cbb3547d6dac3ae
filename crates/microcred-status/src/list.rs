//! The issuer's side: a status list with its purpose, its bits and a journal of changes (with
//! reasons and times), published as an unsigned `BitstringStatusListCredential` and signed by a
//! caller-supplied [`ListCredentialSigner`].

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::bitstring::Bitstring;
use crate::codec::{self, DEFAULT_MAX_INFLATED_BYTES, DecodeLimits};
use crate::error::{BitstringError, ChangeError, FormatError, PublishError, SignError, ValueError};
use crate::model::{
    BitstringStatusList, BitstringStatusListCredential, MIN_ENTRIES, StatusListIndex, StatusPurpose, StatusSize,
};

/// Signs a status list credential. The facade implements it with `microcred-sign` (either
/// cryptosuite); an HSM or KMS can plug in the same way. Closures work too:
/// `|unsigned| -> Result<Value, SignError>`.
pub trait ListCredentialSigner {
    /// Return `unsigned` with a `proof` added.
    ///
    /// # Errors
    /// A [`SignError`] when signing fails.
    fn sign_list_credential(&self, unsigned: Value) -> Result<Value, SignError>;
}

impl<F> ListCredentialSigner for F
where
    F: Fn(Value) -> Result<Value, SignError>,
{
    fn sign_list_credential(&self, unsigned: Value) -> Result<Value, SignError> {
        self(unsigned)
    }
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum StatusAction {
    /// Revoked (revocation list; permanent).
    Revoke,
    /// Suspended (suspension list).
    Suspend,
    /// Reinstated: a suspension lifted.
    Reinstate,
    /// A value written to a `message` or `refresh` list, or to a multi-bit list.
    SetValue,
}

/// One journal line: which index changed, how, why and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    /// The index.
    pub index: StatusListIndex,
    /// What was done.
    pub action: StatusAction,
    /// The entry's value afterwards.
    pub value: u32,
    /// The reason given (kept by the issuer; never published in the list).
    pub reason: String,
    /// When the change took effect.
    pub at: DateTime<Utc>,
}

/// The validity of a published list credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publication {
    /// `validFrom`.
    pub valid_from: DateTime<Utc>,
    /// `validUntil`: verifiers treat the list as unknown after it, so re-publish before.
    pub valid_until: Option<DateTime<Utc>>,
    /// `ttl` in milliseconds: how long verifiers may cache the list.
    pub ttl_ms: Option<u64>,
}

/// A status list kept by an issuer. Serialize it (serde) to persist it; the bits are stored as
/// an `encodedList`.
///
/// ```
/// use chrono::Utc;
/// use microcred_status::{Publication, StatusList, StatusListIndex, StatusPurpose};
///
/// let mut list = StatusList::new("https://uni.example/status/1", StatusPurpose::Suspension);
/// let index = StatusListIndex::new(4711);
/// list.suspend(index, "disciplinary procedure pending", Utc::now())?;
/// assert_eq!(list.value(index)?, 1);
/// list.reinstate(index, "procedure closed", Utc::now())?;
/// let unsigned = list.credential("did:web:uni.example", Publication {
///     valid_from: Utc::now(), valid_until: None, ttl_ms: Some(300_000),
/// })?;
/// assert_eq!(unsigned["credentialSubject"]["statusPurpose"], "suspension");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusList {
    url: String,
    purpose: StatusPurpose,
    status_size: StatusSize,
    #[serde(serialize_with = "serialize_bits", deserialize_with = "deserialize_bits")]
    encoded_list: Bitstring,
    journal: Vec<StatusChange>,
}

fn serialize_bits<S: Serializer>(bits: &Bitstring, serializer: S) -> Result<S::Ok, S::Error> {
    let encoded = codec::encode(bits).map_err(serde::ser::Error::custom)?;
    serializer.serialize_str(&encoded)
}

fn deserialize_bits<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Bitstring, D::Error> {
    let encoded = String::deserialize(deserializer)?;
    codec::decode(&encoded).map_err(serde::de::Error::custom)
}

impl StatusList {
    /// A list of the default 131,072 one-bit entries, all zero. `url` is where the list
    /// credential will be published (its `id`, and the entries' `statusListCredential`).
    #[must_use]
    pub fn new(url: impl Into<String>, purpose: StatusPurpose) -> Self {
        Self {
            url: url.into(),
            purpose,
            status_size: StatusSize::ONE,
            encoded_list: Bitstring::zeroed(MIN_ENTRIES),
            journal: Vec::new(),
        }
    }

    /// A list of `entries` entries of `status_size` bits. Fewer than [`MIN_ENTRIES`] entries
    /// weakens herd privacy; allowed for ecosystems that use shorter lists.
    ///
    /// # Errors
    /// [`ValueError::InvalidListLength`] for 0 entries or a list above 16 MiB.
    pub fn with_entries(
        url: impl Into<String>,
        purpose: StatusPurpose,
        entries: u64,
        status_size: StatusSize,
    ) -> Result<Self, ValueError> {
        let bits = entries.checked_mul(u64::from(status_size.get()));
        match bits {
            _ if entries == 0 => Err(ValueError::InvalidListLength {
                entries,
                reason: "a list needs at least one entry",
            }),
            Some(bits) if bits.div_ceil(8) <= DEFAULT_MAX_INFLATED_BYTES => Ok(Self {
                url: url.into(),
                purpose,
                status_size,
                encoded_list: Bitstring::zeroed(bits),
                journal: Vec::new(),
            }),
            _ => Err(ValueError::InvalidListLength {
                entries,
                reason: "the list would exceed 16 MiB",
            }),
        }
    }

    /// Rebuild a list from a published status list credential (e.g. to change it and publish
    /// again). The journal starts empty. `status_size` is the width the entries use (the list
    /// credential itself does not say).
    ///
    /// # Errors
    /// A [`FormatError`] when the credential is not a status list credential, has several
    /// purposes, has no `id`, or its `encodedList` does not decode.
    pub fn from_credential(credential: &Value, status_size: StatusSize) -> Result<Self, FormatError> {
        let parsed = BitstringStatusListCredential::from_json(credential)?;
        let url = parsed.id.ok_or_else(|| FormatError::missing("id"))?;
        let purpose = match parsed.subject.status_purpose.as_slice() {
            [one] => *one,
            _ => {
                return Err(FormatError::invalid(
                    "credentialSubject.statusPurpose",
                    "a managed list has exactly one purpose",
                ));
            }
        };
        let bits =
            codec::decode_with_limits(&parsed.subject.encoded_list, DecodeLimits::default()).map_err(|source| {
                FormatError::EncodedList {
                    path: "credentialSubject.encodedList".into(),
                    source,
                }
            })?;
        Ok(Self {
            url,
            purpose,
            status_size,
            encoded_list: bits,
            journal: Vec::new(),
        })
    }

    /// The URL the list is published at.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The list's purpose.
    #[must_use]
    pub fn purpose(&self) -> StatusPurpose {
        self.purpose
    }

    /// The width of each entry.
    #[must_use]
    pub fn status_size(&self) -> StatusSize {
        self.status_size
    }

    /// The number of entries.
    #[must_use]
    pub fn entries(&self) -> u64 {
        self.encoded_list.entries(self.status_size)
    }

    /// The bits.
    #[must_use]
    pub fn bits(&self) -> &Bitstring {
        &self.encoded_list
    }

    /// Every change so far, oldest first.
    #[must_use]
    pub fn journal(&self) -> &[StatusChange] {
        &self.journal
    }

    /// The value of entry `index`.
    ///
    /// # Errors
    /// [`BitstringError::IndexOutOfRange`] past the end.
    pub fn value(&self, index: StatusListIndex) -> Result<u32, BitstringError> {
        self.encoded_list.get(index, self.status_size)
    }

    /// Revoke `index` (revocation lists only). Revocation is permanent.
    ///
    /// # Errors
    /// [`ChangeError::WrongPurpose`], [`ChangeError::AlreadyInState`], or an index out of range.
    pub fn revoke(
        &mut self,
        index: StatusListIndex,
        reason: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Result<(), ChangeError> {
        self.require(StatusPurpose::Revocation, "revoke", index)?;
        if self.value(index)? != 0 {
            return Err(ChangeError::AlreadyInState {
                index: index.get(),
                state: "revoked",
            });
        }
        self.write(index, StatusAction::Revoke, 1, reason.into(), at)
    }

    /// Suspend `index` (suspension lists only).
    ///
    /// # Errors
    /// [`ChangeError::WrongPurpose`], [`ChangeError::AlreadyInState`], or an index out of range.
    pub fn suspend(
        &mut self,
        index: StatusListIndex,
        reason: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Result<(), ChangeError> {
        self.require(StatusPurpose::Suspension, "suspend", index)?;
        if self.value(index)? != 0 {
            return Err(ChangeError::AlreadyInState {
                index: index.get(),
                state: "suspended",
            });
        }
        self.write(index, StatusAction::Suspend, 1, reason.into(), at)
    }

    /// Lift the suspension of `index` (suspension lists only).
    ///
    /// # Errors
    /// [`ChangeError::RevocationIsPermanent`] on a revocation list, [`ChangeError::WrongPurpose`]
    /// on other lists, [`ChangeError::NotSuspended`], or an index out of range.
    pub fn reinstate(
        &mut self,
        index: StatusListIndex,
        reason: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Result<(), ChangeError> {
        if self.purpose == StatusPurpose::Revocation && self.value(index)? != 0 {
            return Err(ChangeError::RevocationIsPermanent { index: index.get() });
        }
        self.require(StatusPurpose::Suspension, "reinstate", index)?;
        if self.value(index)? == 0 {
            return Err(ChangeError::NotSuspended { index: index.get() });
        }
        self.write(index, StatusAction::Reinstate, 0, reason.into(), at)
    }

    /// Write `value` into entry `index` of a `message` or `refresh` list.
    ///
    /// # Errors
    /// [`ChangeError::WrongPurpose`] on revocation and suspension lists (use the named
    /// operations), or a [`BitstringError`].
    pub fn set_value(
        &mut self,
        index: StatusListIndex,
        value: u32,
        reason: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Result<(), ChangeError> {
        if matches!(self.purpose, StatusPurpose::Revocation | StatusPurpose::Suspension) {
            return Err(ChangeError::WrongPurpose {
                operation: "set a value at",
                index: index.get(),
                purpose: self.purpose.to_string(),
            });
        }
        self.write(index, StatusAction::SetValue, value, reason.into(), at)
    }

    fn require(
        &self,
        purpose: StatusPurpose,
        operation: &'static str,
        index: StatusListIndex,
    ) -> Result<(), ChangeError> {
        if self.purpose == purpose {
            Ok(())
        } else {
            Err(ChangeError::WrongPurpose {
                operation,
                index: index.get(),
                purpose: self.purpose.to_string(),
            })
        }
    }

    fn write(
        &mut self,
        index: StatusListIndex,
        action: StatusAction,
        value: u32,
        reason: String,
        at: DateTime<Utc>,
    ) -> Result<(), ChangeError> {
        self.encoded_list.set(index, self.status_size, value)?;
        self.journal.push(StatusChange {
            index,
            action,
            value,
            reason,
            at,
        });
        Ok(())
    }

    /// The unsigned `BitstringStatusListCredential` for this list, issued by `issuer`.
    ///
    /// # Errors
    /// [`PublishError::EmptyValidity`] when `validUntil` is not after `validFrom`, or an
    /// encoding failure.
    pub fn credential(&self, issuer: &str, publication: Publication) -> Result<Value, PublishError> {
        if let Some(until) = publication.valid_until {
            if until <= publication.valid_from {
                return Err(PublishError::EmptyValidity {
                    valid_from: publication.valid_from.to_rfc3339_opts(SecondsFormat::Secs, true),
                    valid_until: until.to_rfc3339_opts(SecondsFormat::Secs, true),
                });
            }
        }
        let credential = BitstringStatusListCredential {
            id: Some(self.url.clone()),
            issuer: issuer.to_owned(),
            valid_from: Some(publication.valid_from),
            valid_until: publication.valid_until,
            subject: BitstringStatusList {
                id: Some(format!("{}#list", self.url)),
                status_purpose: vec![self.purpose],
                encoded_list: codec::encode(&self.encoded_list)?,
                ttl: publication.ttl_ms,
            },
        };
        Ok(credential.to_json())
    }

    /// The list credential, signed by `signer`.
    ///
    /// # Errors
    /// As [`StatusList::credential`], or a [`SignError`].
    pub fn signed_credential(
        &self,
        issuer: &str,
        publication: Publication,
        signer: &dyn ListCredentialSigner,
    ) -> Result<Value, PublishError> {
        let unsigned = self.credential(issuer, publication)?;
        Ok(signer.sign_list_credential(unsigned)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn revocation_is_permanent_and_purpose_checked() {
        let mut list = StatusList::new("https://uni.example/status/1", StatusPurpose::Revocation);
        let i = StatusListIndex::new(5);
        list.revoke(i, "fraud", at()).unwrap();
        assert_eq!(
            list.revoke(i, "again", at()),
            Err(ChangeError::AlreadyInState {
                index: 5,
                state: "revoked"
            })
        );
        assert_eq!(
            list.reinstate(i, "oops", at()),
            Err(ChangeError::RevocationIsPermanent { index: 5 })
        );
        assert!(matches!(
            list.suspend(i, "x", at()),
            Err(ChangeError::WrongPurpose { .. })
        ));
        assert_eq!(list.journal().len(), 1);
        assert_eq!(list.journal()[0].reason, "fraud");
    }

    #[test]
    fn persisted_list_round_trips() {
        let mut list = StatusList::with_entries(
            "https://uni.example/status/2",
            StatusPurpose::Message,
            1000,
            StatusSize::new(2).unwrap(),
        )
        .unwrap();
        list.set_value(StatusListIndex::new(999), 3, "rejected", at()).unwrap();
        let json = serde_json::to_string(&list).unwrap();
        let back: StatusList = serde_json::from_str(&json).unwrap();
        assert_eq!(back, list);
        assert_eq!(back.value(StatusListIndex::new(999)).unwrap(), 3);
    }

    #[test]
    fn published_credential_reloads() {
        let mut list = StatusList::new("https://uni.example/status/3", StatusPurpose::Revocation);
        list.revoke(StatusListIndex::new(131_071), "error in grades", at())
            .unwrap();
        let publication = Publication {
            valid_from: at(),
            valid_until: Some(at() + chrono::Duration::days(1)),
            ttl_ms: Some(60_000),
        };
        let credential = list.credential("did:web:uni.example", publication).unwrap();
        assert_eq!(credential["validUntil"], "2026-01-02T00:00:00Z");
        let reloaded = StatusList::from_credential(&credential, StatusSize::ONE).unwrap();
        assert_eq!(reloaded.bits(), list.bits());
        let signed = list
            .signed_credential("did:web:uni.example", publication, &|mut v: Value| {
                v["proof"] = serde_json::json!({"type": "DataIntegrityProof"});
                Ok(v)
            })
            .unwrap();
        assert!(signed.get("proof").is_some());
        let empty = Publication {
            valid_until: Some(at()),
            ..publication
        };
        assert!(matches!(
            list.credential("did:web:uni.example", empty),
            Err(PublishError::EmptyValidity { .. })
        ));
    }
}
