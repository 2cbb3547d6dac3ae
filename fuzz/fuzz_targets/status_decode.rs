#![no_main]
//! Fuzz the `encodedList` decoder: it must never panic, and whatever it accepts must survive an
//! encode/decode round trip with the same bits. The input is tried both as an `encodedList`
//! string and as the GZIP payload itself, so the fuzzer reaches the inflater directly.

use microcred_status::{Bitstring, DecodeError, DecodeLimits, decode_gzip, decode_with_limits, encode};

const LIMITS: DecodeLimits = DecodeLimits {
    max_inflated_bytes: 1 << 20,
};

fn round_trip(decoded: Result<Bitstring, DecodeError>) {
    if let Ok(bits) = decoded {
        assert!(bits.len_bits() > 0);
        let again = encode(&bits).expect("encoding a decoded list");
        assert_eq!(
            decode_with_limits(&again, LIMITS).expect("re-decoding our own encoding"),
            bits
        );
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        round_trip(decode_with_limits(text, LIMITS));
    }
    round_trip(decode_gzip(data, LIMITS));
});
