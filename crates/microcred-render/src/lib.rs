#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod content;
mod error;
mod extract;
mod fonts;
mod labels;
mod layout;
mod output;
mod svg;

use microcred_model::vocab::Language;
use microcred_model::{EuropeanDigitalCredential, LanguageTag, PageRenderer};
use serde_json::Value;

pub use crate::error::RenderError;
pub use crate::extract::extract_attached_credential;
pub use crate::svg::escape_markup;

/// The languages whose headings and field names are translated (ISO 639-1); the certificate's
/// own words fall back to English in other languages (its content is always the credential's).
pub const HEADING_LANGUAGES: &[&str] = labels::TRANSLATED;

/// The dots per inch of PNG pages unless set otherwise: 150 (1240 × 1754 pixels for A4).
pub const DEFAULT_DPI: u32 = 150;

/// The verification link drawn as the QR code: a URL template in which `{id}` stands for the
/// percent-encoded credential id, such as `https://credentials.vut.example/verify?id={id}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTemplate(String);

impl LinkTemplate {
    /// Check a template: an absolute `http`/`https` URL without white space.
    pub fn new(template: &str) -> Result<Self, RenderError> {
        let scheme_ok = template.starts_with("https://") || template.starts_with("http://");
        if !scheme_ok || template.chars().any(char::is_whitespace) || template.len() < 10 {
            return Err(RenderError::Option {
                option: "verification link",
                message: format!(
                    "`{template}` is not an http(s) URL template such as https://verify.example/?id={{id}}"
                ),
            });
        }
        Ok(LinkTemplate(template.to_owned()))
    }

    /// The template as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The link of the credential with id `id`.
    pub fn link(&self, id: &str) -> String {
        content::verification_link(Some(&self.0), id)
    }
}

/// How certificates are drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    link: Option<LinkTemplate>,
    dpi: u32,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            link: None,
            dpi: DEFAULT_DPI,
        }
    }
}

impl RenderOptions {
    /// Draw the QR code of this verification link. Without one, the QR code carries the
    /// credential id itself (which is a link when the id is an `https:` URL).
    pub fn verification_link(mut self, template: LinkTemplate) -> Self {
        self.link = Some(template);
        self
    }

    /// The resolution of PNG pages, 72 to 600 dots per inch.
    pub fn dpi(mut self, dpi: u32) -> Result<Self, RenderError> {
        if !(72..=600).contains(&dpi) {
            return Err(RenderError::Option {
                option: "dpi",
                message: format!("{dpi} is outside 72..=600"),
            });
        }
        self.dpi = dpi;
        Ok(self)
    }
}

/// Draws certificates of credentials. Cheap to create and to share between threads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renderer {
    options: RenderOptions,
}

/// A certificate laid out in one language: its pages, ready to be written as SVG, PNG or PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    pages: Vec<layout::Page>,
    language: String,
    title: String,
    link: String,
    created: Option<String>,
    dpi: u32,
}

impl Renderer {
    /// A renderer with the default options.
    pub fn new() -> Self {
        Renderer::default()
    }

    /// A renderer with `options`.
    pub fn with_options(options: RenderOptions) -> Self {
        Renderer { options }
    }

    /// Lay the certificate of `credential` out in `language` (texts the credential lacks in that
    /// language are drawn in English, else in the first language it has).
    pub fn certificate(
        &self,
        credential: &EuropeanDigitalCredential,
        language: &LanguageTag,
    ) -> Result<Certificate, RenderError> {
        let lang = language.primary();
        let content = content::content(credential, &lang, self.options.link.as_ref().map(LinkTemplate::as_str))?;
        let qr = qr_modules(&content.link)?;
        let pages = layout::layout(&content, &qr)?;
        Ok(Certificate {
            pages,
            title: content.title.text.clone(),
            language: lang,
            link: content.link,
            created: credential
                .issued
                .as_ref()
                .or(credential.issuance_date.as_ref())
                .and_then(microcred_model::XsdDateTime::instant)
                .map(|i| i.to_rfc3339()),
            dpi: self.options.dpi,
        })
    }

    /// The pages of the certificate as PNG images, page 1 first.
    pub fn png(
        &self,
        credential: &EuropeanDigitalCredential,
        language: &LanguageTag,
    ) -> Result<Vec<Vec<u8>>, RenderError> {
        self.certificate(credential, language)?.png_pages()
    }

    /// The certificate of a signed credential as a PDF/A-3b document with the credential file
    /// attached byte for byte, so that the PDF alone is enough to verify it.
    ///
    /// `signed` is the credential file as issued: JSON-LD with its proof, or a JAdES-sealed
    /// credential (a JWS JSON serialization whose `payload` is the credential).
    pub fn pdf(&self, signed: &[u8], language: &LanguageTag) -> Result<Vec<u8>, RenderError> {
        let value: Value = serde_json::from_slice(signed).map_err(|e| {
            RenderError::Credential(format!("not JSON at line {} column {}: {e}", e.line(), e.column()))
        })?;
        let (credential_value, sealed) = match value.get("payload").and_then(Value::as_str) {
            Some(payload) if value.get("signatures").is_some() => (
                serde_json::from_str(payload)
                    .map_err(|e| RenderError::Credential(format!("the JAdES payload is not JSON: {e}")))?,
                true,
            ),
            _ => (value, false),
        };
        let credential = EuropeanDigitalCredential::from_value(credential_value)
            .map_err(|e| RenderError::Credential(e.to_string()))?;
        let certificate = self.certificate(&credential, language)?;
        let (name, mime) = if sealed {
            ("credential.jades.json", "application/jose+json")
        } else {
            ("credential.jsonld", "application/ld+json")
        };
        certificate.pdf_with_attachment(signed, name, mime)
    }
}

impl Certificate {
    /// The number of pages.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The language drawn (primary subtag, such as `cs`).
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The link the QR code carries.
    pub fn verification_link(&self) -> &str {
        &self.link
    }

    /// Each page as an SVG document. The output is deterministic; text stays text (in DejaVu
    /// Sans, falling back to Verdana or the viewer's sans-serif font).
    pub fn svg_pages(&self) -> Vec<String> {
        self.pages.iter().map(|p| svg::page_svg(p, &self.language)).collect()
    }

    /// The pixel size of the PNG pages.
    pub fn png_size(&self) -> (u32, u32) {
        output::pixel_size(self.dpi)
    }

    /// Each page as a PNG image (for the EDC page images and verification pages).
    pub fn png_pages(&self) -> Result<Vec<Vec<u8>>, RenderError> {
        self.svg_pages()
            .iter()
            .enumerate()
            .map(|(i, svg)| output::png(svg, i + 1, self.dpi))
            .collect()
    }

    /// The certificate as a PDF/A-3b document without attachment.
    pub fn pdf(&self) -> Result<Vec<u8>, RenderError> {
        self.pdf_inner(None)
    }

    /// The certificate as a PDF/A-3b document with `file` attached as its source, under `name`
    /// with media type `mime` (for the signed credential: `credential.jsonld`,
    /// `application/ld+json`).
    pub fn pdf_with_attachment(&self, file: &[u8], name: &str, mime: &str) -> Result<Vec<u8>, RenderError> {
        self.pdf_inner(Some(&output::Attachment {
            name,
            mime,
            description: "The signed credential this certificate shows; verify it to check the certificate.",
            bytes: file,
        }))
    }

    fn pdf_inner(&self, attachment: Option<&output::Attachment<'_>>) -> Result<Vec<u8>, RenderError> {
        let info = output::PdfInfo {
            title: &self.title,
            language: &self.language,
            created: self.created.clone(),
        };
        output::pdf(&self.svg_pages(), &info, attachment)
    }
}

/// The QR code of `link` as a module matrix with a four-module quiet zone.
fn qr_modules(link: &str) -> Result<(usize, Vec<bool>), RenderError> {
    let code = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M).map_err(|e| {
        RenderError::QrCode {
            link: link.to_owned(),
            message: e.to_string(),
        }
    })?;
    let inner = code.width();
    let colors = code.to_colors();
    let width = inner + 8;
    let mut dark = vec![false; width * width];
    for (i, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            if let Some(cell) = dark.get_mut((i / inner + 4) * width + i % inner + 4) {
                *cell = true;
            }
        }
    }
    Ok((width, dark))
}

/// The languages a credential can be drawn in: those of `displayParameter.language` (the
/// primary language first), else those of the first achievement's title.
pub fn languages(credential: &EuropeanDigitalCredential) -> Vec<LanguageTag> {
    fn push(out: &mut Vec<LanguageTag>, tag: LanguageTag) {
        if !out.iter().any(|t| t.primary() == tag.primary()) {
            out.push(tag);
        }
    }
    let mut out: Vec<LanguageTag> = Vec::new();
    if let Some(display) = &credential.display_parameter {
        let concepts = display
            .primary_language
            .iter()
            .chain(display.language.iter().flat_map(|l| l.iter()));
        for concept in concepts {
            if let Some(tag) = Language::from_iri(&concept.id).and_then(|l| LanguageTag::new(l.code()).ok()) {
                push(&mut out, tag);
            }
        }
    }
    if out.is_empty() {
        let titles = credential.achievements().next().and_then(|a| a.title.as_ref());
        for tag in titles.iter().flat_map(|t| t.languages()) {
            push(&mut out, tag.clone());
        }
    }
    out
}

/// The builder's seam: `IssuanceRequest::build_with_renderer` calls this for the EDC page
/// images of each display language.
impl PageRenderer for Renderer {
    fn render_pages(
        &self,
        credential: &EuropeanDigitalCredential,
        language: &LanguageTag,
    ) -> Result<Vec<Vec<u8>>, Box<dyn std::error::Error + Send + Sync>> {
        Ok(self.png(credential, language)?)
    }
}
