//! The data model: validated newtypes, `BitstringStatusListEntry` and the status list
//! credential, read from and written to JSON with JSON paths in every error.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::error::{FormatError, ValueError};

/// The JSON-LD context of the Recommendation (already part of the VC 2.0 base context).
pub const STATUS_CONTEXT: &str = "https://www.w3.org/ns/credentials/status/v1";
/// The VC Data Model 2.0 base context.
pub const CREDENTIALS_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// The default (and herd-privacy minimum) number of entries in a list: 131,072 (16 KiB of 1-bit
/// entries).
pub const MIN_ENTRIES: u64 = 131_072;

/// `statusListIndex`: the position of a credential's entry in a list.
///
/// The Recommendation writes it as a base-10 string; [`StatusListIndex::from_str`] accepts
/// exactly that (digits only, no sign or spaces, below 2^64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatusListIndex(u64);

impl StatusListIndex {
    /// The index `value` (every `u64` is a valid index; range is checked against a list).
    #[must_use]
    pub const fn new(value: u64) -> Self {
        Self(value)
    }

    /// The index as a number.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl FromStr for StatusListIndex {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || ValueError::InvalidIndex { value: text.to_owned() };
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        text.parse::<u64>().map(Self).map_err(|_| invalid())
    }
}

impl fmt::Display for StatusListIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for StatusListIndex {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for StatusListIndex {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// `statusSize`: the width of one entry in bits, 1 to 16.
///
/// The Recommendation sets no upper bound, but an entry wider than one bit needs a
/// `statusMessage` for each of its 2^size values, so 16 bits (65,536 messages) is the practical
/// limit and the one enforced here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u8")]
pub struct StatusSize(u8);

impl StatusSize {
    /// One bit per entry, the default.
    pub const ONE: Self = Self(1);
    /// The widest entry supported.
    pub const MAX: u8 = 16;

    /// A status size of `bits` bits.
    ///
    /// # Errors
    /// [`ValueError::InvalidStatusSize`] unless `1 <= bits <= 16`.
    pub fn new(bits: u64) -> Result<Self, ValueError> {
        match u8::try_from(bits) {
            Ok(b) if (1..=Self::MAX).contains(&b) => Ok(Self(b)),
            _ => Err(ValueError::InvalidStatusSize {
                value: bits,
                max: Self::MAX,
            }),
        }
    }

    /// The width in bits.
    #[must_use]
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The largest value an entry can hold (2^size - 1).
    #[must_use]
    pub const fn max_value(self) -> u32 {
        (1_u32 << self.0) - 1
    }

    /// How many values an entry can take (2^size).
    #[must_use]
    pub const fn value_count(self) -> u32 {
        1_u32 << self.0
    }
}

impl Default for StatusSize {
    fn default() -> Self {
        Self::ONE
    }
}

impl TryFrom<u64> for StatusSize {
    type Error = ValueError;
    fn try_from(bits: u64) -> Result<Self, Self::Error> {
        Self::new(bits)
    }
}

impl From<StatusSize> for u8 {
    fn from(size: StatusSize) -> Self {
        size.0
    }
}

/// `statusPurpose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum StatusPurpose {
    /// Cancels the credential for good.
    Revocation,
    /// Temporarily invalidates the credential; reversible.
    Suspension,
    /// A newer version of the credential is available.
    Refresh,
    /// Carries a status message (`statusSize` and `statusMessage`).
    Message,
}

impl StatusPurpose {
    /// The JSON value.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            StatusPurpose::Revocation => "revocation",
            StatusPurpose::Suspension => "suspension",
            StatusPurpose::Refresh => "refresh",
            StatusPurpose::Message => "message",
        }
    }
}

impl FromStr for StatusPurpose {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "revocation" => Ok(StatusPurpose::Revocation),
            "suspension" => Ok(StatusPurpose::Suspension),
            "refresh" => Ok(StatusPurpose::Refresh),
            "message" => Ok(StatusPurpose::Message),
            other => Err(ValueError::UnknownPurpose {
                value: other.to_owned(),
            }),
        }
    }
}

impl fmt::Display for StatusPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One element of `statusMessage`: the meaning of one entry value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StatusMessage {
    /// The value, written in JSON as a `0x`-prefixed hexadecimal string.
    #[serde(with = "hex_status")]
    pub status: u32,
    /// A developer-facing message.
    pub message: String,
}

mod hex_status {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(value: &u32, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("0x{value:x}"))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_hex_status(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a 0x-prefixed hexadecimal value")))
    }
}

fn parse_hex_status(text: &str) -> Option<u32> {
    let digits = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X"))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// A `credentialStatus` entry of type `BitstringStatusListEntry`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitstringStatusListEntry {
    /// `id` (optional in VC 2.0).
    pub id: Option<String>,
    /// `statusPurpose`.
    pub status_purpose: StatusPurpose,
    /// `statusListIndex`.
    pub status_list_index: StatusListIndex,
    /// `statusListCredential`: the URL of the status list credential.
    pub status_list_credential: String,
    /// `statusSize` (1 when absent).
    pub status_size: StatusSize,
    /// `statusMessage`: empty when absent. When present it has one message per possible value.
    pub status_message: Vec<StatusMessage>,
    /// `statusReference`: URLs of documentation of the status values.
    pub status_reference: Vec<String>,
}

/// The `type` of a status entry.
pub const ENTRY_TYPE: &str = "BitstringStatusListEntry";
/// The `type` a status list credential must carry.
pub const LIST_CREDENTIAL_TYPE: &str = "BitstringStatusListCredential";
/// The `type` of a status list credential's subject.
pub const LIST_TYPE: &str = "BitstringStatusList";

impl BitstringStatusListEntry {
    /// An entry with `statusSize` 1 and no messages.
    #[must_use]
    pub fn new(
        status_purpose: StatusPurpose,
        status_list_index: StatusListIndex,
        status_list_credential: impl Into<String>,
    ) -> Self {
        Self {
            id: None,
            status_purpose,
            status_list_index,
            status_list_credential: status_list_credential.into(),
            status_size: StatusSize::ONE,
            status_message: Vec::new(),
            status_reference: Vec::new(),
        }
    }

    /// Whether a `credentialStatus` element has type `BitstringStatusListEntry`.
    #[must_use]
    pub fn is_entry(value: &Value) -> bool {
        match value.get("type") {
            Some(Value::String(t)) => t == ENTRY_TYPE,
            Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some(ENTRY_TYPE)),
            _ => false,
        }
    }

    /// Read an entry from JSON; `path` (e.g. `credentialStatus[0]`) prefixes error paths.
    ///
    /// `statusListIndex` is accepted as a base-10 string (the Recommendation) or as a
    /// non-negative JSON integer (as some deployed issuers write it).
    ///
    /// # Errors
    /// A [`FormatError`] naming the offending property.
    pub fn from_json(value: &Value, path: &str) -> Result<Self, FormatError> {
        let object = value
            .as_object()
            .ok_or_else(|| FormatError::wrong_type(path, "an object"))?;
        let field = |name: &str| format!("{path}.{name}");
        if !Self::is_entry(value) {
            return Err(FormatError::invalid(
                field("type"),
                format!("must include {ENTRY_TYPE:?}"),
            ));
        }
        let id = optional_string(object, "id", path)?;
        let purpose_text = required_string(object, "statusPurpose", path)?;
        let status_purpose = purpose_text
            .parse()
            .map_err(|e: ValueError| FormatError::invalid(field("statusPurpose"), e.to_string()))?;
        let status_list_index = match object.get("statusListIndex") {
            None => return Err(FormatError::missing(field("statusListIndex"))),
            Some(Value::String(text)) => text
                .parse()
                .map_err(|e: ValueError| FormatError::invalid(field("statusListIndex"), e.to_string()))?,
            Some(Value::Number(n)) => n.as_u64().map(StatusListIndex::new).ok_or_else(|| {
                FormatError::invalid(field("statusListIndex"), format!("{n} is not a non-negative integer"))
            })?,
            Some(_) => {
                return Err(FormatError::wrong_type(field("statusListIndex"), "a base-10 string"));
            }
        };
        let status_list_credential = required_string(object, "statusListCredential", path)?.to_owned();
        check_url(&status_list_credential, &field("statusListCredential"))?;
        let status_size = match object.get("statusSize") {
            None => StatusSize::ONE,
            Some(Value::Number(n)) => n
                .as_u64()
                .ok_or_else(|| FormatError::invalid(field("statusSize"), format!("{n} is not a positive integer")))
                .and_then(|bits| {
                    StatusSize::new(bits).map_err(|e| FormatError::invalid(field("statusSize"), e.to_string()))
                })?,
            Some(_) => return Err(FormatError::wrong_type(field("statusSize"), "an integer")),
        };
        let status_message = match object.get("statusMessage") {
            None => Vec::new(),
            Some(Value::Array(items)) => parse_messages(items, &field("statusMessage"))?,
            Some(_) => return Err(FormatError::wrong_type(field("statusMessage"), "an array")),
        };
        check_messages(&status_message, status_size, &field("statusMessage"))?;
        let status_reference = match object.get("statusReference") {
            None => Vec::new(),
            Some(Value::String(url)) => vec![url.clone()],
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| FormatError::wrong_type(format!("{path}.statusReference[{i}]"), "a URL string"))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(FormatError::wrong_type(
                    field("statusReference"),
                    "a URL or an array of URLs",
                ));
            }
        };
        Ok(Self {
            id,
            status_purpose,
            status_list_index,
            status_list_credential,
            status_size,
            status_message,
            status_reference,
        })
    }

    /// The entry as JSON, `statusListIndex` written as a string.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        if let Some(id) = &self.id {
            object.insert("id".into(), json!(id));
        }
        object.insert("type".into(), json!(ENTRY_TYPE));
        object.insert("statusPurpose".into(), json!(self.status_purpose.as_str()));
        object.insert("statusListIndex".into(), json!(self.status_list_index.to_string()));
        object.insert("statusListCredential".into(), json!(self.status_list_credential));
        if self.status_size != StatusSize::ONE {
            object.insert("statusSize".into(), json!(self.status_size.get()));
        }
        if !self.status_message.is_empty() {
            object.insert(
                "statusMessage".into(),
                serde_json::to_value(&self.status_message).unwrap_or(Value::Null),
            );
        }
        match self.status_reference.as_slice() {
            [] => {}
            [one] => {
                object.insert("statusReference".into(), json!(one));
            }
            many => {
                object.insert("statusReference".into(), json!(many));
            }
        }
        Value::Object(object)
    }

    /// The message for `value`: from `statusMessage` when present, otherwise "unset" for 0
    /// and "set" for 1 (the Recommendation's defaults).
    #[must_use]
    pub fn message_for(&self, value: u32) -> Option<&str> {
        if self.status_message.is_empty() {
            return match value {
                0 => Some("unset"),
                1 => Some("set"),
                _ => None,
            };
        }
        self.status_message
            .iter()
            .find(|m| m.status == value)
            .map(|m| m.message.as_str())
    }

    /// All `BitstringStatusListEntry` elements of a credential's `credentialStatus` (an object or
    /// an array). Elements of other types are skipped. Each result is paired with its JSON path.
    #[must_use]
    pub fn all_in(credential: &Value) -> Vec<(String, Result<Self, FormatError>)> {
        match credential.get("credentialStatus") {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter(|(_, item)| Self::is_entry(item))
                .map(|(i, item)| {
                    let path = format!("credentialStatus[{i}]");
                    let parsed = Self::from_json(item, &path);
                    (path, parsed)
                })
                .collect(),
            Some(item) if Self::is_entry(item) => {
                vec![("credentialStatus".to_owned(), Self::from_json(item, "credentialStatus"))]
            }
            _ => Vec::new(),
        }
    }
}

fn parse_messages(items: &[Value], path: &str) -> Result<Vec<StatusMessage>, FormatError> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let here = format!("{path}[{i}]");
            let object = item
                .as_object()
                .ok_or_else(|| FormatError::wrong_type(here.clone(), "an object"))?;
            let status_text = required_string(object, "status", &here)?;
            let status = parse_hex_status(status_text).ok_or_else(|| {
                FormatError::invalid(
                    format!("{here}.status"),
                    format!("{status_text:?} is not a 0x-prefixed hexadecimal value"),
                )
            })?;
            let message = required_string(object, "message", &here)?.to_owned();
            Ok(StatusMessage { status, message })
        })
        .collect()
}

fn check_messages(messages: &[StatusMessage], size: StatusSize, path: &str) -> Result<(), FormatError> {
    if messages.is_empty() {
        if size != StatusSize::ONE {
            return Err(FormatError::missing(path.to_owned()));
        }
        return Ok(());
    }
    let expected = size.value_count();
    if messages.len() as u64 != u64::from(expected) {
        return Err(FormatError::invalid(
            path,
            format!(
                "has {} elements; a statusSize of {} bits needs {expected}",
                messages.len(),
                size.get()
            ),
        ));
    }
    let mut seen = vec![false; expected as usize];
    for (i, message) in messages.iter().enumerate() {
        match seen.get_mut(message.status as usize) {
            Some(slot) if !*slot => *slot = true,
            Some(_) => {
                return Err(FormatError::invalid(
                    format!("{path}[{i}].status"),
                    format!("0x{:x} appears twice", message.status),
                ));
            }
            None => {
                return Err(FormatError::invalid(
                    format!("{path}[{i}].status"),
                    format!("0x{:x} does not fit in {} bits", message.status, size.get()),
                ));
            }
        }
    }
    Ok(())
}

/// The subject of a status list credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitstringStatusList {
    /// `id`.
    pub id: Option<String>,
    /// `statusPurpose`: one purpose, or several when the list serves more than one.
    pub status_purpose: Vec<StatusPurpose>,
    /// `encodedList`, still encoded (decode it with [`crate::decode`]).
    pub encoded_list: String,
    /// `ttl` in milliseconds.
    pub ttl: Option<u64>,
}

/// A `BitstringStatusListCredential`, without its proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitstringStatusListCredential {
    /// `id`.
    pub id: Option<String>,
    /// The issuer's identifier (`issuer` or `issuer.id`).
    pub issuer: String,
    /// `validFrom`.
    pub valid_from: Option<DateTime<Utc>>,
    /// `validUntil`.
    pub valid_until: Option<DateTime<Utc>>,
    /// `credentialSubject`.
    pub subject: BitstringStatusList,
}

impl BitstringStatusListCredential {
    /// Read a status list credential from JSON. The `proof` is ignored here: verifying it is
    /// the job of a [`crate::ListCredentialVerifier`].
    ///
    /// # Errors
    /// A [`FormatError`] naming the offending property, e.g. a `type` without
    /// `BitstringStatusListCredential`.
    pub fn from_json(value: &Value) -> Result<Self, FormatError> {
        let object = value
            .as_object()
            .ok_or_else(|| FormatError::wrong_type("$", "an object"))?;
        require_type(object.get("type"), "type", LIST_CREDENTIAL_TYPE)?;
        let id = optional_string(object, "id", "")?;
        let issuer = issuer_id(value).map_err(|e| e.unwrap_or_else(|| FormatError::missing("issuer")))?;
        let valid_from = optional_time(object, "validFrom")?;
        let valid_until = optional_time(object, "validUntil")?;
        let subject_value = match object.get("credentialSubject") {
            None => return Err(FormatError::missing("credentialSubject")),
            Some(Value::Array(items)) if items.len() == 1 => items.first().unwrap_or(&Value::Null),
            Some(Value::Array(_)) => {
                return Err(FormatError::invalid(
                    "credentialSubject",
                    "a status list credential has exactly one subject",
                ));
            }
            Some(other) => other,
        };
        let subject_object = subject_value
            .as_object()
            .ok_or_else(|| FormatError::wrong_type("credentialSubject", "an object"))?;
        require_type(subject_object.get("type"), "credentialSubject.type", LIST_TYPE)?;
        let subject_id = optional_string(subject_object, "id", "credentialSubject")?;
        let status_purpose = match subject_object.get("statusPurpose") {
            None => return Err(FormatError::missing("credentialSubject.statusPurpose")),
            Some(Value::String(p)) => vec![
                p.parse()
                    .map_err(|e: ValueError| FormatError::invalid("credentialSubject.statusPurpose", e.to_string()))?,
            ],
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let here = format!("credentialSubject.statusPurpose[{i}]");
                    item.as_str()
                        .ok_or_else(|| FormatError::wrong_type(here.clone(), "a string"))
                        .and_then(|p| {
                            p.parse()
                                .map_err(|e: ValueError| FormatError::invalid(here, e.to_string()))
                        })
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(FormatError::wrong_type(
                    "credentialSubject.statusPurpose",
                    "a string or a non-empty array of strings",
                ));
            }
        };
        let encoded_list = required_string(subject_object, "encodedList", "credentialSubject")?.to_owned();
        let ttl = match subject_object.get("ttl") {
            None => None,
            Some(Value::Number(n)) => Some(n.as_u64().ok_or_else(|| {
                FormatError::invalid(
                    "credentialSubject.ttl",
                    format!("{n} is not a non-negative integer of milliseconds"),
                )
            })?),
            Some(_) => {
                return Err(FormatError::wrong_type(
                    "credentialSubject.ttl",
                    "an integer (milliseconds)",
                ));
            }
        };
        Ok(Self {
            id,
            issuer,
            valid_from,
            valid_until,
            subject: BitstringStatusList {
                id: subject_id,
                status_purpose,
                encoded_list,
                ttl,
            },
        })
    }

    /// The unsigned credential as JSON (VC Data Model 2.0).
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut subject = Map::new();
        if let Some(id) = &self.subject.id {
            subject.insert("id".into(), json!(id));
        }
        subject.insert("type".into(), json!(LIST_TYPE));
        match self.subject.status_purpose.as_slice() {
            [one] => subject.insert("statusPurpose".into(), json!(one.as_str())),
            many => subject.insert(
                "statusPurpose".into(),
                json!(many.iter().map(|p| p.as_str()).collect::<Vec<_>>()),
            ),
        };
        subject.insert("encodedList".into(), json!(self.subject.encoded_list));
        if let Some(ttl) = self.subject.ttl {
            subject.insert("ttl".into(), json!(ttl));
        }
        let mut object = Map::new();
        object.insert("@context".into(), json!([CREDENTIALS_V2_CONTEXT]));
        if let Some(id) = &self.id {
            object.insert("id".into(), json!(id));
        }
        object.insert("type".into(), json!(["VerifiableCredential", LIST_CREDENTIAL_TYPE]));
        object.insert("issuer".into(), json!(self.issuer));
        if let Some(from) = self.valid_from {
            object.insert(
                "validFrom".into(),
                json!(from.to_rfc3339_opts(SecondsFormat::Secs, true)),
            );
        }
        if let Some(until) = self.valid_until {
            object.insert(
                "validUntil".into(),
                json!(until.to_rfc3339_opts(SecondsFormat::Secs, true)),
            );
        }
        object.insert("credentialSubject".into(), Value::Object(subject));
        Value::Object(object)
    }
}

/// The issuer identifier of any credential: `issuer` as a string, or `issuer.id`.
///
/// # Errors
/// `Err(None)` when there is no `issuer`, `Err(Some(_))` when it has the wrong shape.
pub(crate) fn issuer_id(credential: &Value) -> Result<String, Option<FormatError>> {
    match credential.get("issuer") {
        None => Err(None),
        Some(Value::String(id)) => Ok(id.clone()),
        Some(Value::Object(o)) => match o.get("id") {
            Some(Value::String(id)) => Ok(id.clone()),
            Some(_) => Err(Some(FormatError::wrong_type("issuer.id", "a URL string"))),
            None => Err(Some(FormatError::missing("issuer.id"))),
        },
        Some(_) => Err(Some(FormatError::wrong_type("issuer", "a URL or an object with an id"))),
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn required_string<'a>(object: &'a Map<String, Value>, name: &str, path: &str) -> Result<&'a str, FormatError> {
    match object.get(name) {
        None => Err(FormatError::missing(join(path, name))),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(FormatError::wrong_type(join(path, name), "a string")),
    }
}

fn optional_string(object: &Map<String, Value>, name: &str, path: &str) -> Result<Option<String>, FormatError> {
    match object.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(FormatError::wrong_type(join(path, name), "a string")),
    }
}

fn optional_time(object: &Map<String, Value>, name: &str) -> Result<Option<DateTime<Utc>>, FormatError> {
    match object.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|e| {
                FormatError::invalid(
                    name,
                    format!("{s:?} is not an RFC 3339 date-time with a time zone: {e}"),
                )
            }),
        Some(_) => Err(FormatError::wrong_type(name, "an RFC 3339 date-time string")),
    }
}

fn require_type(value: Option<&Value>, path: &str, wanted: &str) -> Result<(), FormatError> {
    let has = match value {
        None => return Err(FormatError::missing(path)),
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(items)) => items.iter().any(|t| t.as_str() == Some(wanted)),
        Some(_) => {
            return Err(FormatError::wrong_type(path, "a string or an array of strings"));
        }
    };
    if has {
        Ok(())
    } else {
        Err(FormatError::invalid(path, format!("must include {wanted:?}")))
    }
}

fn check_url(url: &str, path: &str) -> Result<(), FormatError> {
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err(FormatError::invalid(path, format!("{url:?} is not a URL")));
    };
    let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || rest.is_empty() || url.chars().any(char::is_whitespace) {
        return Err(FormatError::invalid(path, format!("{url:?} is not a URL")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_text_is_strict_base_10() {
        assert_eq!("94567".parse::<StatusListIndex>().unwrap().get(), 94567);
        for bad in ["", "-1", "+1", " 1", "1 ", "0x10", "1e3", "18446744073709551616"] {
            assert!(bad.parse::<StatusListIndex>().is_err(), "{bad:?} must be rejected");
        }
    }

    #[test]
    fn status_size_bounds() {
        assert!(StatusSize::new(0).is_err());
        assert!(StatusSize::new(17).is_err());
        assert_eq!(StatusSize::new(2).unwrap().value_count(), 4);
    }

    #[test]
    fn entry_with_messages_round_trips() {
        let json = json!({
            "id": "https://example.com/credentials/status/8#492847",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "message",
            "statusListIndex": "492847",
            "statusSize": 2,
            "statusListCredential": "https://example.com/credentials/status/8",
            "statusMessage": [
                {"status": "0x0", "message": "pending_review"},
                {"status": "0x1", "message": "accepted"},
                {"status": "0x2", "message": "rejected"},
                {"status": "0x3", "message": "undefined"}
            ],
            "statusReference": "https://example.org/status-dictionary/"
        });
        let entry = BitstringStatusListEntry::from_json(&json, "credentialStatus").unwrap();
        assert_eq!(entry.message_for(2), Some("rejected"));
        assert_eq!(entry.to_json(), json);
    }

    #[test]
    fn entry_errors_name_the_path() {
        let json = json!({
            "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": "7", "statusListCredential": "https://example.com/1", "statusSize": 2
        });
        let error = BitstringStatusListEntry::from_json(&json, "credentialStatus[1]").unwrap_err();
        assert_eq!(error.to_string(), "credentialStatus[1].statusMessage: missing");
        let json = json!({
            "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": -3, "statusListCredential": "https://example.com/1"
        });
        let error = BitstringStatusListEntry::from_json(&json, "credentialStatus").unwrap_err();
        assert!(
            error.to_string().starts_with("credentialStatus.statusListIndex: "),
            "{error}"
        );
    }
}
