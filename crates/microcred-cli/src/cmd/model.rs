//! `microcred schema | build | check`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use microcred_model::request::BuildContext;
use microcred_model::{Envelope, EuropeanDigitalCredential, IssuanceRequest, XsdDateTime, annex1};

use crate::error::{CliError, EXIT_NEGATIVE};
use crate::io::{print_line, read_input, read_json};

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {}

/// The credential envelope on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EnvelopeArg {
    /// `[VC v1, edc-ap]`, what EDC 2.x and its SHACL shapes expect.
    Edc,
    /// The `edc` contexts plus Data Integrity v2 and Bitstring Status List v1.
    EdcW3c,
}

impl From<EnvelopeArg> for Envelope {
    fn from(arg: EnvelopeArg) -> Self {
        match arg {
            EnvelopeArg::Edc => Envelope::Edc,
            EnvelopeArg::EdcW3c => Envelope::EdcW3c,
        }
    }
}

/// Arguments of `build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The issuance request (JSON), or `-` for standard input.
    pub(crate) request: PathBuf,
    /// The credential envelope.
    #[arg(long, value_enum, default_value = "edc")]
    pub(crate) envelope: EnvelopeArg,
    /// The credential id (default: a new `urn:uuid:`).
    #[arg(long)]
    pub(crate) credential_id: Option<String>,
    /// The issue time as an `xsd:dateTime` (default: now).
    #[arg(long)]
    pub(crate) issued: Option<String>,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The credential (JSON-LD), or `-` for standard input. A JAdES-sealed EDC file is read
    /// through its payload.
    pub(crate) credential: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also check credits and workload against a credit profile: `ects`, `cz`, or a TOML or
    /// JSON profile file.
    #[arg(long, value_name = "PROFILE")]
    pub(crate) profile: Option<String>,
}

/// `microcred schema`.
pub(crate) fn schema(_args: &SchemaArgs) -> Result<ExitCode, CliError> {
    let schema = IssuanceRequest::json_schema();
    print_line(&serde_json::to_string_pretty(&schema).map_err(|e| CliError::Failure(e.to_string()))?);
    Ok(ExitCode::SUCCESS)
}

/// `microcred build`.
pub(crate) fn build(args: &BuildArgs) -> Result<ExitCode, CliError> {
    let bytes = read_input(&args.request)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| CliError::input(&args.request, format!("not UTF-8: {e}")))?;
    let request = IssuanceRequest::from_json_str(text).map_err(|e| CliError::input(&args.request, e))?;
    let issued = match &args.issued {
        Some(issued) => XsdDateTime::parse(issued).map_err(|e| CliError::Usage(format!("--issued: {e}")))?,
        None => XsdDateTime::from_utc(chrono::Utc::now()),
    };
    let id = args
        .credential_id
        .clone()
        .unwrap_or_else(|| format!("urn:uuid:{}", uuid::Uuid::new_v4()));
    let credential = request
        .build(args.envelope.into(), &BuildContext::new(id, issued))
        .map_err(|e| CliError::input(&args.request, e))?;
    print_line(&credential.to_json_pretty());
    Ok(ExitCode::SUCCESS)
}

/// Read a credential file: plain JSON-LD, or a JAdES JWS JSON serialization whose `payload` is
/// the credential as a string (how EDC seals credentials).
pub(crate) fn read_credential_json(path: &std::path::Path) -> Result<serde_json::Value, CliError> {
    let value = read_json(path)?;
    match value.get("payload").and_then(serde_json::Value::as_str) {
        Some(payload) if value.get("signatures").is_some() => serde_json::from_str(payload)
            .map_err(|e| CliError::input(path, format!("the JAdES payload is not valid JSON: {e}"))),
        _ => Ok(value),
    }
}

/// `microcred check`.
pub(crate) fn check(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let value = read_credential_json(&args.credential)?;
    // The credential must at least fit the model; the report itself reads plain JSON.
    EuropeanDigitalCredential::from_value(value.clone()).map_err(|e| CliError::input(&args.credential, e))?;
    let report = annex1::check(&value);
    let credits = match args.profile.as_deref() {
        Some(spec) => {
            let profile = crate::cmd::credits::load_profile(spec)?;
            let findings = microcred_credits::check_value(&value, &profile);
            Some((profile.name.clone(), findings))
        }
        None => None,
    };
    let credits_ok = credits
        .as_ref()
        .is_none_or(|(_, findings)| !microcred_credits::has_errors(findings));
    if args.json {
        let mut json = report.to_json();
        if let (Some((name, findings)), Some(object)) = (&credits, json.as_object_mut()) {
            object.insert(
                "credits".into(),
                serde_json::json!({"profile": name, "passed": credits_ok, "findings": findings}),
            );
        }
        print_line(&serde_json::to_string_pretty(&json).map_err(|e| CliError::Failure(e.to_string()))?);
    } else {
        for finding in &report.findings {
            let mark = match (finding.present, finding.requirement) {
                (true, _) => "present",
                (false, annex1::Requirement::Mandatory) => "MISSING",
                (false, _) => "absent",
            };
            let requirement = match finding.requirement {
                annex1::Requirement::Mandatory => "mandatory",
                annex1::Requirement::WhereApplicable => "where applicable",
                _ => "optional",
            };
            print_line(&format!(
                "{mark:>8}  {} ({requirement}): {}",
                finding.label,
                finding.paths.join(", ")
            ));
        }
        let verdict = if report.conformant() {
            "conformant: every mandatory element of Annex I is present".to_owned()
        } else {
            format!(
                "NOT conformant: {} mandatory element(s) missing",
                report.missing().count()
            )
        };
        print_line(&verdict);
        if let Some((name, findings)) = &credits {
            for finding in findings {
                print_line(&finding.to_string());
            }
            print_line(&if credits_ok {
                format!("credit profile `{name}`: passed ({} warning(s))", findings.len())
            } else {
                format!("credit profile `{name}`: FAILED")
            });
        }
    }
    Ok(if report.conformant() && credits_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NEGATIVE)
    })
}
