//! proptest: set/get/encode/decode round trips, allocator invariants, no panics on input.

use std::collections::{BTreeMap, HashSet};

use microcred_status::{Bitstring, IndexAllocator, StatusListIndex, StatusSize, decode, encode};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn set_get_encode_decode_round_trip(
        bytes in 1_usize..2048,
        size in 1_u64..=4,
        writes in proptest::collection::vec((any::<u64>(), any::<u32>()), 0..64),
    ) {
        let size = StatusSize::new(size).unwrap();
        let mut bits = Bitstring::zeroed(bytes as u64 * 8);
        let entries = bits.entries(size);
        let mut model = BTreeMap::new();
        for (index, value) in writes {
            let index = index % entries;
            let value = value & size.max_value();
            bits.set(StatusListIndex::new(index), size, value).unwrap();
            model.insert(index, value);
        }
        for (index, value) in &model {
            prop_assert_eq!(bits.get(StatusListIndex::new(*index), size).unwrap(), *value);
        }
        let expected: Vec<(u64, u32)> = model.into_iter().filter(|(_, v)| *v != 0).collect();
        prop_assert_eq!(bits.non_zero_entries(size), expected);
        let decoded = decode(&encode(&bits).unwrap()).unwrap();
        prop_assert_eq!(decoded, bits);
    }

    #[test]
    fn allocator_is_a_permutation_of_each_list(entries in 1_u64..3000, seed in any::<u64>()) {
        let mut allocator = IndexAllocator::seeded(entries, seed).unwrap();
        let mut seen = HashSet::new();
        for _ in 0..entries {
            let a = allocator.allocate().unwrap();
            prop_assert_eq!(a.list, 0);
            prop_assert!(a.index.get() < entries);
            prop_assert!(seen.insert(a.index.get()));
        }
        prop_assert_eq!(allocator.allocate().unwrap().list, 1);
    }

    #[test]
    fn decode_never_panics_on_strings(text in ".{0,200}") {
        let _ = decode(&text);
        let _ = decode(&format!("u{text}"));
    }

    #[test]
    fn decode_never_panics_on_mutated_lists(position in any::<usize>(), byte in any::<u8>(), cut in any::<usize>()) {
        let mut bits = Bitstring::zeroed(1024);
        bits.set(StatusListIndex::new(3), StatusSize::ONE, 1).unwrap();
        let encoded = encode(&bits).unwrap();
        let mut raw = encoded.into_bytes();
        let at = 1 + position % (raw.len() - 1);
        raw[at] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[usize::from(byte) % 64];
        let mutated = String::from_utf8(raw).unwrap();
        if let Ok(decoded) = decode(&mutated) {
            // Anything accepted passed the CRC: it decodes to a consistent bitstring.
            prop_assert_eq!(decode(&encode(&decoded).unwrap()).unwrap(), decoded);
        }
        let truncated = &mutated[..1 + cut % mutated.len()];
        let _ = decode(truncated);
    }
}
