//! `microcred status ...`: Bitstring Status List credentials.
//!
//! `new`, `set` and `clear` sign with `microcred-sign` (a key file, issuer = the key's
//! `did:key`, or `--did` for a `did:web`); `inspect` and `encode` need no key.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, TimeDelta, Utc};
use clap::{Args, Subcommand, ValueEnum};
use microcred_sign::{Cryptosuite, DataIntegrity, Did, KeySigner, ProofOptions, SecretKey, Signer};
use microcred_status::{
    Bitstring, BitstringStatusListCredential, ChangeError, Publication, SignError, StatusList, StatusListIndex,
    StatusPurpose, StatusSize,
};
use serde_json::{Map, Value, json};

use crate::error::CliError;
use crate::io;

/// The `status` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum StatusCommand {
    /// Create a signed, all-zero status list credential.
    New(NewArgs),
    /// Set an entry (revoke, suspend, or write a value) and re-sign the list file in place.
    Set(ChangeArgs),
    /// Clear an entry (lift a suspension, or reset a value) and re-sign the list file in place.
    /// Revocation cannot be undone.
    Clear(ChangeArgs),
    /// Print the length and the set indices of a status list.
    Inspect(InspectArgs),
    /// Print the encodedList of a list of a given length with the given entries set.
    Encode(EncodeArgs),
}

/// What a new list is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PurposeArg {
    /// Permanent cancellation.
    Revocation,
    /// Reversible suspension.
    Suspension,
    /// Status messages (use --status-size > 1).
    Message,
    /// A newer version is available.
    Refresh,
}

impl From<PurposeArg> for StatusPurpose {
    fn from(purpose: PurposeArg) -> Self {
        match purpose {
            PurposeArg::Revocation => StatusPurpose::Revocation,
            PurposeArg::Suspension => StatusPurpose::Suspension,
            PurposeArg::Message => StatusPurpose::Message,
            PurposeArg::Refresh => StatusPurpose::Refresh,
        }
    }
}

/// The Data Integrity cryptosuite of the list's proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SuiteArg {
    /// RDF Dataset Canonicalization (JSON-LD).
    #[value(name = "eddsa-rdfc-2022")]
    EddsaRdfc2022,
    /// JSON Canonicalization Scheme.
    #[value(name = "eddsa-jcs-2022")]
    EddsaJcs2022,
}

/// Signing options shared by `new`, `set` and `clear`.
#[derive(Debug, Args)]
pub(crate) struct SigningArgs {
    /// The issuer's key file (PKCS#8 PEM, private JWK, or secretKeyMultibase).
    #[arg(long, value_name = "KEYFILE")]
    pub(crate) key: PathBuf,
    /// Sign as this DID (e.g. did:web:uni.example) instead of the key's did:key.
    #[arg(long, value_name = "DID")]
    pub(crate) did: Option<String>,
    /// The cryptosuite of the proof.
    #[arg(long, value_enum, default_value = "eddsa-rdfc-2022")]
    pub(crate) suite: SuiteArg,
}

/// Arguments of `status new`.
#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The list's purpose.
    #[arg(long, value_enum)]
    pub(crate) purpose: PurposeArg,
    /// Number of entries (131,072 by default, the herd-privacy minimum).
    #[arg(long, value_name = "N", default_value_t = microcred_status::MIN_ENTRIES)]
    pub(crate) size: u64,
    /// Bits per entry.
    #[arg(long, value_name = "BITS", default_value_t = 1)]
    pub(crate) status_size: u64,
    /// The URL the list will be published at (its id and the entries' statusListCredential).
    #[arg(long, value_name = "URL")]
    pub(crate) url: String,
    /// Days until validUntil (none by default).
    #[arg(long, value_name = "DAYS")]
    pub(crate) valid_days: Option<u32>,
    /// ttl in milliseconds: how long verifiers may cache the list.
    #[arg(long, value_name = "MS")]
    pub(crate) ttl: Option<u64>,
    #[command(flatten)]
    pub(crate) signing: SigningArgs,
    /// Write the list credential here (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

/// Arguments of `status set` and `status clear`.
#[derive(Debug, Args)]
pub(crate) struct ChangeArgs {
    /// The status list credential file, rewritten in place.
    pub(crate) list: PathBuf,
    /// The statusListIndex to change.
    pub(crate) index: String,
    /// The value to write with `set` on message and refresh lists.
    #[arg(long, default_value_t = 1)]
    pub(crate) value: u32,
    /// Bits per entry used by the list's entries.
    #[arg(long, value_name = "BITS", default_value_t = 1)]
    pub(crate) status_size: u64,
    #[command(flatten)]
    pub(crate) signing: SigningArgs,
}

/// Arguments of `status inspect`.
#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// A status list credential file (`-` for standard input), or an encodedList value.
    pub(crate) list: String,
    /// Bits per entry, to print entry values of multi-bit lists.
    #[arg(long, value_name = "BITS", default_value_t = 1)]
    pub(crate) status_size: u64,
    /// Print JSON: {"length", "statusSize", "entries", "setIndices", "values"?, ...}.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Arguments of `status encode`.
#[derive(Debug, Args)]
pub(crate) struct EncodeArgs {
    /// Length of the list in bits (a multiple of 8).
    #[arg(long, value_name = "BITS", default_value_t = microcred_status::MIN_ENTRIES)]
    pub(crate) length: u64,
    /// Entries to set, comma-separated: `INDEX` (value 1) or `INDEX=VALUE`.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub(crate) set: Vec<String>,
    /// Bits per entry.
    #[arg(long, value_name = "BITS", default_value_t = 1)]
    pub(crate) status_size: u64,
}

/// Run a `status` subcommand.
pub(crate) fn run(command: StatusCommand) -> Result<ExitCode, CliError> {
    match command {
        StatusCommand::New(args) => new(&args),
        StatusCommand::Set(args) => change(&args, true),
        StatusCommand::Clear(args) => change(&args, false),
        StatusCommand::Inspect(args) => inspect(&args),
        StatusCommand::Encode(args) => encode(&args),
    }
}

fn status_size(bits: u64) -> Result<StatusSize, CliError> {
    StatusSize::new(bits).map_err(|e| CliError::Usage(format!("--status-size: {e}")))
}

/// The key, the signer and the issuer DID it signs as.
struct ListSigner {
    signer: KeySigner,
    issuer: String,
    suite: Cryptosuite,
    data_integrity: DataIntegrity,
}

impl ListSigner {
    fn load(args: &SigningArgs) -> Result<Self, CliError> {
        let text = String::from_utf8(io::read_input(&args.key)?)
            .map_err(|_| CliError::input(&args.key, "a key file is text"))?;
        let key = SecretKey::from_key_file(&text).map_err(|e| CliError::input(&args.key, e))?;
        let signer = match &args.did {
            None => KeySigner::did_key(key),
            Some(did) => {
                let did = Did::parse(did).map_err(|e| CliError::Usage(format!("--did: {e}")))?;
                KeySigner::for_did(key, &did)
            }
        };
        let issuer = signer.controller().to_owned();
        let suite = match args.suite {
            SuiteArg::EddsaRdfc2022 => Cryptosuite::EddsaRdfc2022,
            SuiteArg::EddsaJcs2022 => Cryptosuite::EddsaJcs2022,
        };
        Ok(Self {
            signer,
            issuer,
            suite,
            data_integrity: DataIntegrity::new(),
        })
    }

    fn sign(&self, unsigned: Value, now: DateTime<Utc>) -> Result<Value, SignError> {
        self.data_integrity
            .sign_credential(&unsigned, &self.signer, &ProofOptions::new(self.suite, now))
            .map_err(SignError::from_source)
    }
}

fn pretty(value: &Value) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::Failure(format!("cannot print JSON: {e}")))
}

/// Now, to the second (the proof's `created` and the list's `validFrom` have no fraction).
fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

fn new(args: &NewArgs) -> Result<ExitCode, CliError> {
    let size = status_size(args.status_size)?;
    let list = StatusList::with_entries(&args.url, args.purpose.into(), args.size, size)
        .map_err(|e| CliError::Usage(format!("--size: {e}")))?;
    let signer = ListSigner::load(&args.signing)?;
    let now = now();
    let publication = Publication {
        valid_from: now,
        valid_until: args.valid_days.map(|days| now + TimeDelta::days(i64::from(days))),
        ttl_ms: args.ttl,
    };
    let signed = list
        .signed_credential(&signer.issuer, publication, &|unsigned: Value| {
            signer.sign(unsigned, now)
        })
        .map_err(|e| CliError::Failure(e.to_string()))?;
    let text = pretty(&signed)?;
    match &args.out {
        Some(path) => io::write_atomic(path, format!("{text}\n").as_bytes())?,
        None => io::print_line(&text),
    }
    Ok(ExitCode::SUCCESS)
}

fn change(args: &ChangeArgs, set: bool) -> Result<ExitCode, CliError> {
    let index: StatusListIndex = args.index.parse().map_err(|e| CliError::Usage(format!("INDEX: {e}")))?;
    let size = status_size(args.status_size)?;
    let document = io::read_json(&args.list)?;
    let parsed = BitstringStatusListCredential::from_json(&document).map_err(|e| CliError::input(&args.list, e))?;
    let mut list = StatusList::from_credential(&document, size).map_err(|e| CliError::input(&args.list, e))?;
    let signer = ListSigner::load(&args.signing)?;
    if parsed.issuer != signer.issuer {
        return Err(CliError::Usage(format!(
            "the list is issued by {}, but the key signs as {}",
            parsed.issuer, signer.issuer
        )));
    }
    let now = now();
    let reason = "microcred status command line";
    let result = match (list.purpose(), set) {
        (StatusPurpose::Revocation, true) => list.revoke(index, reason, now),
        (StatusPurpose::Suspension, true) => list.suspend(index, reason, now),
        (StatusPurpose::Suspension, false) => list.reinstate(index, reason, now),
        (StatusPurpose::Revocation, false) => match list.value(index) {
            Ok(0) => Err(ChangeError::NotSuspended { index: index.get() }),
            Ok(_) => Err(ChangeError::RevocationIsPermanent { index: index.get() }),
            Err(e) => Err(e.into()),
        },
        (_, true) => list.set_value(index, args.value, reason, now),
        (_, false) => list.set_value(index, 0, reason, now),
    };
    result.map_err(|e| CliError::input(&args.list, e))?;
    // Keep the list's validity period and ttl; it starts again now.
    let valid_until = match (parsed.valid_from, parsed.valid_until) {
        (Some(from), Some(until)) if until > from => Some(now + (until - from)),
        (None, Some(until)) if until > now => Some(until),
        (_, Some(_)) => Some(now + TimeDelta::days(1)),
        (_, None) => None,
    };
    let publication = Publication {
        valid_from: now,
        valid_until,
        ttl_ms: parsed.subject.ttl,
    };
    let signed = list
        .signed_credential(&signer.issuer, publication, &|unsigned: Value| {
            signer.sign(unsigned, now)
        })
        .map_err(|e| CliError::Failure(e.to_string()))?;
    io::write_atomic(&args.list, format!("{}\n", pretty(&signed)?).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn inspect(args: &InspectArgs) -> Result<ExitCode, CliError> {
    let size = status_size(args.status_size)?;
    let path = Path::new(&args.list);
    let is_file = args.list == "-" || path.exists();
    let (encoded, credential) = if is_file {
        let document = io::read_json(path)?;
        let parsed = BitstringStatusListCredential::from_json(&document).map_err(|e| CliError::input(path, e))?;
        (parsed.subject.encoded_list.clone(), Some(parsed))
    } else if args.list.starts_with('u') {
        (args.list.clone(), None)
    } else {
        return Err(CliError::input(
            path,
            "no such file, and not an encodedList (which starts with \"u\")",
        ));
    };
    let bits = microcred_status::decode(&encoded).map_err(|e| match &credential {
        Some(_) => CliError::input(path, format!("credentialSubject.encodedList: {e}")),
        None => CliError::Input {
            path: PathBuf::from("encodedList"),
            message: e.to_string(),
        },
    })?;
    let report = describe(&bits, size, credential.as_ref());
    if args.json {
        io::print_line(&pretty(&report)?);
    } else {
        io::print_line(&text_report(&report));
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(bits: &Bitstring, size: StatusSize, credential: Option<&BitstringStatusListCredential>) -> Value {
    let set = bits.non_zero_entries(size);
    let mut report = Map::new();
    report.insert("length".into(), json!(bits.len_bits()));
    report.insert("statusSize".into(), json!(size.get()));
    report.insert("entries".into(), json!(bits.entries(size)));
    report.insert("setIndices".into(), set.iter().map(|(i, _)| *i).collect());
    if size != StatusSize::ONE {
        report.insert(
            "values".into(),
            set.iter()
                .map(|(index, value)| json!({"index": index, "value": value}))
                .collect(),
        );
    }
    if let Some(credential) = credential {
        report.insert("id".into(), json!(credential.id));
        report.insert("issuer".into(), json!(credential.issuer));
        report.insert("statusPurpose".into(), json!(credential.subject.status_purpose));
        report.insert("validFrom".into(), json!(credential.valid_from));
        report.insert("validUntil".into(), json!(credential.valid_until));
        report.insert("ttl".into(), json!(credential.subject.ttl));
    }
    Value::Object(report)
}

fn text_report(report: &Value) -> String {
    let field = |key: &str| report.get(key).cloned().unwrap_or(Value::Null);
    let mut lines = Vec::new();
    for key in ["id", "issuer", "statusPurpose", "validFrom", "validUntil", "ttl"] {
        match field(key) {
            Value::Null => {}
            Value::String(s) => lines.push(format!("{key}: {s}")),
            Value::Array(items) => {
                lines.push(format!(
                    "{key}: {}",
                    items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")
                ));
            }
            other => lines.push(format!("{key}: {other}")),
        }
    }
    lines.push(format!("length: {} bits", field("length")));
    lines.push(format!(
        "statusSize: {} ({} entries)",
        field("statusSize"),
        field("entries")
    ));
    let set: Vec<String> = match field("values") {
        Value::Array(values) => values
            .iter()
            .map(|v| {
                format!(
                    "{}={}",
                    v.get("index").unwrap_or(&Value::Null),
                    v.get("value").unwrap_or(&Value::Null)
                )
            })
            .collect(),
        _ => match field("setIndices") {
            Value::Array(indices) => indices.iter().map(Value::to_string).collect(),
            _ => Vec::new(),
        },
    };
    lines.push(format!("set ({}): {}", set.len(), set.join(" ")));
    lines.join("\n")
}

fn encode(args: &EncodeArgs) -> Result<ExitCode, CliError> {
    let size = status_size(args.status_size)?;
    if args.length == 0
        || !args.length.is_multiple_of(8)
        || args.length > microcred_status::DEFAULT_MAX_INFLATED_BYTES * 8
    {
        return Err(CliError::Usage(format!(
            "--length {}: must be a positive multiple of 8 up to 2^27",
            args.length
        )));
    }
    let mut bits = Bitstring::zeroed(args.length);
    for item in &args.set {
        let (index, value) = match item.split_once('=') {
            Some((index, value)) => (
                index,
                value
                    .parse::<u32>()
                    .map_err(|e| CliError::Usage(format!("--set {item}: {e}")))?,
            ),
            None => (item.as_str(), 1),
        };
        let index: StatusListIndex = index
            .trim()
            .parse()
            .map_err(|e| CliError::Usage(format!("--set {item}: {e}")))?;
        bits.set(index, size, value)
            .map_err(|e| CliError::Usage(format!("--set {item}: {e}")))?;
    }
    let encoded = microcred_status::encode(&bits).map_err(|e| CliError::Failure(e.to_string()))?;
    io::print_line(&encoded);
    Ok(ExitCode::SUCCESS)
}
