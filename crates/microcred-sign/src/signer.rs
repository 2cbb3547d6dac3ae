//! The signer seam: whatever holds the key (a key file, an HSM, a cloud KMS) signs bytes.

use crate::did::Did;
use crate::error::SignerError;
use crate::keys::{PublicKey, SecretKey, Signature};

/// Something that signs with an Ed25519 key it may not reveal.
///
/// Implement it for an HSM (PKCS#11) or a KMS client; [`KeySigner`] signs with a key in memory.
/// The proof code calls [`Signer::sign`] once per proof, with the 64-byte hash data of the
/// cryptosuite.
pub trait Signer {
    /// The proof's `verificationMethod`: a DID URL such as `did:key:z6Mk...#z6Mk...`.
    fn verification_method(&self) -> &str;

    /// The public key, checked against the signature before a proof is returned.
    fn public_key(&self) -> PublicKey;

    /// Sign `message` with Ed25519 (RFC 8032).
    fn sign(&self, message: &[u8]) -> Result<Signature, SignerError>;

    /// Whether a proof must check each signature against [`Signer::public_key`] before using
    /// it. True by default: a remote signer (HSM, KMS) may hold another key than configured or
    /// fail silently. [`KeySigner`] signs in process with the key whose public half it reports,
    /// so it skips this check (an Ed25519 verification per proof).
    fn check_signatures(&self) -> bool {
        true
    }

    /// The DID that controls the key: the verification method without its fragment.
    fn controller(&self) -> &str {
        let vm = self.verification_method();
        vm.split_once('#').map_or(vm, |(did, _)| did)
    }
}

/// A [`Signer`] over a [`SecretKey`] held in memory.
#[derive(Debug)]
pub struct KeySigner {
    key: SecretKey,
    verification_method: String,
}

impl KeySigner {
    /// Sign as the key's `did:key` (`did:key:z6Mk...#z6Mk...`).
    pub fn did_key(key: SecretKey) -> Self {
        let public = key.public_key();
        let verification_method = Did::key(&public).verification_method_id(&public);
        KeySigner {
            key,
            verification_method,
        }
    }

    /// Sign as the key of `did` (such as a `did:web`), with the method id
    /// `<did>#<publicKeyMultibase>` that [`Did::document`] publishes.
    pub fn for_did(key: SecretKey, did: &Did) -> Self {
        let verification_method = did.verification_method_id(&key.public_key());
        KeySigner {
            key,
            verification_method,
        }
    }

    /// Sign with an explicit verification method id.
    pub fn with_verification_method(key: SecretKey, verification_method: impl Into<String>) -> Self {
        KeySigner {
            key,
            verification_method: verification_method.into(),
        }
    }
}

impl Signer for KeySigner {
    fn verification_method(&self) -> &str {
        &self.verification_method
    }

    fn public_key(&self) -> PublicKey {
        self.key.public_key()
    }

    fn sign(&self, message: &[u8]) -> Result<Signature, SignerError> {
        Ok(self.key.sign(message))
    }

    fn check_signatures(&self) -> bool {
        false
    }
}
