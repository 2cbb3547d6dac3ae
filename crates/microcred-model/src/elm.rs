//! The ELM v3 classes a micro-credential uses, as Europass EDC writes them in JSON-LD.
//!
//! Every struct keeps the properties it does not type in `extra`, so a credential parses and
//! serializes back to the same JSON (key order aside). Properties that JSON-LD allows as one
//! value or an array are [`OneOrMany`], which keeps the form used.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::lang::LanguageMap;
use crate::one_or_many::OneOrMany;
use crate::time::{IsoDuration, XsdDateTime};

/// Properties a struct does not type, kept verbatim.
pub type Extra = Map<String, Value>;

/// The credential envelope: `VerifiableCredential` + `EuropeanDigitalCredential`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EuropeanDigitalCredential {
    /// `@context`: see [`crate::context::Envelope`].
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// The credential's IRI (`urn:uuid:...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `["VerifiableCredential", "EuropeanDigitalCredential"]`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The EDC credential profile (for example "Generic").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_profiles: Option<OneOrMany<Concept>>,
    /// How the credential is displayed, with an image of each page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_parameter: Option<DisplayParameter>,
    /// Other identifiers of the credential (a certificate number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<OneOrMany<Identifier>>,
    /// The SHACL schema the credential conforms to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_schema: Option<OneOrMany<CredentialSchema>>,
    /// The learner.
    pub credential_subject: Person,
    /// The awarding body that issues (seals or signs) the credential.
    pub issuer: Organisation,
    /// When the credential was issued (VC v1 `issuanceDate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuance_date: Option<XsdDateTime>,
    /// When the credential was issued (ELM `issued`, required by EDC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<XsdDateTime>,
    /// From when the credential is valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<XsdDateTime>,
    /// Until when the credential is valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<XsdDateTime>,
    /// VC v1 expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<XsdDateTime>,
    /// Evidence of the claims (EDC adds a mandate statement when sealing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<OneOrMany<Evidence>>,
    /// Status entries (revocation, suspension): kept as JSON; the status crate types them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_status: Option<Value>,
    /// Data Integrity proofs: kept as JSON; the signing crate types them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The learner (`credentialSubject`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// The learner's IRI (a `did:` of the learner's wallet, or `urn:...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Person`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Given name(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<LanguageMap>,
    /// Family name(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<LanguageMap>,
    /// The full name as it should be displayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<LanguageMap>,
    /// Date of birth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<XsdDateTime>,
    /// A national identifier (the `edc-ap` term is `nationalID`).
    #[serde(rename = "nationalID", default, skip_serializing_if = "Option::is_none")]
    pub national_id: Option<LegalIdentifier>,
    /// What the learner achieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_claim: Option<OneOrMany<Claim>>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A claim about the learner. Micro-credentials claim a [`LearningAchievement`]; certificates of
/// participation claim a [`LearningActivity`]. Other claim classes are kept as JSON.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Claim {
    /// `LearningAchievement`.
    Achievement(Box<LearningAchievement>),
    /// `LearningActivity`.
    Activity(Box<LearningActivity>),
    /// `LearningAssessment`.
    Assessment(Box<LearningAssessment>),
    /// Any other claim class (`LearningEntitlement`, `Claim`...), kept verbatim.
    Other(Map<String, Value>),
}

impl Claim {
    /// The claim as a learning achievement, if it is one.
    pub fn as_achievement(&self) -> Option<&LearningAchievement> {
        match self {
            Claim::Achievement(achievement) => Some(achievement),
            _ => None,
        }
    }
}

impl Serialize for Claim {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Claim::Achievement(claim) => claim.serialize(serializer),
            Claim::Activity(claim) => claim.serialize(serializer),
            Claim::Assessment(claim) => claim.serialize(serializer),
            Claim::Other(claim) => claim.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Claim {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(deserializer)?;
        let has_type = |name: &str| match map.get("type") {
            Some(Value::String(t)) => t == name,
            Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str() == Some(name)),
            _ => false,
        };
        // Parse the typed variant through serde_path_to_error so the inner path is not lost.
        fn typed<T: serde::de::DeserializeOwned, E: serde::de::Error>(map: Map<String, Value>) -> Result<T, E> {
            serde_path_to_error::deserialize(Value::Object(map))
                .map_err(|e| E::custom(format_args!("{}: {}", e.path(), e.inner())))
        }
        if has_type("LearningAchievement") {
            typed(map).map(|c| Claim::Achievement(Box::new(c)))
        } else if has_type("LearningActivity") {
            typed(map).map(|c| Claim::Activity(Box::new(c)))
        } else if has_type("LearningAssessment") {
            typed(map).map(|c| Claim::Assessment(Box::new(c)))
        } else {
            Ok(Claim::Other(map))
        }
    }
}

/// What the learner achieved: the heart of a micro-credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningAchievement {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `LearningAchievement`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The title of the achievement (usually the course title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LanguageMap>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LanguageMap>,
    /// Who awarded it, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarded_by: Option<AwardingProcess>,
    /// The assessments that prove it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proven_by: Option<OneOrMany<LearningAssessment>>,
    /// The learning activities that led to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub influenced_by: Option<OneOrMany<LearningActivity>>,
    /// The specification: learning outcomes, credits, level, workload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specified_by: Option<LearningAchievementSpecification>,
    /// Credits received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_received: Option<OneOrMany<CreditPoint>>,
    /// Notes, such as further information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_note: Option<OneOrMany<Note>>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The specification of an achievement (`LearningAchievementSpecification` or `Qualification`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningAchievementSpecification {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `LearningAchievementSpecification` or `Qualification`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LanguageMap>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LanguageMap>,
    /// The learning outcomes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_outcome: Option<OneOrMany<LearningOutcome>>,
    /// Credits (ECTS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_point: Option<OneOrMany<CreditPoint>>,
    /// Notional workload (`PT60H`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_of_learning: Option<IsoDuration>,
    /// Maximum duration of the learning (`P1M`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_duration: Option<IsoDuration>,
    /// The EQF level (see [`crate::vocab::EqfLevel`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eqf_level: Option<Concept>,
    /// National qualification framework levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nqf_level: Option<OneOrMany<Concept>>,
    /// Form of participation: online, blended, presential... (see [`crate::vocab::Mode`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<OneOrMany<Concept>>,
    /// Formal or non-formal learning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_setting: Option<Concept>,
    /// Prerequisites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_requirement: Option<Note>,
    /// Fields of education (ISCED-F).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thematic_area: Option<OneOrMany<Concept>>,
    /// Whether this is part of a larger qualification (stackability).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_partial_qualification: Option<bool>,
    /// The kind of learning opportunity (short learning programme, course...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dc_type: Option<OneOrMany<Concept>>,
    /// Languages of instruction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<OneOrMany<Concept>>,
    /// Quality assurance: the accreditations that cover the specification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accreditation: Option<OneOrMany<Accreditation>>,
    /// Further information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_note: Option<OneOrMany<Note>>,
    /// Web pages about the course.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<OneOrMany<WebResource>>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A learning outcome: what the learner knows and can do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningOutcome {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `LearningOutcome`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The outcome statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LanguageMap>,
    /// ESCO skills it relates to.
    #[serde(rename = "relatedESCOSkill", default, skip_serializing_if = "Option::is_none")]
    pub related_esco_skill: Option<OneOrMany<Concept>>,
    /// Other skills it relates to (DigComp...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_skill: Option<OneOrMany<Concept>>,
    /// Skill reuse level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reusability_level: Option<Concept>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A learning activity the learner took part in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningActivity {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `LearningActivity`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LanguageMap>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LanguageMap>,
    /// Who awarded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarded_by: Option<AwardingProcess>,
    /// Who directed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directed_by: Option<OneOrMany<Organisation>>,
    /// The activity's specification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specified_by: Option<LearningActivitySpecification>,
    /// The learner's actual workload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<IsoDuration>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The specification of a learning activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningActivitySpecification {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `LearningActivitySpecification`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LanguageMap>,
    /// Notional workload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_of_learning: Option<IsoDuration>,
    /// Form of participation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<OneOrMany<Concept>>,
    /// Kind of activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dc_type: Option<OneOrMany<Concept>>,
    /// Languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<OneOrMany<Concept>>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An assessment of the learner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningAssessment {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `LearningAssessment`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LanguageMap>,
    /// The grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Note>,
    /// How the learner's identity was checked during assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_verification: Option<Concept>,
    /// Who assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_by: Option<OneOrMany<Organisation>>,
    /// Who awarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarded_by: Option<AwardingProcess>,
    /// The assessment's specification (its type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specified_by: Option<LearningAssessmentSpecification>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The specification of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LearningAssessmentSpecification {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `LearningAssessmentSpecification`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LanguageMap>,
    /// Type of assessment (see [`crate::vocab::AssessmentType`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dc_type: Option<OneOrMany<Concept>>,
    /// Online or presential assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<OneOrMany<Concept>>,
    /// Languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<OneOrMany<Concept>>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Who awarded a claim, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwardingProcess {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `AwardingProcess`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The awarding bodies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarding_body: Option<OneOrMany<Organisation>>,
    /// When it was awarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarding_date: Option<XsdDateTime>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An organisation: the university, an awarding body, an accrediting agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    /// IRI (for an issuer that signs: its DID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Organisation`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Legal name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_name: Option<LanguageMap>,
    /// Other names (an acronym).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_label: Option<LanguageMap>,
    /// Where it is (the issuing country comes from here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<OneOrMany<Location>>,
    /// eIDAS legal identifier (required by EDC on the issuer).
    #[serde(rename = "eIDASIdentifier", default, skip_serializing_if = "Option::is_none")]
    pub eidas_identifier: Option<LegalIdentifier>,
    /// Registration number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<LegalIdentifier>,
    /// VAT identifiers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_identifier: Option<OneOrMany<LegalIdentifier>>,
    /// Other identifiers (Erasmus code, PIC...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<OneOrMany<Identifier>>,
    /// Home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<OneOrMany<WebResource>>,
    /// Logo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<MediaObject>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Location`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Addresses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<OneOrMany<Address>>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A postal address; `countryCode` is an EU country authority concept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Address`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<Concept>,
    /// The full address as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_address: Option<Note>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Credits in a framework (ECTS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditPoint {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `CreditPoint`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The credit framework (ECTS: [`crate::vocab::ECTS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<Concept>,
    /// The number of credits, as a decimal string (`"5"`, `"2.5"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<String>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A concept of a controlled vocabulary (SKOS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Concept {
    /// The concept's IRI.
    pub id: String,
    /// `Concept`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// The scheme the concept belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_scheme: Option<ConceptScheme>,
    /// A notation (the EU authority tables put the table name here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notation: Option<String>,
    /// The label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pref_label: Option<LanguageMap>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A concept scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConceptScheme {
    /// The scheme's IRI.
    pub id: String,
    /// `ConceptScheme`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A note: multilingual free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Note`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// The text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_literal: Option<LanguageMap>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A legal identifier, issued in a country.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegalIdentifier {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `LegalIdentifier`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// The identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notation: Option<String>,
    /// The country that issued it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spatial: Option<Concept>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An identifier in a named scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identifier {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Identifier`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// The identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notation: Option<String>,
    /// The scheme's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme_name: Option<String>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Evidence of the claims.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Evidence`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// A statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_statement: Option<Value>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Quality assurance: an accreditation of the issuer or the course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Accreditation {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Accreditation`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Title of the accreditation decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LanguageMap>,
    /// The type of quality assurance (accreditation scheme concept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dc_type: Option<Concept>,
    /// The quality assurance agency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accrediting_agent: Option<Organisation>,
    /// The accredited organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Organisation>,
    /// When it was issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<XsdDateTime>,
    /// When it expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<XsdDateTime>,
    /// The public report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landing_page: Option<OneOrMany<WebResource>>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How a credential is displayed; EDC requires an image of each page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisplayParameter {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `DisplayParameter`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The displayed title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LanguageMap>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LanguageMap>,
    /// Languages the credential is displayed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<OneOrMany<Concept>>,
    /// The primary language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_language: Option<Concept>,
    /// One display per language, with its page images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub individual_display: Option<OneOrMany<IndividualDisplay>>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The display of a credential in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndividualDisplay {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `IndividualDisplay`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Concept>,
    /// The pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_detail: Option<OneOrMany<DisplayDetail>>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of a display: its number and image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisplayDetail {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `DisplayDetail`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The page image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<MediaObject>,
    /// The page number (from 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Embedded media (base64 content).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaObject {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `MediaObject`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The content, base64-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The encoding concept (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_encoding: Option<Concept>,
    /// The file type concept (PNG, JPEG).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<Concept>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A web page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebResource {
    /// IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `WebResource`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The URL (the `edc-ap` term is `contentURL`).
    #[serde(rename = "contentURL", default, skip_serializing_if = "Option::is_none")]
    pub content_url: Option<String>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The schema a credential conforms to (`ShaclValidator2017`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialSchema {
    /// The schema's IRI.
    pub id: String,
    /// `ShaclValidator2017`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Untyped properties, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}
