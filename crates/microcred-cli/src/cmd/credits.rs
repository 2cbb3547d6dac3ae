//! `microcred credits ...`: ECTS conversions and stacking.

use std::process::ExitCode;

use clap::Subcommand;

use crate::error::CliError;

/// The `credits` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum CreditsCommand {
    /// Convert hours to credits or credits to hours.
    Convert,
}

/// Run a `credits` subcommand.
pub(crate) fn run(command: CreditsCommand) -> Result<ExitCode, CliError> {
    match command {
        CreditsCommand::Convert => Err(CliError::Usage("credits: not available yet".into())),
    }
}
