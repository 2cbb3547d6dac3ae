//! Helpers shared by the test modules: credentials built with the model's request builder.

use chrono::{DateTime, TimeZone, Utc};
use microcred_credits::{Credits, Holding};
use microcred_model::request::BuildContext;
use microcred_model::{Envelope, EuropeanDigitalCredential, IssuanceRequest, XsdDateTime};
use serde_json::Value;

pub(crate) const MC_SAMPLE: &str = include_str!("vectors/Sample-MC-Annex1-unsigned.jsonld");
pub(crate) const CERT_OF_PART_SAMPLE: &str = include_str!("vectors/Sample-CertOfPart-unsigned.jsonld");
const REQUEST: &str = include_str!("vectors/request-en-online-eqf6.json");

/// What a test credential varies.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub(crate) id: String,
    pub(crate) issuer: String,
    pub(crate) credits: &'static str,
    pub(crate) hours: Option<&'static str>,
    pub(crate) eqf: Option<u8>,
    pub(crate) fields: Vec<&'static str>,
    pub(crate) awarded: &'static str,
}

impl Spec {
    pub(crate) fn new(id: &str, credits: &'static str) -> Spec {
        Spec {
            id: id.to_owned(),
            issuer: "did:web:credentials.uniz.example".into(),
            credits,
            hours: None,
            eqf: Some(6),
            fields: vec!["0413"],
            awarded: "2026-06-30",
        }
    }
}

/// The request of `tests/vectors`, varied by `spec`, as JSON.
pub(crate) fn request(spec: &Spec) -> Value {
    let mut request: Value = serde_json::from_str(REQUEST).unwrap();
    request["issuer"]["id"] = spec.issuer.clone().into();
    let course = &mut request["course"];
    course["credits"] = spec.credits.into();
    match spec.hours {
        Some(hours) => course["hours"] = hours.into(),
        None => {
            course.as_object_mut().unwrap().remove("hours");
        }
    }
    match spec.eqf {
        Some(level) => course["eqfLevel"] = level.into(),
        None => {
            course.as_object_mut().unwrap().remove("eqfLevel");
        }
    }
    course["thematicAreas"] = spec.fields.clone().into();
    request["awardingDate"] = spec.awarded.into();
    request
}

/// A credential built by the model's builder from the varied request.
pub(crate) fn credential(spec: &Spec) -> EuropeanDigitalCredential {
    let request = IssuanceRequest::from_json_str(&request(spec).to_string()).unwrap();
    let context = BuildContext::new(spec.id.clone(), XsdDateTime::parse("2026-07-01T09:00:00Z").unwrap());
    request.build(Envelope::Edc, &context).unwrap()
}

pub(crate) fn credits(text: &str) -> Credits {
    Credits::parse(text).unwrap()
}

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap()
}

/// A holding from a provider, with fields.
pub(crate) fn holding(id: &str, provider: &str, credit_text: &str, fields: &[&str]) -> Holding {
    let mut holding = Holding::new(id, credits(credit_text));
    holding.provider = provider.to_owned();
    holding.fields = fields.iter().map(|f| (*f).to_owned()).collect();
    holding
}
