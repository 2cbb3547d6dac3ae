//! RDF datasets: terms, quads, N-Quads parsing and canonical N-Quads serialization.

use std::fmt;
use std::hash::BuildHasher;

use crate::error::Error;
use crate::hash::FastMap;

/// `http://www.w3.org/2001/XMLSchema#string`, the datatype of simple literals.
pub const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
/// `http://www.w3.org/1999/02/22-rdf-syntax-ns#langString`, the datatype of language-tagged
/// literals.
pub const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/// An RDF term.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Term {
    /// An absolute IRI (without angle brackets).
    Iri(String),
    /// A blank node, by its label (without `_:`).
    BlankNode(String),
    /// A literal.
    Literal(Literal),
}

impl Term {
    /// The blank node label, if this is a blank node.
    pub fn as_blank_node(&self) -> Option<&str> {
        match self {
            Term::BlankNode(label) => Some(label),
            _ => None,
        }
    }
}

/// An RDF literal: a lexical form with a datatype IRI, or with a language tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Literal {
    /// The lexical form.
    pub value: String,
    /// The datatype IRI ([`RDF_LANG_STRING`] when `language` is set).
    pub datatype: String,
    /// The language tag of a language-tagged string.
    pub language: Option<String>,
}

impl Literal {
    /// A simple literal (`xsd:string`).
    pub fn string(value: impl Into<String>) -> Self {
        Literal {
            value: value.into(),
            datatype: XSD_STRING.to_owned(),
            language: None,
        }
    }

    /// A typed literal.
    pub fn typed(value: impl Into<String>, datatype: impl Into<String>) -> Self {
        Literal {
            value: value.into(),
            datatype: datatype.into(),
            language: None,
        }
    }

    /// A language-tagged string.
    pub fn lang(value: impl Into<String>, language: impl Into<String>) -> Self {
        Literal {
            value: value.into(),
            datatype: RDF_LANG_STRING.to_owned(),
            language: Some(language.into()),
        }
    }
}

/// An RDF quad. `graph` is `None` for the default graph.
///
/// The fields are plain [`Term`]s; a quad read from N-Quads or produced from JSON-LD always has
/// an IRI or blank node subject, an IRI predicate and an IRI or blank node graph name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quad {
    /// Subject.
    pub subject: Term,
    /// Predicate.
    pub predicate: Term,
    /// Object.
    pub object: Term,
    /// Graph name, `None` for the default graph.
    pub graph: Option<Term>,
}

/// An RDF dataset: a set of quads (duplicates are ignored on insertion), kept in insertion
/// order. Equality compares the quads in order.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    quads: Vec<Quad>,
    /// Quad hash → index of the last quad inserted with that hash.
    index: FastMap<u64, usize>,
    /// For each quad, the index of the previous quad with the same hash (`usize::MAX`: none).
    chain: Vec<usize>,
    hasher: foldhash::fast::RandomState,
}

impl PartialEq for Dataset {
    fn eq(&self, other: &Self) -> bool {
        self.quads == other.quads
    }
}

impl Eq for Dataset {}

impl Dataset {
    /// An empty dataset.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a quad; returns `false` if it was already present.
    pub fn insert(&mut self, quad: Quad) -> bool {
        let hash = self.hasher.hash_one(&quad);
        let mut at = self.index.get(&hash).copied().unwrap_or(usize::MAX);
        let head = at;
        while let Some(existing) = self.quads.get(at) {
            if *existing == quad {
                return false;
            }
            at = self.chain.get(at).copied().unwrap_or(usize::MAX);
        }
        self.index.insert(hash, self.quads.len());
        self.chain.push(head);
        self.quads.push(quad);
        true
    }

    /// The quads, in insertion order.
    pub fn quads(&self) -> &[Quad] {
        &self.quads
    }

    /// Number of quads.
    pub fn len(&self) -> usize {
        self.quads.len()
    }

    /// Whether the dataset has no quads.
    pub fn is_empty(&self) -> bool {
        self.quads.is_empty()
    }

    /// Parses N-Quads text (RDF 1.1 N-Quads; `#` comments and blank lines allowed).
    ///
    /// # Errors
    ///
    /// [`Error::NQuads`] with the line and column of the first syntax error.
    pub fn from_nquads(text: &str) -> Result<Self, Error> {
        let mut dataset = Dataset::new();
        for (index, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let mut parser = LineParser {
                line,
                pos: 0,
                line_no: index + 1,
            };
            if let Some(quad) = parser.parse_statement()? {
                dataset.insert(quad);
            }
        }
        Ok(dataset)
    }

    /// Serializes the dataset as N-Quads in insertion order, one quad per line, each ending in
    /// `\n`, in the canonical N-Quads form (RDFC-1.0 section 4.3; RDF 1.2 N-Triples canonical
    /// escaping).
    pub fn to_nquads(&self) -> String {
        let mut out = String::new();
        for quad in &self.quads {
            write_quad(&mut out, quad);
        }
        out
    }
}

impl FromIterator<Quad> for Dataset {
    fn from_iter<I: IntoIterator<Item = Quad>>(iter: I) -> Self {
        let mut dataset = Dataset::new();
        for quad in iter {
            dataset.insert(quad);
        }
        dataset
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        write_term(&mut s, self, &mut |label, out| {
            out.push_str("_:");
            out.push_str(label);
        });
        f.write_str(&s)
    }
}

/// Writes one quad in canonical N-Quads form, with its trailing `\n`.
pub(crate) fn write_quad(out: &mut String, quad: &Quad) {
    write_quad_with(out, quad, &mut |label, out| {
        out.push_str("_:");
        out.push_str(label);
    });
}

/// Writes one quad, letting `blank` write each blank node (RDFC relabels them).
pub(crate) fn write_quad_with(out: &mut String, quad: &Quad, blank: &mut dyn FnMut(&str, &mut String)) {
    write_term(out, &quad.subject, blank);
    out.push(' ');
    write_term(out, &quad.predicate, blank);
    out.push(' ');
    write_term(out, &quad.object, blank);
    if let Some(graph) = &quad.graph {
        out.push(' ');
        write_term(out, graph, blank);
    }
    out.push_str(" .\n");
}

fn write_term(out: &mut String, term: &Term, blank: &mut dyn FnMut(&str, &mut String)) {
    match term {
        Term::Iri(iri) => {
            out.push('<');
            out.push_str(iri);
            out.push('>');
        }
        Term::BlankNode(label) => blank(label, out),
        Term::Literal(lit) => write_literal(out, &lit.value, &lit.datatype, lit.language.as_deref()),
    }
}

/// Writes a literal in canonical N-Quads form.
pub(crate) fn write_literal(out: &mut String, value: &str, datatype: &str, language: Option<&str>) {
    out.push('"');
    escape_literal(out, value);
    out.push('"');
    if let Some(lang) = language {
        out.push('@');
        out.push_str(lang);
    } else if datatype != XSD_STRING {
        out.push_str("^^<");
        out.push_str(datatype);
        out.push('>');
    }
}

fn escape_literal(out: &mut String, value: &str) {
    if !value.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7f) {
        out.push_str(value);
        return;
    }
    for c in value.chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) <= 0x1f || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
}

struct LineParser<'a> {
    line: &'a str,
    pos: usize,
    line_no: usize,
}

impl LineParser<'_> {
    fn err(&self, message: impl Into<String>) -> Error {
        let column = self.line.get(..self.pos).map_or(self.pos, |s| s.chars().count()) + 1;
        Error::NQuads {
            line: self.line_no,
            column,
            message: message.into(),
        }
    }

    fn rest(&self) -> &str {
        self.line.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }

    fn at_end_or_comment(&mut self) -> bool {
        self.skip_ws();
        matches!(self.peek(), None | Some('#'))
    }

    fn parse_statement(&mut self) -> Result<Option<Quad>, Error> {
        if self.at_end_or_comment() {
            return Ok(None);
        }
        let subject = match self.peek() {
            Some('<') => Term::Iri(self.iri()?),
            Some('_') => Term::BlankNode(self.blank()?),
            _ => return Err(self.err("expected an IRI or blank node as subject")),
        };
        self.skip_ws();
        let predicate = match self.peek() {
            Some('<') => Term::Iri(self.iri()?),
            _ => return Err(self.err("expected an IRI as predicate")),
        };
        self.skip_ws();
        let object = match self.peek() {
            Some('<') => Term::Iri(self.iri()?),
            Some('_') => Term::BlankNode(self.blank()?),
            Some('"') => Term::Literal(self.literal()?),
            _ => return Err(self.err("expected an IRI, blank node or literal as object")),
        };
        self.skip_ws();
        let graph = match self.peek() {
            Some('<') => Some(Term::Iri(self.iri()?)),
            Some('_') => Some(Term::BlankNode(self.blank()?)),
            _ => None,
        };
        self.skip_ws();
        if self.bump() != Some('.') {
            return Err(self.err("expected '.' at the end of the statement"));
        }
        if !self.at_end_or_comment() {
            return Err(self.err("unexpected text after '.'"));
        }
        Ok(Some(Quad {
            subject,
            predicate,
            object,
            graph,
        }))
    }

    fn uchar(&mut self, len: usize) -> Result<char, Error> {
        let hex = self.rest().get(..len).ok_or_else(|| self.err("truncated \\u escape"))?;
        let code = u32::from_str_radix(hex, 16)
            .ok()
            .filter(|_| hex.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| self.err("invalid hex digits in \\u escape"))?;
        let c = char::from_u32(code).ok_or_else(|| self.err("\\u escape is not a Unicode scalar value"))?;
        self.pos += len;
        Ok(c)
    }

    fn iri(&mut self) -> Result<String, Error> {
        self.bump(); // '<'
        // Fast path: no escapes, take the whole run up to '>' at once.
        let rest = self.rest();
        if let Some(end) = rest
            .find(['>', '\\'])
            .filter(|&e| rest.as_bytes().get(e) == Some(&b'>'))
        {
            let iri = rest.get(..end).unwrap_or("");
            if let Some(bad) = iri
                .chars()
                .find(|&c| c <= ' ' || matches!(c, '<' | '"' | '{' | '}' | '|' | '^' | '`'))
            {
                return Err(self.err(format!("character {bad:?} is not allowed in an IRI")));
            }
            if !has_scheme(iri) {
                return Err(self.err(format!("<{iri}> is not an absolute IRI")));
            }
            let iri = iri.to_owned();
            self.pos += end + 1;
            return Ok(iri);
        }
        let mut iri = String::new();
        loop {
            match self.bump() {
                None => return Err(self.err("unterminated IRI")),
                Some('>') => break,
                Some('\\') => {
                    let c = match self.bump() {
                        Some('u') => self.uchar(4)?,
                        Some('U') => self.uchar(8)?,
                        _ => return Err(self.err("only \\u and \\U escapes are allowed in IRIs")),
                    };
                    // An escape cannot smuggle in what an IRI may not hold (canonical N-Quads
                    // write IRIs unescaped).
                    if c <= ' ' || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\') {
                        return Err(self.err(format!("escaped character {c:?} is not allowed in an IRI")));
                    }
                    iri.push(c);
                }
                Some(c) if c <= ' ' || matches!(c, '<' | '"' | '{' | '}' | '|' | '^' | '`') => {
                    return Err(self.err(format!("character {c:?} is not allowed in an IRI")));
                }
                Some(c) => iri.push(c),
            }
        }
        if !has_scheme(&iri) {
            return Err(self.err(format!("<{iri}> is not an absolute IRI")));
        }
        Ok(iri)
    }

    fn blank(&mut self) -> Result<String, Error> {
        if !self.rest().starts_with("_:") {
            return Err(self.err("expected '_:'"));
        }
        self.pos += 2;
        let start = self.pos;
        let mut first = true;
        while let Some(c) = self.peek() {
            let ok = if first {
                c.is_alphanumeric() || c == '_'
            } else {
                c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\u{b7}')
            };
            if !ok {
                break;
            }
            first = false;
            self.pos += c.len_utf8();
        }
        // A label may not end with '.'.
        while self.line.get(start..self.pos).is_some_and(|s| s.ends_with('.')) {
            self.pos -= 1;
        }
        let label = self.line.get(start..self.pos).unwrap_or("");
        if label.is_empty() {
            return Err(self.err("empty blank node label"));
        }
        Ok(label.to_owned())
    }

    fn literal(&mut self) -> Result<Literal, Error> {
        self.bump(); // '"'
        let mut value = String::new();
        loop {
            // Copy the run up to the next quote, backslash or line break at once.
            let rest = self.rest();
            let run = rest.find(['"', '\\', '\n', '\r']).unwrap_or(rest.len());
            if run > 0 {
                value.push_str(rest.get(..run).unwrap_or(""));
                self.pos += run;
            }
            match self.bump() {
                None => return Err(self.err("unterminated string literal")),
                Some('"') => break,
                Some('\\') => {
                    let c = match self.bump() {
                        Some('t') => '\t',
                        Some('b') => '\u{8}',
                        Some('n') => '\n',
                        Some('r') => '\r',
                        Some('f') => '\u{c}',
                        Some('"') => '"',
                        Some('\'') => '\'',
                        Some('\\') => '\\',
                        Some('u') => self.uchar(4)?,
                        Some('U') => self.uchar(8)?,
                        _ => return Err(self.err("invalid escape in string literal")),
                    };
                    value.push(c);
                }
                Some('\n' | '\r') => return Err(self.err("line break in string literal")),
                Some(c) => value.push(c),
            }
        }
        match self.peek() {
            Some('@') => {
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') {
                    self.pos += 1;
                }
                let lang = self.line.get(start..self.pos).unwrap_or("");
                if !is_well_formed_lang(lang) {
                    return Err(self.err(format!("invalid language tag {lang:?}")));
                }
                Ok(Literal::lang(value, lang))
            }
            Some('^') => {
                if !self.rest().starts_with("^^<") {
                    return Err(self.err("expected '^^<' before a datatype IRI"));
                }
                self.pos += 2;
                let datatype = self.iri()?;
                Ok(Literal::typed(value, datatype))
            }
            _ => Ok(Literal::string(value)),
        }
    }
}

/// `[a-zA-Z]+ ('-' [a-zA-Z0-9]+)*`, the N-Quads LANGTAG production.
fn is_well_formed_lang(lang: &str) -> bool {
    let mut parts = lang.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether `iri` has a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`) and no
/// whitespace: the test that JSON-LD processors apply before emitting an IRI in RDF.
pub(crate) fn is_absolute_iri(iri: &str) -> bool {
    has_scheme(iri)
        && if iri.is_ascii() {
            !iri.bytes().any(|b| matches!(b, b' ' | b'\t'..=b'\r'))
        } else {
            !iri.chars().any(char::is_whitespace)
        }
}

/// Whether `iri` can stand in RDF: absolute, none of the characters that IRIs forbid
/// (space, `<>"{}|^`` ` ``\\`, controls) and at most one `#`. JSON-LD processors drop anything else.
pub(crate) fn is_well_formed_iri(iri: &str) -> bool {
    let bytes = iri.as_bytes();
    // Scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
    if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    let Some(colon) = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
    else {
        return false;
    };
    let (Some(b':'), Some(rest)) = (bytes.get(colon), bytes.get(colon + 1..)) else {
        return false;
    };
    // One pass over a table instead of a match per byte: IRIs are checked for every term,
    // type and `@id` of a document.
    if rest
        .iter()
        .any(|&b| IRI_FORBIDDEN.get(usize::from(b)).copied().unwrap_or(true))
    {
        return false;
    }
    if rest.iter().filter(|&&b| b == b'#').count() > 1 {
        return false;
    }
    rest.is_ascii() || !iri.chars().any(char::is_whitespace)
}

/// Bytes an IRI may not contain after its scheme: controls, space, `<>"{}|^`` ` ``\`.
// Built at compile time: an index out of bounds would fail the build, not panic.
#[allow(clippy::indexing_slicing)]
static IRI_FORBIDDEN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b <= 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'{' as usize] = true;
    table[b'}' as usize] = true;
    table[b'|' as usize] = true;
    table[b'^' as usize] = true;
    table[b'`' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Whether `iri` starts with a URI scheme and a colon.
fn has_scheme(iri: &str) -> bool {
    let Some((scheme, _)) = iri.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_serializes_round_trip() {
        let text = "<http://a/s> <http://a/p> \"x\\u0041\\n\"@en-GB <http://a/g> .\n\
                    _:b0 <http://a/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> . # comment\n\
                    \n_:b0 <http://a/p> _:b1 .\n";
        let ds = Dataset::from_nquads(text).unwrap();
        assert_eq!(ds.len(), 3);
        assert_eq!(
            ds.to_nquads(),
            "<http://a/s> <http://a/p> \"xA\\n\"@en-GB <http://a/g> .\n\
             _:b0 <http://a/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n\
             _:b0 <http://a/p> _:b1 .\n"
        );
    }

    #[test]
    fn reports_line_and_column() {
        let err = Dataset::from_nquads("<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s> oops .").unwrap_err();
        assert_eq!(
            err,
            Error::NQuads {
                line: 2,
                column: 14,
                message: "expected an IRI as predicate".into()
            }
        );
        assert!(Dataset::from_nquads("<rel> <http://a/p> <http://a/o> .").is_err());
        assert!(Dataset::from_nquads("<http://a/s> <http://a/p> \"x\" ").is_err());
    }

    #[test]
    fn duplicates_are_ignored() {
        let ds = Dataset::from_nquads("_:a <http://a/p> \"x\" .\n_:a <http://a/p> \"x\" .\n").unwrap();
        assert_eq!(ds.len(), 1);
    }

    /// The byte-by-byte definition the table-driven check must agree with.
    fn well_formed_reference(iri: &str) -> bool {
        let bytes = iri.as_bytes();
        if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
            return false;
        }
        let mut in_scheme = true;
        let mut hashes = 0u32;
        for &b in bytes {
            if in_scheme {
                if b == b':' {
                    in_scheme = false;
                } else if !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) {
                    return false;
                }
                continue;
            }
            match b {
                0..=b' ' | b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\' => return false,
                b'#' => hashes += 1,
                _ => {}
            }
        }
        !in_scheme && hashes <= 1 && !iri.chars().any(char::is_whitespace)
    }

    #[test]
    fn well_formed_iri_examples() {
        for good in [
            "urn:x",
            "did:key:z6Mk#z6Mk",
            "https://a.example/p?q=1#f",
            "a+b.c-d:é",
            "x:",
        ] {
            assert!(is_well_formed_iri(good), "{good}");
        }
        for bad in [
            "",
            ":x",
            "1a:b",
            "no-scheme",
            "a b:c",
            "http://a b",
            "http://a#b#c",
            "http://a<b",
            "http://a\\b",
            "http://a\u{7}",
            "http://a\u{3000}b",
            "a%:b",
        ] {
            assert!(!is_well_formed_iri(bad), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn well_formed_iri_matches_the_definition(iri in "[a-z][a-z0-9+.:#<> \\\\%-]{0,12}|\\PC{0,12}") {
            proptest::prop_assert_eq!(is_well_formed_iri(&iri), well_formed_reference(&iri));
        }
    }

    #[test]
    fn absolute_iri_check() {
        assert!(is_absolute_iri("urn:x"));
        assert!(is_absolute_iri("did:key:z6Mk#z6Mk"));
        assert!(!is_absolute_iri("#frag"));
        assert!(!is_absolute_iri("https ://not-a-url"));
        assert!(!is_absolute_iri("1http:x"));
    }
}
