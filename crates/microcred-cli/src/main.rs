//! `microcred`: build, check, sign, verify and revoke European micro-credentials.
//!
//! Exit codes (also in the README): 0 success, 1 a negative answer (non-conformant, invalid,
//! revoked...), 2 unreadable input or bad usage, 3 an I/O or internal failure.
#![forbid(unsafe_code)]

mod cmd;
mod error;
mod io;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Issue, verify and revoke European micro-credentials (ELM v3 / Europass EDC).
#[derive(Debug, Parser)]
#[command(name = "microcred", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the main job on embedded defaults: build, check (and, as capabilities land, sign,
    /// verify, revoke) bundled micro-credentials.
    Demo(cmd::demo::DemoArgs),
    /// Create a registry directory: institution configuration, signing key, SQLite registry.
    Init(cmd::office::InitArgs),
    /// Issue one credential, or a batch (CSV or JSON Lines), into the registry.
    Issue(cmd::office::IssueArgs),
    /// Revoke a credential (permanent).
    Revoke(cmd::office::StatusChangeArgs),
    /// Suspend a credential.
    Suspend(cmd::office::StatusChangeArgs),
    /// Lift a suspension.
    Reinstate(cmd::office::StatusChangeArgs),
    /// Issue a corrected credential that replaces (and revokes) an earlier one.
    Update(cmd::office::UpdateArgs),
    /// Write the signed status lists and the verification pages to a directory.
    Publish(cmd::office::PublishArgs),
    /// Verify the registry's hash-chained audit log.
    Audit(cmd::office::AuditArgs),
    /// Erase a learner's locally kept personal data; revocation keeps working.
    Erase(cmd::office::EraseArgs),
    /// Print the JSON Schema of the issuance request.
    Schema(cmd::model::SchemaArgs),
    /// Build an unsigned credential from an issuance request.
    Build(cmd::model::BuildArgs),
    /// Check a credential against the Council Recommendation's Annex I (and a credit profile).
    Check(cmd::model::CheckArgs),
    /// ECTS credit arithmetic and stacking.
    #[command(subcommand)]
    Credits(cmd::credits::CreditsCommand),
    /// Generate an Ed25519 key file and print its did:key.
    Keygen(cmd::sign::KeygenArgs),
    /// Print the did.json an institution publishes for did:web.
    DidWeb(cmd::sign::DidWebArgs),
    /// Add a Data Integrity proof to a credential.
    Sign(cmd::sign::SignArgs),
    /// Verify a credential's proof, issuer, validity window and status.
    Verify(cmd::sign::VerifyArgs),
    /// Draw a credential's human-readable certificate (SVG, PNG or PDF).
    Render(cmd::render::RenderArgs),
    /// Bitstring Status List credentials: create, change, inspect.
    #[command(subcommand)]
    Status(cmd::status::StatusCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => cmd::demo::demo(&args),
        Command::Init(args) => cmd::office::init(&args),
        Command::Issue(args) => cmd::office::issue(&args),
        Command::Revoke(args) => cmd::office::revoke(&args),
        Command::Suspend(args) => cmd::office::suspend(&args),
        Command::Reinstate(args) => cmd::office::reinstate(&args),
        Command::Update(args) => cmd::office::update(&args),
        Command::Publish(args) => cmd::office::publish(&args),
        Command::Audit(args) => cmd::office::audit(&args),
        Command::Erase(args) => cmd::office::erase(&args),
        Command::Schema(args) => cmd::model::schema(&args),
        Command::Build(args) => cmd::model::build(&args),
        Command::Check(args) => cmd::model::check(&args),
        Command::Credits(command) => cmd::credits::run(command),
        Command::Keygen(args) => cmd::sign::keygen(&args),
        Command::DidWeb(args) => cmd::sign::did_web(&args),
        Command::Sign(args) => cmd::sign::sign(&args),
        Command::Verify(args) => cmd::sign::verify(&args),
        Command::Render(args) => cmd::render::render(&args),
        Command::Status(command) => cmd::status::run(command),
    };
    match result {
        Ok(code) => code,
        Err(error) => error.report(),
    }
}
