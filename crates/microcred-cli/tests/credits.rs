//! CLI tests: `microcred credits convert | stack | profile`.

use std::path::Path;

use crate::common::{microcred, microcred_in, stderr, stdout, workspace};

const REQUESTS: [&str; 6] = [
    "cs-blended-eqf7-bilingual",
    "de-presential-no-eqf",
    "el-workbased-portfolio",
    "en-online-eqf6-graded",
    "hu-blended-partial-qualification",
    "pl-online-quiz-stackable",
];

/// Build the example requests into `dir`, one credential each; returns the file names.
fn build_examples(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for name in REQUESTS {
        let request = workspace().join(format!("examples/requests/{name}.json"));
        let output = microcred(&[
            "build",
            request.to_str().unwrap(),
            "--credential-id",
            &format!("urn:example:{name}"),
            "--issued",
            "2026-07-01T00:00:00Z",
        ]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        let file = format!("{name}.jsonld");
        std::fs::write(dir.join(&file), output.stdout).unwrap();
        files.push(file);
    }
    files
}

#[test]
fn convert_hours_at_the_institutions_rate() {
    let output = microcred(&["credits", "convert", "--hours", "60", "--hours-per-credit", "26"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("60 h = 2.5 credits at 26 h/credit"), "{text}");
    assert!(
        text.contains("2.307692 before rounding") && text.contains("nearest 0.5"),
        "{text}"
    );
}

#[test]
fn convert_without_a_rate_shows_the_band() {
    let output = microcred(&["credits", "convert", "--credits", "5"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("5 credits = 125 to 150 h (ECTS: 25 to 30 hours per credit)"),
        "{}",
        stdout(&output)
    );
    let output = microcred(&["credits", "convert", "--hours", "60", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["conversions"][0]["credits"], "2.5");
    assert_eq!(json["conversions"][1]["credits"], "2");
    assert_eq!(json["conversions"][1]["exact"], true);
}

#[test]
fn convert_rounding_options() {
    let output = microcred(&[
        "credits",
        "convert",
        "--hours",
        "100",
        "--hours-per-credit",
        "30",
        "--step",
        "1",
        "--rounding",
        "down",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["conversions"][0]["credits"], "3");
    assert_eq!(json["conversions"][0]["rounding"]["mode"], "down");
}

#[test]
fn convert_rejects_bad_input_with_exit_code_2() {
    let cases: [(&[&str], &str); 5] = [
        (&["--hours", "-5"], "negative"),
        (&["--hours", "NaN"], "`NaN`"),
        (&["--credits", "5", "--hours-per-credit", "40"], "25 to 30"),
        (&["--hours", "5", "--rounding", "sideways"], "sideways"),
        (&["--hours", "5", "--profile", "nowhere"], "nowhere"),
    ];
    for (args, fragment) in cases {
        let mut all = vec!["credits", "convert"];
        all.extend_from_slice(args);
        let output = microcred(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(fragment), "{args:?}: {}", stderr(&output));
    }
    let output = microcred(&["credits", "convert", "--hours", "5", "--credits", "1"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn stack_built_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_examples(dir.path());
    std::fs::write(
        dir.path().join("target.json"),
        r#"{"title": "Certificate in Environmental Engineering", "credits": "12",
            "groups": [{"name": "Environment", "field": "05", "credits": "4"}],
            "minEqfLevel": 5, "maxAge": "P1Y", "maxCreditsPerProvider": "10"}"#,
    )
    .unwrap();
    let mut args = vec![
        "credits",
        "stack",
        "--target",
        "target.json",
        "--now",
        "2026-09-01",
        "--json",
    ];
    args.extend(files.iter().map(String::as_str));
    let output = microcred_in(dir.path(), &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["met"], true);
    assert_eq!(json["proven"], true);
    assert_eq!(json["target"], "Certificate in Environmental Engineering");
    let counted: Vec<&str> = json["counted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        counted,
        [
            "urn:example:hu-blended-partial-qualification",
            "urn:example:en-online-eqf6-graded",
            "urn:example:cs-blended-eqf7-bilingual"
        ]
    );
    assert_eq!(json["counted"][2]["group"], "Environment");
    let excluded: Vec<&str> = json["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reason"].as_str().unwrap())
        .collect();
    assert_eq!(excluded, ["noEqfLevel", "eqfLevelTooLow"]);

    // Text output, and a target out of reach: exit code 1 with the gap.
    std::fs::write(dir.path().join("big.json"), r#"{"credits": "60"}"#).unwrap();
    let mut args = vec!["credits", "stack", "--target", "big.json", "--now", "2026-09-01"];
    args.extend(files.iter().map(String::as_str));
    let output = microcred_in(dir.path(), &args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("NOT met, 21 of 60 credits, 39 missing"), "{text}");
    assert!(
        text.contains("counts  urn:example:pl-online-quiz-stackable: 1 credits"),
        "{text}"
    );
}

#[test]
fn stack_reads_edc_samples_and_reports_exclusions() {
    let vectors = workspace().join("crates/microcred-credits/tests/vectors");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("target.json"), r#"{"credits": "2"}"#).unwrap();
    let mc = vectors.join("Sample-MC-Annex1-unsigned.jsonld");
    let cop = vectors.join("Sample-CertOfPart-unsigned.jsonld");
    let output = microcred_in(
        dir.path(),
        &[
            "credits",
            "stack",
            "--target",
            "target.json",
            mc.to_str().unwrap(),
            cop.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("MET with 1 credential(s), 2 of 2 credits"), "{text}");
    assert!(text.contains("excluded") && text.contains("no credits"), "{text}");
}

#[test]
fn stack_rejects_bad_targets_and_credentials_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_examples(dir.path());
    std::fs::write(dir.path().join("typo.json"), r#"{"credits": "10", "minEqfLevl": 6}"#).unwrap();
    let output = microcred_in(dir.path(), &["credits", "stack", "--target", "typo.json", &files[0]]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("typo.json") && stderr(&output).contains("minEqfLevl"),
        "{}",
        stderr(&output)
    );
    std::fs::write(dir.path().join("ok.json"), r#"{"credits": "10"}"#).unwrap();
    std::fs::write(dir.path().join("broken.jsonld"), r#"{"type": "VerifiableCredential"}"#).unwrap();
    let output = microcred_in(
        dir.path(),
        &["credits", "stack", "--target", "ok.json", "broken.jsonld"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("broken.jsonld"), "{}", stderr(&output));
    let output = microcred_in(
        dir.path(),
        &[
            "credits",
            "stack",
            "--target",
            "ok.json",
            "--now",
            "yesterday",
            &files[0],
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("yesterday"), "{}", stderr(&output));
}

#[test]
fn profiles_print_and_check() {
    let output = microcred(&["credits", "profile", "cz"]);
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("name = \"CZ\"") && stdout(&output).contains("max = \"60\""),
        "{}",
        stdout(&output)
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("uni.toml"),
        "name = \"Uni\"\nhours_per_credit = { min = 26, max = 26 }\nrequire_eqf_levl = true\n",
    )
    .unwrap();
    let output = microcred_in(dir.path(), &["credits", "profile", "uni.toml"]);
    assert_eq!(output.status.code(), Some(2));
    let error = stderr(&output);
    assert!(
        error.contains("uni.toml") && error.contains("line 3") && error.contains("require_eqf_levl"),
        "{error}"
    );
    std::fs::write(
        dir.path().join("uni.toml"),
        "name = \"Uni\"\nhours_per_credit = { min = 26, max = 26 }\n",
    )
    .unwrap();
    let output = microcred_in(dir.path(), &["credits", "profile", "uni.toml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = microcred_in(
        dir.path(),
        &["credits", "convert", "--credits", "2", "--profile", "uni.toml"],
    );
    assert!(
        stdout(&output).contains("2 credits = 52 h at 26 h/credit"),
        "{}",
        stdout(&output)
    );
}
