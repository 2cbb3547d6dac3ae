//! JAdES seals on EDC credentials (ETSI TS 119 182-1, JWS JSON serialization): parse, verify
//! the RS256 signature with the key of the `x5c` certificate, and report the seal certificate.
//!
//! Out of scope: eIDAS trusted-list validation of the certificate chain, revocation of the seal
//! certificate (OCSP/CRL), and the time-stamp tokens (`adoTst`, `etsiU`). The report says so.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use rsa::pkcs8::DecodePublicKey as _;
use rsa::signature::Verifier as _;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::der::{Decode as _, Encode as _};

use crate::error::JadesError;
use crate::keys::SignatureError;
use crate::proof::format_datetime;
use crate::report::{Check, CheckId, CheckOutcome, VerificationReport};
use crate::verify::validity_window;

/// Protected header parameters this verifier understands (RFC 7515/7797 and JAdES); a `crit`
/// entry outside this list makes the seal unsupported.
const UNDERSTOOD_CRIT: &[&str] = &[
    "b64", "sigT", "adoTst", "sigX5ts", "srCms", "sigPl", "srAts", "sigPId", "x5t#o",
];

/// What the seal says about itself: the certificate, and when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SealInfo {
    /// The signature algorithm (`RS256`).
    pub algorithm: String,
    /// The certificate subject (RFC 4514 string).
    pub subject: String,
    /// The certificate issuer (RFC 4514 string).
    pub issuer: String,
    /// The certificate serial number, in hex.
    pub serial: String,
    /// Start of the certificate's validity.
    pub not_before: String,
    /// End of the certificate's validity.
    pub not_after: String,
    /// The claimed signing time (`sigT`).
    pub signing_time: Option<String>,
    /// How many certificates `x5c` holds.
    pub chain_length: usize,
    /// What this verifier did not check.
    pub not_checked: Vec<String>,
}

/// A parsed JAdES-sealed document.
#[derive(Debug, Clone)]
pub struct JadesSeal {
    payload: Value,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
    spki_der: Vec<u8>,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    info: SealInfo,
}

/// Does `document` look like a JWS JSON serialization (a JAdES-sealed EDC file)?
pub fn is_jades(document: &Value) -> bool {
    document.get("payload").is_some() && (document.get("signatures").is_some() || document.get("signature").is_some())
}

impl JadesSeal {
    /// Parse a sealed document (general or flattened JWS JSON serialization, one signature).
    pub fn parse(document: &Value) -> Result<Self, JadesError> {
        let malformed = |path: &str, reason: &str| JadesError::Malformed {
            path: path.into(),
            reason: reason.into(),
        };
        let object = document
            .as_object()
            .ok_or_else(|| malformed("$", "not a JSON object"))?;
        let (signature_object, base): (&Map<String, Value>, &str) = match object.get("signatures") {
            Some(Value::Array(list)) => match list.as_slice() {
                [Value::Object(one)] => (one, "$.signatures[0]"),
                [] => return Err(malformed("$.signatures", "empty")),
                [_] => return Err(malformed("$.signatures[0]", "not a JSON object")),
                _ => {
                    return Err(JadesError::Unsupported {
                        path: "$.signatures".into(),
                        reason: "more than one signature".into(),
                    });
                }
            },
            Some(_) => return Err(malformed("$.signatures", "not a list")),
            None => (object, "$"),
        };
        let member = |name: &str| -> Result<&str, JadesError> {
            signature_object
                .get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| malformed(&format!("{base}.{name}"), "missing or not a string"))
        };
        let protected_b64 = member("protected")?;
        let protected_bytes = URL_SAFE_NO_PAD
            .decode(protected_b64)
            .map_err(|e| malformed(&format!("{base}.protected"), &format!("not base64url: {e}")))?;
        let header: Map<String, Value> = serde_json::from_slice(&protected_bytes)
            .map_err(|e| malformed(&format!("{base}.protected"), &format!("not a JSON object: {e}")))?;
        let hpath = |name: &str| format!("{base}.protected.{name}");
        let algorithm = header.get("alg").and_then(Value::as_str).unwrap_or_default();
        if algorithm != "RS256" {
            return Err(JadesError::Unsupported {
                path: hpath("alg"),
                reason: format!("algorithm `{algorithm}` (only RS256)"),
            });
        }
        if let Some(crit) = header.get("crit") {
            let list = crit.as_array().ok_or_else(|| malformed(&hpath("crit"), "not a list"))?;
            for entry in list {
                let name = entry.as_str().unwrap_or_default();
                if !UNDERSTOOD_CRIT.contains(&name) || !header.contains_key(name) {
                    return Err(JadesError::Unsupported {
                        path: hpath("crit"),
                        reason: format!("critical header `{name}`"),
                    });
                }
            }
        }
        let encoded = match header.get("b64") {
            None | Some(Value::Bool(true)) => true,
            Some(Value::Bool(false)) => false,
            Some(_) => return Err(malformed(&hpath("b64"), "not a boolean")),
        };
        let payload_text = object
            .get("payload")
            .and_then(Value::as_str)
            .ok_or_else(|| malformed("$.payload", "missing or not a string"))?;
        let payload_bytes = if encoded {
            URL_SAFE_NO_PAD
                .decode(payload_text)
                .map_err(|e| malformed("$.payload", &format!("not base64url: {e}")))?
        } else {
            payload_text.as_bytes().to_vec()
        };
        let payload: Value = serde_json::from_slice(&payload_bytes)
            .map_err(|e| malformed("$.payload", &format!("not a JSON credential: {e}")))?;
        let mut signing_input = Vec::with_capacity(protected_b64.len() + 1 + payload_text.len());
        signing_input.extend_from_slice(protected_b64.as_bytes());
        signing_input.push(b'.');
        signing_input.extend_from_slice(payload_text.as_bytes());
        let signature = URL_SAFE_NO_PAD
            .decode(member("signature")?)
            .map_err(|e| malformed(&format!("{base}.signature"), &format!("not base64url: {e}")))?;

        let chain = header
            .get("x5c")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed(&hpath("x5c"), "missing or not a list"))?;
        let first = chain
            .first()
            .and_then(Value::as_str)
            .ok_or_else(|| malformed(&hpath("x5c"), "empty or not strings"))?;
        let cert_err = |reason: String| JadesError::Certificate { index: 0, reason };
        let der = STANDARD
            .decode(first)
            .map_err(|e| cert_err(format!("not base64: {e}")))?;
        if let Some(thumb) = header.get("x5t#S256").and_then(Value::as_str) {
            if URL_SAFE_NO_PAD.encode(Sha256::digest(&der)) != thumb {
                return Err(malformed(&hpath("x5t#S256"), "does not match the x5c certificate"));
            }
        }
        let certificate =
            Certificate::from_der(&der).map_err(|e| cert_err(format!("not an X.509 certificate: {e}")))?;
        let tbs = &certificate.tbs_certificate;
        let spki_der = tbs
            .subject_public_key_info
            .to_der()
            .map_err(|e| cert_err(e.to_string()))?;
        let time = |t: &x509_cert::time::Time| DateTime::<Utc>::from(t.to_system_time());
        let not_before = time(&tbs.validity.not_before);
        let not_after = time(&tbs.validity.not_after);
        let serial: String = tbs
            .serial_number
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut not_checked = vec![
            "eIDAS trusted-list validation of the certificate chain (out of scope)".to_owned(),
            "revocation of the seal certificate (OCSP/CRL)".to_owned(),
        ];
        if header.contains_key("adoTst") || signature_object.get("header").and_then(|h| h.get("etsiU")).is_some() {
            not_checked.push("time-stamp tokens (adoTst, etsiU)".to_owned());
        }
        let info = SealInfo {
            algorithm: algorithm.to_owned(),
            subject: tbs.subject.to_string(),
            issuer: tbs.issuer.to_string(),
            serial,
            not_before: format_datetime(not_before),
            not_after: format_datetime(not_after),
            signing_time: header.get("sigT").and_then(Value::as_str).map(str::to_owned),
            chain_length: chain.len(),
            not_checked,
        };
        Ok(JadesSeal {
            payload,
            signing_input,
            signature,
            spki_der,
            not_before,
            not_after,
            info,
        })
    }

    /// The sealed credential.
    pub fn payload(&self) -> &Value {
        &self.payload
    }

    /// The seal certificate and header facts.
    pub fn info(&self) -> &SealInfo {
        &self.info
    }

    /// Verify the RS256 signature with the RSA key of the `x5c` certificate.
    pub fn verify_signature(&self) -> Result<(), SignatureError> {
        let key = rsa::RsaPublicKey::from_public_key_der(&self.spki_der).map_err(|_| SignatureError)?;
        let verifier = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key);
        let signature = rsa::pkcs1v15::Signature::try_from(self.signature.as_slice()).map_err(|_| SignatureError)?;
        verifier
            .verify(&self.signing_input, &signature)
            .map_err(|_| SignatureError)
    }

    /// Verify the seal at `now` and report: the signature, the certificate's validity period,
    /// and the sealed credential's validity window. Trust in the certificate (eIDAS trusted
    /// lists) is not applicable here.
    pub fn verify(&self, now: DateTime<Utc>) -> VerificationReport {
        let signature = match self.verify_signature() {
            Ok(()) => CheckOutcome::pass(format!(
                "{} signature verifies with the x5c certificate",
                self.info.algorithm
            )),
            Err(_) => CheckOutcome::fail(format!(
                "{} signature does not verify with the x5c certificate",
                self.info.algorithm
            )),
        };
        let certificate = if now < self.not_before {
            CheckOutcome::fail(format!(
                "the seal certificate is not valid before {}",
                self.info.not_before
            ))
        } else if now > self.not_after {
            CheckOutcome::fail(format!("the seal certificate expired at {}", self.info.not_after))
        } else {
            CheckOutcome::pass(format!(
                "valid from {} to {}",
                self.info.not_before, self.info.not_after
            ))
        };
        let checks = vec![
            Check::new(
                CheckId::WellFormed,
                CheckOutcome::pass("a JAdES-sealed credential (JWS JSON serialization)"),
            ),
            Check::new(CheckId::SealSignature, signature),
            Check::new(CheckId::SealCertificate, certificate),
            Check::new(CheckId::ValidityWindow, validity_window(&self.payload, now)),
            Check::new(
                CheckId::TrustedIssuer,
                CheckOutcome::not_applicable("eIDAS trusted-list validation of seal certificates is out of scope"),
            ),
            Check::new(
                CheckId::Status,
                CheckOutcome::not_applicable("no status checker supplied"),
            ),
        ];
        let mut report = VerificationReport::new(checks);
        report.seal = Some(self.info.clone());
        report
    }
}
