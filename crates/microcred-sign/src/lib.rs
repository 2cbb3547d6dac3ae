#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod did;
mod error;
mod jades;
mod keys;
mod proof;
mod report;
mod signer;
mod verify;

pub use did::{
    DID_KEY_CACHE_SIZE, DID_V1_CONTEXT, Did, MULTIKEY_V1_CONTEXT, OfflineResolver, ProofPurpose, Resolver,
    VerificationMethod,
};
pub use error::{DidError, JadesError, KeyError, ProofError, ResolveError, SignError, SignerError};
pub use jades::{JadesSeal, SealInfo, is_jades};
pub use keys::{PublicKey, SecretKey, Signature, SignatureError};
pub use microcred_canon::ContextStore;
pub use proof::{
    CREDENTIALS_V2, Cryptosuite, DataIntegrity, ED25519_2020_V1, ProofOptions, ProofResult, VerifiedProof,
};
pub use report::{
    Check, CheckId, CheckOutcome, Conformance, ConformanceCheck, Outcome, StatusChecker, VerificationReport,
};
pub use signer::{KeySigner, Signer};
pub use verify::Verifier;
/// Secret material returned by exports is wrapped in this, so it is wiped when dropped.
pub use zeroize::Zeroizing;
