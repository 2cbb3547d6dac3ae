//! Integration tests of microcred-render.
#![allow(
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod builder;
mod common;
mod docs_images;
mod golden;
mod layout;
mod pdf;
