//! Stacking 10,000 credentials against a target with three constraints (credits per ISCED-F
//! field, a minimum EQF level, a cap per provider), against the baseline of summing the credits
//! of the same 10,000 (the least any stacking must do). Also: stacking parsed credentials
//! (reading credits, provider, date, level and fields from each), and hours → credits.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use microcred_credits::{
    Credits, Group, Holding, Hours, HoursPerCredit, Rounding, Target, hours_to_credits, stack, stack_credentials,
};
use microcred_model::elm::Claim;
use microcred_model::request::BuildContext;
use microcred_model::vocab::EqfLevel;
use microcred_model::{Envelope, EuropeanDigitalCredential, IssuanceRequest, OneOrMany, XsdDateTime};

const REQUEST: &str = include_str!("../../examples/requests/en-online-eqf6-graded.json");
const COUNT: usize = 10_000;
const CREDITS: [&str; 9] = ["1", "2", "2.5", "3", "4", "5", "6", "7.5", "10"];
const FIELDS: [&str; 6] = ["0613", "0612", "0413", "0311", "0521", "0688"];

/// A small deterministic generator (xorshift), so every run stacks the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

struct Draw {
    credits: &'static str,
    provider: String,
    level: u8,
    field: &'static str,
    awarded: String,
}

fn draws() -> Vec<Draw> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..COUNT)
        .map(|_| Draw {
            credits: CREDITS[rng.next(CREDITS.len())],
            provider: format!("did:web:university-{}.example", rng.next(200)),
            level: 4 + rng.next(5) as u8,
            field: FIELDS[rng.next(FIELDS.len())],
            awarded: format!(
                "{}-{:02}-{:02}T00:00:00Z",
                2018 + rng.next(8),
                1 + rng.next(12),
                1 + rng.next(28)
            ),
        })
        .collect()
}

fn holdings(draws: &[Draw]) -> Vec<Holding> {
    draws
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut h = Holding::new(format!("urn:uuid:bench-{i}"), Credits::parse(d.credits).unwrap());
            h.provider = d.provider.clone();
            h.eqf_level = Some(EqfLevel::new(d.level).unwrap());
            h.fields = vec![d.field.to_owned()];
            h.awarded = XsdDateTime::parse(&d.awarded).unwrap().instant();
            h
        })
        .collect()
}

fn credentials(draws: &[Draw]) -> Vec<EuropeanDigitalCredential> {
    let request = IssuanceRequest::from_json_str(REQUEST).unwrap();
    let context = BuildContext::new("urn:uuid:template", XsdDateTime::parse("2026-07-01T09:00:00Z").unwrap());
    let template = request.build(Envelope::Edc, &context).unwrap();
    draws
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut credential = template.clone();
            credential.id = Some(format!("urn:uuid:bench-{i}"));
            credential.issuer.id = Some(d.provider.clone());
            for claim in credential
                .credential_subject
                .has_claim
                .iter_mut()
                .flat_map(OneOrMany::iter_mut)
            {
                if let Claim::Achievement(achievement) = claim {
                    if let Some(awarding) = achievement.awarded_by.as_mut() {
                        awarding.awarding_date = Some(XsdDateTime::parse(&d.awarded).unwrap());
                    }
                    let spec = achievement.specified_by.as_mut().unwrap();
                    for point in spec.credit_point.iter_mut().flat_map(OneOrMany::iter_mut) {
                        point.point = Some(d.credits.to_owned());
                    }
                    spec.eqf_level = Some(EqfLevel::new(d.level).unwrap().to_concept());
                    // Learning outcome ids are per credential (shared ids would make the
                    // credentials alternatives, of which only one counts).
                    for (k, outcome) in spec
                        .learning_outcome
                        .iter_mut()
                        .flat_map(OneOrMany::iter_mut)
                        .enumerate()
                    {
                        outcome.id = Some(format!("urn:uuid:bench-{i}#outcome-{k}"));
                    }
                    for area in spec.thematic_area.iter_mut().flat_map(OneOrMany::iter_mut) {
                        area.id = format!("http://data.europa.eu/snb/isced-f/{}", d.field);
                    }
                }
            }
            credential
        })
        .collect()
}

fn target() -> Target {
    Target::new(Credits::parse("60").unwrap())
        .with_group(Group::field("06", Credits::parse("20").unwrap()))
        .with_min_eqf_level(EqfLevel::new(6).unwrap())
        .with_max_credits_per_provider(Credits::parse("15").unwrap())
}

fn bench(c: &mut Criterion) {
    let draws = draws();
    let holdings = holdings(&draws);
    let credentials = credentials(&draws);
    let target = target();
    let now = XsdDateTime::parse("2026-09-01T00:00:00Z").unwrap().instant().unwrap();

    // Sanity: the scenario is met, minimally and provably.
    let result = stack(&holdings, &target, now);
    assert!(result.met && result.proven, "{result:?}");
    assert_eq!(stack_credentials(&credentials, &target, now), result);

    let mut group = c.benchmark_group("credits/stack-10000");
    group.bench_function("baseline sum of credits", |b| {
        b.iter(|| Credits::checked_sum(black_box(&holdings).iter().map(|h| &h.credits)).unwrap())
    });
    group.bench_function("stack holdings (field, min EQF, provider cap)", |b| {
        b.iter(|| stack(black_box(&holdings), &target, now))
    });
    group.bench_function("stack parsed credentials (read + stack)", |b| {
        b.iter(|| stack_credentials(black_box(&credentials), &target, now))
    });
    group.finish();

    let per_credit = HoursPerCredit::parse("26").unwrap();
    let texts: Vec<String> = (0..1000).map(|i| format!("{}.{}", i, i % 10)).collect();
    let hours: Vec<Hours> = texts.iter().map(|t| Hours::parse(t).unwrap()).collect();
    let mut group = c.benchmark_group("credits/convert-1000");
    group.bench_function("baseline parse hours", |b| {
        b.iter(|| {
            black_box(&texts)
                .iter()
                .map(|t| Hours::parse(t).unwrap().is_zero() as usize)
                .sum::<usize>()
        })
    });
    group.bench_function("hours to credits", |b| {
        b.iter(|| {
            black_box(&hours)
                .iter()
                .map(|h| hours_to_credits(*h, per_credit, Rounding::default()).exact as usize)
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
