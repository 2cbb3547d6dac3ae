//! Benchmarks for microcred-status, each beside a baseline measured in the same run:
//!
//! - `check`: one status against a decoded, cached 131,072-entry list (our `VerifiedList`
//!   with its currency, issuer, purpose, length and range checks, and our raw `Bitstring::get`)
//!   vs `ssi` 0.16's `BitString::get`.
//! - `decode` / `encode`: a 131,072-entry list with 1% of the entries set at random positions,
//!   and an all-zero one, vs `ssi`'s `EncodedList::decode` / `BitString::encode`.
//! - `change`: set one bit and re-encode (vs `ssi` set + encode), and set one bit, re-encode and
//!   re-sign the list credential with `microcred-sign` (eddsa-jcs-2022).
//! - `allocate`: 1,000,000 private indices (8 lists) vs a baseline that shuffles each list's
//!   131,072 indices in memory (Fisher-Yates with xorshift) and pops them.
//!
//! Before measuring, the setup checks that both libraries read each other's encodings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use microcred_sign::{Cryptosuite, DataIntegrity, KeySigner, ProofOptions, SecretKey};
use microcred_status::{
    Bitstring, BitstringStatusListEntry, CheckOptions, IndexAllocator, ListCredentialVerifier, ProofRejected,
    Publication, StatusList, StatusListIndex, StatusPurpose, StatusSize, VerifiedList, decode, encode,
};
use serde_json::{Value, json};
use ssi::claims::chrono::{DateTime, TimeZone as _, Utc};
use ssi::status::bitstring_status_list::{
    BitString as SsiBitString, EncodedList as SsiEncodedList, StatusSize as SsiStatusSize,
};

const ENTRIES: u64 = 131_072;
const URL: &str = "https://uni.example/status/1";
const ISSUER: &str = "did:web:uni.example";

/// The time the benchmarks run "at" (chrono through ssi's re-export; benches has no chrono).
fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()
}

/// A deterministic xorshift generator, for positions and for the allocation baseline.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The bits of a 131,072-entry list with 1% set (or none), for both libraries.
fn list_bytes(percent_set: u64) -> Vec<u8> {
    let mut bits = Bitstring::zeroed(ENTRIES);
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..ENTRIES * percent_set / 100 {
        bits.set(StatusListIndex::new(rng.next() % ENTRIES), StatusSize::ONE, 1)
            .unwrap();
    }
    bits.into_bytes()
}

struct ProofsCheckedElsewhere;

impl ListCredentialVerifier for ProofsCheckedElsewhere {
    fn verify_list_credential(&self, _: &Value) -> Result<(), ProofRejected> {
        Ok(())
    }
}

fn interop_check(bytes: &[u8]) {
    let ours = encode(&Bitstring::from_bytes(bytes.to_vec())).unwrap();
    let theirs = SsiBitString::from_bytes(bytes.to_vec()).encode();
    assert_eq!(
        SsiEncodedList::new(ours).decode(None).unwrap(),
        bytes,
        "ssi decodes our encoding"
    );
    assert_eq!(
        decode(serde_json::to_value(&theirs).unwrap().as_str().unwrap())
            .unwrap()
            .as_bytes(),
        bytes,
        "we decode ssi's encoding"
    );
}

fn bench_check(c: &mut Criterion) {
    let bytes = list_bytes(1);
    let mut list = StatusList::new(URL, StatusPurpose::Revocation);
    for (i, byte) in bytes.iter().enumerate() {
        for bit in 0..8 {
            if byte & (0x80 >> bit) != 0 {
                list.revoke(StatusListIndex::new(i as u64 * 8 + bit), "bench", fixed_now())
                    .unwrap();
            }
        }
    }
    let publication = Publication {
        valid_from: fixed_now(),
        valid_until: None,
        ttl_ms: Some(300_000),
    };
    let mut document = list.credential(ISSUER, publication).unwrap();
    document["proof"] = json!({"type": "DataIntegrityProof"});
    let verified = VerifiedList::verify(URL, &document, None, &ProofsCheckedElsewhere, Default::default()).unwrap();
    let entry = BitstringStatusListEntry::new(StatusPurpose::Revocation, StatusListIndex::new(94_567), URL);
    let options = CheckOptions::default();
    let ssi_bits = SsiBitString::from_bytes(bytes.clone());
    let ssi_size = SsiStatusSize::default();
    assert_eq!(
        u32::from(ssi_bits.get(ssi_size, 94_567).unwrap()),
        verified.status_of(&entry, ISSUER, fixed_now(), &options).unwrap().value
    );

    let mut group = c.benchmark_group("status/check");
    group.bench_function("baseline_ssi_bitstring_get", |b| {
        b.iter(|| ssi_bits.get(ssi_size, black_box(94_567)))
    });
    group.bench_function("microcred_bitstring_get", |b| {
        b.iter(|| {
            verified
                .bits()
                .get(black_box(StatusListIndex::new(94_567)), StatusSize::ONE)
        })
    });
    group.bench_function("microcred_verified_list_status_of", |b| {
        b.iter(|| verified.status_of(black_box(&entry), ISSUER, fixed_now(), &options))
    });
    group.finish();
}

fn bench_codec(c: &mut Criterion) {
    for (name, percent) in [("1pct", 1), ("empty", 0)] {
        let bytes = list_bytes(percent);
        interop_check(&bytes);
        let ours = Bitstring::from_bytes(bytes.clone());
        let encoded = encode(&ours).unwrap();
        let mut group = c.benchmark_group(format!("status/decode_{name}"));
        group.bench_function("baseline_ssi", |b| {
            b.iter_batched(
                || SsiEncodedList::new(encoded.clone()),
                |list| list.decode(None).unwrap(),
                BatchSize::SmallInput,
            )
        });
        group.bench_function("microcred", |b| {
            b.iter_batched(|| encoded.clone(), |text| decode(&text).unwrap(), BatchSize::SmallInput)
        });
        group.finish();
        let ssi_bits = SsiBitString::from_bytes(bytes.clone());
        let mut group = c.benchmark_group(format!("status/encode_{name}"));
        group.bench_function("baseline_ssi", |b| b.iter(|| ssi_bits.encode()));
        group.bench_function("microcred", |b| b.iter(|| encode(black_box(&ours)).unwrap()));
        group.finish();
    }
}

fn bench_change(c: &mut Criterion) {
    let bytes = list_bytes(1);
    let key = SecretKey::from_seed(&[7; 32]);
    let did = key.public_key().did_key();
    let signer = KeySigner::did_key(key);
    let di = DataIntegrity::new();
    let publication = Publication {
        valid_from: fixed_now(),
        valid_until: None,
        ttl_ms: Some(300_000),
    };
    let options = ProofOptions::new(Cryptosuite::EddsaJcs2022, fixed_now());
    let sign = |unsigned: Value| {
        di.sign_credential(&unsigned, &signer, &options)
            .map_err(microcred_status::SignError::from_source)
    };
    // The same 1%-set list as the baseline's.
    let mut list = StatusList::new(URL, StatusPurpose::Suspension);
    for (i, byte) in bytes.iter().enumerate() {
        for bit in 0..8 {
            if byte & (0x80 >> bit) != 0 {
                list.suspend(StatusListIndex::new(i as u64 * 8 + bit), "bench", fixed_now())
                    .unwrap();
            }
        }
    }
    let free_index = |rng: &mut XorShift| loop {
        let index = StatusListIndex::new(rng.next() % ENTRIES);
        if list.value(index).unwrap() == 0 {
            return index;
        }
    };
    let ssi_bits = SsiBitString::from_bytes(bytes.clone());
    let mut rng = XorShift(42);

    let mut group = c.benchmark_group("status/change_one_bit");
    group.bench_function("baseline_ssi_set_encode", |b| {
        b.iter_batched(
            || (ssi_bits.clone(), (rng.next() % ENTRIES) as usize),
            |(mut bits, index)| {
                bits.set(SsiStatusSize::default(), index, 1).unwrap();
                bits.encode()
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("microcred_set_encode", |b| {
        b.iter_batched(
            || (list.clone(), free_index(&mut rng)),
            |(mut list, index)| {
                list.suspend(index, "bench", fixed_now()).unwrap();
                list.credential(did.as_str(), publication).unwrap()
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("microcred_set_encode_sign_jcs", |b| {
        b.iter_batched(
            || (list.clone(), free_index(&mut rng)),
            |(mut list, index)| {
                list.suspend(index, "bench", fixed_now()).unwrap();
                list.signed_credential(did.as_str(), publication, &sign).unwrap()
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// The baseline allocator: shuffle each list's indices in memory, then pop them.
fn shuffled_pool_allocate(count: u64) -> u64 {
    let mut rng = XorShift(7);
    let mut pool: Vec<u32> = Vec::new();
    let mut checksum = 0;
    for _ in 0..count {
        if pool.is_empty() {
            pool = (0..ENTRIES as u32).collect();
            for i in (1..pool.len()).rev() {
                let j = (rng.next() % (i as u64 + 1)) as usize;
                pool.swap(i, j);
            }
        }
        checksum ^= u64::from(pool.pop().unwrap());
    }
    checksum
}

fn microcred_allocate(count: u64) -> u64 {
    let mut allocator = IndexAllocator::seeded(ENTRIES, 7).unwrap();
    let mut checksum = 0;
    for _ in 0..count {
        checksum ^= allocator.allocate().unwrap().index.get();
    }
    checksum
}

fn bench_allocate(c: &mut Criterion) {
    let mut group = c.benchmark_group("status/allocate_1m");
    group.sample_size(10);
    group.bench_function("baseline_shuffled_pool", |b| {
        b.iter(|| shuffled_pool_allocate(black_box(1_000_000)))
    });
    group.bench_function("microcred_allocator", |b| {
        b.iter(|| microcred_allocate(black_box(1_000_000)))
    });
    group.finish();
}

criterion_group!(benches, bench_check, bench_codec, bench_change, bench_allocate);
criterion_main!(benches);
