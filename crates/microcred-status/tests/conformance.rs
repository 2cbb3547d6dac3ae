//! Every vector of `vectors.json` gives the expected bits or the expected error.

use microcred_status::{DecodeError, StatusListIndex, StatusSize, decode, encode};

use crate::common;

#[test]
fn every_vector_decodes_to_its_bits_or_fails_as_expected() {
    let file = common::json("vectors.json");
    let vectors = file["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 12);
    for vector in vectors {
        let name = vector["name"].as_str().unwrap();
        let encoded = vector["encodedList"].as_str().unwrap();
        match vector["length"].as_u64() {
            Some(length) => {
                let bits = decode(encoded).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(bits.len_bits(), length, "{name}");
                let set: Vec<u64> = bits
                    .non_zero_entries(StatusSize::ONE)
                    .into_iter()
                    .map(|(i, _)| i)
                    .collect();
                let expected: Vec<u64> = vector["setIndices"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap())
                    .collect();
                assert_eq!(set, expected, "{name}");
                for check in vector["indexChecks"].as_array().into_iter().flatten() {
                    let index = StatusListIndex::new(check["statusListIndex"].as_u64().unwrap());
                    let value = bits.get(index, StatusSize::ONE).unwrap();
                    assert_eq!(value == 1, check["set"].as_bool().unwrap(), "{name} index {index}");
                }
                // Our encoding of the same bits decodes to the same bits.
                assert_eq!(decode(&encode(&bits).unwrap()).unwrap(), bits, "{name}");
            }
            None => {
                let error = decode(encoded).expect_err(name);
                let expected = vector["decodeError"].as_str().unwrap();
                let matches = if expected.starts_with("missing multibase") {
                    matches!(error, DecodeError::MissingMultibasePrefix { .. })
                } else if expected.starts_with("base64url length") {
                    matches!(error, DecodeError::InvalidBase64 { .. })
                } else if expected.starts_with("Not a gzipped file") {
                    matches!(error, DecodeError::InvalidGzip { .. })
                } else {
                    panic!("{name}: unexpected decodeError {expected:?}")
                };
                assert!(matches, "{name}: expected {expected:?}, got {error:?}");
            }
        }
    }
}

#[test]
fn bit_order_regression_vector_sets_50007_not_50000() {
    let file = common::json("vectors.json");
    let vector = file["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "digitalbazaar-mock-sl-credential-list")
        .unwrap();
    let bits = decode(vector["encodedList"].as_str().unwrap()).unwrap();
    assert_eq!(bits.get(StatusListIndex::new(50_007), StatusSize::ONE).unwrap(), 1);
    assert_eq!(bits.get(StatusListIndex::new(50_000), StatusSize::ONE).unwrap(), 0);
}

#[test]
fn error_messages_say_where() {
    let error = decode("uH4sIAAAAAAAAA-I-CHANGED-THISAAwFwBZnztF9QwAAA").unwrap_err();
    assert_eq!(
        error.to_string(),
        "encodedList is not base64url without padding: a body of 45 characters (1 more than a multiple of 4) cannot be base64url at character 45 of the base64url body"
    );
    let error = decode("uH4sI!AAAAAAA").unwrap_err();
    assert!(
        error.to_string().contains("invalid character '!' at character 4"),
        "{error}"
    );
}
