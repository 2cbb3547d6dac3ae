//! W3C Data Integrity proofs with the EdDSA cryptosuites `eddsa-rdfc-2022` and
//! `eddsa-jcs-2022` (W3C vc-di-eddsa), proof sets and proof chains; verification of the legacy
//! `Ed25519Signature2020` too.

use chrono::{DateTime, SecondsFormat, Utc};
use microcred_canon::{ContextStore, JsonLdProcessor, ObjectView};
use microcred_model::context::{BITSTRING_STATUS_LIST_V1, CREDENTIALS_V1, DATA_INTEGRITY_V2, EDC_AP, Envelope};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::did::ProofPurpose;
use crate::did::{Resolver, VerificationMethod};
use crate::error::{ProofError, SignError};
use crate::keys::Signature;
use crate::signer::Signer;

/// The VC Data Model 2.0 context, which includes the Data Integrity terms.
pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// The Ed25519Signature2020 suite context (legacy proofs).
pub const ED25519_2020_V1: &str = "https://w3id.org/security/suites/ed25519-2020/v1";

/// A Data Integrity cryptosuite this crate can sign with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Cryptosuite {
    /// `eddsa-rdfc-2022`: RDF Dataset Canonicalization (RDFC-1.0), SHA-256, Ed25519.
    #[default]
    EddsaRdfc2022,
    /// `eddsa-jcs-2022`: JSON Canonicalization Scheme (RFC 8785), SHA-256, Ed25519.
    EddsaJcs2022,
}

impl Cryptosuite {
    /// The `cryptosuite` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Cryptosuite::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Cryptosuite::EddsaJcs2022 => "eddsa-jcs-2022",
        }
    }

    /// Parse a `cryptosuite` value.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "eddsa-rdfc-2022" => Some(Cryptosuite::EddsaRdfc2022),
            "eddsa-jcs-2022" => Some(Cryptosuite::EddsaJcs2022),
            _ => None,
        }
    }
}

impl std::fmt::Display for Cryptosuite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a proof's hash data is computed: a signing suite, or a legacy suite only verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suite {
    Rdfc,
    Jcs,
    /// `Ed25519Signature2020`: like `eddsa-rdfc-2022` (URDNA2015 = RDFC-1.0).
    Ed25519Signature2020,
}

/// The options of a new proof.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProofOptions {
    /// The cryptosuite.
    pub cryptosuite: Cryptosuite,
    /// `created`, written to the second (`2025-01-31T12:00:00Z`).
    pub created: DateTime<Utc>,
    /// `expires`, if the proof should stop being accepted at some time.
    pub expires: Option<DateTime<Utc>>,
    /// `proofPurpose`; `assertionMethod` for credentials.
    pub proof_purpose: ProofPurpose,
    /// The proof's `id` (needed when a later proof chains to it).
    pub id: Option<String>,
    /// `previousProof`: the ids of the proofs this one chains to.
    pub previous_proof: Vec<String>,
}

impl ProofOptions {
    /// An `assertionMethod` proof with `cryptosuite` created at `created`.
    pub fn new(cryptosuite: Cryptosuite, created: DateTime<Utc>) -> Self {
        ProofOptions {
            cryptosuite,
            created,
            expires: None,
            proof_purpose: ProofPurpose::AssertionMethod,
            id: None,
            previous_proof: Vec::new(),
        }
    }

    /// Set `expires`.
    pub fn expires(mut self, expires: DateTime<Utc>) -> Self {
        self.expires = Some(expires);
        self
    }

    /// Set the proof `id`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Chain this proof to an earlier one (`previousProof`).
    pub fn previous_proof(mut self, id: impl Into<String>) -> Self {
        self.previous_proof.push(id.into());
        self
    }
}

/// Format a timestamp as Data Integrity writes it: UTC, whole seconds unless there is a
/// fraction, `Z`.
pub(crate) fn format_datetime(time: DateTime<Utc>) -> String {
    let format = if time.timestamp_subsec_nanos() == 0 {
        SecondsFormat::Secs
    } else {
        SecondsFormat::AutoSi
    };
    time.to_rfc3339_opts(format, true)
}

/// Parse an XML Schema `dateTime`; a value without a time zone is read as UTC.
pub(crate) fn parse_datetime(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(time) = DateTime::parse_from_rfc3339(value) {
        return Some(time.with_timezone(&Utc));
    }
    chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc())
}

/// One proof that verified: what it says and the key that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedProof {
    /// JSON path of the proof (`$.proof` or `$.proof[1]`).
    pub path: String,
    /// `type`, or `DataIntegrityProof/<cryptosuite>`.
    pub suite: String,
    /// The resolved verification method.
    pub method: VerificationMethod,
    /// `proofPurpose`, if it is one this crate knows.
    pub proof_purpose: Option<ProofPurpose>,
    /// `created`, if present and a valid dateTime.
    pub created: Option<DateTime<Utc>>,
    /// `expires`, if present and a valid dateTime.
    pub expires: Option<DateTime<Utc>>,
}

/// The outcome for one proof of a document.
pub type ProofResult = Result<VerifiedProof, ProofError>;

/// Adds and verifies Data Integrity proofs, with an offline JSON-LD processor whose processed
/// contexts are kept between calls. Build one and reuse it.
#[derive(Debug)]
pub struct DataIntegrity {
    processor: JsonLdProcessor,
}

impl Default for DataIntegrity {
    fn default() -> Self {
        Self::new()
    }
}

impl DataIntegrity {
    /// With the bundled contexts (VC v1 and v2, Data Integrity, Multikey, DID, Bitstring
    /// Status List, ELM `edc-ap`, Open Badges, ...). An unknown context is an error, never a
    /// network fetch.
    pub fn new() -> Self {
        Self::with_contexts(ContextStore::bundled())
    }

    /// With the caller's context store (the bundled one plus their own contexts).
    pub fn with_contexts(store: ContextStore) -> Self {
        DataIntegrity {
            processor: JsonLdProcessor::new(store),
        }
    }

    /// Sign a credential: its issuer (or the issuer object's `id`) must be the DID that
    /// controls the signer's key; an EDC credential (`[VC v1, edc-ap]`) is moved to the
    /// `edc-w3c` envelope, and a VC v1 credential gets the Data Integrity v2 context, so the
    /// proof's terms are defined. Returns the signed credential.
    pub fn sign_credential(
        &self,
        credential: &Value,
        signer: &dyn Signer,
        options: &ProofOptions,
    ) -> Result<Value, SignError> {
        check_issuer(credential, signer)?;
        // The one copy of the credential: the signed credential is built in it.
        self.sign_checked(credential.clone(), signer, options)
    }

    /// [`DataIntegrity::sign_credential`] for a caller that owns the credential and no longer
    /// needs it unsigned: the signed credential is built in it, without a copy (an issuing
    /// office signing thousands of 20 KB credentials saves one deep copy of each).
    pub fn sign_credential_owned(
        &self,
        credential: Value,
        signer: &dyn Signer,
        options: &ProofOptions,
    ) -> Result<Value, SignError> {
        check_issuer(&credential, signer)?;
        self.sign_checked(credential, signer, options)
    }

    /// Sign a credential whose issuer was checked: add the contexts, the proof, in place.
    fn sign_checked(
        &self,
        mut credential: Value,
        signer: &dyn Signer,
        options: &ProofOptions,
    ) -> Result<Value, SignError> {
        add_proof_contexts(&mut credential, options.cryptosuite)?;
        let Value::Object(mut object) = credential else {
            return Err(not_an_object());
        };
        let proof = self.make_proof(&object, signer, options)?;
        attach_proof(&mut object, proof);
        Ok(Value::Object(object))
    }

    /// Add a proof to any JSON(-LD) document, without the issuer check or the context changes
    /// of [`DataIntegrity::sign_credential`]. An existing proof is kept (a proof set); with
    /// `previous_proof` the new proof also signs the proofs it names (a proof chain).
    pub fn add_proof(&self, document: &Value, signer: &dyn Signer, options: &ProofOptions) -> Result<Value, SignError> {
        let object = document.as_object().ok_or_else(not_an_object)?;
        let proof = self.make_proof(object, signer, options)?;
        let mut secured = object.clone();
        attach_proof(&mut secured, proof);
        Ok(Value::Object(secured))
    }

    /// The new proof (with its `proofValue`) over `object`, read in place: the unsecured
    /// document is `object` without `proof`, or with only the proofs a chained proof names.
    fn make_proof(
        &self,
        object: &Map<String, Value>,
        signer: &dyn Signer,
        options: &ProofOptions,
    ) -> Result<Map<String, Value>, SignError> {
        let existing = proofs_of(object).map_err(|reason| SignError::Document {
            path: "$.proof".into(),
            reason,
        })?;
        let chained = if options.previous_proof.is_empty() {
            None
        } else {
            let mut chained = Vec::new();
            for id in &options.previous_proof {
                let proof = existing
                    .iter()
                    .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
                    .ok_or_else(|| SignError::MissingPreviousProof { id: id.clone() })?;
                chained.push((*proof).clone());
            }
            Some(Value::Array(chained))
        };

        let mut proof = Map::new();
        proof.insert("type".into(), "DataIntegrityProof".into());
        if let Some(id) = &options.id {
            proof.insert("id".into(), id.clone().into());
        }
        proof.insert("cryptosuite".into(), options.cryptosuite.as_str().into());
        proof.insert("created".into(), format_datetime(options.created).into());
        if let Some(expires) = options.expires {
            proof.insert("expires".into(), format_datetime(expires).into());
        }
        proof.insert("verificationMethod".into(), signer.verification_method().into());
        proof.insert("proofPurpose".into(), options.proof_purpose.as_str().into());
        match options.previous_proof.as_slice() {
            [] => {}
            [one] => {
                proof.insert("previousProof".into(), one.clone().into());
            }
            many => {
                proof.insert("previousProof".into(), many.iter().cloned().map(Value::from).collect());
            }
        }
        let suite = match options.cryptosuite {
            Cryptosuite::EddsaRdfc2022 => Suite::Rdfc,
            Cryptosuite::EddsaJcs2022 => {
                if let Some(context) = object.get("@context") {
                    proof.insert("@context".into(), context.clone());
                }
                Suite::Jcs
            }
        };
        let overrides = [("proof", chained.as_ref())];
        let hash = self
            .hash_data(suite, &proof, ObjectView::new(object, &overrides))
            .map_err(|reason| SignError::Canonicalization { reason })?;
        let signature = signer.sign(&hash)?;
        if signer.check_signatures() {
            signer
                .public_key()
                .verify(&hash, &signature)
                .map_err(|_| crate::SignerError::new("the signer returned a signature that does not verify"))?;
        }
        proof.insert("proofValue".into(), signature.to_multibase().into());
        Ok(proof)
    }

    /// Verify every proof of `document` (each of a proof set; a chained proof over the proofs
    /// it names). Returns one result per proof, in document order; an empty list when the
    /// document has no proof.
    pub fn verify_proofs(&self, document: &Value, resolver: &dyn Resolver) -> Vec<ProofResult> {
        let Some(object) = document.as_object() else {
            return vec![Err(ProofError::Malformed {
                path: "$".into(),
                reason: "not a JSON object".into(),
            })];
        };
        let proofs = match proofs_of(object) {
            Ok(proofs) => proofs,
            Err(reason) => {
                return vec![Err(ProofError::Malformed {
                    path: "$.proof".into(),
                    reason,
                })];
            }
        };
        let many = matches!(object.get("proof"), Some(Value::Array(_)));
        proofs
            .iter()
            .enumerate()
            .map(|(i, proof)| {
                let path = if many {
                    format!("$.proof[{i}]")
                } else {
                    "$.proof".to_owned()
                };
                self.verify_one(object, &proofs, proof, &path, resolver)
            })
            .collect()
    }

    fn verify_one(
        &self,
        document: &Map<String, Value>,
        all: &[&Value],
        proof: &Value,
        path: &str,
        resolver: &dyn Resolver,
    ) -> ProofResult {
        let malformed = |member: &str, reason: &str| ProofError::Malformed {
            path: format!("{path}{member}"),
            reason: reason.to_owned(),
        };
        let proof = proof.as_object().ok_or_else(|| malformed("", "not a JSON object"))?;
        let text = |member: &str| proof.get(member).and_then(Value::as_str);
        let proof_type = text("type").ok_or_else(|| malformed(".type", "missing or not a string"))?;
        let (suite, suite_name) = match (proof_type, text("cryptosuite")) {
            ("DataIntegrityProof", Some("eddsa-rdfc-2022")) => (Suite::Rdfc, "DataIntegrityProof/eddsa-rdfc-2022"),
            ("DataIntegrityProof", Some("eddsa-jcs-2022")) => (Suite::Jcs, "DataIntegrityProof/eddsa-jcs-2022"),
            ("Ed25519Signature2020", None) => (Suite::Ed25519Signature2020, "Ed25519Signature2020"),
            (other, suite) => {
                return Err(ProofError::UnsupportedSuite {
                    path: path.to_owned(),
                    proof_type: suite.map_or_else(|| other.to_owned(), |s| format!("{other}/{s}")),
                });
            }
        };
        let proof_value = text("proofValue").ok_or_else(|| malformed(".proofValue", "missing or not a string"))?;
        let signature = Signature::from_multibase(proof_value).map_err(|e| malformed(".proofValue", &e.to_string()))?;
        let vm_id =
            text("verificationMethod").ok_or_else(|| malformed(".verificationMethod", "missing or not a string"))?;
        let purpose_text = text("proofPurpose").ok_or_else(|| malformed(".proofPurpose", "missing or not a string"))?;
        let created = match proof.get("created") {
            None => None,
            Some(value) => Some(
                value
                    .as_str()
                    .and_then(parse_datetime)
                    .ok_or_else(|| malformed(".created", "not an XML Schema dateTime"))?,
            ),
        };
        let expires = match proof.get("expires") {
            None => None,
            Some(value) => Some(
                value
                    .as_str()
                    .and_then(parse_datetime)
                    .ok_or_else(|| malformed(".expires", "not an XML Schema dateTime"))?,
            ),
        };

        // The unsecured document is read in place: `document` without `proof` (or with only the
        // proofs this one chains to) and, see below, with the proof's @context.
        let mut chained = None;
        if let Some(previous) = proof.get("previousProof") {
            let ids: Vec<&str> = match previous {
                Value::String(id) => vec![id.as_str()],
                Value::Array(ids) => ids.iter().filter_map(Value::as_str).collect(),
                _ => return Err(malformed(".previousProof", "not a string or a list of strings")),
            };
            let mut list = Vec::new();
            for id in ids {
                let earlier = all
                    .iter()
                    .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
                    .ok_or_else(|| malformed(".previousProof", &format!("`{id}` is not a proof of the document")))?;
                list.push((*earlier).clone());
            }
            chained = Some(Value::Array(list));
        }
        let mut overrides = vec![("proof", chained.as_ref())];
        // A proof that carries an @context (eddsa-jcs-2022 always does) must name a prefix of
        // the document's, which then stands for the document's (vc-di-eddsa, Verify Proof).
        if let Some(context) = proof.get("@context") {
            fn as_list(v: &Value) -> &[Value] {
                match v {
                    Value::Array(items) => items.as_slice(),
                    other => std::slice::from_ref(other),
                }
            }
            let doc_context = document.get("@context").map_or(&[][..], as_list);
            if !doc_context.starts_with(as_list(context)) {
                return Err(malformed(
                    ".@context",
                    "the document's @context does not start with the proof's",
                ));
            }
            overrides.push(("@context", Some(context)));
        }
        let method = resolver.resolve(vm_id)?;
        let hash = self
            .hash_data(suite, proof, ObjectView::new(document, &overrides))
            .map_err(|reason| ProofError::Canonicalization { reason })?;
        method
            .public_key
            .verify(&hash, &signature)
            .map_err(|_| ProofError::BadSignature { path: path.to_owned() })?;
        Ok(VerifiedProof {
            path: path.to_owned(),
            suite: suite_name.to_owned(),
            method,
            proof_purpose: ProofPurpose::parse(purpose_text),
            created,
            expires,
        })
    }

    /// The 64 bytes that are signed: SHA-256 of the canonical proof configuration (`proof`
    /// without `proofValue`) followed by SHA-256 of the canonical unsecured document.
    fn hash_data(
        &self,
        suite: Suite,
        proof: &Map<String, Value>,
        unsecured: ObjectView<'_>,
    ) -> Result<[u8; 64], String> {
        let (proof_canonical, doc_canonical) = match suite {
            Suite::Rdfc | Suite::Ed25519Signature2020 => {
                // The proof configuration is read with the document's contexts.
                let context = unsecured.get("@context");
                let config_overrides = [("proofValue", None), ("@context", context)];
                let config = ObjectView::new(
                    proof,
                    if context.is_some() {
                        &config_overrides
                    } else {
                        &config_overrides[..1]
                    },
                );
                (self.rdfc(config, "proof options")?, self.rdfc(unsecured, "document")?)
            }
            Suite::Jcs => {
                let config = ObjectView::new(proof, &[("proofValue", None)]);
                let proof = microcred_canon::jcs_view(config).map_err(|e| format!("proof options: {e}"))?;
                let doc = microcred_canon::jcs_view(unsecured).map_err(|e| format!("document: {e}"))?;
                (proof, doc)
            }
        };
        let mut out = [0u8; 64];
        let (first, second) = out.split_at_mut(32);
        first.copy_from_slice(&Sha256::digest(proof_canonical.as_bytes()));
        second.copy_from_slice(&Sha256::digest(doc_canonical.as_bytes()));
        Ok(out)
    }

    fn rdfc(&self, view: ObjectView<'_>, what: &str) -> Result<String, String> {
        self.processor
            .canonicalize_view(view)
            .map_err(|e| format!("{what}: {e}"))
    }

    /// The canonical form a suite signs, for tests and debugging: RDFC-1.0 N-Quads or JCS.
    pub fn canonical_form(&self, cryptosuite: Cryptosuite, document: &Value) -> Result<String, SignError> {
        match cryptosuite {
            Cryptosuite::EddsaRdfc2022 => self.processor.canonicalize(document),
            Cryptosuite::EddsaJcs2022 => microcred_canon::jcs(document),
        }
        .map_err(|e| SignError::Canonicalization { reason: e.to_string() })
    }
}

/// The proofs of a document: none, one object, or a list of objects.
fn proofs_of(document: &Map<String, Value>) -> Result<Vec<&Value>, String> {
    match document.get("proof") {
        None => Ok(Vec::new()),
        Some(proof @ Value::Object(_)) => Ok(vec![proof]),
        Some(Value::Array(proofs)) => {
            if let Some(i) = proofs.iter().position(|p| !p.is_object()) {
                return Err(format!("entry {i} is not a JSON object"));
            }
            Ok(proofs.iter().collect())
        }
        Some(_) => Err("not an object or a list of objects".into()),
    }
}

/// The credential's issuer id: `issuer` as a string, or `issuer.id`.
pub(crate) fn issuer_id(credential: &Value) -> Option<&str> {
    match credential.get("issuer")? {
        Value::String(id) => Some(id),
        Value::Object(issuer) => issuer.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// Make sure the proof's terms are defined: EDC credentials move to the `edc-w3c` envelope,
/// other VC v1 credentials get the Data Integrity v2 context. (JCS does not expand terms, but
/// the same contexts keep the credential readable as JSON-LD by every verifier.)
fn add_proof_contexts(credential: &mut Value, _suite: Cryptosuite) -> Result<(), SignError> {
    let bad = || SignError::Document {
        path: "$.@context".into(),
        reason: "missing, or not a list of strings".into(),
    };
    let object = credential.as_object_mut().ok_or_else(|| SignError::Document {
        path: "$".into(),
        reason: "not a JSON object".into(),
    })?;
    let context = object.get_mut("@context").ok_or_else(bad)?;
    if let Value::String(single) = context {
        *context = Value::Array(vec![Value::String(single.clone())]);
    }
    let Value::Array(list) = context else { return Err(bad()) };
    let has = |list: &[Value], url: &str| list.iter().any(|c| c.as_str() == Some(url));
    if has(list, CREDENTIALS_V2) || has(list, DATA_INTEGRITY_V2) {
        return Ok(());
    }
    let edc: Vec<Value> = Envelope::Edc.contexts().iter().map(|c| Value::from(*c)).collect();
    if list.as_slice() == edc.as_slice() {
        *list = Envelope::EdcW3c.contexts().iter().map(|c| Value::from(*c)).collect();
    } else if has(list, CREDENTIALS_V1) {
        list.push(DATA_INTEGRITY_V2.into());
        if has(list, EDC_AP) && !has(list, BITSTRING_STATUS_LIST_V1) {
            list.push(BITSTRING_STATUS_LIST_V1.into());
        }
    }
    Ok(())
}

/// The credential's issuer (or its issuer object's `id`) must be the signer's controller.
fn check_issuer(credential: &Value, signer: &dyn Signer) -> Result<(), SignError> {
    let issuer = issuer_id(credential).ok_or_else(|| SignError::Document {
        path: "$.issuer".into(),
        reason: "missing, or neither a string nor an object with a string `id`".into(),
    })?;
    if issuer != signer.controller() {
        return Err(SignError::IssuerMismatch {
            issuer: issuer.to_owned(),
            verification_method: signer.verification_method().to_owned(),
        });
    }
    Ok(())
}

/// The document is not a JSON object.
fn not_an_object() -> SignError {
    SignError::Document {
        path: "$".into(),
        reason: "not a JSON object".into(),
    }
}

/// Adds `proof` to `object`: as its only proof (also when `proof` was an empty list), or beside
/// the proofs it already has (a proof set; the existing `proof` was checked to be an object or
/// a list of objects).
fn attach_proof(object: &mut Map<String, Value>, proof: Map<String, Value>) {
    let proof = Value::Object(proof);
    let value = match object.remove("proof") {
        None => proof,
        Some(Value::Array(mut all)) if !all.is_empty() => {
            all.push(proof);
            Value::Array(all)
        }
        Some(Value::Array(_)) => proof,
        Some(existing) => Value::Array(vec![existing, proof]),
    };
    object.insert("proof".into(), value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn attached(document: Value) -> Value {
        let Value::Object(mut object) = document else {
            panic!("not an object")
        };
        let proof = json!({"type": "DataIntegrityProof", "id": "urn:new"});
        attach_proof(&mut object, proof.as_object().unwrap().clone());
        Value::Object(object)
    }

    #[test]
    fn proofs_are_attached_as_one_or_as_a_set() {
        let new = json!({"type": "DataIntegrityProof", "id": "urn:new"});
        let old = json!({"type": "DataIntegrityProof", "id": "urn:old"});
        assert_eq!(attached(json!({"id": "urn:x"}))["proof"], new);
        assert_eq!(attached(json!({"proof": []}))["proof"], new);
        assert_eq!(
            attached(json!({"proof": old.clone()}))["proof"],
            json!([old.clone(), new.clone()])
        );
        assert_eq!(attached(json!({"proof": [old.clone()]}))["proof"], json!([old, new]));
    }
}
