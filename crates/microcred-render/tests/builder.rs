//! The builder's seam: `build_with_renderer` fills `displayParameter` with drawn page images.

use base64::Engine as _;
use microcred_model::Envelope;
use microcred_render::Renderer;

use crate::common::{ID, context, decode_png, qr_texts, request};

#[test]
fn the_builder_draws_a_display_per_language() {
    let request = request("cs-blended-eqf7-bilingual");
    let credential = request
        .build_with_renderer(Envelope::Edc, &context(), &Renderer::new())
        .unwrap();
    let display = credential.display_parameter.as_ref().unwrap();
    let displays: Vec<_> = display.individual_display.as_ref().unwrap().iter().collect();
    assert_eq!(displays.len(), 2, "cs and en");
    for individual in displays {
        let details: Vec<_> = individual.display_detail.as_ref().unwrap().iter().collect();
        assert!(!details.is_empty());
        for (n, detail) in details.iter().enumerate() {
            assert_eq!(detail.page, Some(u32::try_from(n + 1).unwrap()));
            let image = detail.image.as_ref().unwrap();
            assert!(image.content_type.as_ref().unwrap().id.ends_with("/PNG"));
            let png = base64::engine::general_purpose::STANDARD
                .decode(image.content.as_ref().unwrap())
                .unwrap();
            assert_eq!(decode_png(&png).0, 1240);
            assert_eq!(qr_texts(&png), vec![ID.to_owned()]);
        }
    }
    // For a manual SHACL check (`.ci/shacl_check.py FILE`): MICROCRED_RENDER_WRITE=FILE.
    if let Some(path) = std::env::var_os("MICROCRED_RENDER_WRITE") {
        std::fs::write(path, credential.to_json_pretty()).unwrap();
    }
    // The credential still parses and round-trips.
    let value = credential.to_value();
    let reparsed = microcred_model::EuropeanDigitalCredential::from_value(value.clone()).unwrap();
    assert_eq!(reparsed.to_value(), value);
}
