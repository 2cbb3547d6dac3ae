//! Property: a random change to any signed value of a credential is always detected.

use microcred_sign::{Cryptosuite, DataIntegrity, KeySigner, OfflineResolver, ProofOptions, SecretKey};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::common::at;

/// JSON pointers to every scalar (string, number, boolean) of `value`, skipping `@context`.
fn scalar_pointers(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k != "@context" {
                    scalar_pointers(v, &format!("{prefix}/{}", k.replace('~', "~0").replace('/', "~1")), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                scalar_pointers(v, &format!("{prefix}/{i}"), out);
            }
        }
        _ => out.push(prefix.to_owned()),
    }
}

fn credential(did: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "name": "Alumni Credential",
        "description": "A minimum viable example of an Alumni Credential.",
        "issuer": did,
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"}
    })
}

/// Change a scalar: another string, number or boolean of the same kind.
fn mutate(value: &Value, salt: &str) -> Value {
    match value {
        Value::String(s) => {
            let mut changed = s.clone();
            if changed.is_empty() {
                changed.push_str(salt);
            } else {
                let last = changed.pop().unwrap_or('a');
                changed.push(if last == 'x' { 'y' } else { 'x' });
            }
            Value::String(changed)
        }
        Value::Number(n) => json!(n.as_f64().unwrap_or(0.0) + 1.0),
        Value::Bool(b) => Value::Bool(!b),
        Value::Null => Value::String(salt.to_owned()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_change_to_a_signed_value_is_detected(seed in any::<[u8; 32]>(), pick in any::<prop::sample::Index>(), jcs in any::<bool>()) {
        let key = SecretKey::from_seed(&seed);
        let did = key.public_key().did_key();
        let signer = KeySigner::did_key(key);
        let suite = if jcs { Cryptosuite::EddsaJcs2022 } else { Cryptosuite::EddsaRdfc2022 };
        let di = DataIntegrity::new();
        let signed = di.sign_credential(&credential(did.as_str()), &signer, &ProofOptions::new(suite, at(2023, 1, 2))).unwrap();
        let mut pointers = Vec::new();
        scalar_pointers(&signed, "", &mut pointers);
        // The signature itself and every other value, proof options included.
        let pointer = pick.get(&pointers).clone();
        let mut tampered = signed.clone();
        let slot = tampered.pointer_mut(&pointer).unwrap();
        *slot = mutate(slot, "tampered");
        let resolver = OfflineResolver::new();
        let results = di.verify_proofs(&tampered, &resolver);
        prop_assert!(results.iter().any(Result::is_err), "undetected change at {}", pointer);
        prop_assert!(di.verify_proofs(&signed, &resolver).iter().all(Result::is_ok));
    }
}
