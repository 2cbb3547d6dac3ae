//! Expanded JSON-LD → RDF dataset (JSON-LD 1.1 API section 7: node map generation and
//! deserialization, done in one walk since RDF is a set of quads).

use serde_json::{Map, Value};

use super::expand::is_well_formed_language;
use super::iri::{is_blank, is_keyword, is_well_formed as is_absolute};
use crate::error::{Error, SafeModeViolation as V};
use crate::hash::FastMap;
use crate::rdf::{Dataset, Literal, Quad, Term};
use crate::rdfc::{NodeRef, ObjectRef, Scratch, Templates};

use std::borrow::Cow;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";
const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/// Where toRdf puts its quads: a [`Dataset`] (owned terms, blank nodes `b<n>`) or RDFC-1.0
/// templates (straight into the canonicalization, no owned terms).
pub(crate) trait QuadSink {
    fn quad(&mut self, subject: NodeRef<'_>, predicate: &str, object: ObjectRef<'_>, graph: Option<NodeRef<'_>>);
}

fn node_term(node: NodeRef<'_>) -> Term {
    match node {
        NodeRef::Iri(iri) => Term::Iri(iri.to_owned()),
        NodeRef::Blank(n) => {
            let mut label = String::with_capacity(8);
            label.push('b');
            label.push_str(&n.to_string());
            Term::BlankNode(label)
        }
    }
}

impl QuadSink for Dataset {
    fn quad(&mut self, subject: NodeRef<'_>, predicate: &str, object: ObjectRef<'_>, graph: Option<NodeRef<'_>>) {
        let object = match object {
            ObjectRef::Node(node) => node_term(node),
            ObjectRef::Literal {
                value,
                datatype,
                language,
            } => Term::Literal(Literal {
                value: value.to_owned(),
                datatype: datatype.to_owned(),
                language: language.map(str::to_owned),
            }),
        };
        self.insert(Quad {
            subject: node_term(subject),
            predicate: Term::Iri(predicate.to_owned()),
            object,
            graph: graph.map(node_term),
        });
    }
}

impl QuadSink for &mut Templates {
    fn quad(&mut self, subject: NodeRef<'_>, predicate: &str, object: ObjectRef<'_>, graph: Option<NodeRef<'_>>) {
        self.push_quad(subject, predicate, object, graph);
    }
}

/// A literal's parts; the lexical form is computed for numbers and booleans.
struct LiteralParts<'a> {
    lexical: Cow<'a, str>,
    datatype: &'a str,
    language: Option<&'a str>,
}

/// An object: a node, or a literal.
enum Object<'a> {
    Node(NodeRef<'a>),
    Literal(LiteralParts<'a>),
}

pub(crate) struct ToRdf<'a, S> {
    /// Safe mode: expansion has already rejected every IRI, type and predicate that RDF cannot
    /// hold (with its JSON path), so they are not checked again here.
    pub(crate) safe: bool,
    pub(crate) sink: S,
    blank_labels: FastMap<&'a str, u32>,
    counter: u32,
}

fn is_node_object(m: &Map<String, Value>) -> bool {
    !m.contains_key("@value") && !m.contains_key("@list") && !m.contains_key("@set")
}

impl<'a, S: QuadSink> ToRdf<'a, S> {
    pub(crate) fn new(safe: bool, sink: S) -> Self {
        ToRdf {
            safe,
            sink,
            blank_labels: FastMap::default(),
            counter: 0,
        }
    }

    fn violation(&self, violation: V, detail: impl Into<String>) -> Result<(), Error> {
        if self.safe {
            return Err(Error::Unsafe {
                violation,
                path: "expanded document".to_owned(),
                detail: detail.into(),
            });
        }
        Ok(())
    }

    fn fresh(&mut self) -> NodeRef<'a> {
        let n = self.counter;
        self.counter = self.counter.saturating_add(1);
        NodeRef::Blank(n)
    }

    fn blank(&mut self, id: &'a str) -> NodeRef<'a> {
        if let Some(&n) = self.blank_labels.get(id) {
            return NodeRef::Blank(n);
        }
        let node = self.fresh();
        if let NodeRef::Blank(n) = node {
            self.blank_labels.insert(id, n);
        }
        node
    }

    /// An IRI or blank node for an `@id`, or `None` if it is neither (relative IRI).
    fn id_term(&mut self, id: &'a str) -> Result<Option<NodeRef<'a>>, Error> {
        if is_blank(id) {
            Ok(Some(self.blank(id)))
        } else if (self.safe && !id.starts_with('@')) || is_absolute(id) {
            Ok(Some(NodeRef::Iri(id)))
        } else {
            self.violation(V::RelativeIri, format!("{id:?}"))?;
            Ok(None)
        }
    }

    fn emit(&mut self, subject: NodeRef<'_>, predicate: &str, object: &Object<'_>, graph: Option<NodeRef<'_>>) {
        let object = match object {
            Object::Node(node) => ObjectRef::Node(*node),
            Object::Literal(parts) => ObjectRef::Literal {
                value: &parts.lexical,
                datatype: parts.datatype,
                language: parts.language,
            },
        };
        self.sink.quad(subject, predicate, object, graph);
    }

    /// Converts the top-level expanded document (an array of node objects).
    pub(crate) fn document(&mut self, expanded: &'a [Value]) -> Result<(), Error> {
        for item in expanded {
            if let Value::Object(m) = item {
                if is_node_object(m) {
                    self.node(m, None)?;
                }
            }
        }
        Ok(())
    }

    /// Emits the quads of a node object in `graph`; returns its subject (`None` if it has a
    /// relative `@id`, in which case its statements are dropped as JSON-LD does).
    fn node(&mut self, node: &'a Map<String, Value>, graph: Option<NodeRef<'a>>) -> Result<Option<NodeRef<'a>>, Error> {
        let subject = match node.get("@id") {
            Some(Value::String(id)) => self.id_term(id)?,
            Some(_) => None,
            None => Some(self.fresh()),
        };
        if let Some(Value::Array(items)) = node.get("@graph") {
            // A graph object: its nodes go into the named graph.
            for item in items {
                if let Value::Object(m) = item {
                    if is_node_object(m) {
                        // Without a usable graph name the graph's statements are dropped.
                        if let Some(name) = subject {
                            self.node(m, Some(name))?;
                        }
                    }
                }
            }
        }
        if let Some(Value::Array(items)) = node.get("@included") {
            for item in items {
                if let Value::Object(m) = item {
                    self.node(m, graph)?;
                }
            }
        }
        let Some(subject) = subject else {
            // Still walk embedded nodes so their own statements are kept.
            for (key, values) in node {
                if !is_keyword(key) {
                    for item in values.as_array().map_or(&[][..], Vec::as_slice) {
                        self.object(item, graph)?;
                    }
                }
            }
            return Ok(None);
        };
        if let Some(Value::Array(types)) = node.get("@type") {
            for t in types {
                if let Some(t) = t.as_str() {
                    if let Some(term) = self.id_term(t)? {
                        self.emit(subject, RDF_TYPE, &Object::Node(term), graph);
                    }
                }
            }
        }
        if let Some(Value::Object(reverse)) = node.get("@reverse") {
            for (property, values) in reverse {
                for item in values.as_array().map_or(&[][..], Vec::as_slice) {
                    if let Value::Object(m) = item {
                        if let Some(referrer) = self.node(m, graph)? {
                            if self.safe || is_absolute(property) {
                                self.emit(referrer, property, &Object::Node(subject), graph);
                            } else {
                                self.violation(V::BlankNodePredicate, property.clone())?;
                            }
                        }
                    }
                }
            }
        }
        for (property, values) in node {
            if is_keyword(property) {
                continue;
            }
            let predicate_ok = self.safe || (is_absolute(property) && !is_blank(property));
            if !predicate_ok {
                let v = if is_blank(property) {
                    V::BlankNodePredicate
                } else {
                    V::UndefinedTerm
                };
                self.violation(v, property.clone())?;
            }
            for item in values.as_array().map_or(&[][..], Vec::as_slice) {
                let object = self.object(item, graph)?;
                if let (Some(object), true) = (object, predicate_ok) {
                    self.emit(subject, property, &object, graph);
                }
            }
        }
        Ok(Some(subject))
    }

    /// Object to RDF (7.3), emitting embedded nodes and list structure on the way.
    fn object(&mut self, item: &'a Value, graph: Option<NodeRef<'a>>) -> Result<Option<Object<'a>>, Error> {
        let Value::Object(m) = item else { return Ok(None) };
        if m.contains_key("@value") {
            return Ok(self.literal(m)?.map(Object::Literal));
        }
        if let Some(Value::Array(list)) = m.get("@list") {
            return self.list(list, graph).map(|n| Some(Object::Node(n)));
        }
        Ok(self.node(m, graph)?.map(Object::Node))
    }

    fn list(&mut self, items: &'a [Value], graph: Option<NodeRef<'a>>) -> Result<NodeRef<'a>, Error> {
        if items.is_empty() {
            return Ok(NodeRef::Iri(RDF_NIL));
        }
        let heads: Vec<NodeRef<'a>> = items.iter().map(|_| self.fresh()).collect();
        for (i, item) in items.iter().enumerate() {
            let Some(&head) = heads.get(i) else { continue };
            if let Some(object) = self.object(item, graph)? {
                self.emit(head, RDF_FIRST, &object, graph);
            }
            let rest = heads.get(i + 1).copied().unwrap_or(NodeRef::Iri(RDF_NIL));
            self.emit(head, RDF_REST, &Object::Node(rest), graph);
        }
        Ok(heads.first().copied().unwrap_or(NodeRef::Iri(RDF_NIL)))
    }

    fn literal(&mut self, m: &'a Map<String, Value>) -> Result<Option<LiteralParts<'a>>, Error> {
        let value = m.get("@value").unwrap_or(&Value::Null);
        let mut datatype: Option<&'a str> = m.get("@type").and_then(Value::as_str);
        if let Some(dt) = datatype {
            if dt != "@json" && !is_absolute(dt) {
                self.violation(V::RelativeIri, format!("datatype {dt:?}"))?;
                return Ok(None);
            }
        }
        let language = m.get("@language").and_then(Value::as_str);
        if let Some(lang) = language {
            if !is_well_formed_language(lang) {
                self.violation(V::InvalidLanguageTag, format!("{lang:?}"))?;
                return Ok(None);
            }
        }
        if m.contains_key("@direction") {
            self.violation(V::DirectionDropped, value.to_string())?;
        }
        let lexical: Cow<'a, str> = if datatype == Some("@json") {
            datatype = Some(RDF_JSON);
            Cow::Owned(crate::jcs::jcs(value)?)
        } else {
            match value {
                Value::Bool(b) => {
                    datatype.get_or_insert(XSD_BOOLEAN);
                    Cow::Borrowed(if *b { "true" } else { "false" })
                }
                Value::Number(n) => {
                    let is_double_type = datatype == Some(XSD_DOUBLE);
                    if let (Some(i), false) = (
                        n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)),
                        is_double_type,
                    ) {
                        datatype.get_or_insert(XSD_INTEGER);
                        Cow::Owned(i.to_string())
                    } else {
                        let f = n.as_f64().unwrap_or(f64::NAN);
                        if !is_double_type && f.fract() == 0.0 && f.abs() < 1e21 {
                            datatype.get_or_insert(XSD_INTEGER);
                            Cow::Owned(if f == 0.0 { "0".to_owned() } else { format!("{f:.0}") })
                        } else {
                            datatype.get_or_insert(XSD_DOUBLE);
                            Cow::Owned(canonical_double(f))
                        }
                    }
                }
                Value::String(s) => Cow::Borrowed(s.as_str()),
                _ => return Ok(None),
            }
        };
        let (datatype, language) = match (language, datatype) {
            (Some(lang), None) => (RDF_LANG_STRING, Some(lang)),
            (_, Some(dt)) => (dt, None),
            (None, None) => (XSD_STRING, None),
        };
        Ok(Some(LiteralParts {
            lexical,
            datatype,
            language,
        }))
    }
}

/// The canonical lexical form of an `xsd:double` as JSON-LD writes it (`1.1E0`, `-5.0E-1`).
pub(crate) fn canonical_double(f: f64) -> String {
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN".to_owned()
        } else if f > 0.0 {
            "INF".to_owned()
        } else {
            "-INF".to_owned()
        };
    }
    let s = format!("{f:.15e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let mantissa = if mantissa.contains('.') {
        let trimmed = mantissa.trim_end_matches('0');
        if trimmed.ends_with('.') {
            format!("{trimmed}0")
        } else {
            trimmed.to_owned()
        }
    } else {
        format!("{mantissa}.0")
    };
    format!("{mantissa}E{exp}")
}

/// Converts a top-level expanded document to RDF.
pub(crate) fn to_rdf(expanded: &[Value], safe: bool) -> Result<Dataset, Error> {
    let mut converter = ToRdf::new(safe, Dataset::new());
    converter.document(expanded)?;
    Ok(converter.sink)
}

/// Converts a top-level expanded document to RDF and canonicalizes it (RDFC-1.0), writing the
/// quads straight into the canonicalization's templates. The same N-Quads as
/// `rdfc::canonicalize_with(&to_rdf(expanded, safe)?, options)`.
pub(crate) fn canonicalize(
    expanded: &[Value],
    safe: bool,
    options: &crate::rdfc::Options,
    scratch: &mut Scratch,
) -> Result<String, Error> {
    scratch.clear();
    let mut converter = ToRdf::new(safe, &mut scratch.templates);
    converter.document(expanded)?;
    crate::rdfc::canonicalize_templates(scratch, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_in_canonical_form() {
        assert_eq!(canonical_double(1.1), "1.1E0");
        assert_eq!(canonical_double(1.0), "1.0E0");
        assert_eq!(canonical_double(-0.5), "-5.0E-1");
        assert_eq!(canonical_double(1e21), "1.0E21");
        assert_eq!(canonical_double(123.456), "1.23456E2");
    }
}
