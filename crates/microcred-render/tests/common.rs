//! Fixtures shared by the test modules.

use std::path::PathBuf;

use base64::Engine as _;
use microcred_model::request::{BuildContext, ImageData, ImageType};
use microcred_model::{Envelope, EuropeanDigitalCredential, IssuanceRequest, LanguageTag, XsdDateTime};

/// The id every test credential gets.
pub const ID: &str = "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e";
/// The verification link template of the tests.
pub const LINK: &str = "https://credentials.example.edu/verify?id={id}";

/// A file under `tests/vectors/`.
pub fn vector(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(name)
}

/// A request of `tests/vectors/`, without page images.
pub fn request(name: &str) -> IssuanceRequest {
    let json = std::fs::read_to_string(vector(&format!("{name}.json"))).unwrap();
    let mut request = IssuanceRequest::from_json_str(&json).unwrap();
    request.display = None;
    request
}

/// A build context with a fixed id and time, so outputs are stable.
pub fn context() -> BuildContext {
    BuildContext::new(ID, XsdDateTime::parse("2026-06-30T12:00:00Z").unwrap())
}

/// A small PNG logo, drawn with resvg.
pub fn logo_png() -> Vec<u8> {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120">
        <rect width="120" height="120" rx="18" fill="#003399"/>
        <circle cx="60" cy="60" r="34" fill="none" stroke="#ffcc00" stroke-width="10"/>
        <rect x="54" y="20" width="12" height="80" fill="#ffffff"/></svg>"##;
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).unwrap();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(120, 120).unwrap();
    resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().unwrap()
}

/// The request with the test logo on the issuer.
pub fn with_logo(mut request: IssuanceRequest) -> IssuanceRequest {
    request.issuer.logo = Some(ImageData {
        content_type: ImageType::Png,
        content: base64::engine::general_purpose::STANDARD.encode(logo_png()),
    });
    request
}

/// A credential built from a request of `tests/vectors/` (without page images: the model
/// requires them, so a one-pixel placeholder stands in).
pub fn credential(name: &str) -> EuropeanDigitalCredential {
    build(&request(name))
}

/// Build `request` with placeholder page images.
pub fn build(request: &IssuanceRequest) -> EuropeanDigitalCredential {
    let mut request = request.clone();
    request.display = Some(microcred_model::request::DisplayData {
        pages: vec![microcred_model::request::PageImage {
            language: None,
            page: 1,
            image: ImageData {
                content_type: ImageType::Png,
                content: base64::engine::general_purpose::STANDARD.encode(logo_png()),
            },
        }],
    });
    request.build(Envelope::Edc, &context()).unwrap()
}

/// A language tag.
pub fn tag(tag: &str) -> LanguageTag {
    LanguageTag::new(tag).unwrap()
}

/// Decode a PNG into (width, height, RGBA pixels).
pub fn decode_png(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).unwrap();
    (pixmap.width(), pixmap.height(), pixmap.data().to_vec())
}

/// The texts of the QR codes found in a PNG page.
pub fn qr_texts(png: &[u8]) -> Vec<String> {
    let (width, height, rgba) = decode_png(png);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width as usize, height as usize, |x, y| {
        let i = (y * width as usize + x) * 4;
        ((u16::from(rgba[i]) + u16::from(rgba[i + 1]) + u16::from(rgba[i + 2])) / 3) as u8
    });
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}
