//! Decentralized identifiers: `did:key` (derived from the key) and `did:web` (a document the
//! institution publishes), and an offline resolver from verification method ids to keys.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Mutex, PoisonError};

use serde_json::{Value, json};

use crate::error::{DidError, ResolveError};
use crate::keys::PublicKey;

/// The DID v1 context.
pub const DID_V1_CONTEXT: &str = "https://www.w3.org/ns/did/v1";
/// The Multikey v1 context.
pub const MULTIKEY_V1_CONTEXT: &str = "https://w3id.org/security/multikey/v1";

/// A syntactically valid DID (`did:<method>:<method-specific-id>`), without a fragment.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Did(String);

impl Did {
    /// Parse a DID (W3C DID Core syntax: lower-case method name, non-empty specific id made of
    /// `idchar`s and `:`; no path, query or fragment).
    pub fn parse(did: &str) -> Result<Self, DidError> {
        let err = |reason| DidError::Syntax {
            did: did.to_owned(),
            reason,
        };
        let rest = did
            .strip_prefix("did:")
            .ok_or_else(|| err("does not start with `did:`"))?;
        let (method, specific) = rest.split_once(':').ok_or_else(|| err("no method-specific id"))?;
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
            return Err(err("method name must be lower-case letters and digits"));
        }
        if specific.is_empty() || specific.ends_with(':') {
            return Err(err("empty method-specific id"));
        }
        let bytes = specific.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b == b'%' {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .ok_or_else(|| err("truncated percent-encoding"))?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return Err(err("bad percent-encoding"));
                }
                i += 3;
                continue;
            }
            if !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':')) {
                return Err(err(
                    "character not allowed in a method-specific id (path, query or fragment?)",
                ));
            }
            i += 1;
        }
        Ok(Did(did.to_owned()))
    }

    /// The `did:key` of an Ed25519 public key.
    pub fn key(public_key: &PublicKey) -> Self {
        Did(format!("did:key:{}", public_key.to_multibase()))
    }

    /// The `did:web` of a domain, with an optional port and path: `example.edu` gives
    /// `did:web:example.edu`, `example.edu:8443/issuers/1` gives
    /// `did:web:example.edu%3A8443:issuers:1` (did:web method specification, section 3.1).
    pub fn web(domain: &str) -> Result<Self, DidError> {
        let err = |reason| DidError::WebDomain {
            domain: domain.to_owned(),
            reason,
        };
        let (host_port, path) = match domain.split_once('/') {
            Some((host, path)) => (host, Some(path)),
            None => (domain, None),
        };
        let (host, port) = match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        };
        if host.is_empty() || host.len() > 253 {
            return Err(err("empty or too long host name"));
        }
        for label in host.split('.') {
            let ok = !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !ok {
                return Err(err("host labels must be lower-case letters, digits and inner hyphens"));
            }
        }
        let mut did = format!("did:web:{host}");
        if let Some(port) = port {
            if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err("port must be digits"));
            }
            did.push_str("%3A");
            did.push_str(port);
        }
        if let Some(path) = path {
            for segment in path.trim_end_matches('/').split('/') {
                if segment.is_empty()
                    || !segment
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
                {
                    return Err(err("path segments must be non-empty letters, digits, `.`, `-` or `_`"));
                }
                did.push(':');
                did.push_str(segment);
            }
        }
        Did::parse(&did)
    }

    /// The DID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The method name (`key`, `web`, ...).
    pub fn method(&self) -> &str {
        self.0.split(':').nth(1).unwrap_or_default()
    }

    /// The method-specific id.
    pub fn method_specific_id(&self) -> &str {
        self.0.splitn(3, ':').nth(2).unwrap_or_default()
    }

    /// For a `did:key`, its Ed25519 public key.
    pub fn key_of_did_key(&self) -> Result<PublicKey, DidError> {
        if self.method() != "key" {
            return Err(DidError::Syntax {
                did: self.0.clone(),
                reason: "not a did:key",
            });
        }
        PublicKey::from_multibase(self.method_specific_id()).map_err(|source| DidError::Key {
            did: self.0.clone(),
            source,
        })
    }

    /// The verification method id this crate uses for a key of this DID: the DID with the
    /// key's multibase as fragment (`did:key:z6Mk...#z6Mk...`, `did:web:example.edu#z6Mk...`).
    pub fn verification_method_id(&self, public_key: &PublicKey) -> String {
        format!("{}#{}", self.0, public_key.to_multibase())
    }

    /// The `did.json` to publish for a `did:web` (or the document a `did:key` resolves to):
    /// one Multikey verification method, usable for assertions and authentication.
    pub fn document(&self, public_key: &PublicKey) -> Value {
        let vm = self.verification_method_id(public_key);
        json!({
            "@context": [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
            "id": self.0,
            "verificationMethod": [{
                "id": vm,
                "type": "Multikey",
                "controller": self.0,
                "publicKeyMultibase": public_key.to_multibase(),
            }],
            "authentication": [vm],
            "assertionMethod": [vm],
        })
    }

    /// For a `did:web`, the HTTPS URL of its `did.json` (for the caller that fetches it; this
    /// crate never does).
    pub fn web_document_url(&self) -> Option<String> {
        if self.method() != "web" {
            return None;
        }
        let mut parts = self.method_specific_id().split(':');
        let host = parts.next()?.replace("%3A", ":").replace("%3a", ":");
        let path: Vec<&str> = parts.collect();
        Some(if path.is_empty() {
            format!("https://{host}/.well-known/did.json")
        } else {
            format!("https://{host}/{}/did.json", path.join("/"))
        })
    }
}

impl fmt::Display for Did {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Did {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Did").field(&self.0).finish()
    }
}

impl std::str::FromStr for Did {
    type Err = DidError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Did::parse(s)
    }
}

/// What a verification method may be used for (DID Core verification relationships).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProofPurpose {
    /// `assertionMethod`: issuing credentials.
    AssertionMethod,
    /// `authentication`: proving control of the DID.
    Authentication,
}

impl ProofPurpose {
    /// The JSON-LD term.
    pub fn as_str(self) -> &'static str {
        match self {
            ProofPurpose::AssertionMethod => "assertionMethod",
            ProofPurpose::Authentication => "authentication",
        }
    }

    /// Parse the JSON-LD term.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "assertionMethod" => Some(ProofPurpose::AssertionMethod),
            "authentication" => Some(ProofPurpose::Authentication),
            _ => None,
        }
    }
}

/// A resolved verification method: the key, who controls it and what it may be used for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationMethod {
    /// The verification method id (a DID URL or an HTTPS URL with a fragment).
    pub id: String,
    /// The controller (for a DID, the DID itself).
    pub controller: String,
    /// The Ed25519 public key.
    pub public_key: PublicKey,
    /// The verification relationships the controller document grants this method.
    pub purposes: Vec<ProofPurpose>,
}

/// Turns a verification method id into a key. Implement it to resolve `did:web` over HTTPS,
/// from a cache or a registry; [`OfflineResolver`] never touches the network.
pub trait Resolver {
    /// Resolve `id` (the proof's `verificationMethod`).
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError>;
}

/// Offline resolution: every `did:key`, the `did:web` documents the caller supplies, and
/// verification methods registered by hand (such as an Open Badges issuer's HTTPS key id).
///
/// The keys of the `did:key`s it has resolved are kept (up to [`DID_KEY_CACHE_SIZE`]), so a
/// verifier that sees the same issuer again skips the base58 decoding and the curve point
/// decompression. Clones share nothing: each starts with its own copy of the cache.
#[derive(Debug, Clone, Default)]
pub struct OfflineResolver {
    documents: BTreeMap<String, Value>,
    methods: BTreeMap<String, VerificationMethod>,
    did_keys: DidKeyCache,
}

/// How many `did:key` resolutions an [`OfflineResolver`] keeps. When full, the cache is
/// emptied and refilled, so a stream of distinct keys cannot grow it.
pub const DID_KEY_CACHE_SIZE: usize = 1024;

/// `did:key` → its parsed public key, bounded by [`DID_KEY_CACHE_SIZE`].
#[derive(Debug, Default)]
struct DidKeyCache(Mutex<HashMap<String, PublicKey>>);

impl DidKeyCache {
    fn get(&self, did: &str) -> Option<PublicKey> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).get(did).copied()
    }

    fn insert(&self, did: &str, key: PublicKey) {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= DID_KEY_CACHE_SIZE {
            map.clear();
        }
        map.insert(did.to_owned(), key);
    }
}

impl Clone for DidKeyCache {
    fn clone(&self) -> Self {
        DidKeyCache(Mutex::new(
            self.0.lock().unwrap_or_else(PoisonError::into_inner).clone(),
        ))
    }
}

impl OfflineResolver {
    /// A resolver that knows only `did:key`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a DID document (such as a `did:web`'s `did.json`); its `id` must be a DID.
    pub fn add_document(&mut self, document: Value) -> Result<&mut Self, DidError> {
        let id = document
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| DidError::Document {
                path: "$.id".into(),
                reason: "missing or not a string".into(),
            })?;
        let did = Did::parse(id)?;
        self.documents.insert(did.0, document);
        Ok(self)
    }

    /// Register a verification method by hand.
    pub fn add_method(&mut self, method: VerificationMethod) -> &mut Self {
        self.methods.insert(method.id.clone(), method);
        self
    }
}

impl Resolver for OfflineResolver {
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        if let Some(method) = self.methods.get(id) {
            return Ok(method.clone());
        }
        let (did_text, fragment) = match id.split_once('#') {
            Some((did, fragment)) => (did, Some(fragment)),
            None => (id, None),
        };
        if !did_text.starts_with("did:") {
            return Err(ResolveError::Unsupported { id: id.to_owned() });
        }
        let did = Did::parse(did_text)?;
        if let Some(document) = self.documents.get(did.as_str()) {
            return resolve_in_document(document, &did, id);
        }
        if did.method() == "key" {
            let public_key = match self.did_keys.get(did.as_str()) {
                Some(key) => key,
                None => {
                    let key = did.key_of_did_key()?;
                    self.did_keys.insert(did.as_str(), key);
                    key
                }
            };
            if fragment.is_some_and(|f| f != did.method_specific_id()) {
                return Err(ResolveError::NotFound { id: id.to_owned() });
            }
            // The method id is `<did>#<multibase key>`, and a did:key's specific id is the
            // multibase key (base58 has one spelling per byte string without leading zeros,
            // and the multicodec prefix 0xed01 is not zero).
            let mut id = String::with_capacity(did_text.len() * 2 + 1);
            id.push_str(did.as_str());
            id.push('#');
            id.push_str(did.method_specific_id());
            return Ok(VerificationMethod {
                id,
                controller: did.0.clone(),
                public_key,
                purposes: vec![ProofPurpose::AssertionMethod, ProofPurpose::Authentication],
            });
        }
        Err(ResolveError::Unsupported { id: id.to_owned() })
    }
}

/// Is `reference` (absolute, or relative `#fragment`) the method `id` of `did`?
fn same_method(reference: &str, did: &Did, id: &str) -> bool {
    reference == id || (reference.starts_with('#') && id.strip_prefix(did.as_str()) == Some(reference))
}

/// Find `id` in a DID document: its key (Multikey or Ed25519VerificationKey2020 multibase,
/// or an Ed25519 JWK) and the relationships that reference it.
pub(crate) fn resolve_in_document(document: &Value, did: &Did, id: &str) -> Result<VerificationMethod, ResolveError> {
    let doc_err = |path: String, reason: String| ResolveError::Did(DidError::Document { path, reason });
    let mut found = None;
    let mut purposes = Vec::new();
    let mut candidates: Vec<(String, &Value)> = Vec::new();
    if let Some(methods) = document.get("verificationMethod").and_then(Value::as_array) {
        for (i, m) in methods.iter().enumerate() {
            candidates.push((format!("$.verificationMethod[{i}]"), m));
        }
    }
    for purpose in [ProofPurpose::AssertionMethod, ProofPurpose::Authentication] {
        let Some(list) = document.get(purpose.as_str()).and_then(Value::as_array) else {
            continue;
        };
        for (i, entry) in list.iter().enumerate() {
            let reference = match entry {
                Value::String(s) => Some(s.as_str()),
                Value::Object(_) => {
                    candidates.push((format!("$.{}[{i}]", purpose.as_str()), entry));
                    entry.get("id").and_then(Value::as_str)
                }
                _ => None,
            };
            if reference.is_some_and(|r| same_method(r, did, id)) && !purposes.contains(&purpose) {
                purposes.push(purpose);
            }
        }
    }
    for (path, method) in candidates {
        let Some(mid) = method.get("id").and_then(Value::as_str) else {
            continue;
        };
        if !same_method(mid, did, id) {
            continue;
        }
        let controller = method
            .get("controller")
            .and_then(Value::as_str)
            .unwrap_or(did.as_str())
            .to_owned();
        let public_key = if let Some(mb) = method.get("publicKeyMultibase").and_then(Value::as_str) {
            PublicKey::from_multibase(mb).map_err(|e| doc_err(format!("{path}.publicKeyMultibase"), e.to_string()))?
        } else if let Some(jwk) = method.get("publicKeyJwk") {
            PublicKey::from_jwk(jwk).map_err(|e| doc_err(format!("{path}.publicKeyJwk"), e.to_string()))?
        } else {
            return Err(doc_err(path, "no publicKeyMultibase or publicKeyJwk".into()));
        };
        found = Some(VerificationMethod {
            id: id.to_owned(),
            controller,
            public_key,
            purposes: Vec::new(),
        });
        break;
    }
    let mut method = found.ok_or_else(|| ResolveError::NotFound { id: id.to_owned() })?;
    method.purposes = purposes;
    Ok(method)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SecretKey;

    #[test]
    fn did_syntax() {
        assert!(Did::parse("did:example:123").is_ok());
        assert!(Did::parse("did:web:example.edu%3A8443:a").is_ok());
        for bad in [
            "",
            "did:",
            "did:Key:z",
            "did:key:",
            "did:key:a#b",
            "did:key:a/b",
            "http://x",
            "did:key:%zz",
        ] {
            assert!(Did::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn did_web_names_and_urls() {
        let did = Did::web("example.edu").unwrap();
        assert_eq!(did.as_str(), "did:web:example.edu");
        assert_eq!(
            did.web_document_url().unwrap(),
            "https://example.edu/.well-known/did.json"
        );
        let did = Did::web("w3c-ccg.github.io:8443/user/alice").unwrap();
        assert_eq!(did.as_str(), "did:web:w3c-ccg.github.io%3A8443:user:alice");
        assert_eq!(
            did.web_document_url().unwrap(),
            "https://w3c-ccg.github.io:8443/user/alice/did.json"
        );
        for bad in [
            "",
            "Example.edu",
            "-a.edu",
            "a..edu",
            "a.edu:x",
            "a.edu/",
            "a.edu//b",
            "https://a.edu",
        ] {
            assert!(Did::web(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn did_web_document_resolves_offline() {
        let key = SecretKey::from_seed(&[3; 32]).public_key();
        let did = Did::web("uni.example.edu").unwrap();
        let mut resolver = OfflineResolver::new();
        resolver.add_document(did.document(&key)).unwrap();
        let vm = resolver.resolve(&did.verification_method_id(&key)).unwrap();
        assert_eq!(vm.public_key, key);
        assert_eq!(vm.controller, did.as_str());
        assert!(vm.purposes.contains(&ProofPurpose::AssertionMethod));
        assert!(matches!(
            resolver.resolve("did:web:uni.example.edu#other"),
            Err(ResolveError::NotFound { .. })
        ));
        assert!(matches!(
            resolver.resolve("did:web:elsewhere.edu#k"),
            Err(ResolveError::Unsupported { .. })
        ));
    }

    #[test]
    fn did_key_cache_is_bounded() {
        let resolver = OfflineResolver::new();
        for i in 0..(DID_KEY_CACHE_SIZE + 10) {
            let mut seed = [0u8; 32];
            seed[..8].copy_from_slice(&(i as u64).to_le_bytes());
            let key = SecretKey::from_seed(&seed).public_key();
            let vm = resolver.resolve(key.did_key().as_str()).unwrap();
            assert_eq!(vm.public_key, key);
        }
        assert!(resolver.did_keys.0.lock().unwrap().len() <= DID_KEY_CACHE_SIZE);
    }

    #[test]
    fn did_key_resolves() {
        let key = SecretKey::from_seed(&[4; 32]).public_key();
        let did = key.did_key();
        let vm = OfflineResolver::new()
            .resolve(&did.verification_method_id(&key))
            .unwrap();
        assert_eq!(vm.public_key, key);
        assert_eq!(vm.controller, did.as_str());
        assert_eq!(vm.id, did.verification_method_id(&key));
        // Resolved again from the cache: the same method.
        let resolver = OfflineResolver::new();
        let first = resolver.resolve(&did.verification_method_id(&key)).unwrap();
        assert_eq!(resolver.resolve(did.as_str()).unwrap(), first);
        assert_eq!(resolver.clone().resolve(&first.id).unwrap(), first);
        let wrong = format!("{}#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", did);
        assert!(OfflineResolver::new().resolve(&wrong).is_err());
    }
}
