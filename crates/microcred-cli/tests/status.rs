//! CLI tests: status.
