//! The W3C JSON-LD 1.1 toRdf and expand test suites (tests/vectors/json-ld-api), run in
//! lenient mode (the suites test plain JSON-LD, which drops what safe mode rejects).
//!
//! Every applicable test must pass except those listed, with a reason, in
//! `tests/vectors/json-ld-api/known-failures.txt` (toRdf) and `known-failures-expand.txt`;
//! each listed test must still fail, so the lists cannot go stale.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use microcred_canon::{ContextStore, Dataset, Error, JsonLdProcessor, rdfc};
use serde_json::Value;

const BASE: &str = "https://w3c.github.io/json-ld-api/tests/";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/json-ld-api")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every JSON document of the suite that can serve as a remote context, by URL.
fn suite_store() -> ContextStore {
    let mut store = ContextStore::new();
    for sub in ["toRdf", "toRdf/c031", "expand", "expand/c031"] {
        for entry in std::fs::read_dir(dir().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if !name.ends_with(".jsonld") {
                continue;
            }
            if let Ok(doc) = serde_json::from_str::<Value>(&std::fs::read_to_string(&path).unwrap()) {
                // Documents without @context cannot be contexts; the store refuses them.
                let _ = store.insert(&format!("{BASE}{sub}/{name}"), doc);
            }
        }
    }
    store
}

/// Why a test does not apply to this processor (JSON-LD 1.1, no generalized RDF, no
/// rdfDirection, no expandContext).
fn not_applicable(entry: &Value) -> Option<&'static str> {
    let option = &entry["option"];
    if option["specVersion"] == "json-ld-1.0" {
        return Some("JSON-LD 1.0 only");
    }
    if option["processingMode"] == "json-ld-1.0" {
        return Some("processingMode json-ld-1.0");
    }
    if option["produceGeneralizedRdf"] == true {
        return Some("generalized RDF");
    }
    if !option["rdfDirection"].is_null() {
        return Some("rdfDirection (non-normative)");
    }
    if !option["expandContext"].is_null() {
        return Some("expandContext option");
    }
    None
}

fn error_code(e: &Error) -> String {
    match e {
        Error::JsonLd { code, .. } => code.as_str().to_owned(),
        Error::ProtectedTermRedefinition { .. } => "protected term redefinition".to_owned(),
        Error::UnknownContext { .. } => "loading remote context failed".to_owned(),
        other => format!("other: {other}"),
    }
}

fn run(processor: &JsonLdProcessor, entry: &Value) -> Result<(), String> {
    let input_rel = entry["input"].as_str().unwrap();
    let base = entry["option"]["base"]
        .as_str()
        .map_or_else(|| format!("{BASE}{input_rel}"), str::to_owned);
    let input: Value = serde_json::from_str(&read(input_rel)).map_err(|e| format!("input JSON: {e}"))?;
    let types: Vec<&str> = entry["@type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let result = processor.to_rdf_with_base(&input, Some(&base));
    if types.contains(&"jld:NegativeEvaluationTest") {
        let expected = entry["expectErrorCode"].as_str().unwrap();
        return match result {
            Ok(ds) => Err(format!("expected error `{expected}`, got {} quads", ds.len())),
            Err(e) if error_code(&e) == expected => Ok(()),
            Err(e) => Err(format!("expected error `{expected}`, got `{}` ({e})", error_code(&e))),
        };
    }
    let dataset = result.map_err(|e| format!("error: {e}"))?;
    if types.contains(&"jld:PositiveSyntaxTest") {
        return Ok(());
    }
    let expected =
        Dataset::from_nquads(&read(entry["expect"].as_str().unwrap())).map_err(|e| format!("expected N-Quads: {e}"))?;
    let got = rdfc::canonicalize(&dataset).map_err(|e| e.to_string())?;
    let want = rdfc::canonicalize(&expected).map_err(|e| e.to_string())?;
    if got != want {
        return Err(format!("datasets differ\n--- got\n{got}--- expected\n{want}"));
    }
    // Cross-check: `canonicalize` writes toRdf's quads straight into RDFC-1.0 (no Dataset);
    // it must give what RDFC-1.0 of the Dataset gives (compared without a base IRI).
    if let Ok(plain) = processor.to_rdf(&input) {
        let via_dataset = rdfc::canonicalize(&plain).map_err(|e| e.to_string())?;
        let direct = processor
            .canonicalize(&input)
            .map_err(|e| format!("direct path: {e}"))?;
        if direct != via_dataset {
            return Err(format!(
                "direct canonicalization differs\n--- direct\n{direct}--- via dataset\n{via_dataset}"
            ));
        }
    }
    Ok(())
}

#[test]
fn json_ld_to_rdf_suite() {
    run_suite("toRdf", "toRdf-manifest.jsonld", "known-failures.txt", run);
}

/// Run every applicable test of a JSON-LD API manifest with `runner`: each must pass, except
/// the ones listed (with their reason) in `known_file`, which must still fail. Prints the
/// counts, as the test functions it serves did (clippy allows printing only in `#[test]` fns).
#[allow(clippy::print_stderr)]
fn run_suite(
    label: &str,
    manifest_file: &str,
    known_file: &str,
    runner: fn(&JsonLdProcessor, &Value) -> Result<(), String>,
) {
    let manifest: Value = serde_json::from_str(&read(manifest_file)).unwrap();
    let known: BTreeMap<String, String> = read(known_file)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, reason) = l.split_once(' ').unwrap_or((l, ""));
            (id.to_owned(), reason.trim().to_owned())
        })
        .collect();
    let processor = JsonLdProcessor::new_lenient(suite_store());
    let (mut passed, mut skipped, mut known_failed) = (0, 0, 0);
    let mut unexpected = Vec::new();
    for entry in manifest["sequence"].as_array().unwrap() {
        let id = entry["@id"].as_str().unwrap().trim_start_matches('#').to_owned();
        if not_applicable(entry).is_some() {
            skipped += 1;
            continue;
        }
        match (runner(&processor, entry), known.contains_key(&id)) {
            (Ok(()), false) => passed += 1,
            (Err(_), true) => known_failed += 1,
            (Ok(()), true) => unexpected.push(format!("{id}: passes now; remove it from {known_file}")),
            (Err(why), false) => unexpected.push(format!("{id} ({}): {why}", entry["name"])),
        }
    }
    eprintln!("JSON-LD {label} suite: {passed} passed, {known_failed} known failures, {skipped} not applicable");
    assert!(
        unexpected.is_empty(),
        "{} unexpected results:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert_eq!(
        known_failed,
        known.len(),
        "every known failure is a test of the manifest"
    );
}

/// JSON-LD object comparison: arrays are unordered except the values of `@list`.
fn json_ld_equal(a: &Value, b: &Value, in_list: bool) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return false;
            }
            if in_list {
                return x.iter().zip(y).all(|(p, q)| json_ld_equal(p, q, false));
            }
            let mut used = vec![false; y.len()];
            x.iter().all(|p| {
                let found = y
                    .iter()
                    .enumerate()
                    .find(|(i, q)| !used[*i] && json_ld_equal(p, q, false));
                found.map(|(i, _)| used[i] = true).is_some()
            })
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_ld_equal(v, w, k == "@list")))
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn run_expand(processor: &JsonLdProcessor, entry: &Value) -> Result<(), String> {
    let input_rel = entry["input"].as_str().unwrap();
    let base = entry["option"]["base"]
        .as_str()
        .map_or_else(|| format!("{BASE}{input_rel}"), str::to_owned);
    let input: Value = serde_json::from_str(&read(input_rel)).map_err(|e| format!("input JSON: {e}"))?;
    let types: Vec<&str> = entry["@type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let result = processor.expand_with_base(&input, Some(&base));
    if types.contains(&"jld:NegativeEvaluationTest") {
        let expected = entry["expectErrorCode"].as_str().unwrap();
        return match result {
            Ok(v) => Err(format!("expected error `{expected}`, got {v}")),
            Err(e) if error_code(&e) == expected => Ok(()),
            Err(e) => Err(format!("expected error `{expected}`, got `{}` ({e})", error_code(&e))),
        };
    }
    let got = result.map_err(|e| format!("error: {e}"))?;
    let want: Value = serde_json::from_str(&read(entry["expect"].as_str().unwrap())).unwrap();
    if json_ld_equal(&got, &want, false) {
        Ok(())
    } else {
        Err(format!("got {got}\nexpected {want}"))
    }
}

#[test]
fn json_ld_expand_suite() {
    run_suite(
        "expand",
        "expand-manifest.jsonld",
        "known-failures-expand.txt",
        run_expand,
    );
}
