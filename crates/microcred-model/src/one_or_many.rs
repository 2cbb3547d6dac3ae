//! `OneOrMany<T>`: a JSON-LD property that holds one value or an array, kept as written.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

/// One value or several. JSON-LD treats `"x": v` and `"x": [v]` alike; this type keeps the form
/// the document used so that parsing and serializing give back the same JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OneOrMany<T> {
    /// A single value, written without an array.
    One(T),
    /// An array of values (possibly of length one).
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// All values, in document order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        match self {
            OneOrMany::One(value) => std::slice::from_ref(value).iter(),
            OneOrMany::Many(values) => values.iter(),
        }
    }

    /// All values, mutably.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        match self {
            OneOrMany::One(value) => std::slice::from_mut(value).iter_mut(),
            OneOrMany::Many(values) => values.iter_mut(),
        }
    }

    /// The first value, if any.
    pub fn first(&self) -> Option<&T> {
        self.iter().next()
    }

    /// How many values there are.
    pub fn len(&self) -> usize {
        match self {
            OneOrMany::One(_) => 1,
            OneOrMany::Many(values) => values.len(),
        }
    }

    /// Whether there is no value (only possible as an empty array).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values as a vector.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(value) => vec![value],
            OneOrMany::Many(values) => values,
        }
    }

    /// One value when `values` has exactly one, an array otherwise: the form EDC writes.
    pub fn from_vec(mut values: Vec<T>) -> Self {
        if values.len() == 1 {
            if let Some(value) = values.pop() {
                return OneOrMany::One(value);
            }
        }
        OneOrMany::Many(values)
    }
}

impl<T> From<T> for OneOrMany<T> {
    fn from(value: T) -> Self {
        OneOrMany::One(value)
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(value) => value.serialize(serializer),
            OneOrMany::Many(values) => values.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A hand-written visitor instead of `#[serde(untagged)]`: the inner error (and its path)
        // reaches the caller instead of "data did not match any variant".
        struct OneOrManyVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = OneOrMany<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or an array of values")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(OneOrMany::One)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(OneOrMany::One)
            }
        }

        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_form_it_was_written_in() {
        let one: OneOrMany<String> = serde_json::from_str(r#""a""#).unwrap();
        assert_eq!(one, OneOrMany::One("a".into()));
        assert_eq!(serde_json::to_string(&one).unwrap(), r#""a""#);
        let many: OneOrMany<String> = serde_json::from_str(r#"["a"]"#).unwrap();
        assert_eq!(many.len(), 1);
        assert_eq!(serde_json::to_string(&many).unwrap(), r#"["a"]"#);
    }

    #[test]
    fn inner_errors_are_not_swallowed() {
        let error = serde_json::from_str::<OneOrMany<u8>>("[1, 300]").unwrap_err();
        assert!(error.to_string().contains("300"), "{error}");
    }
}
