//! `microcred schema | build | check`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::error::CliError;

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {}
/// Arguments of `build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// The issuance request (JSON), or `-` for standard input.
    pub(crate) request: PathBuf,
}
/// Arguments of `check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The credential (JSON-LD), or `-` for standard input.
    pub(crate) credential: PathBuf,
}

/// `microcred schema`.
pub(crate) fn schema(_args: &SchemaArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Usage("not available yet".into()))
}
/// `microcred build`.
pub(crate) fn build(_args: &BuildArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Usage("not available yet".into()))
}
/// `microcred check`.
pub(crate) fn check(_args: &CheckArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Usage("not available yet".into()))
}
