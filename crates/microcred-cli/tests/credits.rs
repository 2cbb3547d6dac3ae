//! CLI tests: credits.
