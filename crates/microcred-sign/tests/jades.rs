//! JAdES-sealed EDC samples: the RS256 seal verifies, the certificate is reported, and the
//! expiry of the test seal certificate shows.

use microcred_sign::{CheckId, JadesError, JadesSeal, Outcome, is_jades};
use serde_json::Value;

use crate::common::{at, json};

const SAMPLES: &[&str] = &[
    "elm/Sample-MC-Annex1-signed.jsonld",
    "elm/Sample-CertOfPart-signed.jsonld",
];

#[test]
fn seals_verify_and_report_the_certificate() {
    for path in SAMPLES {
        let document = json(path);
        assert!(is_jades(&document));
        let seal = JadesSeal::parse(&document).unwrap();
        seal.verify_signature().unwrap();
        let info = seal.info();
        assert_eq!(info.algorithm, "RS256");
        assert!(info.subject.contains("CN=TEST SEAL"), "{}", info.subject);
        assert!(info.subject.contains("O=ORGANIZACION TEST"), "{}", info.subject);
        assert_eq!(info.not_before, "2023-05-11T14:31:15Z");
        assert_eq!(info.not_after, "2025-05-10T14:31:15Z");
        assert!(info.signing_time.is_some());
        assert!(info.not_checked.iter().any(|n| n.contains("eIDAS")));
        assert!(
            seal.payload()["type"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "EuropeanDigitalCredential")
        );

        // During the certificate's validity the seal is valid...
        let report = seal.verify(at(2024, 1, 1));
        assert!(report.valid, "{path}\n{report}");
        assert_eq!(report.outcome(CheckId::TrustedIssuer), Outcome::NotApplicable);
        // ...and today the test certificate has expired, which the report shows.
        let report = seal.verify(at(2026, 1, 1));
        assert!(!report.valid);
        assert_eq!(report.outcome(CheckId::SealSignature), Outcome::Pass);
        let certificate = report.check(CheckId::SealCertificate).unwrap();
        assert_eq!(certificate.outcome, Outcome::Fail);
        assert!(
            certificate.reason.contains("expired at 2025-05-10T14:31:15Z"),
            "{}",
            certificate.reason
        );
        assert!(report.to_string().contains("CN=TEST SEAL"));
    }
}

#[test]
fn tampered_seals_fail() {
    let document = json(SAMPLES[0]);
    // One character of the payload changed.
    let mut tampered = document.clone();
    let payload = tampered["payload"]
        .as_str()
        .unwrap()
        .replacen("urn:credential:", "urn:credentiaL:", 1);
    tampered["payload"] = Value::String(payload);
    assert_ne!(tampered, document);
    let seal = JadesSeal::parse(&tampered).unwrap();
    assert!(seal.verify_signature().is_err());
    assert_eq!(
        seal.verify(at(2024, 1, 1)).outcome(CheckId::SealSignature),
        Outcome::Fail
    );
    // The signature itself changed.
    let mut tampered = document.clone();
    let signature = tampered["signatures"][0]["signature"].as_str().unwrap();
    let flipped = match signature.strip_prefix('A') {
        Some(rest) => format!("B{rest}"),
        None => format!("A{}", &signature[1..]),
    };
    tampered["signatures"][0]["signature"] = Value::String(flipped);
    assert!(JadesSeal::parse(&tampered).unwrap().verify_signature().is_err());
}

#[test]
fn malformed_seals_are_errors_with_paths() {
    let document = json(SAMPLES[0]);
    let mut no_x5c = document.clone();
    // {"alg":"RS256","b64":false,"crit":["b64"]}
    no_x5c["signatures"][0]["protected"] =
        Value::String("eyJhbGciOiJSUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19".into());
    let error = JadesSeal::parse(&no_x5c).unwrap_err();
    assert!(
        matches!(&error, JadesError::Malformed { path, .. } if path.ends_with("x5c")),
        "{error}"
    );
    let mut hs256 = document.clone();
    hs256["signatures"][0]["protected"] = Value::String("eyJhbGciOiJIUzI1NiJ9".into()); // {"alg":"HS256"}
    assert!(matches!(JadesSeal::parse(&hs256), Err(JadesError::Unsupported { .. })));
    let mut no_payload = document.clone();
    no_payload.as_object_mut().unwrap().remove("payload");
    assert!(matches!(JadesSeal::parse(&no_payload), Err(JadesError::Malformed { path, .. }) if path == "$.payload"));
    assert!(JadesSeal::parse(&serde_json::json!([])).is_err());
}
