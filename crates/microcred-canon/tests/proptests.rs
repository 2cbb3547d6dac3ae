//! Invariants: RDFC-1.0 output does not depend on blank node labels or quad order; JCS output
//! parses back to an equal JSON value and is a fixed point.

use std::collections::BTreeMap;

use microcred_canon::{Dataset, Error, Literal, Quad, Term, jcs, rdfc};
use proptest::prelude::*;
use serde_json::Value;

#[derive(Debug, Clone)]
enum T {
    Blank(u8),
    Iri(u8),
    Lit(String, Option<u8>),
}

fn term() -> impl Strategy<Value = T> {
    prop_oneof![
        (0u8..6).prop_map(T::Blank),
        (0u8..4).prop_map(T::Iri),
        ("[a-c\"\\\\\n é]{0,4}", proptest::option::of(0u8..2)).prop_map(|(s, l)| T::Lit(s, l)),
    ]
}

fn node() -> impl Strategy<Value = T> {
    prop_oneof![(0u8..6).prop_map(T::Blank), (0u8..4).prop_map(T::Iri)]
}

type RawQuad = (T, u8, T, Option<T>);

fn raw_dataset() -> impl Strategy<Value = Vec<RawQuad>> {
    proptest::collection::vec((node(), 0u8..3, term(), proptest::option::of(node())), 0..14)
}

fn build(raw: &[RawQuad], labels: &[String]) -> Dataset {
    let t = |t: &T| match t {
        T::Blank(b) => Term::BlankNode(labels[*b as usize].clone()),
        T::Iri(i) => Term::Iri(format!("http://example.org/n{i}")),
        T::Lit(s, None) => Term::Literal(Literal::string(s.clone())),
        T::Lit(s, Some(l)) => Term::Literal(Literal::lang(s.clone(), if *l == 0 { "en" } else { "de-AT" })),
    };
    raw.iter()
        .map(|(s, p, o, g)| Quad {
            subject: t(s),
            predicate: Term::Iri(format!("http://example.org/p{p}")),
            object: t(o),
            graph: g.as_ref().map(t),
        })
        .collect()
}

fn canon(ds: &Dataset) -> Result<String, Error> {
    rdfc::canonicalize_with(ds, &rdfc::Options::default()).map(|c| c.nquads)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn rdfc_ignores_labels_and_order(
        raw in raw_dataset(),
        order_seed in any::<u64>(),
        label_perm in Just((0..6usize).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let labels_a: Vec<String> = (0..6).map(|i| format!("a{i}")).collect();
        let labels_b: Vec<String> = label_perm.iter().map(|i| format!("x{}y", i * 7)).collect();
        let a = build(&raw, &labels_a);
        // Reorder quads deterministically from the seed.
        let mut shuffled = raw.clone();
        let mut seed = order_seed | 1;
        for i in (1..shuffled.len()).rev() {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
            shuffled.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let b = build(&shuffled, &labels_b);
        let (ca, cb) = (canon(&a), canon(&b));
        prop_assert_eq!(&ca, &cb);
        if let Ok(text) = ca {
            // Canonical output is a fixed point and parses back.
            prop_assert_eq!(canon(&Dataset::from_nquads(&text).unwrap()).unwrap(), text);
        }
    }
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-(1i64 << 53)..(1i64 << 53)).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::String),
        "[\u{0}-\u{1f}\"\\\\\u{7f}\u{2028}]{0,4}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map("\\PC{0,6}", inner, 0..5)
                .prop_map(|m: BTreeMap<String, Value>| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// JSON equality with numbers compared as IEEE doubles (JCS writes `1.0` as `1`).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn jcs_round_trips(value in json()) {
        let text = jcs(&value).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        prop_assert!(json_eq(&value, &back), "{} -> {}", value, text);
        prop_assert_eq!(jcs(&back).unwrap(), text);
    }
}
