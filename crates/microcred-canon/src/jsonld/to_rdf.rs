//! Expanded JSON-LD → RDF dataset (JSON-LD 1.1 API section 7: node map generation and
//! deserialization, done in one walk since RDF is a set of quads).

use serde_json::{Map, Value};

use super::expand::is_well_formed_language;
use super::iri::{is_blank, is_keyword, is_well_formed as is_absolute};
use crate::error::{Error, SafeModeViolation as V};
use crate::hash::FastMap;
use crate::rdf::{Dataset, Literal, Quad, Term};

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

pub(crate) struct ToRdf {
    /// Safe mode: expansion has already rejected every IRI, type and predicate that RDF cannot
    /// hold (with its JSON path), so they are not checked again here.
    pub(crate) safe: bool,
    pub(crate) dataset: Dataset,
    blank_labels: FastMap<String, String>,
    counter: usize,
}

fn is_node_object(m: &Map<String, Value>) -> bool {
    !m.contains_key("@value") && !m.contains_key("@list") && !m.contains_key("@set")
}

impl ToRdf {
    pub(crate) fn new(safe: bool) -> Self {
        ToRdf {
            safe,
            dataset: Dataset::new(),
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

    fn fresh(&mut self) -> Term {
        let mut label = String::with_capacity(8);
        label.push('b');
        label.push_str(&self.counter.to_string());
        self.counter += 1;
        Term::BlankNode(label)
    }

    fn blank(&mut self, id: &str) -> Term {
        if let Some(label) = self.blank_labels.get(id) {
            return Term::BlankNode(label.clone());
        }
        let Term::BlankNode(label) = self.fresh() else {
            return Term::BlankNode(String::new());
        };
        self.blank_labels.insert(id.to_owned(), label.clone());
        Term::BlankNode(label)
    }

    /// An IRI or blank node for an `@id`, or `None` if it is neither (relative IRI).
    fn id_term(&mut self, id: &str) -> Result<Option<Term>, Error> {
        if is_blank(id) {
            Ok(Some(self.blank(id)))
        } else if (self.safe && !id.starts_with('@')) || is_absolute(id) {
            Ok(Some(Term::Iri(id.to_owned())))
        } else {
            self.violation(V::RelativeIri, format!("{id:?}"))?;
            Ok(None)
        }
    }

    fn emit(&mut self, subject: &Term, predicate: &str, object: Term, graph: Option<&Term>) {
        self.dataset.insert(Quad {
            subject: subject.clone(),
            predicate: Term::Iri(predicate.to_owned()),
            object,
            graph: graph.cloned(),
        });
    }

    /// Converts the top-level expanded document (an array of node objects).
    pub(crate) fn document(&mut self, expanded: &[Value]) -> Result<(), Error> {
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
    fn node(&mut self, node: &Map<String, Value>, graph: Option<&Term>) -> Result<Option<Term>, Error> {
        let subject = match node.get("@id") {
            Some(Value::String(id)) => self.id_term(id)?,
            Some(_) => None,
            None => Some(self.fresh()),
        };
        if let Some(Value::Array(items)) = node.get("@graph") {
            // A graph object: its nodes go into the named graph.
            let name = subject.clone();
            for item in items {
                if let Value::Object(m) = item {
                    if is_node_object(m) {
                        // Without a usable graph name the graph's statements are dropped.
                        if let Some(name) = &name {
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
                        self.emit(&subject, RDF_TYPE, term, graph);
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
                                self.emit(&referrer, property, subject.clone(), graph);
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
                    self.emit(&subject, property, object, graph);
                }
            }
        }
        Ok(Some(subject))
    }

    /// Object to RDF (7.3), emitting embedded nodes and list structure on the way.
    fn object(&mut self, item: &Value, graph: Option<&Term>) -> Result<Option<Term>, Error> {
        let Value::Object(m) = item else { return Ok(None) };
        if m.contains_key("@value") {
            return self.literal(m);
        }
        if let Some(Value::Array(list)) = m.get("@list") {
            return self.list(list, graph).map(Some);
        }
        self.node(m, graph)
    }

    fn list(&mut self, items: &[Value], graph: Option<&Term>) -> Result<Term, Error> {
        if items.is_empty() {
            return Ok(Term::Iri(RDF_NIL.to_owned()));
        }
        let heads: Vec<Term> = items.iter().map(|_| self.fresh()).collect();
        for (i, item) in items.iter().enumerate() {
            let Some(head) = heads.get(i) else { continue };
            if let Some(object) = self.object(item, graph)? {
                self.emit(head, RDF_FIRST, object, graph);
            }
            let rest = heads
                .get(i + 1)
                .cloned()
                .unwrap_or_else(|| Term::Iri(RDF_NIL.to_owned()));
            self.emit(head, RDF_REST, rest, graph);
        }
        Ok(heads
            .into_iter()
            .next()
            .unwrap_or_else(|| Term::Iri(RDF_NIL.to_owned())))
    }

    fn literal(&mut self, m: &Map<String, Value>) -> Result<Option<Term>, Error> {
        let value = m.get("@value").unwrap_or(&Value::Null);
        let mut datatype = m.get("@type").and_then(Value::as_str).map(str::to_owned);
        if let Some(dt) = &datatype {
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
        let lexical = if datatype.as_deref() == Some("@json") {
            datatype = Some(RDF_JSON.to_owned());
            crate::jcs::jcs(value)?
        } else {
            match value {
                Value::Bool(b) => {
                    datatype.get_or_insert_with(|| XSD_BOOLEAN.to_owned());
                    b.to_string()
                }
                Value::Number(n) => {
                    let is_double_type = datatype.as_deref() == Some(XSD_DOUBLE);
                    if let (Some(i), false) = (
                        n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)),
                        is_double_type,
                    ) {
                        datatype.get_or_insert_with(|| XSD_INTEGER.to_owned());
                        i.to_string()
                    } else {
                        let f = n.as_f64().unwrap_or(f64::NAN);
                        if !is_double_type && f.fract() == 0.0 && f.abs() < 1e21 {
                            datatype.get_or_insert_with(|| XSD_INTEGER.to_owned());
                            if f == 0.0 { "0".to_owned() } else { format!("{f:.0}") }
                        } else {
                            datatype.get_or_insert_with(|| XSD_DOUBLE.to_owned());
                            canonical_double(f)
                        }
                    }
                }
                Value::String(s) => s.clone(),
                _ => return Ok(None),
            }
        };
        let literal = match (language, datatype) {
            (Some(lang), None) => Literal {
                value: lexical,
                datatype: RDF_LANG_STRING.to_owned(),
                language: Some(lang.to_owned()),
            },
            (_, Some(dt)) => Literal {
                value: lexical,
                datatype: dt,
                language: None,
            },
            (None, None) => Literal {
                value: lexical,
                datatype: XSD_STRING.to_owned(),
                language: None,
            },
        };
        Ok(Some(Term::Literal(literal)))
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
    let mut converter = ToRdf::new(safe);
    converter.document(expanded)?;
    Ok(converter.dataset)
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
