//! The no-op guest of the spawn benchmark: starts and exits 0.
fn main() {}
