//! Resolvers: where status list credentials come from. In memory, a directory of files, a TTL
//! cache over any resolver, and (feature `http`) HTTPS.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

use crate::error::ResolveError;

/// The largest status list credential document a resolver reads: 32 MiB.
pub const MAX_DOCUMENT_BYTES: u64 = 32 * 1024 * 1024;

/// A retrieved status list credential.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedList {
    /// The JSON document, proof included.
    pub document: Value,
    /// When it was retrieved from its origin, if it came out of a cache; `None` when it was
    /// read from the origin just now.
    pub retrieved_at: Option<DateTime<Utc>>,
}

/// Fetches status list credentials by `statusListCredential` URL.
pub trait StatusListResolver {
    /// The document at `url`.
    ///
    /// # Errors
    /// A [`ResolveError`]: not found, unreachable, unsupported URL, or not JSON.
    fn resolve(&self, url: &str) -> Result<ResolvedList, ResolveError>;
}

impl<T: StatusListResolver + ?Sized> StatusListResolver for &T {
    fn resolve(&self, url: &str) -> Result<ResolvedList, ResolveError> {
        (**self).resolve(url)
    }
}

impl<T: StatusListResolver + ?Sized> StatusListResolver for Box<T> {
    fn resolve(&self, url: &str) -> Result<ResolvedList, ResolveError> {
        (**self).resolve(url)
    }
}

impl<T: StatusListResolver + ?Sized> StatusListResolver for Arc<T> {
    fn resolve(&self, url: &str) -> Result<ResolvedList, ResolveError> {
        (**self).resolve(url)
    }
}

/// The current time; inject a fixed clock in tests.
pub trait Clock {
    /// Now.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

impl<F: Fn() -> DateTime<Utc>> Clock for F {
    fn now(&self) -> DateTime<Utc> {
        self()
    }
}

/// The URL without its fragment.
fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(base, _)| base)
}

/// Status list credentials held in memory, keyed by URL (fragments ignored).
#[derive(Debug, Clone, Default)]
pub struct MemoryResolver {
    documents: HashMap<String, Value>,
}

impl MemoryResolver {
    /// An empty resolver.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Serve `document` for `url`, replacing what was there.
    pub fn insert(&mut self, url: impl AsRef<str>, document: Value) {
        self.documents
            .insert(without_fragment(url.as_ref()).to_owned(), document);
    }

    /// Stop serving `url`.
    pub fn remove(&mut self, url: &str) -> Option<Value> {
        self.documents.remove(without_fragment(url))
    }
}

impl StatusListResolver for MemoryResolver {
    fn resolve(&self, url: &str) -> Result<ResolvedList, ResolveError> {
        self.documents
            .get(without_fragment(url))
            .map(|document| ResolvedList {
                document: document.clone(),
                retrieved_at: None,
            })
            .ok_or_else(|| ResolveError::NotFound { url: url.to_owned() })
    }
}

/// Status list credentials stored as files under a directory, one file per URL.
///
/// The mapping (deterministic, no I/O needed to compute it; see [`DirectoryResolver::path_for`]):
///
/// `http(s)://HOST[:PORT]/SEG1/.../SEGn` → `DIR/HOST[_PORT]/SEG1/.../SEGn.json`
///
/// - the scheme must be `https` or `http`; the fragment is dropped; a query is rejected;
/// - `HOST` is lower-cased and may hold only letters, digits, `.`, `-` (no user info);
/// - `.json` is appended to the last segment unless it already ends in `.json`; a URL ending
///   in `/` maps to `index.json` in that folder;
/// - each segment may hold only `A-Z a-z 0-9 . _ ~ -`, must not be empty, `.` or `..`, and
///   percent-escapes are rejected, so no URL can reach outside `DIR`.
///
/// Example: `https://uni.example/status/3` → `DIR/uni.example/status/3.json`.
#[derive(Debug, Clone)]
pub struct DirectoryResolver {
    root: PathBuf,
}

impl DirectoryResolver {
    /// A resolver reading below `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The directory.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file `url` maps to.
    ///
    /// # Errors
    /// [`ResolveError::UnsupportedUrl`] for any URL outside the mapping (other schemes,
    /// queries, user info, unsafe segments).
    pub fn path_for(&self, url: &str) -> Result<PathBuf, ResolveError> {
        let unsupported = |reason: &str| ResolveError::UnsupportedUrl {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let base = without_fragment(url);
        let rest = base
            .strip_prefix("https://")
            .or_else(|| base.strip_prefix("http://"))
            .ok_or_else(|| unsupported("only https and http URLs map to files"))?;
        if rest.contains('?') {
            return Err(unsupported("URLs with a query do not map to files"));
        }
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => (host, Some(port)),
            Some(_) => return Err(unsupported("the port is not a number")),
            None => (authority, None),
        };
        if host.is_empty()
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            || host.starts_with('.')
        {
            return Err(unsupported(
                "the host must be a DNS name or IPv4 address (no user info)",
            ));
        }
        let mut file = self.root.join(match port {
            Some(port) => format!("{}_{port}", host.to_ascii_lowercase()),
            None => host.to_ascii_lowercase(),
        });
        let segments: Vec<&str> = path.split('/').collect();
        let last = segments.len() - 1;
        for (i, segment) in segments.iter().enumerate() {
            if i == last && segment.is_empty() {
                file.push("index.json");
                break;
            }
            if segment.is_empty() || *segment == "." || *segment == ".." {
                return Err(unsupported("empty, '.' and '..' path segments are not allowed"));
            }
            if !segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'-'))
            {
                return Err(unsupported("path segments may hold only A-Z a-z 0-9 . _ ~ -"));
            }
            if i == last && !segment.ends_with(".json") {
                file.push(format!("{segment}.json"));
            } else {
                file.push(segment);
            }
        }
        Ok(file)
    }
}

impl StatusListResolver for DirectoryResolver {
    fn resolve(&self, url: &str) -> Result<ResolvedList, ResolveError> {
        let path = self.path_for(url)?;
        let file = std::fs::File::open(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ResolveError::NotFound { url: url.to_owned() },
            _ => ResolveError::Unreachable {
                url: url.to_owned(),
                reason: format!("{}: {e}", path.display()),
            },
        })?;
        let mut bytes = Vec::new();
        file.take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ResolveError::Unreachable {
                url: url.to_owned(),
                reason: format!("{}: {e}", path.display()),
            })?;
        parse_document(url, &bytes).map(|document| ResolvedList {
            document,
            retrieved_at: None,
        })
    }
}

pub(crate) fn parse_document(url: &str, bytes: &[u8]) -> Result<Value, ResolveError> {
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(ResolveError::Unreachable {
            url: url.to_owned(),
            reason: format!("larger than {MAX_DOCUMENT_BYTES} bytes"),
        });
    }
    let document: Value = serde_json::from_slice(bytes).map_err(|e| ResolveError::NotJson {
        url: url.to_owned(),
        reason: e.to_string(),
    })?;
    if !document.is_object() {
        return Err(ResolveError::NotJson {
            url: url.to_owned(),
            reason: "the document is not a JSON object".into(),
        });
    }
    Ok(document)
}

#[derive(Debug, Clone)]
struct CacheEntry {
    document: Value,
    retrieved_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// Caches another resolver's documents for as long as their `ttl` allows.
///
/// A document is kept until the earliest of: retrieval + `credentialSubject.ttl`, its
/// `validUntil`, and retrieval + the maximum age (default 24 hours). A document without `ttl`
/// is cached for the default TTL, which is zero (not cached) unless set with
/// [`CachingResolver::with_default_ttl`]. Failures are never cached, and an expired document is
/// never served: the origin is asked again.
pub struct CachingResolver<R, C = SystemClock> {
    inner: R,
    clock: C,
    default_ttl: TimeDelta,
    max_age: TimeDelta,
    max_entries: usize,
    cache: Mutex<HashMap<String, CacheEntry>>,
}

impl<R: std::fmt::Debug, C> std::fmt::Debug for CachingResolver<R, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachingResolver")
            .field("inner", &self.inner)
            .field("default_ttl", &self.default_ttl)
            .field("max_age", &self.max_age)
            .finish_non_exhaustive()
    }
}

impl<R: StatusListResolver> CachingResolver<R, SystemClock> {
    /// A cache over `inner` using the system clock.
    pub fn new(inner: R) -> Self {
        Self::with_clock(inner, SystemClock)
    }
}

impl<R: StatusListResolver, C: Clock> CachingResolver<R, C> {
    /// A cache over `inner` reading the time from `clock`.
    pub fn with_clock(inner: R, clock: C) -> Self {
        Self {
            inner,
            clock,
            default_ttl: TimeDelta::zero(),
            max_age: TimeDelta::hours(24),
            max_entries: 10_000,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Cache documents without a `ttl` for `ttl`.
    #[must_use]
    pub fn with_default_ttl(mut self, ttl: TimeDelta) -> Self {
        self.default_ttl = ttl;
        self
    }

    /// Never keep a document longer than `max_age`, whatever its `ttl` says.
    #[must_use]
    pub fn with_max_age(mut self, max_age: TimeDelta) -> Self {
        self.max_age = max_age;
        self
    }

    /// Forget everything.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CacheEntry>> {
        self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn expiry(&self, document: &Value, retrieved_at: DateTime<Utc>) -> DateTime<Utc> {
        let ttl = document
            .pointer("/credentialSubject/ttl")
            .and_then(Value::as_u64)
            .and_then(|ms| i64::try_from(ms).ok())
            .map_or(self.default_ttl, TimeDelta::milliseconds);
        let mut expires = retrieved_at + ttl.min(self.max_age);
        let valid_until = document
            .get("validUntil")
            .and_then(Value::as_str)
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc));
        if let Some(until) = valid_until {
            expires = expires.min(until);
        }
        expires
    }
}

impl<R: StatusListResolver, C: Clock> StatusListResolver for CachingResolver<R, C> {
    fn resolve(&self, url: &str) -> Result<ResolvedList, ResolveError> {
        let key = without_fragment(url);
        let now = self.clock.now();
        if let Some(entry) = self.lock().get(key) {
            if now < entry.expires_at {
                return Ok(ResolvedList {
                    document: entry.document.clone(),
                    retrieved_at: Some(entry.retrieved_at),
                });
            }
        }
        let fetched = self.inner.resolve(url);
        let mut cache = self.lock();
        let fetched = match fetched {
            Ok(fetched) => fetched,
            Err(error) => {
                cache.remove(key);
                return Err(error);
            }
        };
        let retrieved_at = fetched.retrieved_at.unwrap_or(now);
        let expires_at = self.expiry(&fetched.document, retrieved_at);
        if expires_at > now {
            if cache.len() >= self.max_entries {
                cache.retain(|_, entry| entry.expires_at > now);
            }
            if cache.len() < self.max_entries {
                cache.insert(
                    key.to_owned(),
                    CacheEntry {
                        document: fetched.document.clone(),
                        retrieved_at,
                        expires_at,
                    },
                );
            }
        } else {
            cache.remove(key);
        }
        Ok(ResolvedList {
            document: fetched.document,
            retrieved_at: Some(retrieved_at),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_mapping_is_documented_and_safe() {
        let resolver = DirectoryResolver::new("/lists");
        let ok = [
            ("https://uni.example/status/3", "/lists/uni.example/status/3.json"),
            (
                "https://Uni.Example:8443/status/3#list",
                "/lists/uni.example_8443/status/3.json",
            ),
            (
                "http://uni.example/status/list.json",
                "/lists/uni.example/status/list.json",
            ),
            ("https://uni.example/status/", "/lists/uni.example/status/index.json"),
            (
                "https://uni.example/.well-known/s1",
                "/lists/uni.example/.well-known/s1.json",
            ),
        ];
        for (url, path) in ok {
            assert_eq!(resolver.path_for(url).unwrap(), PathBuf::from(path), "{url}");
        }
        let bad = [
            "https://uni.example/../etc/passwd",
            "https://uni.example/status/..",
            "https://uni.example/a/./b",
            "https://uni.example//b",
            "https://uni.example/%2e%2e/x",
            "https://uni.example/a\\..\\b",
            "https://user@uni.example/a",
            "https://../a",
            "https://uni.example/a?x=1",
            "file:///etc/passwd",
            "did:web:uni.example",
            "https://uni.example:abc/a",
        ];
        for url in bad {
            assert!(
                matches!(resolver.path_for(url), Err(ResolveError::UnsupportedUrl { .. })),
                "{url}"
            );
        }
    }
}
