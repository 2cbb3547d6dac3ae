//! Benchmarks for microcred-sign.
fn main() {}
