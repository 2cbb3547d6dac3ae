//! Active contexts, term definitions and the JSON-LD 1.1 context processing algorithms
//! (JSON-LD 1.1 API sections 4.1, 4.2 and 5.2), with a cache of processed contexts.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

use super::iri::{has_keyword_form, is_absolute, is_blank, is_gen_delim, is_keyword, resolve};
use crate::error::{Error, JsonLdErrorCode as C, Path};
use crate::hash::FastMap;
use crate::store::ContextStore;

/// Container mapping flags.
pub(crate) mod container {
    pub(crate) const LIST: u8 = 1;
    pub(crate) const SET: u8 = 2;
    pub(crate) const INDEX: u8 = 4;
    pub(crate) const LANGUAGE: u8 = 8;
    pub(crate) const GRAPH: u8 = 16;
    pub(crate) const ID: u8 = 32;
    pub(crate) const TYPE: u8 = 64;
}

/// A term definition.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermDef {
    /// IRI mapping (`None` for a term explicitly mapped to `null`).
    pub(crate) iri: Option<String>,
    pub(crate) prefix: bool,
    pub(crate) protected: bool,
    pub(crate) reverse: bool,
    pub(crate) base_url: Option<String>,
    pub(crate) context: Option<Arc<Value>>,
    pub(crate) container: u8,
    /// `Some(None)` when explicitly `null`.
    pub(crate) direction: Option<Option<String>>,
    pub(crate) index: Option<String>,
    /// `Some(None)` when explicitly `null`.
    pub(crate) language: Option<Option<String>>,
    pub(crate) nest: Option<String>,
    pub(crate) type_mapping: Option<String>,
}

impl TermDef {
    /// Equality as used by the protected-term check: everything except `protected`.
    fn same_as(&self, other: &TermDef) -> bool {
        self.iri == other.iri
            && self.prefix == other.prefix
            && self.reverse == other.reverse
            && self.container == other.container
            && self.direction == other.direction
            && self.index == other.index
            && self.language == other.language
            && self.nest == other.nest
            && self.type_mapping == other.type_mapping
            && match (&self.context, &other.context) {
                (None, None) => true,
                (Some(a), Some(b)) => a == b,
                _ => false,
            }
    }
}

/// An active context. Cheap to clone (the term map is shared until changed).
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    pub(crate) terms: Arc<FastMap<String, Arc<TermDef>>>,
    pub(crate) base: Option<String>,
    pub(crate) original_base: Option<String>,
    pub(crate) vocab: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) direction: Option<String>,
    pub(crate) previous: Option<Arc<Context>>,
    /// Set when this context lives in the processor's cache (stable identity).
    pub(crate) cache_id: Option<u64>,
}

impl Context {
    pub(crate) fn initial(base: Option<String>, cache_id: Option<u64>) -> Self {
        Context {
            base: base.clone(),
            original_base: base,
            cache_id,
            ..Context::default()
        }
    }

    pub(crate) fn term(&self, term: &str) -> Option<&TermDef> {
        self.terms.get(term).map(|t| &**t)
    }

    fn has_protected(&self) -> bool {
        self.terms.values().any(|t| t.protected)
    }
}

/// A scoped context compared by identity (the key keeps it alive).
#[derive(Debug, Clone)]
struct ByPtr(Arc<Value>);

impl PartialEq for ByPtr {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
impl Eq for ByPtr {}
impl Hash for ByPtr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(Arc::as_ptr(&self.0), state);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum CacheKey {
    Remote {
        parent: u64,
        url: String,
    },
    Scoped {
        parent: u64,
        context: ByPtr,
        base: Option<String>,
        override_protected: bool,
        propagate: bool,
    },
}

/// Upper bound on cached processed contexts (a document cannot make the cache grow without
/// bound by naming many context combinations).
const CACHE_CAPACITY: usize = 2048;

/// Processed contexts shared by all calls of one processor.
#[derive(Debug, Default)]
pub(crate) struct ContextCache {
    next_id: u64,
    entries: HashMap<CacheKey, Arc<Context>>,
}

impl ContextCache {
    pub(crate) fn new() -> Self {
        // Id 0 is the initial context without a base IRI.
        ContextCache {
            next_id: 1,
            entries: HashMap::new(),
        }
    }
}

/// What context processing needs from the processor.
pub(crate) struct Env<'a> {
    pub(crate) store: &'a ContextStore,
    pub(crate) cache: &'a Mutex<ContextCache>,
}

/// Maximum nesting of remote contexts.
const MAX_REMOTE_CONTEXTS: usize = 32;

fn err(code: C, path: &Path<'_>, detail: impl Into<String>) -> Error {
    Error::JsonLd {
        code,
        path: path.to_string(),
        detail: detail.into(),
    }
}

/// Options of one run of the context processing algorithm.
#[derive(Clone, Copy)]
pub(crate) struct ProcessFlags {
    pub(crate) override_protected: bool,
    pub(crate) propagate: bool,
    pub(crate) validate_scoped: bool,
}

impl ProcessFlags {
    pub(crate) const DEFAULT: ProcessFlags = ProcessFlags {
        override_protected: false,
        propagate: true,
        validate_scoped: true,
    };
}

impl Env<'_> {
    fn cache_get(&self, key: &CacheKey) -> Option<Arc<Context>> {
        self.cache.lock().ok()?.entries.get(key).cloned()
    }

    fn cache_put(&self, key: CacheKey, mut ctx: Context) -> Arc<Context> {
        let Ok(mut cache) = self.cache.lock() else {
            return Arc::new(ctx);
        };
        if let Some(existing) = cache.entries.get(&key) {
            return existing.clone();
        }
        if cache.entries.len() >= CACHE_CAPACITY {
            return Arc::new(ctx);
        }
        ctx.cache_id = Some(cache.next_id);
        cache.next_id += 1;
        let ctx = Arc::new(ctx);
        cache.entries.insert(key, ctx.clone());
        ctx
    }

    /// Applies a scoped context (from a term definition) to `active`, through the cache.
    pub(crate) fn apply_scoped(
        &self,
        active: &Arc<Context>,
        scoped: &Arc<Value>,
        base_url: Option<&str>,
        flags: ProcessFlags,
        path: &Path<'_>,
    ) -> Result<Arc<Context>, Error> {
        let key = active.cache_id.map(|parent| CacheKey::Scoped {
            parent,
            context: ByPtr(scoped.clone()),
            base: base_url.map(str::to_owned),
            override_protected: flags.override_protected,
            propagate: flags.propagate,
        });
        if let Some(hit) = key.as_ref().and_then(|k| self.cache_get(k)) {
            return Ok(hit);
        }
        let result = self.process(active, scoped, base_url, &mut Vec::new(), flags, path)?;
        Ok(match key {
            Some(key) => self.cache_put(key, result),
            None => Arc::new(result),
        })
    }

    /// Applies an embedded `@context` value of the document to `active`.
    pub(crate) fn apply_local(
        &self,
        active: &Arc<Context>,
        local: &Value,
        base_url: Option<&str>,
        path: &Path<'_>,
    ) -> Result<Arc<Context>, Error> {
        // A context given only by URLs is cached per (parent, URL).
        let urls: Option<Vec<&str>> = match local {
            Value::String(s) => Some(vec![s.as_str()]),
            Value::Array(items) => items.iter().map(Value::as_str).collect(),
            _ => None,
        };
        if let (Some(urls), Some(_)) = (urls, active.cache_id) {
            let mut current = active.clone();
            for (i, url) in urls.into_iter().enumerate() {
                let item_path = if local.is_array() { path.index(i) } else { *path };
                current = self.apply_remote(&current, url, base_url, &item_path)?;
            }
            return Ok(current);
        }
        Ok(Arc::new(self.process(
            active,
            local,
            base_url,
            &mut Vec::new(),
            ProcessFlags::DEFAULT,
            path,
        )?))
    }

    fn apply_remote(
        &self,
        active: &Arc<Context>,
        url: &str,
        base_url: Option<&str>,
        path: &Path<'_>,
    ) -> Result<Arc<Context>, Error> {
        let resolved = resolve(url, base_url);
        let key = active.cache_id.map(|parent| CacheKey::Remote {
            parent,
            url: resolved.clone(),
        });
        if let Some(hit) = key.as_ref().and_then(|k| self.cache_get(k)) {
            return Ok(hit);
        }
        let value = Value::String(url.to_owned());
        let result = self.process(active, &value, base_url, &mut Vec::new(), ProcessFlags::DEFAULT, path)?;
        Ok(match key {
            Some(key) => self.cache_put(key, result),
            None => Arc::new(result),
        })
    }

    fn load(&self, url: &str, path: &Path<'_>) -> Result<Arc<Value>, Error> {
        self.store
            .get_shared(url)
            .cloned()
            .ok_or_else(|| Error::UnknownContext {
                url: url.to_owned(),
                path: path.to_string(),
            })
    }

    /// Context Processing Algorithm (JSON-LD 1.1 API 4.1.2).
    pub(crate) fn process(
        &self,
        active: &Arc<Context>,
        local: &Value,
        base_url: Option<&str>,
        remote: &mut Vec<String>,
        flags: ProcessFlags,
        path: &Path<'_>,
    ) -> Result<Context, Error> {
        let mut result: Context = (**active).clone();
        result.cache_id = None;
        let mut propagate = flags.propagate;
        if let Some(p) = local.as_object().and_then(|m| m.get("@propagate")) {
            propagate = p.as_bool().ok_or_else(|| {
                err(
                    C::InvalidPropagateValue,
                    &path.key("@propagate"),
                    "@propagate must be true or false",
                )
            })?;
        }
        if !propagate && result.previous.is_none() {
            result.previous = Some(active.clone());
        }
        let items: &[Value] = match local {
            Value::Array(items) => items,
            other => std::slice::from_ref(other),
        };
        for (i, context) in items.iter().enumerate() {
            let item_path = if local.is_array() { path.index(i) } else { *path };
            match context {
                Value::Null => {
                    if !flags.override_protected && result.has_protected() {
                        return Err(err(
                            C::InvalidContextNullification,
                            &item_path,
                            "a context with protected terms cannot be reset to null",
                        ));
                    }
                    let previous = result.previous.clone();
                    result = Context::initial(active.original_base.clone(), None);
                    if !propagate {
                        result.previous = previous.or_else(|| Some(active.clone()));
                    }
                }
                Value::String(url) => {
                    let url = resolve(url, base_url);
                    if !is_absolute(&url) {
                        return Err(err(
                            C::LoadingRemoteContextFailed,
                            &item_path,
                            format!("context reference {url:?} is not an absolute IRI"),
                        ));
                    }
                    if !flags.validate_scoped && remote.contains(&url) {
                        continue;
                    }
                    if remote.len() > MAX_REMOTE_CONTEXTS {
                        return Err(err(
                            C::ContextOverflow,
                            &item_path,
                            format!("too many nested contexts at <{url}>"),
                        ));
                    }
                    remote.push(url.clone());
                    let document = self.load(&url, &item_path)?;
                    let doc_path = Path::Context(&url);
                    let loaded = document.as_object().and_then(|m| m.get("@context")).ok_or_else(|| {
                        err(
                            C::InvalidRemoteContext,
                            &doc_path,
                            "the document has no @context member",
                        )
                    })?;
                    let ctx_path = doc_path.key("@context");
                    let parent = Arc::new(result);
                    let flags = ProcessFlags {
                        validate_scoped: flags.validate_scoped,
                        ..ProcessFlags::DEFAULT
                    };
                    result = self.process(&parent, loaded, Some(&url), remote, flags, &ctx_path)?;
                    if !propagate && result.previous.is_none() {
                        result.previous = Some(active.clone());
                    }
                }
                Value::Object(map) => {
                    self.process_map(&mut result, map, base_url, remote, flags, &item_path)?;
                }
                _ => {
                    return Err(err(
                        C::InvalidLocalContext,
                        &item_path,
                        "a context must be null, a string or an object",
                    ));
                }
            }
        }
        Ok(result)
    }

    fn process_map(
        &self,
        result: &mut Context,
        map: &Map<String, Value>,
        base_url: Option<&str>,
        remote: &mut Vec<String>,
        flags: ProcessFlags,
        path: &Path<'_>,
    ) -> Result<(), Error> {
        if let Some(version) = map.get("@version") {
            if version.as_f64() != Some(1.1) {
                return Err(err(
                    C::InvalidVersionValue,
                    &path.key("@version"),
                    "@version must be 1.1",
                ));
            }
        }
        let imported: Map<String, Value>;
        let mut map = map;
        if let Some(import) = map.get("@import") {
            let ipath = path.key("@import");
            let url = import
                .as_str()
                .ok_or_else(|| err(C::InvalidImportValue, &ipath, "@import must be a string"))?;
            let url = resolve(url, base_url);
            let document = self.load(&url, &ipath)?;
            let import_ctx = document
                .as_object()
                .and_then(|m| m.get("@context"))
                .and_then(Value::as_object)
                .ok_or_else(|| {
                    err(
                        C::InvalidRemoteContext,
                        &ipath,
                        format!("<{url}> has no @context object"),
                    )
                })?;
            if import_ctx.contains_key("@import") {
                return Err(err(
                    C::InvalidContextEntry,
                    &ipath,
                    format!("<{url}> itself has @import"),
                ));
            }
            let mut merged = import_ctx.clone();
            for (k, v) in map {
                merged.insert(k.clone(), v.clone());
            }
            imported = merged;
            map = &imported;
        }
        if let Some(base) = map.get("@base") {
            if remote.is_empty() {
                let bpath = path.key("@base");
                match base {
                    Value::Null => result.base = None,
                    Value::String(b) if is_absolute(b) => result.base = Some(b.clone()),
                    Value::String(b) => match &result.base {
                        Some(current) => result.base = Some(resolve(b, Some(current))),
                        None => {
                            return Err(err(
                                C::InvalidBaseIri,
                                &bpath,
                                format!("relative @base {b:?} without a base IRI"),
                            ));
                        }
                    },
                    _ => return Err(err(C::InvalidBaseIri, &bpath, "@base must be a string or null")),
                }
            }
        }
        if let Some(vocab) = map.get("@vocab") {
            let vpath = path.key("@vocab");
            match vocab {
                Value::Null => result.vocab = None,
                Value::String(v) => {
                    // IRI expansion (vocab and document relative): compact IRIs, terms and
                    // relative references all resolve.
                    let expanded = if is_blank(v) {
                        Some(v.clone())
                    } else {
                        expand_iri(result, v, true, true).map(Cow::into_owned)
                    };
                    match expanded {
                        Some(e) if is_absolute(&e) || is_blank(&e) => result.vocab = Some(e),
                        _ => {
                            return Err(err(
                                C::InvalidVocabMapping,
                                &vpath,
                                format!("@vocab {v:?} is not an IRI"),
                            ));
                        }
                    }
                }
                _ => return Err(err(C::InvalidVocabMapping, &vpath, "@vocab must be a string or null")),
            }
        }
        if let Some(language) = map.get("@language") {
            match language {
                Value::Null => result.language = None,
                Value::String(l) => result.language = Some(l.clone()),
                _ => {
                    return Err(err(
                        C::InvalidDefaultLanguage,
                        &path.key("@language"),
                        "@language must be a string or null",
                    ));
                }
            }
        }
        if let Some(direction) = map.get("@direction") {
            match direction {
                Value::Null => result.direction = None,
                Value::String(d) if d == "ltr" || d == "rtl" => result.direction = Some(d.clone()),
                _ => {
                    return Err(err(
                        C::InvalidBaseDirection,
                        &path.key("@direction"),
                        "@direction must be \"ltr\", \"rtl\" or null",
                    ));
                }
            }
        }
        if let Some(p) = map.get("@propagate") {
            if !p.is_boolean() {
                return Err(err(
                    C::InvalidPropagateValue,
                    &path.key("@propagate"),
                    "@propagate must be a boolean",
                ));
            }
        }
        let protected = match map.get("@protected") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(err(
                    C::InvalidProtectedValue,
                    &path.key("@protected"),
                    "@protected must be a boolean",
                ));
            }
        };
        let mut defined: FastMap<String, bool> = FastMap::default();
        let mut creator = TermCreator {
            env: self,
            local: map,
            defined: &mut defined,
            base_url,
            protected,
            flags,
            remote,
            path,
        };
        for key in map.keys() {
            if matches!(
                key.as_str(),
                "@base" | "@direction" | "@import" | "@language" | "@propagate" | "@protected" | "@version" | "@vocab"
            ) {
                continue;
            }
            creator.create(result, key)?;
        }
        Ok(())
    }
}

struct TermCreator<'e, 'm> {
    env: &'e Env<'e>,
    local: &'m Map<String, Value>,
    defined: &'m mut FastMap<String, bool>,
    base_url: Option<&'m str>,
    protected: bool,
    flags: ProcessFlags,
    remote: &'m mut Vec<String>,
    path: &'m Path<'m>,
}

impl TermCreator<'_, '_> {
    /// IRI Expansion (5.2.2) with a local context: may define terms on the way.
    fn expand(
        &mut self,
        active: &mut Context,
        value: &str,
        doc_relative: bool,
        vocab: bool,
    ) -> Result<Option<String>, Error> {
        if is_keyword(value) {
            return Ok(Some(value.to_owned()));
        }
        if has_keyword_form(value) {
            return Ok(None);
        }
        if self.local.contains_key(value) && self.defined.get(value) != Some(&true) {
            self.create(active, value)?;
        }
        if let Some(def) = active.term(value) {
            if let Some(iri) = &def.iri {
                if is_keyword(iri) {
                    return Ok(Some(iri.clone()));
                }
            }
            if vocab {
                return Ok(def.iri.clone());
            }
        }
        if let Some(pos) = value.get(1..).and_then(|s| s.find(':')).map(|p| p + 1) {
            let (prefix, suffix) = (value.get(..pos).unwrap_or(""), value.get(pos + 1..).unwrap_or(""));
            if prefix == "_" || suffix.starts_with("//") {
                return Ok(Some(value.to_owned()));
            }
            if self.local.contains_key(prefix) && self.defined.get(prefix) != Some(&true) {
                self.create(active, prefix)?;
            }
            if let Some(def) = active.term(prefix) {
                if let (Some(iri), true) = (&def.iri, def.prefix) {
                    return Ok(Some(format!("{iri}{suffix}")));
                }
            }
            if is_absolute(value) {
                return Ok(Some(value.to_owned()));
            }
        }
        if vocab {
            if let Some(v) = &active.vocab {
                return Ok(Some(format!("{v}{value}")));
            }
        }
        if doc_relative {
            return Ok(Some(resolve(value, active.base.as_deref())));
        }
        Ok(Some(value.to_owned()))
    }

    /// Create Term Definition (JSON-LD 1.1 API 4.2.2).
    #[allow(clippy::too_many_lines)]
    fn create(&mut self, active: &mut Context, term: &str) -> Result<(), Error> {
        let path = self.path.key(term);
        match self.defined.get(term) {
            Some(true) => return Ok(()),
            Some(false) => {
                return Err(err(
                    C::CyclicIriMapping,
                    &path,
                    format!("term `{term}` is defined through itself"),
                ));
            }
            None => {}
        }
        if term.is_empty() {
            return Err(err(
                C::InvalidTermDefinition,
                &path,
                "the empty string is not a valid term",
            ));
        }
        self.defined.insert(term.to_owned(), false);
        let raw = self.local.get(term).cloned().unwrap_or(Value::Null);
        if term == "@type" {
            let ok = raw.as_object().is_some_and(|m| {
                !m.is_empty()
                    && m.iter().all(|(k, v)| match k.as_str() {
                        "@container" => v.as_str() == Some("@set"),
                        "@protected" => v.is_boolean(),
                        _ => false,
                    })
            });
            if !ok {
                return Err(err(
                    C::KeywordRedefinition,
                    &path,
                    "@type may only be given {\"@container\": \"@set\"}",
                ));
            }
        } else if is_keyword(term) {
            return Err(err(
                C::KeywordRedefinition,
                &path,
                format!("keyword {term} cannot be redefined"),
            ));
        } else if has_keyword_form(term) {
            // Reserved for future keywords: ignored.
            self.defined.insert(term.to_owned(), true);
            return Ok(());
        }
        let previous = Arc::make_mut(&mut active.terms).remove(term);
        let mut simple_term = false;
        let value: Map<String, Value> = match raw {
            Value::Null => {
                let mut m = Map::new();
                m.insert("@id".to_owned(), Value::Null);
                m
            }
            Value::String(s) => {
                simple_term = true;
                let mut m = Map::new();
                m.insert("@id".to_owned(), Value::String(s));
                m
            }
            Value::Object(m) => m,
            _ => {
                return Err(err(
                    C::InvalidTermDefinition,
                    &path,
                    "a term definition must be null, a string or an object",
                ));
            }
        };
        let mut def = TermDef {
            protected: self.protected,
            ..TermDef::default()
        };
        if let Some(p) = value.get("@protected") {
            def.protected = p.as_bool().ok_or_else(|| {
                err(
                    C::InvalidProtectedValue,
                    &path.key("@protected"),
                    "@protected must be a boolean",
                )
            })?;
        }
        if let Some(t) = value.get("@type") {
            let tpath = path.key("@type");
            let t = t
                .as_str()
                .ok_or_else(|| err(C::InvalidTypeMapping, &tpath, "@type must be a string"))?;
            let expanded = self.expand(active, t, false, true)?;
            match expanded {
                Some(e) if matches!(e.as_str(), "@id" | "@json" | "@none" | "@vocab") || is_absolute(&e) => {
                    def.type_mapping = Some(e);
                }
                _ => {
                    return Err(err(
                        C::InvalidTypeMapping,
                        &tpath,
                        format!("type mapping {t:?} is not an absolute IRI"),
                    ));
                }
            }
        }
        if let Some(r) = value.get("@reverse") {
            let rpath = path.key("@reverse");
            if value.contains_key("@id") || value.contains_key("@nest") {
                return Err(err(
                    C::InvalidReverseProperty,
                    &rpath,
                    "@reverse cannot be combined with @id or @nest",
                ));
            }
            let r = r
                .as_str()
                .ok_or_else(|| err(C::InvalidIriMapping, &rpath, "@reverse must be a string"))?;
            if has_keyword_form(r) && !is_keyword(r) {
                self.defined.insert(term.to_owned(), true);
                return Ok(());
            }
            match self.expand(active, r, false, true)? {
                Some(e) if is_absolute(&e) || is_blank(&e) => def.iri = Some(e),
                _ => {
                    return Err(err(
                        C::InvalidIriMapping,
                        &rpath,
                        format!("@reverse {r:?} is not an absolute IRI"),
                    ));
                }
            }
            if let Some(c) = value.get("@container") {
                match c {
                    Value::Null => {}
                    Value::String(s) if s == "@set" => def.container = container::SET,
                    Value::String(s) if s == "@index" => def.container = container::INDEX,
                    _ => {
                        return Err(err(
                            C::InvalidReverseProperty,
                            &path.key("@container"),
                            "a reverse property's container must be @set, @index or null",
                        ));
                    }
                }
            }
            def.reverse = true;
            // A reverse property may use a property-based index (JSON-LD 1.1 test expand/0131).
            self.index_mapping(active, &value, &mut def, &path)?;
            return self.finish(active, term, def, previous, &path);
        }
        let id = value.get("@id");
        if let Some(id) = id.filter(|id| id.as_str() != Some(term)) {
            let ipath = path.key("@id");
            match id {
                Value::Null => def.iri = None,
                Value::String(s) => {
                    if !is_keyword(s) && has_keyword_form(s) {
                        self.defined.insert(term.to_owned(), true);
                        return Ok(());
                    }
                    let expanded = self.expand(active, s, false, true)?;
                    let e = match expanded {
                        Some(e) if is_keyword(&e) || is_absolute(&e) || is_blank(&e) => e,
                        _ => {
                            return Err(err(
                                C::InvalidIriMapping,
                                &ipath,
                                format!("@id {s:?} is not an absolute IRI, blank node or keyword"),
                            ));
                        }
                    };
                    if e == "@context" {
                        return Err(err(C::InvalidKeywordAlias, &ipath, "@context cannot be aliased"));
                    }
                    let inner_colon = term
                        .get(1..term.len().saturating_sub(1))
                        .is_some_and(|s| s.contains(':'));
                    if inner_colon || term.contains('/') {
                        self.defined.insert(term.to_owned(), true);
                        let self_expanded = self.expand(active, term, false, true)?;
                        if self_expanded.as_deref() != Some(e.as_str()) {
                            return Err(err(
                                C::InvalidIriMapping,
                                &ipath,
                                format!("term {term:?} looks like an IRI but maps to a different IRI"),
                            ));
                        }
                    }
                    if !term.contains(':') && !term.contains('/') && simple_term {
                        let ends_delim = e.chars().last().is_some_and(is_gen_delim);
                        if ends_delim || is_blank(&e) {
                            def.prefix = true;
                        }
                    }
                    def.iri = Some(e);
                }
                _ => return Err(err(C::InvalidIriMapping, &ipath, "@id must be a string or null")),
            }
        } else if let Some(pos) = term.get(1..).and_then(|s| s.find(':')).map(|p| p + 1) {
            let (prefix, suffix) = (term.get(..pos).unwrap_or(""), term.get(pos + 1..).unwrap_or(""));
            if self.local.contains_key(prefix) {
                self.create(active, prefix)?;
            }
            match active.term(prefix).and_then(|d| d.iri.clone()) {
                Some(piri) => def.iri = Some(format!("{piri}{suffix}")),
                None => def.iri = Some(term.to_owned()),
            }
        } else if term.contains('/') {
            match expand_iri(active, term, false, true).map(Cow::into_owned) {
                Some(e) if is_absolute(&e) => def.iri = Some(e),
                _ => {
                    return Err(err(
                        C::InvalidIriMapping,
                        &path,
                        format!("term {term:?} is not an absolute IRI"),
                    ));
                }
            }
        } else if term == "@type" {
            def.iri = Some("@type".to_owned());
        } else if let Some(vocab) = &active.vocab {
            def.iri = Some(format!("{vocab}{term}"));
        } else {
            return Err(err(
                C::InvalidIriMapping,
                &path,
                format!("term {term:?} has no IRI mapping and there is no @vocab"),
            ));
        }
        if let Some(c) = value.get("@container") {
            let cpath = path.key("@container");
            def.container = parse_container(c)
                .ok_or_else(|| err(C::InvalidContainerMapping, &cpath, format!("invalid container {c}")))?;
            if def.container & container::TYPE != 0 {
                match def.type_mapping.as_deref() {
                    None => def.type_mapping = Some("@id".to_owned()),
                    Some("@id" | "@vocab") => {}
                    Some(_) => {
                        return Err(err(
                            C::InvalidTypeMapping,
                            &cpath,
                            "a @type container needs type mapping @id or @vocab",
                        ));
                    }
                }
            }
        }
        self.index_mapping(active, &value, &mut def, &path)?;
        if let Some(ctx) = value.get("@context") {
            let cpath = path.key("@context");
            let scoped = Arc::new(ctx.clone());
            let parent = Arc::new(active.clone());
            let flags = ProcessFlags {
                override_protected: true,
                propagate: true,
                validate_scoped: false,
            };
            let mut remote = self.remote.clone();
            self.env
                .process(&parent, &scoped, self.base_url, &mut remote, flags, &cpath)
                .map_err(|e| match e {
                    Error::UnknownContext { .. } => e,
                    other => err(C::InvalidScopedContext, &cpath, other.to_string()),
                })?;
            def.context = Some(scoped);
            def.base_url = self.base_url.map(str::to_owned);
        }
        if let Some(l) = value.get("@language").filter(|_| !value.contains_key("@type")) {
            match l {
                Value::Null => def.language = Some(None),
                Value::String(s) => def.language = Some(Some(s.clone())),
                _ => {
                    return Err(err(
                        C::InvalidLanguageMapping,
                        &path.key("@language"),
                        "@language must be a string or null",
                    ));
                }
            }
        }
        if let Some(d) = value.get("@direction").filter(|_| !value.contains_key("@type")) {
            match d {
                Value::Null => def.direction = Some(None),
                Value::String(s) if s == "ltr" || s == "rtl" => def.direction = Some(Some(s.clone())),
                _ => {
                    return Err(err(
                        C::InvalidBaseDirection,
                        &path.key("@direction"),
                        "@direction must be \"ltr\", \"rtl\" or null",
                    ));
                }
            }
        }
        if let Some(n) = value.get("@nest") {
            match n.as_str() {
                Some(s) if !is_keyword(s) || s == "@nest" => def.nest = Some(s.to_owned()),
                _ => {
                    return Err(err(
                        C::InvalidNestValue,
                        &path.key("@nest"),
                        "@nest must be a term, not a keyword",
                    ));
                }
            }
        }
        if let Some(p) = value.get("@prefix") {
            let ppath = path.key("@prefix");
            if term.contains(':') || term.contains('/') {
                return Err(err(
                    C::InvalidTermDefinition,
                    &ppath,
                    "@prefix is not allowed on compact IRIs or IRIs",
                ));
            }
            def.prefix = p
                .as_bool()
                .ok_or_else(|| err(C::InvalidPrefixValue, &ppath, "@prefix must be a boolean"))?;
            if def.prefix && def.iri.as_deref().is_some_and(is_keyword) {
                return Err(err(
                    C::InvalidTermDefinition,
                    &ppath,
                    "a keyword alias cannot be a prefix",
                ));
            }
        }
        for key in value.keys() {
            if !matches!(
                key.as_str(),
                "@id"
                    | "@reverse"
                    | "@container"
                    | "@context"
                    | "@direction"
                    | "@index"
                    | "@language"
                    | "@nest"
                    | "@prefix"
                    | "@protected"
                    | "@type"
            ) {
                return Err(err(
                    C::InvalidTermDefinition,
                    &path.key(key),
                    format!("unknown member {key} in a term definition"),
                ));
            }
        }
        self.finish(active, term, def, previous, &path)
    }

    /// The `@index` entry of a term definition (property-based index maps).
    fn index_mapping(
        &mut self,
        active: &mut Context,
        value: &Map<String, Value>,
        def: &mut TermDef,
        path: &Path<'_>,
    ) -> Result<(), Error> {
        if let Some(index) = value.get("@index") {
            let ipath = path.key("@index");
            if def.container & container::INDEX == 0 {
                return Err(err(
                    C::InvalidTermDefinition,
                    &ipath,
                    "@index needs an @index container",
                ));
            }
            let index = index
                .as_str()
                .ok_or_else(|| err(C::InvalidTermDefinition, &ipath, "@index must be a string"))?;
            match self.expand(active, index, false, true)? {
                Some(e) if is_absolute(&e) => {}
                _ => {
                    return Err(err(
                        C::InvalidTermDefinition,
                        &ipath,
                        format!("@index {index:?} is not an IRI"),
                    ));
                }
            }
            def.index = Some(index.to_owned());
        }
        Ok(())
    }

    fn finish(
        &mut self,
        active: &mut Context,
        term: &str,
        def: TermDef,
        previous: Option<Arc<TermDef>>,
        path: &Path<'_>,
    ) -> Result<(), Error> {
        let def = match previous {
            Some(prev) if !self.flags.override_protected && prev.protected => {
                if !def.same_as(&prev) {
                    return Err(Error::ProtectedTermRedefinition {
                        term: term.to_owned(),
                        path: path.to_string(),
                    });
                }
                prev
            }
            _ => Arc::new(def),
        };
        Arc::make_mut(&mut active.terms).insert(term.to_owned(), def);
        self.defined.insert(term.to_owned(), true);
        Ok(())
    }
}

fn parse_container(c: &Value) -> Option<u8> {
    use container::*;
    let flag = |s: &str| match s {
        "@list" => Some(LIST),
        "@set" => Some(SET),
        "@index" => Some(INDEX),
        "@language" => Some(LANGUAGE),
        "@graph" => Some(GRAPH),
        "@id" => Some(ID),
        "@type" => Some(TYPE),
        _ => None,
    };
    let flags = match c {
        Value::Null => return Some(0),
        Value::String(s) => flag(s)?,
        Value::Array(items) => {
            let mut f = 0u8;
            for item in items {
                f |= flag(item.as_str()?)?;
            }
            f
        }
        _ => return None,
    };
    // Allowed combinations (JSON-LD 1.1 API 4.2.2 step 19.2).
    let valid = match flags {
        LIST | SET | INDEX | LANGUAGE | GRAPH | ID | TYPE => true,
        f if f & LIST != 0 => false,
        f if f & GRAPH != 0 => f & !(GRAPH | ID | INDEX | SET) == 0 && !(f & ID != 0 && f & INDEX != 0),
        f if f & SET != 0 => f & !(SET | INDEX | GRAPH | ID | TYPE | LANGUAGE) == 0 && (f & !SET).count_ones() == 1,
        _ => false,
    };
    if !valid {
        return None;
    }
    if matches!(c, Value::String(_)) && flags == SET {
        return Some(SET);
    }
    Some(flags)
}

fn concat(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    s
}

/// IRI Expansion (JSON-LD 1.1 API 5.2.2) against an active context, without a local context.
/// Borrows from the context or the value where it can.
pub(crate) fn expand_iri<'a>(
    active: &'a Context,
    value: &'a str,
    doc_relative: bool,
    vocab: bool,
) -> Option<Cow<'a, str>> {
    if is_keyword(value) {
        return Some(Cow::Borrowed(value));
    }
    if has_keyword_form(value) {
        return None;
    }
    if let Some(def) = active.term(value) {
        if let Some(iri) = &def.iri {
            if is_keyword(iri) {
                return Some(Cow::Borrowed(iri));
            }
        }
        if vocab {
            return def.iri.as_deref().map(Cow::Borrowed);
        }
    }
    if let Some(pos) = value.get(1..).and_then(|s| s.find(':')).map(|p| p + 1) {
        let (prefix, suffix) = (value.get(..pos).unwrap_or(""), value.get(pos + 1..).unwrap_or(""));
        if prefix == "_" || suffix.starts_with("//") {
            return Some(Cow::Borrowed(value));
        }
        if let Some(def) = active.term(prefix) {
            if let (Some(iri), true) = (&def.iri, def.prefix) {
                return Some(Cow::Owned(concat(iri, suffix)));
            }
        }
        if is_absolute(value) {
            return Some(Cow::Borrowed(value));
        }
    }
    if vocab {
        if let Some(v) = &active.vocab {
            return Some(Cow::Owned(concat(v, value)));
        }
    }
    if doc_relative {
        return Some(Cow::Owned(resolve(value, active.base.as_deref())));
    }
    Some(Cow::Borrowed(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_combinations() {
        use container::*;
        assert_eq!(parse_container(&serde_json::json!("@list")), Some(LIST));
        assert_eq!(parse_container(&serde_json::json!(["@graph", "@id"])), Some(GRAPH | ID));
        assert_eq!(
            parse_container(&serde_json::json!(["@graph", "@index", "@set"])),
            Some(GRAPH | INDEX | SET)
        );
        assert_eq!(
            parse_container(&serde_json::json!(["@set", "@language"])),
            Some(SET | LANGUAGE)
        );
        assert_eq!(parse_container(&serde_json::json!(["@list", "@set"])), None);
        assert_eq!(parse_container(&serde_json::json!(["@language", "@index"])), None);
        assert_eq!(parse_container(&serde_json::json!("@foo")), None);
    }
}
