//! Arbitrary bytes as a certificate PDF: finding the attached credential never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = microcred_render::extract_attached_credential(data);
});
