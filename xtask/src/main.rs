//! `cargo xtask`: the repository's automation.

fn main() {}
