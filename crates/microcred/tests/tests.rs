//! Integration tests of the facade: issue → publish → verify → revoke, batches, the registry.
#![allow(
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;
mod failures;
mod registry;
mod workflow;
