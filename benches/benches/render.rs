//! Benchmarks for microcred-render.
fn main() {}
