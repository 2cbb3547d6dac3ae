//! The 3.6 KB VC 2.0 credential the `sign` and `canon` benches both measure (one definition,
//! so their figures are of the same document).

use serde_json::{Value, json};

/// A VC 2.0 credential of about 3.6 KB: an achievement with description, criteria,
/// alignments and results, as a small micro-credential would carry.
pub(crate) fn credential_3k6(issuer: &str) -> Value {
    let alignments: Vec<Value> = (1..=10)
        .map(|i| {
            json!({
                "type": "Alignment",
                "targetName": format!("Learning outcome {i}: apply data-protection principles in system design"),
                "targetUrl": format!("https://esco.example.eu/skill/{i:04}"),
                "targetFramework": "ESCO"
            })
        })
        .collect();
    let results: Vec<Value> = (1..=6)
        .map(|i| json!({"type": "Result", "resultDescription": format!("urn:uuid:result-{i}"), "value": format!("{}", 60 + i * 7)}))
        .collect();
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:7f1c2c5e-6a0e-4b5e-9d59-3f4c1f0e5a11",
        "type": ["VerifiableCredential", "MicroCredential"],
        "name": "Micro-credential in Privacy Engineering",
        "description": "Awarded on successful completion of the 6 ECTS module Privacy Engineering, \
            covering threat modelling, data minimisation, pseudonymisation and privacy impact assessment.",
        "issuer": {"id": issuer, "type": "Profile", "name": "Example University of Applied Sciences",
            "url": "https://uni.example.edu"},
        "validFrom": "2025-01-15T09:00:00Z",
        "validUntil": "2035-01-15T09:00:00Z",
        "credentialSubject": {
            "id": "did:example:student-4711",
            "type": "AchievementSubject",
            "name": "Ada Lovelace",
            "achievement": {
                "id": "https://uni.example.edu/achievements/privacy-engineering",
                "type": "Achievement",
                "name": "Privacy Engineering (6 ECTS)",
                "description": "The learner designs information systems that protect personal data by default: \
                    threat models, data flow diagrams, retention rules and pseudonymisation schemes, and \
                    assesses their residual risk in a documented privacy impact assessment.",
                "criteria": {"narrative": "Written examination (60%), project report (30%) and peer review (10%); \
                    a pass requires 50% in each part. Assessment is supervised and identity-checked."},
                "creditsAvailable": "6",
                "educationLevel": "EQF 7",
                "workload": "PT150H",
                "alignment": alignments
            },
            "result": results
        }
    })
}
