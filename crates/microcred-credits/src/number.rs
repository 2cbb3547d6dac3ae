//! Validated decimal quantities: credits, hours, hours per credit.
//!
//! All three hold an exact decimal. They are written and read as plain decimal strings (`5`,
//! `2.5`, `37.5`): no sign, no exponent, no `NaN`, `.` as the decimal separator.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::NumberError;

/// At most this many digits before the decimal point (a billion credits or hours is nonsense).
const MAX_INTEGER_DIGITS: usize = 9;

/// Parse a plain non-negative decimal with at most `max_scale` fractional digits.
pub(crate) fn parse_decimal(what: &'static str, text: &str, max_scale: usize) -> Result<Decimal, NumberError> {
    let bad = |reason: &'static str| NumberError::Syntax {
        what,
        value: text.to_owned(),
        reason,
    };
    if text.is_empty() {
        return Err(bad("it is empty"));
    }
    if text.starts_with('-') {
        return Err(bad("negative values are not allowed"));
    }
    let (int, frac) = match text.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) {
        return Err(bad("only digits and one `.` are allowed, with digits before the `.`"));
    }
    if let Some(frac) = frac {
        if !digits(frac) {
            return Err(bad("the `.` must be followed by digits"));
        }
        if frac.len() > max_scale {
            return Err(NumberError::Range {
                what,
                value: text.to_owned(),
                reason: format!("at most {max_scale} digits after the `.`"),
            });
        }
    }
    if int.trim_start_matches('0').len() > MAX_INTEGER_DIGITS {
        return Err(NumberError::Range {
            what,
            value: text.to_owned(),
            reason: "at most 9 digits before the `.`".to_owned(),
        });
    }
    Decimal::from_str_exact(text)
        .map(|d| d.normalize())
        .map_err(|_| bad("not a decimal number"))
}

/// Serde helper: a decimal written as a string or a JSON/TOML number.
fn deserialize_lexical<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Lexical;
    impl<'de> serde::de::Visitor<'de> for Lexical {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a non-negative decimal number or a string such as \"2.5\"")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
            // The shortest text that reads back as the same float: `2.5`, `0.1`. Exponent forms
            // (very large or tiny floats) are rejected by the decimal parser with a clear message.
            Ok(v.to_string())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            // serde_json with `arbitrary_precision` (enabled by any crate in the dependency
            // graph that asks for it) hands numbers over as a one-entry map holding the exact
            // lexical form; accept it, so credits parse the same in every build.
            match map.next_entry::<String, String>()? {
                Some((key, lexical)) if key == "$serde_json::private::Number" => Ok(lexical),
                _ => Err(serde::de::Error::invalid_type(serde::de::Unexpected::Map, &self)),
            }
        }
    }
    deserializer.deserialize_any(Lexical)
}

macro_rules! decimal_newtype {
    ($(#[$meta:meta])* $name:ident, $what:literal, $scale:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(Decimal);

        impl $name {
            /// Zero.
            pub const ZERO: $name = $name(Decimal::ZERO);
            /// The most fractional digits accepted when parsing.
            pub const MAX_SCALE: usize = $scale;

            /// Parse a plain non-negative decimal (`5`, `2.5`).
            pub fn parse(text: &str) -> Result<Self, NumberError> {
                parse_decimal($what, text, Self::MAX_SCALE).map($name)
            }

            /// A whole number.
            pub fn from_integer(value: u32) -> Self {
                $name(Decimal::from(value))
            }

            /// Whether the value is zero.
            pub fn is_zero(self) -> bool {
                self.0.is_zero()
            }

            /// The sum, or `None` if it is too large to represent.
            pub fn checked_add(self, other: Self) -> Option<Self> {
                self.0.checked_add(other.0).map(|d| $name(d.normalize()))
            }

            /// The difference, or zero when `other` is larger.
            pub fn saturating_sub(self, other: Self) -> Self {
                if other.0 >= self.0 { $name::ZERO } else { $name((self.0 - other.0).normalize()) }
            }

            pub(crate) fn decimal(self) -> Decimal {
                self.0
            }

            /// Wrap a decimal computed inside the crate (never negative by construction).
            pub(crate) fn from_decimal(value: Decimal) -> Self {
                $name(if value.is_sign_negative() { Decimal::ZERO } else { value.normalize() })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.normalize(), f)
            }
        }

        impl FromStr for $name {
            type Err = NumberError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let lexical = deserialize_lexical(deserializer)?;
                $name::parse(&lexical).map_err(serde::de::Error::custom)
            }
        }
    };
}

decimal_newtype!(
    /// A number of credits (ECTS or a national framework's): an exact non-negative decimal such
    /// as `5`, `2.5` or `7.5`, with at most 6 fractional digits.
    Credits, "credits", 6
);

decimal_newtype!(
    /// A number of hours of notional workload: an exact non-negative decimal such as `60` or
    /// `37.5`, with at most 9 fractional digits (a billionth of an hour).
    Hours, "hours", 9
);

impl Credits {
    /// Sum an iterator of credits, or `None` on overflow.
    pub fn checked_sum<'a>(values: impl IntoIterator<Item = &'a Credits>) -> Option<Credits> {
        values.into_iter().try_fold(Credits::ZERO, |sum, c| sum.checked_add(*c))
    }
}

/// A closed range of hours per credit, such as the ECTS band 25 to 30.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursBand {
    /// The fewest hours one credit stands for.
    pub min: Hours,
    /// The most hours one credit stands for.
    pub max: Hours,
}

impl HoursBand {
    /// The ECTS band: one credit stands for 25 to 30 hours of notional workload.
    pub const ECTS: HoursBand = HoursBand {
        min: Hours(Decimal::from_parts(25, 0, 0, false, 0)),
        max: Hours(Decimal::from_parts(30, 0, 0, false, 0)),
    };

    /// A band; `min` must be more than zero and not more than `max`.
    pub fn new(min: Hours, max: Hours) -> Result<Self, NumberError> {
        if min.is_zero() {
            return Err(NumberError::Range {
                what: "hours per credit",
                value: min.to_string(),
                reason: "must be more than 0".into(),
            });
        }
        if min > max {
            return Err(NumberError::Range {
                what: "hours per credit",
                value: format!("{min}..{max}"),
                reason: "the minimum is larger than the maximum".into(),
            });
        }
        Ok(HoursBand { min, max })
    }

    /// Whether `hours` lies in the band.
    pub fn contains(&self, hours: Hours) -> bool {
        self.min <= hours && hours <= self.max
    }
}

impl fmt::Display for HoursBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {} hours per credit", self.min, self.max)
    }
}

/// The hours of notional workload one credit stands for at an institution, inside a band (the
/// ECTS band 25 to 30 unless a profile says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HoursPerCredit(Hours);

impl HoursPerCredit {
    /// Parse a value inside the ECTS band (25 to 30).
    pub fn parse(text: &str) -> Result<Self, NumberError> {
        HoursPerCredit::in_band(Hours::parse(text)?, &HoursBand::ECTS)
    }

    /// A value inside the ECTS band (25 to 30).
    pub fn ects(hours: Hours) -> Result<Self, NumberError> {
        HoursPerCredit::in_band(hours, &HoursBand::ECTS)
    }

    /// A value inside `band`.
    pub fn in_band(hours: Hours, band: &HoursBand) -> Result<Self, NumberError> {
        if hours.is_zero() || !band.contains(hours) {
            return Err(NumberError::Range {
                what: "hours per credit",
                value: hours.to_string(),
                reason: format!("must be {band}"),
            });
        }
        Ok(HoursPerCredit(hours))
    }

    /// The hours one credit stands for.
    pub fn hours(self) -> Hours {
        self.0
    }
}

impl fmt::Display for HoursPerCredit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} h/credit", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_decimals_only() {
        assert_eq!(Credits::parse("2.5").unwrap().to_string(), "2.5");
        assert_eq!(Credits::parse("5.0").unwrap().to_string(), "5");
        assert_eq!(Credits::parse("007.50").unwrap(), Credits::parse("7.5").unwrap());
        for bad in [
            "",
            "-1",
            "NaN",
            "inf",
            "1e3",
            "+5",
            " 5",
            "5 ",
            "2,5",
            ".5",
            "5.",
            "1.2.3",
            "0x10",
            "1.1234567",
            "1000000000",
        ] {
            assert!(Credits::parse(bad).is_err(), "{bad}");
        }
        let error = Hours::parse("-3").unwrap_err();
        assert!(error.to_string().contains("negative"), "{error}");
    }

    #[test]
    fn hours_per_credit_stays_in_its_band() {
        assert!(HoursPerCredit::parse("26").is_ok());
        assert!(HoursPerCredit::parse("27.5").is_ok());
        assert!(HoursPerCredit::parse("24.9").is_err());
        assert!(HoursPerCredit::parse("31").is_err());
        let band = HoursBand::new(Hours::parse("20").unwrap(), Hours::parse("24").unwrap()).unwrap();
        assert!(HoursPerCredit::in_band(Hours::parse("22").unwrap(), &band).is_ok());
        assert!(HoursBand::new(Hours::ZERO, Hours::parse("1").unwrap()).is_err());
    }

    #[test]
    fn serde_accepts_strings_and_numbers() {
        let c: Credits = serde_json::from_str("\"2.5\"").unwrap();
        assert_eq!(c, serde_json::from_str::<Credits>("2.5").unwrap());
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"2.5\"");
        assert!(serde_json::from_str::<Credits>("-1").is_err());
    }
}
