//! ISO 8601 durations (as ELM writes workloads: `PT60H`, `P2W`, `P1DT4H`) to hours.
//!
//! The model's [`IsoDuration`] checks the lexical form; this module decides what it means in
//! hours of notional workload:
//!
//! - hours, minutes and seconds are clock time: exact (`PT1H30M` = 1.5 h; minutes and seconds
//!   that do not give a terminating decimal are rounded to 9 decimal places of an hour);
//! - years and months have no fixed length in hours and are **always** reported as
//!   [`DurationError::AmbiguousUnit`], never guessed;
//! - days and weeks are calendar spans by default and reported like months. A profile may
//!   define a *study day* and a *study week* in hours of workload (say 8 and 40); then `P1D` and
//!   `P1W` convert with those. A study day is never taken as 24 clock hours.

use microcred_model::{DurationComponent, DurationUnit, IsoDuration};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::DurationError;
use crate::number::Hours;

/// How days and weeks of a workload turn into hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DurationConvention {
    /// Hours of workload in a study day (`P1D`); `None`: days are calendar spans (ambiguous).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_day: Option<Hours>,
    /// Hours of workload in a study week (`P1W`); `None`: weeks are calendar spans (ambiguous).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_week: Option<Hours>,
}

impl DurationConvention {
    /// The strict convention: only hours, minutes and seconds convert.
    pub const STRICT: DurationConvention = DurationConvention {
        study_day: None,
        study_week: None,
    };
}

const SECONDS_PER_HOUR: Decimal = Decimal::from_parts(3600, 0, 0, false, 0);

fn amount(component: &DurationComponent) -> Decimal {
    Decimal::from(component.whole) + Decimal::new(i64::from(component.nanos), 9)
}

/// The hours of workload a duration stands for, under `convention`.
pub fn duration_hours(duration: &IsoDuration, convention: &DurationConvention) -> Result<Hours, DurationError> {
    let overflow = || DurationError::Overflow {
        duration: duration.as_str().to_owned(),
    };
    let mut seconds = Decimal::ZERO;
    for component in duration.components() {
        let per_unit_seconds = match component.unit {
            DurationUnit::Hours => SECONDS_PER_HOUR,
            DurationUnit::Minutes => Decimal::from(60),
            DurationUnit::Seconds => Decimal::ONE,
            DurationUnit::Days | DurationUnit::Weeks => {
                let hours = if component.unit == DurationUnit::Days {
                    convention.study_day
                } else {
                    convention.study_week
                };
                match hours {
                    Some(hours) => hours.decimal().checked_mul(SECONDS_PER_HOUR).ok_or_else(overflow)?,
                    None => return Err(ambiguous(duration, component.unit)),
                }
            }
            unit => return Err(ambiguous(duration, unit)),
        };
        let part = amount(component).checked_mul(per_unit_seconds).ok_or_else(overflow)?;
        seconds = seconds.checked_add(part).ok_or_else(overflow)?;
    }
    let hours = seconds.checked_div(SECONDS_PER_HOUR).ok_or_else(overflow)?;
    Ok(Hours::from_decimal(
        hours.round_dp_with_strategy(9, RoundingStrategy::MidpointNearestEven),
    ))
}

fn ambiguous(duration: &IsoDuration, unit: DurationUnit) -> DurationError {
    // `P60M` (60 months) for a one-week course is almost always `PT60M` or `PT60H` mistyped.
    let hint = match duration.components() {
        [only] if only.unit == DurationUnit::Months && only.nanos == 0 => Some(format!("PT{}M", only.whole)),
        _ => None,
    };
    DurationError::AmbiguousUnit {
        duration: duration.as_str().to_owned(),
        unit,
        hint,
    }
}

/// Hours as an ISO 8601 duration in hours only (`PT37.5H`), rounded to 9 decimal places.
/// [`duration_hours`] reads it back as the same hours. `None` when the hours are too many for a
/// duration component (more than `u64::MAX`).
pub fn hours_to_duration(hours: Hours) -> Option<IsoDuration> {
    let rounded = hours
        .decimal()
        .round_dp_with_strategy(9, RoundingStrategy::MidpointNearestEven)
        .normalize();
    IsoDuration::parse(&format!("PT{rounded}H")).ok()
}

/// The fewest clock hours a calendar span can last (a year of 365 days, a month of 28 days, a
/// week of 7 days, a day of 24 hours): the most clock time a learner surely had within a
/// `maximumDuration`. `None` if too large.
pub fn minimum_clock_hours(duration: &IsoDuration) -> Option<Hours> {
    let mut hours = Decimal::ZERO;
    for component in duration.components() {
        let per_unit = match component.unit {
            DurationUnit::Years => Decimal::from(365 * 24),
            DurationUnit::Months => Decimal::from(28 * 24),
            DurationUnit::Weeks => Decimal::from(7 * 24),
            DurationUnit::Days => Decimal::from(24),
            DurationUnit::Hours => Decimal::ONE,
            DurationUnit::Minutes => Decimal::ONE.checked_div(Decimal::from(60))?,
            _ => Decimal::ONE.checked_div(SECONDS_PER_HOUR)?,
        };
        hours = hours.checked_add(amount(component).checked_mul(per_unit)?)?;
    }
    Some(Hours::from_decimal(hours.round_dp(9)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(d: &str, convention: &DurationConvention) -> Result<String, DurationError> {
        duration_hours(&IsoDuration::parse(d).unwrap(), convention).map(|h| h.to_string())
    }

    #[test]
    fn clock_units_convert_exactly() {
        let strict = DurationConvention::STRICT;
        assert_eq!(hours("PT60H", &strict).unwrap(), "60");
        assert_eq!(hours("PT1H30M", &strict).unwrap(), "1.5");
        assert_eq!(hours("PT90M", &strict).unwrap(), "1.5");
        assert_eq!(hours("PT1.25H", &strict).unwrap(), "1.25");
        assert_eq!(hours("PT20M", &strict).unwrap(), "0.333333333");
        assert_eq!(hours("PT36S", &strict).unwrap(), "0.01");
    }

    #[test]
    fn calendar_units_are_reported_not_guessed() {
        let strict = DurationConvention::STRICT;
        let error = hours("P60M", &strict).unwrap_err();
        assert!(
            matches!(&error, DurationError::AmbiguousUnit { unit: DurationUnit::Months, hint: Some(h), .. } if h == "PT60M"),
            "{error:?}"
        );
        assert!(error.to_string().contains("did you mean `PT60M`"), "{error}");
        assert!(matches!(
            hours("P1Y", &strict),
            Err(DurationError::AmbiguousUnit {
                unit: DurationUnit::Years,
                hint: None,
                ..
            })
        ));
        assert!(matches!(
            hours("P2W", &strict),
            Err(DurationError::AmbiguousUnit {
                unit: DurationUnit::Weeks,
                ..
            })
        ));
        assert!(matches!(
            hours("P1DT4H", &strict),
            Err(DurationError::AmbiguousUnit {
                unit: DurationUnit::Days,
                ..
            })
        ));
    }

    #[test]
    fn study_days_and_weeks_follow_the_convention() {
        let study = DurationConvention {
            study_day: Some(Hours::parse("8").unwrap()),
            study_week: Some(Hours::parse("40").unwrap()),
        };
        assert_eq!(hours("P1DT4H", &study).unwrap(), "12");
        assert_eq!(hours("P2W", &study).unwrap(), "80");
        assert!(hours("P1M", &study).is_err());
    }

    #[test]
    fn huge_durations_overflow_cleanly() {
        // The largest amounts of clock units still fit (a decimal rounds its last digits).
        let most = duration_hours(
            &IsoDuration::parse("PT18446744073709551615.999999999H").unwrap(),
            &DurationConvention::STRICT,
        )
        .unwrap();
        assert!(hours_to_duration(most).is_some());
        let study = DurationConvention {
            study_day: Some(Hours::parse("8").unwrap()),
            study_week: None,
        };
        let too_many = duration_hours(&IsoDuration::parse("P18446744073709551615D").unwrap(), &study).unwrap();
        assert_eq!(hours_to_duration(too_many), None);
        let long_days = DurationConvention {
            study_day: Some(Hours::parse("999999999").unwrap()),
            study_week: None,
        };
        let error = hours("P18446744073709551615D", &long_days).unwrap_err();
        assert!(matches!(error, DurationError::Overflow { .. }), "{error:?}");
        assert!(error.to_string().contains("too large"), "{error}");
    }

    #[test]
    fn hours_round_trip_through_durations() {
        for h in ["0", "60", "37.5", "0.333333333", "1.000000001"] {
            let hours = Hours::parse(h).unwrap();
            let back = duration_hours(&hours_to_duration(hours).unwrap(), &DurationConvention::STRICT).unwrap();
            assert_eq!(back, hours, "{h}");
        }
    }

    #[test]
    fn minimum_clock_hours_of_calendar_spans() {
        assert_eq!(
            minimum_clock_hours(&IsoDuration::parse("P1M").unwrap())
                .unwrap()
                .to_string(),
            "672"
        );
        assert_eq!(
            minimum_clock_hours(&IsoDuration::parse("P1W").unwrap())
                .unwrap()
                .to_string(),
            "168"
        );
    }
}
