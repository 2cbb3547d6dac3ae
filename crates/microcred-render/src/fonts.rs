//! The bundled fonts (DejaVu Sans, subset to Latin, Greek and Cyrillic) and text measurement.

use std::sync::{Arc, OnceLock};

/// DejaVu Sans (Bitstream Vera licence; see `fonts/README.md`).
pub(crate) const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub(crate) const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
/// The family name the SVG asks for, followed by fallbacks for viewers without it.
pub(crate) const FAMILY: &str = "DejaVu Sans";

struct Faces {
    regular: ttf_parser::Face<'static>,
    bold: ttf_parser::Face<'static>,
}

fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: ttf_parser::Face::parse(REGULAR, 0).ok()?,
                bold: ttf_parser::Face::parse(BOLD, 0).ok()?,
            })
        })
        .as_ref()
}

/// The font database usvg and krilla draw with: the bundled fonts only, never system fonts.
pub(crate) fn database() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Whether the bundled fonts can draw `c` (control characters are never drawn).
pub(crate) fn covers(c: char) -> bool {
    faces().is_some_and(|f| f.regular.glyph_index(c).is_some() && f.bold.glyph_index(c).is_some())
}

/// The advance width of `text` at `size` points, from the font's horizontal metrics (kerning,
/// which only narrows text, is ignored, so a measured line never ends up wider when drawn).
pub(crate) fn width(text: &str, size: f32, bold: bool) -> f32 {
    let Some(faces) = faces() else {
        // Unreachable with the bundled fonts; a generous estimate keeps lines inside the page.
        return text.chars().count() as f32 * size * 0.7;
    };
    let face = if bold { &faces.bold } else { &faces.regular };
    let units = f32::from(face.units_per_em().max(1));
    let advance: u32 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .or_else(|| face.glyph_index('\u{FFFD}'))
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(u32::from(face.units_per_em()), u32::from)
        })
        .sum();
    advance as f32 * size / units
}
