#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod annex1;
pub mod context;
mod credential;
pub mod elm;
mod error;
mod lang;
mod one_or_many;
pub mod request;
mod time;
pub mod vocab;

pub use crate::context::Envelope;
pub use crate::elm::EuropeanDigitalCredential;
pub use crate::error::{ParseError, ValueError};
pub use crate::lang::{LanguageMap, LanguageTag};
pub use crate::one_or_many::OneOrMany;
pub use crate::request::{BuildError, IssuanceRequest, PageRenderer};
pub use crate::time::{DurationComponent, DurationUnit, IsoDuration, XsdDateTime};
