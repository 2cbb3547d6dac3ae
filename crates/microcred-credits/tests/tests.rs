//! Integration tests of microcred-credits, one module per capability.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod check;
mod common;
mod convert;
mod profiles;
mod props;
mod stacking;
