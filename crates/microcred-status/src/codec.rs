//! `encodedList`: GZIP, then multibase base64url without padding (prefix `u`).
//!
//! Decoding is defensive: every failure is its own [`DecodeError`] variant, and inflation never
//! produces more than the size the GZIP trailer declares, nor more than a configured cap, so a
//! GZIP bomb costs at most the cap in memory.

use std::io::{Read, Write};

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use flate2::Compression;
use flate2::bufread::GzDecoder;
use flate2::write::GzEncoder;

use crate::bitstring::Bitstring;
use crate::error::{DecodeError, EncodeError};

/// base64url without padding; padding on input is rejected, as are non-canonical trailing bits.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// The default cap on the inflated size of a list: 16 MiB, i.e. 134,217,728 one-bit entries,
/// a thousand times the 16 KiB herd-privacy minimum.
pub const DEFAULT_MAX_INFLATED_BYTES: u64 = 16 * 1024 * 1024;

/// Smallest possible GZIP member: 10-byte header, an empty deflate block (2 bytes), 8-byte
/// trailer.
const GZIP_MIN_LEN: usize = 20;

/// Limits applied while decoding an `encodedList`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// The largest inflated size accepted, in bytes.
    pub max_inflated_bytes: u64,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        Self {
            max_inflated_bytes: DEFAULT_MAX_INFLATED_BYTES,
        }
    }
}

/// Encode a bitstring as an `encodedList` value: GZIP (default level), then `u` + base64url
/// without padding.
///
/// # Errors
/// [`EncodeError`] only if the compressor itself fails.
pub fn encode(bits: &Bitstring) -> Result<String, EncodeError> {
    let bytes = bits.as_bytes();
    let mut encoder = GzEncoder::new(Vec::with_capacity(64 + bytes.len() / 64), Compression::default());
    encoder
        .write_all(bytes)
        .map_err(|e| EncodeError { reason: e.to_string() })?;
    let compressed = encoder.finish().map_err(|e| EncodeError { reason: e.to_string() })?;
    let mut out = String::with_capacity(1 + compressed.len().div_ceil(3) * 4);
    out.push('u');
    BASE64URL.encode_string(&compressed, &mut out);
    Ok(out)
}

/// Decode an `encodedList` value with the default limits.
///
/// # Errors
/// A [`DecodeError`] naming the first problem found.
pub fn decode(encoded: &str) -> Result<Bitstring, DecodeError> {
    decode_with_limits(encoded, DecodeLimits::default())
}

/// Decode an `encodedList` value.
///
/// # Errors
/// A [`DecodeError`]: no `u` prefix, bad base64url, bad GZIP, a declared size above
/// `limits.max_inflated_bytes`, a stream inflating beyond (or short of) its declared size,
/// trailing data, or an empty list.
pub fn decode_with_limits(encoded: &str, limits: DecodeLimits) -> Result<Bitstring, DecodeError> {
    let Some(body) = encoded.strip_prefix('u') else {
        let found = encoded
            .chars()
            .next()
            .map_or_else(|| "nothing".to_owned(), |c| format!("{c:?}"));
        return Err(DecodeError::MissingMultibasePrefix { found });
    };
    let compressed = BASE64URL.decode(body).map_err(|e| base64_error(&e, body.len()))?;
    decode_gzip(&compressed, limits)
}

/// Inflate the GZIP bytes of a list (an `encodedList` after its `u` prefix and base64url).
///
/// # Errors
/// A [`DecodeError`]: bad GZIP, a declared size above `limits.max_inflated_bytes`, a stream
/// inflating beyond (or short of) its declared size, trailing data, or an empty list.
pub fn decode_gzip(compressed: &[u8], limits: DecodeLimits) -> Result<Bitstring, DecodeError> {
    if compressed.len() < GZIP_MIN_LEN {
        return Err(DecodeError::InvalidGzip {
            reason: format!(
                "{} bytes is shorter than the smallest GZIP member ({GZIP_MIN_LEN} bytes)",
                compressed.len()
            ),
        });
    }
    // The last four bytes of a GZIP member are ISIZE: the inflated length modulo 2^32.
    let trailer_at = compressed.len() - 4;
    let declared = compressed
        .get(trailer_at..)
        .and_then(|t| <[u8; 4]>::try_from(t).ok())
        .map_or(0, |t| u64::from(u32::from_le_bytes(t)));
    if declared > limits.max_inflated_bytes {
        return Err(DecodeError::DeclaredSizeTooLarge {
            declared,
            limit: limits.max_inflated_bytes,
        });
    }
    let capacity = usize::try_from(declared).map_err(|_| DecodeError::DeclaredSizeTooLarge {
        declared,
        limit: limits.max_inflated_bytes,
    })?;
    let mut inflated = Vec::with_capacity(capacity);
    let mut decoder = GzDecoder::new(compressed);
    // Read at most one byte beyond the declaration, enough to tell that it lied.
    decoder
        .by_ref()
        .take(declared + 1)
        .read_to_end(&mut inflated)
        .map_err(|e| DecodeError::InvalidGzip { reason: e.to_string() })?;
    let actual = inflated.len() as u64;
    if actual > declared {
        return Err(DecodeError::InflatedBeyondDeclaredSize { declared });
    }
    if actual < declared {
        return Err(DecodeError::InflatedSizeMismatch { declared, actual });
    }
    // `read_to_end` stopped at the end of the member (the take limit was not reached), so the
    // CRC and ISIZE were checked. Anything left in the input is trailing data.
    let rest = decoder.into_inner();
    if !rest.is_empty() {
        return Err(DecodeError::TrailingData { bytes: rest.len() });
    }
    if inflated.is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Bitstring::from_bytes(inflated))
}

fn base64_error(error: &base64::DecodeError, len: usize) -> DecodeError {
    use base64::DecodeError as B;
    let (offset, reason) = match error {
        B::InvalidByte(offset, byte) => (*offset, format!("invalid character {:?}", char::from(*byte))),
        B::InvalidLength(_) => (
            len,
            format!("a body of {len} characters (1 more than a multiple of 4) cannot be base64url"),
        ),
        B::InvalidLastSymbol(offset, byte) => (
            *offset,
            format!("last character {:?} has non-zero trailing bits", char::from(*byte)),
        ),
        B::InvalidPadding => (len, "padding is not allowed".to_owned()),
    };
    DecodeError::InvalidBase64 { offset, reason }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StatusListIndex, StatusSize};

    #[test]
    fn round_trip_keeps_bits() {
        let mut bits = Bitstring::zeroed(131_072);
        bits.set(StatusListIndex::new(94_567), StatusSize::ONE, 1).unwrap();
        let encoded = encode(&bits).unwrap();
        assert!(encoded.starts_with("uH4sI"));
        assert_eq!(decode(&encoded).unwrap(), bits);
    }

    #[test]
    fn each_failure_is_its_own_error() {
        assert!(matches!(decode(""), Err(DecodeError::MissingMultibasePrefix { .. })));
        assert!(matches!(
            decode("zH4sI"),
            Err(DecodeError::MissingMultibasePrefix { .. })
        ));
        assert!(matches!(
            decode("uH4s*"),
            Err(DecodeError::InvalidBase64 { offset: 3, .. })
        ));
        assert!(matches!(decode("uH4sIA"), Err(DecodeError::InvalidBase64 { .. })));
        assert!(matches!(decode("uBAAAAAADLIST"), Err(DecodeError::InvalidGzip { .. })));
        assert!(matches!(
            decode(&format!("u{}", BASE64URL.encode([0_u8; 30]))),
            Err(DecodeError::InvalidGzip { .. })
        ));
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn a_gzip_bomb_is_stopped_at_the_cap_or_the_declared_size() {
        // 64 MiB of zeros compresses to about 64 KiB.
        let bomb = gzip(&vec![0_u8; 64 * 1024 * 1024]);
        let encoded = format!("u{}", BASE64URL.encode(&bomb));
        assert_eq!(
            decode(&encoded),
            Err(DecodeError::DeclaredSizeTooLarge {
                declared: 64 * 1024 * 1024,
                limit: DEFAULT_MAX_INFLATED_BYTES
            })
        );
        // The same bomb with a trailer that lies (declares 16 bytes): inflation stops at 17.
        let mut lying = bomb;
        let n = lying.len();
        lying[n - 4..].copy_from_slice(&16_u32.to_le_bytes());
        let encoded = format!("u{}", BASE64URL.encode(&lying));
        assert_eq!(
            decode(&encoded),
            Err(DecodeError::InflatedBeyondDeclaredSize { declared: 16 })
        );
    }

    #[test]
    fn trailing_data_and_empty_lists_are_rejected() {
        let mut data = gzip(&[0_u8; 16]);
        data.extend_from_slice(b"xx");
        // ISIZE is read from the very end, so the trailing bytes make the declaration wrong.
        assert!(decode(&format!("u{}", BASE64URL.encode(&data))).is_err());
        let empty = gzip(&[]);
        assert_eq!(
            decode(&format!("u{}", BASE64URL.encode(&empty))),
            Err(DecodeError::Empty)
        );
    }
}
