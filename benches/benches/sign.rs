//! Benchmarks for microcred-sign: Data Integrity sign and verify in both EdDSA suites, on a
//! 3.6 KB credential and on the EDC micro-credential sample (111 KB), each read as a ratio to
//! two baselines measured in the same run: raw Ed25519 (ed25519-dalek through our `SecretKey`)
//! over the same bytes, and `ssi` 0.16's own `eddsa-rdfc-2022`.
//!
//! Before measuring, the setup cross-checks interoperability: `ssi` verifies our
//! eddsa-rdfc-2022 proof and we verify `ssi`'s.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    missing_docs
)]

use std::future::Future;
use std::hint::black_box;
use std::task::{Context, Poll, Waker};

use criterion::{Criterion, criterion_group, criterion_main};
use microcred_sign::{Cryptosuite, DataIntegrity, KeySigner, OfflineResolver, ProofOptions, SecretKey, Verifier};
use serde_json::Value;
use ssi::claims::VerificationParameters;
use ssi::claims::chrono::{TimeZone as _, Utc};
use ssi::claims::data_integrity::suites::EdDsaRdfc2022;
use ssi::claims::data_integrity::{
    CryptographicSuite as _, DataIntegrity as SsiDataIntegrity, ProofOptions as SsiProofOptions,
};
use ssi::claims::vc::v2::JsonCredential;
use ssi::dids::{DIDKey, DIDResolver as _};
use ssi::verification_methods::SingleSecretSigner;

#[path = "support/credential.rs"]
mod credential;
use credential::credential_3k6;

/// Run a future that never waits on I/O (ssi's API is async; its work here is all CPU).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
}

fn edc_sample(did: &str) -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/microcred-sign/tests/vectors/elm/Sample-MC-Annex1-unsigned.jsonld"
    );
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("\"urn:epass:org:1\"", &format!("\"{did}\""));
    serde_json::from_str(&text).unwrap()
}

fn bench(c: &mut Criterion) {
    let key = SecretKey::from_seed(&[7; 32]);
    let did = key.public_key().did_key();
    let signer = KeySigner::did_key(key.clone());
    let di = DataIntegrity::new();
    let resolver = OfflineResolver::new();
    let created = Utc.with_ymd_and_hms(2025, 1, 15, 9, 0, 0).unwrap();
    let now = Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap();

    // ssi: the same key as a JWK, its did:key resolver and signer.
    let jwk: ssi::JWK = serde_json::from_str(&key.to_jwk()).unwrap();
    let vm_resolver = DIDKey.into_vm_resolver();
    let ssi_signer = SingleSecretSigner::new(jwk.clone());
    let vm_url = DIDKey::generate_url(&jwk.to_public()).unwrap();
    let ssi_options = || {
        let mut options = SsiProofOptions::from_method(vm_url.clone().into_iri().into());
        options.created = Some(
            "2025-01-15T09:00:00Z"
                .parse::<ssi::xsd::DateTimeStamp>()
                .unwrap()
                .into(),
        );
        options
    };
    let params = VerificationParameters::from_resolver(&vm_resolver);

    let small = credential_3k6(did.as_str());
    let edc = edc_sample(did.as_str());
    eprintln!(
        "3.6 KB credential: {} bytes; EDC sample: {} bytes",
        small.to_string().len(),
        edc.to_string().len()
    );

    // Interoperability cross-check with ssi before measuring.
    let ours = di
        .sign_credential(&small, &signer, &ProofOptions::new(Cryptosuite::EddsaRdfc2022, created))
        .unwrap();
    let ours_in_ssi: SsiDataIntegrity<JsonCredential, EdDsaRdfc2022> = serde_json::from_value(ours.clone()).unwrap();
    assert!(
        block_on(ours_in_ssi.verify(&params)).unwrap().is_ok(),
        "ssi rejects our eddsa-rdfc-2022 proof"
    );
    let ssi_credential: JsonCredential = serde_json::from_value(small.clone()).unwrap();
    let theirs =
        block_on(EdDsaRdfc2022.sign(ssi_credential.clone(), &vm_resolver, &ssi_signer, ssi_options())).unwrap();
    let theirs_json = serde_json::to_value(&theirs).unwrap();
    assert!(
        di.verify_proofs(&theirs_json, &resolver).iter().all(Result::is_ok),
        "we reject ssi's proof"
    );
    assert_eq!(
        theirs_json["proof"]["proofValue"], ours["proof"]["proofValue"],
        "same key, same data, same signature"
    );

    // Raw Ed25519 over 64 bytes (what the suites sign) and over the credential's JSON bytes.
    let mut group = c.benchmark_group("sign");
    let hash_data = [0x5a_u8; 64];
    let raw_signature = key.sign(&hash_data);
    let public = key.public_key();
    group.bench_function("baseline/raw-ed25519-sign-64B", |b| {
        b.iter(|| key.sign(black_box(&hash_data)))
    });
    group.bench_function("baseline/raw-ed25519-verify-64B", |b| {
        b.iter(|| public.verify(black_box(&hash_data), &raw_signature).unwrap())
    });
    group.bench_function("baseline/ssi-eddsa-rdfc-2022-sign-3.6KB", |b| {
        b.iter(|| {
            block_on(EdDsaRdfc2022.sign(ssi_credential.clone(), &vm_resolver, &ssi_signer, ssi_options())).unwrap()
        })
    });
    group.bench_function("baseline/ssi-eddsa-rdfc-2022-verify-3.6KB", |b| {
        b.iter(|| assert!(block_on(theirs.verify(&params)).unwrap().is_ok()))
    });

    for (name, credential) in [("3.6KB", &small), ("edc-111KB", &edc)] {
        for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
            let options = ProofOptions::new(suite, created);
            group.bench_function(format!("{suite}-sign-{name}"), |b| {
                b.iter(|| di.sign_credential(black_box(credential), &signer, &options).unwrap())
            });
            let signed = di.sign_credential(credential, &signer, &options).unwrap();
            group.bench_function(format!("{suite}-verify-{name}"), |b| {
                b.iter(|| {
                    assert!(
                        di.verify_proofs(black_box(&signed), &resolver)
                            .iter()
                            .all(Result::is_ok)
                    )
                })
            });
            group.bench_function(format!("{suite}-report-{name}"), |b| {
                b.iter(|| assert!(Verifier::new(&di, &resolver, now).verify(black_box(&signed)).valid))
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
