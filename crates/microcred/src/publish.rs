//! Publishing: the signed status list credentials and one static verification page per
//! credential, into a directory any web server or CDN can host.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{Duration, Utc};
use microcred_model::{EuropeanDigitalCredential, LanguageMap};
use microcred_render::escape_markup as escape;
use microcred_sign::ProofOptions;
use microcred_status::{DirectoryResolver, Publication};
use serde::Serialize;
use serde_json::Value;

use crate::error::IssueError;

use crate::issuer::{Access, Issuer, link_key, sync_all, write_atomic, write_replace};
use crate::store::{Record, RecordState, Store};

/// How long a published list is valid, and how long verifiers may cache it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishOptions {
    /// `validUntil` = now + this. Republish before it passes.
    pub validity: Duration,
    /// `ttl` (how long a verifier may cache the list).
    pub ttl: Duration,
    /// Draw the certificate's first page as a PNG on each verification page (about 0.1 s per
    /// credential at 96 dpi in a release build).
    pub page_images: bool,
}

impl Default for PublishOptions {
    fn default() -> Self {
        PublishOptions {
            validity: Duration::days(7),
            ttl: Duration::hours(1),
            page_images: true,
        }
    }
}

/// What `publish` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishReport {
    /// Status list credentials written.
    pub lists: usize,
    /// Verification pages written.
    pub pages: usize,
    /// Credentials without a page (their file was erased or is missing).
    pub without_page: usize,
    /// Pages removed because the credential's learner was erased.
    pub pages_removed: usize,
}

impl<S: Store> Issuer<S> {
    /// Write the signed status lists under `out` (at the paths a [`DirectoryResolver`] maps
    /// their URLs to) and a verification page per credential whose file is in `credentials`.
    pub fn publish(
        &self,
        credentials: &Path,
        out: &Path,
        options: PublishOptions,
    ) -> Result<PublishReport, IssueError> {
        let now = Utc::now();
        let publication = Publication {
            valid_from: now,
            valid_until: Some(now + options.validity),
            ttl_ms: u64::try_from(options.ttl.num_milliseconds()).ok(),
        };
        let resolver = DirectoryResolver::new(out);
        let suite = self.config().suite()?;
        let sign = |unsigned: Value| -> Result<Value, microcred_status::SignError> {
            self.integrity()
                .sign_credential_owned(unsigned, self.signer(), &ProofOptions::new(suite, now))
                .map_err(|e| microcred_status::SignError::new(e.to_string()))
        };
        let lists = self.store().status_lists()?;
        for (_, list) in &lists {
            let signed = list
                .signed_credential(&self.config().institution.id, publication, &sign)
                .map_err(|e| IssueError::Sign(e.to_string()))?;
            let path = resolver
                .path_for(list.url())
                .map_err(|e| IssueError::Config(e.to_string()))?;
            let bytes = serde_json::to_vec_pretty(&signed).map_err(|e| IssueError::Io(e.to_string()))?;
            write_atomic(&path, &bytes, Access::Public)?;
        }
        let mut pages = 0;
        let mut without_page = 0;
        let mut pages_removed = 0;
        let mut written = Vec::new();
        // An erased learner's pages go, even if a copy of the credential file is still around.
        let erased: std::collections::HashSet<String> = self.store().erased_credentials()?.into_iter().collect();
        for record in self.store().records()? {
            if record.state == RecordState::Pending {
                continue;
            }
            if erased.contains(&record.credential_id) {
                let dir = out.join("verify").join(link_key(&record.credential_id));
                match std::fs::remove_dir_all(&dir) {
                    Ok(()) => pages_removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(IssueError::Io(format!("{}: {e}", dir.display()))),
                }
                without_page += 1;
                continue;
            }
            let file = credentials.join(&record.file_name);
            let Ok(text) = std::fs::read_to_string(&file) else {
                without_page += 1;
                continue;
            };
            let credential = EuropeanDigitalCredential::from_json_str(&text)
                .map_err(|e| IssueError::Io(format!("{}: {e}", file.display())))?;
            let dir = out.join("verify").join(link_key(&record.credential_id));
            let image = if options.page_images {
                let language = crate::issuer::primary_language(&credential)?;
                let pages = self
                    .page_renderer(&record.credential_id)?
                    .png(&credential, &language)
                    .map_err(|e| IssueError::Render(format!("{}: {e}", record.credential_id)))?;
                match pages.first() {
                    Some(png) => {
                        written.push(write_replace(&dir.join("certificate.png"), png, false, Access::Public)?);
                        true
                    }
                    None => false,
                }
            } else {
                false
            };
            let html = page(
                &credential,
                &record,
                &self.config().verification_link(&record.credential_id),
                image,
            );
            // Written through a rename (never torn); synced together below.
            written.push(write_replace(
                &dir.join("index.html"),
                html.as_bytes(),
                false,
                Access::Public,
            )?);
            written.push(write_replace(
                &dir.join("credential.json"),
                text.as_bytes(),
                false,
                Access::Public,
            )?);
            pages += 1;
            if written.len() >= 256 {
                sync_all(&written, &out.join("verify"))?;
                written.clear();
            }
        }
        if !written.is_empty() || pages_removed > 0 {
            sync_all(&written, &out.join("verify"))?;
        }
        Ok(PublishReport {
            lists: lists.len(),
            pages,
            without_page,
            pages_removed,
        })
    }
}

fn text(map: Option<&LanguageMap>, language: &str) -> String {
    map.and_then(|m| m.best(language)).map(escape).unwrap_or_default()
}

/// The verification page of one credential: learner, course, outcomes, credits, level, issuer
/// and status, in the credential's primary language.
fn page(credential: &EuropeanDigitalCredential, record: &Record, link: &str, image: bool) -> String {
    let language = credential
        .display_parameter
        .as_ref()
        .and_then(|d| d.primary_language.as_ref())
        .and_then(|c| microcred_model::vocab::Language::from_iri(&c.id))
        .map_or("en", |l| l.code());
    let subject = &credential.credential_subject;
    let learner = text(subject.full_name.as_ref(), language);
    let achievement = credential.achievements().next();
    let spec = achievement.and_then(|a| a.specified_by.as_ref());
    let title = text(achievement.and_then(|a| a.title.as_ref()), language);
    let issuer = text(credential.issuer.legal_name.as_ref(), language);
    let (status, class) = match record.state {
        RecordState::Issued => ("Valid: issued and in force", "valid"),
        RecordState::Suspended => ("Suspended by the issuer", "suspended"),
        RecordState::Revoked => ("Revoked by the issuer", "revoked"),
        RecordState::Pending => ("Being issued", "pending"),
    };
    let mut rows = String::new();
    let mut row = |label: &str, value: String| {
        if !value.is_empty() {
            let _ = writeln!(rows, "<tr><th>{label}</th><td>{value}</td></tr>");
        }
    };
    row("Learner", learner);
    row("Awarded by", issuer);
    row(
        "Issued",
        escape(credential.issued.as_ref().map(|d| d.as_str()).unwrap_or_default()),
    );
    if let Some(spec) = spec {
        row(
            "Credits (ECTS)",
            spec.credit_point
                .iter()
                .flat_map(|c| c.iter())
                .filter_map(|c| c.point.as_deref())
                .map(escape)
                .collect::<Vec<_>>()
                .join(", "),
        );
        row(
            "Workload",
            spec.volume_of_learning
                .as_ref()
                .map(|d| escape(d.as_str()))
                .unwrap_or_default(),
        );
        row(
            "EQF level",
            spec.eqf_level
                .as_ref()
                .and_then(|c| microcred_model::vocab::EqfLevel::from_iri(&c.id).ok())
                .map(|l| l.get().to_string())
                .unwrap_or_default(),
        );
        row(
            "Form of participation",
            spec.mode
                .iter()
                .flat_map(|m| m.iter())
                .map(|c| text(c.pref_label.as_ref(), language))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    let outcomes: String = spec
        .and_then(|s| s.learning_outcome.as_ref())
        .map(|o| {
            o.iter()
                .map(|o| format!("<li>{}</li>", text(o.title.as_ref(), language)))
                .collect()
        })
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title} — verification</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}}\
th{{text-align:left;padding-right:1rem}}.status{{padding:.5rem 1rem;border-radius:.3rem}}.valid{{background:#dfd}}.suspended{{background:#ffd}}.revoked{{background:#fdd}}</style>\n</head>\n<body>\n\
<h1>{title}</h1>\n<p class=\"status {class}\">{status}</p>\n<table>\n{rows}</table>\n<h2>Learning outcomes</h2>\n<ul>{outcomes}</ul>\n\
{image}<p>Credential <code>{id}</code> — <a href=\"credential.json\">signed credential (JSON-LD)</a>. Verify it offline with <code>microcred verify</code>.</p>\n\
<p><small>{link}</small></p>\n</body>\n</html>\n",
        id = escape(&record.credential_id),
        link = escape(link),
        image = if image {
            "<p><img src=\"certificate.png\" alt=\"The certificate, page 1\" style=\"max-width:100%;border:1px solid #ccc\"></p>\n"
        } else {
            ""
        },
    )
}
