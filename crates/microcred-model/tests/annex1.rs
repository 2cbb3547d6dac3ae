//! The Council Recommendation (Annex I) check.

use microcred_model::Envelope;
use microcred_model::annex1::{Element, check};

use crate::common::{context, example_requests, sample_json};

fn missing(value: &serde_json::Value) -> Vec<Element> {
    check(value).missing().map(|f| f.element).collect()
}

#[test]
fn every_built_request_is_conformant() {
    for (name, request) in example_requests() {
        let credential = request.build(Envelope::Edc, &context()).unwrap();
        let report = check(&credential.to_value());
        assert!(report.conformant(), "{name}: {:?}", report.to_json()["missing"]);
    }
}

#[test]
fn the_samples_lack_what_they_lack() {
    // The EU sample states no quality assurance; unsealed, it has no date of issue either
    // (EDC adds `issued` when it seals).
    assert_eq!(
        missing(&sample_json("Sample-MC-Annex1-unsigned.jsonld")),
        vec![Element::DateOfIssue, Element::QualityAssurance]
    );
    assert_eq!(
        missing(&sample_json("Sample-MC-Annex1-signed.jsonld")),
        vec![Element::QualityAssurance]
    );
    // A certificate of participation claims an activity: no outcomes, workload or assessment.
    let cert = missing(&sample_json("Sample-CertOfPart-signed.jsonld"));
    for element in [
        Element::LearningOutcomes,
        Element::TypeOfAssessment,
        Element::QualityAssurance,
    ] {
        assert!(cert.contains(&element), "{cert:?}");
    }
}

#[test]
fn a_removed_element_is_reported_with_where_it_was_expected() {
    let (_, request) = example_requests().into_iter().next().unwrap();
    let mut value = request.build(Envelope::Edc, &context()).unwrap().to_value();
    let spec = &mut value["credentialSubject"]["hasClaim"]["specifiedBy"];
    spec.as_object_mut().unwrap().remove("learningOutcome");
    spec.as_object_mut().unwrap().remove("mode");
    let report = check(&value);
    assert!(!report.conformant());
    let json = report.to_json();
    assert_eq!(json["conformant"], false);
    let missing = json["missing"].as_array().unwrap();
    assert_eq!(missing.len(), 2);
    assert_eq!(missing[0]["element"], "learning-outcomes");
    assert_eq!(
        missing[0]["expectedAt"][0],
        "credentialSubject.hasClaim.specifiedBy.learningOutcome.title"
    );
    assert_eq!(missing[1]["element"], "form-of-participation");
}

#[test]
fn blank_values_do_not_count() {
    let (_, request) = example_requests().into_iter().next().unwrap();
    let mut value = request.build(Envelope::Edc, &context()).unwrap().to_value();
    value["credentialSubject"]["hasClaim"]["specifiedBy"]["learningOutcome"] =
        serde_json::json!([{"type": "LearningOutcome", "title": {"en": "  "}}]);
    assert_eq!(missing(&value), vec![Element::LearningOutcomes]);
}

#[test]
fn optional_elements_are_listed_when_present() {
    let (_, request) = example_requests()
        .into_iter()
        .find(|(n, _)| n.starts_with("cs-"))
        .unwrap();
    let report = check(&request.build(Envelope::Edc, &context()).unwrap().to_value());
    let optional: Vec<Element> = report.optional_present().map(|f| f.element).collect();
    assert_eq!(
        optional,
        vec![
            Element::Prerequisites,
            Element::IdentityVerification,
            Element::Grade,
            Element::Stackability,
            Element::FurtherInformation
        ]
    );
}
