//! The issuance request: a flat JSON document a student information system can produce, and the
//! builder that turns it into a full ELM credential.
//!
//! The JSON Schema of the request comes from [`IssuanceRequest::json_schema`]. Every field that
//! takes text accepts either a plain string (in the request's `language`) or a language map such
//! as `{"en": "Data literacy", "cs": "Datová gramotnost"}`.

use std::collections::BTreeMap;

use base64::Engine as _;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::context::Envelope;
use crate::elm::{
    Accreditation, Address, AwardingProcess, Claim, Concept, ConceptScheme, CredentialSchema, CreditPoint,
    DisplayDetail, DisplayParameter, EuropeanDigitalCredential, IndividualDisplay, LearningAchievement,
    LearningAchievementSpecification, LearningAssessment, LearningAssessmentSpecification, LearningOutcome,
    LegalIdentifier, Location, MediaObject, Note, Organisation, Person, WebResource,
};
use crate::error::ValueError;
use crate::lang::{LanguageMap, LanguageTag};
use crate::one_or_many::OneOrMany;
use crate::time::{IsoDuration, XsdDateTime};
use crate::vocab::{
    self, AssessmentType, Country, EqfLevel, Language, LearningSetting, Mode, QualityAssuranceType, SupervisionType,
};

/// Text in one language (a plain string, in the request's `language`) or in several (a map from
/// language tag to text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Text {
    /// Text in the request's default language.
    Plain(String),
    /// Text per language tag: `{"en": "...", "cs": "..."}`.
    Multilingual(BTreeMap<String, String>),
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(text.to_owned())
    }
}

/// A number of credits or hours, written as a JSON number or a decimal string (`5`, `"2.5"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Decimal {
    /// A JSON number.
    Number(serde_json::Number),
    /// A decimal string.
    Text(String),
}

impl Decimal {
    fn lexical(&self) -> String {
        match self {
            Decimal::Number(n) => n.to_string(),
            Decimal::Text(t) => t.trim().to_owned(),
        }
    }
}

/// A request to issue one micro-credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssuanceRequest {
    /// The institution's own identifier of this request; issuing is idempotent by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The language of plain-string texts (BCP 47, default `en`); also the primary display language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The awarding body, which issues and signs the credential.
    pub issuer: IssuerData,
    /// The learner.
    pub learner: LearnerData,
    /// The course: what every learner of this course shares.
    pub course: CourseData,
    /// The learner's grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Text>,
    /// When the credential was awarded (`xsd:dateTime` or `YYYY-MM-DD`); default: the issue time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarding_date: Option<String>,
    /// From when the credential is valid; default: the issue time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// Until when the credential is valid; default: no end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// Page images of the human-readable certificate (EDC requires them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<DisplayData>,
}

/// The awarding body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssuerData {
    /// The issuer's IRI: its DID (`did:web:university.example`, `did:key:z6Mk...`) for signing.
    pub id: String,
    /// The legal name.
    pub legal_name: Text,
    /// A short name or acronym.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<Text>,
    /// The issuing country: ISO 3166-1 alpha-2 (`CZ`) or alpha-3 (`CZE`).
    pub country: String,
    /// The eIDAS legal identifier (EDC requires one on the issuer), such as `VATCZ-61989592`.
    pub eidas_identifier: String,
    /// A national registration number (the Czech IČO, for example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    /// The postal address as one line of text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// The logo (PNG or JPEG, base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<ImageData>,
}

/// The learner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LearnerData {
    /// The learner's IRI: a DID of the learner's wallet, or a `urn:`; default: derived from the
    /// credential id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Given name(s).
    pub given_name: String,
    /// Family name(s).
    pub family_name: String,
    /// The full name as displayed; default: given and family names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Date of birth (`YYYY-MM-DD`); put in the credential only when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// E-mail address; put in the credential only when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The institution's own reference of the learner (student number). Kept by the registry,
    /// never written into the credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student_reference: Option<String>,
}

/// The course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CourseData {
    /// The course's IRI or code (used to derive node ids; optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The title.
    pub title: Text,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The learning outcomes (at least one).
    pub learning_outcomes: Vec<Text>,
    /// ECTS credits (`5`, `"2.5"`).
    pub credits: Decimal,
    /// Notional workload in hours (`130`, `"37.5"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Decimal>,
    /// EQF level 1 to 8, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eqf_level: Option<u8>,
    /// Form of participation.
    pub participation: Mode,
    /// Formal or non-formal learning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_setting: Option<LearningSetting>,
    /// The assessment.
    pub assessment: AssessmentData,
    /// Quality assurance (the Council Recommendation requires its type).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quality_assurance: Vec<QualityAssuranceData>,
    /// Prerequisites.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prerequisites: Option<Text>,
    /// Fields of education, as ISCED-F 2013 codes (`0613`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thematic_areas: Vec<String>,
    /// Whether the credential is part of a larger qualification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_qualification: Option<bool>,
    /// How the credential stacks into larger qualifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stackability: Option<Text>,
    /// Further information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub further_information: Option<Text>,
    /// Languages of instruction (ISO 639-1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// The course's web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// The longest time the learning may take (ISO 8601 duration, `P6M`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_duration: Option<String>,
}

/// The assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssessmentData {
    /// The type of assessment.
    #[serde(rename = "type")]
    pub kind: AssessmentType,
    /// The assessment's title; default: the course title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// How the learner's identity was checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_verification: Option<SupervisionType>,
    /// Online or presential assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
}

/// A quality assurance decision covering the course or the institution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QualityAssuranceData {
    /// The type of quality assurance.
    #[serde(rename = "type")]
    pub kind: QualityAssuranceType,
    /// The decision's title.
    pub title: Text,
    /// The quality assurance agency.
    pub agency: AgencyData,
    /// A public report of the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_url: Option<String>,
}

/// A quality assurance agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgencyData {
    /// The agency's IRI (its EQAR or DEQAR page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The legal name.
    pub legal_name: Text,
    /// The country (ISO 3166-1).
    pub country: String,
}

/// Page images of the certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DisplayData {
    /// The pages, per language; each language needs pages 1..n.
    pub pages: Vec<PageImage>,
}

/// One page image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PageImage {
    /// The page's language (ISO 639-1); default: the request's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The page number, from 1.
    pub page: u32,
    /// The image.
    pub image: ImageData,
}

/// An embedded image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageData {
    /// `png` or `jpeg`.
    pub content_type: ImageType,
    /// The image, base64-encoded.
    pub content: String,
}

/// An image format EDC accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImageType {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
}

/// What the builder cannot turn into a credential. Each error names the request field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The request is not JSON, or a field has the wrong shape.
    #[error("request at `{field}`: {message}")]
    Malformed {
        /// The JSON path of the field.
        field: String,
        /// What was wrong.
        message: String,
    },
    /// A required value is missing.
    #[error("request field `{field}` is missing: {message}")]
    Missing {
        /// The JSON path of the field.
        field: String,
        /// What is needed.
        message: String,
    },
    /// The page renderer failed.
    #[error("cannot draw the certificate pages in `{language}`: {message}")]
    Render {
        /// The language being drawn.
        language: String,
        /// The renderer's message.
        message: String,
    },
    /// A value fails its check.
    #[error("request field `{field}`: {source}")]
    Invalid {
        /// The JSON path of the field.
        field: String,
        /// The check that failed.
        source: ValueError,
    },
}

fn invalid(field: impl Into<String>) -> impl FnOnce(ValueError) -> BuildError {
    let field = field.into();
    move |source| BuildError::Invalid { field, source }
}

/// Draws the pages of a credential's human-readable certificate, for the EDC page images
/// (`displayParameter.individualDisplay.displayDetail.image`). `microcred-render` implements it;
/// the builder calls it when the request supplies no page image.
pub trait PageRenderer {
    /// PNG images of each page of `credential`'s certificate in `language`, page 1 first.
    fn render_pages(
        &self,
        credential: &EuropeanDigitalCredential,
        language: &LanguageTag,
    ) -> Result<Vec<Vec<u8>>, Box<dyn std::error::Error + Send + Sync>>;
}

/// What the caller decides at issue time: the credential's id and the issue instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildContext {
    /// The credential's IRI, such as `urn:uuid:...`.
    pub credential_id: String,
    /// When the credential is issued.
    pub issued: XsdDateTime,
}

impl BuildContext {
    /// A context with the given id and issue time.
    pub fn new(credential_id: impl Into<String>, issued: XsdDateTime) -> Self {
        BuildContext {
            credential_id: credential_id.into(),
            issued,
        }
    }
}

impl IssuanceRequest {
    /// Parse a request from JSON. Errors name the JSON path of the offending field; unknown
    /// fields (typos) are errors.
    pub fn from_json_str(json: &str) -> Result<Self, BuildError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let request: Self = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| BuildError::Malformed {
            field: if e.path().to_string() == "." {
                "(root)".to_owned()
            } else {
                e.path().to_string()
            },
            message: e.inner().to_string(),
        })?;
        deserializer.end().map_err(|e| BuildError::Malformed {
            field: "(root)".to_owned(),
            message: e.to_string(),
        })?;
        Ok(request)
    }

    /// The JSON Schema (draft 2020-12) of the request.
    pub fn json_schema() -> Value {
        serde_json::to_value(schemars::schema_for!(IssuanceRequest)).unwrap_or(Value::Null)
    }

    /// Build the unsigned credential in the chosen envelope.
    pub fn build(&self, envelope: Envelope, context: &BuildContext) -> Result<EuropeanDigitalCredential, BuildError> {
        Builder::new(self, context)?.build(envelope, None)
    }

    /// Build the credential, drawing the page images with `renderer` when the request supplies
    /// none: one display per language of the course title (primary language first).
    pub fn build_with_renderer(
        &self,
        envelope: Envelope,
        context: &BuildContext,
        renderer: &dyn PageRenderer,
    ) -> Result<EuropeanDigitalCredential, BuildError> {
        Builder::new(self, context)?.build(envelope, Some(renderer))
    }
}

struct Builder<'a> {
    request: &'a IssuanceRequest,
    context: &'a BuildContext,
    language: LanguageTag,
}

fn types(name: &str) -> OneOrMany<String> {
    OneOrMany::One(name.to_owned())
}

fn check_iri(field: &str, iri: &str) -> Result<(), BuildError> {
    let scheme_end = iri.find(':').unwrap_or(0);
    let scheme_ok = scheme_end > 0
        && iri.get(..scheme_end).is_some_and(|s| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    let chars_ok = !iri.chars().any(|c| c.is_whitespace() || "<>\"{}|\\^`".contains(c));
    if scheme_ok && chars_ok && iri.len() > scheme_end + 1 {
        Ok(())
    } else {
        Err(invalid(field)(ValueError::Iri(iri.to_owned())))
    }
}

/// A date (`YYYY-MM-DD`, taken as midnight UTC) or an `xsd:dateTime`.
fn date_time(field: &str, value: &str) -> Result<XsdDateTime, BuildError> {
    if value.len() == 10 {
        return XsdDateTime::parse(&format!("{value}T00:00:00Z"))
            .map_err(|_| invalid(field)(ValueError::DateTime(value.to_owned())));
    }
    XsdDateTime::parse(value).map_err(invalid(field))
}

/// Check a non-negative decimal (`5`, `2.5`) and return its canonical lexical form.
fn decimal(field: &str, value: &Decimal) -> Result<String, BuildError> {
    let lexical = value.lexical();
    let (int, frac) = lexical.split_once('.').unwrap_or((&lexical, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !digits(int)
        || !digits(frac)
        || (lexical.contains('.') && frac.is_empty())
        || int.len() > 6
        || frac.len() > 6
    {
        return Err(invalid(field)(ValueError::CreditPoints(lexical)));
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    Ok(match (int.is_empty(), frac.is_empty()) {
        (true, true) => "0".to_owned(),
        (true, false) => format!("0.{frac}"),
        (false, true) => int.to_owned(),
        (false, false) => format!("{int}.{frac}"),
    })
}

impl<'a> Builder<'a> {
    fn new(request: &'a IssuanceRequest, context: &'a BuildContext) -> Result<Self, BuildError> {
        let language = LanguageTag::new(request.language.as_deref().unwrap_or("en")).map_err(invalid("language"))?;
        Language::from_tag(&language).map_err(invalid("language"))?;
        check_iri("(context).credentialId", &context.credential_id)?;
        Ok(Builder {
            request,
            context,
            language,
        })
    }

    fn node_id(&self, local: &str) -> String {
        format!("{}#{local}", self.context.credential_id)
    }

    fn text(&self, field: &str, text: &Text) -> Result<LanguageMap, BuildError> {
        let mut map = LanguageMap::new();
        match text {
            Text::Plain(plain) => {
                if plain.trim().is_empty() {
                    return Err(invalid(field)(ValueError::EmptyText));
                }
                map.insert(self.language.clone(), plain.clone());
            }
            Text::Multilingual(texts) => {
                if texts.is_empty() {
                    return Err(BuildError::Missing {
                        field: field.to_owned(),
                        message: "at least one language is needed".into(),
                    });
                }
                for (tag, value) in texts {
                    let tag = LanguageTag::new(tag).map_err(invalid(format!("{field}.{tag}")))?;
                    if value.trim().is_empty() {
                        return Err(invalid(format!("{field}.{tag}"))(ValueError::EmptyText));
                    }
                    map.insert(tag, value.clone());
                }
            }
        }
        Ok(map)
    }

    fn note(&self, field: &str, local: &str, text: &Text) -> Result<Note, BuildError> {
        Ok(Note {
            id: Some(self.node_id(local)),
            types: Some(types("Note")),
            note_literal: Some(self.text(field, text)?),
            extra: Default::default(),
        })
    }

    fn plain(&self, text: &str) -> LanguageMap {
        LanguageMap::single(self.language.clone(), text)
    }

    fn country(field: &str, code: &str) -> Result<Concept, BuildError> {
        Country::from_code(code)
            .map(Country::to_concept)
            .map_err(invalid(field))
    }

    fn location(&self, field: &str, local: &str, country: &str, address: Option<&str>) -> Result<Location, BuildError> {
        Ok(Location {
            id: Some(self.node_id(&format!("{local}-location"))),
            types: types("Location"),
            address: Some(OneOrMany::One(Address {
                id: Some(self.node_id(&format!("{local}-address"))),
                types: types("Address"),
                country_code: Some(Self::country(field, country)?),
                full_address: address.map(|text| Note {
                    id: Some(self.node_id(&format!("{local}-address-text"))),
                    types: Some(types("Note")),
                    note_literal: Some(self.plain(text)),
                    extra: Default::default(),
                }),
                extra: Default::default(),
            })),
            extra: Default::default(),
        })
    }

    fn media(&self, field: &str, local: &str, image: &ImageData) -> Result<MediaObject, BuildError> {
        if image.content.is_empty()
            || base64::engine::general_purpose::STANDARD
                .decode(image.content.as_bytes())
                .is_err()
        {
            return Err(BuildError::Malformed {
                field: format!("{field}.content"),
                message: "not base64 (standard alphabet, padded)".into(),
            });
        }
        let content_type = match image.content_type {
            ImageType::Png => vocab::FILE_TYPE_PNG,
            ImageType::Jpeg => vocab::FILE_TYPE_JPEG,
        };
        Ok(MediaObject {
            id: Some(self.node_id(local)),
            types: types("MediaObject"),
            content: Some(image.content.clone()),
            content_encoding: Some(vocab::ENCODING_BASE64.to_concept()),
            content_type: Some(content_type.to_concept()),
            extra: Default::default(),
        })
    }

    fn web(&self, field: &str, local: &str, url: &str) -> Result<WebResource, BuildError> {
        check_iri(field, url)?;
        Ok(WebResource {
            id: Some(self.node_id(local)),
            types: types("WebResource"),
            content_url: Some(url.to_owned()),
            extra: Default::default(),
        })
    }

    fn issuer(&self) -> Result<Organisation, BuildError> {
        let issuer = &self.request.issuer;
        check_iri("issuer.id", &issuer.id)?;
        let country = Self::country("issuer.country", &issuer.country)?;
        if issuer.eidas_identifier.trim().is_empty() {
            return Err(invalid("issuer.eidasIdentifier")(ValueError::EmptyText));
        }
        let legal = |local: &str, notation: &str| LegalIdentifier {
            id: Some(self.node_id(local)),
            types: Some(types("LegalIdentifier")),
            notation: Some(notation.to_owned()),
            spatial: Some(country.clone()),
            extra: Default::default(),
        };
        Ok(Organisation {
            id: Some(issuer.id.clone()),
            types: Some(types("Organisation")),
            legal_name: Some(self.text("issuer.legalName", &issuer.legal_name)?),
            alt_label: issuer
                .short_name
                .as_ref()
                .map(|t| self.text("issuer.shortName", t))
                .transpose()?,
            location: Some(OneOrMany::One(self.location(
                "issuer.country",
                "issuer",
                &issuer.country,
                issuer.address.as_deref(),
            )?)),
            eidas_identifier: Some(legal("issuer-eidas", &issuer.eidas_identifier)),
            registration: issuer.registration.as_deref().map(|r| legal("issuer-registration", r)),
            vat_identifier: None,
            identifier: None,
            homepage: issuer
                .homepage
                .as_deref()
                .map(|u| self.web("issuer.homepage", "issuer-homepage", u))
                .transpose()?
                .map(OneOrMany::One),
            logo: issuer
                .logo
                .as_ref()
                .map(|l| self.media("issuer.logo", "issuer-logo", l))
                .transpose()?,
            extra: Default::default(),
        })
    }

    fn person(&self) -> Result<Person, BuildError> {
        let learner = &self.request.learner;
        if let Some(id) = &learner.id {
            check_iri("learner.id", id)?;
        }
        for (field, value) in [
            ("learner.givenName", &learner.given_name),
            ("learner.familyName", &learner.family_name),
        ] {
            if value.trim().is_empty() {
                return Err(invalid(field)(ValueError::EmptyText));
            }
        }
        let full_name = learner
            .full_name
            .clone()
            .unwrap_or_else(|| format!("{} {}", learner.given_name.trim(), learner.family_name.trim()));
        let mut extra = serde_json::Map::new();
        if let Some(email) = &learner.email {
            if !email.contains('@') || email.chars().any(char::is_whitespace) {
                return Err(BuildError::Malformed {
                    field: "learner.email".into(),
                    message: format!("`{email}` is not an e-mail address"),
                });
            }
            extra.insert(
                "contactPoint".into(),
                serde_json::json!({
                    "id": self.node_id("learner-contact"),
                    "type": "ContactPoint",
                    "emailAddress": {"id": format!("mailto:{email}"), "type": "Mailbox"}
                }),
            );
        }
        Ok(Person {
            id: Some(learner.id.clone().unwrap_or_else(|| self.node_id("learner"))),
            types: Some(types("Person")),
            given_name: Some(self.plain(learner.given_name.trim())),
            family_name: Some(self.plain(learner.family_name.trim())),
            full_name: Some(self.plain(full_name.trim())),
            date_of_birth: learner
                .date_of_birth
                .as_deref()
                .map(|d| date_time("learner.dateOfBirth", d))
                .transpose()?,
            national_id: None,
            has_claim: None,
            extra,
        })
    }

    fn awarding_process(&self, issuer: &Organisation, awarding_date: &XsdDateTime) -> AwardingProcess {
        AwardingProcess {
            id: Some(self.node_id("awarding")),
            types: types("AwardingProcess"),
            awarding_body: Some(OneOrMany::One(issuer.clone())),
            awarding_date: Some(awarding_date.clone()),
            extra: Default::default(),
        }
    }

    fn specification(&self) -> Result<LearningAchievementSpecification, BuildError> {
        let course = &self.request.course;
        if course.learning_outcomes.is_empty() {
            return Err(BuildError::Missing {
                field: "course.learningOutcomes".into(),
                message: "a micro-credential states at least one learning outcome".into(),
            });
        }
        let outcomes = course
            .learning_outcomes
            .iter()
            .enumerate()
            .map(|(i, text)| {
                Ok(LearningOutcome {
                    id: Some(self.node_id(&format!("outcome-{}", i + 1))),
                    types: types("LearningOutcome"),
                    title: Some(self.text(&format!("course.learningOutcomes[{i}]"), text)?),
                    related_esco_skill: None,
                    related_skill: None,
                    reusability_level: None,
                    extra: Default::default(),
                })
            })
            .collect::<Result<Vec<_>, BuildError>>()?;
        let credits = decimal("course.credits", &course.credits)?;
        if credits == "0" {
            return Err(invalid("course.credits")(ValueError::CreditPoints(
                course.credits.lexical(),
            )));
        }
        let volume = course
            .hours
            .as_ref()
            .map(|h| hours_duration("course.hours", h))
            .transpose()?;
        let eqf = course
            .eqf_level
            .map(|l| {
                EqfLevel::new(l)
                    .map(EqfLevel::to_concept)
                    .map_err(invalid("course.eqfLevel"))
            })
            .transpose()?;
        let thematic = course
            .thematic_areas
            .iter()
            .enumerate()
            .map(|(i, code)| isced_f(&format!("course.thematicAreas[{i}]"), code))
            .collect::<Result<Vec<_>, _>>()?;
        let languages = course
            .languages
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let field = format!("course.languages[{i}]");
                let tag = LanguageTag::new(code).map_err(invalid(field.clone()))?;
                Language::from_tag(&tag)
                    .map(Language::to_concept)
                    .map_err(invalid(field))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let accreditations = course
            .quality_assurance
            .iter()
            .enumerate()
            .map(|(i, qa)| self.accreditation(i, qa))
            .collect::<Result<Vec<_>, _>>()?;
        let mut notes = Vec::new();
        if let Some(text) = &course.stackability {
            notes.push(self.note("course.stackability", "stackability", text)?);
        }
        if let Some(text) = &course.further_information {
            notes.push(self.note("course.furtherInformation", "further-information", text)?);
        }
        let non_empty = |v: Vec<Concept>| {
            if v.is_empty() {
                None
            } else {
                Some(OneOrMany::from_vec(v))
            }
        };
        Ok(LearningAchievementSpecification {
            id: Some(self.node_id("specification")),
            types: types("LearningAchievementSpecification"),
            title: Some(self.text("course.title", &course.title)?),
            description: course
                .description
                .as_ref()
                .map(|d| self.text("course.description", d))
                .transpose()?,
            learning_outcome: Some(OneOrMany::Many(outcomes)),
            credit_point: Some(OneOrMany::One(CreditPoint {
                id: Some(self.node_id("credits")),
                types: types("CreditPoint"),
                framework: Some(vocab::ECTS.to_concept()),
                point: Some(credits),
                extra: Default::default(),
            })),
            volume_of_learning: volume,
            maximum_duration: course
                .maximum_duration
                .as_deref()
                .map(|d| IsoDuration::parse(d).map_err(invalid("course.maximumDuration")))
                .transpose()?,
            eqf_level: eqf,
            nqf_level: None,
            mode: Some(OneOrMany::One(course.participation.to_concept())),
            learning_setting: Some(course.learning_setting.unwrap_or(LearningSetting::Formal).to_concept()),
            entry_requirement: course
                .prerequisites
                .as_ref()
                .map(|p| self.note("course.prerequisites", "prerequisites", p))
                .transpose()?,
            thematic_area: non_empty(thematic),
            is_partial_qualification: course.partial_qualification,
            dc_type: Some(OneOrMany::One(vocab::SHORT_LEARNING_PROGRAMME.to_concept())),
            language: non_empty(languages),
            accreditation: if accreditations.is_empty() {
                None
            } else {
                Some(OneOrMany::from_vec(accreditations))
            },
            additional_note: if notes.is_empty() {
                None
            } else {
                Some(OneOrMany::from_vec(notes))
            },
            homepage: course
                .homepage
                .as_deref()
                .map(|u| self.web("course.homepage", "course-homepage", u))
                .transpose()?
                .map(OneOrMany::One),
            extra: Default::default(),
        })
    }

    fn accreditation(&self, index: usize, qa: &QualityAssuranceData) -> Result<Accreditation, BuildError> {
        let field = format!("course.qualityAssurance[{index}]");
        let local = format!("quality-assurance-{}", index + 1);
        if let Some(id) = &qa.agency.id {
            check_iri(&format!("{field}.agency.id"), id)?;
        }
        let agency = Organisation {
            id: Some(
                qa.agency
                    .id
                    .clone()
                    .unwrap_or_else(|| self.node_id(&format!("{local}-agency"))),
            ),
            types: Some(types("Organisation")),
            legal_name: Some(self.text(&format!("{field}.agency.legalName"), &qa.agency.legal_name)?),
            alt_label: None,
            location: Some(OneOrMany::One(self.location(
                &format!("{field}.agency.country"),
                &format!("{local}-agency"),
                &qa.agency.country,
                None,
            )?)),
            eidas_identifier: None,
            registration: None,
            vat_identifier: None,
            identifier: None,
            homepage: None,
            logo: None,
            extra: Default::default(),
        };
        Ok(Accreditation {
            id: Some(self.node_id(&local)),
            types: types("Accreditation"),
            title: Some(self.text(&format!("{field}.title"), &qa.title)?),
            dc_type: Some(qa.kind.to_concept()),
            accrediting_agent: Some(agency),
            organisation: None,
            issued: None,
            expiry_date: None,
            landing_page: qa
                .report_url
                .as_deref()
                .map(|u| self.web(&format!("{field}.reportUrl"), &format!("{local}-report"), u))
                .transpose()?
                .map(OneOrMany::One),
            extra: Default::default(),
        })
    }

    fn assessment(&self, issuer: &Organisation, awarding: &AwardingProcess) -> Result<LearningAssessment, BuildError> {
        let course = &self.request.course;
        let assessment = &course.assessment;
        let title = match &assessment.title {
            Some(title) => self.text("course.assessment.title", title)?,
            None => self.text("course.title", &course.title)?,
        };
        let grade = match &self.request.grade {
            Some(grade) => self.note("grade", "grade", grade)?,
            // EDC requires a grade on every assessment: a micro-credential without a graded
            // result records that the learner passed.
            None => Note {
                id: Some(self.node_id("grade")),
                types: Some(types("Note")),
                note_literal: Some(LanguageMap::single(
                    LanguageTag::new("en").map_err(invalid("language"))?,
                    "Passed",
                )),
                extra: Default::default(),
            },
        };
        Ok(LearningAssessment {
            id: Some(self.node_id("assessment")),
            types: types("LearningAssessment"),
            title: Some(title.clone()),
            grade: Some(grade),
            id_verification: assessment.id_verification.map(SupervisionType::to_concept),
            assessed_by: Some(OneOrMany::One(issuer.clone())),
            awarded_by: Some(awarding.clone()),
            specified_by: Some(LearningAssessmentSpecification {
                id: Some(self.node_id("assessment-specification")),
                types: types("LearningAssessmentSpecification"),
                title: Some(title),
                dc_type: Some(OneOrMany::One(assessment.kind.to_concept())),
                mode: assessment.mode.map(|m| OneOrMany::One(m.to_concept())),
                language: None,
                extra: Default::default(),
            }),
            extra: Default::default(),
        })
    }

    fn display(&self, title: &LanguageMap, rendered: Option<&[PageImage]>) -> Result<DisplayParameter, BuildError> {
        let pages = match (&self.request.display, rendered) {
            (Some(display), _) if !display.pages.is_empty() => &display.pages[..],
            (_, Some(rendered)) if !rendered.is_empty() => rendered,
            _ => {
                return Err(BuildError::Missing {
                    field: "display.pages".into(),
                    message: "EDC requires an image of each page of the certificate (PNG or JPEG, base64); supply at least page 1".into(),
                });
            }
        };
        let mut by_language: BTreeMap<String, Vec<(usize, &PageImage)>> = BTreeMap::new();
        for (i, page) in pages.iter().enumerate() {
            let language = page.language.clone().unwrap_or_else(|| self.language.primary());
            by_language.entry(language).or_default().push((i, page));
        }
        let primary = self.language.primary();
        if !by_language.contains_key(&primary) {
            return Err(BuildError::Missing {
                field: "display.pages".into(),
                message: format!("no page image in the primary language `{primary}`"),
            });
        }
        let mut displays = Vec::new();
        let mut languages = Vec::new();
        for (language, mut pages) in by_language {
            let field = format!(
                "display.pages[{}].language",
                pages.first().map(|(i, _)| *i).unwrap_or_default()
            );
            let tag = LanguageTag::new(&language).map_err(invalid(field.clone()))?;
            let concept = Language::from_tag(&tag)
                .map(Language::to_concept)
                .map_err(invalid(field))?;
            pages.sort_by_key(|(_, p)| p.page);
            let mut details = Vec::new();
            for (n, (i, page)) in pages.iter().enumerate() {
                if usize::try_from(page.page).ok() != Some(n + 1) {
                    return Err(BuildError::Malformed {
                        field: format!("display.pages[{i}].page"),
                        message: format!(
                            "pages of language `{language}` must be numbered 1, 2, 3... without gaps or repeats"
                        ),
                    });
                }
                details.push(DisplayDetail {
                    id: Some(self.node_id(&format!("display-{language}-page-{}", page.page))),
                    types: types("DisplayDetail"),
                    image: Some(self.media(
                        &format!("display.pages[{i}].image"),
                        &format!("display-{language}-image-{}", page.page),
                        &page.image,
                    )?),
                    page: Some(page.page),
                    extra: Default::default(),
                });
            }
            displays.push(IndividualDisplay {
                id: Some(self.node_id(&format!("display-{language}"))),
                types: types("IndividualDisplay"),
                language: Some(concept.clone()),
                display_detail: Some(OneOrMany::from_vec(details)),
                extra: Default::default(),
            });
            languages.push(concept);
        }
        let primary_concept = Language::from_tag(&self.language)
            .map(Language::to_concept)
            .map_err(invalid("language"))?;
        Ok(DisplayParameter {
            id: Some(self.node_id("display")),
            types: types("DisplayParameter"),
            title: Some(title.clone()),
            description: None,
            language: Some(OneOrMany::from_vec(languages)),
            primary_language: Some(primary_concept),
            individual_display: Some(OneOrMany::from_vec(displays)),
            extra: Default::default(),
        })
    }

    /// Draw the pages of `credential` in the primary language and the other languages of the
    /// title, as page images for the display parameter.
    fn render(
        &self,
        credential: &EuropeanDigitalCredential,
        title: &LanguageMap,
        renderer: &dyn PageRenderer,
    ) -> Result<Vec<PageImage>, BuildError> {
        let mut languages = vec![self.language.clone()];
        for tag in title.languages() {
            if tag.primary() != self.language.primary() && Language::from_tag(tag).is_ok() {
                languages.push(tag.clone());
            }
        }
        let mut pages = Vec::new();
        for language in languages {
            let images = renderer
                .render_pages(credential, &language)
                .map_err(|e| BuildError::Render {
                    language: language.to_string(),
                    message: e.to_string(),
                })?;
            for (n, png) in images.into_iter().enumerate() {
                pages.push(PageImage {
                    language: Some(language.primary()),
                    page: u32::try_from(n + 1).unwrap_or(u32::MAX),
                    image: ImageData {
                        content_type: ImageType::Png,
                        content: base64::engine::general_purpose::STANDARD.encode(png),
                    },
                });
            }
        }
        Ok(pages)
    }

    fn build(
        &self,
        envelope: Envelope,
        renderer: Option<&dyn PageRenderer>,
    ) -> Result<EuropeanDigitalCredential, BuildError> {
        let issuer = self.issuer()?;
        let issued = self.context.issued.clone();
        let awarding_date = self
            .request
            .awarding_date
            .as_deref()
            .map(|d| date_time("awardingDate", d))
            .transpose()?
            .unwrap_or_else(|| issued.clone());
        let valid_from = self
            .request
            .valid_from
            .as_deref()
            .map(|d| date_time("validFrom", d))
            .transpose()?
            .unwrap_or_else(|| issued.clone());
        let valid_until = self
            .request
            .valid_until
            .as_deref()
            .map(|d| date_time("validUntil", d))
            .transpose()?;
        if let (Some(from), Some(until)) = (
            valid_from.instant(),
            valid_until.as_ref().and_then(XsdDateTime::instant),
        ) {
            if until <= from {
                return Err(BuildError::Malformed {
                    field: "validUntil".into(),
                    message: "must be later than validFrom".into(),
                });
            }
        }
        let specification = self.specification()?;
        let title = specification.title.clone().unwrap_or_default();
        let awarding = self.awarding_process(&issuer, &awarding_date);
        let assessment = self.assessment(&issuer, &awarding)?;
        let achievement = LearningAchievement {
            id: Some(self.node_id("achievement")),
            types: types("LearningAchievement"),
            title: Some(title.clone()),
            description: None,
            awarded_by: Some(awarding),
            proven_by: Some(OneOrMany::One(assessment)),
            influenced_by: None,
            specified_by: Some(specification),
            credit_received: None,
            additional_note: None,
            extra: Default::default(),
        };
        let mut person = self.person()?;
        person.has_claim = Some(OneOrMany::One(Claim::Achievement(Box::new(achievement))));
        let (issuance_date, expiration_date) = match envelope {
            // VC v1 requires issuanceDate; EDC writes both issuanceDate and issued.
            Envelope::Edc | Envelope::EdcW3c => (Some(issued.clone()), valid_until.clone()),
        };
        let mut credential = EuropeanDigitalCredential {
            context: Some(Value::from(envelope.contexts().to_vec())),
            id: Some(self.context.credential_id.clone()),
            types: OneOrMany::Many(vec!["VerifiableCredential".into(), "EuropeanDigitalCredential".into()]),
            credential_profiles: Some(OneOrMany::One(vocab::PROFILE_GENERIC.to_concept())),
            display_parameter: None,
            identifier: None,
            credential_schema: Some(OneOrMany::One(CredentialSchema {
                id: vocab::EDC_GENERIC_FULL_SCHEMA.to_owned(),
                types: types("ShaclValidator2017"),
                extra: Default::default(),
            })),
            credential_subject: person,
            issuer,
            issuance_date,
            issued: Some(issued),
            valid_from: Some(valid_from),
            valid_until: None,
            expiration_date,
            evidence: None,
            credential_status: None,
            proof: None,
            extra: Default::default(),
        };
        let supplied = self.request.display.as_ref().is_some_and(|d| !d.pages.is_empty());
        let rendered = match renderer {
            Some(renderer) if !supplied => Some(self.render(&credential, &title, renderer)?),
            _ => None,
        };
        credential.display_parameter = Some(self.display(&title, rendered.as_deref())?);
        Ok(credential)
    }
}

/// Hours as an ISO 8601 duration: whole hours and minutes (`37.5` → `PT37H30M`).
fn hours_duration(field: &str, hours: &Decimal) -> Result<IsoDuration, BuildError> {
    let lexical = decimal(field, hours)?;
    let (int, frac) = lexical.split_once('.').unwrap_or((&lexical, ""));
    let whole: u64 = int
        .parse()
        .map_err(|_| invalid(field)(ValueError::CreditPoints(lexical.clone())))?;
    // The fraction must be a whole number of minutes.
    let frac_value = format!("0.{frac}").parse::<f64>().unwrap_or(0.0);
    let minutes = (frac_value * 60.0).round();
    if (frac_value * 60.0 - minutes).abs() > 1e-6 {
        return Err(BuildError::Malformed {
            field: field.to_owned(),
            message: format!("`{lexical}` hours is not a whole number of minutes"),
        });
    }
    if whole == 0 && minutes == 0.0 {
        return Err(BuildError::Malformed {
            field: field.to_owned(),
            message: "the workload must be more than zero hours".into(),
        });
    }
    let text = if minutes == 0.0 {
        format!("PT{whole}H")
    } else {
        format!("PT{whole}H{minutes}M")
    };
    IsoDuration::parse(&text).map_err(invalid(field))
}

/// An ISCED-F 2013 field of education (`06`, `061`, `0613`).
fn isced_f(field: &str, code: &str) -> Result<Concept, BuildError> {
    if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BuildError::Malformed {
            field: field.to_owned(),
            message: format!("`{code}` is not an ISCED-F 2013 code (2 to 4 digits, such as `0613`)"),
        });
    }
    Ok(Concept {
        id: format!("http://data.europa.eu/snb/isced-f/{code}"),
        types: Some(types("Concept")),
        in_scheme: Some(ConceptScheme {
            id: "http://data.europa.eu/snb/isced-f/25831c2".into(),
            types: Some(types("ConceptScheme")),
            extra: Default::default(),
        }),
        notation: None,
        pref_label: Some(LanguageMap::single(
            LanguageTag::new("en").map_err(invalid(field))?,
            format!("ISCED-F {code}"),
        )),
        extra: Default::default(),
    })
}
