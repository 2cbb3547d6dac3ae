#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod batch;
mod error;
pub mod issuer;
pub mod publish;
pub mod store;
pub mod verify;

pub use crate::batch::{BatchItem, BatchReport, RowError};
pub use crate::error::{IssueError, StoreError};
pub use crate::issuer::{Access, IssueOptions, IssueOutcome, Issued, Issuer, IssuerConfig};
pub use crate::publish::{PublishOptions, PublishReport};
pub use crate::store::{Record, RecordState, SqliteStore, Store};
pub use crate::verify::Verifier;
