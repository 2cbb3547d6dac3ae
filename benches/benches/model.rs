//! Benchmarks for microcred-model.
fn main() {}
