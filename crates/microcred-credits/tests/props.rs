//! Property tests: conversions are monotonic and round-trip within the rounding policy;
//! stacking does not depend on input order, never counts more than is held, and is minimal.

use chrono::Duration;
use microcred_credits::{
    Credits, DurationConvention, Exclusion, Group, Holding, Hours, HoursPerCredit, Rounding, RoundingMode, Target,
    credits_to_hours, duration_hours, hours_to_credits, hours_to_duration, stack,
};
use microcred_model::IsoDuration;
use proptest::prelude::*;

use crate::common::now;

fn hours() -> impl Strategy<Value = Hours> {
    (0u64..100_000, 0u32..100).prop_map(|(whole, cents)| Hours::parse(&format!("{whole}.{cents:02}")).unwrap())
}

fn per_credit() -> impl Strategy<Value = HoursPerCredit> {
    (25u32..=30, prop_oneof![Just(0u32), Just(5)]).prop_filter_map("in band", |(whole, half)| {
        HoursPerCredit::parse(&format!("{whole}.{half}")).ok()
    })
}

fn rounding() -> impl Strategy<Value = Rounding> {
    (
        prop_oneof![Just("0.1"), Just("0.25"), Just("0.5"), Just("1")],
        prop_oneof![
            Just(RoundingMode::HalfUp),
            Just(RoundingMode::Down),
            Just(RoundingMode::Up)
        ],
    )
        .prop_map(|(step, mode)| Rounding::new(Credits::parse(step).unwrap(), mode).unwrap())
}

fn credit_value() -> impl Strategy<Value = Credits> {
    (0u32..200, 0u32..4).prop_map(|(whole, quarter)| Credits::parse(&format!("{whole}.{}", quarter * 25)).unwrap())
}

proptest! {
    #[test]
    fn hours_to_credits_is_monotonic(a in hours(), b in hours(), hpc in per_credit(), rounding in rounding()) {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(hours_to_credits(low, hpc, rounding).credits <= hours_to_credits(high, hpc, rounding).credits);
    }

    #[test]
    fn credits_to_hours_is_strictly_monotonic(a in credit_value(), b in credit_value(), hpc in per_credit()) {
        let (ha, hb) = (credits_to_hours(a, hpc).hours, credits_to_hours(b, hpc).hours);
        prop_assert_eq!(a.cmp(&b), ha.cmp(&hb));
    }

    #[test]
    fn round_trips_within_the_policy(h in hours(), c in credit_value(), hpc in per_credit(), rounding in rounding()) {
        // Credits that are multiples of the step come back exactly.
        let step_multiple = Credits::parse(&hours_to_credits(credits_to_hours(c, hpc).hours, hpc, Rounding::new(Credits::parse("0.25").unwrap(), RoundingMode::HalfUp).unwrap()).credits.to_string()).unwrap();
        prop_assert_eq!(step_multiple, c);
        // Hours come back within one step (directed modes) or half a step (half-up) of credits.
        let credits = hours_to_credits(h, hpc, rounding).credits;
        let back = credits_to_hours(credits, hpc).hours;
        let step_hours = credits_to_hours(rounding.step, hpc).hours;
        let difference = if back >= h { back.saturating_sub(h) } else { h.saturating_sub(back) };
        match rounding.mode {
            RoundingMode::HalfUp => {
                let doubled = difference.checked_add(difference).unwrap();
                prop_assert!(doubled <= step_hours, "{} vs {}", h, back);
            }
            RoundingMode::Down => prop_assert!(back <= h && difference < step_hours),
            RoundingMode::Up => prop_assert!(back >= h && difference < step_hours),
            _ => prop_assert!(false),
        }
    }

    #[test]
    fn durations_in_hours_round_trip(h in hours()) {
        let back = duration_hours(&hours_to_duration(h).unwrap(), &DurationConvention::STRICT).unwrap();
        prop_assert_eq!(back, h);
        let text = hours_to_duration(h).unwrap().as_str().to_owned();
        let parsed = IsoDuration::parse(&text).unwrap();
        prop_assert_eq!(parsed.as_str(), text.as_str());
    }
}

#[derive(Debug, Clone)]
struct Instance {
    holdings: Vec<Holding>,
    target: Target,
}

fn instance(max: usize) -> impl Strategy<Value = Instance> {
    let holding = (
        0u32..6,
        1u32..8,
        0u8..4,
        proptest::collection::vec(0usize..3, 0..3),
        0i64..3000,
        0u8..5,
    )
        .prop_map(|(id, credits, provider, fields, age, outcome)| {
            let mut h = Holding::new(format!("urn:c:{id}"), Credits::from_integer(credits));
            h.provider = format!("p{provider}");
            h.fields = fields
                .into_iter()
                .map(|f| ["0111", "0612", "0413"][f].to_owned())
                .collect();
            h.awarded = Some(now() - Duration::days(age));
            if outcome == 0 {
                h.outcomes = vec!["https://catalogue.example/o/1".into()];
            }
            h
        });
    let target = (
        5u32..25,
        proptest::collection::vec((0usize..3, 0u32..6), 0..3),
        proptest::option::of(4u32..12),
        any::<bool>(),
    )
        .prop_map(|(total, groups, cap, aged)| {
            let mut target = Target::new(Credits::from_integer(total));
            for (field, credits) in groups {
                target = target.with_group(Group::field(["01", "06", "04"][field], Credits::from_integer(credits)));
            }
            if let Some(cap) = cap {
                target = target.with_max_credits_per_provider(Credits::from_integer(cap));
            }
            if aged {
                target = target.with_max_age(IsoDuration::parse("P5Y").unwrap());
            }
            target
        });
    (proptest::collection::vec(holding, 0..max), target).prop_map(|(holdings, target)| Instance { holdings, target })
}

/// The fewest credentials meeting the target, by brute force over subsets and allocations.
fn brute_force_minimum(instance: &Instance) -> Option<usize> {
    let result = stack(&instance.holdings, &instance.target, now());
    // Eligible: the kept copy of each id (most credits first), unless excluded for a reason
    // other than being a duplicate (the exclusion rules are tested elsewhere).
    let excluded: Vec<&str> = result
        .excluded
        .iter()
        .filter(|e| e.reason != Exclusion::Duplicate)
        .map(|e| e.id.as_str())
        .collect();
    let mut eligible: Vec<&Holding> = Vec::new();
    for h in &instance.holdings {
        if excluded.contains(&h.id.as_str()) || eligible.iter().any(|e| e.id == h.id) {
            continue;
        }
        let kept = instance
            .holdings
            .iter()
            .filter(|o| o.id == h.id)
            .min_by(|a, b| b.credits.cmp(&a.credits).then_with(|| a.cmp(b)));
        eligible.push(kept.unwrap());
    }
    let groups = &instance.target.groups;
    let n = eligible.len();
    let mut best: Option<usize> = None;
    for mask in 0u32..(1 << n) {
        let chosen: Vec<&Holding> = (0..n).filter(|i| mask & (1 << i) != 0).map(|i| eligible[i]).collect();
        if best.is_some_and(|b| chosen.len() >= b) {
            continue;
        }
        // No shared learning outcome.
        let mut outcomes: Vec<&String> = chosen.iter().flat_map(|h| &h.outcomes).collect();
        let count = outcomes.len();
        outcomes.sort();
        outcomes.dedup();
        if outcomes.len() != count {
            continue;
        }
        // Total after the provider cap.
        let mut per_provider: std::collections::BTreeMap<&str, u64> = Default::default();
        for h in &chosen {
            *per_provider.entry(h.provider.as_str()).or_default() += h.credits.to_string().parse::<u64>().unwrap();
        }
        let cap = instance
            .target
            .max_credits_per_provider
            .map(|c| c.to_string().parse::<u64>().unwrap());
        let total: u64 = per_provider.values().map(|&v| cap.map_or(v, |c| v.min(c))).sum();
        if total < instance.target.credits.to_string().parse::<u64>().unwrap() {
            continue;
        }
        // Some allocation of chosen credentials to groups (or none) meets every group.
        let choices = groups.len() + 1;
        let allocations = choices.pow(chosen.len() as u32);
        let ok = (0..allocations).any(|mut code| {
            let mut sums = vec![0u64; groups.len()];
            let mut sizes = vec![0usize; groups.len()];
            for h in &chosen {
                let g = code % choices;
                code /= choices;
                if g < groups.len() {
                    if !groups[g].matches(h) {
                        return false;
                    }
                    sums[g] += h.credits.to_string().parse::<u64>().unwrap();
                    sizes[g] += 1;
                }
            }
            groups
                .iter()
                .enumerate()
                .all(|(g, group)| sizes[g] > 0 && sums[g] >= group.credits.to_string().parse::<u64>().unwrap())
        });
        if ok {
            best = Some(chosen.len());
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn stacking_is_independent_of_input_order(instance in instance(12), seed in any::<u64>()) {
        let first = stack(&instance.holdings, &instance.target, now());
        let mut shuffled = instance.holdings.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let second = stack(&shuffled, &instance.target, now());
        prop_assert_eq!(first, second);
    }

    #[test]
    fn never_counts_more_than_is_held(instance in instance(12)) {
        let result = stack(&instance.holdings, &instance.target, now());
        prop_assert!(result.counted_credits <= result.eligible_credits);
        let counted: Credits = Credits::checked_sum(result.counted.iter().map(|c| &c.counted)).unwrap();
        prop_assert_eq!(counted, result.counted_credits);
        for c in &result.counted {
            prop_assert!(c.counted <= c.credits);
        }
        // No credential counted twice.
        let mut ids: Vec<&str> = result.counted.iter().map(|c| c.id.as_str()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), n);
        if let Some(cap) = instance.target.max_credits_per_provider {
            let mut per_provider: std::collections::BTreeMap<&str, Credits> = Default::default();
            for c in &result.counted {
                let entry = per_provider.entry(c.provider.as_str()).or_default();
                *entry = entry.checked_add(c.counted).unwrap();
            }
            prop_assert!(per_provider.values().all(|v| *v <= cap));
        }
    }

    #[test]
    fn small_inputs_get_the_proven_minimum(instance in instance(8)) {
        let result = stack(&instance.holdings, &instance.target, now());
        prop_assert!(result.proven);
        let minimum = brute_force_minimum(&instance);
        prop_assert_eq!(result.met, minimum.is_some(), "{:#?}", result);
        if let Some(minimum) = minimum {
            prop_assert_eq!(result.counted.len(), minimum, "{:#?}", result);
        }
    }
}
