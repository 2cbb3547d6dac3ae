//! `microcred keygen | did-web | sign | verify`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use microcred_sign::{
    Cryptosuite, DataIntegrity, Did, JadesSeal, KeySigner, OfflineResolver, ProofOptions, SecretKey, Signer as _,
    Verifier, is_jades,
};

use crate::error::{CliError, EXIT_NEGATIVE};
use crate::io::{create_private_file, print_line, read_input, read_json};

/// Key file formats `keygen` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum KeyFormat {
    /// PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as OpenSSL writes it.
    Pem,
    /// A private JWK (`{"kty":"OKP","crv":"Ed25519",...}`).
    Jwk,
    /// A Multikey `secretKeyMultibase` value (`z3u2...`).
    Multibase,
}

/// Data Integrity cryptosuites `sign` can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Suite {
    /// RDF Dataset Canonicalization (RDFC-1.0) + Ed25519.
    #[value(name = "eddsa-rdfc-2022")]
    EddsaRdfc2022,
    /// JSON Canonicalization Scheme (RFC 8785) + Ed25519.
    #[value(name = "eddsa-jcs-2022")]
    EddsaJcs2022,
}

/// Arguments of `keygen`.
#[derive(Debug, Args)]
pub(crate) struct KeygenArgs {
    /// The key file to create (mode 0600); an existing file is never overwritten.
    #[arg(long, value_name = "KEYFILE")]
    out: PathBuf,
    /// The key file format.
    #[arg(long, value_enum, default_value = "pem")]
    format: KeyFormat,
}

/// Arguments of `did-web`.
#[derive(Debug, Args)]
pub(crate) struct DidWebArgs {
    /// The institution's key file (PKCS#8 PEM, JWK or multibase).
    #[arg(long, value_name = "KEYFILE")]
    key: PathBuf,
    /// The domain, with an optional port and path: `uni.example.edu`, `example.edu/issuers/1`.
    #[arg(long, value_name = "DOMAIN")]
    domain: String,
}

/// Arguments of `sign`.
#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// The signing key file (PKCS#8 PEM, JWK or multibase).
    #[arg(long, value_name = "KEYFILE")]
    key: PathBuf,
    /// The cryptosuite.
    #[arg(long, value_enum, default_value = "eddsa-rdfc-2022")]
    suite: Suite,
    /// Sign as this DID (such as a did:web) instead of the key's did:key; the verification
    /// method is `<DID>#<publicKeyMultibase>`, as `did-web` publishes it.
    #[arg(long, value_name = "DID")]
    did: Option<String>,
    /// The proof's `created` time (RFC 3339); now when absent.
    #[arg(long, value_name = "TIME")]
    created: Option<String>,
    /// The proof's `expires` time (RFC 3339).
    #[arg(long, value_name = "TIME")]
    expires: Option<String>,
    /// The unsigned credential (JSON-LD), or `-` for standard input.
    credential: PathBuf,
}

/// Arguments of `verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The signed credential (Data Integrity or JAdES-sealed EDC), or `-` for standard input.
    credential: PathBuf,
    /// A trusted issuer DID; repeat for several. With none, the trusted-issuer check does not
    /// apply.
    #[arg(long = "trust", value_name = "DID")]
    trust: Vec<String>,
    /// A DID document (such as a did:web's did.json) to resolve keys from; repeatable.
    #[arg(long = "did-document", value_name = "FILE")]
    did_documents: Vec<PathBuf>,
    /// Verify as of this time (RFC 3339) instead of now.
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Check the status (revocation, suspension) against status list credentials published
    /// under DIR (`https://HOST/PATH` is read from `DIR/HOST/PATH.json`).
    #[arg(long, value_name = "DIR")]
    status_dir: Option<PathBuf>,
    /// Print one JSON object with a boolean `valid` and the list of checks.
    #[arg(long)]
    json: bool,
}

/// Read the credential to verify: JSON(-LD), or a certificate PDF with the credential attached.
fn read_credential(path: &Path) -> Result<serde_json::Value, CliError> {
    let bytes = read_input(path)?;
    if bytes.starts_with(b"%PDF-") {
        return microcred_render::extract_attached_credential(&bytes).map_err(|e| CliError::input(path, e));
    }
    serde_json::from_slice(&bytes).map_err(|e| CliError::input(path, format!("not valid JSON: {e}")))
}

/// The Council Recommendation (Annex I) report, shown beside the checks.
fn annex_i(credential: &serde_json::Value) -> microcred_sign::Conformance {
    let report = microcred_model::annex1::check(credential);
    microcred_sign::Conformance {
        profile: "annex-i".into(),
        conformant: report.conformant(),
        findings: report
            .missing()
            .map(|f| format!("missing {}: expected at {}", f.label, f.paths.join(" or ")))
            .collect(),
    }
}

/// Read a secret key file (PKCS#8 PEM, private JWK or Multikey), wiping the text after use.
pub(crate) fn read_key(path: &Path) -> Result<SecretKey, CliError> {
    let bytes = microcred_sign::Zeroizing::new(read_input(path)?);
    let text = std::str::from_utf8(&bytes).map_err(|_| CliError::input(path, "key file is not UTF-8 text"))?;
    SecretKey::from_key_file(text).map_err(|e| CliError::input(path, e))
}

fn parse_time(flag: &str, value: &str) -> Result<DateTime<Utc>, CliError> {
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| CliError::Usage(format!("{flag} {value}: not an RFC 3339 time: {e}")))
}

/// `microcred keygen`.
pub(crate) fn keygen(args: &KeygenArgs) -> Result<ExitCode, CliError> {
    let key = SecretKey::generate();
    let text = match args.format {
        KeyFormat::Pem => key.to_pkcs8_pem().map_err(|e| CliError::Failure(e.to_string()))?,
        KeyFormat::Jwk => {
            let mut jwk = key.to_jwk();
            jwk.push('\n');
            jwk
        }
        KeyFormat::Multibase => {
            let mut text = key.to_multibase();
            text.push('\n');
            text
        }
    };
    create_private_file(&args.out, text.as_bytes())?;
    print_line(key.public_key().did_key().as_str());
    Ok(ExitCode::SUCCESS)
}

/// `microcred did-web`.
pub(crate) fn did_web(args: &DidWebArgs) -> Result<ExitCode, CliError> {
    let key = read_key(&args.key)?;
    let did = Did::web(&args.domain).map_err(|e| CliError::Usage(e.to_string()))?;
    let document = did.document(&key.public_key());
    let text = serde_json::to_string_pretty(&document).map_err(|e| CliError::Failure(e.to_string()))?;
    print_line(&text);
    Ok(ExitCode::SUCCESS)
}

/// `microcred sign`.
pub(crate) fn sign(args: &SignArgs) -> Result<ExitCode, CliError> {
    let key = read_key(&args.key)?;
    let credential = read_json(&args.credential)?;
    let signer = match &args.did {
        None => KeySigner::did_key(key),
        Some(did) => {
            let did = Did::parse(did).map_err(|e| CliError::Usage(e.to_string()))?;
            if did.method() == "key" && did != key.public_key().did_key() {
                return Err(CliError::Usage(format!("--did {did} is not the did:key of the key")));
            }
            KeySigner::for_did(key, &did)
        }
    };
    let created = match &args.created {
        Some(value) => parse_time("--created", value)?,
        None => Utc::now(),
    };
    let suite = match args.suite {
        Suite::EddsaRdfc2022 => Cryptosuite::EddsaRdfc2022,
        Suite::EddsaJcs2022 => Cryptosuite::EddsaJcs2022,
    };
    let mut options = ProofOptions::new(suite, created);
    if let Some(value) = &args.expires {
        options = options.expires(parse_time("--expires", value)?);
    }
    let integrity = DataIntegrity::new();
    let signed = integrity
        .sign_credential(&credential, &signer, &options)
        .map_err(|e| match e {
            microcred_sign::SignError::IssuerMismatch { .. } => CliError::input(
                &args.credential,
                format!(
                    "{e}; the issuer must be {} (use --did for a did:web)",
                    signer.controller()
                ),
            ),
            other => CliError::input(&args.credential, other),
        })?;
    let text = serde_json::to_string_pretty(&signed).map_err(|e| CliError::Failure(e.to_string()))?;
    print_line(&text);
    Ok(ExitCode::SUCCESS)
}

/// `microcred verify`.
pub(crate) fn verify(args: &VerifyArgs) -> Result<ExitCode, CliError> {
    let credential = read_credential(&args.credential)?;
    let now = match &args.now {
        Some(value) => parse_time("--now", value)?,
        None => Utc::now(),
    };
    let report = if is_jades(&credential) {
        let seal = JadesSeal::parse(&credential).map_err(|e| CliError::input(&args.credential, e))?;
        seal.verify(now)
    } else {
        let mut resolver = OfflineResolver::new();
        for path in &args.did_documents {
            let document = read_json(path)?;
            resolver.add_document(document).map_err(|e| CliError::input(path, e))?;
        }
        let integrity = DataIntegrity::new();
        let mut verifier = Verifier::new(&integrity, &resolver, now).conformance(&annex_i);
        for did in &args.trust {
            verifier = verifier.trust(did.clone());
        }
        if let Some(dir) = &args.status_dir {
            let mut status = microcred::Verifier::new().status_dir(dir);
            for path in &args.did_documents {
                status = status
                    .did_document(read_json(path)?)
                    .map_err(|e| CliError::input(path, e))?;
            }
            verifier = verifier.status_outcome(status.status(&credential, now));
        }
        verifier.verify(&credential)
    };
    if args.json {
        let text = serde_json::to_string_pretty(&report.to_json()).map_err(|e| CliError::Failure(e.to_string()))?;
        print_line(&text);
    } else {
        print_line(&report.to_string());
    }
    Ok(if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NEGATIVE)
    })
}
