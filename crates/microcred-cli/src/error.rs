//! The CLI's error type: what went wrong, where, and which exit code it maps to.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code for a negative answer: non-conformant, invalid, revoked.
pub(crate) const EXIT_NEGATIVE: u8 = 1;
/// Exit code for unreadable input or bad usage.
pub(crate) const EXIT_INPUT: u8 = 2;
/// Exit code for an I/O or internal failure.
pub(crate) const EXIT_FAILURE: u8 = 3;

/// A failure of one command, printed to stderr.
#[derive(Debug)]
pub(crate) enum CliError {
    /// Input that could not be read or understood; `path` names the file (or `-`).
    Input {
        /// The file the input came from.
        path: PathBuf,
        /// What was wrong, and where inside the file.
        message: String,
    },
    /// Bad usage: arguments that do not fit together.
    Usage(String),
    /// Writing output or another operation failed.
    Failure(String),
}

impl CliError {
    /// An input error for `path` with a message that says what and where.
    pub(crate) fn input(path: &Path, message: impl fmt::Display) -> Self {
        CliError::Input {
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }

    fn exit_code(&self) -> u8 {
        match self {
            CliError::Input { .. } | CliError::Usage(_) => EXIT_INPUT,
            CliError::Failure(_) => EXIT_FAILURE,
        }
    }

    /// Print the error to stderr and turn it into the process exit code.
    #[allow(clippy::print_stderr)]
    pub(crate) fn report(&self) -> ExitCode {
        eprintln!("microcred: {self}");
        ExitCode::from(self.exit_code())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input { path, message } => write!(f, "{}: {message}", path.display()),
            CliError::Usage(message) => write!(f, "usage: {message}"),
            CliError::Failure(message) => f.write_str(message),
        }
    }
}
