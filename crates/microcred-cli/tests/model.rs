//! CLI tests: schema, build, check, demo.

use crate::common::{microcred, stderr, stdout, workspace};

const REQUEST: &str = "examples/requests/en-online-eqf6-graded.json";

#[test]
fn schema_prints_the_request_schema() {
    let output = microcred(&["schema"]);
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(schema["properties"]["course"].is_object());
}

#[test]
fn build_then_check_is_conformant() {
    let output = microcred(&[
        "build",
        REQUEST,
        "--credential-id",
        "urn:uuid:00000000-0000-4000-8000-000000000001",
        "--issued",
        "2026-07-01T09:00:00Z",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let credential: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(credential["id"], "urn:uuid:00000000-0000-4000-8000-000000000001");
    assert_eq!(credential["@context"].as_array().unwrap().len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.json");
    std::fs::write(&file, stdout(&output)).unwrap();
    let check = microcred(&["check", file.to_str().unwrap(), "--json"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let report: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    assert_eq!(report["conformant"], true);
    assert_eq!(report["missing"], serde_json::json!([]));

    let w3c = microcred(&["build", REQUEST, "--envelope", "edc-w3c"]);
    let credential: serde_json::Value = serde_json::from_str(&stdout(&w3c)).unwrap();
    assert_eq!(credential["@context"].as_array().unwrap().len(), 4);
}

#[test]
fn check_reports_missing_elements_with_exit_1() {
    let sample = "crates/microcred-model/tests/vectors/Sample-MC-Annex1-signed.jsonld";
    let output = microcred(&["check", sample, "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["conformant"], false);
    assert_eq!(report["missing"][0]["element"], "quality-assurance");
    assert!(
        report["missing"][0]["expectedAt"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "credentialSubject.hasClaim.specifiedBy.accreditation")
    );
    let text = microcred(&["check", sample]);
    assert_eq!(text.status.code(), Some(1));
    assert!(stdout(&text).contains("MISSING  type of quality assurance"));
}

#[test]
fn unreadable_input_exits_2_naming_the_file_and_place() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n \"type\": [\"VerifiableCredential\"],\n \"validFrom\": \"2022-12-31\",\n \"credentialSubject\": {}, \"issuer\": {}\n}").unwrap();
    let output = microcred(&["check", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("broken.json") && message.contains("validFrom") && message.contains("2022-12-31"),
        "{message}"
    );

    std::fs::write(&broken, "{ not json").unwrap();
    let output = microcred(&["check", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("line 1"), "{}", stderr(&output));

    let missing = microcred(&["build", "does/not/exist.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("does/not/exist.json"));

    let mut request: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace().join(REQUEST)).unwrap()).unwrap();
    request["course"]["eqfLevel"] = 0.into();
    let bad = dir.path().join("bad-request.json");
    std::fs::write(&bad, request.to_string()).unwrap();
    let output = microcred(&["build", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("course.eqfLevel"), "{}", stderr(&output));
}

#[test]
fn check_with_a_credit_profile_adds_its_findings() {
    let sample = "crates/microcred-model/tests/vectors/Sample-MC-Annex1-signed.jsonld";
    let output = microcred(&["check", sample, "--profile", "cz", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["credits"]["profile"], "CZ");
    let findings = report["credits"]["findings"].to_string();
    assert!(
        findings.contains("volumeOfLearning") || findings.contains("P60M"),
        "{findings}"
    );

    let output = microcred(&["build", REQUEST, "--issued", "2026-07-01T09:00:00Z"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.json");
    std::fs::write(&file, stdout(&output)).unwrap();
    let check = microcred(&["check", file.to_str().unwrap(), "--profile", "ects"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(stdout(&check).contains("credit profile `"), "{}", stdout(&check));

    let bad = microcred(&["check", file.to_str().unwrap(), "--profile", "no-such-profile.toml"]);
    assert_eq!(bad.status.code(), Some(2));
}
