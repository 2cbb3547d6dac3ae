//! The offline document loader: context URL → context document.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::error::Error;

/// URL of the W3C Verifiable Credentials v1 context.
pub const CREDENTIALS_V1: &str = "https://www.w3.org/2018/credentials/v1";
/// URL of the W3C Verifiable Credentials v2 context.
pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// URL of the W3C credentials examples v2 context.
pub const CREDENTIALS_EXAMPLES_V2: &str = "https://www.w3.org/ns/credentials/examples/v2";
/// URL of the Data Integrity v1 context.
pub const DATA_INTEGRITY_V1: &str = "https://w3id.org/security/data-integrity/v1";
/// URL of the Data Integrity v2 context.
pub const DATA_INTEGRITY_V2: &str = "https://w3id.org/security/data-integrity/v2";
/// URL of the Multikey v1 context.
pub const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";
/// URL of the Bitstring Status List v1 context.
pub const BITSTRING_STATUS_LIST_V1: &str = "https://www.w3.org/ns/credentials/status/v1";
/// URL of the DID v1 context.
pub const DID_V1: &str = "https://www.w3.org/ns/did/v1";
/// URL of the Ed25519Signature2020 v1 context.
pub const ED25519_2020_V1: &str = "https://w3id.org/security/suites/ed25519-2020/v1";
/// URL of the citizenship vocabulary v4rc1 context.
pub const CITIZENSHIP_V4RC1: &str = "https://w3id.org/citizenship/v4rc1";
/// URL of the Open Badges 3.0.3 context.
pub const OPEN_BADGES_V3P0_3_0_3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// URL of the Open Badges 3.0 extensions context.
pub const OPEN_BADGES_V3P0_EXTENSIONS: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
/// URL of the Comprehensive Learner Record 2.0.1 context.
pub const CLR_V2P0_2_0_1: &str = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";
/// URL of the Europass EDC application profile (ELM v3) context.
pub const EDC_AP: &str = "http://data.europa.eu/snb/model/context/edc-ap";

/// The bundled context documents: (URL, document text). See `contexts/README.md` for sources.
pub const BUNDLED: &[(&str, &str)] = &[
    (CREDENTIALS_V1, include_str!("../contexts/credentials-v1.jsonld")),
    (CREDENTIALS_V2, include_str!("../contexts/credentials-v2.jsonld")),
    (
        CREDENTIALS_EXAMPLES_V2,
        include_str!("../contexts/credentials-examples-v2.jsonld"),
    ),
    (DATA_INTEGRITY_V1, include_str!("../contexts/data-integrity-v1.jsonld")),
    (DATA_INTEGRITY_V2, include_str!("../contexts/data-integrity-v2.jsonld")),
    (MULTIKEY_V1, include_str!("../contexts/multikey-v1.jsonld")),
    (
        BITSTRING_STATUS_LIST_V1,
        include_str!("../contexts/bitstring-status-list-v1.jsonld"),
    ),
    (DID_V1, include_str!("../contexts/did-v1.jsonld")),
    (ED25519_2020_V1, include_str!("../contexts/ed25519-2020-v1.jsonld")),
    (CITIZENSHIP_V4RC1, include_str!("../contexts/citizenship-v4rc1.jsonld")),
    (
        OPEN_BADGES_V3P0_3_0_3,
        include_str!("../contexts/ob-v3p0-context-3.0.3.json"),
    ),
    (
        OPEN_BADGES_V3P0_EXTENSIONS,
        include_str!("../contexts/ob-v3p0-extensions.json"),
    ),
    (CLR_V2P0_2_0_1, include_str!("../contexts/clr-v2p0-context-2.0.1.json")),
    (EDC_AP, include_str!("../contexts/edc-ap.jsonld")),
];

/// Context documents by URL: the offline document loader of the JSON-LD processor.
///
/// Documents are parsed once and shared (`Arc`); cloning a store is cheap. A URL that is not in
/// the store is an error ([`Error::UnknownContext`]); nothing is ever fetched.
#[derive(Debug, Clone, Default)]
pub struct ContextStore {
    documents: HashMap<String, Arc<Value>>,
}

fn bundled_documents() -> &'static HashMap<String, Arc<Value>> {
    static PARSED: OnceLock<HashMap<String, Arc<Value>>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BUNDLED
            .iter()
            .filter_map(|(url, text)| {
                // The bundled files are checked by tests; a parse failure cannot happen.
                let doc: Value = serde_json::from_str(text).ok()?;
                Some(((*url).to_owned(), Arc::new(doc)))
            })
            .collect()
    })
}

impl ContextStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding every bundled context (see [`BUNDLED`]).
    pub fn bundled() -> Self {
        ContextStore {
            documents: bundled_documents().clone(),
        }
    }

    /// Adds (or replaces) the context document served at `url`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidContextDocument`] if `url` is not an absolute IRI or the document is not
    /// a JSON object with an `@context` member.
    pub fn insert(&mut self, url: &str, document: Value) -> Result<(), Error> {
        if !crate::rdf::is_absolute_iri(url) {
            return Err(Error::InvalidContextDocument {
                url: url.to_owned(),
                reason: "the URL is not an absolute IRI".to_owned(),
            });
        }
        let ok = document.as_object().is_some_and(|o| o.contains_key("@context"));
        if !ok {
            return Err(Error::InvalidContextDocument {
                url: url.to_owned(),
                reason: "the document is not a JSON object with an @context member".to_owned(),
            });
        }
        self.documents.insert(url.to_owned(), Arc::new(document));
        Ok(())
    }

    /// Parses `text` as JSON and adds it as the context document served at `url`.
    ///
    /// # Errors
    ///
    /// As [`ContextStore::insert`], plus [`Error::InvalidContextDocument`] for invalid JSON.
    pub fn insert_str(&mut self, url: &str, text: &str) -> Result<(), Error> {
        let document: Value = serde_json::from_str(text).map_err(|e| Error::InvalidContextDocument {
            url: url.to_owned(),
            reason: format!("invalid JSON at line {}, column {}: {e}", e.line(), e.column()),
        })?;
        self.insert(url, document)
    }

    /// The document served at `url`, if stored.
    pub fn get(&self, url: &str) -> Option<&Value> {
        self.documents.get(url).map(|d| &**d)
    }

    pub(crate) fn get_shared(&self, url: &str) -> Option<&Arc<Value>> {
        self.documents.get(url)
    }

    /// Whether a document is stored for `url`.
    pub fn contains(&self, url: &str) -> bool {
        self.documents.contains_key(url)
    }

    /// The stored URLs, in no particular order.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.documents.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_context_parses() {
        for (url, text) in BUNDLED {
            let doc: Value = serde_json::from_str(text).unwrap();
            assert!(doc.get("@context").is_some(), "{url}");
        }
        assert_eq!(ContextStore::bundled().urls().count(), BUNDLED.len());
    }

    #[test]
    fn insert_validates() {
        let mut store = ContextStore::new();
        assert!(store.insert("relative", serde_json::json!({"@context": {}})).is_err());
        assert!(
            store
                .insert("https://x.example/c", serde_json::json!({"a": 1}))
                .is_err()
        );
        assert!(store.insert_str("https://x.example/c", "{").is_err());
        store
            .insert_str("https://x.example/c", r#"{"@context": {"a": "https://x.example/a"}}"#)
            .unwrap();
        assert!(store.contains("https://x.example/c"));
    }
}
