//! Safe mode: every kind of data that JSON-LD would drop silently is an error naming the term
//! or value and its JSON path; lenient mode drops it as plain JSON-LD does.

use microcred_canon::{ContextStore, Error, JsonLdProcessor, SafeModeViolation as V};
use serde_json::{Value, json};

fn vc1(extra: Value) -> Value {
    let mut doc = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1", {"ex": "https://example.org/vocab#", "lang": {"@id": "https://example.org/vocab#lang", "@container": "@language"}}],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:subject", "ex:ok": "fine"}
    });
    for (k, v) in extra.as_object().unwrap() {
        if k == "credentialSubject" {
            for (k2, v2) in v.as_object().unwrap() {
                doc["credentialSubject"][k2] = v2.clone();
            }
        } else {
            doc[k] = v.clone();
        }
    }
    doc
}

#[test]
fn negative_table() {
    let cases: Vec<(&str, Value, V, &str)> = vec![
        (
            "undefined term",
            vc1(json!({"credentialSubject": {"studyLaod": 5}})),
            V::UndefinedTerm,
            "$.credentialSubject.studyLaod",
        ),
        (
            "undefined type",
            vc1(json!({"type": ["VerifiableCredential", "MicroCredential"]})),
            V::UndefinedType,
            "$.type[1]",
        ),
        (
            "relative id",
            vc1(json!({"credentialSubject": {"id": "#subject"}})),
            V::RelativeIri,
            "$.credentialSubject.id",
        ),
        (
            "id with a space",
            vc1(json!({"id": "https ://not-a-url/1"})),
            V::InvalidIri,
            "$.id",
        ),
        (
            "relative issuer IRI",
            vc1(json!({"issuer": "university"})),
            V::RelativeIri,
            "$.issuer",
        ),
        (
            "language tag",
            vc1(json!({"credentialSubject": {"ex:name": {"@value": "x", "@language": "en_GB"}}})),
            V::InvalidLanguageTag,
            "$.credentialSubject[\"ex:name\"].@language",
        ),
        (
            "language map tag",
            vc1(json!({"credentialSubject": {"lang": {"en GB": "x"}}})),
            V::InvalidLanguageTag,
            "$.credentialSubject.lang[\"en GB\"]",
        ),
        (
            "direction",
            vc1(json!({"credentialSubject": {"ex:name": {"@value": "x", "@language": "ar", "@direction": "rtl"}}})),
            V::DirectionDropped,
            "$.credentialSubject[\"ex:name\"].@direction",
        ),
        (
            "reserved keyword",
            vc1(json!({"credentialSubject": {"@foo": 1}})),
            V::ReservedKeyword,
            "$.credentialSubject.@foo",
        ),
        (
            "blank node predicate",
            json!({"@context": {"p": "_:p"}, "@id": "urn:x", "p": "v"}),
            V::BlankNodePredicate,
            "$.p",
        ),
        (
            "free-floating value",
            json!({"@context": {"@vocab": "https://example.org/"}, "@graph": ["just a string"]}),
            V::FreeFloatingValue,
            "$.@graph[0]",
        ),
        (
            "empty object",
            json!({"@context": {"@vocab": "https://example.org/"}}),
            V::EmptyObject,
            "$",
        ),
        (
            "term mapped to null",
            json!({"@context": {"@vocab": "https://example.org/", "hidden": null}, "@id": "urn:x", "hidden": 1}),
            V::UndefinedTerm,
            "$.hidden",
        ),
    ];
    let safe = JsonLdProcessor::new(ContextStore::bundled());
    let lenient = JsonLdProcessor::new_lenient(ContextStore::bundled());
    for (name, doc, violation, path) in cases {
        match safe.canonicalize(&doc) {
            Err(Error::Unsafe {
                violation: v,
                path: p,
                detail,
            }) => {
                assert_eq!((v, p.as_str()), (violation, path), "{name}: {detail}");
            }
            other => panic!("{name}: expected {violation:?} at {path}, got {other:?}"),
        }
        // Plain JSON-LD drops the offending data and carries on.
        lenient
            .canonicalize(&doc)
            .unwrap_or_else(|e| panic!("{name}: lenient mode failed: {e}"));
    }
}

#[test]
fn unknown_prefix_is_an_iri_with_that_scheme() {
    // JSON-LD reads "nope:x" as an absolute IRI (scheme "nope"); it is kept, and signed.
    let p = JsonLdProcessor::new(ContextStore::bundled());
    let canon = p
        .canonicalize(&vc1(json!({"credentialSubject": {"nope:x": 5}})))
        .unwrap();
    assert!(canon.contains("<did:example:subject> <nope:x> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"));
}

#[test]
fn error_messages_say_what_and_where() {
    let p = JsonLdProcessor::new(ContextStore::bundled());
    let err = p
        .canonicalize(&vc1(json!({"credentialSubject": {"studyLaod": 5}})))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "safe mode: term does not expand to an absolute IRI (JSON-LD would drop it) at $.credentialSubject.studyLaod: term `studyLaod`"
    );
}

#[test]
fn lenient_mode_drops_what_safe_mode_rejects() {
    let doc = vc1(json!({"credentialSubject": {"studyLaod": 5}}));
    let lenient = JsonLdProcessor::new_lenient(ContextStore::bundled())
        .canonicalize(&doc)
        .unwrap();
    let without = JsonLdProcessor::new(ContextStore::bundled())
        .canonicalize(&vc1(json!({})))
        .unwrap();
    assert_eq!(lenient, without, "the undefined term was dropped");
}

#[test]
fn json_ld_errors_carry_the_code_and_path() {
    let p = JsonLdProcessor::new(ContextStore::bundled());
    let cases = [
        (
            json!({"@context": {"@vocab": 5}}),
            "invalid vocab mapping",
            "$.@context.@vocab",
        ),
        (
            json!({"@context": {"x": {"@id": "https://e.org/x", "@container": "@foo"}}, "x": 1}),
            "invalid container mapping",
            "$.@context.x.@container",
        ),
        (
            json!({"@context": {"@vocab": "https://e.org/"}, "@id": 5}),
            "invalid @id value",
            "$.@id",
        ),
        (json!({"@context": 5}), "invalid local context", "$.@context"),
        (
            json!({"@context": {"@vocab": "https://e.org/"}, "@id": "urn:x", "p": {"@value": {"a": 1}}}),
            "invalid value object value",
            "$.p.@value",
        ),
    ];
    for (doc, code, path) in cases {
        match p.canonicalize(&doc) {
            Err(Error::JsonLd { code: c, path: pth, .. }) => assert_eq!((c.as_str(), pth.as_str()), (code, path)),
            other => panic!("expected {code} at {path}, got {other:?}"),
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let nest = |depth: usize| {
        let mut doc = json!("leaf");
        for _ in 0..depth {
            doc = json!({"https://example.org/p": [doc]});
        }
        doc
    };
    let p = JsonLdProcessor::new(ContextStore::bundled());
    // Within the default limit (counted in path segments: a key and an index per level).
    assert_eq!(p.canonicalize(&nest(50)).unwrap().lines().count(), 50);
    assert!(matches!(
        p.canonicalize(&nest(70)),
        Err(Error::TooDeep { limit: 128, .. })
    ));
    assert!(matches!(
        p.with_max_depth(16).canonicalize(&nest(10)),
        Err(Error::TooDeep { limit: 16, .. })
    ));
}
