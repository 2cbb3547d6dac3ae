//! Keys and DIDs against published values, and a negative table of malformed inputs.

use microcred_sign::{Did, KeyError, PublicKey, SecretKey};
use serde_json::json;

use crate::common::{hex, json};

#[test]
fn published_key_pairs_derive_their_public_keys() {
    let pair = json("vc-di-eddsa/keyPair.json");
    let key = SecretKey::from_multibase(pair["privateKeyMultibase"].as_str().unwrap()).unwrap();
    assert_eq!(
        key.public_key().to_multibase(),
        pair["publicKeyMultibase"].as_str().unwrap()
    );
    assert_eq!(
        key.to_multibase().as_str(),
        pair["privateKeyMultibase"].as_str().unwrap()
    );
    for (_, pair) in json("vc-di-eddsa/proof-set-chain/multiKeyPairs.json")
        .as_object()
        .unwrap()
    {
        let key = SecretKey::from_multibase(pair["privateKeyMultibase"].as_str().unwrap()).unwrap();
        assert_eq!(
            key.public_key().to_multibase(),
            pair["publicKeyMultibase"].as_str().unwrap()
        );
    }
    // The Open Badges vector: 64-byte NaCl secret (seed || public) and hex forms.
    let vectors = json("openbadges/ldp-test-vectors.json");
    let pair = &vectors["vectors"][0]["keyPair"];
    let key = SecretKey::from_multibase(pair["secretKeyMultibase"].as_str().unwrap()).unwrap();
    let seed: [u8; 32] = hex(pair["privateKeyHex"].as_str().unwrap())[..32].try_into().unwrap();
    assert_eq!(SecretKey::from_seed(&seed).public_key(), key.public_key());
    let public: [u8; 32] = hex(pair["publicKeyHex"].as_str().unwrap()).try_into().unwrap();
    assert_eq!(PublicKey::from_bytes(&public).unwrap(), key.public_key());
}

#[test]
fn did_key_of_a_published_key() {
    let key = PublicKey::from_multibase("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2").unwrap();
    let did = key.did_key();
    assert_eq!(did.as_str(), "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
    assert_eq!(did.key_of_did_key().unwrap(), key);
    assert_eq!(
        did.verification_method_id(&key),
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    );
}

#[test]
fn rfc8037_jwk_example() {
    // RFC 8037 appendix A.1/A.2: the Ed25519 private and public JWK.
    let private = json!({
        "kty": "OKP", "crv": "Ed25519",
        "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
        "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    });
    let key = SecretKey::from_jwk(&private).unwrap();
    assert_eq!(key.public_key().to_jwk()["x"], private["x"]);
    // RFC 8037 A.4: the signature of "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc".
    let signature = key.sign(b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc");
    assert_eq!(
        signature.to_bytes().to_vec(),
        hex(
            "860c98d2297f3060a33f42739672d61b53cf3adefed3d3c672f320dc021b411e9d59b8628dc351e248b88b29468e0e41855b0fb7d83bb15be902bfccb8cd0a02"
        )
    );
}

#[test]
fn negative_table() {
    type Expect = fn(&KeyError) -> bool;
    let cases: &[(&str, Expect)] = &[
        ("", |e| matches!(e, KeyError::UnknownFormat)),
        ("z", |e| matches!(e, KeyError::Length { .. })),
        ("z0OIl", |e| matches!(e, KeyError::Multibase { .. })),
        ("u3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq", |e| {
            matches!(e, KeyError::UnknownFormat)
        }),
        // A public Multikey where a secret one is expected.
        ("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", |e| {
            matches!(e, KeyError::Multicodec { .. })
        }),
        ("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", |e| {
            matches!(e, KeyError::Pem { .. })
        }),
        (r#"{"kty":"EC","crv":"P-256","d":"AA"}"#, |e| {
            matches!(e, KeyError::Jwk { member: "kty", .. })
        }),
        (r#"{"kty":"OKP","crv":"X25519","d":"AA"}"#, |e| {
            matches!(e, KeyError::Jwk { member: "crv", .. })
        }),
        (r#"{"kty":"OKP","crv":"Ed25519","d":"AA"}"#, |e| {
            matches!(e, KeyError::Jwk { member: "d", .. })
        }),
        (r#"{"kty":"OKP","crv":"Ed25519"}"#, |e| {
            matches!(e, KeyError::Jwk { member: "d", .. })
        }),
        (
            r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#,
            |e| matches!(e, KeyError::KeyPairMismatch | KeyError::InvalidPublicKey),
        ),
        ("{", |e| matches!(e, KeyError::Jwk { .. })),
    ];
    for (input, expected) in cases {
        let error = SecretKey::from_key_file(input).unwrap_err();
        assert!(expected(&error), "{input:?}: {error:?}");
        assert!(!error.to_string().is_empty());
    }
    assert!(
        Did::parse("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
            .unwrap()
            .key_of_did_key()
            .is_ok()
    );
    assert!(Did::parse("did:key:zQ3s").unwrap().key_of_did_key().is_err());
    assert!(Did::parse("did:web:example.edu").unwrap().key_of_did_key().is_err());
}

#[test]
fn key_file_formats_round_trip_and_stay_secret() {
    let key = SecretKey::generate();
    let pem = key.to_pkcs8_pem().unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    for text in [pem.as_str(), key.to_jwk().as_str(), key.to_multibase().as_str()] {
        let again = SecretKey::from_key_file(text).unwrap();
        assert_eq!(again.public_key(), key.public_key());
        let debug = format!("{again:?}");
        assert!(!debug.contains(key.to_multibase().as_str()));
    }
}
