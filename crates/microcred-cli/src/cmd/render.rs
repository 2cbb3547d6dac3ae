//! `microcred render`.

use std::process::ExitCode;

use clap::Args;

use crate::error::CliError;

/// Arguments of `render`.
#[derive(Debug, Args)]
pub(crate) struct RenderArgs {}

/// `microcred render`.
pub(crate) fn render(_args: &RenderArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Usage("render: not available yet".into()))
}
