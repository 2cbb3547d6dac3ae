//! Reading the attached credential back out of a certificate PDF.
//!
//! A small, defensive reader of the PDF object syntax: it walks the file's top-level objects,
//! finds the embedded-file streams (`/Type /EmbeddedFile`, which a PDF can never hide inside an
//! object stream), inflates them and keeps those that are credentials. It needs no cross-
//! reference table, so it also reads PDFs with a damaged one, and it never panics: every
//! failure is a [`RenderError`] with the byte offset where it happened.

use std::collections::HashMap;

use serde_json::Value;

use crate::error::RenderError;

/// The largest attachment inflated (a guard against compression bombs).
const MAX_ATTACHMENT: usize = 32 * 1024 * 1024;
/// The deepest nesting of arrays and dictionaries parsed.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
enum Obj {
    Null,
    Bool,
    Number(f64),
    Name(Vec<u8>),
    Str,
    Array(Vec<Obj>),
    Dict(Vec<(Vec<u8>, Obj)>),
    Ref(u32),
}

impl Obj {
    fn get(&self, key: &[u8]) -> Option<&Obj> {
        match self {
            Obj::Dict(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn is_name(&self, name: &[u8]) -> bool {
        matches!(self, Obj::Name(n) if n == name)
    }
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

struct Parser<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn malformed(&self, message: impl Into<String>) -> RenderError {
        RenderError::MalformedPdf {
            offset: self.pos,
            message: message.into(),
        }
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(b) = self.peek() {
                    if b == b'\n' || b == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn starts_with(&self, token: &[u8]) -> bool {
        self.data.get(self.pos..).is_some_and(|rest| rest.starts_with(token))
    }

    fn regular(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default()
    }

    fn name(&mut self) -> Vec<u8> {
        self.pos += 1; // '/'
        let raw = self.regular();
        // Decode #xx escapes.
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while let Some(&b) = raw.get(i) {
            if b == b'#' {
                let hex = raw.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
            out.push(b);
            i += 1;
        }
        out
    }

    fn literal_string(&mut self) -> Result<(), RenderError> {
        let start = self.pos;
        self.pos += 1;
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        self.pos = start;
        Err(self.malformed("unterminated string"))
    }

    fn value(&mut self, depth: usize) -> Result<Obj, RenderError> {
        if depth > MAX_DEPTH {
            return Err(self.malformed("objects nested too deeply"));
        }
        self.skip_space();
        let Some(b) = self.peek() else {
            return Err(self.malformed("unexpected end of file"));
        };
        match b {
            b'/' => Ok(Obj::Name(self.name())),
            b'(' => self.literal_string().map(|()| Obj::Str),
            b'<' if self.starts_with(b"<<") => {
                self.pos += 2;
                let mut entries = Vec::new();
                loop {
                    self.skip_space();
                    if self.starts_with(b">>") {
                        self.pos += 2;
                        return Ok(Obj::Dict(entries));
                    }
                    if self.peek() != Some(b'/') {
                        return Err(self.malformed("expected a name as dictionary key"));
                    }
                    let key = self.name();
                    let value = self.value(depth + 1)?;
                    entries.push((key, value));
                }
            }
            b'<' => {
                let start = self.pos;
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    if b == b'>' {
                        return Ok(Obj::Str);
                    }
                }
                self.pos = start;
                Err(self.malformed("unterminated hex string"))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        return Ok(Obj::Array(items));
                    }
                    items.push(self.value(depth + 1)?);
                }
            }
            _ => {
                let start = self.pos;
                let token = self.regular();
                match token {
                    b"true" | b"false" => Ok(Obj::Bool),
                    b"null" => Ok(Obj::Null),
                    _ => {
                        let number = std::str::from_utf8(token)
                            .ok()
                            .and_then(|t| t.parse::<f64>().ok())
                            .ok_or_else(|| RenderError::MalformedPdf {
                                offset: start,
                                message: format!("unexpected token `{}`", String::from_utf8_lossy(token)),
                            })?;
                        // `N G R` is an indirect reference.
                        let after = self.pos;
                        self.skip_space();
                        let generation = self.regular();
                        self.skip_space();
                        if !generation.is_empty()
                            && generation.iter().all(u8::is_ascii_digit)
                            && self.peek() == Some(b'R')
                            && self.data.get(self.pos + 1).is_none_or(|&b| is_white(b) || is_delim(b))
                        {
                            self.pos += 1;
                            let id = u32::try_from(number as i64).map_err(|_| RenderError::MalformedPdf {
                                offset: start,
                                message: "bad object number in reference".into(),
                            })?;
                            return Ok(Obj::Ref(id));
                        }
                        self.pos = after;
                        Ok(Obj::Number(number))
                    }
                }
            }
        }
    }
}

/// The object number of an `N G obj` header ending just before `at` (where `obj` starts).
fn header_before(data: &[u8], at: usize) -> Option<u32> {
    let before = data.get(..at)?;
    let mut i = before.len();
    let skip = |i: &mut usize, digits: bool| -> Option<usize> {
        let end = *i;
        while *i > 0
            && before
                .get(*i - 1)
                .is_some_and(|&b| if digits { b.is_ascii_digit() } else { is_white(b) })
        {
            *i -= 1;
        }
        (*i < end).then_some(end)
    };
    skip(&mut i, false)?;
    skip(&mut i, true)?;
    skip(&mut i, false)?;
    let end = skip(&mut i, true)?;
    if i > 0 && before.get(i - 1).is_some_and(|&b| !is_white(b) && !is_delim(b)) {
        return None;
    }
    std::str::from_utf8(before.get(i..end)?).ok()?.parse().ok()
}

struct Stream {
    dict: Obj,
    /// Offset of the data.
    start: usize,
    /// The data, when its end was found.
    data: Option<(usize, usize)>,
}

fn find(data: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    data.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// What a walk over the top-level objects found.
struct Walk {
    /// Objects by number (the last definition wins, as in an incremental update).
    objects: HashMap<u32, Obj>,
    streams: Vec<Stream>,
    /// Whether a trailer names an `/Encrypt` dictionary.
    encrypted: bool,
}

/// Walk the top-level objects.
fn objects(data: &[u8]) -> Walk {
    let mut objects = HashMap::new();
    let mut streams = Vec::new();
    let mut encrypted = false;
    let mut pos = 0usize;
    while let Some(at) = find(data, pos, b"obj") {
        pos = at + 3;
        let Some(number) = header_before(data, at) else {
            continue;
        };
        let mut parser = Parser { data, pos };
        let Ok(value) = parser.value(0) else {
            continue;
        };
        parser.skip_space();
        if parser.starts_with(b"stream") {
            let mut start = parser.pos + 6;
            if data.get(start) == Some(&b'\r') {
                start += 1;
            }
            if data.get(start) == Some(&b'\n') {
                start += 1;
            }
            let declared = match value.get(b"Length") {
                Some(Obj::Number(n)) if *n >= 0.0 => Some(*n as usize),
                _ => None,
            };
            let by_length = declared.and_then(|len| {
                let end = start.checked_add(len)?;
                let mut after = Parser { data, pos: end };
                after.skip_space();
                after.starts_with(b"endstream").then_some((end, after.pos + 9))
            });
            let span = by_length.or_else(|| {
                find(data, start, b"endstream").map(|end| {
                    let mut data_end = end;
                    if data_end > start && data.get(data_end - 1) == Some(&b'\n') {
                        data_end -= 1;
                    }
                    if data_end > start && data.get(data_end - 1) == Some(&b'\r') {
                        data_end -= 1;
                    }
                    (data_end, end + 9)
                })
            });
            if value.get(b"Type").is_some_and(|t| t.is_name(b"XRef")) && value.get(b"Encrypt").is_some() {
                encrypted = true;
            }
            streams.push(Stream {
                dict: value.clone(),
                start,
                data: span.map(|(s, _)| (start, s)),
            });
            pos = span.map_or(start, |(_, next)| next);
        } else {
            pos = parser.pos;
        }
        objects.insert(number, value);
    }
    // Classic trailers.
    let mut from = 0;
    while let Some(at) = find(data, from, b"trailer") {
        from = at + 7;
        let mut parser = Parser { data, pos: from };
        if let Ok(trailer) = parser.value(0) {
            if trailer.get(b"Encrypt").is_some() {
                encrypted = true;
            }
        }
    }
    Walk {
        objects,
        streams,
        encrypted,
    }
}

fn decode(stream: &Stream, data: &[u8], objects: &HashMap<u32, Obj>) -> Result<Vec<u8>, RenderError> {
    let malformed = |message: &str| RenderError::MalformedPdf {
        offset: stream.start,
        message: message.to_owned(),
    };
    // A length given by reference: resolve it and prefer it over the `endstream` search.
    let span = match (stream.dict.get(b"Length"), stream.data) {
        (Some(Obj::Ref(id)), Some((start, found_end))) => match objects.get(id) {
            Some(Obj::Number(n)) if *n >= 0.0 && start + (*n as usize) <= found_end => (start, start + *n as usize),
            _ => (start, found_end),
        },
        (_, Some(span)) => span,
        (_, None) => return Err(malformed("the embedded file's stream has no `endstream`")),
    };
    let raw = data
        .get(span.0..span.1)
        .ok_or_else(|| malformed("the embedded file's stream runs past the end of the file"))?;
    let filters: Vec<&Obj> = match stream.dict.get(b"Filter") {
        None => Vec::new(),
        Some(Obj::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    };
    let mut bytes = raw.to_vec();
    for filter in filters {
        if filter.is_name(b"FlateDecode") || filter.is_name(b"Fl") {
            bytes = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&bytes, MAX_ATTACHMENT).map_err(|e| {
                malformed(&format!(
                    "the embedded file's FlateDecode data is corrupt or too large ({:?})",
                    e.status
                ))
            })?;
        } else {
            return Err(malformed("the embedded file uses a filter other than FlateDecode"));
        }
    }
    Ok(bytes)
}

/// Whether `value` is a credential: a Verifiable Credential, or a JAdES-sealed one (a JWS JSON
/// serialization with `payload` and `signatures`).
fn is_credential(value: &Value) -> bool {
    let vc = match value.get("type") {
        Some(Value::String(t)) => t == "VerifiableCredential",
        Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some("VerifiableCredential")),
        _ => false,
    };
    vc || (value.get("payload").is_some_and(Value::is_string) && value.get("signatures").is_some())
}

/// The raw bytes of every embedded file in `pdf` that is a credential, in file order.
pub(crate) fn attached_credentials(pdf: &[u8]) -> Result<Vec<(Vec<u8>, Value)>, RenderError> {
    let head = pdf.get(..pdf.len().min(1024)).unwrap_or_default();
    if find(head, 0, b"%PDF-").is_none() {
        return Err(RenderError::MalformedPdf {
            offset: 0,
            message: "no `%PDF-` header: not a PDF".into(),
        });
    }
    let Walk {
        objects,
        streams,
        encrypted,
    } = objects(pdf);
    if encrypted {
        return Err(RenderError::EncryptedPdf);
    }
    let mut files = 0usize;
    let mut first_error = None;
    let mut found: Vec<(Vec<u8>, Value)> = Vec::new();
    for stream in streams
        .iter()
        .filter(|s| s.dict.get(b"Type").is_some_and(|t| t.is_name(b"EmbeddedFile")))
    {
        files += 1;
        let bytes = match decode(stream, pdf, &objects) {
            Ok(bytes) => bytes,
            Err(e) => {
                first_error.get_or_insert(e);
                continue;
            }
        };
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        if let Ok(value) = serde_json::from_slice::<Value>(text) {
            if is_credential(&value) && !found.iter().any(|(_, v)| *v == value) {
                found.push((bytes.clone(), value));
            }
        }
    }
    if found.is_empty() {
        return Err(first_error.unwrap_or(RenderError::NoAttachedCredential { files }));
    }
    Ok(found)
}

/// The credential attached to a certificate PDF, as JSON: the signed credential (JSON-LD with
/// its proof) or, for a JAdES-sealed credential, the JWS JSON document as it was attached.
///
/// Robust against malformed and hostile input: a PDF that is truncated, damaged, encrypted or
/// carries no (or several different) credentials gives a typed error, never a panic.
pub fn extract_attached_credential(pdf: &[u8]) -> Result<Value, RenderError> {
    let mut found = attached_credentials(pdf)?;
    if found.len() > 1 {
        return Err(RenderError::SeveralAttachedCredentials { count: found.len() });
    }
    found
        .pop()
        .map(|(_, value)| value)
        .ok_or(RenderError::NoAttachedCredential { files: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf_with(stream_dict: &str, data: &[u8]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n".to_vec();
        pdf.extend_from_slice(stream_dict.as_bytes());
        pdf.extend_from_slice(b"\nstream\n");
        pdf.extend_from_slice(data);
        pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
        pdf
    }

    const VC: &[u8] = br#"{"type": ["VerifiableCredential"], "id": "urn:x"}"#;

    #[test]
    fn reads_plain_and_deflated_attachments() {
        let plain = pdf_with(&format!("<< /Type /EmbeddedFile /Length {} >>", VC.len()), VC);
        assert_eq!(extract_attached_credential(&plain).unwrap()["id"], "urn:x");
        let deflated = miniz_oxide::deflate::compress_to_vec_zlib(VC, 6);
        let pdf = pdf_with(
            &format!(
                "<< /Type /EmbeddedFile /Filter [/FlateDecode] /Length {} >>",
                deflated.len()
            ),
            &deflated,
        );
        assert_eq!(extract_attached_credential(&pdf).unwrap()["id"], "urn:x");
        // A wrong or indirect length falls back to `endstream`.
        let pdf = pdf_with("<< /Type /EmbeddedFile /Length 9 0 R >>", VC);
        assert_eq!(extract_attached_credential(&pdf).unwrap()["id"], "urn:x");
    }

    #[test]
    fn typed_errors_for_bad_input() {
        assert!(matches!(
            extract_attached_credential(b"hello"),
            Err(RenderError::MalformedPdf { offset: 0, .. })
        ));
        let none = pdf_with("<< /Type /XObject /Length 3 >>", b"abc");
        assert_eq!(
            extract_attached_credential(&none),
            Err(RenderError::NoAttachedCredential { files: 0 })
        );
        let not_vc = pdf_with("<< /Type /EmbeddedFile /Length 2 >>", b"{}");
        assert_eq!(
            extract_attached_credential(&not_vc),
            Err(RenderError::NoAttachedCredential { files: 1 })
        );
        let corrupt = pdf_with("<< /Type /EmbeddedFile /Filter /FlateDecode /Length 3 >>", b"xyz");
        assert!(matches!(
            extract_attached_credential(&corrupt),
            Err(RenderError::MalformedPdf { .. })
        ));
        let mut encrypted = pdf_with("<< /Type /EmbeddedFile >>", VC);
        encrypted.extend_from_slice(b"trailer << /Encrypt 5 0 R >>");
        assert_eq!(extract_attached_credential(&encrypted), Err(RenderError::EncryptedPdf));
        // Truncated anywhere: an error or a result, never a panic.
        let good = pdf_with(&format!("<< /Type /EmbeddedFile /Length {} >>", VC.len()), VC);
        for end in 0..good.len() {
            let _ = extract_attached_credential(&good[..end]);
        }
        let deep = format!("%PDF-1.7\n1 0 obj {} endobj", "[".repeat(10_000));
        assert!(extract_attached_credential(deep.as_bytes()).is_err());
    }

    #[test]
    fn object_headers() {
        assert_eq!(header_before(b"12 0 obj", 5), Some(12));
        assert_eq!(header_before(b"endobj", 3), None);
        assert_eq!(header_before(b"x12 0 obj", 6), None);
    }
}
