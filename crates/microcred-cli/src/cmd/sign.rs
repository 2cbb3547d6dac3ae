//! `microcred keygen | did-web | sign | verify`.

use std::process::ExitCode;

use clap::Args;

use crate::error::CliError;

/// Arguments of `keygen`.
#[derive(Debug, Args)]
pub(crate) struct KeygenArgs {}
/// Arguments of `did-web`.
#[derive(Debug, Args)]
pub(crate) struct DidWebArgs {}
/// Arguments of `sign`.
#[derive(Debug, Args)]
pub(crate) struct SignArgs {}
/// Arguments of `verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {}

fn unavailable() -> Result<ExitCode, CliError> {
    Err(CliError::Usage("signing: not available yet".into()))
}

/// `microcred keygen`.
pub(crate) fn keygen(_args: &KeygenArgs) -> Result<ExitCode, CliError> {
    unavailable()
}
/// `microcred did-web`.
pub(crate) fn did_web(_args: &DidWebArgs) -> Result<ExitCode, CliError> {
    unavailable()
}
/// `microcred sign`.
pub(crate) fn sign(_args: &SignArgs) -> Result<ExitCode, CliError> {
    unavailable()
}
/// `microcred verify`.
pub(crate) fn verify(_args: &VerifyArgs) -> Result<ExitCode, CliError> {
    unavailable()
}
