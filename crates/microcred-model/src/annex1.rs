//! The EU Council Recommendation on micro-credentials (2022/C 243/02), Annex I: which of its
//! elements a credential states, and where.
//!
//! The check reads plain JSON, so it runs on any ELM credential (ours, an EDC sample, another
//! issuer's), including ones the typed model would reject. It reports presence only; whether a
//! value is *valid* (an EQF concept 1–8, credits in range) is the business of the model and
//! credit crates.

use serde::Serialize;
use serde_json::Value;

/// Whether the Recommendation requires an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Requirement {
    /// Every micro-credential must state it.
    Mandatory,
    /// Mandatory where applicable (the level: not every micro-credential has one).
    WhereApplicable,
    /// Optional.
    Optional,
}

/// An element of Annex I.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Element {
    /// Identification of the learner.
    Learner,
    /// Title of the micro-credential.
    Title,
    /// Country of the issuer.
    IssuingCountry,
    /// Awarding body.
    AwardingBody,
    /// Date of issue.
    DateOfIssue,
    /// Learning outcomes.
    LearningOutcomes,
    /// Notional workload (in ECTS credits wherever possible).
    NotionalWorkload,
    /// Level (and cycle) of the learning experience (EQF, QF-EHEA), if applicable.
    Level,
    /// Type of assessment.
    TypeOfAssessment,
    /// Form of participation in the learning activity.
    FormOfParticipation,
    /// Type of quality assurance used to underpin the micro-credential.
    QualityAssurance,
    /// Prerequisites needed to enrol.
    Prerequisites,
    /// Supervision and identity verification during assessment.
    IdentityVerification,
    /// Grade achieved.
    Grade,
    /// Integration and stackability options.
    Stackability,
    /// Further information.
    FurtherInformation,
}

struct Rule {
    element: Element,
    requirement: Requirement,
    label: &'static str,
    /// Candidate locations, most specific first; each a dotted path through objects and arrays.
    paths: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        element: Element::Learner,
        requirement: Requirement::Mandatory,
        label: "identification of the learner",
        paths: &[
            "credentialSubject.fullName",
            "credentialSubject.givenName",
            "credentialSubject.familyName",
        ],
    },
    Rule {
        element: Element::Title,
        requirement: Requirement::Mandatory,
        label: "title of the micro-credential",
        paths: &[
            "credentialSubject.hasClaim.title",
            "credentialSubject.hasClaim.specifiedBy.title",
        ],
    },
    Rule {
        element: Element::IssuingCountry,
        requirement: Requirement::Mandatory,
        label: "country of the issuer",
        paths: &[
            "issuer.location.address.countryCode",
            "credentialSubject.hasClaim.awardedBy.awardingBody.location.address.countryCode",
        ],
    },
    Rule {
        element: Element::AwardingBody,
        requirement: Requirement::Mandatory,
        label: "awarding body",
        paths: &["credentialSubject.hasClaim.awardedBy.awardingBody.legalName"],
    },
    Rule {
        element: Element::DateOfIssue,
        requirement: Requirement::Mandatory,
        label: "date of issue",
        paths: &[
            "issued",
            "issuanceDate",
            "credentialSubject.hasClaim.awardedBy.awardingDate",
        ],
    },
    Rule {
        element: Element::LearningOutcomes,
        requirement: Requirement::Mandatory,
        label: "learning outcomes",
        paths: &[
            "credentialSubject.hasClaim.specifiedBy.learningOutcome.title",
            "credentialSubject.hasClaim.specifiedBy.learningOutcomeSummary",
        ],
    },
    Rule {
        element: Element::NotionalWorkload,
        requirement: Requirement::Mandatory,
        label: "notional workload (ECTS credits wherever possible)",
        paths: &[
            "credentialSubject.hasClaim.specifiedBy.creditPoint.point",
            "credentialSubject.hasClaim.creditReceived.point",
            "credentialSubject.hasClaim.specifiedBy.volumeOfLearning",
        ],
    },
    Rule {
        element: Element::Level,
        requirement: Requirement::WhereApplicable,
        label: "level (EQF, national framework), where applicable",
        paths: &[
            "credentialSubject.hasClaim.specifiedBy.eqfLevel",
            "credentialSubject.hasClaim.specifiedBy.nqfLevel",
        ],
    },
    Rule {
        element: Element::TypeOfAssessment,
        requirement: Requirement::Mandatory,
        label: "type of assessment",
        paths: &[
            "credentialSubject.hasClaim.provenBy.specifiedBy.dcType",
            "credentialSubject.hasClaim.provenBy.specifiedBy.title",
            "credentialSubject.hasClaim.provenBy.title",
        ],
    },
    Rule {
        element: Element::FormOfParticipation,
        requirement: Requirement::Mandatory,
        label: "form of participation",
        paths: &[
            "credentialSubject.hasClaim.specifiedBy.mode",
            "credentialSubject.hasClaim.influencedBy.specifiedBy.mode",
        ],
    },
    Rule {
        element: Element::QualityAssurance,
        requirement: Requirement::Mandatory,
        label: "type of quality assurance",
        paths: &[
            "credentialSubject.hasClaim.specifiedBy.accreditation",
            "credentialSubject.hasClaim.awardedBy.awardingBody.accreditation",
            "issuer.accreditation",
        ],
    },
    Rule {
        element: Element::Prerequisites,
        requirement: Requirement::Optional,
        label: "prerequisites",
        paths: &["credentialSubject.hasClaim.specifiedBy.entryRequirement"],
    },
    Rule {
        element: Element::IdentityVerification,
        requirement: Requirement::Optional,
        label: "supervision and identity verification during assessment",
        paths: &["credentialSubject.hasClaim.provenBy.idVerification"],
    },
    Rule {
        element: Element::Grade,
        requirement: Requirement::Optional,
        label: "grade",
        paths: &["credentialSubject.hasClaim.provenBy.grade"],
    },
    Rule {
        element: Element::Stackability,
        requirement: Requirement::Optional,
        label: "integration and stackability options",
        paths: &[
            "credentialSubject.hasClaim.specifiedBy.isPartialQualification",
            "credentialSubject.hasClaim.isPartOf",
            "credentialSubject.hasClaim.specifiedBy.isPartOf",
        ],
    },
    Rule {
        element: Element::FurtherInformation,
        requirement: Requirement::Optional,
        label: "further information",
        paths: &[
            "credentialSubject.hasClaim.specifiedBy.additionalNote",
            "credentialSubject.hasClaim.additionalNote",
            "credentialSubject.hasClaim.specifiedBy.homepage",
            "credentialSubject.hasClaim.specifiedBy.supplementaryDocument",
        ],
    },
];

/// What the check found for one element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The element.
    pub element: Element,
    /// A human label.
    pub label: &'static str,
    /// Whether the Recommendation requires it.
    pub requirement: Requirement,
    /// Whether the credential states it.
    pub present: bool,
    /// Where it was found (JSON paths with array indices), or, when absent, where it is expected.
    pub paths: Vec<String>,
}

/// The Annex I report of one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// One finding per element, in the Recommendation's order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether every mandatory element is present. The level is mandatory only where applicable,
    /// which the credential alone cannot tell, so its absence does not make a credential
    /// non-conformant; it is reported.
    pub fn conformant(&self) -> bool {
        self.missing().next().is_none()
    }

    /// The mandatory elements that are missing.
    pub fn missing(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.requirement == Requirement::Mandatory && !f.present)
    }

    /// The optional elements that are present.
    pub fn optional_present(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.requirement == Requirement::Optional && f.present)
    }

    /// The report as one JSON object: `conformant`, `missing` (element and expected paths) and
    /// every finding.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "conformant": self.conformant(),
            "missing": self.missing().map(|f| serde_json::json!({"element": f.element, "label": f.label, "expectedAt": f.paths})).collect::<Vec<_>>(),
            "findings": self.findings,
        })
    }
}

/// Check a credential (any ELM credential, as JSON) against Annex I.
pub fn check(credential: &Value) -> Report {
    let findings = RULES
        .iter()
        .map(|rule| {
            let found: Vec<String> = rule.paths.iter().flat_map(|path| select(credential, path)).collect();
            let present = !found.is_empty();
            Finding {
                element: rule.element,
                label: rule.label,
                requirement: rule.requirement,
                present,
                paths: if present {
                    found
                } else {
                    rule.paths.iter().map(|p| (*p).to_owned()).collect()
                },
            }
        })
        .collect();
    Report { findings }
}

/// The concrete paths (with array indices) of the non-empty values at a dotted path.
fn select(root: &Value, path: &str) -> Vec<String> {
    let mut current: Vec<(String, &Value)> = vec![(String::new(), root)];
    for key in path.split('.') {
        let mut next = Vec::new();
        for (prefix, value) in current {
            for (at, item) in expand(prefix, value) {
                if let Some(child) = item.as_object().and_then(|o| o.get(key)) {
                    let child_path = if at.is_empty() {
                        key.to_owned()
                    } else {
                        format!("{at}.{key}")
                    };
                    next.push((child_path, child));
                }
            }
        }
        current = next;
    }
    current
        .into_iter()
        .flat_map(|(p, v)| expand(p, v))
        .filter(|(_, v)| is_stated(v))
        .map(|(p, _)| p)
        .collect()
}

/// An array's items with their indexed paths; any other value as itself.
fn expand(prefix: String, value: &Value) -> Vec<(String, &Value)> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (format!("{prefix}[{i}]"), item))
            .collect(),
        other => vec![(prefix, other)],
    }
}

fn is_stated(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => items.iter().any(is_stated),
        Value::Object(map) => map.iter().any(|(k, v)| k != "type" && is_stated(v)),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_walks_arrays_and_skips_blank_values() {
        let doc = serde_json::json!({"a": [{"b": {"en": "x"}}, {"b": ""}, {"b": {"en": "y"}}], "c": {"type": "Note"}});
        assert_eq!(select(&doc, "a.b"), vec!["a[0].b", "a[2].b"]);
        assert!(select(&doc, "c").is_empty());
        assert!(select(&doc, "a.b.c").is_empty());
    }
}
