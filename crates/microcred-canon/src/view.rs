//! A JSON object read with some top-level members replaced or removed, without copying it.

use serde_json::{Map, Value};

/// A JSON object seen with some of its top-level members replaced or removed, read in place.
///
/// Data Integrity hashes a document *without* its `proof` (or with only the proofs a chained
/// proof names) and a proof configuration *with* the document's `@context`; a view lets
/// [`JsonLdProcessor::canonicalize_view`](crate::JsonLdProcessor::canonicalize_view) and
/// [`jcs_view`](crate::jcs_view) read those without a deep copy of the document.
///
/// Each override is `(key, Some(value))` to replace or add the member `key`, or `(key, None)`
/// to remove it; when a key is given more than once, the first override counts.
///
/// ```
/// use microcred_canon::ObjectView;
/// use serde_json::json;
///
/// let signed = json!({"@context": "https://www.w3.org/ns/credentials/v2", "id": "urn:x", "proof": {}});
/// let object = signed.as_object().unwrap();
/// let view = ObjectView::new(object, &[("proof", None)]);
/// assert_eq!(view.to_value(), json!({"@context": "https://www.w3.org/ns/credentials/v2", "id": "urn:x"}));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ObjectView<'a> {
    object: &'a Map<String, Value>,
    overrides: &'a [(&'a str, Option<&'a Value>)],
}

impl<'a> ObjectView<'a> {
    /// `object` with `overrides` applied (see the type's documentation).
    pub fn new(object: &'a Map<String, Value>, overrides: &'a [(&'a str, Option<&'a Value>)]) -> Self {
        ObjectView { object, overrides }
    }

    /// `object` as it is.
    pub fn plain(object: &'a Map<String, Value>) -> Self {
        ObjectView { object, overrides: &[] }
    }

    fn overridden(&self, key: &str) -> Option<Option<&'a Value>> {
        self.overrides.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// The member `key`, after the overrides.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        match self.overridden(key) {
            Some(replaced) => replaced,
            None => self.object.get(key),
        }
    }

    /// Whether the member `key` is present, after the overrides.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members after the overrides: the object's (in its order), then the added ones.
    pub fn members(&self) -> impl Iterator<Item = (&'a str, &'a Value)> + 'a {
        let this = *self;
        let kept = self
            .object
            .iter()
            .filter_map(move |(key, value)| match this.overridden(key) {
                Some(replaced) => replaced.map(|v| (key.as_str(), v)),
                None => Some((key.as_str(), value)),
            });
        let added = self.overrides.iter().enumerate().filter_map(move |(i, &(key, value))| {
            let first = this.overrides.iter().position(|(k, _)| *k == key) == Some(i);
            match value {
                Some(v) if first && !this.object.contains_key(key) => Some((key, v)),
                _ => None,
            }
        });
        kept.chain(added)
    }

    /// The member names after the overrides.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.members().map(|(key, _)| key)
    }

    /// The number of members after the overrides.
    pub fn len(&self) -> usize {
        self.members().count()
    }

    /// Whether no member is left after the overrides.
    pub fn is_empty(&self) -> bool {
        self.members().next().is_none()
    }

    /// The object the view shows, as a new value (a deep copy).
    pub fn to_value(&self) -> Value {
        Value::Object(
            self.members()
                .map(|(key, value)| (key.to_owned(), value.clone()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn overrides_replace_remove_and_add() {
        let value = json!({"a": 1, "b": 2, "c": 3});
        let object = value.as_object().unwrap();
        let ten = json!(10);
        let eleven = json!(11);
        let overrides = [
            ("b", None),
            ("c", Some(&ten)),
            ("d", Some(&eleven)),
            ("c", None),
            ("d", None),
        ];
        let view = ObjectView::new(object, &overrides);
        assert_eq!(view.to_value(), json!({"a": 1, "c": 10, "d": 11}));
        assert_eq!(view.len(), 3);
        assert_eq!(view.get("b"), None);
        assert_eq!(view.get("c"), Some(&ten));
        assert!(view.contains_key("d"));
        assert_eq!(view.keys().collect::<Vec<_>>(), ["a", "c", "d"]);
        let removed_all = [("a", None), ("b", None), ("c", None)];
        assert!(ObjectView::new(object, &removed_all).is_empty());
        assert_eq!(ObjectView::plain(object).to_value(), value);
    }
}
