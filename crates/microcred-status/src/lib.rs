#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod alloc;
mod bitstring;
mod check;
mod codec;
mod error;
#[cfg(feature = "http")]
mod http;
mod list;
mod model;
mod resolve;

pub use crate::alloc::{Allocation, IndexAllocator};
pub use crate::bitstring::Bitstring;
pub use crate::check::{
    CheckOptions, CredentialStatus, EntryReport, EntryStatus, ListCredentialVerifier, ProofRejected, StatusChecker,
    StatusReport, UnknownStatus, VerifiedList,
};
pub use crate::codec::{DEFAULT_MAX_INFLATED_BYTES, DecodeLimits, decode, decode_gzip, decode_with_limits, encode};
pub use crate::error::{
    AllocError, BitstringError, ChangeError, DecodeError, EncodeError, FormatError, PublishError, ResolveError,
    SignError, ValueError,
};
#[cfg(feature = "http")]
pub use crate::http::HttpResolver;
pub use crate::list::{ListCredentialSigner, Publication, StatusAction, StatusChange, StatusList};
pub use crate::model::{
    BitstringStatusList, BitstringStatusListCredential, BitstringStatusListEntry, CREDENTIALS_V2_CONTEXT, ENTRY_TYPE,
    LIST_CREDENTIAL_TYPE, LIST_TYPE, MIN_ENTRIES, STATUS_CONTEXT, StatusListIndex, StatusMessage, StatusPurpose,
    StatusSize,
};
pub use crate::resolve::{
    CachingResolver, Clock, DirectoryResolver, MAX_DOCUMENT_BYTES, MemoryResolver, ResolvedList, StatusListResolver,
    SystemClock,
};
