//! CLI tests of the issuing office: init, issue (one and batch), revoke, publish, audit, erase,
//! and crash safety under SIGKILL.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::common::{microcred, stderr, stdout, workspace};

fn init(dir: &Path) -> String {
    let registry = dir.join("registry");
    let output = microcred(&[
        "init",
        registry.to_str().unwrap(),
        "--name",
        "Test University",
        "--country",
        "CZ",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(registry.join("config.json")).unwrap()).unwrap();
    config["institution"]["id"].as_str().unwrap().to_owned()
}

/// A batch folder with the bundled course files and `rows` learners (`extra` appended raw).
fn batch(dir: &Path, rows: usize, extra: &str) -> std::path::PathBuf {
    let folder = dir.join("batch");
    std::fs::create_dir_all(&folder).unwrap();
    for course in [
        "data-stewardship.json",
        "environmental-risk.json",
        "cybersecurity-basics.json",
    ] {
        std::fs::copy(workspace().join("examples/batch").join(course), folder.join(course)).unwrap();
    }
    let mut csv = String::from("requestId,course,givenName,familyName,studentReference,grade\n");
    for n in 0..rows {
        csv.push_str(&format!(
            "T-{n:05},cybersecurity-basics.json,Zofia,Nowak{n},S{n},dobry (4)\n"
        ));
    }
    csv.push_str(extra);
    let path = folder.join("learners.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn registry_counts(registry: &Path) -> (usize, usize, usize) {
    let db = rusqlite::Connection::open(registry.join("registry.sqlite")).unwrap();
    let total: usize = db
        .query_row("SELECT COUNT(*) FROM credentials", [], |r| r.get(0))
        .unwrap();
    let distinct: usize = db
        .query_row(
            "SELECT COUNT(*) FROM (SELECT DISTINCT list, idx FROM credentials)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let issued: usize = db
        .query_row("SELECT COUNT(*) FROM credentials WHERE state = 'issued'", [], |r| {
            r.get(0)
        })
        .unwrap();
    (total, distinct, issued)
}

/// Every credential file in the output directory has its record.
fn files_have_records(registry: &Path) -> usize {
    let db = rusqlite::Connection::open(registry.join("registry.sqlite")).unwrap();
    let mut files = 0;
    for entry in std::fs::read_dir(registry.join("credentials")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name == "manifest.json" || name.starts_with(".microcred-tmp-") {
            continue;
        }
        let known: bool = db
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM credentials WHERE file_name = ?1)",
                [&name],
                |r| r.get(0),
            )
            .unwrap();
        assert!(known, "credential file {name} has no record");
        files += 1;
    }
    files
}

#[test]
fn issue_revoke_publish_audit_erase() {
    let dir = tempfile::tempdir().unwrap();
    let did = init(dir.path());
    let registry = dir.path().join("registry");
    let reg = registry.to_str().unwrap();

    // One request.
    let mut request: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(workspace().join("examples/requests/en-online-eqf6-graded.json")).unwrap(),
    )
    .unwrap();
    request["issuer"]["id"] = did.clone().into();
    let request_file = dir.path().join("request.json");
    std::fs::write(&request_file, request.to_string()).unwrap();
    let output = microcred(&["issue", "--registry", reg, request_file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let issued: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let id = issued["credentialId"].as_str().unwrap().to_owned();
    assert!(
        issued["verificationLink"]
            .as_str()
            .unwrap()
            .ends_with(id.trim_start_matches("urn:uuid:"))
    );
    // Idempotent by request id.
    let again = microcred(&["issue", "--registry", reg, request_file.to_str().unwrap()]);
    assert!(stdout(&again).contains("alreadyIssued"), "{}", stdout(&again));

    // A batch with two bad rows: both reported with line and column; the rest is issued.
    let csv = batch(
        dir.path(),
        5,
        "T-bad1,cybersecurity-basics.json,Ola,,S9,5\nT-bad2,missing-course.json,Ola,Nowak,S9,5\n",
    );
    let output = microcred(&["issue", "--registry", reg, "--batch", csv.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let errors = stderr(&output);
    assert!(errors.contains("line 7, column 4 (`familyName`)"), "{errors}");
    assert!(
        errors.contains("line 8, column 2 (`course`)") && errors.contains("missing-course.json"),
        "{errors}"
    );
    assert!(
        stdout(&output).contains("issued 5, already issued 0, failed 2"),
        "{}",
        stdout(&output)
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(registry.join("credentials/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["manifest"].as_array().unwrap().len(), 7);

    // Revoke, suspend, reinstate; wrong transitions are refused.
    assert!(
        microcred(&["revoke", "--registry", reg, &id, "--reason", "test"])
            .status
            .success()
    );
    let twice = microcred(&["revoke", "--registry", reg, &id, "--reason", "test"]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr(&twice).contains("revoked"), "{}", stderr(&twice));
    let unknown = microcred(&["suspend", "--registry", reg, "urn:uuid:nope", "--reason", "x"]);
    assert_eq!(unknown.status.code(), Some(2));

    let site = dir.path().join("site");
    let output = microcred(&["publish", "--registry", reg, "--out", site.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("2 status lists and 6 verification pages"),
        "{}",
        stdout(&output)
    );

    // Verify from the published files: the revoked credential fails on its status.
    let file = registry
        .join("credentials")
        .join(format!("{}.json", id.trim_start_matches("urn:uuid:")));
    let site_dir = site.to_str().unwrap();
    let verify = microcred(&[
        "verify",
        file.to_str().unwrap(),
        "--trust",
        &did,
        "--status-dir",
        site_dir,
        "--json",
    ]);
    assert_eq!(verify.status.code(), Some(1), "{}", stdout(&verify));
    let report: serde_json::Value = serde_json::from_str(&stdout(&verify)).unwrap();
    let status = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "status")
        .unwrap();
    assert_eq!(status["outcome"], "fail", "{status}");
    assert!(status["reason"].as_str().unwrap().contains("revoked"), "{status}");
    assert_eq!(report["conformance"]["conformant"], true, "{report}");
    // Another credential of the batch is valid with its status checked.
    let manifest_entry = &manifest["manifest"][0];
    let other = registry
        .join("credentials")
        .join(manifest_entry["file"].as_str().unwrap());
    let verify = microcred(&[
        "verify",
        other.to_str().unwrap(),
        "--trust",
        &did,
        "--status-dir",
        site_dir,
    ]);
    assert_eq!(verify.status.code(), Some(0), "{}", stdout(&verify));

    let audit = microcred(&["audit", "--registry", reg]);
    assert!(audit.status.success());
    assert!(stdout(&audit).contains("intact"));

    let files = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = files(&registry.join("credentials"));
    let erase = microcred(&["erase", "--registry", reg, "--learner", "S0"]);
    assert!(erase.status.success(), "{}", stderr(&erase));
    assert!(
        stdout(&erase).contains("1 record(s)") && stdout(&erase).contains("1 credential file(s)"),
        "{}",
        stdout(&erase)
    );
    // Republishing removes the erased learner's verification page, and only that one.
    let after = files(&registry.join("credentials"));
    let gone: Vec<&String> = before.iter().filter(|name| !after.contains(name)).collect();
    assert_eq!(gone.len(), 1, "{gone:?}");
    let page = site.join("verify").join(gone[0].trim_end_matches(".json"));
    assert!(page.join("index.html").exists());
    let pages_before = files(&site.join("verify")).len();
    let output = microcred(&["publish", "--registry", reg, "--out", site.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("5 verification pages") && stdout(&output).contains("removed 1 verification page"),
        "{}",
        stdout(&output)
    );
    assert!(!page.exists(), "{}", page.display());
    assert_eq!(files(&site.join("verify")).len(), pages_before - 1);
}

/// A tiny deterministic generator for the kill times (no dependency, reproducible runs).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn a_batch_killed_twenty_times_completes_without_duplicates() {
    const ROWS: usize = 2000;
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let registry = dir.path().join("registry");
    // The cheaper suite keeps the test quick; the crash paths are the same for both suites.
    let config_path = registry.join("config.json");
    let config = std::fs::read_to_string(&config_path)
        .unwrap()
        .replace("eddsa-rdfc-2022", "eddsa-jcs-2022");
    std::fs::write(&config_path, config).unwrap();
    let csv = batch(dir.path(), ROWS, "");
    let args = [
        "issue",
        "--registry",
        registry.to_str().unwrap(),
        "--batch",
        csv.to_str().unwrap(),
    ];

    let mut random = Lcg(0x5EED_2026);
    let mut kills = 0;
    while kills < 20 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_microcred"))
            .args(args)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(30 + random.next(600)));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        let (total, distinct, _) = registry_counts(&registry);
        assert_eq!(total, distinct, "a status index was allocated twice");
        files_have_records(&registry);
        if finished {
            break; // the whole batch finished before the kill: nothing more to interrupt
        }
        kills += 1;
    }
    let output = Command::new(env!("CARGO_BIN_EXE_microcred"))
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (total, distinct, issued) = registry_counts(&registry);
    assert_eq!(
        (total, distinct, issued),
        (ROWS, ROWS, ROWS),
        "every row issued exactly once"
    );
    assert_eq!(files_have_records(&registry), ROWS);
    // Each file is the one the registry recorded (its hash), and names its own status index.
    let db = rusqlite::Connection::open(registry.join("registry.sqlite")).unwrap();
    let mut statement = db.prepare("SELECT file_name, sha256, idx FROM credentials").unwrap();
    let rows: Vec<(String, String, i64)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (file, sha, index) in rows.iter().step_by(50) {
        let bytes = std::fs::read(registry.join("credentials").join(file)).unwrap();
        assert_eq!(&microcred::store::sha256_hex(&bytes), sha, "{file}");
        let credential: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(credential["credentialStatus"][0]["statusListIndex"], index.to_string());
    }
    let audit = microcred(&["audit", "--registry", registry.to_str().unwrap()]);
    assert!(audit.status.success(), "{}", stdout(&audit));
    assert!(kills >= 1, "the batch was never interrupted");
}
