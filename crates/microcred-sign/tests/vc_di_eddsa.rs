//! Every vector of W3C vc-di-eddsa, byte for byte: canonical forms, hashes, signatures,
//! proofValues, signed documents, proof sets and proof chains. Also the Open Badges / CLR LDP
//! vectors of 1EdTech.

use chrono::DateTime;
use microcred_sign::{Cryptosuite, DataIntegrity, KeySigner, OfflineResolver, ProofOptions, SecretKey, Signature};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::common::{hex, json, resolver_with, text};

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The proof options of a vector's proofConfig file, as `ProofOptions`.
fn options_of(config: &Value) -> ProofOptions {
    let suite = match config["cryptosuite"].as_str() {
        Some(name) => Cryptosuite::parse(name).unwrap(),
        None => Cryptosuite::EddsaRdfc2022,
    };
    let created = DateTime::parse_from_rfc3339(config["created"].as_str().unwrap())
        .unwrap()
        .to_utc();
    let mut options = ProofOptions::new(suite, created);
    if let Some(id) = config["id"].as_str() {
        options = options.id(id);
    }
    match &config["previousProof"] {
        Value::String(id) => options = options.previous_proof(id.clone()),
        Value::Array(ids) => {
            for id in ids {
                options = options.previous_proof(id.as_str().unwrap());
            }
        }
        _ => {}
    }
    options
}

/// The proof configuration with the document's @context, as the RDFC suites canonicalize it.
fn with_context(config: &Value, document: &Value) -> Value {
    let mut config = config.clone();
    if config.get("@context").is_none() {
        config["@context"] = document["@context"].clone();
    }
    config
}

struct Case {
    dir: &'static str,
    suffix: &'static str,
    unsigned: &'static str,
    suite: Cryptosuite,
}

const CASES: &[Case] = &[
    Case {
        dir: "vc-di-eddsa/eddsa-rdfc-2022",
        suffix: "DataInt",
        unsigned: "vc-di-eddsa/unsigned.json",
        suite: Cryptosuite::EddsaRdfc2022,
    },
    Case {
        dir: "vc-di-eddsa/eddsa-rdfc-2022/employ",
        suffix: "DataInt",
        unsigned: "vc-di-eddsa/employmentAuth.json",
        suite: Cryptosuite::EddsaRdfc2022,
    },
    Case {
        dir: "vc-di-eddsa/eddsa-jcs-2022",
        suffix: "JCS",
        unsigned: "vc-di-eddsa/unsigned.json",
        suite: Cryptosuite::EddsaJcs2022,
    },
];

fn key() -> SecretKey {
    let pair = json("vc-di-eddsa/keyPair.json");
    let key = SecretKey::from_multibase(pair["privateKeyMultibase"].as_str().unwrap()).unwrap();
    assert_eq!(
        key.public_key().to_multibase(),
        pair["publicKeyMultibase"].as_str().unwrap()
    );
    key
}

#[test]
fn canonical_forms_and_hashes() {
    let di = DataIntegrity::new();
    for case in CASES {
        let file = |name: &str| format!("{}/{name}{}", case.dir, case.suffix);
        let unsigned = json(case.unsigned);
        let config = json(&format!("{}.json", file("proofConfig")));
        let canon_doc = di.canonical_form(case.suite, &unsigned).unwrap();
        assert_eq!(canon_doc, text(&format!("{}.txt", file("canonDoc"))), "{}", case.dir);
        let config = match case.suite {
            Cryptosuite::EddsaRdfc2022 => with_context(&config, &unsigned),
            _ => config,
        };
        let canon_proof = di.canonical_form(case.suite, &config).unwrap();
        assert_eq!(
            canon_proof,
            text(&format!("{}.txt", file("proofCanon"))),
            "{}",
            case.dir
        );
        let doc_hash = sha256_hex(&canon_doc);
        let proof_hash = sha256_hex(&canon_proof);
        assert_eq!(
            doc_hash,
            text(&format!("{}.txt", file("docHash"))).trim(),
            "{}",
            case.dir
        );
        assert_eq!(
            proof_hash,
            text(&format!("{}.txt", file("proofHash"))).trim(),
            "{}",
            case.dir
        );
        assert_eq!(
            format!("{proof_hash}{doc_hash}"),
            text(&format!("{}.txt", file("combinedHash"))).trim()
        );
    }
}

#[test]
fn signatures_and_signed_documents_reproduce() {
    let di = DataIntegrity::new();
    for case in CASES {
        let file = |name: &str| format!("{}/{name}{}", case.dir, case.suffix);
        let unsigned = json(case.unsigned);
        let config = json(&format!("{}.json", file("proofConfig")));
        let signer = KeySigner::with_verification_method(key(), config["verificationMethod"].as_str().unwrap());
        let signed = di.add_proof(&unsigned, &signer, &options_of(&config)).unwrap();
        let expected = json(&format!("{}.json", file("signed")));
        assert_eq!(signed, expected, "{}", case.dir);
        let proof_value = signed["proof"]["proofValue"].as_str().unwrap();
        assert_eq!(proof_value, text(&format!("{}.txt", file("sigBTC58"))).trim());
        let signature = Signature::from_multibase(proof_value).unwrap();
        assert_eq!(
            signature.to_bytes().to_vec(),
            hex(&text(&format!("{}.txt", file("sigHex"))))
        );

        let results = di.verify_proofs(&expected, &OfflineResolver::new());
        assert_eq!(results.len(), 1);
        let verified = results[0].as_ref().unwrap();
        assert_eq!(
            verified.method.controller,
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
        );
    }
}

#[test]
fn ed25519_signature_2020_vectors_verify() {
    let di = DataIntegrity::new();
    let dir = "vc-di-eddsa/Ed25519Signature2020";
    let unsigned = json("vc-di-eddsa/unsigned.json");
    assert_eq!(
        di.canonical_form(Cryptosuite::EddsaRdfc2022, &unsigned).unwrap(),
        text(&format!("{dir}/canonDocEdSig.txt"))
    );
    let config = json(&format!("{dir}/proofConfigEdSig.json"));
    let canon_proof = di.canonical_form(Cryptosuite::EddsaRdfc2022, &config).unwrap();
    assert_eq!(canon_proof, text(&format!("{dir}/proofCanonEdSig.txt")));
    assert_eq!(
        sha256_hex(&canon_proof),
        text(&format!("{dir}/proofHashEdSig.txt")).trim()
    );
    let signed = json(&format!("{dir}/signedEdSig.json"));
    assert_eq!(
        signed["proof"]["proofValue"].as_str().unwrap(),
        text(&format!("{dir}/sigBTC58EdSig.txt")).trim()
    );
    let results = di.verify_proofs(&signed, &OfflineResolver::new());
    assert_eq!(results[0].as_ref().unwrap().suite, "Ed25519Signature2020");
    // The same signature over the same data by the same key, as raw Ed25519.
    let message = hex(text(&format!("{dir}/combinedHashEdSig.txt")).trim());
    let signature = Signature::from_slice(&hex(&text(&format!("{dir}/sigHexEdSig.txt")))).unwrap();
    key().public_key().verify(&message, &signature).unwrap();
}

fn multi_key(verification_method: &str) -> SecretKey {
    let pairs = json("vc-di-eddsa/proof-set-chain/multiKeyPairs.json");
    let fragment = verification_method.split_once('#').unwrap().1;
    let pair = pairs
        .as_object()
        .unwrap()
        .values()
        .find(|p| p["publicKeyMultibase"] == fragment)
        .unwrap();
    SecretKey::from_multibase(pair["privateKeyMultibase"].as_str().unwrap()).unwrap()
}

#[test]
fn proof_sets_and_chains_reproduce() {
    let di = DataIntegrity::new();
    let dir = "vc-di-eddsa/proof-set-chain";
    let steps = [
        ("unsigned", "proofSetConfig1", "signedProofSet1"),
        ("signedProofSet1", "proofSetConfig2", "signedProofSet2"),
        ("signedProofSet2", "proofChainConfig1", "signedProofChain1"),
        ("signedProofChain1", "proofChainConfig2", "signedProofChain2"),
    ];
    for (input, config, output) in steps {
        let document = json(&format!("{dir}/{input}.json"));
        let config = json(&format!("{dir}/{config}.json"));
        let vm = config["verificationMethod"].as_str().unwrap();
        let signer = KeySigner::with_verification_method(multi_key(vm), vm);
        let signed = di.add_proof(&document, &signer, &options_of(&config)).unwrap();
        assert_eq!(signed, json(&format!("{dir}/{output}.json")), "{output}");
    }
    for name in [
        "signedProofSet1",
        "signedProofSet2",
        "signedProofChain1",
        "signedProofChain2",
    ] {
        let document = json(&format!("{dir}/{name}.json"));
        let results = di.verify_proofs(&document, &OfflineResolver::new());
        assert!(!results.is_empty());
        for result in &results {
            assert!(result.is_ok(), "{name}: {result:?}");
        }
    }
    // The chained proof covers the proofs it names: dropping one breaks it.
    let mut chain = json(&format!("{dir}/signedProofChain1.json"));
    chain["proof"].as_array_mut().unwrap().remove(0);
    let results = di.verify_proofs(&chain, &OfflineResolver::new());
    assert!(results[1].is_err());
    // The temporary document of a chain is what the chained proof signs.
    let temp = json(&format!("{dir}/proofChainTempDoc2.json"));
    assert_eq!(temp["proof"].as_array().unwrap().len(), 1);
}

#[test]
fn open_badges_and_clr_ldp_vectors() {
    let di = DataIntegrity::new();
    let vectors = json("openbadges/ldp-test-vectors.json");
    for vector in vectors["vectors"].as_array().unwrap() {
        let name = vector["name"].as_str().unwrap();
        let pair = &vector["keyPair"];
        let key = SecretKey::from_multibase(pair["secretKeyMultibase"].as_str().unwrap()).unwrap();
        assert_eq!(
            key.public_key().to_multibase(),
            pair["publicKeyMultibase"].as_str().unwrap()
        );
        let credential = &vector["credential"];
        let options = &vector["proofOptions"];
        let canon_doc = di.canonical_form(Cryptosuite::EddsaRdfc2022, credential).unwrap();
        assert_eq!(
            canon_doc,
            text(&format!("openbadges/{}", vector["documentCanonFile"].as_str().unwrap())),
            "{name}"
        );
        let canon_proof = di
            .canonical_form(Cryptosuite::EddsaRdfc2022, &with_context(options, credential))
            .unwrap();
        assert_eq!(
            canon_proof,
            text(&format!("openbadges/{}", vector["proofCanonFile"].as_str().unwrap())),
            "{name}"
        );
        assert_eq!(sha256_hex(&canon_doc), vector["documentHashHex"].as_str().unwrap());
        assert_eq!(sha256_hex(&canon_proof), vector["proofHashHex"].as_str().unwrap());

        let vm = pair["verificationMethod"].as_str().unwrap();
        let signer = KeySigner::with_verification_method(key, vm);
        let signed = di.add_proof(credential, &signer, &options_of(options)).unwrap();
        assert_eq!(signed["proof"]["proofValue"], vector["proofValue"], "{name}");
        // The CLR vector writes its single proof as a one-element list (the same JSON-LD).
        let mut expected = vector["signedCredential"].clone();
        if let Some([one]) = expected["proof"].as_array().map(Vec::as_slice) {
            expected["proof"] = one.clone();
        }
        assert_eq!(signed, expected, "{name}");
        let signature = Signature::from_multibase(vector["proofValue"].as_str().unwrap()).unwrap();
        assert_eq!(
            signature.to_bytes().to_vec(),
            hex(vector["signatureHex"].as_str().unwrap())
        );
        let results = di.verify_proofs(&vector["signedCredential"], &resolver_with(&[vm]));
        assert!(results[0].is_ok(), "{name}: {:?}", results[0]);
    }
}
