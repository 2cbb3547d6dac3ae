//! Arbitrary bytes into the credential parser: never panics; whatever parses serializes to a
//! value that parses again to the same credential (the lossless round trip), and the Annex I
//! check runs on any JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use microcred_model::{EuropeanDigitalCredential, IssuanceRequest, annex1};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = IssuanceRequest::from_json_str(text);
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let _ = annex1::check(&value);
    }
    if let Ok(credential) = EuropeanDigitalCredential::from_json_str(text) {
        let value = credential.to_value();
        let again = EuropeanDigitalCredential::from_value(value.clone()).expect("a serialized credential parses");
        assert_eq!(again.to_value(), value, "round trip");
    }
});
