//! Page layout: the certificate's content flowed onto A4 pages of positioned text, rules, the
//! logo and the QR code. Text is wrapped by measuring glyph advances with the bundled font;
//! content that does not fit flows onto further pages, and nothing is ever clipped.

use crate::content::{Block, Content, Logo, Txt};
use crate::error::RenderError;
use crate::fonts;

/// Page width in points (A4).
pub(crate) const PAGE_WIDTH: f32 = 595.0;
/// Page height in points (A4).
pub(crate) const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const TOP: f32 = 40.0;
const BOTTOM: f32 = 30.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const LABEL_WIDTH: f32 = 150.0;
const QR_SIZE: f32 = 96.0;
const LINE: f32 = 1.3;

/// Colours.
pub(crate) const INK: &str = "#1a1a1a";
pub(crate) const MUTED: &str = "#555555";
pub(crate) const ACCENT: &str = "#003399";
pub(crate) const RULE: &str = "#b4bccc";

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// A line of text; `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: &'static str,
        text: String,
        /// Anchored at its end (right-aligned) rather than its start.
        end: bool,
    },
    /// A horizontal rule.
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        color: &'static str,
    },
    /// The QR code: `width` × `width` modules, dark where true, quiet zone included.
    Qr {
        x: f32,
        y: f32,
        size: f32,
        width: usize,
        dark: Vec<bool>,
    },
    /// An embedded raster image.
    Image { x: f32, y: f32, w: f32, h: f32, logo: Logo },
}

/// A laid-out page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub(crate) items: Vec<Item>,
}

/// A line of the flow: items with `y` relative to the line's top.
#[derive(Debug, Clone)]
struct Line {
    height: f32,
    gap: f32,
    keep_with_next: bool,
    items: Vec<Item>,
}

/// Break `text` into lines no wider than `max` points at `size`: at spaces where possible,
/// inside a word only when the word alone is wider than a line.
pub(crate) fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if fonts::width(&candidate, size, bold) <= max {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if fonts::width(word, size, bold) <= max {
            current = word.to_owned();
            continue;
        }
        // A word wider than the line (a long URL or identifier): break between characters.
        for c in word.chars() {
            let mut next = current.clone();
            next.push(c);
            if fonts::width(&next, size, bold) > max && !current.is_empty() {
                lines.push(std::mem::replace(&mut current, c.to_string()));
            } else {
                current = next;
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

fn text(x: f32, size: f32, bold: bool, color: &'static str, line: String) -> Item {
    Item::Text {
        x,
        y: size * 1.02,
        size,
        bold,
        color,
        text: line,
        end: false,
    }
}

/// A paragraph as flow lines at `x`, `width` wide.
#[allow(clippy::too_many_arguments)] // a text style is these five values; a struct would only rename them
fn paragraph(
    out: &mut Vec<Line>,
    content: &str,
    x: f32,
    width: f32,
    size: f32,
    bold: bool,
    color: &'static str,
    gap: f32,
) {
    for (i, line) in wrap(content, size, bold, width).into_iter().enumerate() {
        out.push(Line {
            height: size * LINE,
            gap: if i == 0 { gap } else { 0.0 },
            keep_with_next: false,
            items: vec![text(x, size, bold, color, line)],
        });
    }
}

fn rows(out: &mut Vec<Line>, rows: &[(String, Txt)]) {
    let value_x = MARGIN + LABEL_WIDTH + 6.0;
    let value_width = CONTENT_WIDTH - LABEL_WIDTH - 6.0;
    for (label, value) in rows {
        let labels = wrap(label, 8.5, false, LABEL_WIDTH - 8.0);
        let values = wrap(&value.text, 10.0, false, value_width);
        let count = labels.len().max(values.len());
        for i in 0..count {
            let mut items = Vec::new();
            if let Some(l) = labels.get(i) {
                let mut item = text(MARGIN, 8.5, false, MUTED, l.clone());
                if let Item::Text { y, .. } = &mut item {
                    *y = 10.0 * 1.02;
                }
                items.push(item);
            }
            if let Some(v) = values.get(i) {
                items.push(text(value_x, 10.0, false, INK, v.clone()));
            }
            out.push(Line {
                height: 10.0 * LINE,
                gap: if i == 0 { 2.5 } else { 0.0 },
                // The lines of one row stay on one page.
                keep_with_next: i + 1 < count,
                items,
            });
        }
    }
}

fn list(out: &mut Vec<Line>, entries: &[Txt]) {
    let indent = 24.0;
    for (n, entry) in entries.iter().enumerate() {
        let lines = wrap(&entry.text, 10.0, false, CONTENT_WIDTH - indent);
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let mut items = vec![text(MARGIN + indent, 10.0, false, INK, line)];
            if i == 0 {
                items.push(Item::Text {
                    x: MARGIN + indent - 6.0,
                    y: 10.0 * 1.02,
                    size: 10.0,
                    bold: false,
                    color: MUTED,
                    text: format!("{}.", n + 1),
                    end: true,
                });
            }
            out.push(Line {
                height: 10.0 * LINE,
                gap: if i == 0 { 3.0 } else { 0.0 },
                // The lines of one item stay on one page.
                keep_with_next: i + 1 < count,
                items,
            });
        }
    }
}

/// The flow of the certificate body, from the institution down to the last section.
fn flow(content: &Content) -> Vec<Line> {
    let mut out = Vec::new();
    // Institution, with the logo beside it.
    let logo_box = content.logo.as_ref().map(|logo| {
        let scale = (60.0 / logo.width as f32).min(60.0 / logo.height as f32);
        (logo.width as f32 * scale, logo.height as f32 * scale)
    });
    let text_x = MARGIN + logo_box.map_or(0.0, |(w, _)| w + 14.0);
    let text_width = CONTENT_WIDTH - (text_x - MARGIN);
    let start = out.len();
    paragraph(
        &mut out,
        &content.institution.text,
        text_x,
        text_width,
        14.0,
        true,
        INK,
        0.0,
    );
    for detail in &content.institution_details {
        paragraph(&mut out, &detail.text, text_x, text_width, 8.5, false, MUTED, 1.0);
    }
    let text_height: f32 = out.iter().skip(start).map(|l| l.height + l.gap).sum();
    if let (Some(logo), Some((w, h))) = (&content.logo, logo_box) {
        if let Some(first) = out.get_mut(start) {
            first.items.push(Item::Image {
                x: MARGIN,
                y: 0.0,
                w,
                h,
                logo: logo.clone(),
            });
        }
        if h > text_height {
            out.push(Line {
                height: h - text_height,
                gap: 0.0,
                keep_with_next: false,
                items: Vec::new(),
            });
        }
    }
    // Keep the whole header together with the rule below it.
    for line in out.iter_mut().skip(start) {
        line.keep_with_next = true;
    }
    out.push(Line {
        height: 1.0,
        gap: 10.0,
        keep_with_next: false,
        items: vec![Item::Rule {
            x1: MARGIN,
            x2: PAGE_WIDTH - MARGIN,
            y: 0.5,
            color: RULE,
        }],
    });
    let l = content.labels;
    paragraph(
        &mut out,
        l.micro_credential,
        MARGIN,
        CONTENT_WIDTH,
        9.5,
        true,
        MUTED,
        14.0,
    );
    paragraph(
        &mut out,
        &content.title.text,
        MARGIN,
        CONTENT_WIDTH,
        20.0,
        true,
        ACCENT,
        2.0,
    );
    paragraph(&mut out, l.awarded_to, MARGIN, CONTENT_WIDTH, 9.5, false, MUTED, 10.0);
    paragraph(
        &mut out,
        &content.learner.text,
        MARGIN,
        CONTENT_WIDTH,
        16.0,
        true,
        INK,
        1.0,
    );
    for detail in &content.learner_details {
        paragraph(&mut out, &detail.text, MARGIN, CONTENT_WIDTH, 9.0, false, MUTED, 1.0);
    }
    let mut first_block = true;
    for block in &content.blocks {
        match block {
            Block::Heading(heading) => {
                let before = out.len();
                paragraph(&mut out, heading, MARGIN, CONTENT_WIDTH, 12.0, true, ACCENT, 13.0);
                out.push(Line {
                    height: 4.0,
                    gap: 0.0,
                    keep_with_next: true,
                    items: vec![Item::Rule {
                        x1: MARGIN,
                        x2: PAGE_WIDTH - MARGIN,
                        y: 1.5,
                        color: RULE,
                    }],
                });
                for line in out.iter_mut().skip(before) {
                    line.keep_with_next = true;
                }
            }
            Block::SubHeading(title) => {
                let before = out.len();
                paragraph(&mut out, &title.text, MARGIN, CONTENT_WIDTH, 14.0, true, INK, 20.0);
                for line in out.iter_mut().skip(before) {
                    line.keep_with_next = true;
                }
            }
            Block::Rows(entries) => {
                let before = out.len();
                rows(&mut out, entries);
                if first_block {
                    if let Some(line) = out.get_mut(before) {
                        line.gap = 14.0;
                    }
                }
            }
            Block::List(entries) => list(&mut out, entries),
            Block::Paragraph(p) => paragraph(&mut out, &p.text, MARGIN, CONTENT_WIDTH, 10.0, false, INK, 8.0),
        }
        first_block = false;
    }
    out
}

/// The footer's text lines (without the page number) and its height.
fn footer_lines(content: &Content, text_width: f32) -> Vec<String> {
    let l = content.labels;
    let mut lines = wrap(&format!("{}: {}", l.verify, content.link), 7.5, false, text_width);
    if content.link != content.credential_id.text {
        lines.extend(wrap(
            &format!("{}: {}", l.credential_id, content.credential_id.text),
            7.5,
            false,
            text_width,
        ));
    }
    lines
}

fn page_label(content: &Content, n: usize, total: usize) -> String {
    content
        .labels
        .page
        .replace("{n}", &n.to_string())
        .replace("{total}", &total.to_string())
}

/// Lay `content` out on pages, with `qr` (module matrix and width) in every footer.
pub(crate) fn layout(content: &Content, qr: &(usize, Vec<bool>)) -> Result<Vec<Page>, RenderError> {
    check_characters(content)?;
    // The footer: QR code left, link and id beside it, page number right.
    let widest_label = page_label(content, 888, 888);
    let number_width = fonts::width(&widest_label, 8.0, false) + 12.0;
    let footer_text_x = MARGIN + QR_SIZE + 10.0;
    let footer_text_width = PAGE_WIDTH - MARGIN - footer_text_x - number_width;
    let footer_text = footer_lines(content, footer_text_width);
    let footer_text_height = footer_text.len() as f32 * 7.5 * LINE + 6.0;
    let footer_height = QR_SIZE.max(footer_text_height) + 10.0;
    let content_bottom = PAGE_HEIGHT - BOTTOM - footer_height;

    // Continuation pages start with a short header naming the institution and the title.
    let l = content.labels;
    let continued = format!(
        "{} · {} ({})",
        content.institution.text, content.title.text, l.continued
    );
    let continued_lines = wrap(&continued, 8.5, false, CONTENT_WIDTH);

    let lines = flow(content);
    let mut pages: Vec<Vec<Item>> = vec![Vec::new()];
    let mut y = TOP;
    let mut at_top = true;
    let mut index = 0;
    while let Some(line) = lines.get(index) {
        let gap = if at_top { 0.0 } else { line.gap };
        // A heading stays with what follows it: measure the run of kept lines plus one.
        let mut needed = gap + line.height;
        let mut k = index;
        while lines.get(k).is_some_and(|l| l.keep_with_next) {
            k += 1;
            if let Some(next) = lines.get(k) {
                needed += next.gap + next.height;
            }
        }
        // A run longer than a whole page cannot be kept together: it simply flows.
        let page_room = content_bottom - TOP - continued_lines.len() as f32 * 8.5 * LINE - 12.0;
        if needed > page_room {
            needed = gap + line.height;
        }
        if !at_top && y + needed > content_bottom {
            pages.push(Vec::new());
            y = TOP;
            if let Some(page) = pages.last_mut() {
                for text_line in &continued_lines {
                    page.push(Item::Text {
                        x: MARGIN,
                        y: y + 8.5 * 1.02,
                        size: 8.5,
                        bold: false,
                        color: MUTED,
                        text: text_line.clone(),
                        end: false,
                    });
                    y += 8.5 * LINE;
                }
                page.push(Item::Rule {
                    x1: MARGIN,
                    x2: PAGE_WIDTH - MARGIN,
                    y: y + 4.0,
                    color: RULE,
                });
            }
            y += 12.0;
            at_top = true;
            continue;
        }
        let top = y + gap;
        if let Some(page) = pages.last_mut() {
            page.extend(line.items.iter().cloned().map(|item| shift(item, top)));
        }
        y = top + line.height;
        at_top = false;
        index += 1;
    }

    let total = pages.len();
    let footer_top = PAGE_HEIGHT - BOTTOM - footer_height + 10.0;
    let (qr_width, dark) = qr;
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(i, mut items)| {
            items.push(Item::Rule {
                x1: MARGIN,
                x2: PAGE_WIDTH - MARGIN,
                y: footer_top - 4.0,
                color: RULE,
            });
            items.push(Item::Qr {
                x: MARGIN - QR_SIZE * 4.0 / (*qr_width as f32).max(1.0),
                y: footer_top,
                size: QR_SIZE,
                width: *qr_width,
                dark: dark.clone(),
            });
            let mut ty = footer_top + 6.0;
            for line in &footer_text {
                items.push(Item::Text {
                    x: footer_text_x,
                    y: ty + 7.5,
                    size: 7.5,
                    bold: false,
                    color: MUTED,
                    text: line.clone(),
                    end: false,
                });
                ty += 7.5 * LINE;
            }
            items.push(Item::Text {
                x: PAGE_WIDTH - MARGIN,
                y: footer_top + 6.0 + 8.0,
                size: 8.0,
                bold: false,
                color: MUTED,
                text: page_label(content, i + 1, total),
                end: true,
            });
            Page { items }
        })
        .collect())
}

fn shift(item: Item, top: f32) -> Item {
    match item {
        Item::Text {
            x,
            y,
            size,
            bold,
            color,
            text,
            end,
        } => Item::Text {
            x,
            y: y + top,
            size,
            bold,
            color,
            text,
            end,
        },
        Item::Rule { x1, x2, y, color } => Item::Rule {
            x1,
            x2,
            y: y + top,
            color,
        },
        Item::Qr {
            x,
            y,
            size,
            width,
            dark,
        } => Item::Qr {
            x,
            y: y + top,
            size,
            width,
            dark,
        },
        Item::Image { x, y, w, h, logo } => Item::Image {
            x,
            y: y + top,
            w,
            h,
            logo,
        },
    }
}

/// Every character of the credential's text must be drawable with the bundled fonts.
fn check_characters(content: &Content) -> Result<(), RenderError> {
    let mut texts: Vec<&Txt> = vec![
        &content.institution,
        &content.title,
        &content.learner,
        &content.credential_id,
    ];
    texts.extend(&content.institution_details);
    texts.extend(&content.learner_details);
    for block in &content.blocks {
        match block {
            Block::Heading(_) => {}
            Block::SubHeading(t) | Block::Paragraph(t) => texts.push(t),
            Block::Rows(rows) => texts.extend(rows.iter().map(|(_, v)| v)),
            Block::List(entries) => texts.extend(entries),
        }
    }
    for t in texts {
        if let Some(character) = t.text.chars().find(|&c| !fonts::covers(c)) {
            return Err(RenderError::UnsupportedCharacter {
                path: t.path.clone(),
                character,
                code: u32::from(character),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn credential_with_outcomes(outcomes: &[String]) -> microcred_model::EuropeanDigitalCredential {
        let mut request = microcred_model::IssuanceRequest::from_json_str(include_str!(
            "../tests/vectors/cs-blended-eqf7-bilingual.json"
        ))
        .unwrap();
        request.course.learning_outcomes = outcomes
            .iter()
            .map(|o| microcred_model::request::Text::Plain(o.clone()))
            .collect();
        request.display = Some(microcred_model::request::DisplayData {
            pages: vec![microcred_model::request::PageImage {
                language: None,
                page: 1,
                image: microcred_model::request::ImageData {
                    content_type: microcred_model::request::ImageType::Png,
                    content: "iVBORw0KGgo=".into(),
                },
            }],
        });
        let context = microcred_model::request::BuildContext::new(
            "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
            microcred_model::XsdDateTime::parse("2026-06-30T12:00:00Z").unwrap(),
        );
        request.build(microcred_model::Envelope::Edc, &context).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn wrapped_lines_fit_and_keep_every_character(
            words in proptest::collection::vec("[a-zA-Z0-9čěšřžýáíéůúőűłąęΑ-Ωα-ω:/._-]{1,60}", 0..40),
            width in 30.0f32..500.0,
        ) {
            let text = words.join(" ");
            let lines = wrap(&text, 10.0, false, width);
            for line in &lines {
                prop_assert!(fonts::width(line, 10.0, false) <= width || line.chars().count() == 1, "{line}");
            }
            prop_assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        }

        #[test]
        fn every_item_stays_inside_its_page(
            outcomes in proptest::collection::vec("[a-zA-Zčěšřžýáí ]{1,400}", 1..30),
        ) {
            let outcomes: Vec<String> = outcomes.into_iter().filter(|o| !o.trim().is_empty()).collect();
            prop_assume!(!outcomes.is_empty());
            let credential = credential_with_outcomes(&outcomes);
            let content = crate::content::content(&credential, "cs", None).unwrap();
            let qr = crate::qr_modules(&content.link).unwrap();
            let pages = layout(&content, &qr).unwrap();
            for page in &pages {
                for item in &page.items {
                    if let Item::Text { x, y, size, bold, text, end, .. } = item {
                        let w = fonts::width(text, *size, *bold);
                        let (left, right) = if *end { (x - w, *x) } else { (*x, x + w) };
                        prop_assert!(left >= MARGIN - 0.01 && right <= PAGE_WIDTH - MARGIN + 0.01, "{text}: {left}..{right}");
                        prop_assert!(*y > TOP && *y < PAGE_HEIGHT - BOTTOM, "{text} at {y}");
                    }
                }
            }
            // Every outcome's words are on some page, in body text.
            let body: String = pages
                .iter()
                .flat_map(|p| p.items.iter())
                .filter_map(|i| match i {
                    Item::Text { text, size, end: false, .. } if *size == 10.0 => Some(text.as_str()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .concat()
                .replace(' ', "");
            for outcome in &outcomes {
                prop_assert!(body.contains(&outcome.replace(' ', "")), "{outcome}");
            }
        }
    }

    #[test]
    fn wrapping_measures_and_never_exceeds_the_width() {
        let text = "Posoudí environmentální rizika průmyslového provozu a navrhne opatření";
        let lines = wrap(text, 10.0, false, 120.0);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(fonts::width(line, 10.0, false) <= 120.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
        // A word longer than the line is broken between characters, losing nothing.
        let url = "https://verify.example/credentials/urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e";
        let lines = wrap(url, 10.0, false, 100.0);
        assert!(lines.len() > 2);
        assert_eq!(lines.concat(), url);
        assert_eq!(wrap("", 10.0, false, 100.0), vec![String::new()]);
    }
}
