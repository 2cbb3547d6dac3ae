//! Error types. Each says what was wrong and where; none carries a third-party type.

/// A key that could not be parsed or exported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// A multibase value that is not base58btc (`z...`).
    #[error("multibase value: {reason}")]
    Multibase {
        /// What was wrong.
        reason: String,
    },
    /// The multicodec prefix names another key type.
    #[error("multicodec prefix {found}, expected {expected}")]
    Multicodec {
        /// The codec expected.
        expected: &'static str,
        /// The two prefix bytes found, in hex.
        found: String,
    },
    /// Key or signature bytes of the wrong length.
    #[error("{what}: {found} bytes, expected {expected}")]
    Length {
        /// What was being decoded.
        what: &'static str,
        /// The expected length in bytes.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// 32 bytes that are not an Ed25519 public key (not a curve point).
    #[error("not a valid Ed25519 public key")]
    InvalidPublicKey,
    /// A secret key stored beside a public key that is not its own.
    #[error("the public key stored with the secret key does not belong to it")]
    KeyPairMismatch,
    /// A JWK member that is missing or wrong.
    #[error("JWK member `{member}`: {reason}")]
    Jwk {
        /// The JWK member (`kty`, `crv`, `x`, `d`).
        member: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// A PEM document that is not an Ed25519 PKCS#8 / SPKI key.
    #[error("PEM key: {reason}")]
    Pem {
        /// What was wrong.
        reason: String,
    },
    /// A key file in none of the supported formats.
    #[error("key file is neither PKCS#8 PEM, a JWK, nor a multibase secret key")]
    UnknownFormat,
}

/// A DID or DID URL that is malformed or of an unsupported method.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DidError {
    /// Not `did:<method>:<method-specific-id>`.
    #[error("`{did}` is not a DID: {reason}")]
    Syntax {
        /// The text given.
        did: String,
        /// What was wrong.
        reason: &'static str,
    },
    /// A did:key whose key is not an Ed25519 Multikey.
    #[error("`{did}`: {source}")]
    Key {
        /// The DID.
        did: String,
        /// Why the key did not parse.
        source: KeyError,
    },
    /// A did:web domain that is not a host name (with an optional port and path).
    #[error("`{domain}` is not a did:web domain: {reason}")]
    WebDomain {
        /// The text given.
        domain: String,
        /// What was wrong.
        reason: &'static str,
    },
    /// A DID document that is not usable; `path` is a JSON path inside it.
    #[error("DID document at {path}: {reason}")]
    Document {
        /// JSON path of the offending member.
        path: String,
        /// What was wrong.
        reason: String,
    },
}

/// A verification method that could not be resolved to a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// The DID method (or URL scheme) has no resolver here.
    #[error("no offline resolver for `{id}` (supported: did:key, did:web with a supplied document, registered keys)")]
    Unsupported {
        /// The verification method id.
        id: String,
    },
    /// The DID was resolved but has no such verification method.
    #[error("`{id}` is not a verification method of its DID document")]
    NotFound {
        /// The verification method id.
        id: String,
    },
    /// The DID or its document is malformed.
    #[error(transparent)]
    Did(#[from] DidError),
}

/// A failure of a [`Signer`](crate::Signer) (a key store, an HSM or a KMS).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("signer failed: {message}")]
pub struct SignerError {
    message: String,
}

impl SignerError {
    /// A signer failure with a message for the operator (never secret material).
    pub fn new(message: impl Into<String>) -> Self {
        SignerError {
            message: message.into(),
        }
    }
}

/// Why a credential could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The document is not a JSON object or lacks what the suite needs; `path` is a JSON path.
    #[error("credential at {path}: {reason}")]
    Document {
        /// JSON path of the offending member.
        path: String,
        /// What was wrong.
        reason: String,
    },
    /// JSON-LD expansion or canonicalization failed (unknown context, term that does not
    /// expand in safe mode, ...).
    #[error("canonicalization: {reason}")]
    Canonicalization {
        /// What the JSON-LD processor reported, with its location.
        reason: String,
    },
    /// The credential's issuer is not the DID that controls the signing key.
    #[error("issuer `{issuer}` does not control verification method `{verification_method}`")]
    IssuerMismatch {
        /// The credential's issuer id.
        issuer: String,
        /// The signer's verification method.
        verification_method: String,
    },
    /// `previousProof` names a proof the document does not have.
    #[error("previousProof `{id}` is not a proof of the document")]
    MissingPreviousProof {
        /// The missing proof id.
        id: String,
    },
    /// The signer failed.
    #[error(transparent)]
    Signer(#[from] SignerError),
}

/// Why one proof did not verify. Signature failures stay opaque.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProofError {
    /// The proof or the document is malformed; `path` is a JSON path.
    #[error("{path}: {reason}")]
    Malformed {
        /// JSON path of the offending member.
        path: String,
        /// What was wrong.
        reason: String,
    },
    /// A proof type or cryptosuite this crate does not verify.
    #[error("{path}: unsupported proof type `{proof_type}`")]
    UnsupportedSuite {
        /// JSON path of the proof.
        path: String,
        /// `type` (and `cryptosuite`) of the proof.
        proof_type: String,
    },
    /// JSON-LD expansion or canonicalization failed.
    #[error("canonicalization: {reason}")]
    Canonicalization {
        /// What the JSON-LD processor reported.
        reason: String,
    },
    /// The verification method could not be resolved.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// The signature does not verify over the canonical document and proof options.
    #[error("{path}: signature does not verify")]
    BadSignature {
        /// JSON path of the proof.
        path: String,
    },
}

/// A JAdES-sealed EDC document that could not be parsed or whose seal did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JadesError {
    /// The JWS JSON structure is malformed; `path` is a JSON path.
    #[error("{path}: {reason}")]
    Malformed {
        /// JSON path of the offending member.
        path: String,
        /// What was wrong.
        reason: String,
    },
    /// An algorithm other than RS256, or a header this verifier does not understand.
    #[error("{path}: unsupported: {reason}")]
    Unsupported {
        /// JSON path of the offending member.
        path: String,
        /// What is unsupported.
        reason: String,
    },
    /// The `x5c` certificate could not be parsed or holds no RSA key.
    #[error("x5c[{index}]: {reason}")]
    Certificate {
        /// Index in `x5c`.
        index: usize,
        /// What was wrong.
        reason: String,
    },
}
