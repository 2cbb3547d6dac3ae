//! PDF: PDF/A-3b with the signed credential attached; reading the attachment back.

use microcred_render::{RenderError, Renderer, extract_attached_credential};

use crate::common::{credential, tag, vector};

#[test]
fn pdf_attaches_the_credential_and_gives_it_back() {
    let credential = credential("hu-blended-partial-qualification");
    let file = credential.to_json_pretty();
    let pdf = Renderer::new().pdf(file.as_bytes(), &tag("hu")).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7"));
    let text = String::from_utf8_lossy(&pdf);
    // PDF/A-3b identification and the associated file.
    assert!(
        text.contains("<pdfaid:part>3</pdfaid:part>"),
        "no PDF/A-3 identification"
    );
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(text.contains("/AFRelationship /Source"));
    assert!(text.contains("credential.jsonld"));
    let attached = extract_attached_credential(&pdf).unwrap();
    assert_eq!(attached, credential.to_value());
    // The same credential gives the same PDF.
    assert_eq!(pdf, Renderer::new().pdf(file.as_bytes(), &tag("hu")).unwrap());
}

#[test]
fn a_jades_sealed_credential_is_attached_as_is() {
    let sealed = std::fs::read(vector("Sample-MC-Annex1-signed.jsonld")).unwrap();
    let pdf = Renderer::new().pdf(&sealed, &tag("en")).unwrap();
    let attached = extract_attached_credential(&pdf).unwrap();
    let original: serde_json::Value = serde_json::from_slice(&sealed).unwrap();
    assert_eq!(attached, original);
    assert!(String::from_utf8_lossy(&pdf).contains("credential.jades.json"));
}

#[test]
fn pdf_of_something_that_is_not_a_credential_is_an_error() {
    assert!(matches!(
        Renderer::new().pdf(b"{\"a\": 1}", &tag("en")),
        Err(RenderError::Credential(_))
    ));
    assert!(matches!(
        Renderer::new().pdf(b"not json", &tag("en")),
        Err(RenderError::Credential(_))
    ));
}

#[test]
fn a_certificate_pdf_without_attachment_has_no_credential() {
    let certificate = Renderer::new()
        .certificate(&credential("de-presential-no-eqf"), &tag("de"))
        .unwrap();
    let pdf = certificate.pdf().unwrap();
    assert!(matches!(
        extract_attached_credential(&pdf),
        Err(RenderError::NoAttachedCredential { files: 0 })
    ));
}

#[test]
fn damaged_pdfs_give_typed_errors_not_panics() {
    let file = credential("en-online-eqf6-graded").to_json_pretty();
    let pdf = Renderer::new().pdf(file.as_bytes(), &tag("en")).unwrap();
    // Truncations and single-byte corruptions all over the file.
    let step = (pdf.len() / 300).max(1);
    for cut in (0..pdf.len()).step_by(step) {
        let _ = extract_attached_credential(&pdf[..cut]);
        let mut corrupt = pdf.clone();
        corrupt[cut] ^= 0x5A;
        let _ = extract_attached_credential(&corrupt);
    }
    assert!(matches!(
        extract_attached_credential(b""),
        Err(RenderError::MalformedPdf { offset: 0, .. })
    ));
}
