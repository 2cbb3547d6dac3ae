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
use serde_json::{Value, json};

/// The same 3.6 KB VC 2.0 credential as the `sign` bench (achievement, criteria, alignments,
/// results).
fn credential_3k6() -> Value {
    let alignments: Vec<Value> = (1..=6)
        .map(|i| {
            json!({
                "type": "Alignment",
                "targetName": format!("Learning outcome {i}: apply data-protection principles in system design"),
                "targetUrl": format!("https://esco.example.eu/skill/{i:04}"),
                "targetFramework": "ESCO"
            })
        })
        .collect();
    let results: Vec<Value> = (1..=4)
        .map(|i| json!({"type": "Result", "resultDescription": format!("urn:uuid:result-{i}"), "value": format!("{}", 60 + i * 7)}))
        .collect();
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:7f1c2c5e-6a0e-4b5e-9d59-3f4c1f0e5a11",
        "type": ["VerifiableCredential", "MicroCredential"],
        "name": "Micro-credential in Privacy Engineering",
        "description": "Awarded on successful completion of the 6 ECTS module Privacy Engineering, \
            covering threat modelling, data minimisation, pseudonymisation and privacy impact assessment.",
        "issuer": {"id": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "type": "Profile",
            "name": "Example University of Applied Sciences", "url": "https://uni.example.edu"},
        "validFrom": "2025-01-15T09:00:00Z",
        "validUntil": "2035-01-15T09:00:00Z",
        "credentialSubject": {
            "id": "did:example:student-4711",
            "type": "AchievementSubject",
            "name": "Ada Lovelace",
            "achievement": {
                "id": "https://uni.example.edu/achievements/privacy-engineering",
                "type": "Achievement",
                "name": "Privacy Engineering (6 ECTS)",
                "description": "The learner designs information systems that protect personal data by default: \
                    threat models, data flow diagrams, retention rules and pseudonymisation schemes, and \
                    assesses their residual risk in a documented privacy impact assessment.",
                "criteria": {"narrative": "Written examination (60%), project report (30%) and peer review (10%); \
                    a pass requires 50% in each part. Assessment is supervised and identity-checked."},
                "creditsAvailable": "6",
                "educationLevel": "EQF 7",
                "workload": "PT150H",
                "alignment": alignments
            },
            "result": results
        }
    })
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
