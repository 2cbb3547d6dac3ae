//! CLI tests: render.

use crate::common::{microcred, microcred_in, stderr, stdout, workspace};

/// Build the example request `name` into `dir/credential.json` with a fixed id and time.
fn build_credential(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let request = workspace().join(format!("examples/requests/{name}.json"));
    let output = microcred(&[
        "build",
        request.to_str().unwrap(),
        "--credential-id",
        "urn:uuid:6c0e3f2a-2a55-4d1e-9b0f-3c1f4d9a7e21",
        "--issued",
        "2026-06-30T12:00:00Z",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let path = dir.join("credential.json");
    std::fs::write(&path, &output.stdout).unwrap();
    path
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn render_writes_svg_png_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let credential = build_credential(dir.path(), "cs-blended-eqf7-bilingual");
    let cred = credential.to_str().unwrap();

    let output = microcred_in(
        dir.path(),
        &["render", cred, "--format", "svg", "--out", "cert.svg", "--lang", "cs"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(dir.path().join("cert.svg")).unwrap();
    assert!(svg.contains("Vysoké učení technické v Brně") && svg.contains("Výsledky učení"));
    assert_eq!(stdout(&output).trim(), "cert.svg");

    let output = microcred_in(
        dir.path(),
        &[
            "render",
            cred,
            "--format",
            "png",
            "--out",
            "cert.png",
            "--dpi",
            "96",
            "--verify-url",
            "https://v.example/c/{id}",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let png = std::fs::read(dir.path().join("cert.png")).unwrap();
    assert_eq!(png_size(&png), (793, 1123));

    let output = microcred_in(
        dir.path(),
        &["render", cred, "--format", "pdf", "--out", "cert.pdf", "--lang", "en"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = std::fs::read(dir.path().join("cert.pdf")).unwrap();
    let attached = microcred_render::extract_attached_credential(&pdf).unwrap();
    let original: serde_json::Value = serde_json::from_slice(&std::fs::read(&credential).unwrap()).unwrap();
    assert_eq!(attached, original);
}

#[test]
fn render_writes_one_file_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let credential = build_credential(dir.path(), "en-online-eqf6-graded");
    // Make the certificate long: many learning outcomes.
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(&credential).unwrap()).unwrap();
    let outcomes = &mut value["credentialSubject"]["hasClaim"]["specifiedBy"]["learningOutcome"];
    let first = outcomes.as_array().unwrap()[0].clone();
    *outcomes = serde_json::Value::Array(vec![first; 90]);
    std::fs::write(&credential, serde_json::to_vec(&value).unwrap()).unwrap();
    let output = microcred_in(
        dir.path(),
        &[
            "render",
            credential.to_str().unwrap(),
            "--format",
            "svg",
            "--out",
            "long.svg",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let files: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert!(files.len() >= 3, "{files:?}");
    assert_eq!(files[0], "long.svg");
    assert_eq!(files[1], "long-2.svg");
    for file in &files {
        assert!(dir.path().join(file).exists(), "{file}");
    }
}

#[test]
fn render_reports_bad_input_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.json"), "{\"type\": 3}").unwrap();
    let output = microcred_in(dir.path(), &["render", "bad.json", "--format", "svg", "--out", "x.svg"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("bad.json"), "{}", stderr(&output));
    let credential = build_credential(dir.path(), "de-presential-no-eqf");
    let output = microcred_in(
        dir.path(),
        &[
            "render",
            credential.to_str().unwrap(),
            "--format",
            "png",
            "--out",
            "x.png",
            "--lang",
            "en_GB",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--lang"), "{}", stderr(&output));
    assert!(!dir.path().join("x.png").exists());
}
