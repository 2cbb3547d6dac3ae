//! Conversions and numbers: exact arithmetic, rounding policy, negative inputs.

use microcred_credits::{
    Credits, DurationConvention, DurationError, Hours, HoursPerCredit, NumberError, Rounding, RoundingMode,
    credits_to_hours, duration_hours, hours_to_credits, hours_to_duration,
};
use microcred_model::{DurationUnit, IsoDuration};

use crate::common::credits;

#[test]
fn typical_ects_conversions() {
    let per_credit = HoursPerCredit::parse("25").unwrap();
    // 0.5, 2.5, 7.5 credits: no float drift.
    for (c, h) in [("0.5", "12.5"), ("2.5", "62.5"), ("7.5", "187.5"), ("60", "1500")] {
        let result = credits_to_hours(credits(c), per_credit);
        assert_eq!(result.hours, Hours::parse(h).unwrap());
        let back = hours_to_credits(result.hours, per_credit, Rounding::default());
        assert_eq!(back.credits, credits(c));
        assert!(back.exact);
    }
    // 0.1 + 0.2 credits of workload at 30 h is exactly 9 h.
    let sum = credits("0.1").checked_add(credits("0.2")).unwrap();
    assert_eq!(
        credits_to_hours(sum, HoursPerCredit::parse("30").unwrap()).hours,
        Hours::parse("9").unwrap()
    );
}

#[test]
fn the_step_and_mode_are_honoured() {
    let per_credit = HoursPerCredit::parse("30").unwrap();
    let hours = Hours::parse("100").unwrap(); // 3.333... credits
    let with = |step: &str, mode| {
        hours_to_credits(hours, per_credit, Rounding::new(credits(step), mode).unwrap())
            .credits
            .to_string()
    };
    assert_eq!(with("1", RoundingMode::HalfUp), "3");
    assert_eq!(with("1", RoundingMode::Up), "4");
    assert_eq!(with("0.5", RoundingMode::HalfUp), "3.5");
    assert_eq!(with("0.5", RoundingMode::Down), "3");
    assert_eq!(with("0.1", RoundingMode::HalfUp), "3.3");
    assert_eq!(with("0.25", RoundingMode::Down), "3.25");
}

#[test]
fn bad_numbers_are_typed_errors_naming_the_value() {
    for (text, fragment) in [
        ("-5", "negative"),
        ("NaN", "digits"),
        ("inf", "digits"),
        ("1e2", "digits"),
        ("", "empty"),
        ("2.", "followed by digits"),
    ] {
        let error = Hours::parse(text).unwrap_err();
        assert!(matches!(error, NumberError::Syntax { what: "hours", .. }), "{error:?}");
        assert!(error.to_string().contains(fragment), "{text}: {error}");
        assert!(error.to_string().contains(&format!("`{text}`")), "{error}");
    }
    let error = HoursPerCredit::parse("40").unwrap_err();
    assert!(
        matches!(error, NumberError::Range { .. }) && error.to_string().contains("25 to 30"),
        "{error}"
    );
    assert!(Rounding::new(Credits::ZERO, RoundingMode::HalfUp).is_err());
}

#[test]
fn durations_with_units_of_ambiguous_length_are_reported() {
    let strict = DurationConvention::STRICT;
    let cases = [
        ("P60M", DurationUnit::Months),
        ("P1Y", DurationUnit::Years),
        ("P2W", DurationUnit::Weeks),
        ("P1DT4H", DurationUnit::Days),
    ];
    for (text, unit) in cases {
        let error = duration_hours(&IsoDuration::parse(text).unwrap(), &strict).unwrap_err();
        assert!(
            matches!(error, DurationError::AmbiguousUnit { unit: u, .. } if u == unit),
            "{text}: {error:?}"
        );
    }
    // Unknown units never reach us: the model rejects them with a typed error.
    assert!(IsoDuration::parse("PT5X").is_err());
    assert!(IsoDuration::parse("-PT5H").is_err());
}

#[test]
fn hours_to_duration_writes_hours() {
    assert_eq!(
        hours_to_duration(Hours::parse("37.5").unwrap()).unwrap().as_str(),
        "PT37.5H"
    );
    assert_eq!(
        hours_to_duration(Hours::parse("60").unwrap()).unwrap().as_str(),
        "PT60H"
    );
}
