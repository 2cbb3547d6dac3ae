//! Untrusted inputs of the signing crate: key files, JAdES-sealed documents and Data Integrity
//! proofs. None may panic; a key that parses exports and re-imports to the same public key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use microcred_sign::{DataIntegrity, JadesSeal, OfflineResolver, SecretKey};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(key) = SecretKey::from_key_file(text) {
        let again = SecretKey::from_key_file(&key.to_multibase()).expect("an exported key imports");
        assert_eq!(again.public_key().to_bytes(), key.public_key().to_bytes());
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let _ = JadesSeal::parse(&value).map(|seal| seal.verify_signature());
        let integrity = DataIntegrity::new();
        let _ = integrity.verify_proofs(&value, &OfflineResolver::new());
    }
});
