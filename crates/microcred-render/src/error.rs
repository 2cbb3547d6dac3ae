//! Errors of rendering and of reading a certificate PDF.

/// What went wrong while drawing a certificate or reading one back.
///
/// Messages say what was wrong and where: the credential field (as a JSON path), the page, or
/// the byte offset in a PDF.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The credential JSON could not be read.
    #[error("the credential cannot be read: {0}")]
    Credential(String),
    /// The credential has no text in any language for a field the certificate must show.
    #[error("the credential has no {what} (`{path}`)")]
    Missing {
        /// What is missing, in words.
        what: &'static str,
        /// The JSON path of the field.
        path: &'static str,
    },
    /// A character cannot be drawn with the bundled fonts.
    #[error("`{path}` contains {character:?} (U+{code:04X}), which the bundled font cannot draw")]
    UnsupportedCharacter {
        /// The JSON path of the text.
        path: String,
        /// The character.
        character: char,
        /// Its code point.
        code: u32,
    },
    /// The issuer's logo is not a PNG or JPEG image in base64.
    #[error("the issuer logo (`issuer.logo.content`) is not a base64 PNG or JPEG image")]
    Logo,
    /// The verification link (after filling in the template) cannot be drawn as a QR code.
    #[error("the verification link `{link}` cannot be encoded as a QR code: {message}")]
    QrCode {
        /// The link.
        link: String,
        /// Why.
        message: String,
    },
    /// The drawn SVG could not be rasterised or converted (an internal failure).
    #[error("cannot convert page {page} to {format}: {message}")]
    Convert {
        /// The page number, from 1.
        page: usize,
        /// `PNG` or `PDF`.
        format: &'static str,
        /// What failed.
        message: String,
    },
    /// A render option is out of range.
    #[error("render option `{option}`: {message}")]
    Option {
        /// The option.
        option: &'static str,
        /// What is allowed.
        message: String,
    },
    /// The PDF is malformed where the attachment was looked for.
    #[error("malformed PDF at byte {offset}: {message}")]
    MalformedPdf {
        /// The byte offset in the PDF.
        offset: usize,
        /// What was wrong.
        message: String,
    },
    /// The PDF is encrypted; attachments cannot be read.
    #[error("the PDF is encrypted; its attachments cannot be read")]
    EncryptedPdf,
    /// The PDF carries no attached credential.
    #[error("the PDF has no attached credential (looked at {files} embedded file(s))")]
    NoAttachedCredential {
        /// How many embedded files were found.
        files: usize,
    },
    /// The PDF carries several different credentials.
    #[error("the PDF has {count} different attached credentials; expected one")]
    SeveralAttachedCredentials {
        /// How many.
        count: usize,
    },
}
