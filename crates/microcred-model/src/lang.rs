//! Language tags and multilingual text (JSON-LD language maps).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ValueError;
use crate::one_or_many::OneOrMany;

/// A BCP 47 language tag such as `en`, `cs` or `pt-BR` (checked lexically: alphabetic primary
/// subtag of 2 to 8 letters, then alphanumeric subtags of 1 to 8 characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageTag(String);

impl LanguageTag {
    /// Check and wrap a language tag.
    pub fn new(tag: &str) -> Result<Self, ValueError> {
        let mut subtags = tag.split('-');
        let primary = subtags.next().unwrap_or_default();
        let primary_ok = (2..=8).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
        let rest_ok = subtags.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
        if primary_ok && rest_ok {
            Ok(LanguageTag(tag.to_owned()))
        } else {
            Err(ValueError::LanguageTag(tag.to_owned()))
        }
    }

    /// The tag as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag in lower case (`pt` for `pt-BR`).
    pub fn primary(&self) -> String {
        self.0.split('-').next().unwrap_or_default().to_ascii_lowercase()
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for LanguageTag {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LanguageTag::new(s)
    }
}

impl Serialize for LanguageTag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for LanguageTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(deserializer)?;
        LanguageTag::new(&tag).map_err(serde::de::Error::custom)
    }
}

/// Multilingual text: a JSON-LD language map such as `{"en": "Data literacy", "cs": "Datová
/// gramotnost"}`. A language may carry several strings (an array).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LanguageMap(BTreeMap<LanguageTag, OneOrMany<String>>);

impl LanguageMap {
    /// An empty map.
    pub fn new() -> Self {
        LanguageMap(BTreeMap::new())
    }

    /// A map with one text in one language.
    pub fn single(language: LanguageTag, text: impl Into<String>) -> Self {
        let mut map = LanguageMap::new();
        map.insert(language, text);
        map
    }

    /// Set the text for `language`, replacing what was there.
    pub fn insert(&mut self, language: LanguageTag, text: impl Into<String>) {
        self.0.insert(language, OneOrMany::One(text.into()));
    }

    /// The (first) text in `language`, matched on the whole tag, then on the primary subtag.
    pub fn get(&self, language: &str) -> Option<&str> {
        if let Some(texts) = self
            .0
            .iter()
            .find(|(tag, _)| tag.as_str().eq_ignore_ascii_case(language))
        {
            return texts.1.first().map(String::as_str);
        }
        let wanted = language.split('-').next().unwrap_or_default().to_ascii_lowercase();
        self.0
            .iter()
            .find(|(tag, _)| tag.primary() == wanted)
            .and_then(|(_, texts)| texts.first())
            .map(String::as_str)
    }

    /// The text in `language` if present, else in English, else the first one.
    pub fn best(&self, language: &str) -> Option<&str> {
        self.get(language)
            .or_else(|| self.get("en"))
            .or_else(|| self.0.values().next().and_then(|t| t.first()).map(String::as_str))
    }

    /// The languages present.
    pub fn languages(&self) -> impl Iterator<Item = &LanguageTag> {
        self.0.keys()
    }

    /// Every (language, text) pair.
    pub fn iter(&self) -> impl Iterator<Item = (&LanguageTag, &str)> {
        self.0
            .iter()
            .flat_map(|(tag, texts)| texts.iter().map(move |text| (tag, text.as_str())))
    }

    /// Whether the map has no text at all (or only empty strings).
    pub fn is_blank(&self) -> bool {
        self.iter().all(|(_, text)| text.trim().is_empty())
    }

    /// Whether the map has no language.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_are_checked() {
        for good in ["en", "cs", "pt-BR", "sr-Latn-RS", "de-CH-1996"] {
            assert!(LanguageTag::new(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "e",
            "englishlanguage-x",
            "en_GB",
            "1en",
            "en-",
            "en--GB",
            "toolongtag",
        ] {
            assert!(LanguageTag::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lookup_falls_back_by_primary_subtag_then_english() {
        let map: LanguageMap = serde_json::from_str(r#"{"en": "Data", "pt-BR": "Dados"}"#).unwrap();
        assert_eq!(map.get("pt"), Some("Dados"));
        assert_eq!(map.get("PT-br"), Some("Dados"));
        assert_eq!(map.best("cs"), Some("Data"));
        let bad = serde_json::from_str::<LanguageMap>(r#"{"en_GB": "x"}"#).unwrap_err();
        assert!(bad.to_string().contains("en_GB"), "{bad}");
    }
}
