//! The EDC samples parse and serialize back to the same JSON (key order aside).

use microcred_model::elm::Claim;
use microcred_model::vocab::EqfLevel;
use microcred_model::{EuropeanDigitalCredential, ParseError};

use crate::common::sample_json;

const SAMPLES: [&str; 4] = [
    "Sample-MC-Annex1-unsigned.jsonld",
    "Sample-MC-Annex1-signed.jsonld",
    "Sample-CertOfPart-unsigned.jsonld",
    "Sample-CertOfPart-signed.jsonld",
];

#[test]
fn every_sample_round_trips_losslessly() {
    for name in SAMPLES {
        let original = sample_json(name);
        let credential =
            EuropeanDigitalCredential::from_value(original.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(credential.to_value(), original, "{name}");
        // And through text.
        let again = EuropeanDigitalCredential::from_json_str(&credential.to_json_pretty()).unwrap();
        assert_eq!(again, credential, "{name}");
    }
}

#[test]
fn the_micro_credential_sample_is_typed() {
    let credential = EuropeanDigitalCredential::from_value(sample_json("Sample-MC-Annex1-signed.jsonld")).unwrap();
    let achievement = credential.achievements().next().unwrap();
    let spec = achievement.specified_by.as_ref().unwrap();
    assert_eq!(
        spec.title.as_ref().unwrap().get("en"),
        Some("Digital micro-credential creation")
    );
    assert_eq!(
        spec.credit_point.as_ref().unwrap().first().unwrap().point.as_deref(),
        Some("2")
    );
    assert_eq!(spec.volume_of_learning.as_ref().unwrap().as_str(), "PT60H");
    assert_eq!(
        EqfLevel::from_iri(&spec.eqf_level.as_ref().unwrap().id).unwrap().get(),
        6
    );
    assert_eq!(spec.learning_outcome.as_ref().unwrap().len(), 2);
    assert_eq!(
        credential.issued.as_ref().unwrap().as_str(),
        "2023-09-27T13:54:17+02:00"
    );
    assert!(credential.issuer.eidas_identifier.is_some());
}

#[test]
fn the_certificate_of_participation_claims_an_activity() {
    let credential = EuropeanDigitalCredential::from_value(sample_json("Sample-CertOfPart-unsigned.jsonld")).unwrap();
    let claims = credential.credential_subject.has_claim.as_ref().unwrap();
    assert!(claims.iter().any(|c| matches!(c, Claim::Activity(_))));
    assert_eq!(credential.achievements().count(), 0);
}

#[test]
fn bad_values_are_reported_with_their_path() {
    let mut value = sample_json("Sample-MC-Annex1-unsigned.jsonld");
    value["validFrom"] = "2022-12-31".into();
    let error = EuropeanDigitalCredential::from_value(value).unwrap_err();
    let ParseError::Model { path, message } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(path, "validFrom");
    assert!(message.contains("2022-12-31"), "{message}");

    let mut value = sample_json("Sample-MC-Annex1-unsigned.jsonld");
    value["credentialSubject"]["hasClaim"]["specifiedBy"]["volumeOfLearning"] = "60 hours".into();
    let error = EuropeanDigitalCredential::from_value(value).unwrap_err().to_string();
    assert!(error.contains("specifiedBy.volumeOfLearning"), "{error}");
    assert!(error.contains("60 hours"), "{error}");

    let error = EuropeanDigitalCredential::from_json_str("{\n  \"id\": ").unwrap_err();
    assert!(matches!(error, ParseError::Json { line: 2, .. }), "{error:?}");

    let error = EuropeanDigitalCredential::from_json_str("{}").unwrap_err().to_string();
    assert!(error.contains("type") || error.contains("credentialSubject"), "{error}");
}
