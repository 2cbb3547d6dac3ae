//! Pages as SVG text: deterministic (same credential, same bytes), with text kept as text.

use std::fmt::Write as _;

use crate::fonts::FAMILY;
use crate::layout::{Item, PAGE_HEIGHT, PAGE_WIDTH, Page};

/// A number with at most two decimals, without trailing zeros.
fn num(value: f32) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

/// Escape text for XML or HTML, in element content and in attribute values quoted either way:
/// `& < > " '` become entity or character references. Shared with the facade's HTML pages.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

use escape_markup as escape;

/// The SVG document of one page; `lang` is its `xml:lang`.
pub(crate) fn page_svg(page: &Page, lang: &str) -> String {
    let mut svg = String::with_capacity(8192);
    let w = num(PAGE_WIDTH);
    let h = num(PAGE_HEIGHT);
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" xml:lang="{}">"#,
        escape(lang)
    );
    let _ = writeln!(svg, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##);
    let _ = writeln!(
        svg,
        r#"<g font-family="{FAMILY}, Verdana, sans-serif" font-kerning="none">"#
    );
    for item in &page.items {
        match item {
            Item::Text {
                x,
                y,
                size,
                bold,
                color,
                text,
                end,
            } => {
                let _ = writeln!(
                    svg,
                    r#"<text x="{}" y="{}" font-size="{}"{}{} fill="{color}">{}</text>"#,
                    num(*x),
                    num(*y),
                    num(*size),
                    if *bold { r#" font-weight="bold""# } else { "" },
                    if *end { r#" text-anchor="end""# } else { "" },
                    escape(text)
                );
            }
            Item::Rule { x1, x2, y, color } => {
                let _ = writeln!(
                    svg,
                    r#"<path d="M{} {}H{}" stroke="{color}" stroke-width="0.75"/>"#,
                    num(*x1),
                    num(*y),
                    num(*x2)
                );
            }
            Item::Qr {
                x,
                y,
                size,
                width,
                dark,
            } => {
                // One path of unit squares in module coordinates, scaled to `size`.
                let scale = size / (*width as f32).max(1.0);
                let mut d = String::new();
                for (i, _) in dark.iter().enumerate().filter(|(_, dark)| **dark) {
                    let _ = write!(d, "M{} {}h1v1h-1z", i % width, i / width);
                }
                let _ = writeln!(
                    svg,
                    r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff"/>"##,
                    num(*x),
                    num(*y),
                    num(*size),
                    num(*size)
                );
                let _ = writeln!(
                    svg,
                    r##"<path transform="translate({} {}) scale({})" d="{d}" fill="#000000" shape-rendering="crispEdges"/>"##,
                    num(*x),
                    num(*y),
                    scale
                );
            }
            Item::Image { x, y, w, h, logo } => {
                let _ = writeln!(
                    svg,
                    r#"<image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="xMidYMid meet" href="data:{};base64,{}"/>"#,
                    num(*x),
                    num(*y),
                    num(*w),
                    num(*h),
                    logo.mime,
                    logo.base64
                );
            }
        }
    }
    svg.push_str("</g>\n</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_escapes() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(escape(r#"R&D <"x'">"#), "R&amp;D &lt;&quot;x&#39;&quot;&gt;");
    }
}
