//! The JSON-LD 1.1 Expansion Algorithm (JSON-LD 1.1 API 5.1.2) with safe-mode checks.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::context::{Context, Env, ProcessFlags, container, expand_iri};
use super::iri::{has_keyword_form, is_absolute, is_blank, is_keyword, is_well_formed};
use crate::error::{Error, JsonLdErrorCode as C, Path, SafeModeViolation as V};
use crate::view::ObjectView;

fn err(code: C, path: &Path<'_>, detail: impl Into<String>) -> Error {
    Error::JsonLd {
        code,
        path: path.to_string(),
        detail: detail.into(),
    }
}

pub(crate) struct Expander<'a> {
    pub(crate) env: &'a Env<'a>,
    pub(crate) safe: bool,
    pub(crate) max_depth: usize,
}

fn as_array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        other => vec![other],
    }
}

fn is_value_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@value"))
}

fn is_list_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@list"))
}

fn is_graph_object(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.contains_key("@graph")
            && m.keys()
                .all(|k| matches!(k.as_str(), "@graph" | "@id" | "@index" | "@context"))
    })
}

/// Appends `value` (flattening arrays) to the array at `map[key]`; the key is copied only
/// when the member is new (pass an owned `String` to move it in).
fn add_value<K: AsRef<str> + Into<String>>(map: &mut Map<String, Value>, key: K, value: Value) {
    let Some(entry) = map.get_mut(key.as_ref()) else {
        let list = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        map.insert(key.into(), Value::Array(list));
        return;
    };
    if !entry.is_array() {
        let old = std::mem::take(entry);
        *entry = Value::Array(vec![old]);
    }
    if let Value::Array(list) = entry {
        match value {
            Value::Array(items) => list.extend(items),
            other => list.push(other),
        }
    }
}

/// Whether `tag` is a well-formed BCP 47 language tag (syntax only, RFC 5646 shape).
pub(crate) fn is_well_formed_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(first) = parts.next() else { return false };
    let first_ok = (1..=8).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic());
    first_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl Expander<'_> {
    fn violation(&self, violation: V, path: &Path<'_>, detail: impl Into<String>) -> Result<(), Error> {
        if self.safe {
            return Err(Error::Unsafe {
                violation,
                path: path.to_string(),
                detail: detail.into(),
            });
        }
        Ok(())
    }

    /// Checks an IRI produced for `@id` (node or value): must be absolute or a blank node.
    fn check_id(&self, iri: &str, path: &Path<'_>) -> Result<(), Error> {
        if self.safe && !is_well_formed(iri) && !is_blank(iri) {
            // "https ://x" has a colon but is no IRI; "#key-1" is a relative reference.
            let violation = if iri.contains(':') {
                V::InvalidIri
            } else {
                V::RelativeIri
            };
            self.violation(violation, path, format!("{iri:?}"))?;
        }
        Ok(())
    }

    /// Refuse to go deeper than the configured nesting limit (checked before recursing, so a
    /// deep document is an error, not a stack overflow).
    fn check_depth(&self, path: &Path<'_>) -> Result<(), Error> {
        if path.depth() > self.max_depth {
            return Err(Error::TooDeep {
                limit: self.max_depth,
                path: path.to_string(),
            });
        }
        Ok(())
    }

    /// The Expansion Algorithm for a top-level object read through a view (no active property,
    /// no property-scoped context): what [`Expander::expand`] does for a `Value::Object`.
    pub(crate) fn expand_view(
        &self,
        active: &Arc<Context>,
        view: ObjectView<'_>,
        base_url: Option<&str>,
        path: &Path<'_>,
    ) -> Result<Option<Value>, Error> {
        self.check_depth(path)?;
        self.expand_object(active, None, view, base_url, false, None, path)
    }

    /// The Expansion Algorithm.
    #[allow(clippy::too_many_lines)]
    pub(crate) fn expand(
        &self,
        active: &Arc<Context>,
        active_property: Option<&str>,
        element: &Value,
        base_url: Option<&str>,
        from_map: bool,
        path: &Path<'_>,
    ) -> Result<Option<Value>, Error> {
        self.check_depth(path)?;
        let property_def = active_property.and_then(|p| active.term(p));
        let property_scoped = property_def.and_then(|d| d.context.clone().map(|c| (c, d.base_url.clone())));
        match element {
            Value::Null => Ok(None),
            Value::Array(items) => {
                let is_list = property_def.is_some_and(|d| d.container & container::LIST != 0);
                let mut result = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let expanded = self.expand(active, active_property, item, base_url, from_map, &path.index(i))?;
                    match expanded {
                        Some(Value::Array(inner)) if is_list => {
                            let mut m = Map::new();
                            m.insert("@list".to_owned(), Value::Array(inner));
                            result.push(Value::Object(m));
                        }
                        Some(Value::Array(inner)) => result.extend(inner),
                        Some(v) => result.push(v),
                        None => {}
                    }
                }
                Ok(Some(Value::Array(result)))
            }
            Value::Object(map) => self.expand_object(
                active,
                active_property,
                ObjectView::plain(map),
                base_url,
                from_map,
                property_scoped,
                path,
            ),
            scalar => {
                if active_property.is_none() || active_property == Some("@graph") {
                    self.violation(V::FreeFloatingValue, path, scalar.to_string())?;
                    return Ok(None);
                }
                let active = match &property_scoped {
                    Some((ctx, base)) => {
                        let flags = ProcessFlags {
                            override_protected: true,
                            ..ProcessFlags::DEFAULT
                        };
                        self.env.apply_scoped(active, ctx, base.as_deref(), flags, path)?
                    }
                    None => active.clone(),
                };
                self.expand_value(&active, active_property, scalar, path).map(Some)
            }
        }
    }

    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    fn expand_object(
        &self,
        active: &Arc<Context>,
        active_property: Option<&str>,
        map: ObjectView<'_>,
        base_url: Option<&str>,
        from_map: bool,
        property_scoped: Option<(Arc<Value>, Option<String>)>,
        path: &Path<'_>,
    ) -> Result<Option<Value>, Error> {
        let mut active = active.clone();
        // Step 7: revert a type-scoped (non-propagated) context for new node objects.
        if let Some(previous) = active.previous.clone() {
            if !from_map {
                let mut has_value = false;
                let mut only_id = map.len() == 1;
                for key in map.keys() {
                    let e = expand_iri(&active, key, false, true);
                    match e.as_deref() {
                        Some("@value") => has_value = true,
                        Some("@id") => {}
                        _ => only_id = false,
                    }
                }
                if !has_value && !only_id {
                    active = previous;
                }
            }
        }
        if let Some((ctx, base)) = property_scoped {
            let flags = ProcessFlags {
                override_protected: true,
                ..ProcessFlags::DEFAULT
            };
            active = self.env.apply_scoped(&active, &ctx, base.as_deref(), flags, path)?;
        }
        if let Some(local) = map.get("@context") {
            active = self.env.apply_local(&active, local, base_url, &path.key("@context"))?;
        }
        let type_scoped = active.clone();
        // Step 11: type-scoped contexts, in lexicographic order of keys and of type values.
        let mut keys: Vec<&str> = map.keys().collect();
        keys.sort_unstable();
        let mut input_type: Option<String> = None;
        let mut first_type_key = true;
        for key in &keys {
            if expand_iri(&active, key, false, true).as_deref() != Some("@type") {
                continue;
            }
            let Some(value) = map.get(key) else { continue };
            let mut terms: Vec<&str> = match value {
                Value::String(s) => vec![s.as_str()],
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            terms.sort_unstable();
            for term in &terms {
                if let Some(def) = type_scoped.term(term) {
                    if let Some(ctx) = &def.context {
                        let flags = ProcessFlags {
                            propagate: false,
                            ..ProcessFlags::DEFAULT
                        };
                        let kpath = path.key(key);
                        active = self
                            .env
                            .apply_scoped(&active, ctx, def.base_url.as_deref(), flags, &kpath)?;
                    }
                }
            }
            if first_type_key {
                first_type_key = false;
                if let Some(last) = terms.last() {
                    input_type = expand_iri(&active, last, false, true).map(std::borrow::Cow::into_owned);
                }
            }
        }
        let mut result = Map::new();
        self.expand_entries(
            &active,
            &type_scoped,
            active_property,
            map,
            base_url,
            input_type.as_deref(),
            &mut result,
            path,
        )?;

        // Step 15 onwards: post-processing.
        if let Some(value) = result.get("@value") {
            for key in result.keys() {
                if !matches!(key.as_str(), "@direction" | "@index" | "@language" | "@type" | "@value") {
                    return Err(err(
                        C::InvalidValueObject,
                        path,
                        format!("a value object cannot have {key}"),
                    ));
                }
            }
            if result.contains_key("@type") && (result.contains_key("@language") || result.contains_key("@direction")) {
                return Err(err(
                    C::InvalidValueObject,
                    path,
                    "a value object cannot have both @type and @language/@direction",
                ));
            }
            let type_ = result.get("@type");
            if type_.and_then(Value::as_str) == Some("@json") {
                // Any JSON value is allowed.
            } else if value.is_null() || value.as_array().is_some_and(Vec::is_empty) {
                return Ok(None);
            } else if !value.is_string() && result.contains_key("@language") {
                return Err(err(
                    C::InvalidLanguageTaggedValue,
                    path,
                    "@language is only allowed on strings",
                ));
            } else if let Some(t) = type_ {
                let ok = t.as_str().is_some_and(is_absolute);
                if !ok {
                    if t.is_string() {
                        self.violation(V::RelativeIri, &path.key("@type"), t.to_string())?;
                    }
                    return Err(err(
                        C::InvalidTypedValue,
                        path,
                        format!("the datatype {t} is not an IRI"),
                    ));
                }
            }
        } else if let Some(t) = result.get_mut("@type") {
            if !t.is_array() {
                let old = std::mem::take(t);
                *t = Value::Array(vec![old]);
            }
        } else if result.contains_key("@set") || result.contains_key("@list") {
            let others = result
                .keys()
                .filter(|k| !matches!(k.as_str(), "@set" | "@list" | "@index"))
                .count();
            if others > 0 || (result.contains_key("@set") && result.contains_key("@list")) {
                return Err(err(
                    C::InvalidSetOrListObject,
                    path,
                    "@set/@list objects may only have @index besides",
                ));
            }
            if let Some(set) = result.remove("@set") {
                return Ok(Some(set));
            }
        }
        if result.len() == 1 && result.contains_key("@language") {
            return Ok(None);
        }
        if active_property.is_none() || active_property == Some("@graph") {
            if result.is_empty() {
                self.violation(V::EmptyObject, path, "{}")?;
                return Ok(None);
            }
            if result.contains_key("@value") || result.contains_key("@list") {
                self.violation(V::FreeFloatingValue, path, "a value or list outside any node")?;
                return Ok(None);
            }
            if result.len() == 1 && result.contains_key("@id") {
                // A free-floating node reference carries no statement; JSON-LD drops it.
                return Ok(None);
            }
        }
        Ok(Some(Value::Object(result)))
    }

    /// Steps 13 and 14: expand each entry of `element` into `result`.
    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    fn expand_entries(
        &self,
        active: &Arc<Context>,
        type_scoped: &Arc<Context>,
        active_property: Option<&str>,
        element: ObjectView<'_>,
        base_url: Option<&str>,
        input_type: Option<&str>,
        result: &mut Map<String, Value>,
        path: &Path<'_>,
    ) -> Result<(), Error> {
        let mut nests: Vec<&str> = Vec::new();
        let mut keys: Vec<&str> = element.keys().collect();
        keys.sort_unstable();
        for key in keys {
            let Some(value) = element.get(key) else {
                continue;
            };
            let kpath = path.key(key);
            if key == "@context" {
                continue;
            }
            let Some(expanded_property) = expand_iri(active, key, false, true).map(std::borrow::Cow::into_owned) else {
                if has_keyword_form(key) {
                    self.violation(V::ReservedKeyword, &kpath, key.to_owned())?;
                } else {
                    self.violation(V::UndefinedTerm, &kpath, format!("term `{key}`"))?;
                }
                continue;
            };
            if !expanded_property.contains(':') && !is_keyword(&expanded_property) {
                self.violation(V::UndefinedTerm, &kpath, format!("term `{key}`"))?;
                continue;
            }
            if is_keyword(&expanded_property) {
                let ep = expanded_property.as_str();
                if active_property == Some("@reverse") {
                    return Err(err(
                        C::InvalidReversePropertyMap,
                        &kpath,
                        "keywords are not allowed in a @reverse map",
                    ));
                }
                if result.contains_key(ep) && !matches!(ep, "@included" | "@type") {
                    return Err(err(
                        C::CollidingKeywords,
                        &kpath,
                        format!("{ep} is given more than once"),
                    ));
                }
                let expanded_value: Value = match ep {
                    "@id" => {
                        let s = value
                            .as_str()
                            .ok_or_else(|| err(C::InvalidIdValue, &kpath, "@id must be a string"))?;
                        match expand_iri(active, s, true, false) {
                            Some(iri) => {
                                self.check_id(&iri, &kpath)?;
                                Value::String(iri.into_owned())
                            }
                            None => {
                                self.violation(V::InvalidIri, &kpath, s.to_owned())?;
                                Value::Null
                            }
                        }
                    }
                    "@type" => {
                        let items: Vec<&Value> = match value {
                            Value::Array(items) => items.iter().collect(),
                            other => vec![other],
                        };
                        let mut types = Vec::with_capacity(items.len());
                        for (i, item) in items.into_iter().enumerate() {
                            let ipath = if value.is_array() { kpath.index(i) } else { kpath };
                            let s = item
                                .as_str()
                                .ok_or_else(|| err(C::InvalidTypeValue, &ipath, "@type values must be strings"))?;
                            match expand_iri(type_scoped, s, true, true) {
                                Some(t) => {
                                    if self.safe && !is_well_formed(&t) && !is_blank(&t) && !is_keyword(&t) {
                                        self.violation(V::UndefinedType, &ipath, format!("type `{s}`"))?;
                                    }
                                    types.push(Value::String(t.into_owned()));
                                }
                                None => self.violation(V::UndefinedType, &ipath, format!("type `{s}`"))?,
                            }
                        }
                        let new = if value.is_array() || types.len() != 1 {
                            Value::Array(types)
                        } else {
                            types.pop().unwrap_or(Value::Null)
                        };
                        if let Some(existing) = result.remove("@type") {
                            let mut all = as_array(existing);
                            all.extend(as_array(new));
                            Value::Array(all)
                        } else {
                            new
                        }
                    }
                    "@graph" => {
                        let v = self.expand(active, Some("@graph"), value, base_url, false, &kpath)?;
                        Value::Array(v.map(as_array).unwrap_or_default())
                    }
                    "@included" => {
                        let raw: &[Value] = match value {
                            Value::Array(items) => items,
                            other => std::slice::from_ref(other),
                        };
                        for item in raw {
                            let node = item.as_object().is_some_and(|m| {
                                m.keys().all(|k| {
                                    !matches!(expand_iri(active, k, false, true).as_deref(), Some("@value" | "@list"))
                                })
                            });
                            if !node {
                                return Err(err(
                                    C::InvalidIncludedValue,
                                    &kpath,
                                    "@included values must be node objects",
                                ));
                            }
                        }
                        let v = self.expand(active, active_property, value, base_url, false, &kpath)?;
                        let items = v.map(as_array).unwrap_or_default();
                        for item in &items {
                            let node = item
                                .as_object()
                                .is_some_and(|m| !m.contains_key("@value") && !m.contains_key("@list"));
                            if !node {
                                return Err(err(
                                    C::InvalidIncludedValue,
                                    &kpath,
                                    "@included values must be node objects",
                                ));
                            }
                        }
                        let mut all = result.remove("@included").map(as_array).unwrap_or_default();
                        all.extend(items);
                        Value::Array(all)
                    }
                    "@value" => {
                        let scalar_or_null = !(value.is_object() || value.is_array());
                        if input_type == Some("@json") || scalar_or_null {
                            value.clone()
                        } else {
                            return Err(err(
                                C::InvalidValueObjectValue,
                                &kpath,
                                "@value must be a scalar or null",
                            ));
                        }
                    }
                    "@language" => {
                        let s = value
                            .as_str()
                            .ok_or_else(|| err(C::InvalidLanguageTaggedString, &kpath, "@language must be a string"))?;
                        if !is_well_formed_language(s) {
                            self.violation(V::InvalidLanguageTag, &kpath, format!("{s:?}"))?;
                        }
                        Value::String(s.to_owned())
                    }
                    "@direction" => match value.as_str() {
                        Some("ltr" | "rtl") => {
                            self.violation(V::DirectionDropped, &kpath, value.to_string())?;
                            value.clone()
                        }
                        _ => {
                            return Err(err(
                                C::InvalidBaseDirection,
                                &kpath,
                                "@direction must be \"ltr\" or \"rtl\"",
                            ));
                        }
                    },
                    "@index" => {
                        if !value.is_string() {
                            return Err(err(C::InvalidIndexValue, &kpath, "@index must be a string"));
                        }
                        value.clone()
                    }
                    "@list" => {
                        if active_property.is_none() || active_property == Some("@graph") {
                            self.violation(V::FreeFloatingValue, &kpath, "a list outside any node")?;
                            continue;
                        }
                        let v = self.expand(active, active_property, value, base_url, false, &kpath)?;
                        Value::Array(v.map(as_array).unwrap_or_default())
                    }
                    "@set" => self
                        .expand(active, active_property, value, base_url, false, &kpath)?
                        .unwrap_or(Value::Null),
                    "@reverse" => {
                        if !value.is_object() {
                            return Err(err(C::InvalidReverseValue, &kpath, "@reverse must be an object"));
                        }
                        let expanded = self.expand(active, Some("@reverse"), value, base_url, false, &kpath)?;
                        if let Some(Value::Object(mut emap)) = expanded {
                            if let Some(Value::Object(double)) = emap.remove("@reverse") {
                                for (prop, items) in double {
                                    add_value(result, prop, items);
                                }
                            }
                            if !emap.is_empty() {
                                let mut reverse_map = match result.remove("@reverse") {
                                    Some(Value::Object(m)) => m,
                                    _ => Map::new(),
                                };
                                for (prop, items) in emap {
                                    for item in as_array(items) {
                                        if is_value_object(&item) || is_list_object(&item) {
                                            return Err(err(
                                                C::InvalidReversePropertyValue,
                                                &kpath,
                                                format!("{prop} has a value or list"),
                                            ));
                                        }
                                        add_value(&mut reverse_map, &prop, Value::Array(vec![item]));
                                    }
                                }
                                result.insert("@reverse".to_owned(), Value::Object(reverse_map));
                            }
                        }
                        continue;
                    }
                    "@nest" => {
                        nests.push(key);
                        continue;
                    }
                    _ => {
                        // @context handled above; @base/@vocab/... are not node keys.
                        continue;
                    }
                };
                result.insert(expanded_property, expanded_value);
                continue;
            }

            let def = active.term(key);
            let container_flags = def.map_or(0, |d| d.container);
            let mut expanded: Option<Value>;
            if def.and_then(|d| d.type_mapping.as_deref()) == Some("@json") {
                let mut m = Map::new();
                m.insert("@value".to_owned(), value.clone());
                m.insert("@type".to_owned(), Value::String("@json".to_owned()));
                expanded = Some(Value::Object(m));
            } else if container_flags & container::LANGUAGE != 0 && value.is_object() {
                expanded =
                    Some(self.expand_language_map(active, def.and_then(|d| d.direction.clone()), value, &kpath)?);
            } else if container_flags & (container::INDEX | container::TYPE | container::ID) != 0 && value.is_object() {
                expanded = Some(self.expand_index_map(active, key, container_flags, value, base_url, &kpath)?);
            } else {
                expanded = self.expand(active, Some(key), value, base_url, false, &kpath)?;
            }
            let Some(mut ev) = expanded.take() else { continue };
            if container_flags & container::LIST != 0 && !is_list_object(&ev) {
                let mut m = Map::new();
                m.insert("@list".to_owned(), Value::Array(as_array(ev)));
                ev = Value::Object(m);
            }
            if container_flags & container::GRAPH != 0
                && container_flags & container::ID == 0
                && container_flags & container::INDEX == 0
            {
                let items = as_array(ev)
                    .into_iter()
                    .map(|item| {
                        let mut m = Map::new();
                        m.insert("@graph".to_owned(), Value::Array(as_array(item)));
                        Value::Object(m)
                    })
                    .collect();
                ev = Value::Array(items);
            }
            // Safe mode: a predicate RDF cannot hold (the RDF conversion trusts this check).
            if self.safe {
                if is_blank(&expanded_property) {
                    self.violation(
                        V::BlankNodePredicate,
                        &kpath,
                        format!("term `{key}` → {expanded_property}"),
                    )?;
                } else if !is_well_formed(&expanded_property) {
                    self.violation(V::UndefinedTerm, &kpath, format!("term `{key}` → {expanded_property}"))?;
                }
            }
            if def.is_some_and(|d| d.reverse) {
                let reverse_map = result
                    .entry("@reverse".to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(reverse_map) = reverse_map {
                    for item in as_array(ev) {
                        if is_value_object(&item) || is_list_object(&item) {
                            return Err(err(
                                C::InvalidReversePropertyValue,
                                &kpath,
                                "a reverse property cannot have values or lists",
                            ));
                        }
                        add_value(reverse_map, &expanded_property, Value::Array(vec![item]));
                    }
                }
            } else {
                add_value(result, expanded_property, Value::Array(as_array(ev)));
            }
        }
        nests.sort_unstable();
        for nesting_key in nests {
            let npath = path.key(nesting_key);
            let Some(nested) = element.get(nesting_key) else {
                continue;
            };
            let items: Vec<&Value> = match nested {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for (i, item) in items.into_iter().enumerate() {
                let ipath = if nested.is_array() { npath.index(i) } else { npath };
                let Some(nmap) = item.as_object() else {
                    return Err(err(C::InvalidNestValue, &ipath, "@nest values must be objects"));
                };
                if nmap
                    .keys()
                    .any(|k| expand_iri(active, k, false, true).as_deref() == Some("@value"))
                {
                    return Err(err(C::InvalidNestValue, &ipath, "@nest values cannot be value objects"));
                }
                // A @nest alias may carry a property-scoped context for what it nests.
                let nest_active = match active
                    .term(nesting_key)
                    .and_then(|d| d.context.clone().map(|c| (c, d.base_url.clone())))
                {
                    Some((ctx, base)) => {
                        let flags = ProcessFlags {
                            override_protected: true,
                            ..ProcessFlags::DEFAULT
                        };
                        self.env.apply_scoped(active, &ctx, base.as_deref(), flags, &ipath)?
                    }
                    None => active.clone(),
                };
                self.expand_entries(
                    &nest_active,
                    type_scoped,
                    active_property,
                    ObjectView::plain(nmap),
                    base_url,
                    input_type,
                    result,
                    &ipath,
                )?;
            }
        }
        Ok(())
    }

    fn expand_language_map(
        &self,
        active: &Arc<Context>,
        term_direction: Option<Option<String>>,
        value: &Value,
        path: &Path<'_>,
    ) -> Result<Value, Error> {
        let mut out = Vec::new();
        let direction = match term_direction {
            Some(d) => d,
            None => active.direction.clone(),
        };
        let Some(map) = value.as_object() else {
            return Ok(Value::Array(out));
        };
        let mut langs: Vec<&String> = map.keys().collect();
        langs.sort_unstable();
        for language in langs {
            let lpath = path.key(language);
            let Some(lv) = map.get(language.as_str()) else { continue };
            let items: Vec<&Value> = match lv {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                match item {
                    Value::Null => {}
                    Value::String(s) => {
                        let mut v = Map::new();
                        v.insert("@value".to_owned(), Value::String(s.clone()));
                        if expand_iri(active, language, false, true).as_deref() != Some("@none") {
                            if !is_well_formed_language(language) {
                                self.violation(V::InvalidLanguageTag, &lpath, format!("{language:?}"))?;
                            }
                            v.insert("@language".to_owned(), Value::String(language.clone()));
                        }
                        if let Some(d) = &direction {
                            self.violation(V::DirectionDropped, &lpath, format!("{d:?} from the context"))?;
                            v.insert("@direction".to_owned(), Value::String(d.clone()));
                        }
                        out.push(Value::Object(v));
                    }
                    _ => {
                        return Err(err(
                            C::InvalidLanguageMapValue,
                            &lpath,
                            "language map values must be strings",
                        ));
                    }
                }
            }
        }
        Ok(Value::Array(out))
    }

    #[allow(clippy::too_many_lines)]
    fn expand_index_map(
        &self,
        active: &Arc<Context>,
        key: &str,
        flags: u8,
        value: &Value,
        base_url: Option<&str>,
        path: &Path<'_>,
    ) -> Result<Value, Error> {
        let mut out = Vec::new();
        let Some(map) = value.as_object() else {
            return Ok(Value::Array(out));
        };
        let index_key = active
            .term(key)
            .and_then(|d| d.index.clone())
            .unwrap_or_else(|| "@index".to_owned());
        let mut indexes: Vec<&String> = map.keys().collect();
        indexes.sort_unstable();
        for index in indexes {
            let ipath = path.key(index);
            let Some(index_value) = map.get(index.as_str()) else {
                continue;
            };
            let mut map_context = active.clone();
            if flags & (container::ID | container::TYPE) != 0 {
                if let Some(prev) = &active.previous {
                    map_context = prev.clone();
                }
            }
            if flags & container::TYPE != 0 {
                if let Some(def) = map_context.term(index) {
                    if let Some(ctx) = def.context.clone() {
                        let base = def.base_url.clone();
                        map_context = self.env.apply_scoped(
                            &map_context,
                            &ctx,
                            base.as_deref(),
                            ProcessFlags::DEFAULT,
                            &ipath,
                        )?;
                    }
                }
            }
            let expanded_index = expand_iri(active, index, false, true);
            let wrapped = match index_value {
                Value::Array(_) => index_value.clone(),
                other => Value::Array(vec![other.clone()]),
            };
            let items = self
                .expand(&map_context, Some(key), &wrapped, base_url, true, &ipath)?
                .map(as_array)
                .unwrap_or_default();
            let none = expanded_index.as_deref() == Some("@none");
            for mut item in items {
                if flags & container::GRAPH != 0 && !is_graph_object(&item) {
                    let mut m = Map::new();
                    m.insert("@graph".to_owned(), Value::Array(as_array(item)));
                    item = Value::Object(m);
                }
                if let Value::Object(m) = &mut item {
                    if flags & container::INDEX != 0 && index_key != "@index" && !none {
                        let re_expanded =
                            self.expand_value(active, Some(&index_key), &Value::String(index.clone()), &ipath)?;
                        let Some(prop) = expand_iri(active, &index_key, false, true).map(std::borrow::Cow::into_owned)
                        else {
                            continue;
                        };
                        if m.contains_key("@value") {
                            return Err(err(
                                C::InvalidValueObject,
                                &ipath,
                                "a property-valued index cannot apply to a value object",
                            ));
                        }
                        let mut values = vec![re_expanded];
                        if let Some(existing) = m.remove(&prop) {
                            values.extend(as_array(existing));
                        }
                        m.insert(prop, Value::Array(values));
                    } else if flags & container::INDEX != 0 && !m.contains_key("@index") && !none {
                        m.insert("@index".to_owned(), Value::String(index.clone()));
                    } else if flags & container::ID != 0 && !m.contains_key("@id") && !none {
                        let id = expand_iri(active, index, true, false).unwrap_or_default();
                        self.check_id(&id, &ipath)?;
                        m.insert("@id".to_owned(), Value::String(id.into_owned()));
                    } else if flags & container::TYPE != 0 && !none {
                        if let Some(t) = expanded_index.as_deref() {
                            if self.safe && !is_well_formed(t) && !is_blank(t) {
                                self.violation(V::UndefinedType, &ipath, format!("type `{index}`"))?;
                            }
                        }
                        let mut types = vec![Value::String(
                            expanded_index
                                .clone()
                                .map(std::borrow::Cow::into_owned)
                                .unwrap_or_default(),
                        )];
                        if let Some(existing) = m.remove("@type") {
                            types.extend(as_array(existing));
                        }
                        m.insert("@type".to_owned(), Value::Array(types));
                    }
                }
                out.push(item);
            }
        }
        Ok(Value::Array(out))
    }

    /// Value Expansion (JSON-LD 1.1 API 5.3.2).
    pub(crate) fn expand_value(
        &self,
        active: &Context,
        active_property: Option<&str>,
        value: &Value,
        path: &Path<'_>,
    ) -> Result<Value, Error> {
        let def = active_property.and_then(|p| active.term(p));
        let type_mapping = def.and_then(|d| d.type_mapping.as_deref());
        if let Value::String(s) = value {
            let id = match type_mapping {
                Some("@id") => Some(expand_iri(active, s, true, false)),
                Some("@vocab") => Some(expand_iri(active, s, true, true)),
                _ => None,
            };
            if let Some(id) = id {
                let mut m = Map::new();
                match id {
                    Some(iri) => {
                        self.check_id(&iri, path)?;
                        m.insert("@id".to_owned(), Value::String(iri.into_owned()));
                    }
                    None => {
                        self.violation(V::InvalidIri, path, s.clone())?;
                        m.insert("@id".to_owned(), Value::Null);
                    }
                }
                return Ok(Value::Object(m));
            }
        }
        let mut m = Map::new();
        m.insert("@value".to_owned(), value.clone());
        match type_mapping {
            Some(t) if !matches!(t, "@id" | "@vocab" | "@none") => {
                m.insert("@type".to_owned(), Value::String(t.to_owned()));
            }
            _ => {
                if value.is_string() {
                    let language = match def.and_then(|d| d.language.clone()) {
                        Some(l) => l,
                        None => active.language.clone(),
                    };
                    let direction = match def.and_then(|d| d.direction.clone()) {
                        Some(d) => d,
                        None => active.direction.clone(),
                    };
                    if let Some(l) = language {
                        if !is_well_formed_language(&l) {
                            self.violation(V::InvalidLanguageTag, path, format!("{l:?}"))?;
                        }
                        m.insert("@language".to_owned(), Value::String(l));
                    }
                    if let Some(d) = direction {
                        self.violation(V::DirectionDropped, path, format!("{d:?} from the context"))?;
                        m.insert("@direction".to_owned(), Value::String(d));
                    }
                }
            }
        }
        Ok(Value::Object(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert!(is_well_formed_language("en"));
        assert!(is_well_formed_language("en-GB"));
        assert!(is_well_formed_language("zh-Hant-TW"));
        assert!(!is_well_formed_language("en_GB"));
        assert!(!is_well_formed_language(""));
        assert!(!is_well_formed_language("toolongtag1"));
    }
}
