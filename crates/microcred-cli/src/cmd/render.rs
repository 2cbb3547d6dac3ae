//! `microcred render`: draw a credential's human-readable certificate as SVG, PNG or PDF.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use microcred_model::{EuropeanDigitalCredential, LanguageTag};
use microcred_render::{LinkTemplate, RenderError, RenderOptions, Renderer, languages};

use crate::error::CliError;
use crate::io::{print_line, read_input, write_atomic};

/// The output format of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// One SVG document per page.
    Svg,
    /// One PNG image per page.
    Png,
    /// One PDF/A-3b document with the credential file attached.
    Pdf,
}

/// Arguments of `render`.
#[derive(Debug, Args)]
pub(crate) struct RenderArgs {
    /// The credential: JSON-LD (signed or not) or a JAdES-sealed file, or `-` for standard
    /// input. The PDF attaches this file byte for byte.
    pub(crate) credential: PathBuf,
    /// The output format.
    #[arg(long, value_enum)]
    pub(crate) format: FormatArg,
    /// The output file. SVG and PNG certificates of several pages write page 1 to FILE and
    /// page n to FILE with `-n` before the extension (cert.png, cert-2.png, cert-3.png...).
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// The language to draw (BCP 47, such as `cs`); default: the credential's primary display
    /// language.
    #[arg(long)]
    pub(crate) lang: Option<String>,
    /// The verification link for the QR code, with `{id}` for the credential id, such as
    /// `https://credentials.example.edu/verify?id={id}`; default: the credential id itself.
    #[arg(long)]
    pub(crate) verify_url: Option<String>,
    /// The resolution of PNG pages (72 to 600 dots per inch).
    #[arg(long, default_value_t = microcred_render::DEFAULT_DPI)]
    pub(crate) dpi: u32,
}

/// The file of page `n` (from 1): `cert.png`, `cert-2.png`...
pub(crate) fn page_path(out: &Path, n: usize) -> PathBuf {
    if n <= 1 {
        return out.to_path_buf();
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match out.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    };
    out.with_file_name(name)
}

/// The credential inside `bytes`: plain JSON-LD, or the payload of a JAdES JWS JSON document.
fn parse_credential(path: &Path, bytes: &[u8]) -> Result<EuropeanDigitalCredential, CliError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| CliError::input(path, format!("not valid JSON: {e}")))?;
    let value = match value.get("payload").and_then(serde_json::Value::as_str) {
        Some(payload) if value.get("signatures").is_some() => serde_json::from_str(payload)
            .map_err(|e| CliError::input(path, format!("the JAdES payload is not valid JSON: {e}")))?,
        _ => value,
    };
    EuropeanDigitalCredential::from_value(value).map_err(|e| CliError::input(path, e))
}

fn render_error(path: &Path, error: RenderError) -> CliError {
    match error {
        RenderError::Convert { .. } => CliError::Failure(error.to_string()),
        other => CliError::input(path, other),
    }
}

/// `microcred render`.
pub(crate) fn render(args: &RenderArgs) -> Result<ExitCode, CliError> {
    let mut options = RenderOptions::default()
        .dpi(args.dpi)
        .map_err(|e| CliError::Usage(format!("--dpi: {e}")))?;
    if let Some(template) = &args.verify_url {
        let template = LinkTemplate::new(template).map_err(|e| CliError::Usage(format!("--verify-url: {e}")))?;
        options = options.verification_link(template);
    }
    let renderer = Renderer::with_options(options);
    let bytes = read_input(&args.credential)?;
    let credential = parse_credential(&args.credential, &bytes)?;
    let language = match &args.lang {
        Some(lang) => LanguageTag::new(lang).map_err(|e| CliError::Usage(format!("--lang: {e}")))?,
        None => match languages(&credential).into_iter().next() {
            Some(tag) => tag,
            None => LanguageTag::new("en").map_err(|e| CliError::Failure(e.to_string()))?,
        },
    };
    let written: Vec<PathBuf> = match args.format {
        FormatArg::Pdf => {
            let pdf = renderer
                .pdf(&bytes, &language)
                .map_err(|e| render_error(&args.credential, e))?;
            write_atomic(&args.out, &pdf)?;
            vec![args.out.clone()]
        }
        FormatArg::Svg | FormatArg::Png => {
            let certificate = renderer
                .certificate(&credential, &language)
                .map_err(|e| render_error(&args.credential, e))?;
            let pages: Vec<Vec<u8>> = if args.format == FormatArg::Svg {
                certificate.svg_pages().into_iter().map(String::into_bytes).collect()
            } else {
                certificate.png_pages().map_err(|e| render_error(&args.credential, e))?
            };
            let mut written = Vec::new();
            for (i, page) in pages.iter().enumerate() {
                let path = page_path(&args.out, i + 1);
                write_atomic(&path, page)?;
                written.push(path);
            }
            written
        }
    };
    for path in &written {
        print_line(&path.display().to_string());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_files_are_numbered_before_the_extension() {
        assert_eq!(page_path(Path::new("out/cert.png"), 1), PathBuf::from("out/cert.png"));
        assert_eq!(page_path(Path::new("out/cert.png"), 2), PathBuf::from("out/cert-2.png"));
        assert_eq!(page_path(Path::new("cert"), 3), PathBuf::from("cert-3"));
    }
}
