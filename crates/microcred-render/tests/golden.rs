//! Golden tests: the SVG of fixed credentials is stable (compared as text), PNG pages decode to
//! the expected size, and the QR code in a PNG decodes back to the verification link.
//!
//! After an intended layout change, rewrite the golden files with
//! `MICROCRED_BLESS=1 cargo test -p microcred-render golden` and review the diff.

use microcred_render::{DEFAULT_DPI, LinkTemplate, RenderOptions, Renderer};

use crate::common::{ID, LINK, credential, decode_png, qr_texts, tag, vector};

fn renderer() -> Renderer {
    Renderer::with_options(RenderOptions::default().verification_link(LinkTemplate::new(LINK).unwrap()))
}

fn check_golden(name: &str, actual: &str) {
    let path = vector(&format!("golden/{name}"));
    if std::env::var_os("MICROCRED_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with MICROCRED_BLESS=1 to create it)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n  expected: {}\n  actual:   {}",
            line + 1,
            expected.lines().nth(line).unwrap_or("(end)"),
            actual.lines().nth(line).unwrap_or("(end)")
        );
    }
}

#[test]
fn svg_of_fixed_credentials_is_stable() {
    for (name, language) in [
        ("en-online-eqf6-graded", "en"),
        ("cs-blended-eqf7-bilingual", "cs"),
        ("cs-blended-eqf7-bilingual", "en"),
        ("el-workbased-portfolio", "el"),
        ("cs-many-outcomes", "cs"),
    ] {
        let certificate = renderer().certificate(&credential(name), &tag(language)).unwrap();
        for (i, svg) in certificate.svg_pages().iter().enumerate() {
            check_golden(&format!("{name}.{language}.{}.svg", i + 1), svg);
        }
    }
}

#[test]
fn svg_is_deterministic_and_keeps_diacritics_as_text() {
    let cs = credential("cs-blended-eqf7-bilingual");
    let a = renderer().certificate(&cs, &tag("cs")).unwrap().svg_pages();
    let b = renderer().certificate(&cs, &tag("cs")).unwrap().svg_pages();
    assert_eq!(a, b);
    let svg = a.concat();
    for text in [
        "Vysoké učení technické v Brně",
        "Řízení environmentálních rizik",
        "Jana Nováková",
        "Výsledky učení",
        "Posoudí environmentální rizika průmyslového provozu",
        "A (výborně)",
    ] {
        assert!(svg.contains(text), "missing {text}");
    }
    // The same credential in English draws its English texts.
    let en = renderer().certificate(&cs, &tag("en")).unwrap().svg_pages().concat();
    assert!(en.contains("Environmental Risk Management") && en.contains("Learning outcomes"));
}

#[test]
fn every_language_of_the_examples_renders_its_own_script() {
    for (name, language, probe) in [
        ("pl-online-quiz-stackable", "pl", "ł"),
        ("hu-blended-partial-qualification", "hu", "ő"),
        ("el-workbased-portfolio", "el", "Μαθησιακά αποτελέσματα"),
        ("de-presential-no-eqf", "de", "Lernergebnisse"),
    ] {
        let svg = renderer()
            .certificate(&credential(name), &tag(language))
            .unwrap()
            .svg_pages()
            .concat();
        assert!(svg.contains(probe), "{name}: no {probe}");
        assert!(svg.contains(&format!("xml:lang=\"{language}\"")));
    }
}

#[test]
fn png_pages_have_the_expected_size_and_a_readable_qr_code() {
    let certificate = renderer()
        .certificate(&credential("en-online-eqf6-graded"), &tag("en"))
        .unwrap();
    assert_eq!(certificate.png_size(), (1240, 1754));
    let pages = certificate.png_pages().unwrap();
    assert_eq!(pages.len(), 1);
    let (width, height, pixels) = decode_png(&pages[0]);
    assert_eq!((width, height), (1240, 1754));
    assert_eq!(DEFAULT_DPI, 150);
    // Not blank: some dark ink and mostly white paper.
    let dark = pixels.chunks(4).filter(|p| p[0] < 80).count();
    assert!(dark > 10_000 && dark < pixels.len() / 4 / 4, "{dark} dark pixels");
    let link = "https://credentials.example.edu/verify?id=urn%3Auuid%3A0f8fad5b-d9cb-469f-a165-70867728950e";
    assert_eq!(certificate.verification_link(), link);
    assert_eq!(qr_texts(&pages[0]), vec![link.to_owned()]);
}

#[test]
fn without_a_link_template_the_qr_code_carries_the_credential_id() {
    let pages = Renderer::new()
        .certificate(&credential("de-presential-no-eqf"), &tag("de"))
        .unwrap()
        .png_pages()
        .unwrap();
    assert_eq!(qr_texts(&pages[0]), vec![ID.to_owned()]);
}

#[test]
fn png_resolution_is_configurable_and_checked() {
    let renderer = Renderer::with_options(RenderOptions::default().dpi(96).unwrap());
    let certificate = renderer
        .certificate(&credential("pl-online-quiz-stackable"), &tag("pl"))
        .unwrap();
    let pages = certificate.png_pages().unwrap();
    assert_eq!(decode_png(&pages[0]).0, 793);
    assert_eq!(qr_texts(&pages[0]), vec![ID.to_owned()]);
    assert!(RenderOptions::default().dpi(20).is_err());
    assert!(RenderOptions::default().dpi(1200).is_err());
}
