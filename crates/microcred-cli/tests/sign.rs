//! CLI tests: sign.
