//! HTTPS resolver (feature `http`): a small blocking client. Wrap it in a
//! [`CachingResolver`](crate::CachingResolver) to respect `ttl`.

use std::time::Duration;

use crate::error::ResolveError;
use crate::resolve::{MAX_DOCUMENT_BYTES, ResolvedList, StatusListResolver, parse_document};

/// Fetches status list credentials over HTTPS (plain HTTP only when allowed explicitly).
#[derive(Debug, Clone)]
pub struct HttpResolver {
    agent: ureq::Agent,
    allow_plain_http: bool,
}

impl Default for HttpResolver {
    fn default() -> Self {
        Self::new(Duration::from_secs(10))
    }
}

impl HttpResolver {
    /// A resolver whose requests time out after `timeout`.
    #[must_use]
    pub fn new(timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .build();
        Self {
            agent: config.into(),
            allow_plain_http: false,
        }
    }

    /// Also fetch `http://` URLs (test networks only: the list's proof still protects its
    /// integrity, but a network observer learns which list is checked).
    #[must_use]
    pub fn allow_plain_http(mut self) -> Self {
        self.allow_plain_http = true;
        self
    }
}

impl StatusListResolver for HttpResolver {
    fn resolve(&self, url: &str) -> Result<ResolvedList, ResolveError> {
        let base = url.split_once('#').map_or(url, |(base, _)| base);
        let allowed = base.starts_with("https://") || (self.allow_plain_http && base.starts_with("http://"));
        if !allowed {
            return Err(ResolveError::UnsupportedUrl {
                url: url.to_owned(),
                reason: "only https URLs are fetched".into(),
            });
        }
        let unreachable = |reason: String| ResolveError::Unreachable {
            url: url.to_owned(),
            reason,
        };
        let mut response = self
            .agent
            .get(base)
            .header(
                "Accept",
                "application/vc+ld+json, application/vc, application/ld+json, application/json",
            )
            .call()
            .map_err(|e| unreachable(e.to_string()))?;
        let status = response.status().as_u16();
        if status == 404 || status == 410 {
            return Err(ResolveError::NotFound { url: url.to_owned() });
        }
        if !(200..300).contains(&status) {
            return Err(unreachable(format!("HTTP status {status}")));
        }
        let bytes = response
            .body_mut()
            .with_config()
            .limit(MAX_DOCUMENT_BYTES)
            .read_to_vec()
            .map_err(|e| unreachable(e.to_string()))?;
        parse_document(url, &bytes).map(|document| ResolvedList {
            document,
            retrieved_at: None,
        })
    }
}
