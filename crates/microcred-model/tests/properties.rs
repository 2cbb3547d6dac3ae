//! Property tests: builder round trips; arbitrary input never panics the parser.

use microcred_model::request::{
    AgencyData, AssessmentData, CourseData, Decimal, DisplayData, ImageData, ImageType, IssuerData, LearnerData,
    PageImage, QualityAssuranceData, Text,
};
use microcred_model::vocab::{AssessmentType, Mode, QualityAssuranceType};
use microcred_model::{Envelope, EuropeanDigitalCredential, IsoDuration, IssuanceRequest, annex1};
use proptest::prelude::*;

use crate::common::context;

fn text() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-žΑ-ω][A-Za-z0-9À-žΑ-ω ,.'-]{0,40}"
}

fn multilingual() -> impl Strategy<Value = Text> {
    prop_oneof![
        text().prop_map(Text::Plain),
        prop::collection::btree_map(
            prop::sample::select(vec![
                "en".to_owned(),
                "cs".to_owned(),
                "de".to_owned(),
                "pl".to_owned(),
                "el".to_owned()
            ]),
            text(),
            1..4
        )
        .prop_map(Text::Multilingual),
    ]
}

prop_compose! {
    fn request()(
        title in multilingual(),
        outcomes in prop::collection::vec(multilingual(), 1..6),
        credits_tenths in 5u32..600,
        hours in prop::option::of(1u32..2000),
        eqf in prop::option::of(1u8..=8),
        mode in prop::sample::select(Mode::ALL.to_vec()),
        kind in prop::sample::select(AssessmentType::ALL.to_vec()),
        qa in prop::sample::select(QualityAssuranceType::ALL.to_vec()),
        given in text(), family in text(),
        grade in prop::option::of(multilingual()),
        country in prop::sample::select(vec!["CZ", "IE", "DE", "PL", "GR", "HU", "SK"]),
    ) -> IssuanceRequest {
        IssuanceRequest {
            request_id: None,
            language: Some("en".into()),
            issuer: IssuerData {
                id: "did:web:issuer.example".into(), legal_name: Text::Plain("Issuer".into()), short_name: None,
                country: country.into(), eidas_identifier: "VATXX-1".into(), registration: None, address: None, homepage: None, logo: None,
            },
            learner: LearnerData { id: None, given_name: given, family_name: family, full_name: None, date_of_birth: None, email: None, student_reference: None },
            course: CourseData {
                id: None, title, description: None, learning_outcomes: outcomes,
                credits: Decimal::Text(format!("{}.{}", credits_tenths / 10, credits_tenths % 10)),
                hours: hours.map(|h| Decimal::Number(h.into())), eqf_level: eqf, participation: mode, learning_setting: None,
                assessment: AssessmentData { kind, title: None, id_verification: None, mode: None },
                quality_assurance: vec![QualityAssuranceData { kind: qa, title: Text::Plain("QA".into()), agency: AgencyData { id: None, legal_name: Text::Plain("Agency".into()), country: "CZ".into() }, report_url: None }],
                prerequisites: None, thematic_areas: vec![], partial_qualification: None, stackability: None, further_information: None,
                languages: vec![], homepage: None, maximum_duration: None,
            },
            grade, awarding_date: None, valid_from: None, valid_until: None,
            display: Some(DisplayData { pages: vec![PageImage { language: None, page: 1, image: ImageData { content_type: ImageType::Png, content: "iVBORw0KGgo=".into() } }] }),
        }
    }
}

proptest! {
    #[test]
    fn every_accepted_request_round_trips(request in request()) {
        // The request itself round-trips through JSON...
        let json = serde_json::to_string(&request).unwrap();
        prop_assert_eq!(&IssuanceRequest::from_json_str(&json).unwrap(), &request);
        // ...and its credential parses back to the same value, conformant to Annex I.
        let credential = request.build(Envelope::Edc, &context()).unwrap();
        let value = credential.to_value();
        let parsed = EuropeanDigitalCredential::from_value(value.clone()).unwrap();
        prop_assert_eq!(parsed.to_value(), value.clone());
        prop_assert!(annex1::check(&value).conformant());
    }

    #[test]
    fn arbitrary_text_never_panics_the_parsers(input in ".{0,200}") {
        let _ = EuropeanDigitalCredential::from_json_str(&input);
        let _ = IssuanceRequest::from_json_str(&input);
        let _ = IsoDuration::parse(&input);
    }

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json()) {
        let _ = EuropeanDigitalCredential::from_value(value.clone());
        let _ = annex1::check(&value);
        let mut credential = serde_json::json!({"type": "VerifiableCredential", "credentialSubject": {}, "issuer": {}});
        credential["credentialSubject"]["hasClaim"] = value;
        let _ = EuropeanDigitalCredential::from_value(credential);
    }

    #[test]
    fn valid_durations_round_trip(h in 0u64..100_000, m in 0u64..600, d in 0u64..400) {
        let text = format!("P{d}DT{h}H{m}M");
        let parsed = IsoDuration::parse(&text).unwrap();
        prop_assert_eq!(parsed.as_str(), text.as_str());
        prop_assert_eq!(parsed.components().len(), 3);
    }
}

fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        prop::sample::select(vec![
            "LearningAchievement",
            "type",
            "PT1H",
            "2024-01-01T00:00:00Z",
            "en",
            ""
        ])
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "type",
                    "id",
                    "title",
                    "specifiedBy",
                    "hasClaim",
                    "learningOutcome",
                    "point",
                    "volumeOfLearning",
                    "en",
                    "x"
                ])
                .prop_map(str::to_owned),
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
