//! `microcred credits ...`: ECTS conversions, profiles and stacking.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{ArgGroup, Args, Subcommand};
use microcred_credits::{
    Credits, CreditsToHours, Excluded, Holding, Hours, HoursPerCredit, HoursToCredits, Profile, Rounding, RoundingMode,
    Stacking, Target, credits_to_hours, hours_to_credits, stack,
};
use microcred_model::{EuropeanDigitalCredential, XsdDateTime};
use serde_json::json;

use crate::cmd::model::read_credential_json;
use crate::error::{CliError, EXIT_NEGATIVE};
use crate::io::{print_line, read_input};

/// The `credits` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum CreditsCommand {
    /// Convert hours to credits or credits to hours, in exact decimals.
    Convert(ConvertArgs),
    /// Stack a learner's micro-credentials against a larger qualification.
    Stack(StackArgs),
    /// Print a credit profile as TOML (a built-in one, or a file after checking it).
    Profile(ProfileArgs),
}

/// Arguments of `credits convert`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("amount").required(true).args(["hours", "credits"])))]
pub(crate) struct ConvertArgs {
    /// Hours of notional workload to convert to credits (`60`, `37.5`).
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) hours: Option<String>,
    /// Credits to convert to hours (`5`, `2.5`).
    #[arg(long, allow_hyphen_values = true)]
    pub(crate) credits: Option<String>,
    /// The institution's hours per credit, inside the profile's band (ECTS: 25 to 30). Without
    /// it, both ends of the band are shown.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub(crate) hours_per_credit: Option<String>,
    /// The credit profile: `ects` (default), `cz`, or a TOML/JSON file.
    #[arg(long, value_name = "PROFILE", default_value = "ects")]
    pub(crate) profile: String,
    /// Round hours → credits to multiples of this (default: the profile's, 0.5 for ECTS).
    #[arg(long, value_name = "CREDITS")]
    pub(crate) step: Option<String>,
    /// How hours → credits rounds: `half-up`, `down` or `up` (default: the profile's).
    #[arg(long, value_name = "MODE")]
    pub(crate) rounding: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Arguments of `credits stack`.
#[derive(Debug, Args)]
pub(crate) struct StackArgs {
    /// The target (JSON): total credits, groups per field or outcome, minimum EQF level,
    /// maximum age, cap per provider.
    #[arg(long, value_name = "TARGET.json")]
    pub(crate) target: PathBuf,
    /// The reference time for the maximum age (`2026-09-01` or `2026-09-01T00:00:00Z`);
    /// default: now.
    #[arg(long, value_name = "DATE")]
    pub(crate) now: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub(crate) json: bool,
    /// The learner's credentials (JSON-LD, or EDC-sealed JAdES files).
    #[arg(required = true, value_name = "CREDENTIAL")]
    pub(crate) credentials: Vec<PathBuf>,
}

/// Arguments of `credits profile`.
#[derive(Debug, Args)]
pub(crate) struct ProfileArgs {
    /// `ects`, `cz`, or a TOML/JSON profile file to check.
    pub(crate) profile: String,
}

/// Run a `credits` subcommand.
pub(crate) fn run(command: CreditsCommand) -> Result<ExitCode, CliError> {
    match command {
        CreditsCommand::Convert(args) => convert(&args),
        CreditsCommand::Stack(args) => stack_command(&args),
        CreditsCommand::Profile(args) => profile(&args),
    }
}

/// A credit profile named on the command line: `ects`, `cz` (case-insensitive), or a TOML or
/// JSON file. For `microcred check --profile` as well.
pub(crate) fn load_profile(spec: &str) -> Result<Profile, CliError> {
    if microcred_credits::BUILTIN_PROFILES
        .iter()
        .any(|name| name.eq_ignore_ascii_case(spec))
    {
        return Profile::builtin(spec).map_err(|e| CliError::Usage(e.to_string()));
    }
    let path = Path::new(spec);
    if !path.exists() {
        return Err(CliError::Usage(format!(
            "`{spec}` is neither a built-in profile (`ects`, `cz`) nor a profile file"
        )));
    }
    let bytes = read_input(path)?;
    let text = String::from_utf8(bytes).map_err(|e| CliError::input(path, format!("not UTF-8 text: {e}")))?;
    let profile = match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => Profile::from_json_str(&text),
        Some(ext) if ext.eq_ignore_ascii_case("toml") => Profile::from_toml_str(&text),
        _ => Profile::from_str_auto(&text),
    };
    profile.map_err(|e| CliError::input(path, e))
}

fn usage(what: &str) -> impl FnOnce(microcred_credits::NumberError) -> CliError + '_ {
    move |e| CliError::Usage(format!("{what}: {e}"))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::Failure(e.to_string()))
}

/// `microcred credits convert`.
fn convert(args: &ConvertArgs) -> Result<ExitCode, CliError> {
    let profile = load_profile(&args.profile)?;
    let band = profile.hours_per_credit;
    let mut rounding = profile.rounding;
    if let Some(step) = &args.step {
        rounding =
            Rounding::new(Credits::parse(step).map_err(usage("--step"))?, rounding.mode).map_err(usage("--step"))?;
    }
    if let Some(mode) = &args.rounding {
        rounding.mode = mode.parse::<RoundingMode>().map_err(usage("--rounding"))?;
    }
    let rates: Vec<HoursPerCredit> = match &args.hours_per_credit {
        Some(text) => {
            let hours = Hours::parse(text).map_err(usage("--hours-per-credit"))?;
            vec![HoursPerCredit::in_band(hours, &band).map_err(usage("--hours-per-credit"))?]
        }
        // Both ends of the band: the fewest hours per credit first.
        None => {
            let low = HoursPerCredit::in_band(band.min, &band).map_err(usage("profile"))?;
            let high = HoursPerCredit::in_band(band.max, &band).map_err(usage("profile"))?;
            if low == high { vec![low] } else { vec![low, high] }
        }
    };
    match (&args.hours, &args.credits) {
        (Some(hours), None) => {
            let hours = Hours::parse(hours).map_err(usage("--hours"))?;
            let results: Vec<HoursToCredits> = rates
                .iter()
                .map(|rate| hours_to_credits(hours, *rate, rounding))
                .collect();
            if args.json {
                print_line(&to_json(
                    &json!({"profile": profile.name, "band": band, "conversions": results}),
                )?);
            } else {
                if let ([fewest_hours, most_hours], false) = (results.as_slice(), args.hours_per_credit.is_some()) {
                    print_line(&format!(
                        "{hours} h = {} to {} credits ({}: {band})",
                        most_hours.credits, fewest_hours.credits, profile.name
                    ));
                }
                for result in &results {
                    print_line(&result.to_string());
                }
            }
        }
        (None, Some(credits)) => {
            let credits = Credits::parse(credits).map_err(usage("--credits"))?;
            let results: Vec<CreditsToHours> = rates.iter().map(|rate| credits_to_hours(credits, *rate)).collect();
            if args.json {
                print_line(&to_json(
                    &json!({"profile": profile.name, "band": band, "conversions": results}),
                )?);
            } else {
                if let ([low, high], false) = (results.as_slice(), args.hours_per_credit.is_some()) {
                    print_line(&format!(
                        "{credits} credits = {} to {} h ({}: {band})",
                        low.hours, high.hours, profile.name
                    ));
                }
                for result in &results {
                    print_line(&result.to_string());
                }
            }
        }
        _ => return Err(CliError::Usage("give exactly one of --hours and --credits".into())),
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_now(text: &str) -> Result<DateTime<Utc>, CliError> {
    let bad = || {
        CliError::Usage(format!(
            "--now: `{text}` is not a date (`2026-09-01`) or an xsd:dateTime with a time zone (`2026-09-01T00:00:00Z`)"
        ))
    };
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return date.and_hms_opt(0, 0, 0).map(|d| d.and_utc()).ok_or_else(bad);
    }
    XsdDateTime::parse(text).ok().and_then(|d| d.instant()).ok_or_else(bad)
}

/// `microcred credits stack`.
fn stack_command(args: &StackArgs) -> Result<ExitCode, CliError> {
    let now = match &args.now {
        Some(text) => parse_now(text)?,
        None => Utc::now(),
    };
    let target_bytes = read_input(&args.target)?;
    let target_text =
        String::from_utf8(target_bytes).map_err(|e| CliError::input(&args.target, format!("not UTF-8 text: {e}")))?;
    let target = Target::from_json_str(&target_text).map_err(|e| CliError::input(&args.target, e))?;
    let mut holdings = Vec::new();
    let mut excluded = Vec::new();
    for path in &args.credentials {
        let value = read_credential_json(path)?;
        let credential = EuropeanDigitalCredential::from_value(value).map_err(|e| CliError::input(path, e))?;
        let fallback = path.display().to_string();
        match Holding::from_credential(&credential, target.framework(), &fallback) {
            Ok(holding) => holdings.push(holding),
            Err(reason) => excluded.push(Excluded {
                id: credential.id.clone().unwrap_or(fallback),
                reason,
            }),
        }
    }
    let mut result = stack(&holdings, &target, now);
    result.excluded.append(&mut excluded);
    result.excluded.sort_by(|a, b| a.id.cmp(&b.id));
    if args.json {
        let mut value = serde_json::to_value(&result).map_err(|e| CliError::Failure(e.to_string()))?;
        if let (Some(object), Some(title)) = (value.as_object_mut(), &target.title) {
            object.insert("target".into(), title.clone().into());
        }
        object_insert_now(&mut value, now);
        print_line(&to_json(&value)?);
    } else {
        print_stacking(&result, &target);
    }
    Ok(if result.met {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NEGATIVE)
    })
}

fn object_insert_now(value: &mut serde_json::Value, now: DateTime<Utc>) {
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "now".into(),
            now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).into(),
        );
    }
}

fn print_stacking(result: &Stacking, target: &Target) {
    let title = target.title.as_deref().unwrap_or("target");
    let proof = match (result.met, result.proven) {
        (true, true) => "; no fewer credentials would do",
        (true, false) => "; the search budget ran out, fewer credentials might do",
        (false, true) => "; no selection of the eligible credentials meets it",
        (false, false) => "; the search budget ran out before settling whether it can be met",
    };
    if result.met {
        print_line(&format!(
            "{title}: MET with {} credential(s), {} of {} credits{proof}",
            result.counted.len(),
            result.counted_credits,
            result.required
        ));
    } else {
        print_line(&format!(
            "{title}: NOT met, {} of {} credits, {} missing{proof}",
            result.counted_credits, result.required, result.missing_credits
        ));
    }
    for counted in &result.counted {
        let capped = if counted.counted < counted.credits {
            format!(" ({} counted: provider cap)", counted.counted)
        } else {
            String::new()
        };
        let group = counted.group.as_deref().map(|g| format!(" [{g}]")).unwrap_or_default();
        print_line(&format!(
            "  counts  {}: {} credits{capped}{group}, from {}",
            counted.id, counted.credits, counted.provider
        ));
    }
    for group in &result.groups {
        let state = if group.met {
            "met".to_owned()
        } else if group.missing.is_zero() {
            "needs at least one credential".to_owned()
        } else {
            format!("{} missing", group.missing)
        };
        print_line(&format!(
            "  group   {}: {} of {} credits, {state}",
            group.name, group.counted, group.required
        ));
    }
    for id in &result.unused {
        print_line(&format!("  unused  {id}"));
    }
    for excluded in &result.excluded {
        print_line(&format!("  excluded {}: {}", excluded.id, excluded.reason));
    }
}

/// `microcred credits profile`.
fn profile(args: &ProfileArgs) -> Result<ExitCode, CliError> {
    match Profile::builtin_toml(&args.profile) {
        Some(text) => print_line(text.trim_end()),
        None => print_line(load_profile(&args.profile)?.to_toml_string().trim_end()),
    }
    Ok(ExitCode::SUCCESS)
}
