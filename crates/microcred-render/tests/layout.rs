//! Layout: long content flows onto more pages and nothing is lost; the EU samples render;
//! undrawable characters and bad logos are typed errors.

use microcred_model::EuropeanDigitalCredential;
use microcred_render::{RenderError, Renderer, languages};

use crate::common::{build, credential, request, tag, vector, with_logo};

/// The text content of an SVG page (the text elements, unescaped).
fn texts(svg: &str) -> Vec<String> {
    texts_sized(svg, None)
}

/// The text elements of an SVG page, only those of `size` points when given.
fn texts_sized(svg: &str, size: Option<&str>) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(attrs, rest)| rest.split_once("</text>").map(|(text, _)| (attrs, text)))
        })
        .filter(|(attrs, _)| size.is_none_or(|s| attrs.contains(&format!("font-size=\"{s}\""))))
        .map(|(_, t)| {
            t.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn many_outcomes_flow_onto_three_pages_and_none_is_lost() {
    let request = request("cs-many-outcomes");
    let credential = build(&request);
    let certificate = Renderer::new().certificate(&credential, &tag("cs")).unwrap();
    assert_eq!(certificate.page_count(), 3);
    let pages = certificate.svg_pages();
    // Every text line except the list numbers, in drawing order.
    let lines: Vec<String> = pages
        .iter()
        .flat_map(|p| texts_sized(p, Some("10")))
        .filter(|t| !(t.ends_with('.') && t.trim_end_matches('.').chars().all(|c| c.is_ascii_digit())))
        .collect();
    let joined = lines.join(" ");
    for outcome in &request.course.learning_outcomes {
        let microcred_model::request::Text::Multilingual(map) = outcome else {
            panic!()
        };
        let text = &map["cs"];
        assert!(joined.contains(text.as_str()), "outcome lost: {text}");
    }
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Strana {} z 3", i + 1)), "page {}", i + 1);
        if i > 0 {
            assert!(page.contains("(pokračování)"));
        }
    }
}

#[test]
fn a_very_long_outcome_is_wrapped_not_cut() {
    let mut request = request("en-online-eqf6-graded");
    let long = "interoperability ".repeat(400) + "https://example.org/" + &"x".repeat(300);
    request
        .course
        .learning_outcomes
        .push(microcred_model::request::Text::Plain(long.trim().to_owned()));
    let certificate = Renderer::new().certificate(&build(&request), &tag("en")).unwrap();
    assert!(certificate.page_count() >= 3, "{}", certificate.page_count());
    let text: String = certificate
        .svg_pages()
        .iter()
        .flat_map(|p| texts(p))
        .collect::<Vec<_>>()
        .concat();
    assert_eq!(text.matches("interoperability").count(), 400);
    assert!(text.contains(&"x".repeat(60)));
}

#[test]
fn eu_samples_render() {
    for name in ["Sample-CertOfPart-unsigned.jsonld", "Sample-MC-Annex1-unsigned.jsonld"] {
        let json = std::fs::read_to_string(vector(name)).unwrap();
        let credential = EuropeanDigitalCredential::from_json_str(&json).unwrap();
        let langs = languages(&credential);
        assert!(!langs.is_empty(), "{name}");
        let certificate = Renderer::new().certificate(&credential, &langs[0]).unwrap();
        let svg = certificate.svg_pages().concat();
        assert!(svg.contains("Ana Andromeda"), "{name}");
        // The EU samples carry a logo.
        assert!(svg.contains("data:image/png;base64,"), "{name}");
        let pages = certificate.png_pages().unwrap();
        assert_eq!(pages.len(), certificate.page_count());
    }
}

#[test]
fn languages_come_from_the_display_parameter_primary_first() {
    let credential = credential("cs-blended-eqf7-bilingual");
    let langs: Vec<String> = languages(&credential).iter().map(|t| t.to_string()).collect();
    assert_eq!(langs, ["cs"]);
    let mut bare = credential.clone();
    bare.display_parameter = None;
    let langs: Vec<String> = languages(&bare).iter().map(|t| t.to_string()).collect();
    assert_eq!(langs, ["cs", "en"]);
}

#[test]
fn undrawable_characters_are_reported_with_their_path() {
    let mut request = request("en-online-eqf6-graded");
    request.learner.given_name = "美咲".into();
    let error = Renderer::new().certificate(&build(&request), &tag("en")).unwrap_err();
    assert_eq!(
        error,
        RenderError::UnsupportedCharacter {
            path: "credentialSubject.fullName".into(),
            character: '美',
            code: 0x7F8E
        }
    );
    assert!(error.to_string().contains("credentialSubject.fullName"), "{error}");
}

#[test]
fn logos_are_drawn_and_bad_logos_rejected() {
    let credential = build(&with_logo(request("en-online-eqf6-graded")));
    let svg = Renderer::new()
        .certificate(&credential, &tag("en"))
        .unwrap()
        .svg_pages()
        .concat();
    assert!(svg.contains("<image ") && svg.contains("data:image/png;base64,iVBOR"));
    let mut bad = credential.clone();
    bad.issuer.logo.as_mut().unwrap().content = Some("R0lGODlhAQABAAAAACw=".into()); // a GIF
    assert_eq!(
        Renderer::new().certificate(&bad, &tag("en")).unwrap_err(),
        RenderError::Logo
    );
}

#[test]
fn a_credential_without_names_is_a_typed_error() {
    let mut credential = credential("en-online-eqf6-graded");
    credential.credential_subject.full_name = None;
    credential.credential_subject.given_name = None;
    let error = Renderer::new().certificate(&credential, &tag("en")).unwrap_err();
    assert!(
        matches!(
            error,
            RenderError::Missing {
                path: "credentialSubject.fullName",
                ..
            }
        ),
        "{error}"
    );
}
