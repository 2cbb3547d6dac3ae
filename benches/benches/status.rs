//! Benchmarks for microcred-status.
fn main() {}
