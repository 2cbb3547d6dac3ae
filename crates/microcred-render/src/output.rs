//! Converting laid-out pages: SVG text to PNG (resvg) and to PDF (krilla, PDF/A-3b with the
//! signed credential attached).

use std::sync::Arc;

use krilla::configure::{Configuration, Validator};
use krilla::embed::{AssociationKind, EmbeddedFile};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt as _, SvgSettings};
use resvg::{tiny_skia, usvg};

use crate::error::RenderError;
use crate::fonts;
use crate::layout::{PAGE_HEIGHT, PAGE_WIDTH};

/// Parse one page's SVG with the bundled fonts only; external files are never read.
pub(crate) fn tree(svg: &str, page: usize, format: &'static str) -> Result<usvg::Tree, RenderError> {
    let options = usvg::Options {
        font_family: fonts::FAMILY.to_owned(),
        fontdb: fonts::database(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| RenderError::Convert {
        page,
        format,
        message: e.to_string(),
    })
}

/// The pixel size of a page at `dpi`.
pub(crate) fn pixel_size(dpi: u32) -> (u32, u32) {
    let px = |pt: f32| (pt * dpi as f32 / 72.0).round() as u32;
    (px(PAGE_WIDTH), px(PAGE_HEIGHT))
}

/// One page as PNG at `dpi`.
pub(crate) fn png(svg: &str, page: usize, dpi: u32) -> Result<Vec<u8>, RenderError> {
    let fail = |message: String| RenderError::Convert {
        page,
        format: "PNG",
        message,
    };
    let tree = tree(svg, page, "PNG")?;
    let (width, height) = pixel_size(dpi);
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or_else(|| fail(format!("no {width}x{height} canvas")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    encode_png(&pixmap, dpi).map_err(fail)
}

/// Encode an opaque pixmap as PNG: indexed with an exact palette when it has at most 256
/// colours (text pages have fewer than 100), else RGB. Lossless either way; the physical size
/// (`pHYs`) records the resolution.
fn encode_png(pixmap: &tiny_skia::Pixmap, dpi: u32) -> Result<Vec<u8>, String> {
    use std::collections::HashMap;
    // The pixmap is opaque (filled white first), so premultiplied RGBA equals plain RGBA.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| p.iter().take(3).copied())
        .collect();
    let mut palette: HashMap<[u8; 3], u8> = HashMap::new();
    let mut order: Vec<[u8; 3]> = Vec::new();
    let mut indexed = Vec::with_capacity(rgb.len() / 3);
    for p in rgb.chunks_exact(3) {
        let color = [
            p.first().copied().unwrap_or(255),
            p.get(1).copied().unwrap_or(255),
            p.get(2).copied().unwrap_or(255),
        ];
        let next = order.len();
        let index = match palette.get(&color) {
            Some(i) => *i,
            None if next < 256 => {
                let i = u8::try_from(next).map_err(|e| e.to_string())?;
                palette.insert(color, i);
                order.push(color);
                i
            }
            None => {
                order.clear();
                break;
            }
        };
        indexed.push(index);
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Default);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let data = if order.is_empty() {
            encoder.set_color(png::ColorType::Rgb);
            &rgb
        } else {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(order.iter().flatten().copied().collect::<Vec<u8>>());
            &indexed
        };
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(data).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// What the PDF's metadata says.
pub(crate) struct PdfInfo<'a> {
    pub(crate) title: &'a str,
    pub(crate) language: &'a str,
    /// RFC 3339 instant of issue, used as the creation date so the same credential always gives
    /// the same PDF.
    pub(crate) created: Option<String>,
}

/// An attachment of the PDF.
pub(crate) struct Attachment<'a> {
    pub(crate) name: &'a str,
    pub(crate) mime: &'a str,
    pub(crate) description: &'a str,
    pub(crate) bytes: &'a [u8],
}

fn pdf_date(rfc3339: &str) -> Option<DateTime> {
    let n = |range: std::ops::Range<usize>| rfc3339.get(range).and_then(|s| s.parse::<u8>().ok());
    let year = rfc3339.get(0..4)?.parse::<u16>().ok()?;
    Some(
        DateTime::new(year)
            .month(n(5..7)?)
            .day(n(8..10)?)
            .hour(n(11..13)?)
            .minute(n(14..16)?)
            .second(n(17..19)?)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

/// All pages as one PDF/A-3b document with `attachment` embedded (associated with the document
/// as its source).
pub(crate) fn pdf(
    svgs: &[String],
    info: &PdfInfo<'_>,
    attachment: Option<&Attachment<'_>>,
) -> Result<Vec<u8>, RenderError> {
    let settings = SerializeSettings {
        configuration: Configuration::new_with_validator(Validator::A3_B),
        compress_content_streams: true,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut metadata = Metadata::new()
        .title(info.title.to_owned())
        .language(info.language.to_owned())
        .creator(format!("microcred-render {}", env!("CARGO_PKG_VERSION")))
        .producer("krilla".to_owned());
    // PDF/A needs a date on a document with attachments; the epoch stands in when the
    // credential has none.
    let created = info
        .created
        .as_deref()
        .and_then(pdf_date)
        .unwrap_or_else(|| DateTime::new(1970).month(1).day(1));
    metadata = metadata.creation_date(created);
    document.set_metadata(metadata);
    for (index, svg) in svgs.iter().enumerate() {
        let tree = tree(svg, index + 1, "PDF")?;
        let mut page = document.start_page_with(PageSettings::new(PAGE_WIDTH, PAGE_HEIGHT));
        let mut surface = page.surface();
        let size = krilla::geom::Size::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(RenderError::Convert {
            page: index + 1,
            format: "PDF",
            message: "bad page size".into(),
        })?;
        surface
            .draw_svg(&tree, size, SvgSettings::default())
            .ok_or(RenderError::Convert {
                page: index + 1,
                format: "PDF",
                message: "the page could not be drawn".into(),
            })?;
        surface.finish();
        page.finish();
    }
    if let Some(file) = attachment {
        document
            .embed_file(EmbeddedFile {
                path: file.name.to_owned(),
                mime_type: Some(file.mime.to_owned()),
                description: Some(file.description.to_owned()),
                association_kind: AssociationKind::Source,
                data: Arc::new(file.bytes.to_vec()).into(),
                compress: true,
                location: None,
            })
            .ok_or(RenderError::Convert {
                page: 0,
                format: "PDF",
                message: format!("the attachment `{}` could not be embedded", file.name),
            })?;
    }
    document.finish().map_err(|e| RenderError::Convert {
        page: 0,
        format: "PDF",
        message: format!("{e:?}"),
    })
}
