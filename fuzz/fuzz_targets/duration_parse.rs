#![no_main]
//! Arbitrary text → `IsoDuration::parse` → hours under the strict and a study-day convention:
//! never panics; where hours are defined, `hours_to_duration` reads back as the same hours. The
//! decimal parsers of credits and hours round-trip through their display form.

use microcred_credits::{Credits, DurationConvention, Hours, duration_hours, hours_to_duration, minimum_clock_hours};
use microcred_model::IsoDuration;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(duration) = IsoDuration::parse(text) {
        assert_eq!(duration.as_str(), text);
        let study = DurationConvention {
            study_day: Hours::parse("8").ok(),
            study_week: Hours::parse("40").ok(),
        };
        for convention in [DurationConvention::STRICT, study] {
            if let Some((hours, back)) = duration_hours(&duration, &convention)
                .ok()
                .and_then(|h| Some((h, hours_to_duration(h)?)))
            {
                let again =
                    duration_hours(&back, &DurationConvention::STRICT).expect("hours written as PT..H read back");
                assert_eq!(again, hours, "{text} -> {back}");
            }
        }
        let _ = minimum_clock_hours(&duration);
    }
    if let Ok(credits) = Credits::parse(text) {
        assert_eq!(
            Credits::parse(&credits.to_string()).expect("display re-parses"),
            credits
        );
    }
    if let Ok(hours) = Hours::parse(text) {
        assert_eq!(Hours::parse(&hours.to_string()).expect("display re-parses"), hours);
    }
});
