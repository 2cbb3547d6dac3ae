//! Benchmarks for microcred-canon: RDFC-1.0 canonicalization of JSON-LD credentials (warm and
//! cold context cache), toRdf, RDFC-1.0 alone and JCS, on a 3.6 KB VC 2.0 credential and on
//! the EDC micro-credential sample (111 KB). Each is read as a ratio to the baseline measured in
//! the same run: parsing the same credential's JSON text with serde_json.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr,
    missing_docs
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use microcred_canon::{ContextStore, JsonLdProcessor, jcs, rdfc};
use serde_json::Value;

#[path = "support/credential.rs"]
mod credential;

/// The `sign` bench's credential; its issuer only has to be an IRI here.
fn credential_3k6() -> Value {
    credential::credential_3k6("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
}

fn edc_sample() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/microcred-canon/tests/vectors/elm/Sample-MC-Annex1-unsigned.jsonld"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn bench(c: &mut Criterion) {
    let processor = JsonLdProcessor::new(ContextStore::bundled());
    let mut group = c.benchmark_group("canon");
    for (name, doc) in [("3.6KB", credential_3k6()), ("edc-111KB", edc_sample())] {
        let text = doc.to_string();
        let quads = processor.canonicalize(&doc).unwrap().lines().count();
        eprintln!("{name}: {} bytes of JSON, {quads} quads", text.len());
        let dataset = processor.to_rdf(&doc).unwrap();

        group.bench_function(format!("baseline/serde-json-parse-{name}"), |b| {
            b.iter(|| serde_json::from_str::<Value>(black_box(&text)).unwrap())
        });
        group.bench_function(format!("canonicalize-{name}"), |b| {
            b.iter(|| processor.canonicalize(black_box(&doc)).unwrap())
        });
        group.bench_function(format!("canonicalize-cold-{name}"), |b| {
            // A new processor per call: every context is processed again (what ssi does).
            b.iter(|| {
                JsonLdProcessor::new(ContextStore::bundled())
                    .canonicalize(black_box(&doc))
                    .unwrap()
            })
        });
        group.bench_function(format!("expand-{name}"), |b| {
            b.iter(|| processor.expand(black_box(&doc)).unwrap())
        });
        group.bench_function(format!("to-rdf-{name}"), |b| {
            b.iter(|| processor.to_rdf(black_box(&doc)).unwrap())
        });
        group.bench_function(format!("rdfc-only-{name}"), |b| {
            b.iter(|| rdfc::canonicalize(black_box(&dataset)).unwrap())
        });
        group.bench_function(format!("jcs-{name}"), |b| b.iter(|| jcs(black_box(&doc)).unwrap()));
    }
    // A Data Integrity proof configuration read with a VC 2.0 credential's contexts (what
    // eddsa-rdfc-2022 canonicalizes beside the document).
    let proof_config = serde_json::json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2025-01-15T09:00:00Z",
        "verificationMethod": "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH#z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH",
        "proofPurpose": "assertionMethod"
    });
    group.bench_function("canonicalize-proof-config", |b| {
        b.iter(|| processor.canonicalize(black_box(&proof_config)).unwrap())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
