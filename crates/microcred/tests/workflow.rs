//! The whole life of credentials: issue, publish, verify, revoke, suspend, reinstate, update.

use microcred::batch::BatchItem;
use microcred::store::Reservation;
use microcred::verify::status_word;
use microcred::{IssueOptions, IssueOutcome, PublishOptions, RecordState, Store, Verifier};

use crate::common::office;

#[test]
fn issue_publish_verify_revoke_suspend_reinstate_update() {
    let dir = tempfile::tempdir().unwrap();
    let (mut issuer, request) = office(dir.path(), 131_072);
    let out = dir.path().join("credentials");
    let site = dir.path().join("site");
    let options = IssueOptions {
        out_dir: Some(&out),
        ..Default::default()
    };

    let mut ids = Vec::new();
    for n in 0..4 {
        let mut request = request.clone();
        request.request_id = Some(format!("req-{n}"));
        let IssueOutcome::Issued(issued) = issuer.issue(&request, &options).unwrap() else {
            panic!("not issued")
        };
        assert!(issued.verification_link.starts_with("https://uniz.example/verify/"));
        assert_eq!(issued.credential["credentialStatus"].as_array().unwrap().len(), 2);
        assert!(out.join(&issued.record.file_name).exists());
        ids.push(issued.record.credential_id.clone());
    }
    // Idempotent by request id.
    let mut again = request.clone();
    again.request_id = Some("req-0".into());
    assert!(matches!(
        issuer.issue(&again, &options).unwrap(),
        IssueOutcome::AlreadyIssued(_)
    ));

    issuer.revoke(&ids[0], "awarded in error").unwrap();
    issuer.suspend(&ids[1], "under investigation").unwrap();
    issuer.suspend(&ids[2], "under investigation").unwrap();
    issuer.reinstate(&ids[2], "cleared").unwrap();
    assert!(
        issuer.revoke(&ids[0], "twice").is_err(),
        "revocation is permanent and not repeated"
    );
    assert!(issuer.reinstate(&ids[0], "no").is_err());

    let report = issuer.publish(&out, &site, PublishOptions::default()).unwrap();
    assert_eq!(report.lists, 2);
    assert_eq!(report.pages, 4);

    let verifier = Verifier::new()
        .trust(issuer.config().institution.id.clone())
        .status_dir(&site);
    let words: Vec<&str> = ids
        .iter()
        .map(|id| {
            let record = issuer.store().record(id).unwrap().unwrap();
            let credential: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(out.join(&record.file_name)).unwrap()).unwrap();
            let report = verifier.verify(&credential);
            status_word(&report)
        })
        .collect();
    assert_eq!(words, vec!["revoked", "suspended", "valid", "valid"]);

    // An update issues a corrected credential that names the old one, and revokes the old one.
    let mut corrected = request.clone();
    corrected.grade = Some("A".into());
    let updated = issuer
        .update(&ids[3], &corrected, "grade corrected", Some(&out))
        .unwrap();
    assert_eq!(updated.record.replaces.as_deref(), Some(ids[3].as_str()));
    assert_eq!(
        issuer.store().record(&ids[3]).unwrap().unwrap().state,
        RecordState::Revoked
    );
    assert_eq!(
        issuer.store().record(&ids[3]).unwrap().unwrap().replaced_by.as_deref(),
        Some(updated.record.credential_id.as_str())
    );

    // Pages show the status.
    let page = std::fs::read_to_string(
        site.join("verify")
            .join(microcred::issuer::link_key(&ids[0]))
            .join("index.html"),
    )
    .unwrap();
    assert!(page.contains("Revoked by the issuer"), "{page}");
    assert!(page.contains("Data Stewardship for Researchers"));

    // Published files get the permissions of any new file (a web server running as another
    // user reads them); the office's credential files stay the owner's.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        let plain = site.join("plain-new-file");
        std::fs::write(&plain, b"x").unwrap();
        let page_dir = site.join("verify").join(microcred::issuer::link_key(&ids[0]));
        for published in [page_dir.join("index.html"), page_dir.join("credential.json")] {
            assert_eq!(mode(&published), mode(&plain), "{}", published.display());
        }
        let record = issuer.store().record(&ids[1]).unwrap().unwrap();
        assert_eq!(mode(&out.join(&record.file_name)), 0o600);
    }

    let audit = issuer.store().verify_audit().unwrap();
    assert_eq!(audit.first_broken, None);
    assert!(audit.entries >= 14);
}

#[test]
fn non_conformant_requests_are_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut issuer, mut request) = office(dir.path(), 131_072);
    request.course.quality_assurance.clear();
    let error = issuer
        .issue(&request, &IssueOptions::default())
        .unwrap_err()
        .to_string();
    assert!(error.contains("quality assurance"), "{error}");
    assert!(
        issuer.store().records().unwrap().is_empty(),
        "a refused request allocates nothing"
    );
    let allowed = IssueOptions {
        allow_nonconformant: true,
        ..Default::default()
    };
    assert!(matches!(
        issuer.issue(&request, &allowed).unwrap(),
        IssueOutcome::Issued(_)
    ));
}

#[test]
fn a_request_for_another_issuer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut issuer, mut request) = office(dir.path(), 131_072);
    request.issuer.id = "did:web:someone.else.example".into();
    assert!(
        issuer
            .issue(&request, &IssueOptions::default())
            .unwrap_err()
            .to_string()
            .contains("someone.else")
    );
}

#[test]
fn certificates_as_pdf_and_page_images() {
    let dir = tempfile::tempdir().unwrap();
    let (issuer, request) = office(dir.path(), 131_072);
    let mut issuer = issuer.with_pdf_certificates(true);
    let out = dir.path().join("credentials");
    let options = IssueOptions {
        out_dir: Some(&out),
        ..Default::default()
    };
    let IssueOutcome::Issued(issued) = issuer.issue(&request, &options).unwrap() else {
        panic!()
    };
    let key = microcred::issuer::link_key(&issued.record.credential_id);
    let pdf = std::fs::read(out.join(format!("{key}.pdf"))).unwrap();
    // The PDF alone is enough to verify: the attachment is the signed file, byte for byte.
    let attached = microcred_render::extract_attached_credential(&pdf).unwrap();
    assert_eq!(attached, issued.credential);
    let report = Verifier::new()
        .trust(issuer.config().institution.id.clone())
        .verify(&attached);
    assert!(report.valid, "{report}");

    let site = dir.path().join("site");
    issuer.publish(&out, &site, PublishOptions::default()).unwrap();
    let page_dir = site.join("verify").join(&key);
    let png = std::fs::read(page_dir.join("certificate.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    assert!(
        std::fs::read_to_string(page_dir.join("index.html"))
            .unwrap()
            .contains("certificate.png")
    );
}

/// A batch reserves a chunk's records before building each credential; a request that then
/// fails its checks gives its record back, audited, and leaves no file.
#[test]
fn a_batch_row_failing_its_checks_reserves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut issuer, request) = office(dir.path(), 131_072);
    let out = dir.path().join("out");
    let item = |line: u64, id: &str, conformant: bool| {
        let mut request = request.clone();
        request.request_id = Some(id.into());
        if !conformant {
            request.course.quality_assurance.clear();
        }
        Ok(BatchItem { line, request })
    };
    let items = || vec![item(2, "r-1", true), item(3, "r-2", false), item(4, "r-3", true)];
    let report = issuer.issue_batch(items(), &out, false, &mut |_, _| {}).unwrap();
    assert_eq!((report.issued, report.failed), (2, 1));
    let failed = &report.manifest[1];
    assert_eq!((failed.line, failed.outcome), (3, "failed"));
    let error = failed.error.as_ref().unwrap();
    assert_eq!(error.line, 3);
    assert!(error.message.contains("quality assurance"), "{}", error.message);

    let records = issuer.store().records().unwrap();
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(|r| r.state == RecordState::Issued));
    let audit = issuer.store().audit_log().unwrap();
    let released: Vec<_> = audit.iter().filter(|e| e.action == "release").collect();
    assert_eq!(released.len(), 1);
    assert!(
        !released[0].detail.contains("quality"),
        "no request data in the audit log"
    );
    assert_eq!(issuer.store().verify_audit().unwrap().first_broken, None);
    let files = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "manifest.json")
        .count();
    assert_eq!(files, 2, "one file per issued credential");
    for entry in report.manifest.iter().filter(|e| e.outcome == "issued") {
        let bytes = std::fs::read(out.join(entry.file.as_ref().unwrap())).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(bytes, serde_json::to_vec(&value).unwrap(), "files are compact JSON");
        assert_eq!(
            entry.sha256.as_deref(),
            Some(microcred::store::sha256_hex(&bytes).as_str())
        );
    }

    // A rerun issues nothing twice and leaves nothing pending.
    let report = issuer.issue_batch(items(), &out, false, &mut |_, _| {}).unwrap();
    assert_eq!((report.issued, report.already_issued, report.failed), (0, 2, 1));
    assert_eq!(issuer.store().records().unwrap().len(), 2);
}

/// A record left pending by an interrupted run, whose request now fails its checks, goes with
/// the file that run may have written.
#[test]
fn a_resumed_row_failing_its_checks_takes_its_file_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut issuer, mut request) = office(dir.path(), 131_072);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let pending = issuer
        .store_mut()
        .reserve(Reservation {
            credential_id: "urn:uuid:3b0f5d0e-8a53-4d8e-9d7c-0c3f2b1a9e11".into(),
            request_id: Some("r-1".into()),
            learner_ref: None,
            file_name: "3b0f5d0e-8a53-4d8e-9d7c-0c3f2b1a9e11.json".into(),
            issued_at: chrono::Utc::now(),
            replaces: None,
        })
        .unwrap();
    std::fs::write(out.join(&pending.file_name), b"{}").unwrap();
    request.request_id = Some("r-1".into());
    request.course.quality_assurance.clear();
    let report = issuer
        .issue_batch(vec![Ok(BatchItem { line: 2, request })], &out, false, &mut |_, _| {})
        .unwrap();
    assert_eq!((report.issued, report.failed), (0, 1));
    assert!(issuer.store().records().unwrap().is_empty());
    assert!(!out.join(&pending.file_name).exists());
}

/// A request id repeated anywhere in a batch, even chunks apart, is a bad row: the first is
/// issued, the repeat is not signed a second time.
#[test]
fn a_request_id_repeated_chunks_apart_is_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let (mut issuer, request) = office(dir.path(), 131_072);
    let out = dir.path().join("out");
    let items: Vec<_> = (0..300_u64)
        .map(|n| {
            let mut request = request.clone();
            let id = if n == 290 { 3 } else { n };
            request.request_id = Some(format!("r-{id}"));
            Ok(BatchItem { line: n + 2, request })
        })
        .collect();
    let report = issuer.issue_batch(items, &out, false, &mut |_, _| {}).unwrap();
    assert_eq!((report.issued, report.failed), (299, 1));
    let repeat = &report.manifest[290];
    assert_eq!(repeat.outcome, "failed");
    assert!(
        repeat.error.as_ref().unwrap().message.contains("repeats line 5"),
        "{repeat:?}"
    );
    assert_eq!(issuer.store().records().unwrap().len(), 299);
    assert!(
        issuer
            .store()
            .records()
            .unwrap()
            .iter()
            .all(|r| r.state == RecordState::Issued)
    );
}
