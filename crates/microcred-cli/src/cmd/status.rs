//! `microcred status ...`: Bitstring Status List credentials.

use std::process::ExitCode;

use clap::Subcommand;

use crate::error::CliError;

/// The `status` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum StatusCommand {
    /// Print the length and set indices of a status list.
    Inspect,
}

/// Run a `status` subcommand.
pub(crate) fn run(command: StatusCommand) -> Result<ExitCode, CliError> {
    match command {
        StatusCommand::Inspect => Err(CliError::Usage("status: not available yet".into())),
    }
}
