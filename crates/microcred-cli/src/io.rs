//! Reading inputs and writing outputs without ever leaving a half-written file.

use std::io::{Read, Write};
use std::path::Path;

use crate::error::CliError;

/// Read a whole file, or standard input when `path` is `-`.
pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, CliError> {
    if path == Path::new("-") {
        let mut buffer = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buffer)
            .map_err(|e| CliError::input(path, format!("cannot read standard input: {e}")))?;
        return Ok(buffer);
    }
    std::fs::read(path).map_err(|e| CliError::input(path, format!("cannot read: {e}")))
}

/// Read a file and parse it as JSON, naming the line and column of a syntax error.
pub(crate) fn read_json(path: &Path) -> Result<serde_json::Value, CliError> {
    let bytes = read_input(path)?;
    serde_json::from_slice(&bytes).map_err(|e| CliError::input(path, format!("not valid JSON: {e}")))
}

/// Write `bytes` to `path` atomically: a temporary file in the same directory, synced, then
/// renamed over the target, so a reader sees the old file or the new one, never a torn one.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| CliError::Failure(format!("cannot write {}: {e}", path.display()));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    file.write_all(bytes).map_err(fail)?;
    file.as_file().sync_all().map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Print `text` to standard output followed by a newline.
#[allow(clippy::print_stdout)]
pub(crate) fn print_line(text: &str) {
    println!("{text}");
}
