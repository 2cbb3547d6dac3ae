//! Integration tests of microcred-model.
#![allow(
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod annex1;
mod common;
mod properties;
mod request;
mod samples;
