//! `microcred demo`: the main job on embedded defaults, with nothing to set up.

use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use microcred_model::request::BuildContext;
use microcred_model::{Envelope, EuropeanDigitalCredential, IssuanceRequest, XsdDateTime, annex1};

use crate::error::{CliError, EXIT_NEGATIVE};
use crate::io::print_line;

/// The bundled example requests: six micro-credentials in six languages.
const REQUESTS: &[(&str, &str)] = &[
    (
        "en-online-eqf6-graded",
        include_str!("../../../../examples/requests/en-online-eqf6-graded.json"),
    ),
    (
        "cs-blended-eqf7-bilingual",
        include_str!("../../../../examples/requests/cs-blended-eqf7-bilingual.json"),
    ),
    (
        "de-presential-no-eqf",
        include_str!("../../../../examples/requests/de-presential-no-eqf.json"),
    ),
    (
        "pl-online-quiz-stackable",
        include_str!("../../../../examples/requests/pl-online-quiz-stackable.json"),
    ),
    (
        "hu-blended-partial-qualification",
        include_str!("../../../../examples/requests/hu-blended-partial-qualification.json"),
    ),
    (
        "el-workbased-portfolio",
        include_str!("../../../../examples/requests/el-workbased-portfolio.json"),
    ),
];

/// Arguments of `demo`.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {}

/// `microcred demo`: build each bundled request into an EDC credential, parse it back, and check
/// it against Annex I of the Council Recommendation.
pub(crate) fn demo(_args: &DemoArgs) -> Result<ExitCode, CliError> {
    let started = Instant::now();
    let issued = XsdDateTime::from_utc(chrono::Utc::now());
    let mut conformant = 0usize;
    for (index, (name, json)) in REQUESTS.iter().enumerate() {
        let request = IssuanceRequest::from_json_str(json)
            .map_err(|e| CliError::Failure(format!("bundled request {name}: {e}")))?;
        let id = format!("urn:uuid:{}", uuid::Uuid::new_v4());
        let credential = request
            .build(Envelope::Edc, &BuildContext::new(id, issued.clone()))
            .map_err(|e| CliError::Failure(format!("bundled request {name}: {e}")))?;
        let value = credential.to_value();
        let reparsed = EuropeanDigitalCredential::from_value(value.clone())
            .map_err(|e| CliError::Failure(format!("{name}: {e}")))?;
        if reparsed.to_value() != value {
            return Err(CliError::Failure(format!("{name}: the credential does not round-trip")));
        }
        let report = annex1::check(&value);
        if report.conformant() {
            conformant += 1;
        }
        let title = reparsed
            .achievements()
            .next()
            .and_then(|a| a.title.as_ref())
            .and_then(|t| t.best(request.language.as_deref().unwrap_or("en")))
            .unwrap_or("?")
            .to_owned();
        print_line(&format!(
            "{:>2}. {name:<34} {:>6} bytes  Annex I {}  «{title}»",
            index + 1,
            credential.to_json_pretty().len(),
            if report.conformant() {
                "conformant"
            } else {
                "NOT conformant"
            }
        ));
    }
    print_line(&format!(
        "demo: built {} micro-credentials, {conformant} conformant to Annex I, in {:.1} ms",
        REQUESTS.len(),
        started.elapsed().as_secs_f64() * 1000.0
    ));
    Ok(if conformant == REQUESTS.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NEGATIVE)
    })
}
