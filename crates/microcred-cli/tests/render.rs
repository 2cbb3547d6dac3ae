//! CLI tests: render.
