//! Parsing and building credentials, against plain `serde_json::Value` parsing of the same text
//! (the baseline: the cost any JSON reader pays).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use criterion::{Criterion, criterion_group, criterion_main};
use microcred_model::request::BuildContext;
use microcred_model::{Envelope, EuropeanDigitalCredential, IssuanceRequest, XsdDateTime, annex1};

const SAMPLE: &str = include_str!("../../crates/microcred-model/tests/vectors/Sample-MC-Annex1-unsigned.jsonld");
const REQUEST: &str = include_str!("../../examples/requests/cs-blended-eqf7-bilingual.json");

fn model(c: &mut Criterion) {
    let mut group = c.benchmark_group("model/parse-111KB-sample");
    group.bench_function("baseline serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(SAMPLE).unwrap())
    });
    group.bench_function("EuropeanDigitalCredential", |b| {
        b.iter(|| EuropeanDigitalCredential::from_json_str(SAMPLE).unwrap())
    });
    let value: serde_json::Value = serde_json::from_str(SAMPLE).unwrap();
    group.bench_function("annex1::check", |b| b.iter(|| annex1::check(&value)));
    group.finish();

    let request = IssuanceRequest::from_json_str(REQUEST).unwrap();
    let context = BuildContext::new(
        "urn:uuid:6f1c2b0e-1d3a-4f57-9a43-2f0b7e1c9d21",
        XsdDateTime::parse("2026-07-01T09:00:00Z").unwrap(),
    );
    let mut group = c.benchmark_group("model/build");
    group.bench_function("baseline parse request", |b| {
        b.iter(|| IssuanceRequest::from_json_str(REQUEST).unwrap())
    });
    group.bench_function("build credential", |b| {
        b.iter(|| request.build(Envelope::Edc, &context).unwrap())
    });
    group.finish();
}

criterion_group!(benches, model);
criterion_main!(benches);
