//! The issuance request and its builder.

use microcred_model::context::{BITSTRING_STATUS_LIST_V1, CREDENTIALS_V1, DATA_INTEGRITY_V2, EDC_AP};
use microcred_model::{BuildError, Envelope, EuropeanDigitalCredential, IssuanceRequest};

use crate::common::{context, example_requests};

fn example(prefix: &str) -> serde_json::Value {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/requests");
    let path = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn build(value: &serde_json::Value) -> Result<EuropeanDigitalCredential, BuildError> {
    IssuanceRequest::from_json_str(&value.to_string())?.build(Envelope::Edc, &context())
}

#[test]
fn examples_build_in_both_envelopes_and_parse_back() {
    for (name, request) in example_requests() {
        let edc = request
            .build(Envelope::Edc, &context())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(edc.context, Some(serde_json::json!([CREDENTIALS_V1, EDC_AP])), "{name}");
        let w3c = request.build(Envelope::EdcW3c, &context()).unwrap();
        assert_eq!(
            w3c.context,
            Some(serde_json::json!([
                CREDENTIALS_V1,
                EDC_AP,
                DATA_INTEGRITY_V2,
                BITSTRING_STATUS_LIST_V1
            ]))
        );
        let value = edc.to_value();
        assert_eq!(
            EuropeanDigitalCredential::from_value(value.clone()).unwrap().to_value(),
            value,
            "{name}"
        );
        assert_eq!(value["id"], "urn:uuid:6f1c2b0e-1d3a-4f57-9a43-2f0b7e1c9d21");
        assert_eq!(value["issued"], "2026-07-01T09:00:00Z");
        assert_eq!(
            value["credentialSchema"]["id"],
            "http://data.europa.eu/snb/model/ap/edc-generic-full"
        );
    }
}

#[test]
fn the_builder_maps_the_request_faithfully() {
    let credential = build(&example("cs-")).unwrap();
    let value = credential.to_value();
    let spec = &value["credentialSubject"]["hasClaim"]["specifiedBy"];
    assert_eq!(spec["title"]["cs"], "Řízení environmentálních rizik");
    assert_eq!(spec["title"]["en"], "Environmental Risk Management");
    assert_eq!(spec["creditPoint"]["point"], "4");
    assert_eq!(spec["volumeOfLearning"], "PT104H");
    assert_eq!(spec["eqfLevel"]["id"], "http://data.europa.eu/snb/eqf/7");
    assert_eq!(
        spec["mode"]["id"],
        "http://data.europa.eu/snb/learning-assessment/e92d221e4d"
    );
    assert_eq!(spec["learningOutcome"].as_array().unwrap().len(), 3);
    assert_eq!(spec["isPartialQualification"], true);
    assert_eq!(value["credentialSubject"]["fullName"]["cs"], "Jana Nováková");
    assert_eq!(value["credentialSubject"]["dateOfBirth"], "2001-03-14T00:00:00Z");
    assert_eq!(
        value["issuer"]["location"]["address"]["countryCode"]["id"],
        "http://publications.europa.eu/resource/authority/country/CZE"
    );
    assert_eq!(
        value["credentialSubject"]["hasClaim"]["awardedBy"]["awardingDate"],
        "2026-06-15T10:00:00+02:00"
    );
    let displays = value["displayParameter"]["individualDisplay"].as_array().unwrap();
    assert_eq!(displays.len(), 2);
    assert_eq!(
        value["displayParameter"]["primaryLanguage"]["id"],
        "http://publications.europa.eu/resource/authority/language/CES"
    );
    // The student reference stays out of the credential.
    assert!(!value.to_string().contains("studentReference"));
    let en = build(&example("en-")).unwrap().to_value();
    assert!(!en.to_string().contains("S-1999-0042"));
    assert_eq!(
        en["credentialSubject"]["hasClaim"]["provenBy"]["grade"]["noteLiteral"]["en"],
        "B+"
    );
}

fn error_of(mutate: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut value = example("en-");
    mutate(&mut value);
    build(&value).unwrap_err().to_string()
}

#[test]
fn bad_requests_name_the_field() {
    type Mutation = Box<dyn FnOnce(&mut serde_json::Value)>;
    let cases: Vec<(Mutation, &str)> = vec![
        (
            Box::new(|v| {
                v["course"]["eqfLevel"] = 9.into();
            }),
            "course.eqfLevel",
        ),
        (
            Box::new(|v| {
                v["course"]["credits"] = "-2".into();
            }),
            "course.credits",
        ),
        (
            Box::new(|v| {
                v["course"]["credits"] = "NaN".into();
            }),
            "course.credits",
        ),
        (
            Box::new(|v| {
                v["course"]["credits"] = 0.into();
            }),
            "course.credits",
        ),
        (
            Box::new(|v| {
                v["course"]["hours"] = "1.01".into();
            }),
            "course.hours",
        ),
        (
            Box::new(|v| {
                v["course"]["learningOutcomes"] = serde_json::json!([]);
            }),
            "course.learningOutcomes",
        ),
        (
            Box::new(|v| {
                v["course"]["learningOutcomes"][1] = "".into();
            }),
            "course.learningOutcomes[1]",
        ),
        (
            Box::new(|v| {
                v["course"]["title"] = serde_json::json!({"en_GB": "x"});
            }),
            "course.title.en_GB",
        ),
        (
            Box::new(|v| {
                v["course"]["participation"] = "hybrid".into();
            }),
            "course.participation",
        ),
        (
            Box::new(|v| {
                v["course"]["thematicAreas"] = serde_json::json!(["06x"]);
            }),
            "course.thematicAreas[0]",
        ),
        (
            Box::new(|v| {
                v["course"]["titel"] = "typo".into();
            }),
            "course",
        ),
        (
            Box::new(|v| {
                v["issuer"]["country"] = "XX".into();
            }),
            "issuer.country",
        ),
        (
            Box::new(|v| {
                v["issuer"]["id"] = "not an iri".into();
            }),
            "issuer.id",
        ),
        (
            Box::new(|v| {
                v["learner"]["email"] = "nobody".into();
            }),
            "learner.email",
        ),
        (
            Box::new(|v| {
                v["awardingDate"] = "30.6.2026".into();
            }),
            "awardingDate",
        ),
        (
            Box::new(|v| {
                v["validUntil"] = "2020-01-01".into();
            }),
            "validUntil",
        ),
        (
            Box::new(|v| {
                v["language"] = "klingon".into();
            }),
            "language",
        ),
        (
            Box::new(|v| {
                v["display"]["pages"][0]["image"]["content"] = "%%%".into();
            }),
            "display.pages[0].image.content",
        ),
        (
            Box::new(|v| {
                v["display"]["pages"][0]["page"] = 2.into();
            }),
            "display.pages[0].page",
        ),
    ];
    for (mutate, field) in cases {
        let error = error_of(mutate);
        assert!(error.contains(&format!("`{field}")), "expected `{field}` in: {error}");
    }
}

#[test]
fn a_missing_page_image_is_a_clear_error() {
    let error = error_of(|v| {
        v.as_object_mut().unwrap().remove("display");
    });
    assert!(
        error.contains("display.pages") && error.contains("image of each page"),
        "{error}"
    );
    let error = error_of(|v| {
        v["display"]["pages"][0]["language"] = "de".into();
    });
    assert!(error.contains("primary language"), "{error}");
}

#[test]
fn the_schema_describes_the_request() {
    let schema = IssuanceRequest::json_schema();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, vec!["issuer", "learner", "course"]);
    let text = schema.to_string();
    for word in [
        "learningOutcomes",
        "eqfLevel",
        "participation",
        "qualityAssurance",
        "written-examination",
        "blended",
    ] {
        assert!(text.contains(word), "{word}");
    }
}

struct TwoPages;

impl microcred_model::PageRenderer for TwoPages {
    fn render_pages(
        &self,
        credential: &EuropeanDigitalCredential,
        language: &microcred_model::LanguageTag,
    ) -> Result<Vec<Vec<u8>>, Box<dyn std::error::Error + Send + Sync>> {
        assert!(
            credential.display_parameter.is_none(),
            "pages are drawn before the display is attached"
        );
        if language.as_str() == "xx" {
            return Err("no font".into());
        }
        Ok(vec![
            format!("page-1-{language}").into_bytes(),
            format!("page-2-{language}").into_bytes(),
        ])
    }
}

#[test]
fn a_renderer_draws_the_pages_when_the_request_has_none() {
    let mut value = example("cs-");
    value.as_object_mut().unwrap().remove("display");
    let request = IssuanceRequest::from_json_str(&value.to_string()).unwrap();
    let credential = request
        .build_with_renderer(Envelope::Edc, &context(), &TwoPages)
        .unwrap()
        .to_value();
    let displays = credential["displayParameter"]["individualDisplay"].as_array().unwrap();
    assert_eq!(
        displays.len(),
        2,
        "Czech (primary) and English (the title's other language)"
    );
    let cs = displays
        .iter()
        .find(|d| d["language"]["id"].as_str().unwrap().ends_with("/CES"))
        .unwrap();
    let pages = cs["displayDetail"].as_array().unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1]["page"], 2);
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD
        .decode(pages[0]["image"]["content"].as_str().unwrap())
        .unwrap();
    assert_eq!(png, b"page-1-cs");
    // Supplied images win over the renderer.
    let supplied = IssuanceRequest::from_json_str(&example("cs-").to_string()).unwrap();
    let credential = supplied
        .build_with_renderer(Envelope::Edc, &context(), &TwoPages)
        .unwrap()
        .to_value();
    assert_eq!(
        credential["displayParameter"]["individualDisplay"][0]["displayDetail"]["page"],
        1
    );
}
