#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod check;
mod convert;
mod duration;
mod error;
mod number;
mod profile;
mod stack;
mod target;

pub use crate::check::{Finding, FindingCode, Severity, check_credential, check_value, has_errors};
pub use crate::convert::{CreditsToHours, HoursToCredits, Rounding, RoundingMode, credits_to_hours, hours_to_credits};
pub use crate::duration::{DurationConvention, duration_hours, hours_to_duration, minimum_clock_hours};
pub use crate::error::{DurationError, NumberError, ProfileError, TargetError};
pub use crate::number::{Credits, Hours, HoursBand, HoursPerCredit};
pub use crate::profile::{BUILTIN_PROFILES, CreditRange, Profile};
pub use crate::stack::{Counted, Excluded, GroupResult, SEARCH_BUDGET, Stacking, stack, stack_credentials};
pub use crate::target::{Exclusion, Group, Holding, ISCED_F_PREFIX, MAX_GROUPS, Target};
