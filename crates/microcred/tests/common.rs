//! Shared helpers.

use std::path::Path;

use microcred::{Issuer, IssuerConfig, SqliteStore};
use microcred_model::IssuanceRequest;
use microcred_sign::{KeySigner, SecretKey};

pub fn example(name: &str) -> IssuanceRequest {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/requests")
        .join(name);
    IssuanceRequest::from_json_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// An office issuing as a fresh did:key, with the institution of `example`.
pub fn office(dir: &Path, entries: u64) -> (Issuer<SqliteStore>, IssuanceRequest) {
    let key = SecretKey::from_seed(&[7; 32]);
    let did = key.public_key().did_key();
    let mut request = example("en-online-eqf6-graded.json");
    request.issuer.id = did.as_str().to_owned();
    let config = IssuerConfig {
        institution: request.issuer.clone(),
        status_base_url: "https://uniz.example/status".into(),
        verify_base_url: "https://uniz.example/verify".into(),
        cryptosuite: "eddsa-rdfc-2022".into(),
        entries_per_list: entries,
    };
    let store = SqliteStore::open(&dir.join("registry.sqlite"), &config.status_base_url, entries).unwrap();
    (
        Issuer::new(config, store, Box::new(KeySigner::did_key(key))).unwrap(),
        request,
    )
}
