//! Benchmarks for microcred-credits.
fn main() {}
