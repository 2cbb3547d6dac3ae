//! CLI tests: model.
