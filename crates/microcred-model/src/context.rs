//! JSON-LD context URLs of the two credential envelopes, and the bundled ELM contexts.

/// The W3C Verifiable Credentials Data Model v1.1 context.
pub const CREDENTIALS_V1: &str = "https://www.w3.org/2018/credentials/v1";
/// The Europass EDC application profile of ELM v3.
pub const EDC_AP: &str = "http://data.europa.eu/snb/model/context/edc-ap";
/// The W3C Data Integrity v2 context (proofs).
pub const DATA_INTEGRITY_V2: &str = "https://w3id.org/security/data-integrity/v2";
/// The W3C Bitstring Status List v1 context (credentialStatus entries).
pub const BITSTRING_STATUS_LIST_V1: &str = "https://www.w3.org/ns/credentials/status/v1";

/// The `edc-ap` context document, as served at [`EDC_AP`].
pub const EDC_AP_DOCUMENT: &str = include_str!("../contexts/edc-ap.jsonld");
/// The VC v1 context document, as served at [`CREDENTIALS_V1`].
pub const CREDENTIALS_V1_DOCUMENT: &str = include_str!("../contexts/credentials-v1.jsonld");

/// Which `@context` list a credential is written with. The caller always chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Envelope {
    /// `[VC v1, edc-ap]`: what EDC 2.x and the EDC SHACL shapes expect.
    #[default]
    Edc,
    /// `[VC v1, edc-ap, Data Integrity v2, Bitstring Status List v1]`: the EDC envelope with the
    /// terms that Data Integrity proofs and Bitstring Status List entries need.
    EdcW3c,
}

impl Envelope {
    /// The `@context` URLs of this envelope, in order.
    pub fn contexts(self) -> &'static [&'static str] {
        match self {
            Envelope::Edc => &[CREDENTIALS_V1, EDC_AP],
            Envelope::EdcW3c => &[CREDENTIALS_V1, EDC_AP, DATA_INTEGRITY_V2, BITSTRING_STATUS_LIST_V1],
        }
    }

    /// The name used on the command line: `edc` or `edc-w3c`.
    pub fn name(self) -> &'static str {
        match self {
            Envelope::Edc => "edc",
            Envelope::EdcW3c => "edc-w3c",
        }
    }
}
