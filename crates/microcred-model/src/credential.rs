//! Reading and writing whole credentials.

use serde_json::Value;

use crate::elm::{Claim, EuropeanDigitalCredential, LearningAchievement};
use crate::error::ParseError;

impl EuropeanDigitalCredential {
    /// Parse a credential from JSON text. Errors name the line and column of a syntax error, or
    /// the JSON path of a value that does not fit the model.
    pub fn from_json_str(json: &str) -> Result<Self, ParseError> {
        let value: Value = serde_json::from_str(json).map_err(|e| ParseError::Json {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e),
        })?;
        Self::from_value(value)
    }

    /// Parse a credential from a JSON value.
    pub fn from_value(value: Value) -> Result<Self, ParseError> {
        serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            ParseError::Model {
                path: if path == "." { "(root)".to_owned() } else { path },
                message: e.inner().to_string(),
            }
        })
    }

    /// The credential as a JSON value.
    pub fn to_value(&self) -> Value {
        // Serializing plain data into a `Value` cannot fail: every map key is a string.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The credential as pretty-printed JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// The learning achievements the learner is credited with.
    pub fn achievements(&self) -> impl Iterator<Item = &LearningAchievement> {
        self.credential_subject
            .has_claim
            .iter()
            .flat_map(|claims| claims.iter())
            .filter_map(Claim::as_achievement)
    }

    /// The issuer's IRI (its DID once the credential is signed).
    pub fn issuer_id(&self) -> Option<&str> {
        self.issuer.id.as_deref()
    }
}

fn strip_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_owned(),
        None => text,
    }
}
