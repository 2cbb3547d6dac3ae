//! The issuing office: issue (one or a batch), revoke, suspend, reinstate, update.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use microcred_model::request::{BuildContext, IssuerData};
use microcred_model::{Envelope, IssuanceRequest, PageRenderer, XsdDateTime, annex1};
use microcred_sign::{Cryptosuite, DataIntegrity, ProofOptions, Signer};
use microcred_status::{BitstringStatusListEntry, StatusAction, StatusListIndex, StatusPurpose};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::IssueError;
use crate::store::{ListUrls, Record, RecordState, Reservation, Store, sha256_hex};

/// How an institution issues: who it is, where its lists and verification pages live.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssuerConfig {
    /// The institution, as it appears in every credential. Its `id` is the DID of the signing key.
    pub institution: IssuerData,
    /// Base URL of the published status lists (`https://uni.example/status`).
    pub status_base_url: String,
    /// Base URL of the verification pages: a credential's link is `{base}/{uuid}`.
    pub verify_base_url: String,
    /// The Data Integrity cryptosuite (`eddsa-rdfc-2022` by default).
    #[serde(default = "default_suite")]
    pub cryptosuite: String,
    /// Entries per status list (at least 131,072 for herd privacy).
    #[serde(default = "default_entries")]
    pub entries_per_list: u64,
}

fn default_suite() -> String {
    Cryptosuite::EddsaRdfc2022.as_str().to_owned()
}

fn default_entries() -> u64 {
    microcred_status::MIN_ENTRIES
}

impl IssuerConfig {
    /// The cryptosuite named in the configuration.
    pub fn suite(&self) -> Result<Cryptosuite, IssueError> {
        Cryptosuite::parse(&self.cryptosuite)
            .ok_or_else(|| IssueError::Config(format!("unknown cryptosuite `{}`", self.cryptosuite)))
    }

    /// The verification link of a credential id.
    pub fn verification_link(&self, credential_id: &str) -> String {
        format!(
            "{}/{}",
            self.verify_base_url.trim_end_matches('/'),
            link_key(credential_id)
        )
    }
}

/// The part of a credential id used in links and file names (the UUID of `urn:uuid:...`).
pub fn link_key(credential_id: &str) -> String {
    let key = credential_id.strip_prefix("urn:uuid:").unwrap_or(credential_id);
    key.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect()
}

/// One issued credential.
#[derive(Debug, Clone, PartialEq)]
pub struct Issued {
    /// The signed credential.
    pub credential: Value,
    /// Its registry record.
    pub record: Record,
    /// The link by which anyone can verify it.
    pub verification_link: String,
}

/// What `issue` did.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum IssueOutcome {
    /// A new credential (or a resumed one whose earlier run was interrupted).
    Issued(Box<Issued>),
    /// The request id was issued before: nothing was issued again.
    AlreadyIssued(Record),
}

/// Options of one issuance.
#[derive(Debug, Clone, Default)]
pub struct IssueOptions<'a> {
    /// Issue even when the Annex I check finds a mandatory element missing.
    pub allow_nonconformant: bool,
    /// Write the signed credential into this directory (atomically) before marking it issued.
    pub out_dir: Option<&'a Path>,
    /// The credential this one replaces (see [`Issuer::update`]).
    pub replaces: Option<String>,
    /// Also write the human-readable certificate as a PDF/A-3 with the signed credential attached
    /// (`{uuid}.pdf` beside the credential file), so the PDF alone is enough to verify.
    pub pdf: bool,
}

/// A request checked against the office and given its credential id, not yet built, stored
/// or signed.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub(crate) credential_id: String,
    pub(crate) issued_at: DateTime<Utc>,
    /// The request, with the office's institution as its issuer.
    pub(crate) request: IssuanceRequest,
    /// The pending record of an interrupted earlier run, to resume.
    pub(crate) pending: Option<Record>,
    pub(crate) file_name: String,
    pub(crate) replaces: Option<String>,
}

impl Prepared {
    pub(crate) fn reservation(&self) -> Reservation {
        Reservation {
            credential_id: self.credential_id.clone(),
            request_id: self.request.request_id.clone(),
            learner_ref: self.request.learner.student_reference.clone(),
            file_name: self.file_name.clone(),
            issued_at: self.issued_at,
            replaces: self.replaces.clone(),
        }
    }
}

/// What preparing a request found.
#[derive(Debug, Clone)]
pub(crate) enum Prepare {
    /// Ready to reserve (or resume) and sign.
    Ready(Box<Prepared>),
    /// Issued before.
    Already(Record),
}

/// An institution's issuing office over a store and a signer.
pub struct Issuer<S: Store> {
    office: Office,
    store: S,
}

/// All of an issuing office but its store: what checking, building and signing need. Kept
/// apart so that a batch can sign on one thread while another uses the store.
pub(crate) struct Office {
    pub(crate) config: IssuerConfig,
    signer: Box<dyn Signer + Send>,
    integrity: DataIntegrity,
    suite: Cryptosuite,
    renderer: Option<Box<dyn PageRenderer + Send>>,
    urls: ListUrls,
    pub(crate) pdf: bool,
}

impl<S: Store> std::fmt::Debug for Issuer<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issuer")
            .field("institution", &self.office.config.institution.id)
            .finish_non_exhaustive()
    }
}

impl<S: Store> Issuer<S> {
    /// An issuing office. The signer's DID must be the institution's `id`.
    pub fn new(config: IssuerConfig, store: S, signer: Box<dyn Signer + Send>) -> Result<Self, IssueError> {
        if signer.controller() != config.institution.id {
            return Err(IssueError::Config(format!(
                "the signing key belongs to `{}`, but the institution's id is `{}`",
                signer.controller(),
                config.institution.id
            )));
        }
        let suite = config.suite()?;
        let urls = ListUrls::new(&config.status_base_url);
        Ok(Issuer {
            office: Office {
                config,
                signer,
                integrity: DataIntegrity::new(),
                suite,
                renderer: None,
                pdf: false,
                urls,
            },
            store,
        })
    }

    /// Draw page images with `renderer` when a request supplies none.
    pub fn with_renderer(mut self, renderer: Box<dyn PageRenderer + Send>) -> Self {
        self.office.renderer = Some(renderer);
        self
    }

    /// Write the certificate PDF (PDF/A-3, signed credential attached) beside every credential
    /// file this office writes, batches included.
    pub fn with_pdf_certificates(mut self, pdf: bool) -> Self {
        self.office.pdf = pdf;
        self
    }

    /// Whether PDFs are written beside credential files.
    pub fn writes_pdfs(&self) -> bool {
        self.office.pdf
    }

    /// The configuration.
    pub fn config(&self) -> &IssuerConfig {
        &self.office.config
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The store, mutably.
    pub fn store_mut(&mut self) -> &mut S {
        &mut self.store
    }

    /// The Data Integrity engine (its processed contexts are cached: reuse it).
    pub fn integrity(&self) -> &DataIntegrity {
        &self.office.integrity
    }

    /// Issue one micro-credential: Annex I check, status index, signature, file, record.
    /// Idempotent by `request_id`; a run interrupted after the index was reserved is resumed.
    pub fn issue(&mut self, request: &IssuanceRequest, options: &IssueOptions<'_>) -> Result<IssueOutcome, IssueError> {
        let existing = match &request.request_id {
            Some(request_id) => self.store.record_by_request(request_id)?,
            None => None,
        };
        let prepared = match self.office.prepare(request.clone(), options, existing)? {
            Prepare::Ready(prepared) => prepared,
            Prepare::Already(record) => return Ok(IssueOutcome::AlreadyIssued(record)),
        };
        // Built and checked before anything is stored: a refused request reserves nothing.
        let credential = self.office.build(&prepared, options)?;
        let record = match &prepared.pending {
            Some(record) => record.clone(),
            None => self.store.reserve(prepared.reservation())?,
        };
        let signed = self.office.seal(&prepared, credential, &record)?;
        let bytes = credential_file_bytes(&signed)?;
        if let Some(dir) = options.out_dir {
            write_atomic(&dir.join(&record.file_name), &bytes, Access::Private)?;
            if options.pdf || self.office.pdf {
                let pdf = self.office.certificate_pdf(&signed, &bytes, &prepared.credential_id)?;
                write_atomic(
                    &dir.join(format!("{}.pdf", link_key(&prepared.credential_id))),
                    &pdf,
                    Access::Private,
                )?;
            }
        }
        let record = self
            .store
            .mark_issued(&prepared.credential_id, &sha256_hex(&bytes), Utc::now())?;
        let verification_link = self.office.config.verification_link(&prepared.credential_id);
        Ok(IssueOutcome::Issued(Box::new(Issued {
            credential: signed,
            record,
            verification_link,
        })))
    }

    /// The certificate PDF of a signed credential, in its primary language, with the file attached.
    pub fn certificate_pdf(&self, signed: &Value, bytes: &[u8], credential_id: &str) -> Result<Vec<u8>, IssueError> {
        self.office.certificate_pdf(signed, bytes, credential_id)
    }

    /// A renderer whose QR code carries this office's verification link of `credential_id`.
    pub(crate) fn page_renderer(&self, credential_id: &str) -> Result<microcred_render::Renderer, IssueError> {
        self.office.page_renderer(credential_id)
    }

    /// The office without its store, and the store: for a batch, which uses them on two
    /// threads.
    pub(crate) fn split(&mut self) -> (&Office, &mut S) {
        (&self.office, &mut self.store)
    }

    /// Revoke a credential (permanent).
    pub fn revoke(&mut self, credential_id: &str, reason: &str) -> Result<Record, IssueError> {
        Ok(self
            .store
            .change_status(credential_id, StatusAction::Revoke, reason, Utc::now())?)
    }

    /// Suspend a credential.
    pub fn suspend(&mut self, credential_id: &str, reason: &str) -> Result<Record, IssueError> {
        Ok(self
            .store
            .change_status(credential_id, StatusAction::Suspend, reason, Utc::now())?)
    }

    /// Lift a suspension.
    pub fn reinstate(&mut self, credential_id: &str, reason: &str) -> Result<Record, IssueError> {
        Ok(self
            .store
            .change_status(credential_id, StatusAction::Reinstate, reason, Utc::now())?)
    }

    /// Issue a corrected credential that names the one it replaces, then revoke the old one.
    pub fn update(
        &mut self,
        old_id: &str,
        request: &IssuanceRequest,
        reason: &str,
        out_dir: Option<&Path>,
    ) -> Result<Issued, IssueError> {
        let old = self
            .store
            .record(old_id)?
            .ok_or_else(|| IssueError::Request(format!("no credential `{old_id}` to update")))?;
        if old.state == RecordState::Revoked {
            return Err(IssueError::Request(format!(
                "credential `{old_id}` is revoked: it cannot be updated"
            )));
        }
        let mut request = request.clone();
        request.request_id = None;
        let options = IssueOptions {
            allow_nonconformant: false,
            out_dir,
            replaces: Some(old_id.to_owned()),
            pdf: false,
        };
        let issued = match self.issue(&request, &options)? {
            IssueOutcome::Issued(issued) => *issued,
            IssueOutcome::AlreadyIssued(record) => {
                return Err(IssueError::Request(format!(
                    "already issued as {}",
                    record.credential_id
                )));
            }
        };
        self.store
            .link_replacement(old_id, &issued.record.credential_id, Utc::now())?;
        self.store.change_status(
            old_id,
            StatusAction::Revoke,
            &format!("replaced by {}: {reason}", issued.record.credential_id),
            Utc::now(),
        )?;
        Ok(issued)
    }

    /// The signer (for signing status lists).
    pub fn signer(&self) -> &dyn Signer {
        self.office.signer.as_ref()
    }

    /// The status list URLs.
    pub fn list_urls(&self) -> &ListUrls {
        &self.office.urls
    }

    /// The time (for tests that need the office's clock).
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

impl Office {
    /// Check that the request is for this office and give it its credential id and time, given
    /// the record of an earlier (pending or finished) issuance of the same request id, if any.
    /// Nothing is built or stored yet (see [`Office::build`]).
    pub(crate) fn prepare(
        &self,
        mut request: IssuanceRequest,
        options: &IssueOptions<'_>,
        existing: Option<Record>,
    ) -> Result<Prepare, IssueError> {
        if request.issuer.id != self.config.institution.id {
            return Err(IssueError::Request(format!(
                "the request names issuer `{}`, this office issues as `{}`",
                request.issuer.id, self.config.institution.id
            )));
        }
        request.issuer = self.config.institution.clone();
        let (credential_id, issued_at) = match &existing {
            Some(record) if record.state != RecordState::Pending => return Ok(Prepare::Already(record.clone())),
            Some(record) => (record.credential_id.clone(), record.issued_at),
            None => (format!("urn:uuid:{}", uuid::Uuid::new_v4()), Utc::now()),
        };
        Ok(Prepare::Ready(Box::new(Prepared {
            file_name: format!("{}.json", link_key(&credential_id)),
            credential_id,
            issued_at,
            pending: existing,
            replaces: options.replaces.clone(),
            request,
        })))
    }

    /// Build the unsigned credential of a prepared request and check it against Annex I
    /// (refused when not conformant, unless the options allow it).
    pub(crate) fn build(&self, prepared: &Prepared, options: &IssueOptions<'_>) -> Result<Value, IssueError> {
        let context = BuildContext::new(
            prepared.credential_id.clone(),
            XsdDateTime::from_utc(prepared.issued_at),
        );
        let built = match &self.renderer {
            Some(renderer) => prepared
                .request
                .build_with_renderer(Envelope::EdcW3c, &context, renderer.as_ref()),
            None => prepared.request.build(Envelope::EdcW3c, &context),
        }
        .map_err(|e| IssueError::Request(e.to_string()))?;
        let credential = built.to_value();
        let report = annex1::check(&credential);
        if !report.conformant() && !options.allow_nonconformant {
            let missing: Vec<&str> = report.missing().map(|f| f.label).collect();
            return Err(IssueError::NotConformant(missing.join(", ")));
        }
        Ok(credential)
    }

    /// Add the status entries of `record` to the built `credential` and sign it.
    pub(crate) fn seal(
        &self,
        prepared: &Prepared,
        mut credential: Value,
        record: &Record,
    ) -> Result<Value, IssueError> {
        let entries: Vec<Value> = [StatusPurpose::Revocation, StatusPurpose::Suspension]
            .into_iter()
            .map(|purpose| {
                let url = self.urls.url(record.list, purpose);
                let mut entry =
                    BitstringStatusListEntry::new(purpose, StatusListIndex::new(record.index), &url).to_json();
                if let Some(object) = entry.as_object_mut() {
                    object.insert(
                        "id".into(),
                        Value::String(format!("{}#{}", prepared.credential_id, purpose_name(purpose))),
                    );
                }
                entry
            })
            .collect();
        if let Some(object) = credential.as_object_mut() {
            object.insert("credentialStatus".into(), Value::Array(entries));
        }
        let signed = self
            .integrity
            .sign_credential_owned(
                credential,
                self.signer.as_ref(),
                &ProofOptions::new(self.suite, prepared.issued_at),
            )
            .map_err(|e| IssueError::Sign(e.to_string()))?;
        Ok(signed)
    }

    /// The certificate PDF of a signed credential, in its primary language, with the file attached.
    pub(crate) fn certificate_pdf(
        &self,
        signed: &Value,
        bytes: &[u8],
        credential_id: &str,
    ) -> Result<Vec<u8>, IssueError> {
        let credential = microcred_model::EuropeanDigitalCredential::from_value(signed.clone())
            .map_err(|e| IssueError::Request(e.to_string()))?;
        let language = primary_language(&credential)?;
        self.page_renderer(credential_id)?
            .pdf(bytes, &language)
            .map_err(|e| IssueError::Render(e.to_string()))
    }

    /// A renderer whose QR code carries this office's verification link of `credential_id`.
    pub(crate) fn page_renderer(&self, credential_id: &str) -> Result<microcred_render::Renderer, IssueError> {
        let link = self.config.verification_link(credential_id);
        let template = microcred_render::LinkTemplate::new(&link).map_err(|e| IssueError::Render(e.to_string()))?;
        let options = microcred_render::RenderOptions::default()
            .verification_link(template)
            .dpi(96)
            .map_err(|e| IssueError::Render(e.to_string()))?;
        Ok(microcred_render::Renderer::with_options(options))
    }
}

/// The credential's primary display language (English when it names none).
pub(crate) fn primary_language(
    credential: &microcred_model::EuropeanDigitalCredential,
) -> Result<microcred_model::LanguageTag, IssueError> {
    let code = credential
        .display_parameter
        .as_ref()
        .and_then(|d| d.primary_language.as_ref())
        .and_then(|c| microcred_model::vocab::Language::from_iri(&c.id))
        .map_or("en", |l| l.code());
    microcred_model::LanguageTag::new(code).map_err(|e| IssueError::Render(e.to_string()))
}

fn purpose_name(purpose: StatusPurpose) -> &'static str {
    match purpose {
        StatusPurpose::Suspension => "suspension",
        _ => "revocation",
    }
}

/// The prefix of our temporary files: a killed run may leave some behind, and the next batch
/// removes them (see [`remove_stale_temporaries`]).
pub(crate) const TEMP_PREFIX: &str = ".microcred-tmp-";

/// Remove temporary files a killed run left in `dir`. They were never renamed into place, so
/// no record points to them.
pub(crate) fn remove_stale_temporaries(dir: &Path) -> Result<usize, IssueError> {
    let mut removed = 0;
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(IssueError::Io(format!("{}: {e}", dir.display()))),
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            std::fs::remove_file(entry.path())
                .map_err(|e| IssueError::Io(format!("{}: {e}", entry.path().display())))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The bytes of a signed credential's file: compact JSON, as Europass writes EDC files. A third
/// smaller than pretty-printed, and serialized in half the time, which matters in batches.
pub(crate) fn credential_file_bytes(signed: &Value) -> Result<Vec<u8>, IssueError> {
    let mut bytes = Vec::new();
    write_credential_file(signed, &mut bytes)?;
    Ok(bytes)
}

/// [`credential_file_bytes`] into `bytes` (cleared first, its allocation reused).
pub(crate) fn write_credential_file(signed: &Value, bytes: &mut Vec<u8>) -> Result<(), IssueError> {
    bytes.clear();
    serde_json::to_writer(&mut *bytes, signed).map_err(|e| IssueError::Io(e.to_string()))
}

/// Who may read a file the office writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Access {
    /// Only the owner (mode 0600 on Unix): credential files, certificates and the batch
    /// manifest, which carry personal data until they are handed to the learner.
    Private,
    /// Whoever the process's umask lets read a new file (mode 0666 minus the umask, usually
    /// 0644): published status lists and verification pages, which a web server running as
    /// another user must be able to read.
    Public,
}

/// Write `bytes` to `path` atomically (temporary file in the same directory, synced, renamed).
pub fn write_atomic(path: &Path, bytes: &[u8], access: Access) -> Result<(), IssueError> {
    write_replace(path, bytes, true, access).map(drop)
}

/// Write `bytes` to `path` through a temporary file and a rename, so a reader (or a killed
/// process) never sees a torn file; `sync` forces the data to disk first. Batches write a chunk
/// without `sync`, then sync the returned files and their directory together (see [`sync_all`]).
pub(crate) fn write_replace(
    path: &Path,
    bytes: &[u8],
    sync: bool,
    access: Access,
) -> Result<std::fs::File, IssueError> {
    use std::io::Write as _;
    let dir: PathBuf = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir).map_err(|e| IssueError::Io(format!("{}: {e}", dir.display())))?;
    let fail = |e: std::io::Error| IssueError::Io(format!("{}: {e}", path.display()));
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    if access == Access::Public {
        use std::os::unix::fs::PermissionsExt as _;
        // Passed to open(2), so the umask applies, as for any newly created file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    #[cfg(not(unix))]
    let _ = access;
    let mut file = builder.tempfile_in(&dir).map_err(fail)?;
    file.write_all(bytes).map_err(fail)?;
    if sync {
        file.as_file().sync_all().map_err(fail)?;
    }
    file.persist(path).map_err(|e| fail(e.error))
}

/// Make a chunk of files written by [`write_replace`] durable: one `syncfs` of the file system
/// holding `dir` (data and directory entries together) instead of one `fsync` per file, which
/// would cost more than signing them. Elsewhere than Linux, each file and the directory are
/// synced in turn.
pub(crate) fn sync_all(files: &[std::fs::File], dir: &Path) -> Result<(), IssueError> {
    let fail = |e: std::io::Error| IssueError::Io(format!("{}: {e}", dir.display()));
    let handle = std::fs::File::open(dir).map_err(fail)?;
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        rustix::fs::syncfs(&handle).map_err(|e| fail(e.into()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        for file in files {
            file.sync_data().map_err(fail)?;
        }
        handle.sync_all().map_err(fail)
    }
}
