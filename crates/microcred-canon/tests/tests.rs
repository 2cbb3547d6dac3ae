//! Integration tests of microcred-canon (one test binary; modules beside this file).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

mod edc;
mod json_ld_suite;
mod proptests;
mod rdf_canon_suite;
mod safe_mode;
mod vectors_di;
