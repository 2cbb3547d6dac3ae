//! Stacking: targets, constraints, determinism, and credentials built by the model's builder.

use microcred_credits::{Credits, Exclusion, Group, Holding, Target, TargetError, stack, stack_credentials};
use microcred_model::IsoDuration;
use microcred_model::vocab::EqfLevel;

use crate::common::{Spec, credential, credits, holding, now};

fn ids(result: &microcred_credits::Stacking) -> Vec<&str> {
    result.counted.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn fewest_credentials_that_meet_the_total() {
    let holdings = vec![
        holding("a", "p1", "2", &[]),
        holding("b", "p2", "5", &[]),
        holding("c", "p3", "3", &[]),
        holding("d", "p4", "5", &[]),
        holding("e", "p5", "1", &[]),
    ];
    let result = stack(&holdings, &Target::new(credits("10")), now());
    assert!(result.met && result.proven);
    assert_eq!(ids(&result), ["b", "d"]);
    assert_eq!(result.counted_credits, credits("10"));
    assert_eq!(result.missing_credits, Credits::ZERO);
    assert_eq!(result.eligible_credits, credits("16"));
    assert_eq!(result.unused, ["c", "a", "e"]);
}

#[test]
fn the_gap_when_the_target_is_not_met() {
    let holdings = vec![holding("a", "p1", "2.5", &["0613"]), holding("b", "p2", "5", &["0413"])];
    let target = Target::new(credits("10")).with_group(Group::field("06", credits("5")));
    let result = stack(&holdings, &target, now());
    assert!(!result.met && result.proven);
    assert_eq!(result.counted_credits, credits("7.5"));
    assert_eq!(result.missing_credits, credits("2.5"));
    assert_eq!(result.groups[0].counted, credits("2.5"));
    assert_eq!(result.groups[0].missing, credits("2.5"));
    assert!(!result.groups[0].met);
}

#[test]
fn field_groups_take_disjoint_credentials() {
    // One 5-credit credential in both 06 and 04 cannot serve both groups.
    let holdings = vec![
        holding("both", "p1", "5", &["0613", "0413"]),
        holding("ict", "p2", "5", &["0612"]),
        holding("biz", "p3", "5", &["0411"]),
    ];
    let target = Target::new(credits("10"))
        .with_group(Group::field("06", credits("5")))
        .with_group(Group::field("04", credits("5")));
    let result = stack(&holdings, &target, now());
    assert!(result.met && result.proven);
    assert_eq!(result.counted.len(), 2);
    let groups: Vec<_> = result.counted.iter().map(|c| c.group.clone().unwrap()).collect();
    assert!(
        groups.contains(&"field 06".to_owned()) && groups.contains(&"field 04".to_owned()),
        "{result:#?}"
    );
    // With only the shared credential, one group stays unmet.
    let result = stack(&holdings[..1], &target, now());
    assert!(!result.met && result.proven);
}

#[test]
fn provider_cap_limits_what_counts() {
    let holdings = vec![
        holding("a1", "uni-a", "6", &[]),
        holding("a2", "uni-a", "6", &[]),
        holding("b1", "uni-b", "4", &[]),
    ];
    let target = Target::new(credits("12")).with_max_credits_per_provider(credits("8"));
    let result = stack(&holdings, &target, now());
    assert!(result.met);
    assert_eq!(result.counted.len(), 3);
    let counted_from_a: Credits = Credits::checked_sum(
        result
            .counted
            .iter()
            .filter(|c| c.provider == "uni-a")
            .map(|c| &c.counted),
    )
    .unwrap();
    assert_eq!(counted_from_a, credits("8"));
    assert_eq!(result.counted_credits, credits("12"));
    // Without b, the cap makes the target unreachable.
    let result = stack(&holdings[..2], &target, now());
    assert!(!result.met && result.proven);
    assert_eq!(result.counted_credits, credits("8"));
}

#[test]
fn level_and_age_exclude_with_reasons() {
    let mut old = holding("old", "p", "5", &[]);
    old.awarded = Some(now() - chrono::Duration::days(6 * 365));
    old.eqf_level = Some(EqfLevel::new(6).unwrap());
    let mut low = holding("low", "p", "5", &[]);
    low.awarded = Some(now() - chrono::Duration::days(30));
    low.eqf_level = Some(EqfLevel::new(4).unwrap());
    let mut none = holding("none", "p", "5", &[]);
    none.awarded = Some(now() - chrono::Duration::days(30));
    let mut undated = holding("undated", "p", "5", &[]);
    undated.eqf_level = Some(EqfLevel::new(7).unwrap());
    let mut future = holding("future", "p", "5", &[]);
    future.eqf_level = Some(EqfLevel::new(7).unwrap());
    future.awarded = Some(now() + chrono::Duration::days(1));
    let mut good = holding("good", "p", "5", &[]);
    good.eqf_level = Some(EqfLevel::new(7).unwrap());
    good.awarded = Some(now() - chrono::Duration::days(4 * 365));
    let target = Target::new(credits("5"))
        .with_min_eqf_level(EqfLevel::new(6).unwrap())
        .with_max_age(IsoDuration::parse("P5Y").unwrap());
    let result = stack(&[old, low, none, undated, future, good.clone(), good], &target, now());
    assert!(result.met);
    assert_eq!(ids(&result), ["good"]);
    let reasons: Vec<(&str, &Exclusion)> = result.excluded.iter().map(|e| (e.id.as_str(), &e.reason)).collect();
    assert!(
        matches!(
            reasons[..],
            [
                ("future", Exclusion::AwardedInTheFuture { .. }),
                ("good", Exclusion::Duplicate),
                ("low", Exclusion::EqfLevelTooLow { level: 4, minimum: 6 }),
                ("none", Exclusion::NoEqfLevel),
                ("old", Exclusion::TooOld { .. }),
                ("undated", Exclusion::NoDate),
            ]
        ),
        "{reasons:#?}"
    );
}

#[test]
fn credentials_sharing_a_learning_outcome_count_once() {
    let mut a = holding("a", "p1", "5", &[]);
    a.outcomes = vec!["https://catalogue.example/outcome/stats-1".into()];
    let mut b = holding("b", "p2", "5", &[]);
    b.outcomes = a.outcomes.clone();
    let c = holding("c", "p3", "3", &[]);
    let result = stack(&[a.clone(), b.clone()], &Target::new(credits("10")), now());
    assert!(!result.met && result.proven, "{result:#?}");
    assert_eq!(result.counted_credits, credits("5"));
    let result = stack(&[a, b, c], &Target::new(credits("8")), now());
    assert!(result.met);
    assert_eq!(ids(&result), ["a", "c"]);
}

#[test]
fn outcome_groups_match_outcomes_and_skills() {
    let skill = "http://data.europa.eu/esco/skill/ccdf3597-5c80-410f-896d-e1bdfa223de9";
    let mut a = holding("a", "p1", "3", &[]);
    a.skills = vec![skill.into()];
    let b = holding("b", "p2", "10", &[]);
    let target = Target::new(credits("10")).with_group(Group::outcome(skill, Credits::ZERO));
    let result = stack(&[a, b], &target, now());
    assert!(result.met && result.proven);
    assert_eq!(ids(&result), ["b", "a"]);
    assert_eq!(
        result.counted[1].group.as_deref(),
        Some(format!("outcome {skill}").as_str())
    );
}

#[test]
fn exact_search_finds_what_greedy_misses() {
    // Greedy allocates X (fields 01 and 02) to the first group it fits, then Y has nowhere to
    // go: no selection found. The exact search allocates X to 02 and Y to 01.
    let x = holding("x", "p1", "6", &["0111", "0211"]);
    let y = holding("y", "p2", "5", &["0112"]);
    let target = Target::new(credits("10"))
        .with_group(Group::field("01", credits("5")))
        .with_group(Group::field("02", credits("5")));
    let result = stack(&[x, y], &target, now());
    assert!(result.met && result.proven, "{result:#?}");
    assert_eq!(ids(&result), ["x", "y"]);
    let groups: Vec<_> = result.counted.iter().map(|c| c.group.clone().unwrap()).collect();
    assert_eq!(groups, ["field 02", "field 01"]);
}

#[test]
fn built_credentials_stack() {
    let mut specs = [
        Spec::new("urn:uuid:1", "5"),
        Spec::new("urn:uuid:2", "2.5"),
        Spec::new("urn:uuid:3", "4"),
        Spec::new("urn:uuid:4", "6"),
    ];
    specs[1].fields = vec!["0613"];
    specs[2].issuer = "did:web:other.example".into();
    specs[3].awarded = "2015-01-15";
    let credentials: Vec<_> = specs.iter().map(credential).collect();
    let target = Target::from_json_str(
        r#"{"title": "Graduate certificate", "credits": "10", "groups": [{"name": "ICT", "field": "06", "credits": "2.5"}],
            "minEqfLevel": 6, "maxAge": "P5Y", "maxCreditsPerProvider": "8"}"#,
    )
    .unwrap();
    let result = stack_credentials(&credentials, &target, now());
    assert!(result.met && result.proven, "{result:#?}");
    // Canonical order: credits descending. 7.5 from uniz (under its cap of 8) + 4 from other.
    assert_eq!(ids(&result), ["urn:uuid:1", "urn:uuid:3", "urn:uuid:2"]);
    assert_eq!(result.counted_credits, credits("11.5"));
    assert_eq!(result.counted[2].group.as_deref(), Some("ICT"));
    assert_eq!(result.excluded.len(), 1);
    assert!(matches!(result.excluded[0].reason, Exclusion::TooOld { .. }));
    let holding = Holding::from_credential(&credentials[1], microcred_model::vocab::ECTS.id, "x").unwrap();
    assert_eq!(holding.fields, ["0613"]);
    assert_eq!(holding.provider, "did:web:credentials.uniz.example");
    assert_eq!(holding.eqf_level, Some(EqfLevel::new(6).unwrap()));
    assert_eq!(holding.outcomes.len(), 3);
}

#[test]
fn the_edc_sample_stacks_and_a_certificate_of_participation_is_excluded() {
    let mc = microcred_model::EuropeanDigitalCredential::from_json_str(crate::common::MC_SAMPLE).unwrap();
    let cop = microcred_model::EuropeanDigitalCredential::from_json_str(crate::common::CERT_OF_PART_SAMPLE).unwrap();
    let result = stack_credentials(&[mc, cop], &Target::new(credits("2")), now());
    assert!(result.met);
    assert_eq!(result.counted.len(), 1);
    assert_eq!(result.excluded.len(), 1);
    assert_eq!(result.excluded[0].reason, Exclusion::NoCredits);
}

#[test]
fn target_errors_name_the_field() {
    let table = [
        (r#"{"credits": "10", "maxAge": "P5X"}"#, "maxAge"),
        (r#"{"credits": "-1"}"#, "credits"),
        (r#"{"credits": "10", "minEqfLevel": 9}"#, "minEqfLevel"),
        (
            r#"{"credits": "10", "groups": [{"field": "6", "credits": 1}]}"#,
            "groups[0].field",
        ),
        (
            r#"{"credits": "10", "groups": [{"field": "06", "outcome": "urn:x", "credits": 1}]}"#,
            "groups[0]",
        ),
        (r#"{"credits": "10", "grups": []}"#, "grups"),
        (
            r#"{"credits": "10", "maxCreditsPerProvider": 0}"#,
            "maxCreditsPerProvider",
        ),
        (r#"{"credits": "10", "maxAge": "P1.5Y"}"#, "maxAge"),
        (r#"{"credits": 10"#, "line 1"),
    ];
    for (text, fragment) in table {
        let error = Target::from_json_str(text).unwrap_err();
        assert!(matches!(error, TargetError::Syntax { .. } | TargetError::Value { .. }));
        assert!(error.to_string().contains(fragment), "{text}: {error}");
    }
}

#[test]
fn results_serialize_to_json() {
    let result = stack(&[holding("a", "p", "5", &[])], &Target::new(credits("10")), now());
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["met"], false);
    assert_eq!(json["missingCredits"], "5");
    assert_eq!(json["counted"][0]["id"], "a");
}
