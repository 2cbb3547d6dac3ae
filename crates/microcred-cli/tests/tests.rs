//! Integration tests of the `microcred` binary, one module per capability.
#![allow(
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;
mod credits;
mod model;
mod office;
mod render;
mod sign;
mod status;
