#![no_main]
//! Fuzz microcred-canon: arbitrary bytes as a JSON-LD document (safe and lenient
//! canonicalization, JCS) and as N-Quads text (RDFC-1.0). Nothing may panic; canonical N-Quads
//! must be a fixed point (canonicalizing them again gives the same text), and JCS output must
//! parse back to an equal JSON value.

use std::sync::OnceLock;

use microcred_canon::{ContextStore, JsonLdProcessor, jcs, rdfc};

fn processors() -> &'static (JsonLdProcessor, JsonLdProcessor) {
    static PROCESSORS: OnceLock<(JsonLdProcessor, JsonLdProcessor)> = OnceLock::new();
    // A low work limit keeps each input fast; the limit itself is what is under test.
    let options = rdfc::Options::default().with_work_limit(2_000);
    PROCESSORS.get_or_init(|| {
        (
            JsonLdProcessor::new(ContextStore::bundled()).with_rdfc_options(options),
            JsonLdProcessor::new_lenient(ContextStore::bundled()).with_rdfc_options(options),
        )
    })
}

fn check_fixed_point(canonical: &str, options: &rdfc::Options) {
    let dataset = microcred_canon::Dataset::from_nquads(canonical).expect("canonical N-Quads parse");
    let again = rdfc::canonicalize_with(&dataset, options).expect("canonical N-Quads canonicalize");
    assert_eq!(again.nquads, canonical, "RDFC-1.0 output is not a fixed point");
}

/// Arbitrary bytes as N-Quads text: canonicalize, then check the fixed point.
fn nquads_case(data: &[u8], options: &rdfc::Options) -> Option<()> {
    let text = std::str::from_utf8(data).ok()?;
    let dataset = microcred_canon::Dataset::from_nquads(text).ok()?;
    let canonical = rdfc::canonicalize_with(&dataset, options).ok()?;
    check_fixed_point(&canonical.nquads, options);
    Some(())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let options = rdfc::Options::default().with_work_limit(2_000);
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let (safe, lenient) = processors();
        if let Ok(canonical) = safe.canonicalize(&value) {
            check_fixed_point(&canonical, &options);
        }
        if let Ok(canonical) = lenient.canonicalize(&value) {
            check_fixed_point(&canonical, &options);
        }
        let text = jcs(&value).expect("JCS of a parsed JSON value");
        let back: serde_json::Value = serde_json::from_str(&text).expect("JCS output is JSON");
        assert_eq!(jcs(&back).expect("JCS again"), text, "JCS is not idempotent");
    }
    let _ = nquads_case(data, &options);
});
