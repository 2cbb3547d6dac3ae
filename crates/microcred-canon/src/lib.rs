#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod error;
mod hash;
mod jcs;
mod jsonld;
mod rdf;
pub mod rdfc;
mod store;
mod view;

pub use error::{Error, JsonLdErrorCode, SafeModeViolation};
pub use jcs::{jcs, jcs_view};
pub use jsonld::{DEFAULT_MAX_DEPTH, JsonLdProcessor, Mode};
pub use rdf::{Dataset, Literal, Quad, RDF_LANG_STRING, Term, XSD_STRING};
pub use store::{
    BITSTRING_STATUS_LIST_V1, BUNDLED, CITIZENSHIP_V4RC1, CLR_V2P0_2_0_1, CREDENTIALS_EXAMPLES_V2, CREDENTIALS_V1,
    CREDENTIALS_V2, ContextStore, DATA_INTEGRITY_V1, DATA_INTEGRITY_V2, DID_V1, ED25519_2020_V1, EDC_AP, MULTIKEY_V1,
    OPEN_BADGES_V3P0_3_0_3, OPEN_BADGES_V3P0_EXTENSIONS,
};
pub use view::ObjectView;
