//! The issuing office: `init`, `issue`, `revoke`, `suspend`, `reinstate`, `update`, `publish`,
//! `audit`, `erase`. Each works on a registry directory made by `init`:
//!
//! ```text
//! DIR/config.json      the institution and its URLs (microcred::IssuerConfig)
//! DIR/issuer.key       the signing key (PKCS#8 PEM, mode 0600)
//! DIR/registry.sqlite  the registry (SQLite, WAL)
//! DIR/credentials/     the signed credential files, and manifest.json of the last batch
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use microcred::{IssueOptions, IssueOutcome, Issuer, IssuerConfig, PublishOptions, SqliteStore, Store};
use microcred_model::IssuanceRequest;
use microcred_model::request::{IssuerData, Text};
use microcred_sign::{Did, KeySigner, SecretKey};

use crate::error::{CliError, EXIT_NEGATIVE};
use crate::io::{create_private_file, print_line, read_input, write_atomic};

/// The registry directory.
#[derive(Debug, Args)]
pub(crate) struct RegistryArg {
    /// The registry directory made by `microcred init`.
    #[arg(long, value_name = "DIR")]
    pub(crate) registry: PathBuf,
}

/// Arguments of `init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The directory to create.
    pub(crate) dir: PathBuf,
    /// The institution's legal name.
    #[arg(long, default_value = "Example University")]
    pub(crate) name: String,
    /// The institution's country (ISO 3166-1).
    #[arg(long, default_value = "CZ")]
    pub(crate) country: String,
    /// The institution's eIDAS legal identifier.
    #[arg(long, default_value = "VATCZ-00000000")]
    pub(crate) eidas_identifier: String,
    /// Issue as `did:web:DOMAIN` (publish the did.json there) instead of a `did:key`.
    #[arg(long, value_name = "DOMAIN")]
    pub(crate) did_web: Option<String>,
    /// Base URL of the published status lists.
    #[arg(long, default_value = "https://credentials.university.example/status")]
    pub(crate) status_url: String,
    /// Base URL of the verification pages.
    #[arg(long, default_value = "https://credentials.university.example/verify")]
    pub(crate) verify_url: String,
    /// Entries per status list (at least 131,072 for herd privacy).
    #[arg(long, default_value_t = 131_072)]
    pub(crate) entries_per_list: u64,
}

/// Arguments of `issue`.
#[derive(Debug, Args)]
pub(crate) struct IssueArgs {
    #[command(flatten)]
    pub(crate) registry: RegistryArg,
    /// One issuance request (JSON).
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    pub(crate) request: Option<PathBuf>,
    /// A batch: CSV (a `course` column names a course file beside it) or JSON Lines (`.jsonl`).
    #[arg(long, value_name = "FILE")]
    pub(crate) batch: Option<PathBuf>,
    /// Issue even when a mandatory Annex I element is missing.
    #[arg(long)]
    pub(crate) allow_nonconformant: bool,
    /// Where to write the credentials (default: DIR/credentials).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Also write each certificate as a PDF/A-3 with the signed credential attached.
    #[arg(long)]
    pub(crate) pdf: bool,
}

/// Arguments of `revoke`, `suspend` and `reinstate`.
#[derive(Debug, Args)]
pub(crate) struct StatusChangeArgs {
    #[command(flatten)]
    pub(crate) registry: RegistryArg,
    /// The credential id (`urn:uuid:...`).
    pub(crate) credential_id: String,
    /// Why (kept in the registry and the audit log, never published).
    #[arg(long)]
    pub(crate) reason: String,
}

/// Arguments of `update`.
#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
    #[command(flatten)]
    pub(crate) registry: RegistryArg,
    /// The credential to replace.
    pub(crate) credential_id: String,
    /// The corrected request.
    pub(crate) request: PathBuf,
    /// Why.
    #[arg(long)]
    pub(crate) reason: String,
}

/// Arguments of `publish`.
#[derive(Debug, Args)]
pub(crate) struct PublishArgs {
    #[command(flatten)]
    pub(crate) registry: RegistryArg,
    /// The directory to publish into (status lists and verification pages).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Days the published lists stay valid.
    #[arg(long, default_value_t = 7)]
    pub(crate) valid_days: i64,
    /// Do not draw the certificate image on the verification pages (faster).
    #[arg(long)]
    pub(crate) no_images: bool,
}

/// Arguments of `audit`.
#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    #[command(flatten)]
    pub(crate) registry: RegistryArg,
    /// Print the log and the verdict as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Arguments of `erase`.
#[derive(Debug, Args)]
pub(crate) struct EraseArgs {
    #[command(flatten)]
    pub(crate) registry: RegistryArg,
    /// The institution's learner reference (student number).
    #[arg(long)]
    pub(crate) learner: String,
}

fn failure(e: impl std::fmt::Display) -> CliError {
    CliError::Failure(e.to_string())
}

/// An opened office: configuration, registry and key.
pub(crate) fn open(dir: &Path) -> Result<Issuer<SqliteStore>, CliError> {
    let config_path = dir.join("config.json");
    let bytes = read_input(&config_path)?;
    let config: IssuerConfig = serde_json::from_slice(&bytes).map_err(|e| CliError::input(&config_path, e))?;
    let key = crate::cmd::sign::read_key(&dir.join("issuer.key"))?;
    let signer = if config.institution.id.starts_with("did:web:") {
        let did = Did::parse(&config.institution.id).map_err(|e| CliError::input(&config_path, e))?;
        KeySigner::for_did(key, &did)
    } else {
        KeySigner::did_key(key)
    };
    let store = SqliteStore::open(
        &dir.join("registry.sqlite"),
        &config.status_base_url,
        config.entries_per_list,
    )
    .map_err(failure)?;
    Issuer::new(config, store, Box::new(signer)).map_err(|e| CliError::input(&config_path, e))
}

/// `microcred init`.
pub(crate) fn init(args: &InitArgs) -> Result<ExitCode, CliError> {
    init_office(args)?;
    print_line(&format!("initialised {}", args.dir.display()));
    Ok(ExitCode::SUCCESS)
}

/// Create a registry directory; returns the institution's DID.
pub(crate) fn init_office(args: &InitArgs) -> Result<String, CliError> {
    if args.dir.join("config.json").exists() {
        return Err(CliError::Usage(format!(
            "{} already holds a registry",
            args.dir.display()
        )));
    }
    std::fs::create_dir_all(args.dir.join("credentials"))
        .map_err(|e| CliError::Failure(format!("{}: {e}", args.dir.display())))?;
    let key = SecretKey::generate();
    let did = match &args.did_web {
        Some(domain) => Did::web(domain).map_err(|e| CliError::Usage(format!("--did-web: {e}")))?,
        None => key.public_key().did_key(),
    };
    let pem = key.to_pkcs8_pem().map_err(failure)?;
    create_private_file(&args.dir.join("issuer.key"), pem.as_bytes())?;
    if args.did_web.is_some() {
        let document = did.document(&key.public_key());
        write_atomic(
            &args.dir.join("did.json"),
            serde_json::to_string_pretty(&document).map_err(failure)?.as_bytes(),
        )?;
    }
    let config = IssuerConfig {
        institution: IssuerData {
            id: did.as_str().to_owned(),
            legal_name: Text::Plain(args.name.clone()),
            short_name: None,
            country: args.country.clone(),
            eidas_identifier: args.eidas_identifier.clone(),
            registration: None,
            address: None,
            homepage: None,
            logo: None,
        },
        status_base_url: args.status_url.clone(),
        verify_base_url: args.verify_url.clone(),
        cryptosuite: "eddsa-rdfc-2022".into(),
        entries_per_list: args.entries_per_list,
    };
    microcred_model::vocab::Country::from_code(&args.country)
        .map_err(|e| CliError::Usage(format!("--country: {e}")))?;
    write_atomic(
        &args.dir.join("config.json"),
        serde_json::to_string_pretty(&config).map_err(failure)?.as_bytes(),
    )?;
    SqliteStore::open(
        &args.dir.join("registry.sqlite"),
        &config.status_base_url,
        config.entries_per_list,
    )
    .map_err(failure)?;
    Ok(did.as_str().to_owned())
}

/// Read a batch file (CSV or JSON Lines, by extension).
pub(crate) fn read_batch(
    path: &Path,
    issuer: &IssuerData,
) -> Result<Vec<Result<microcred::BatchItem, microcred::RowError>>, CliError> {
    let is_jsonl = path.extension().is_some_and(|e| e == "jsonl" || e == "ndjson");
    let items = if is_jsonl {
        microcred::batch::read_jsonl(path)
    } else {
        microcred::batch::read_csv(path, issuer)
    };
    items.map_err(|e| CliError::input(path, e))
}

/// `microcred issue`.
#[allow(clippy::print_stderr)]
pub(crate) fn issue(args: &IssueArgs) -> Result<ExitCode, CliError> {
    let mut office = open(&args.registry.registry)?.with_pdf_certificates(args.pdf);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.registry.registry.join("credentials"));
    if let Some(batch) = &args.batch {
        let items = read_batch(batch, &office.config().institution)?;
        // A progress bar on a terminal; nothing when standard error is redirected.
        let bar = indicatif::ProgressBar::new(items.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} credentials, {per_sec}, eta {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let mut progress = |done: usize, _total: usize| bar.set_position(done as u64);
        let report = office
            .issue_batch(items, &out, args.allow_nonconformant, &mut progress)
            .map_err(failure)?;
        bar.finish_and_clear();
        for entry in report.manifest.iter().filter(|e| e.outcome == "failed") {
            if let Some(error) = &entry.error {
                eprintln!("microcred: {}: {error}", batch.display());
            }
        }
        print_line(&format!(
            "issued {}, already issued {}, failed {}; manifest: {}",
            report.issued,
            report.already_issued,
            report.failed,
            out.join("manifest.json").display()
        ));
        return Ok(if report.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_NEGATIVE)
        });
    }
    let Some(path) = &args.request else {
        return Err(CliError::Usage("name a request file or --batch".into()));
    };
    let bytes = read_input(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| CliError::input(path, "not UTF-8"))?;
    let request = IssuanceRequest::from_json_str(text).map_err(|e| CliError::input(path, e))?;
    let options = IssueOptions {
        allow_nonconformant: args.allow_nonconformant,
        out_dir: Some(&out),
        replaces: None,
        pdf: args.pdf,
    };
    match office.issue(&request, &options) {
        Ok(IssueOutcome::Issued(issued)) => {
            print_line(
                &serde_json::json!({
                    "credentialId": issued.record.credential_id,
                    "file": out.join(&issued.record.file_name),
                    "verificationLink": issued.verification_link,
                })
                .to_string(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Ok(IssueOutcome::AlreadyIssued(record)) => {
            print_line(&serde_json::json!({"credentialId": record.credential_id, "alreadyIssued": true}).to_string());
            Ok(ExitCode::SUCCESS)
        }
        Ok(_) => Ok(ExitCode::SUCCESS),
        Err(e @ (microcred::IssueError::Request(_) | microcred::IssueError::NotConformant(_))) => {
            Err(CliError::input(path, e))
        }
        Err(e) => Err(failure(e)),
    }
}

fn change(args: &StatusChangeArgs, action: &str) -> Result<ExitCode, CliError> {
    let mut office = open(&args.registry.registry)?;
    let result = match action {
        "revoke" => office.revoke(&args.credential_id, &args.reason),
        "suspend" => office.suspend(&args.credential_id, &args.reason),
        _ => office.reinstate(&args.credential_id, &args.reason),
    };
    let record = result.map_err(|e| CliError::Usage(e.to_string()))?;
    print_line(
        &format!(
            "{}: {:?} (publish to make it visible to verifiers)",
            record.credential_id, record.state
        )
        .to_lowercase(),
    );
    Ok(ExitCode::SUCCESS)
}

/// `microcred revoke`.
pub(crate) fn revoke(args: &StatusChangeArgs) -> Result<ExitCode, CliError> {
    change(args, "revoke")
}

/// `microcred suspend`.
pub(crate) fn suspend(args: &StatusChangeArgs) -> Result<ExitCode, CliError> {
    change(args, "suspend")
}

/// `microcred reinstate`.
pub(crate) fn reinstate(args: &StatusChangeArgs) -> Result<ExitCode, CliError> {
    change(args, "reinstate")
}

/// `microcred update`.
pub(crate) fn update(args: &UpdateArgs) -> Result<ExitCode, CliError> {
    let mut office = open(&args.registry.registry)?;
    let bytes = read_input(&args.request)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| CliError::input(&args.request, "not UTF-8"))?;
    let request = IssuanceRequest::from_json_str(text).map_err(|e| CliError::input(&args.request, e))?;
    let out = args.registry.registry.join("credentials");
    let issued = office
        .update(&args.credential_id, &request, &args.reason, Some(&out))
        .map_err(|e| CliError::Usage(e.to_string()))?;
    print_line(
        &serde_json::json!({
            "credentialId": issued.record.credential_id,
            "replaces": args.credential_id,
            "file": out.join(&issued.record.file_name),
            "verificationLink": issued.verification_link,
        })
        .to_string(),
    );
    Ok(ExitCode::SUCCESS)
}

/// `microcred publish`.
pub(crate) fn publish(args: &PublishArgs) -> Result<ExitCode, CliError> {
    let office = open(&args.registry.registry)?;
    let options = PublishOptions {
        validity: chrono::Duration::days(args.valid_days.max(1)),
        page_images: !args.no_images,
        ..PublishOptions::default()
    };
    let report = office
        .publish(&args.registry.registry.join("credentials"), &args.out, options)
        .map_err(failure)?;
    let did = args.registry.registry.join("did.json");
    if did.exists() {
        let bytes = read_input(&did)?;
        write_atomic(&args.out.join(".well-known").join("did.json"), &bytes)?;
    }
    print_line(&format!(
        "published {} status lists and {} verification pages to {}",
        report.lists,
        report.pages,
        args.out.display()
    ));
    if report.pages_removed > 0 {
        print_line(&format!(
            "removed {} verification page(s) of erased learners",
            report.pages_removed
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// `microcred audit`.
pub(crate) fn audit(args: &AuditArgs) -> Result<ExitCode, CliError> {
    let office = open(&args.registry.registry)?;
    let verdict = office.store().verify_audit().map_err(failure)?;
    if args.json {
        let log = office.store().audit_log().map_err(failure)?;
        print_line(
            &serde_json::to_string_pretty(
                &serde_json::json!({"intact": verdict.first_broken.is_none(), "verification": verdict, "log": log}),
            )
            .map_err(failure)?,
        );
    } else {
        match verdict.first_broken {
            None => print_line(&format!(
                "audit log intact: {} entries, head {}",
                verdict.entries, verdict.head
            )),
            Some(seq) => print_line(&format!(
                "audit log BROKEN at entry {seq} of {}: the history was edited",
                verdict.entries
            )),
        }
    }
    Ok(if verdict.first_broken.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NEGATIVE)
    })
}

/// `microcred erase`: forget a learner's reference and delete their locally kept credential
/// files; revocation keeps working (it needs only the status index).
pub(crate) fn erase(args: &EraseArgs) -> Result<ExitCode, CliError> {
    let mut office = open(&args.registry.registry)?;
    let records = office
        .store_mut()
        .erase_learner(&args.learner, chrono::Utc::now())
        .map_err(failure)?;
    let credentials = args.registry.registry.join("credentials");
    let mut files = 0;
    for record in &records {
        let path = credentials.join(&record.file_name);
        if path.exists() {
            std::fs::remove_file(&path).map_err(|e| CliError::Failure(format!("{}: {e}", path.display())))?;
            files += 1;
        }
    }
    print_line(&format!(
        "erased learner reference from {} record(s) and deleted {files} credential file(s); republish to remove their verification pages",
        records.len()
    ));
    Ok(ExitCode::SUCCESS)
}
