//! Conversions between hours of notional workload and credits, in exact decimal arithmetic.
//!
//! Credits → hours is exact: `hours = credits × hours per credit`, with no rounding at all.
//! Hours → credits divides and then rounds to a multiple of a credit step (default 0.5) with an
//! explicit mode (default: to the nearest step, halves up). The rounding is computed on exact
//! decimals (the remainder of `hours` by `step × hours per credit`), so a value exactly half-way
//! is recognised as such and no float drift decides it.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::NumberError;
use crate::number::{Credits, Hours, HoursPerCredit};

/// How hours → credits rounds to a multiple of the credit step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RoundingMode {
    /// To the nearest multiple; exactly half-way goes up (2.25 → 2.5 with a step of 0.5).
    #[default]
    HalfUp,
    /// Down to the multiple below: never more credits than the workload supports.
    Down,
    /// Up to the multiple above.
    Up,
}

impl RoundingMode {
    /// The name used in profiles and on the command line (`half-up`, `down`, `up`).
    pub fn name(self) -> &'static str {
        match self {
            RoundingMode::HalfUp => "half-up",
            RoundingMode::Down => "down",
            RoundingMode::Up => "up",
        }
    }
}

impl FromStr for RoundingMode {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "half-up" => Ok(RoundingMode::HalfUp),
            "down" => Ok(RoundingMode::Down),
            "up" => Ok(RoundingMode::Up),
            _ => Err(NumberError::Syntax {
                what: "rounding mode",
                value: s.to_owned(),
                reason: "use `half-up`, `down` or `up`",
            }),
        }
    }
}

/// The rounding policy of hours → credits: a step (credits are multiples of it) and a mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// Credits are multiples of this (default 0.5: credits such as 2, 2.5, 7.5).
    pub step: Credits,
    /// How a value between two multiples is rounded.
    #[serde(default)]
    pub mode: RoundingMode,
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding {
            step: Credits::from_decimal(Decimal::new(5, 1)),
            mode: RoundingMode::HalfUp,
        }
    }
}

impl Rounding {
    /// A policy; the step must be more than zero.
    pub fn new(step: Credits, mode: RoundingMode) -> Result<Self, NumberError> {
        if step.is_zero() {
            return Err(NumberError::Range {
                what: "credit step",
                value: step.to_string(),
                reason: "must be more than 0".into(),
            });
        }
        Ok(Rounding { step, mode })
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mode {
            RoundingMode::HalfUp => write!(f, "rounded to the nearest {} credit (halves up)", self.step),
            RoundingMode::Down => write!(f, "rounded down to a multiple of {} credit", self.step),
            RoundingMode::Up => write!(f, "rounded up to a multiple of {} credit", self.step),
        }
    }
}

/// The result of hours → credits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HoursToCredits {
    /// The hours converted.
    pub hours: Hours,
    /// The hours per credit used.
    pub hours_per_credit: Hours,
    /// The credits, a multiple of the rounding step.
    pub credits: Credits,
    /// The quotient before rounding, to 6 decimal places (`2.307692`).
    pub unrounded: String,
    /// Whether the quotient was already a multiple of the step (no rounding happened).
    pub exact: bool,
    /// The rounding policy applied.
    pub rounding: Rounding,
}

/// The result of credits → hours (always exact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditsToHours {
    /// The credits converted.
    pub credits: Credits,
    /// The hours per credit used.
    pub hours_per_credit: Hours,
    /// The hours: exactly `credits × hours per credit`.
    pub hours: Hours,
}

/// Credits → hours: `credits × hours per credit`, exactly.
pub fn credits_to_hours(credits: Credits, hours_per_credit: HoursPerCredit) -> CreditsToHours {
    // At most 9 + 9 integer digits: far below the 28 digits a decimal holds.
    let hours = credits
        .decimal()
        .checked_mul(hours_per_credit.hours().decimal())
        .unwrap_or(Decimal::MAX);
    CreditsToHours {
        credits,
        hours_per_credit: hours_per_credit.hours(),
        hours: Hours::from_decimal(hours),
    }
}

/// Hours → credits: `hours ÷ hours per credit`, rounded to a multiple of `rounding.step`.
pub fn hours_to_credits(hours: Hours, hours_per_credit: HoursPerCredit, rounding: Rounding) -> HoursToCredits {
    let h = hours.decimal();
    let hpc = hours_per_credit.hours().decimal();
    let step = rounding.step.decimal();
    // One step of credits in hours; exact (a product of two short decimals).
    let unit = step.checked_mul(hpc).unwrap_or(Decimal::MAX);
    // n = floor(h / unit), checked exactly by its remainder. A division that is inexact in the
    // 28th digit cannot cross an integer: h and unit have at most 15 fractional digits.
    let mut whole = h.checked_div(unit).unwrap_or(Decimal::ZERO).trunc();
    let mut remainder = h - whole * unit;
    if remainder.is_sign_negative() {
        whole -= Decimal::ONE;
        remainder += unit;
    } else if remainder >= unit {
        whole += Decimal::ONE;
        remainder -= unit;
    }
    let exact = remainder.is_zero();
    let steps = match rounding.mode {
        _ if exact => whole,
        RoundingMode::Down => whole,
        RoundingMode::Up => whole + Decimal::ONE,
        RoundingMode::HalfUp => {
            if remainder * Decimal::TWO >= unit {
                whole + Decimal::ONE
            } else {
                whole
            }
        }
    };
    let unrounded = h
        .checked_div(hpc)
        .unwrap_or(Decimal::ZERO)
        .round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    HoursToCredits {
        hours,
        hours_per_credit: hours_per_credit.hours(),
        credits: Credits::from_decimal(steps * step),
        unrounded: unrounded.to_string(),
        exact,
        rounding,
    }
}

impl fmt::Display for HoursToCredits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} h = {} credits at {} h/credit",
            self.hours, self.credits, self.hours_per_credit
        )?;
        if self.exact {
            f.write_str(" (exact)")
        } else {
            write!(f, " ({} before rounding; {})", self.unrounded, self.rounding)
        }
    }
}

impl fmt::Display for CreditsToHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} credits = {} h at {} h/credit (exact)",
            self.credits, self.hours, self.hours_per_credit
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Credits {
        Credits::parse(s).unwrap()
    }
    fn h(s: &str) -> Hours {
        Hours::parse(s).unwrap()
    }

    #[test]
    fn hours_to_credits_rounds_by_policy() {
        let hpc = HoursPerCredit::parse("26").unwrap();
        let table = [
            ("60", RoundingMode::HalfUp, "2.5", false),
            ("60", RoundingMode::Down, "2", false),
            ("60", RoundingMode::Up, "2.5", false),
            ("65", RoundingMode::HalfUp, "2.5", true),
            ("58.5", RoundingMode::HalfUp, "2.5", false), // 2.25 exactly half-way: up
            ("58.5", RoundingMode::Down, "2", false),
            ("0", RoundingMode::Up, "0", true),
            ("6", RoundingMode::HalfUp, "0", false),
        ];
        for (hours, mode, credits, exact) in table {
            let r = hours_to_credits(h(hours), hpc, Rounding::new(c("0.5"), mode).unwrap());
            assert_eq!((r.credits, r.exact), (c(credits), exact), "{hours} {mode:?}");
        }
        let r = hours_to_credits(h("60"), hpc, Rounding::default());
        assert_eq!(r.unrounded, "2.307692");
        assert!(r.to_string().contains("2.307692 before rounding"), "{r}");
    }

    #[test]
    fn credits_to_hours_is_exact() {
        let hpc = HoursPerCredit::parse("27.5").unwrap();
        assert_eq!(credits_to_hours(c("0.5"), hpc).hours, h("13.75"));
        assert_eq!(
            credits_to_hours(c("7.5"), HoursPerCredit::parse("26").unwrap()).hours,
            h("195")
        );
    }

    #[test]
    fn rounding_needs_a_positive_step() {
        assert!(Rounding::new(Credits::ZERO, RoundingMode::Down).is_err());
        assert!("sideways".parse::<RoundingMode>().is_err());
    }
}
