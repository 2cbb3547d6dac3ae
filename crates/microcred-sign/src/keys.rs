//! Ed25519 keys: generation, Multikey, JWK and PKCS#8 PEM import and export.
//!
//! A [`SecretKey`] zeroizes its bytes on drop, and its `Debug` output names only the public
//! key. Every export of secret material comes back wrapped in [`Zeroizing`], so the copy the
//! caller writes to a key file is wiped too.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::did::Did;
use crate::error::KeyError;

/// Multicodec prefix of an Ed25519 public key (`ed25519-pub`, 0xed, as a varint).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec prefix of an Ed25519 secret key (`ed25519-priv`, 0x1300, as a varint).
const ED25519_PRIV: [u8; 2] = [0x80, 0x26];

/// Decode a multibase base58btc (`z...`) string into bytes.
pub(crate) fn decode_base58btc(value: &str) -> Result<Vec<u8>, KeyError> {
    let rest = value.strip_prefix('z').ok_or_else(|| KeyError::Multibase {
        reason: "does not start with `z` (base58btc)".into(),
    })?;
    bs58::decode(rest).into_vec().map_err(|e| KeyError::Multibase {
        reason: format!("not base58btc: {e}"),
    })
}

/// Encode bytes as multibase base58btc (`z...`).
pub(crate) fn encode_base58btc(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 138 / 100 + 2);
    out.push('z');
    out.push_str(&bs58::encode(bytes).into_string());
    out
}

/// Strip a two-byte multicodec prefix, or say which one was found.
fn strip_multicodec<'a>(bytes: &'a [u8], prefix: [u8; 2], what: &'static str) -> Result<&'a [u8], KeyError> {
    match bytes.split_first_chunk::<2>() {
        Some((found, rest)) if *found == prefix => Ok(rest),
        Some((found, _)) => Err(KeyError::Multicodec {
            expected: what,
            found: format!("0x{:02x}{:02x}", found[0], found[1]),
        }),
        None => Err(KeyError::Length {
            what,
            expected: 34,
            found: bytes.len(),
        }),
    }
}

/// An Ed25519 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// The key from its 32 bytes; fails when they are not a valid curve point.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, KeyError> {
        VerifyingKey::from_bytes(bytes)
            .map(PublicKey)
            .map_err(|_| KeyError::InvalidPublicKey)
    }

    /// The key's 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// Parse a Multikey `publicKeyMultibase` value (`z6Mk...`).
    pub fn from_multibase(value: &str) -> Result<Self, KeyError> {
        let bytes = decode_base58btc(value)?;
        let raw = strip_multicodec(&bytes, ED25519_PUB, "ed25519-pub (0xed01)")?;
        let raw: &[u8; 32] = raw.try_into().map_err(|_| KeyError::Length {
            what: "Ed25519 public key",
            expected: 32,
            found: raw.len(),
        })?;
        Self::from_bytes(raw)
    }

    /// The Multikey `publicKeyMultibase` value (`z6Mk...`).
    pub fn to_multibase(&self) -> String {
        let mut bytes = Vec::with_capacity(34);
        bytes.extend_from_slice(&ED25519_PUB);
        bytes.extend_from_slice(self.0.as_bytes());
        encode_base58btc(&bytes)
    }

    /// Parse a public JWK (`{"kty":"OKP","crv":"Ed25519","x":...}`).
    pub fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let x = jwk_okp_member(jwk, "x")?;
        let bytes = decode_jwk_bytes(x, "x")?;
        let raw: &[u8; 32] = bytes.as_slice().try_into().map_err(|_| KeyError::Jwk {
            member: "x",
            reason: format!("{} bytes, expected 32", bytes.len()),
        })?;
        Self::from_bytes(raw)
    }

    /// The public JWK: `{"kty":"OKP","crv":"Ed25519","x":...}`.
    pub fn to_jwk(&self) -> Value {
        json!({ "kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(self.0.as_bytes()) })
    }

    /// Parse a `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo) PEM document.
    pub fn from_public_key_pem(pem: &str) -> Result<Self, KeyError> {
        VerifyingKey::from_public_key_pem(pem)
            .map(PublicKey)
            .map_err(|e| KeyError::Pem { reason: e.to_string() })
    }

    /// The `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo) PEM document.
    pub fn to_public_key_pem(&self) -> Result<String, KeyError> {
        self.0
            .to_public_key_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .map_err(|e| KeyError::Pem { reason: e.to_string() })
    }

    /// The `did:key` identifier of this key.
    pub fn did_key(&self) -> Did {
        Did::key(self)
    }

    /// Verify an Ed25519 signature over `message` (strict: rejects small-order keys and
    /// non-canonical signatures). The error is deliberately opaque.
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), SignatureError> {
        let signature = ed25519_dalek::Signature::from_bytes(&signature.0);
        self.0.verify_strict(message, &signature).map_err(|_| SignatureError)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PublicKey").field(&self.to_multibase()).finish()
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_multibase())
    }
}

/// A signature that did not verify. Opaque on purpose, like `signature::Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("signature verification failed")]
pub struct SignatureError;

/// A 64-byte Ed25519 signature.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature([u8; 64]);

impl Signature {
    /// The signature from its 64 bytes.
    pub fn from_bytes(bytes: [u8; 64]) -> Self {
        Signature(bytes)
    }

    /// The signature from a slice, which must be 64 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, KeyError> {
        let raw: [u8; 64] = bytes.try_into().map_err(|_| KeyError::Length {
            what: "Ed25519 signature",
            expected: 64,
            found: bytes.len(),
        })?;
        Ok(Signature(raw))
    }

    /// The signature's bytes.
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0
    }

    /// As a Data Integrity `proofValue`: multibase base58btc (`z...`).
    pub fn to_multibase(&self) -> String {
        encode_base58btc(&self.0)
    }

    /// Parse a Data Integrity `proofValue` (multibase base58btc, `z...`).
    pub fn from_multibase(value: &str) -> Result<Self, KeyError> {
        Self::from_slice(&decode_base58btc(value)?)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Signature").field(&self.to_multibase()).finish()
    }
}

/// An Ed25519 secret key. Zeroized on drop; `Debug` shows only the public key.
#[derive(Clone)]
pub struct SecretKey(SigningKey);

impl SecretKey {
    /// A new key from the operating system's random number generator.
    pub fn generate() -> Self {
        SecretKey(SigningKey::generate(&mut rand_core::OsRng))
    }

    /// The key from its 32-byte seed (RFC 8032 secret key).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        SecretKey(SigningKey::from_bytes(seed))
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Sign `message` with Ed25519 (RFC 8032, deterministic).
    pub fn sign(&self, message: &[u8]) -> Signature {
        use ed25519_dalek::Signer as _;
        Signature(self.0.sign(message).to_bytes())
    }

    /// Parse a Multikey `secretKeyMultibase` value: multicodec `ed25519-priv` followed by the
    /// 32-byte seed, or by 64 bytes (seed then public key, the NaCl layout), in which case the
    /// public half must match the seed.
    pub fn from_multibase(value: &str) -> Result<Self, KeyError> {
        let bytes = Zeroizing::new(decode_base58btc(value)?);
        let raw = strip_multicodec(&bytes, ED25519_PRIV, "ed25519-priv (0x8026)")?;
        Self::from_raw_secret(raw)
    }

    /// The Multikey `secretKeyMultibase` value (multicodec `ed25519-priv` + 32-byte seed).
    pub fn to_multibase(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new(Vec::with_capacity(34));
        bytes.extend_from_slice(&ED25519_PRIV);
        bytes.extend_from_slice(self.0.as_bytes());
        Zeroizing::new(encode_base58btc(&bytes))
    }

    /// A 32-byte seed, or a 64-byte seed followed by its public key.
    fn from_raw_secret(raw: &[u8]) -> Result<Self, KeyError> {
        match raw.len() {
            32 | 64 => {
                let (seed, public) = raw.split_at(32);
                let seed: &[u8; 32] = seed.try_into().map_err(|_| KeyError::Length {
                    what: "Ed25519 secret key",
                    expected: 32,
                    found: raw.len(),
                })?;
                let key = Self::from_seed(seed);
                if !public.is_empty() && public != key.0.verifying_key().as_bytes() {
                    return Err(KeyError::KeyPairMismatch);
                }
                Ok(key)
            }
            found => Err(KeyError::Length {
                what: "Ed25519 secret key",
                expected: 32,
                found,
            }),
        }
    }

    /// Parse a private JWK (`{"kty":"OKP","crv":"Ed25519","d":...,"x":...}`); when `x` is
    /// present it must be the public key of `d`.
    pub fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let d = jwk_okp_member(jwk, "d")?;
        let bytes = Zeroizing::new(decode_jwk_bytes(d, "d")?);
        let seed: &[u8; 32] = bytes.as_slice().try_into().map_err(|_| KeyError::Jwk {
            member: "d",
            reason: format!("{} bytes, expected 32", bytes.len()),
        })?;
        let key = Self::from_seed(seed);
        if jwk.get("x").is_some() && PublicKey::from_jwk(jwk)? != key.public_key() {
            return Err(KeyError::KeyPairMismatch);
        }
        Ok(key)
    }

    /// The private JWK as JSON text (`kty`, `crv`, `x`, `d`).
    pub fn to_jwk(&self) -> Zeroizing<String> {
        let d = Zeroizing::new(URL_SAFE_NO_PAD.encode(self.0.as_bytes()));
        let x = URL_SAFE_NO_PAD.encode(self.0.verifying_key().as_bytes());
        Zeroizing::new(format!(
            r#"{{"kty":"OKP","crv":"Ed25519","x":"{x}","d":"{}"}}"#,
            d.as_str()
        ))
    }

    /// Parse a `-----BEGIN PRIVATE KEY-----` PKCS#8 (v1 or v2) PEM document.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, KeyError> {
        SigningKey::from_pkcs8_pem(pem)
            .map(SecretKey)
            .map_err(|e| KeyError::Pem { reason: e.to_string() })
    }

    /// The `-----BEGIN PRIVATE KEY-----` PKCS#8 v1 PEM document (RFC 8410), as OpenSSL writes it.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        self.0
            .to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
            .map_err(|e| KeyError::Pem { reason: e.to_string() })
    }

    /// Parse a key file in any of the supported formats: PKCS#8 PEM, a private JWK (JSON),
    /// or a Multikey `secretKeyMultibase` value (surrounding whitespace is ignored).
    pub fn from_key_file(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        if text.starts_with("-----BEGIN") {
            Self::from_pkcs8_pem(text)
        } else if text.starts_with('{') {
            let mut jwk: Value = serde_json::from_str(text).map_err(|e| KeyError::Jwk {
                member: "(document)",
                reason: e.to_string(),
            })?;
            let key = Self::from_jwk(&jwk);
            if let Some(Value::String(d)) = jwk.get_mut("d") {
                zeroize::Zeroize::zeroize(d);
            }
            key
        } else if text.starts_with('z') {
            Self::from_multibase(text)
        } else {
            Err(KeyError::UnknownFormat)
        }
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey")
            .field("public", &self.public_key())
            .finish_non_exhaustive()
    }
}

/// Check `kty`/`crv` of an OKP Ed25519 JWK and return one of its string members.
fn jwk_okp_member<'a>(jwk: &'a Value, member: &'static str) -> Result<&'a str, KeyError> {
    let field = |name: &'static str| jwk.get(name).and_then(Value::as_str);
    if field("kty") != Some("OKP") {
        return Err(KeyError::Jwk {
            member: "kty",
            reason: "must be \"OKP\"".into(),
        });
    }
    if field("crv") != Some("Ed25519") {
        return Err(KeyError::Jwk {
            member: "crv",
            reason: "must be \"Ed25519\"".into(),
        });
    }
    field(member).ok_or(KeyError::Jwk {
        member,
        reason: "missing or not a string".into(),
    })
}

fn decode_jwk_bytes(value: &str, member: &'static str) -> Result<Vec<u8>, KeyError> {
    URL_SAFE_NO_PAD.decode(value).map_err(|e| KeyError::Jwk {
        member,
        reason: format!("not base64url without padding: {e}"),
    })
}

impl zeroize::ZeroizeOnDrop for SecretKey {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let key = SecretKey::from_seed(&[7; 32]);
        let debug = format!("{key:?}");
        assert!(!debug.contains(key.to_multibase().as_str()));
        assert!(debug.contains(&key.public_key().to_multibase()));
        assert!(debug.ends_with(".. }"));
    }

    #[test]
    fn formats_round_trip() {
        let key = SecretKey::generate();
        let public = key.public_key();
        assert_eq!(
            SecretKey::from_multibase(&key.to_multibase()).unwrap().public_key(),
            public
        );
        assert_eq!(SecretKey::from_key_file(&key.to_jwk()).unwrap().public_key(), public);
        assert_eq!(
            SecretKey::from_key_file(&key.to_pkcs8_pem().unwrap())
                .unwrap()
                .public_key(),
            public
        );
        assert_eq!(PublicKey::from_multibase(&public.to_multibase()).unwrap(), public);
        assert_eq!(PublicKey::from_jwk(&public.to_jwk()).unwrap(), public);
        assert_eq!(
            PublicKey::from_public_key_pem(&public.to_public_key_pem().unwrap()).unwrap(),
            public
        );
    }

    #[test]
    fn rejects_wrong_codec_and_mismatched_pair() {
        let key = SecretKey::from_seed(&[1; 32]);
        assert!(matches!(
            PublicKey::from_multibase(&key.to_multibase()),
            Err(KeyError::Multicodec { .. })
        ));
        assert!(matches!(
            SecretKey::from_multibase("abc"),
            Err(KeyError::Multibase { .. })
        ));
        let other = SecretKey::from_seed(&[2; 32]).public_key();
        let mut bytes = ED25519_PRIV.to_vec();
        bytes.extend_from_slice(&[1; 32]);
        bytes.extend_from_slice(&other.to_bytes());
        assert_eq!(
            SecretKey::from_multibase(&encode_base58btc(&bytes)).unwrap_err(),
            KeyError::KeyPairMismatch
        );
        assert_eq!(SecretKey::from_key_file("hello").unwrap_err(), KeyError::UnknownFormat);
    }
}
