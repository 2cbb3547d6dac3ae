//! The JSON-LD 1.1 processor: expansion and conversion to RDF, offline, with cached contexts.

mod context;
mod expand;
mod iri;
mod to_rdf;

use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::error::{Error, Path};
use crate::rdf::Dataset;
use crate::rdfc;
use crate::store::ContextStore;
use crate::view::ObjectView;
use context::{Context, ContextCache, Env};
use expand::Expander;

/// What is expanded: a value, or a top-level object seen through a view.
#[derive(Clone, Copy)]
enum Input<'a> {
    Value(&'a Value),
    View(ObjectView<'a>),
}

/// How strictly the processor treats data that JSON-LD would drop silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Mode {
    /// Safe mode (the default): a term or type that does not expand to an absolute IRI, a
    /// relative IRI, an invalid language tag, a free-floating value, an empty top-level object,
    /// a `@direction` (not representable in RDF) is an [`Error::Unsafe`]. Use it whenever
    /// the RDF form is signed or verified: what would be dropped would not be signed.
    #[default]
    Safe,
    /// Plain JSON-LD 1.1 behaviour: such data is dropped silently. For tests and for reading
    /// third-party documents, never for signing.
    Lenient,
}

/// Default maximum nesting depth of a document, in JSON path segments (an object member and
/// an array element each count one). Real credentials stay below 16; serde_json's parser
/// stops at 128 levels too.
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// How many sets of canonicalization buffers a processor keeps (one per thread canonicalizing
/// at the same time; each at most about 1 MiB).
const MAX_SCRATCH: usize = 4;

struct Inner {
    store: ContextStore,
    cache: Mutex<ContextCache>,
    /// Buffers of finished canonicalizations, reused by the next ones.
    scratch: Mutex<Vec<rdfc::Scratch>>,
    mode: Mode,
    rdfc: rdfc::Options,
    max_depth: usize,
    initial: Arc<Context>,
}

/// An offline JSON-LD 1.1 processor: expansion, toRdf and RDFC-1.0 canonicalization.
///
/// Contexts come only from its [`ContextStore`]. Processed contexts (including the scoped
/// contexts of types and properties) are cached inside the processor, so a credential written
/// with the usual bundled contexts costs no context processing after the first call.
/// `JsonLdProcessor` is `Send + Sync` and cheap to clone (clones share the cache).
#[derive(Clone)]
pub struct JsonLdProcessor {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for JsonLdProcessor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLdProcessor")
            .field("contexts", &self.inner.store.urls().count())
            .field("mode", &self.inner.mode)
            .field("rdfc", &self.inner.rdfc)
            .field("max_depth", &self.inner.max_depth)
            .finish_non_exhaustive()
    }
}

impl JsonLdProcessor {
    /// A processor in [`Mode::Safe`] with the default RDFC-1.0 options (SHA-256).
    pub fn new(store: ContextStore) -> Self {
        Self::build(store, Mode::Safe, rdfc::Options::default(), DEFAULT_MAX_DEPTH)
    }

    /// A processor in [`Mode::Lenient`]: plain JSON-LD, dropping what does not expand.
    /// Never use its output for signing.
    pub fn new_lenient(store: ContextStore) -> Self {
        Self::build(store, Mode::Lenient, rdfc::Options::default(), DEFAULT_MAX_DEPTH)
    }

    fn build(store: ContextStore, mode: Mode, rdfc: rdfc::Options, max_depth: usize) -> Self {
        JsonLdProcessor {
            inner: Arc::new(Inner {
                store,
                cache: Mutex::new(ContextCache::new()),
                scratch: Mutex::new(Vec::new()),
                mode,
                rdfc,
                max_depth,
                initial: Arc::new(Context::initial(None, Some(0))),
            }),
        }
    }

    /// The same processor with other RDFC-1.0 options (hash algorithm, work limit). The new
    /// processor starts with an empty context cache.
    #[must_use]
    pub fn with_rdfc_options(&self, options: rdfc::Options) -> Self {
        Self::build(self.inner.store.clone(), self.inner.mode, options, self.inner.max_depth)
    }

    /// The same processor with another maximum nesting depth. The new processor starts with an
    /// empty context cache.
    #[must_use]
    pub fn with_max_depth(&self, max_depth: usize) -> Self {
        Self::build(self.inner.store.clone(), self.inner.mode, self.inner.rdfc, max_depth)
    }

    /// The processing mode.
    pub fn mode(&self) -> Mode {
        self.inner.mode
    }

    /// The context store.
    pub fn store(&self) -> &ContextStore {
        &self.inner.store
    }

    /// JSON-LD 1.1 expansion of `document` (no base IRI).
    ///
    /// # Errors
    ///
    /// Unknown contexts, JSON-LD errors, and in safe mode anything that would be dropped.
    pub fn expand(&self, document: &Value) -> Result<Value, Error> {
        self.expand_with_base(document, None)
    }

    /// JSON-LD 1.1 expansion with `base` as the document's base IRI.
    ///
    /// # Errors
    ///
    /// As [`JsonLdProcessor::expand`].
    pub fn expand_with_base(&self, document: &Value, base: Option<&str>) -> Result<Value, Error> {
        self.expand_input(Input::Value(document), base)
    }

    fn expand_input(&self, input: Input<'_>, base: Option<&str>) -> Result<Value, Error> {
        let inner = &*self.inner;
        let env = Env {
            store: &inner.store,
            cache: &inner.cache,
        };
        let expander = Expander {
            env: &env,
            safe: inner.mode == Mode::Safe,
            max_depth: inner.max_depth,
        };
        let initial = match base {
            None => inner.initial.clone(),
            Some(b) => Arc::new(Context::initial(Some(b.to_owned()), None)),
        };
        let expanded = match input {
            Input::Value(document) => expander.expand(&initial, None, document, base, false, &Path::Root)?,
            Input::View(view) => expander.expand_view(&initial, view, base, &Path::Root)?,
        };
        Ok(match expanded {
            None => Value::Array(Vec::new()),
            Some(Value::Object(mut m)) if m.len() == 1 && m.contains_key("@graph") => {
                m.remove("@graph").map_or(Value::Array(Vec::new()), |g| match g {
                    Value::Array(a) => Value::Array(a),
                    other => Value::Array(vec![other]),
                })
            }
            Some(Value::Array(a)) => Value::Array(a),
            Some(other) => Value::Array(vec![other]),
        })
    }

    /// JSON-LD 1.1 toRdf of `document`: its RDF dataset (blank nodes labelled `b0`, `b1`, ...).
    ///
    /// # Errors
    ///
    /// As [`JsonLdProcessor::expand`].
    pub fn to_rdf(&self, document: &Value) -> Result<Dataset, Error> {
        self.to_rdf_with_base(document, None)
    }

    /// JSON-LD 1.1 toRdf with `base` as the document's base IRI.
    ///
    /// # Errors
    ///
    /// As [`JsonLdProcessor::expand`].
    pub fn to_rdf_with_base(&self, document: &Value, base: Option<&str>) -> Result<Dataset, Error> {
        let expanded = self.expand_with_base(document, base)?;
        to_rdf::to_rdf(
            expanded.as_array().map_or(&[][..], Vec::as_slice),
            self.inner.mode == Mode::Safe,
        )
    }

    /// RDFC-1.0 canonical N-Quads of `document` (toRdf, then RDFC-1.0 with this processor's
    /// options; SHA-256 by default). This is the input of `eddsa-rdfc-2022` hashing.
    ///
    /// # Errors
    ///
    /// As [`JsonLdProcessor::to_rdf`], plus [`Error::WorkLimitExceeded`].
    pub fn canonicalize(&self, document: &Value) -> Result<String, Error> {
        let expanded = self.expand_with_base(document, None)?;
        self.canonicalize_expanded(&expanded)
    }

    /// RDFC-1.0 canonical N-Quads of a JSON object read through an [`ObjectView`]: the same
    /// as [`JsonLdProcessor::canonicalize`] of [`ObjectView::to_value`], without copying the
    /// object. Data Integrity uses it to canonicalize a document without its `proof`, and a
    /// proof configuration with the document's `@context`.
    ///
    /// ```
    /// use microcred_canon::{ContextStore, JsonLdProcessor, ObjectView};
    /// use serde_json::json;
    ///
    /// let processor = JsonLdProcessor::new(ContextStore::bundled());
    /// let signed = json!({
    ///     "@context": "https://www.w3.org/ns/credentials/v2",
    ///     "id": "urn:uuid:1", "type": "VerifiableCredential", "issuer": "did:example:u",
    ///     "credentialSubject": {"id": "did:example:s"},
    ///     "proof": {"type": "DataIntegrityProof", "proofValue": "z..."}
    /// });
    /// let object = signed.as_object().unwrap();
    /// let unsecured = ObjectView::new(object, &[("proof", None)]);
    /// assert_eq!(
    ///     processor.canonicalize_view(unsecured)?,
    ///     processor.canonicalize(&unsecured.to_value())?
    /// );
    /// # Ok::<(), microcred_canon::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`JsonLdProcessor::canonicalize`].
    pub fn canonicalize_view(&self, view: ObjectView<'_>) -> Result<String, Error> {
        let expanded = self.expand_input(Input::View(view), None)?;
        self.canonicalize_expanded(&expanded)
    }

    /// toRdf straight into RDFC-1.0, with buffers kept from earlier calls.
    fn canonicalize_expanded(&self, expanded: &Value) -> Result<String, Error> {
        let pool = &self.inner.scratch;
        let mut scratch = pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop()
            .unwrap_or_default();
        let result = to_rdf::canonicalize(
            expanded.as_array().map_or(&[][..], Vec::as_slice),
            self.inner.mode == Mode::Safe,
            &self.inner.rdfc,
            &mut scratch,
        );
        if scratch.worth_keeping() {
            let mut pool = pool.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if pool.len() < MAX_SCRATCH {
                pool.push(scratch);
            }
        }
        result
    }

    /// Parses `text` as JSON and canonicalizes it.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] for invalid JSON, then as [`JsonLdProcessor::canonicalize`].
    pub fn canonicalize_str(&self, text: &str) -> Result<String, Error> {
        let document: Value = serde_json::from_str(text).map_err(|e| Error::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        self.canonicalize(&document)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn processor_is_send_and_sync() {
        assert_send_sync::<JsonLdProcessor>();
    }
}
