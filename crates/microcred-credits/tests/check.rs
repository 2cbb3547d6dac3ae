//! The profile and consistency check on the EDC samples and on built credentials.

use microcred_credits::{FindingCode, Profile, Severity, check_credential, check_value, has_errors};
use microcred_model::EuropeanDigitalCredential;
use serde_json::Value;

use crate::common::{CERT_OF_PART_SAMPLE, MC_SAMPLE, Spec, credential};

fn codes(findings: &[microcred_credits::Finding]) -> Vec<FindingCode> {
    findings.iter().map(|f| f.code).collect()
}

#[test]
fn the_edc_micro_credential_sample_flags_p60m() {
    let sample = EuropeanDigitalCredential::from_json_str(MC_SAMPLE).unwrap();
    for profile in ["ects", "cz"] {
        let findings = check_credential(&sample, &Profile::builtin(profile).unwrap());
        // 2 credits and PT60H are consistent (30 h per credit); the level is EQF 6.
        assert_eq!(
            codes(&findings),
            [FindingCode::AmbiguousWorkloadUnit],
            "{profile}: {findings:#?}"
        );
        let finding = &findings[0];
        assert_eq!(
            finding.path,
            "credentialSubject.hasClaim.influencedBy.specifiedBy.volumeOfLearning"
        );
        assert_eq!(finding.severity, Severity::Warning);
        assert!(finding.message.contains("`P60M` uses months"), "{}", finding.message);
        assert!(
            finding.message.contains("`PT60H` is likely meant"),
            "{}",
            finding.message
        );
        assert!(!has_errors(&findings));
    }
}

#[test]
fn the_certificate_of_participation_sample_flags_p2m() {
    let sample = EuropeanDigitalCredential::from_json_str(CERT_OF_PART_SAMPLE).unwrap();
    let findings = check_credential(&sample, &Profile::ects());
    assert_eq!(
        codes(&findings),
        [FindingCode::AmbiguousWorkloadUnit, FindingCode::NoAchievement],
        "{findings:#?}"
    );
    assert_eq!(
        findings[0].path,
        "credentialSubject.hasClaim.specifiedBy.volumeOfLearning"
    );
    assert!(
        findings[0].message.contains("`PT2H` is likely meant"),
        "{}",
        findings[0].message
    );
}

#[test]
fn a_consistent_built_credential_has_no_findings() {
    let mut spec = Spec::new("urn:uuid:ok", "5");
    spec.hours = Some("130");
    for profile in ["ects", "cz"] {
        let findings = check_credential(&credential(&spec), &Profile::builtin(profile).unwrap());
        assert!(findings.is_empty(), "{profile}: {findings:#?}");
    }
}

#[test]
fn profile_violations_are_reported_with_paths() {
    let cz = Profile::builtin("cz").unwrap();
    // 90 credits: out of the CZ range; no hours; no level.
    let mut spec = Spec::new("urn:uuid:big", "90");
    spec.eqf = None;
    let findings = check_credential(&credential(&spec), &cz);
    assert_eq!(
        codes(&findings),
        [
            FindingCode::CreditsOutOfRange,
            FindingCode::MissingWorkload,
            FindingCode::MissingEqfLevel
        ],
        "{findings:#?}"
    );
    assert_eq!(
        findings[0].path,
        "credentialSubject.hasClaim.specifiedBy.creditPoint.point"
    );
    assert!(
        findings[0].message.contains("1 to 60 credits"),
        "{}",
        findings[0].message
    );
    assert_eq!(
        findings[1].path,
        "credentialSubject.hasClaim.specifiedBy.volumeOfLearning"
    );
    assert_eq!(findings[2].path, "credentialSubject.hasClaim.specifiedBy.eqfLevel");
    assert!(findings.iter().all(|f| f.severity == Severity::Error));
    // The ECTS profile needs neither workload nor level and has no upper bound.
    assert!(check_credential(&credential(&spec), &Profile::ects()).is_empty());
}

#[test]
fn hours_inconsistent_with_credits() {
    let mut spec = Spec::new("urn:uuid:thin", "5");
    spec.hours = Some("60");
    let findings = check_credential(&credential(&spec), &Profile::ects());
    assert_eq!(codes(&findings), [FindingCode::HoursInconsistentWithCredits]);
    let message = &findings[0].message;
    assert!(
        message.contains("12 h per credit") && message.contains("125 to 150 h"),
        "{message}"
    );
}

#[test]
fn json_level_problems_are_findings_with_paths() {
    let mut value: Value = serde_json::from_str(MC_SAMPLE).unwrap();
    let spec = &mut value["credentialSubject"]["hasClaim"]["specifiedBy"];
    spec["eqfLevel"]["id"] = "http://data.europa.eu/snb/eqf/9".into();
    spec["creditPoint"]["point"] = "two".into();
    spec["volumeOfLearning"] = "PT10H".into();
    let findings = check_value(&value, &Profile::ects());
    let expected = [
        FindingCode::InvalidCredits,
        FindingCode::MissingCredits,
        FindingCode::AmbiguousWorkloadUnit,
        FindingCode::InvalidEqfLevel,
    ];
    assert_eq!(codes(&findings), expected, "{findings:#?}");
    assert_eq!(
        findings[0].path,
        "credentialSubject.hasClaim.specifiedBy.creditPoint.point"
    );
    assert_eq!(findings[3].path, "credentialSubject.hasClaim.specifiedBy.eqfLevel.id");
    // Activities of 60 h (once P60M is fixed) exceed a notional workload of 10 h.
    value["credentialSubject"]["hasClaim"]["influencedBy"]["specifiedBy"]["volumeOfLearning"] = "PT60H".into();
    let findings = check_value(&value, &Profile::ects());
    assert!(
        codes(&findings).contains(&FindingCode::ActivitiesExceedWorkload),
        "{findings:#?}"
    );
    // Not ELM at all: one finding naming where.
    let findings = check_value(
        &serde_json::json!({"type": "VerifiableCredential", "credentialSubject": {"hasClaim": {"type": "LearningAchievement"}}}),
        &Profile::ects(),
    );
    assert_eq!(codes(&findings), [FindingCode::NotElm]);
    let findings = check_value(&serde_json::json!([1, 2]), &Profile::ects());
    assert_eq!(codes(&findings), [FindingCode::NotElm]);
}

#[test]
fn workload_longer_than_the_maximum_duration() {
    let mut value: Value = serde_json::from_str(MC_SAMPLE).unwrap();
    value["credentialSubject"]["hasClaim"]["specifiedBy"]["maximumDuration"] = "P1D".into();
    let findings = check_value(&value, &Profile::ects());
    assert!(
        codes(&findings).contains(&FindingCode::WorkloadExceedsMaximumDuration),
        "{findings:#?}"
    );
}

#[test]
fn findings_serialize_to_json() {
    let sample = EuropeanDigitalCredential::from_json_str(MC_SAMPLE).unwrap();
    let findings = check_credential(&sample, &Profile::ects());
    let json = serde_json::to_value(&findings).unwrap();
    assert_eq!(json[0]["severity"], "warning");
    assert_eq!(json[0]["code"], "ambiguous-workload-unit");
    assert_eq!(
        json[0]["path"],
        "credentialSubject.hasClaim.influencedBy.specifiedBy.volumeOfLearning"
    );
}
