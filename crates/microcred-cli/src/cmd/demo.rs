//! `microcred demo`: the main job on embedded defaults, with nothing to set up.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use microcred::verify::status_word;
use microcred::{PublishOptions, Verifier};

use crate::cmd::office::{InitArgs, init_office, open, read_batch};
use crate::error::{CliError, EXIT_NEGATIVE};
use crate::io::{print_line, write_atomic};

/// The bundled batch: 1,000 learners over three courses (English, Czech/English, Polish).
const BATCH: &[(&str, &str)] = &[
    ("learners.csv", include_str!("../../../../examples/batch/learners.csv")),
    (
        "data-stewardship.json",
        include_str!("../../../../examples/batch/data-stewardship.json"),
    ),
    (
        "environmental-risk.json",
        include_str!("../../../../examples/batch/environmental-risk.json"),
    ),
    (
        "cybersecurity-basics.json",
        include_str!("../../../../examples/batch/cybersecurity-basics.json"),
    ),
];

/// Arguments of `demo`.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Keep the institution here instead of a temporary directory.
    #[arg(long, value_name = "DIR")]
    pub(crate) dir: Option<std::path::PathBuf>,
    /// Also draw the certificate image on each of the 1,000 verification pages (adds about
    /// 0.1 s per credential in a release build: more than half the signing time, so optional).
    #[arg(long)]
    pub(crate) render: bool,
}

fn failure(e: impl std::fmt::Display) -> CliError {
    CliError::Failure(e.to_string())
}

/// `microcred demo`: create an institution, issue 1,000 micro-credentials from the bundled CSV,
/// revoke 3 and suspend 2, publish, verify all 1,000 from the published files, and summarise.
pub(crate) fn demo(args: &DemoArgs) -> Result<ExitCode, CliError> {
    let temporary = tempfile::tempdir().map_err(failure)?;
    let root = args.dir.clone().unwrap_or_else(|| temporary.path().to_path_buf());
    run(&root, args.render)
}

fn run(root: &Path, render: bool) -> Result<ExitCode, CliError> {
    let registry = root.join("registry");
    let init = InitArgs {
        dir: registry.clone(),
        name: "Vysoké učení technické v Brně".into(),
        country: "CZ".into(),
        eidas_identifier: "NTRCZ-00216305".into(),
        did_web: None,
        status_url: "https://credentials.vut.example/status".into(),
        verify_url: "https://credentials.vut.example/verify".into(),
        entries_per_list: 131_072,
    };
    let did = init_office(&init)?;
    print_line(&format!("institution: {} ({did})", init.name));
    let batch_dir = root.join("batch");
    std::fs::create_dir_all(&batch_dir).map_err(failure)?;
    for (name, content) in BATCH {
        write_atomic(&batch_dir.join(name), content.as_bytes())?;
    }

    let mut office = open(&registry)?;
    let items = read_batch(&batch_dir.join("learners.csv"), &office.config().institution)?;
    let credentials = registry.join("credentials");
    let started = Instant::now();
    let report = office
        .issue_batch(items, &credentials, false, &mut |_, _| {})
        .map_err(failure)?;
    let issue_seconds = started.elapsed().as_secs_f64();
    print_line(&format!(
        "issued {} credentials in {issue_seconds:.2} s ({:.0}/s), {} failed",
        report.issued,
        report.issued as f64 / issue_seconds.max(1e-9),
        report.failed
    ));

    let ids: Vec<String> = report.manifest.iter().filter_map(|e| e.credential_id.clone()).collect();
    for id in ids.iter().take(3) {
        office.revoke(id, "demo: awarded in error").map_err(failure)?;
    }
    for id in ids.iter().skip(3).take(2) {
        office.suspend(id, "demo: under review").map_err(failure)?;
    }
    print_line("revoked 3, suspended 2");

    let site = root.join("site");
    let published = office
        .publish(
            &credentials,
            &site,
            PublishOptions {
                page_images: render,
                ..PublishOptions::default()
            },
        )
        .map_err(failure)?;
    print_line(&format!(
        "published {} status lists and {} verification pages",
        published.lists, published.pages
    ));

    let verifier = Verifier::new().trust(did.clone()).status_dir(&site);
    let started = Instant::now();
    let (mut valid, mut revoked, mut suspended, mut other) = (0usize, 0usize, 0usize, 0usize);
    let pages = std::fs::read_dir(site.join("verify")).map_err(failure)?;
    for page in pages {
        let path = page.map_err(failure)?.path().join("credential.json");
        let text = std::fs::read_to_string(&path).map_err(|e| CliError::input(&path, e))?;
        let credential: serde_json::Value = serde_json::from_str(&text).map_err(|e| CliError::input(&path, e))?;
        match status_word(&verifier.verify(&credential)) {
            "valid" => valid += 1,
            "revoked" => revoked += 1,
            "suspended" => suspended += 1,
            _ => other += 1,
        }
    }
    let verify_seconds = started.elapsed().as_secs_f64();
    let total = valid + revoked + suspended + other;
    print_line(&format!(
        "verified {total} from the published files in {verify_seconds:.2} s ({:.0}/s): {valid} valid, {revoked} revoked, {suspended} suspended, {other} invalid",
        total as f64 / verify_seconds.max(1e-9)
    ));
    let audit = microcred::Store::verify_audit(office.store()).map_err(failure)?;
    print_line(&format!(
        "audit log: {} entries, {}",
        audit.entries,
        if audit.first_broken.is_none() {
            "intact"
        } else {
            "BROKEN"
        }
    ));
    let expected = report.issued == 1000
        && valid == 995
        && revoked == 3
        && suspended == 2
        && other == 0
        && audit.first_broken.is_none();
    print_line(if expected {
        "demo: ok"
    } else {
        "demo: UNEXPECTED RESULT"
    });
    Ok(if expected {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NEGATIVE)
    })
}
