//! Helpers shared by the CLI test modules.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Run the `microcred` binary with `args` in `dir`.
pub fn microcred_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microcred"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// Run the `microcred` binary with `args` in the workspace root.
pub fn microcred(args: &[&str]) -> Output {
    microcred_in(&workspace(), args)
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
