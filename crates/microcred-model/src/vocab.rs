//! Controlled vocabularies used by micro-credentials: typed constants for the EU concepts.
//!
//! Source: the ELM v3 controlled lists (`xsd/loq/cv/*.xsd` of the European Learning Model
//! repository) and the EU Publications Office authority tables (country, language, file type),
//! as compiled in `reference/elm/vocab/controlled-vocabularies.json`.

use std::fmt;

use crate::elm::{Concept, ConceptScheme};
use crate::error::ValueError;
use crate::lang::{LanguageMap, LanguageTag};
use crate::one_or_many::OneOrMany;

/// A concept of a controlled list: IRI, scheme IRI and English label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConceptRef {
    /// The concept IRI.
    pub id: &'static str,
    /// The concept scheme IRI.
    pub scheme: &'static str,
    /// The English label.
    pub label: &'static str,
    /// The notation EDC writes for EU authority tables (`country`, `language`, `file-type`).
    pub notation: Option<&'static str>,
}

impl ConceptRef {
    /// The concept as ELM JSON-LD writes it: id, type, inScheme, notation, prefLabel (English).
    pub fn to_concept(&self) -> Concept {
        Concept {
            id: self.id.to_owned(),
            types: Some(OneOrMany::One("Concept".to_owned())),
            in_scheme: Some(ConceptScheme {
                id: self.scheme.to_owned(),
                types: Some(OneOrMany::One("ConceptScheme".to_owned())),
                extra: Default::default(),
            }),
            notation: self.notation.map(str::to_owned),
            pref_label: Some(english(self.label)),
            extra: Default::default(),
        }
    }
}

fn english(label: &str) -> LanguageMap {
    match LanguageTag::new("en") {
        Ok(en) => LanguageMap::single(en, label),
        Err(_) => LanguageMap::new(),
    }
}

const fn snb(id: &'static str, scheme: &'static str, label: &'static str) -> ConceptRef {
    ConceptRef {
        id,
        scheme,
        label,
        notation: None,
    }
}

/// The European Credit Transfer and Accumulation System (credit framework).
pub const ECTS: ConceptRef = snb(
    "http://data.europa.eu/snb/education-credit/6fcec5c5af",
    "http://data.europa.eu/snb/education-credit/25831c2",
    "European Credit Transfer System",
);
/// The European credit system for vocational education and training.
pub const ECVET: ConceptRef = snb(
    "http://data.europa.eu/snb/education-credit/60b314e826",
    "http://data.europa.eu/snb/education-credit/25831c2",
    "European credit system for vocational education and training",
);
/// The EDC "Generic" credential profile.
pub const PROFILE_GENERIC: ConceptRef = snb(
    "http://data.europa.eu/snb/credential/e34929035b",
    "http://data.europa.eu/snb/credential/25831c2",
    "Generic",
);
/// The "base64" content encoding.
pub const ENCODING_BASE64: ConceptRef = snb(
    "http://data.europa.eu/snb/encoding/6146cde7dd",
    "http://data.europa.eu/snb/encoding/25831c2",
    "base64",
);
/// The "Short learning programme" learning-opportunity type, used for micro-credentials.
pub const SHORT_LEARNING_PROGRAMME: ConceptRef = snb(
    "http://data.europa.eu/snb/learning-opportunity/74a4a268e8",
    "http://data.europa.eu/snb/learning-opportunity/25831c2",
    "Short learning programme",
);
/// The "Course" learning-opportunity type.
pub const COURSE: ConceptRef = snb(
    "http://data.europa.eu/snb/learning-opportunity/05053c1cbe",
    "http://data.europa.eu/snb/learning-opportunity/25831c2",
    "Course",
);
/// The SHACL schema EDC credentials name in `credentialSchema`.
pub const EDC_GENERIC_FULL_SCHEMA: &str = "http://data.europa.eu/snb/model/ap/edc-generic-full";

/// PNG file type (EU file-type authority table).
pub const FILE_TYPE_PNG: ConceptRef = ConceptRef {
    id: "http://publications.europa.eu/resource/authority/file-type/PNG",
    scheme: "http://publications.europa.eu/resource/authority/file-type",
    label: "PNG",
    notation: Some("file-type"),
};
/// JPEG file type.
pub const FILE_TYPE_JPEG: ConceptRef = ConceptRef {
    id: "http://publications.europa.eu/resource/authority/file-type/JPEG",
    scheme: "http://publications.europa.eu/resource/authority/file-type",
    label: "JPEG",
    notation: Some("file-type"),
};

/// An EQF level, 1 to 8. Invalid levels cannot be constructed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EqfLevel(u8);

/// The EQF concept scheme.
pub const EQF_SCHEME: &str = "http://data.europa.eu/snb/eqf/25831c2";
const EQF_PREFIX: &str = "http://data.europa.eu/snb/eqf/";
const EQF_LABELS: [&str; 8] = [
    "Level 1", "Level 2", "Level 3", "Level 4", "Level 5", "Level 6", "Level 7", "Level 8",
];

impl EqfLevel {
    /// A level from 1 to 8.
    pub fn new(level: u8) -> Result<Self, ValueError> {
        if (1..=8).contains(&level) {
            Ok(EqfLevel(level))
        } else {
            Err(ValueError::EqfLevel(level.to_string()))
        }
    }

    /// The level number.
    pub fn get(self) -> u8 {
        self.0
    }

    /// The level from its concept IRI (`http://data.europa.eu/snb/eqf/6`).
    pub fn from_iri(iri: &str) -> Result<Self, ValueError> {
        iri.strip_prefix(EQF_PREFIX)
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| n.to_string().len() == iri.len() - EQF_PREFIX.len())
            .and_then(|n| EqfLevel::new(n).ok())
            .ok_or_else(|| ValueError::EqfLevel(iri.to_owned()))
    }

    /// The concept IRI.
    pub fn iri(self) -> String {
        format!("{EQF_PREFIX}{}", self.0)
    }

    /// The concept as ELM JSON-LD writes it.
    pub fn to_concept(self) -> Concept {
        let label = EQF_LABELS.get(usize::from(self.0) - 1).copied().unwrap_or("Level");
        let mut concept = snb("", EQF_SCHEME, label).to_concept();
        concept.id = self.iri();
        concept
    }
}

impl fmt::Display for EqfLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EQF {}", self.0)
    }
}

macro_rules! concept_enum {
    ($(#[$meta:meta])* $name:ident, $scheme:expr, { $($(#[$vmeta:meta])* $variant:ident = ($key:literal, $id:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $key)] $variant),+
        }

        impl $name {
            /// Every value, in list order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The concept scheme IRI.
            pub const SCHEME: &'static str = $scheme;

            /// The concept.
            pub fn concept_ref(self) -> ConceptRef {
                match self {
                    $($name::$variant => snb($id, $scheme, $label)),+
                }
            }

            /// The concept as ELM JSON-LD writes it.
            pub fn to_concept(self) -> Concept {
                self.concept_ref().to_concept()
            }

            /// The short name used in issuance requests (kebab case).
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }

            /// The value whose concept IRI is `iri`.
            pub fn from_iri(iri: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.concept_ref().id == iri)
            }
        }
    };
}

concept_enum!(
    /// Form of participation (ELM `mode`).
    Mode, "http://data.europa.eu/snb/learning-assessment/25831c2", {
    /// Online.
    Online = ("online", "http://data.europa.eu/snb/learning-assessment/920fbb3cbe", "Online"),
    /// Blended: online and in person.
    Blended = ("blended", "http://data.europa.eu/snb/learning-assessment/e92d221e4d", "Blended"),
    /// In person.
    Presential = ("presential", "http://data.europa.eu/snb/learning-assessment/9191af2ed9", "Presential"),
    /// Work-based.
    Workbased = ("workbased", "http://data.europa.eu/snb/learning-assessment/729f3bed4b", "Workbased"),
    /// Project-based.
    ProjectBased = ("project-based", "http://data.europa.eu/snb/learning-assessment/7813801c77", "Project based"),
    /// Research or lab based.
    ResearchLabBased = ("research-lab-based", "http://data.europa.eu/snb/learning-assessment/ed4c557045", "Research-Lab based"),
});

concept_enum!(
    /// Formal or non-formal learning (ELM `learningSetting`).
    LearningSetting, "http://data.europa.eu/snb/learning-setting/25831c2", {
    /// Formal learning.
    Formal = ("formal", "http://data.europa.eu/snb/learning-setting/6fd4685715", "formal learning"),
    /// Non-formal learning.
    NonFormal = ("non-formal", "http://data.europa.eu/snb/learning-setting/e207a81fc7", "non-formal learning"),
});

concept_enum!(
    /// Type of assessment (ELM `LearningAssessmentSpecification.dcType`).
    AssessmentType, "http://data.europa.eu/snb/assessment/25831c2", {
    /// Peer assessment.
    PeerAssessment = ("peer-assessment", "http://data.europa.eu/snb/assessment/19a2e5e671", "peer assessment"),
    /// Marked assignment.
    MarkedAssignment = ("marked-assignment", "http://data.europa.eu/snb/assessment/2939dae15f", "marked assignment"),
    /// Continuous evaluation.
    ContinuousEvaluation = ("continuous-evaluation", "http://data.europa.eu/snb/assessment/3484bd7e51", "continuous evaluation"),
    /// Portfolio.
    Portfolio = ("portfolio", "http://data.europa.eu/snb/assessment/4f03b91c0e", "portfolio"),
    /// Group performance.
    GroupPerformance = ("group-performance", "http://data.europa.eu/snb/assessment/56539a6507", "group performance"),
    /// Practical assessment.
    PracticalAssessment = ("practical-assessment", "http://data.europa.eu/snb/assessment/6a4db9f11d", "practical assessment"),
    /// Written examination.
    WrittenExamination = ("written-examination", "http://data.europa.eu/snb/assessment/6e6cb2cc78", "written examination"),
    /// Level of attendance.
    LevelOfAttendance = ("level-of-attendance", "http://data.europa.eu/snb/assessment/7331eb4762", "level of attendance"),
    /// Project work.
    ProjectWork = ("project-work", "http://data.europa.eu/snb/assessment/795dac4096", "project work"),
    /// Peer review.
    PeerReview = ("peer-review", "http://data.europa.eu/snb/assessment/812e3b0ae1", "peer review"),
    /// Quiz.
    Quiz = ("quiz", "http://data.europa.eu/snb/assessment/b1b68f6735", "quiz"),
    /// Problem-based learning.
    ProblemBasedLearning = ("problem-based-learning", "http://data.europa.eu/snb/assessment/c4256a2726", "problem based learning"),
    /// Oral examination.
    OralExamination = ("oral-examination", "http://data.europa.eu/snb/assessment/d30284d7df", "oral examination"),
    /// Artefact assessment.
    ArtefactAssessment = ("artefact-assessment", "http://data.europa.eu/snb/assessment/de4d165a6c", "artefact assessment"),
});

concept_enum!(
    /// Identity checks during assessment (ELM `idVerification`).
    SupervisionType, "http://data.europa.eu/snb/supervision-verification/25831c2", {
    /// Unsupervised, without identity verification.
    Unsupervised = ("unsupervised", "http://data.europa.eu/snb/supervision-verification/c598449d64", "Unsupervised without ID Verification"),
    /// Supervised, with identity verification.
    SupervisedWithIdVerification = ("supervised-with-id-verification", "http://data.europa.eu/snb/supervision-verification/70be69aaf9", "Supervised with ID Verification"),
    /// Identity verification without supervision.
    IdVerification = ("id-verification", "http://data.europa.eu/snb/supervision-verification/44314532f9", "ID Verification"),
});

concept_enum!(
    /// Type of quality assurance (ELM `Accreditation.dcType`). Concept IRIs from the EDCI 2.0.x
    /// `ControlledListConcept.java` (`ACCREDITATION_TYPE_*`); the labels are ours.
    QualityAssuranceType, "http://data.europa.eu/snb/accreditation/25831c2", {
    /// External quality assurance of the institution.
    InstitutionalQuality = ("institutional-quality-assurance", "http://data.europa.eu/snb/accreditation/bb4618238e", "Institutional quality assurance"),
    /// External quality assurance of the programme or course.
    ProgrammeQuality = ("programme-quality-assurance", "http://data.europa.eu/snb/accreditation/820101cba6", "Programme quality assurance"),
    /// Licence for the institution to operate.
    InstitutionalLicence = ("institutional-licence", "http://data.europa.eu/snb/accreditation/003293d2ce", "Institutional licencing"),
    /// Licence for the programme.
    ProgrammeLicence = ("programme-licence", "http://data.europa.eu/snb/accreditation/e57dddfcf3", "Programme licencing"),
});

/// EU country authority table scheme.
pub const COUNTRY_SCHEME: &str = "http://publications.europa.eu/resource/authority/country";
/// EU language authority table scheme.
pub const LANGUAGE_SCHEME: &str = "http://publications.europa.eu/resource/authority/language";

/// ISO 3166-1 alpha-2 → (EU authority code = alpha-3, English name): EU and EEA members,
/// candidates and other Erasmus+ programme countries.
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("AT", "AUT", "Austria"),
    ("BE", "BEL", "Belgium"),
    ("BG", "BGR", "Bulgaria"),
    ("HR", "HRV", "Croatia"),
    ("CY", "CYP", "Cyprus"),
    ("CZ", "CZE", "Czechia"),
    ("DK", "DNK", "Denmark"),
    ("EE", "EST", "Estonia"),
    ("FI", "FIN", "Finland"),
    ("FR", "FRA", "France"),
    ("DE", "DEU", "Germany"),
    ("GR", "GRC", "Greece"),
    ("HU", "HUN", "Hungary"),
    ("IE", "IRL", "Ireland"),
    ("IT", "ITA", "Italy"),
    ("LV", "LVA", "Latvia"),
    ("LT", "LTU", "Lithuania"),
    ("LU", "LUX", "Luxembourg"),
    ("MT", "MLT", "Malta"),
    ("NL", "NLD", "Netherlands"),
    ("PL", "POL", "Poland"),
    ("PT", "PRT", "Portugal"),
    ("RO", "ROU", "Romania"),
    ("SK", "SVK", "Slovakia"),
    ("SI", "SVN", "Slovenia"),
    ("ES", "ESP", "Spain"),
    ("SE", "SWE", "Sweden"),
    ("IS", "ISL", "Iceland"),
    ("LI", "LIE", "Liechtenstein"),
    ("NO", "NOR", "Norway"),
    ("CH", "CHE", "Switzerland"),
    ("MK", "MKD", "North Macedonia"),
    ("RS", "SRB", "Serbia"),
    ("TR", "TUR", "Türkiye"),
    ("AL", "ALB", "Albania"),
    ("ME", "MNE", "Montenegro"),
    ("BA", "BIH", "Bosnia and Herzegovina"),
    ("UA", "UKR", "Ukraine"),
    ("MD", "MDA", "Moldova"),
    ("GE", "GEO", "Georgia"),
    ("GB", "GBR", "United Kingdom"),
];

/// A country of the EU authority table, from an ISO 3166-1 alpha-2 or alpha-3 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country {
    alpha2: &'static str,
    alpha3: &'static str,
    name: &'static str,
}

impl Country {
    /// Look up a country by `CZ` or `CZE` (case-insensitive).
    pub fn from_code(code: &str) -> Result<Self, ValueError> {
        COUNTRIES
            .iter()
            .find(|(a2, a3, _)| a2.eq_ignore_ascii_case(code) || a3.eq_ignore_ascii_case(code))
            .map(|&(alpha2, alpha3, name)| Country { alpha2, alpha3, name })
            .ok_or_else(|| ValueError::Country(code.to_owned()))
    }

    /// The country from its authority IRI.
    pub fn from_iri(iri: &str) -> Option<Self> {
        iri.strip_prefix(COUNTRY_SCHEME)
            .and_then(|rest| rest.strip_prefix('/'))
            .and_then(|code| Country::from_code(code).ok())
    }

    /// ISO 3166-1 alpha-2 code.
    pub fn alpha2(self) -> &'static str {
        self.alpha2
    }

    /// The English name.
    pub fn name(self) -> &'static str {
        self.name
    }

    /// The concept as ELM JSON-LD writes it.
    pub fn to_concept(self) -> Concept {
        let mut concept = ConceptRef {
            id: "",
            scheme: COUNTRY_SCHEME,
            label: self.name,
            notation: Some("country"),
        }
        .to_concept();
        concept.id = format!("{COUNTRY_SCHEME}/{}", self.alpha3);
        concept
    }
}

/// ISO 639-1 → (EU authority code, English name): the 24 official EU languages and others
/// common in European higher education.
const LANGUAGES: &[(&str, &str, &str)] = &[
    ("bg", "BUL", "Bulgarian"),
    ("cs", "CES", "Czech"),
    ("da", "DAN", "Danish"),
    ("de", "DEU", "German"),
    ("el", "ELL", "Greek"),
    ("en", "ENG", "English"),
    ("es", "SPA", "Spanish"),
    ("et", "EST", "Estonian"),
    ("fi", "FIN", "Finnish"),
    ("fr", "FRA", "French"),
    ("ga", "GLE", "Irish"),
    ("hr", "HRV", "Croatian"),
    ("hu", "HUN", "Hungarian"),
    ("it", "ITA", "Italian"),
    ("lt", "LIT", "Lithuanian"),
    ("lv", "LAV", "Latvian"),
    ("mt", "MLT", "Maltese"),
    ("nl", "NLD", "Dutch"),
    ("pl", "POL", "Polish"),
    ("pt", "POR", "Portuguese"),
    ("ro", "RON", "Romanian"),
    ("sk", "SLK", "Slovak"),
    ("sl", "SLV", "Slovenian"),
    ("sv", "SWE", "Swedish"),
    ("is", "ISL", "Icelandic"),
    ("no", "NOR", "Norwegian"),
    ("nb", "NOB", "Norwegian Bokmål"),
    ("tr", "TUR", "Turkish"),
    ("uk", "UKR", "Ukrainian"),
    ("sr", "SRP", "Serbian"),
    ("mk", "MKD", "Macedonian"),
    ("sq", "SQI", "Albanian"),
    ("ca", "CAT", "Catalan"),
    ("eu", "EUS", "Basque"),
    ("gl", "GLG", "Galician"),
];

/// A language of the EU authority table, from an ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Language {
    code: &'static str,
    authority: &'static str,
    name: &'static str,
}

impl Language {
    /// Look up a language by its ISO 639-1 code or by the primary subtag of a language tag.
    pub fn from_tag(tag: &LanguageTag) -> Result<Self, ValueError> {
        let primary = tag.primary();
        LANGUAGES
            .iter()
            .find(|(code, _, _)| *code == primary)
            .map(|&(code, authority, name)| Language { code, authority, name })
            .ok_or_else(|| ValueError::Language(tag.to_string()))
    }

    /// The language from its authority IRI (`.../language/CES`).
    pub fn from_iri(iri: &str) -> Option<Self> {
        let code = iri.strip_prefix(LANGUAGE_SCHEME)?.strip_prefix('/')?;
        LANGUAGES
            .iter()
            .find(|(_, authority, _)| *authority == code)
            .map(|&(code, authority, name)| Language { code, authority, name })
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        self.code
    }

    /// The English name.
    pub fn name(self) -> &'static str {
        self.name
    }

    /// The concept as ELM JSON-LD writes it.
    pub fn to_concept(self) -> Concept {
        let mut concept = ConceptRef {
            id: "",
            scheme: LANGUAGE_SCHEME,
            label: self.name,
            notation: Some("language"),
        }
        .to_concept();
        concept.id = format!("{LANGUAGE_SCHEME}/{}", self.authority);
        concept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eqf_levels() {
        assert!(EqfLevel::new(0).is_err());
        assert!(EqfLevel::new(9).is_err());
        let six = EqfLevel::new(6).unwrap();
        assert_eq!(EqfLevel::from_iri(&six.iri()).unwrap(), six);
        assert!(EqfLevel::from_iri("http://data.europa.eu/snb/eqf/06").is_err());
        assert!(EqfLevel::from_iri("http://data.europa.eu/snb/eqf/9").is_err());
        assert_eq!(six.to_concept().in_scheme.unwrap().id, EQF_SCHEME);
    }

    #[test]
    fn vocabularies_match_the_compiled_eu_lists() {
        // Every typed concept must be one of the concepts of the compiled EU controlled lists.
        let lists: serde_json::Value =
            serde_json::from_str(include_str!("../tests/vectors/controlled-vocabularies.json")).unwrap();
        let known: std::collections::HashSet<(String, String)> = lists["schemes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| {
                let scheme = s["scheme"].as_str().unwrap().to_owned();
                s["concepts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |c| (scheme.clone(), c["id"].as_str().unwrap().to_owned()))
            })
            .collect();
        let mut refs: Vec<ConceptRef> = vec![
            ECTS,
            ECVET,
            PROFILE_GENERIC,
            ENCODING_BASE64,
            SHORT_LEARNING_PROGRAMME,
            COURSE,
        ];
        refs.extend(Mode::ALL.iter().map(|m| m.concept_ref()));
        refs.extend(LearningSetting::ALL.iter().map(|m| m.concept_ref()));
        refs.extend(AssessmentType::ALL.iter().map(|m| m.concept_ref()));
        refs.extend(SupervisionType::ALL.iter().map(|m| m.concept_ref()));
        for r in refs {
            assert!(known.contains(&(r.scheme.to_owned(), r.id.to_owned())), "{r:?}");
        }
        for level in 1..=8 {
            let l = EqfLevel::new(level).unwrap();
            assert!(known.contains(&(EQF_SCHEME.to_owned(), l.iri())));
        }
    }

    #[test]
    fn countries_and_languages() {
        assert_eq!(
            Country::from_code("cz").unwrap().to_concept().id,
            "http://publications.europa.eu/resource/authority/country/CZE"
        );
        assert_eq!(Country::from_code("IRL").unwrap().alpha2(), "IE");
        assert!(Country::from_code("XX").is_err());
        let cs = Language::from_tag(&LanguageTag::new("cs").unwrap()).unwrap();
        assert_eq!(
            cs.to_concept().id,
            "http://publications.europa.eu/resource/authority/language/CES"
        );
        assert_eq!(
            Language::from_iri("http://publications.europa.eu/resource/authority/language/CES"),
            Some(cs)
        );
    }
}
