//! Integration tests of microcred-sign, one module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod common;
mod edc;
mod fixtures;
mod jades;
mod keys;
mod report;
mod tamper;
mod vc_di_eddsa;
