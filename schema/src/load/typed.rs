//! Typed decoding of a parsed JSON value that knows where it is: one deserializer wrapping
//! [`serde_json::Value`] that reports unknown object fields (with their paths) and the path of
//! the first error.
//!
//! It does in one layer what `serde_ignored` and `serde_path_to_error` did in two, so every
//! document type's `Deserialize` code is compiled once, for this deserializer only (smaller
//! wasm, faster loads).

use serde::de::value::StringDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde_json::{Error, Map, Value};

use crate::path::{self, Seg};

/// What decoding noticed: the unknown fields skipped and, on failure, where it failed.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Paths of object fields the target type does not have (skipped, not kept), as
    /// segments (the last is the field's key).
    pub unknown: Vec<Vec<Seg>>,
    /// The path of the first error, rendered (`""` is the root).
    pub error_path: Option<String>,
}

/// Decodes `value` as `T`, filling `report`.
pub(crate) fn decode<T: DeserializeOwned>(value: Value, report: &mut Report) -> Result<T, Error> {
    let mut st = State {
        path: Vec::new(),
        report,
    };
    let result = T::deserialize(Tracked { value, st: &mut st });
    if result.is_err() && st.report.error_path.is_none() {
        st.report.error_path = Some(String::new());
    }
    result
}

struct State<'r> {
    path: Vec<Seg>,
    report: &'r mut Report,
}

impl State<'_> {
    /// Runs `f` one segment deeper; the first error anywhere records its path.
    fn at<T>(
        &mut self,
        seg: Seg,
        f: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.path.push(seg);
        let result = f(self);
        if result.is_err() && self.report.error_path.is_none() {
            self.report.error_path = Some(path::render(&self.path));
        }
        self.path.pop();
        result
    }
}

struct Tracked<'a, 'r> {
    value: Value,
    st: &'a mut State<'r>,
}

impl<'de> de::Deserializer<'de> for Tracked<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(map) => visitor.visit_map(Fields::new(map, None, self.st)),
            Value::Array(items) => visitor.visit_seq(Items::new(items, self.st)),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(map) => visitor.visit_map(Fields::new(map, Some(fields), self.st)),
            other => Tracked {
                value: other,
                st: self.st,
            }
            .deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // The document's enums are plain strings; nothing inside them to track.
        self.value.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier
    }
}

/// The fields of an object; with the target's field names, unknown ones are reported and
/// skipped.
struct Fields<'a, 'r> {
    entries: serde_json::map::IntoIter,
    known: Option<&'static [&'static str]>,
    pending: Option<(String, Value)>,
    st: &'a mut State<'r>,
}

impl<'a, 'r> Fields<'a, 'r> {
    fn new(
        map: Map<String, Value>,
        known: Option<&'static [&'static str]>,
        st: &'a mut State<'r>,
    ) -> Self {
        Fields {
            entries: map.into_iter(),
            known,
            pending: None,
            st,
        }
    }
}

impl<'de> de::MapAccess<'de> for Fields<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        for (key, value) in self.entries.by_ref() {
            if self
                .known
                .is_some_and(|known| !known.contains(&key.as_str()))
            {
                self.st.path.push(Seg::Key(key));
                self.st.report.unknown.push(self.st.path.clone());
                self.st.path.pop();
                continue;
            }
            let name: StringDeserializer<Error> = key.clone().into_deserializer();
            self.pending = Some((key, value));
            return seed.deserialize(name).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom("a value without its key"));
        };
        self.st
            .at(Seg::Key(key), |st| seed.deserialize(Tracked { value, st }))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The items of an array, each at its index.
struct Items<'a, 'r> {
    items: std::vec::IntoIter<Value>,
    index: usize,
    st: &'a mut State<'r>,
}

impl<'a, 'r> Items<'a, 'r> {
    fn new(items: Vec<Value>, st: &'a mut State<'r>) -> Self {
        Items {
            items: items.into_iter(),
            index: 0,
            st,
        }
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        self.st
            .at(Seg::Index(index), |st| {
                seed.deserialize(Tracked { value, st })
            })
            .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Inner {
        n: i8,
        #[serde(default)]
        tag: Option<String>,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[test]
    fn reports_unknown_fields_and_error_paths() {
        let mut report = Report::default();
        let value =
            serde_json::json!({"items": [{"n": 1, "x": 2}, {"n": 2, "tag": null}], "y": {}});
        let out: Outer = decode(value, &mut report).expect("decodes");
        assert_eq!(out.items[1], Inner { n: 2, tag: None });
        let unknown: Vec<String> = report.unknown.iter().map(|p| path::render(p)).collect();
        assert_eq!(unknown, vec!["items[0].x".to_string(), "y".to_string()]);

        let mut report = Report::default();
        let value = serde_json::json!({"items": [{"n": 1}, {"n": "two"}]});
        let err = decode::<Outer>(value, &mut report).expect_err("fails");
        assert_eq!(report.error_path.as_deref(), Some("items[1].n"));
        assert!(err.to_string().contains("expected i8"), "{err}");

        let mut report = Report::default();
        let err =
            decode::<Outer>(serde_json::json!({"items": [{}]}), &mut report).expect_err("fails");
        assert_eq!(report.error_path.as_deref(), Some("items[0]"));
        assert!(err.to_string().contains("missing field `n`"), "{err}");
    }
}
