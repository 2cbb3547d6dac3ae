//! Integration tests of microcred-status, one module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod cache;
mod common;
mod conformance;
mod fixtures;
mod issuing;
mod properties;
