//! Private index allocation: indices drawn at random without replacement inside each list,
//! never reused, a new list when one is full.
//!
//! The allocator does not store the permutation. List `n` has a 128-bit key derived from the
//! allocator's secret; the `k`-th index issued in it is `P(key, k)`, where `P` is a keyed
//! pseudorandom permutation of `0..entries_per_list` (an 8-round Feistel network with SipHash-2-4
//! rounds, cycle-walked down to the list length). Because `P` is a permutation, no index repeats
//! within a list; because the key is secret, an index says nothing about when it was issued. The
//! whole state is the secret, the list number and a counter, so it serializes in a few bytes and
//! a store can persist it after every allocation.

use std::fmt;
use std::hash::Hasher;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use siphasher::sip::SipHasher24;
use siphasher::sip128::{Hasher128, SipHasher24 as SipHasher24x128};
use zeroize::Zeroize;

use crate::error::{AllocError, ValueError};
use crate::model::StatusListIndex;

const ROUNDS: u64 = 8;
const STATE_VERSION: u32 = 1;

/// One allocated position: which list (numbered from 0) and which index inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Allocation {
    /// The list number; map it to a `statusListCredential` URL.
    pub list: u64,
    /// The index inside that list.
    pub index: StatusListIndex,
    /// True for the first index issued in `list`: the caller should create that list now.
    pub opens_list: bool,
}

/// The allocator's secret: 128 bits, wiped on drop, never printed.
#[derive(Clone, PartialEq, Eq)]
struct Secret([u8; 16]);

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut hex = String::with_capacity(32);
        for byte in self.0 {
            hex.push_str(&format!("{byte:02x}"));
        }
        serializer.serialize_str(&hex)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let hex = String::deserialize(deserializer)?;
        let invalid = || serde::de::Error::custom("secret must be 32 lowercase hexadecimal digits");
        if hex.len() != 32 {
            return Err(invalid());
        }
        let mut bytes = [0_u8; 16];
        for (i, byte) in bytes.iter_mut().enumerate() {
            let pair = hex.get(2 * i..2 * i + 2).ok_or_else(invalid)?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| invalid())?;
        }
        Ok(Secret(bytes))
    }
}

/// Allocates status list indices privately. Serialize it (serde) to persist its state.
///
/// ```
/// use microcred_status::IndexAllocator;
///
/// let mut allocator = IndexAllocator::seeded(131_072, 7).unwrap();
/// let first = allocator.allocate().unwrap();
/// assert_eq!(first.list, 0);
/// assert!(first.opens_list);
/// let saved = serde_json::to_string(&allocator).unwrap();
/// let mut restored: IndexAllocator = serde_json::from_str(&saved).unwrap();
/// assert_ne!(restored.allocate().unwrap().index, first.index);
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AllocatorState", into = "AllocatorState")]
pub struct IndexAllocator {
    entries_per_list: u64,
    secret: Secret,
    list: u64,
    issued: u64,
    half_bits: u32,
    list_key: [u8; 16],
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AllocatorState {
    version: u32,
    entries_per_list: u64,
    secret: Secret,
    list: u64,
    issued: u64,
}

impl IndexAllocator {
    /// An allocator with a fresh secret from the operating system, for lists of
    /// `entries_per_list` entries (use [`MIN_ENTRIES`](crate::MIN_ENTRIES), 131,072, unless an ecosystem sets
    /// another size).
    ///
    /// # Errors
    /// [`AllocError::Randomness`] if the OS generator fails, [`AllocError::InvalidState`] for a
    /// list length of 0 or above 2^40.
    pub fn new(entries_per_list: u64) -> Result<Self, AllocError> {
        let mut secret = Secret([0; 16]);
        getrandom::fill(&mut secret.0).map_err(|e| AllocError::Randomness { reason: e.to_string() })?;
        Self::from_parts(entries_per_list, secret, 0, 0)
    }

    /// A deterministic allocator for tests and reproducible examples: the secret is derived
    /// from `seed`. Anyone who knows the seed can recover the issuing order, so never use this
    /// for real credentials.
    ///
    /// # Errors
    /// [`AllocError::InvalidState`] for a list length of 0 or above 2^40.
    pub fn seeded(entries_per_list: u64, seed: u64) -> Result<Self, AllocError> {
        let mut hasher = SipHasher24x128::new_with_keys(0x6d69_6372_6f63_7265, 0x6420_7365_6564_6564);
        hasher.write_u64(seed);
        let secret = Secret(hasher.finish128().as_bytes());
        Self::from_parts(entries_per_list, secret, 0, 0)
    }

    fn from_parts(entries_per_list: u64, secret: Secret, list: u64, issued: u64) -> Result<Self, AllocError> {
        if entries_per_list == 0 || entries_per_list > 1 << 40 {
            return Err(AllocError::InvalidState {
                reason: ValueError::InvalidListLength {
                    entries: entries_per_list,
                    reason: "must be between 1 and 2^40",
                }
                .to_string(),
            });
        }
        if issued > entries_per_list {
            return Err(AllocError::InvalidState {
                reason: format!("issued {issued} exceeds entriesPerList {entries_per_list}"),
            });
        }
        // Bits needed for the largest index, rounded up to an even number (at least 2).
        let bits = (64 - (entries_per_list - 1).leading_zeros()).max(2);
        let half_bits = bits.div_ceil(2);
        let list_key = derive_list_key(&secret, list);
        Ok(Self {
            entries_per_list,
            secret,
            list,
            issued,
            half_bits,
            list_key,
        })
    }

    /// The number of entries in each list.
    #[must_use]
    pub fn entries_per_list(&self) -> u64 {
        self.entries_per_list
    }

    /// The list that the next allocation comes from (it may be full; then the next one opens).
    #[must_use]
    pub fn current_list(&self) -> u64 {
        self.list
    }

    /// How many indices have been issued from the current list.
    #[must_use]
    pub fn issued_in_current_list(&self) -> u64 {
        self.issued
    }

    /// Draw the next index. When the current list is full, the next list is opened.
    ///
    /// # Errors
    /// [`AllocError::Exhausted`] after 2^64 lists.
    pub fn allocate(&mut self) -> Result<Allocation, AllocError> {
        if self.issued == self.entries_per_list {
            self.list = self.list.checked_add(1).ok_or(AllocError::Exhausted)?;
            self.issued = 0;
            self.list_key = derive_list_key(&self.secret, self.list);
        }
        let opens_list = self.issued == 0;
        let index = self.permute(self.issued);
        self.issued += 1;
        Ok(Allocation {
            list: self.list,
            index: StatusListIndex::new(index),
            opens_list,
        })
    }

    /// The keyed permutation of `0..entries_per_list`, by cycle walking a Feistel permutation
    /// of `0..2^(2 * half_bits)`. The walk ends because `x` lies on its own cycle.
    fn permute(&self, x: u64) -> u64 {
        let mut y = self.feistel(x);
        while y >= self.entries_per_list {
            y = self.feistel(y);
        }
        y
    }

    fn feistel(&self, x: u64) -> u64 {
        let mask = (1_u64 << self.half_bits) - 1;
        let (mut left, mut right) = ((x >> self.half_bits) & mask, x & mask);
        for round in 0..ROUNDS {
            let mut hasher = SipHasher24::new_with_key(&self.list_key);
            hasher.write_u64((round << 56) | right);
            let f = hasher.finish() & mask;
            (left, right) = (right, left ^ f);
        }
        (left << self.half_bits) | right
    }
}

impl Drop for IndexAllocator {
    fn drop(&mut self) {
        self.list_key.zeroize();
    }
}

fn derive_list_key(secret: &Secret, list: u64) -> [u8; 16] {
    let mut hasher = SipHasher24x128::new_with_key(&secret.0);
    hasher.write(b"microcred-status list key");
    hasher.write_u64(list);
    hasher.finish128().as_bytes()
}

impl fmt::Debug for IndexAllocator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IndexAllocator")
            .field("entries_per_list", &self.entries_per_list)
            .field("list", &self.list)
            .field("issued", &self.issued)
            .finish_non_exhaustive()
    }
}

impl TryFrom<AllocatorState> for IndexAllocator {
    type Error = AllocError;
    fn try_from(state: AllocatorState) -> Result<Self, Self::Error> {
        if state.version != STATE_VERSION {
            return Err(AllocError::InvalidState {
                reason: format!("unsupported version {}", state.version),
            });
        }
        Self::from_parts(state.entries_per_list, state.secret, state.list, state.issued)
    }
}

impl From<IndexAllocator> for AllocatorState {
    fn from(allocator: IndexAllocator) -> Self {
        AllocatorState {
            version: STATE_VERSION,
            entries_per_list: allocator.entries_per_list,
            secret: allocator.secret.clone(),
            list: allocator.list,
            issued: allocator.issued,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::model::MIN_ENTRIES;

    #[test]
    fn a_list_is_a_permutation_then_a_new_list_opens() {
        for n in [1_u64, 2, 3, 5, 100, 1000, 4096, 5000] {
            let mut allocator = IndexAllocator::seeded(n, 42).unwrap();
            let mut seen = HashSet::new();
            for k in 0..n {
                let a = allocator.allocate().unwrap();
                assert_eq!(a.list, 0);
                assert_eq!(a.opens_list, k == 0);
                assert!(a.index.get() < n);
                assert!(seen.insert(a.index), "index {} reused (n = {n})", a.index);
            }
            let next = allocator.allocate().unwrap();
            assert_eq!((next.list, next.opens_list), (1, true));
        }
    }

    #[test]
    fn order_is_not_sequential() {
        let mut allocator = IndexAllocator::seeded(MIN_ENTRIES, 1).unwrap();
        let first: Vec<u64> = (0..64).map(|_| allocator.allocate().unwrap().index.get()).collect();
        let ascending = first.windows(2).filter(|w| w[0] < w[1]).count();
        // A random order rises about half the time; a counter would rise 63 times.
        assert!((16..48).contains(&ascending), "{ascending} rises in {first:?}");
    }

    #[test]
    fn state_round_trips_and_keeps_the_secret_out_of_debug() {
        let mut allocator = IndexAllocator::seeded(1000, 9).unwrap();
        for _ in 0..10 {
            allocator.allocate().unwrap();
        }
        let json = serde_json::to_value(&allocator).unwrap();
        let secret = json["secret"].as_str().unwrap().to_owned();
        assert!(!format!("{allocator:?}").contains(&secret));
        let mut restored: IndexAllocator = serde_json::from_value(json).unwrap();
        assert_eq!(restored.allocate().unwrap(), allocator.allocate().unwrap());
    }

    #[test]
    fn bad_states_are_rejected() {
        let mut allocator = IndexAllocator::seeded(10, 1).unwrap();
        allocator.allocate().unwrap();
        let mut json = serde_json::to_value(&allocator).unwrap();
        json["issued"] = serde_json::json!(11);
        assert!(serde_json::from_value::<IndexAllocator>(json.clone()).is_err());
        json["issued"] = serde_json::json!(1);
        json["secret"] = serde_json::json!("zz");
        assert!(serde_json::from_value::<IndexAllocator>(json).is_err());
        assert!(IndexAllocator::seeded(0, 1).is_err());
    }
}
