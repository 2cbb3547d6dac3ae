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
/// The file gets the permissions of any new file (0666 minus the umask), not the temporary
/// file's 0600: these outputs (status lists, did.json, renderings) are meant to be shared.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| CliError::Failure(format!("cannot write {}: {e}", path.display()));
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir).map_err(fail)?;
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

/// Create `path` with mode 0600 (owner only), failing if it exists: for secret key files.
pub(crate) fn create_private_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::Usage(format!(
                "{} already exists; refusing to overwrite a key file",
                path.display()
            ))
        } else {
            CliError::Failure(format!("cannot create {}: {e}", path.display()))
        }
    })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| CliError::Failure(format!("cannot write {}: {e}", path.display())))
}
