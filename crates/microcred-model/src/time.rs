//! `xsd:dateTime` and ISO 8601 duration values, checked lexically and kept as written.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ValueError;

/// An `xsd:dateTime` such as `2024-06-30T12:00:00Z` or `2024-06-30T12:00:00.5+02:00`. The
/// lexical form is checked and kept exactly as written, so a credential round-trips byte-exactly.
/// A date alone (`2024-06-30`) is not an `xsd:dateTime` and is rejected.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct XsdDateTime {
    lexical: String,
    /// `None` when the lexical form has no time zone (a "floating" local time).
    instant: Option<DateTime<FixedOffset>>,
}

impl XsdDateTime {
    /// Check and wrap a lexical `xsd:dateTime`.
    pub fn parse(lexical: &str) -> Result<Self, ValueError> {
        let bad = || ValueError::DateTime(lexical.to_owned());
        // Shape: -?YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)?  (years beyond 9999 are not accepted)
        let bytes = lexical.as_bytes();
        if bytes.len() < 19 || bytes.get(10) != Some(&b'T') {
            return Err(bad());
        }
        let (body, zone) = split_zone(lexical).ok_or_else(bad)?;
        let naive = NaiveDateTime::parse_from_str(body, "%Y-%m-%dT%H:%M:%S%.f").map_err(|_| bad())?;
        // chrono accepts some forms that xsd does not (e.g. a one-digit month); check the digits.
        let digits_ok = body.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            10 => c == 'T',
            13 | 16 => c == ':',
            19 => c == '.',
            _ => c.is_ascii_digit(),
        });
        if !digits_ok || body.len() == 20 {
            return Err(bad());
        }
        let instant = match zone {
            None => None,
            Some("Z") => Some(naive.and_utc().fixed_offset()),
            Some(offset) => {
                let offset = FixedOffset::from_str(offset).map_err(|_| bad())?;
                Some(naive.and_local_timezone(offset).single().ok_or_else(bad)?)
            }
        };
        Ok(XsdDateTime {
            lexical: lexical.to_owned(),
            instant,
        })
    }

    /// The value for an instant, written in UTC with seconds precision (`...Z`).
    pub fn from_utc(instant: DateTime<Utc>) -> Self {
        let lexical = instant.to_rfc3339_opts(SecondsFormat::Secs, true);
        XsdDateTime {
            lexical,
            instant: Some(instant.fixed_offset()),
        }
    }

    /// The lexical form as written.
    pub fn as_str(&self) -> &str {
        &self.lexical
    }

    /// The instant, when the value has a time zone.
    pub fn instant(&self) -> Option<DateTime<Utc>> {
        self.instant.map(|i| i.with_timezone(&Utc))
    }
}

fn split_zone(lexical: &str) -> Option<(&str, Option<&str>)> {
    if let Some(body) = lexical.strip_suffix('Z') {
        return Some((body, Some("Z")));
    }
    let tail_start = lexical.len().checked_sub(6)?;
    let tail = lexical.get(tail_start..)?;
    if (tail.starts_with('+') || tail.starts_with('-')) && tail.get(3..4) == Some(":") {
        return Some((lexical.get(..tail_start)?, Some(tail)));
    }
    Some((lexical, None))
}

impl fmt::Display for XsdDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lexical)
    }
}

impl FromStr for XsdDateTime {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        XsdDateTime::parse(s)
    }
}

impl Serialize for XsdDateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.lexical)
    }
}

impl<'de> Deserialize<'de> for XsdDateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let lexical = String::deserialize(deserializer)?;
        XsdDateTime::parse(&lexical).map_err(serde::de::Error::custom)
    }
}

/// A unit of an ISO 8601 duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DurationUnit {
    /// `Y`: its length in hours depends on the calendar.
    Years,
    /// `M` before `T`: its length in hours depends on the calendar.
    Months,
    /// `W` (ISO 8601, not `xsd:duration`).
    Weeks,
    /// `D`.
    Days,
    /// `H`.
    Hours,
    /// `M` after `T`.
    Minutes,
    /// `S`.
    Seconds,
}

impl DurationUnit {
    /// The designator letter.
    pub fn designator(self) -> char {
        match self {
            DurationUnit::Years => 'Y',
            DurationUnit::Months | DurationUnit::Minutes => 'M',
            DurationUnit::Weeks => 'W',
            DurationUnit::Days => 'D',
            DurationUnit::Hours => 'H',
            DurationUnit::Seconds => 'S',
        }
    }
}

/// One component of a duration: an amount (integer part and up to nine fractional digits) of a
/// unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DurationComponent {
    /// The unit.
    pub unit: DurationUnit,
    /// The integer part of the amount.
    pub whole: u64,
    /// The fractional part in billionths (0 when there is none).
    pub nanos: u32,
}

/// An ISO 8601 duration such as `PT60H`, `P2W`, `P1M` or `P1DT4H30M`, as ELM carries it in
/// `volumeOfLearning`, `workload` and `maximumDuration`. The lexical form is checked and kept;
/// the components are available typed. Weeks (`P2W`) are accepted although `xsd:duration` lacks
/// them ([`IsoDuration::is_xsd`] tells). Negative durations are rejected: no workload is negative.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IsoDuration {
    lexical: String,
    components: Vec<DurationComponent>,
}

impl IsoDuration {
    /// Check and parse a lexical ISO 8601 duration.
    pub fn parse(lexical: &str) -> Result<Self, ValueError> {
        let bad = |why: &'static str| ValueError::Duration {
            value: lexical.to_owned(),
            reason: why,
        };
        let rest = lexical.strip_prefix('P').ok_or_else(|| {
            if lexical.starts_with('-') {
                bad("negative durations are not allowed")
            } else {
                bad("must start with 'P'")
            }
        })?;
        if rest.is_empty() {
            return Err(bad("no component after 'P'"));
        }
        let (date_part, time_part) = match rest.split_once('T') {
            Some((date, time)) => {
                if time.is_empty() {
                    return Err(bad("'T' must be followed by hours, minutes or seconds"));
                }
                (date, Some(time))
            }
            None => (rest, None),
        };
        let mut components = Vec::new();
        parse_components(
            date_part,
            &[
                ('Y', DurationUnit::Years),
                ('M', DurationUnit::Months),
                ('W', DurationUnit::Weeks),
                ('D', DurationUnit::Days),
            ],
            &mut components,
        )
        .map_err(bad)?;
        if let Some(time) = time_part {
            parse_components(
                time,
                &[
                    ('H', DurationUnit::Hours),
                    ('M', DurationUnit::Minutes),
                    ('S', DurationUnit::Seconds),
                ],
                &mut components,
            )
            .map_err(bad)?;
        }
        // Only the smallest (last) component may have a fraction.
        let fractions = components.iter().filter(|c| c.nanos != 0).count();
        if fractions > 1 || (fractions == 1 && components.last().is_some_and(|c| c.nanos == 0)) {
            return Err(bad("only the last component may have a fraction"));
        }
        Ok(IsoDuration {
            lexical: lexical.to_owned(),
            components,
        })
    }

    /// The lexical form as written.
    pub fn as_str(&self) -> &str {
        &self.lexical
    }

    /// The components in the order written (largest unit first).
    pub fn components(&self) -> &[DurationComponent] {
        &self.components
    }

    /// Whether the duration is also a valid `xsd:duration` (no weeks, fractions only on seconds).
    pub fn is_xsd(&self) -> bool {
        self.components
            .iter()
            .all(|c| c.unit != DurationUnit::Weeks && (c.nanos == 0 || c.unit == DurationUnit::Seconds))
    }

    /// Whether the duration has a component whose length in hours depends on the calendar
    /// (years or months).
    pub fn has_calendar_units(&self) -> bool {
        self.components
            .iter()
            .any(|c| matches!(c.unit, DurationUnit::Years | DurationUnit::Months))
    }

    /// A duration of whole hours: `PT{hours}H`.
    pub fn from_hours(hours: u64) -> Self {
        IsoDuration {
            lexical: format!("PT{hours}H"),
            components: vec![DurationComponent {
                unit: DurationUnit::Hours,
                whole: hours,
                nanos: 0,
            }],
        }
    }
}

fn parse_components(
    mut text: &str,
    units: &[(char, DurationUnit)],
    out: &mut Vec<DurationComponent>,
) -> Result<(), &'static str> {
    let mut allowed = units;
    while !text.is_empty() {
        let number_len = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .ok_or("a number must be followed by a unit")?;
        let (number, tail) = text.split_at(number_len);
        let designator = tail.chars().next().ok_or("a number must be followed by a unit")?;
        let position = allowed
            .iter()
            .position(|(d, _)| *d == designator)
            .ok_or("unknown or misplaced unit")?;
        let unit = allowed
            .get(position)
            .map(|(_, u)| *u)
            .ok_or("unknown or misplaced unit")?;
        allowed = allowed.get(position + 1..).unwrap_or_default();
        let (whole, nanos) = parse_amount(number)?;
        out.push(DurationComponent { unit, whole, nanos });
        text = tail.get(designator.len_utf8()..).unwrap_or_default();
    }
    Ok(())
}

fn parse_amount(number: &str) -> Result<(u64, u32), &'static str> {
    let (int, frac) = match number.split_once(['.', ',']) {
        Some((int, frac)) => (int, Some(frac)),
        None => (number, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return Err("a component needs digits before its unit");
    }
    let whole = int.parse::<u64>().map_err(|_| "a component is too large")?;
    let nanos = match frac {
        None => 0,
        Some(frac) if frac.is_empty() || frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) => {
            return Err("a fraction needs 1 to 9 digits");
        }
        Some(frac) => {
            let padded = format!("{frac:0<9}");
            padded.parse::<u32>().map_err(|_| "a fraction needs 1 to 9 digits")?
        }
    };
    Ok((whole, nanos))
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lexical)
    }
}

impl FromStr for IsoDuration {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IsoDuration::parse(s)
    }
}

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.lexical)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let lexical = String::deserialize(deserializer)?;
        IsoDuration::parse(&lexical).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times() {
        for good in [
            "2024-06-30T12:00:00Z",
            "2023-09-27T13:54:17+02:00",
            "2024-06-30T12:00:00.125Z",
            "2024-06-30T12:00:00",
        ] {
            let value = XsdDateTime::parse(good).unwrap();
            assert_eq!(value.as_str(), good);
        }
        assert_eq!(
            XsdDateTime::parse("2023-09-27T13:54:17+02:00")
                .unwrap()
                .instant()
                .unwrap(),
            XsdDateTime::parse("2023-09-27T11:54:17Z").unwrap().instant().unwrap()
        );
        assert!(XsdDateTime::parse("2024-06-30T12:00:00").unwrap().instant().is_none());
        for bad in [
            "2022-12-31",
            "2024-6-30T12:00:00Z",
            "2024-06-31T12:00:00Z",
            "2024-06-30 12:00:00Z",
            "2024-06-30T12:00:00.Z",
            "2024-06-30T25:00:00Z",
            "x",
            "",
        ] {
            assert!(XsdDateTime::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations() {
        let d = IsoDuration::parse("P1DT4H30M").unwrap();
        assert_eq!(d.components().len(), 3);
        assert!(d.is_xsd());
        assert!(!IsoDuration::parse("P2W").unwrap().is_xsd());
        assert!(IsoDuration::parse("P1M").unwrap().has_calendar_units());
        assert!(!IsoDuration::parse("PT1M").unwrap().has_calendar_units());
        let half = IsoDuration::parse("PT1.5H").unwrap();
        assert_eq!(half.components()[0].nanos, 500_000_000);
        assert!(!half.is_xsd());
        for bad in [
            "",
            "P",
            "PT",
            "-PT1H",
            "P1H",
            "PT1D",
            "P1M1Y",
            "PT1.5H30M",
            "P1.H",
            "PTH",
            "1H",
            "P1DT",
            "PT1H1H",
        ] {
            assert!(IsoDuration::parse(bad).is_err(), "{bad}");
        }
    }
}
