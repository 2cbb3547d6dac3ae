//! Drawing certificates: one page to SVG text (the baseline: layout and text measurement, what
//! every output format pays), to PNG (rasterising and encoding) and to PDF (PDF/A-3b with the
//! credential attached). Figures are read as ratios to the SVG baseline of the same run.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use microcred_model::request::BuildContext;
use microcred_model::{Envelope, IssuanceRequest, LanguageTag, XsdDateTime};
use microcred_render::{RenderOptions, Renderer};

const REQUEST: &str = include_str!("../../examples/requests/cs-blended-eqf7-bilingual.json");

fn render(c: &mut Criterion) {
    let request = IssuanceRequest::from_json_str(REQUEST).unwrap();
    let context = BuildContext::new(
        "urn:uuid:6f1c2b0e-1d3a-4f57-9a43-2f0b7e1c9d21",
        XsdDateTime::parse("2026-07-01T09:00:00Z").unwrap(),
    );
    let credential = request.build(Envelope::Edc, &context).unwrap();
    let file = credential.to_json_pretty();
    let cs = LanguageTag::new("cs").unwrap();
    let renderer = Renderer::new();
    let certificate = renderer.certificate(&credential, &cs).unwrap();
    assert_eq!(certificate.page_count(), 1);

    let mut group = c.benchmark_group("render/one-page");
    group.sample_size(20);
    group.bench_function("baseline SVG text (layout)", |b| {
        b.iter(|| renderer.certificate(&credential, &cs).unwrap().svg_pages())
    });
    group.bench_function("PNG 150 dpi", |b| b.iter(|| certificate.png_pages().unwrap()));
    let low = Renderer::with_options(RenderOptions::default().dpi(96).unwrap());
    let low_certificate = low.certificate(&credential, &cs).unwrap();
    group.bench_function("PNG 96 dpi", |b| b.iter(|| low_certificate.png_pages().unwrap()));
    group.bench_function("PDF/A-3b with attachment", |b| {
        b.iter(|| renderer.pdf(file.as_bytes(), &cs).unwrap())
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
