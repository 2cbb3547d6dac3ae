//! Batch issuing from CSV (one learner per row, the course by reference to a course file) or
//! JSON Lines (one request per line). A bad row is reported with its row and column and the
//! batch goes on; issuing is idempotent by request id, so a rerun issues nothing twice.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use microcred_model::IssuanceRequest;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::IssueError;
use chrono::Utc;

use crate::issuer::{
    Access, IssueOptions, Issuer, Prepare, Prepared, credential_file_bytes, remove_stale_temporaries, sync_all,
    write_atomic, write_replace,
};
use crate::store::{Reservation, Store, sha256_hex};

/// How many rows share one registry transaction and one file-system sync.
const CHUNK: usize = 256;

fn failed_entry(line: u64, request_id: Option<String>, error: RowError) -> ManifestEntry {
    ManifestEntry {
        line,
        request_id,
        outcome: "failed",
        credential_id: None,
        file: None,
        sha256: None,
        verification_link: None,
        error: Some(error),
    }
}

/// A row that could not be issued: where, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// The line in the file (1-based; for CSV the header is line 1).
    pub line: u64,
    /// The column (CSV: its header name and 1-based number) or the JSON path (JSON Lines).
    pub column: Option<String>,
    /// What was wrong.
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column {column}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// One request of a batch, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchItem {
    /// The line it came from.
    pub line: u64,
    /// The request.
    pub request: IssuanceRequest,
}

/// The CSV columns a batch understands. `course` names a course file (JSON) beside the CSV.
pub const CSV_COLUMNS: &[&str] = &[
    "requestId",
    "course",
    "learnerId",
    "givenName",
    "familyName",
    "fullName",
    "dateOfBirth",
    "email",
    "studentReference",
    "grade",
    "awardingDate",
    "validFrom",
    "validUntil",
];

/// Where a request field comes from in a CSV row.
fn csv_column_of(field: &str) -> Option<&'static str> {
    let map: &[(&str, &str)] = &[
        ("learner.id", "learnerId"),
        ("learner.givenName", "givenName"),
        ("learner.familyName", "familyName"),
        ("learner.fullName", "fullName"),
        ("learner.dateOfBirth", "dateOfBirth"),
        ("learner.email", "email"),
        ("learner.studentReference", "studentReference"),
        ("grade", "grade"),
        ("awardingDate", "awardingDate"),
        ("validFrom", "validFrom"),
        ("validUntil", "validUntil"),
        ("requestId", "requestId"),
    ];
    map.iter()
        .find(|(prefix, _)| field == *prefix || field.starts_with(&format!("{prefix}.")))
        .map(|(_, column)| *column)
}

/// The field path inside a model error message (`request field `learner.email`: ...`).
fn field_of(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let end = start + message.get(start..)?.find('`')?;
    message.get(start..end)
}

/// Read a CSV batch. `issuer` is the institution (the course files do not repeat it). Each
/// item is a request or the error of its row.
pub fn read_csv(
    path: &Path,
    issuer: &microcred_model::request::IssuerData,
) -> Result<Vec<Result<BatchItem, RowError>>, IssueError> {
    let base = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| IssueError::Io(format!("{}: {e}", path.display())))?;
    let headers = reader
        .headers()
        .map_err(|e| IssueError::Io(format!("{}: {e}", path.display())))?
        .clone();
    for (i, header) in headers.iter().enumerate() {
        if !CSV_COLUMNS.contains(&header) {
            return Err(IssueError::Request(format!(
                "{}: line 1, column {} (`{header}`): unknown column; the columns are {}",
                path.display(),
                i + 1,
                CSV_COLUMNS.join(", ")
            )));
        }
    }
    for required in ["course", "givenName", "familyName"] {
        if !headers.iter().any(|h| h == required) {
            return Err(IssueError::Request(format!(
                "{}: line 1: the column `{required}` is required",
                path.display()
            )));
        }
    }
    let column_number = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .map(|i| format!("{} (`{name}`)", i + 1))
    };
    let mut courses: HashMap<String, Result<Map<String, Value>, String>> = HashMap::new();
    let mut items = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let line = n as u64 + 2;
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                items.push(Err(RowError {
                    line,
                    column: None,
                    message: e.to_string(),
                }));
                continue;
            }
        };
        let cell = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let Some(course_ref) = cell("course") else {
            items.push(Err(RowError {
                line,
                column: column_number("course"),
                message: "empty: name the course file".into(),
            }));
            continue;
        };
        let course = courses
            .entry(course_ref.to_owned())
            .or_insert_with(|| read_course(&base, course_ref))
            .clone();
        let course = match course {
            Ok(course) => course,
            Err(message) => {
                items.push(Err(RowError {
                    line,
                    column: column_number("course"),
                    message,
                }));
                continue;
            }
        };
        if let Some(column) = ["givenName", "familyName"].into_iter().find(|c| cell(c).is_none()) {
            items.push(Err(RowError {
                line,
                column: column_number(column),
                message: "empty: a value is required".into(),
            }));
            continue;
        }
        let mut request = course;
        request.insert("issuer".into(), serde_json::to_value(issuer).unwrap_or(Value::Null));
        let mut learner = Map::new();
        for (column, key) in [
            ("learnerId", "id"),
            ("givenName", "givenName"),
            ("familyName", "familyName"),
            ("fullName", "fullName"),
            ("dateOfBirth", "dateOfBirth"),
            ("email", "email"),
            ("studentReference", "studentReference"),
        ] {
            if let Some(value) = cell(column) {
                learner.insert(key.into(), Value::String(value.to_owned()));
            }
        }
        request.insert("learner".into(), Value::Object(learner));
        for column in ["requestId", "grade", "awardingDate", "validFrom", "validUntil"] {
            if let Some(value) = cell(column) {
                request.insert(column.into(), Value::String(value.to_owned()));
            }
        }
        match IssuanceRequest::from_json_str(&Value::Object(request).to_string()) {
            Ok(request) => items.push(Ok(BatchItem { line, request })),
            Err(e) => {
                let message = e.to_string();
                let column = field_of(&message).and_then(csv_column_of).and_then(column_number);
                items.push(Err(RowError { line, column, message }));
            }
        }
    }
    Ok(items)
}

fn read_course(base: &Path, reference: &str) -> Result<Map<String, Value>, String> {
    let relative = Path::new(reference);
    if relative.is_absolute()
        || relative
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(format!(
            "`{reference}`: a course file must be beside the CSV (no absolute path, no `..`)"
        ));
    }
    let path = base.join(relative);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read course file `{reference}`: {e}"))?;
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => {
            if let Some(key) = map
                .keys()
                .find(|k| !["language", "course", "display", "validUntil"].contains(&k.as_str()))
            {
                return Err(format!(
                    "course file `{reference}`: unexpected key `{key}` (allowed: language, course, display, validUntil)"
                ));
            }
            Ok(map)
        }
        Ok(_) => Err(format!("course file `{reference}`: not a JSON object")),
        Err(e) => Err(format!("course file `{reference}`: not valid JSON: {e}")),
    }
}

/// Read a JSON Lines batch: one full issuance request per line.
pub fn read_jsonl(path: &Path) -> Result<Vec<Result<BatchItem, RowError>>, IssueError> {
    let text = std::fs::read_to_string(path).map_err(|e| IssueError::Io(format!("{}: {e}", path.display())))?;
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            let line_number = n as u64 + 1;
            IssuanceRequest::from_json_str(line)
                .map(|request| BatchItem {
                    line: line_number,
                    request,
                })
                .map_err(|e| {
                    let message = e.to_string();
                    RowError {
                        line: line_number,
                        column: field_of(&message).map(str::to_owned),
                        message,
                    }
                })
        })
        .collect())
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestEntry {
    /// The input line.
    pub line: u64,
    /// The request id.
    pub request_id: Option<String>,
    /// `issued`, `already-issued` or `failed`.
    pub outcome: &'static str,
    /// The credential id.
    pub credential_id: Option<String>,
    /// The credential file, relative to the output directory.
    pub file: Option<String>,
    /// SHA-256 of the file.
    pub sha256: Option<String>,
    /// The verification link.
    pub verification_link: Option<String>,
    /// Why it failed.
    pub error: Option<RowError>,
}

/// What a batch did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchReport {
    /// Newly issued.
    pub issued: usize,
    /// Issued by an earlier run.
    pub already_issued: usize,
    /// Failed rows.
    pub failed: usize,
    /// One entry per input row.
    pub manifest: Vec<ManifestEntry>,
}

impl<S: Store> Issuer<S> {
    /// Issue every item into `out_dir`, then write `out_dir/manifest.json`. A bad row is
    /// recorded and skipped; a registry or file failure stops the batch (rerun to resume).
    /// Rows go in chunks: one transaction reserves a chunk's indices, the files are written and
    /// synced once, one transaction marks them issued. A crash anywhere leaves pending records
    /// that the rerun resumes, and every file on disk has its record.
    /// `progress` is called after each item with (done, total).
    pub fn issue_batch(
        &mut self,
        items: Vec<Result<BatchItem, RowError>>,
        out_dir: &Path,
        allow_nonconformant: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BatchReport, IssueError> {
        std::fs::create_dir_all(out_dir).map_err(|e| IssueError::Io(format!("{}: {e}", out_dir.display())))?;
        remove_stale_temporaries(out_dir)?;
        let total = items.len();
        let mut report = BatchReport {
            issued: 0,
            already_issued: 0,
            failed: 0,
            manifest: Vec::with_capacity(total),
        };
        let options = IssueOptions {
            allow_nonconformant,
            out_dir: Some(out_dir),
            replaces: None,
            pdf: false,
        };
        let mut items = items.into_iter().peekable();
        // The files of a chunk are written and synced on a second thread while this one
        // prepares and signs the next chunk: the disk's latency overlaps signing. A chunk is
        // marked issued only once its files are durable, so the crash guarantees are those of
        // a sequential run (see `write_chunk`).
        std::thread::scope(|scope| -> Result<(), IssueError> {
            let (jobs, job_rx) = std::sync::mpsc::sync_channel::<Vec<FileJob>>(1);
            let (done_tx, done) = std::sync::mpsc::channel::<Result<Written, IssueError>>();
            let writer = scope.spawn(move || {
                for chunk in job_rx {
                    let result = write_chunk(chunk, out_dir);
                    let failed = result.is_err();
                    if done_tx.send(result).is_err() || failed {
                        break;
                    }
                }
            });
            let mut in_flight: Option<Vec<(u64, Option<String>)>> = None;
            while items.peek().is_some() {
                let chunk: Vec<_> = items.by_ref().take(CHUNK).collect();
                let ready = self.prepare_chunk(chunk, &options, &mut report)?;
                // Reserve the new ones in one transaction (resumed ones keep their record).
                let fresh: Vec<Reservation> = ready
                    .iter()
                    .filter(|(_, p)| p.pending.is_none())
                    .map(|(_, p)| p.reservation())
                    .collect();
                let mut reserved = self.store_mut().reserve_many(fresh)?.into_iter();
                // Sign every credential of the chunk (and render its certificate).
                let mut files = Vec::with_capacity(ready.len());
                let mut lines = Vec::with_capacity(ready.len());
                for (line, mut prepared) in ready {
                    let record = match prepared.pending.take() {
                        Some(record) => record,
                        None => reserved
                            .next()
                            .ok_or_else(|| IssueError::Io("the registry reserved fewer records than asked".into()))?,
                    };
                    let signed = self.seal(&mut prepared, &record)?;
                    let (bytes, pdf) = if self.writes_pdfs() {
                        let bytes = credential_file_bytes(&signed)?;
                        let pdf = self.certificate_pdf(&signed, &bytes, &prepared.credential_id)?;
                        let name = format!("{}.pdf", crate::issuer::link_key(&prepared.credential_id));
                        (Some(bytes), Some((name, pdf)))
                    } else {
                        (None, None)
                    };
                    files.push(FileJob {
                        credential_id: prepared.credential_id,
                        file_name: record.file_name,
                        signed,
                        bytes,
                        pdf,
                    });
                    lines.push((line, prepared.request_id));
                }
                // Mark the previous chunk issued once its files are durable, then hand this
                // chunk to the writer.
                if let Some(previous) = in_flight.take() {
                    self.finish_chunk(previous, &done, &mut report)?;
                    progress(report.manifest.len(), total);
                }
                if files.is_empty() {
                    progress(report.manifest.len(), total);
                    continue;
                }
                if jobs.send(files).is_err() {
                    // The writer stopped: its error is waiting in `done`.
                    return self.finish_chunk(lines, &done, &mut report);
                }
                in_flight = Some(lines);
            }
            if let Some(previous) = in_flight.take() {
                self.finish_chunk(previous, &done, &mut report)?;
                progress(report.manifest.len(), total);
            }
            drop(jobs);
            writer
                .join()
                .map_err(|_| IssueError::Io("the file writer thread failed".into()))
        })?;
        report.manifest.sort_by_key(|entry| entry.line);
        let bytes = serde_json::to_vec_pretty(&report).map_err(|e| IssueError::Io(e.to_string()))?;
        write_atomic(&out_dir.join("manifest.json"), &bytes, Access::Private)?;
        Ok(report)
    }

    /// Check and build every request of a chunk; nothing is stored yet. Bad rows, repeated
    /// request ids and requests issued before go straight into the report.
    fn prepare_chunk(
        &self,
        chunk: Vec<Result<BatchItem, RowError>>,
        options: &IssueOptions<'_>,
        report: &mut BatchReport,
    ) -> Result<Vec<(u64, Prepared)>, IssueError> {
        let mut ready: Vec<(u64, Prepared)> = Vec::with_capacity(chunk.len());
        let mut seen: HashMap<String, u64> = HashMap::new();
        for item in chunk {
            let BatchItem { line, request } = match item {
                Ok(item) => item,
                Err(error) => {
                    report.failed += 1;
                    report.manifest.push(failed_entry(error.line, None, error));
                    continue;
                }
            };
            if let Some(id) = &request.request_id {
                if let Some(first) = seen.insert(id.clone(), line) {
                    let message = format!("request id `{id}` repeats line {first}");
                    let error = RowError {
                        line,
                        column: Some("requestId".into()),
                        message,
                    };
                    report.failed += 1;
                    report.manifest.push(failed_entry(line, request.request_id, error));
                    continue;
                }
            }
            let request_id = request.request_id.clone();
            match self.prepare(request, options) {
                Ok(Prepare::Ready(prepared)) => ready.push((line, prepared)),
                Ok(Prepare::Already(record)) => {
                    report.already_issued += 1;
                    report
                        .manifest
                        .push(self.record_entry(line, request_id, "already-issued", record));
                }
                Err(error @ (IssueError::Request(_) | IssueError::NotConformant(_))) => {
                    let message = error.to_string();
                    let column = field_of(&message).map(str::to_owned);
                    let error = RowError { line, column, message };
                    report.failed += 1;
                    report.manifest.push(failed_entry(line, request_id, error));
                }
                Err(other) => return Err(other),
            }
        }
        Ok(ready)
    }

    /// Wait until the writer has made a chunk durable, then mark its records issued in one
    /// transaction. `lines` are the chunk's (line, request id), in the order sent.
    fn finish_chunk(
        &mut self,
        lines: Vec<(u64, Option<String>)>,
        done: &std::sync::mpsc::Receiver<Result<Written, IssueError>>,
        report: &mut BatchReport,
    ) -> Result<(), IssueError> {
        let Written { hashes, signed } = done
            .recv()
            .map_err(|_| IssueError::Io("the file writer thread stopped".into()))??;
        // Freed here, by the thread that allocated them: glibc's allocator serializes frees
        // of one thread's memory by another on that thread's arena lock, which slowed signing.
        drop(signed);
        let issued = self.store_mut().mark_issued_many(&hashes, Utc::now())?;
        for ((line, request_id), record) in lines.into_iter().zip(issued) {
            report.issued += 1;
            report
                .manifest
                .push(self.record_entry(line, request_id, "issued", record));
        }
        Ok(())
    }

    /// The manifest entry of a row that has its record.
    fn record_entry(
        &self,
        line: u64,
        request_id: Option<String>,
        outcome: &'static str,
        record: crate::store::Record,
    ) -> ManifestEntry {
        ManifestEntry {
            line,
            request_id,
            outcome,
            verification_link: Some(self.config().verification_link(&record.credential_id)),
            credential_id: Some(record.credential_id),
            file: Some(record.file_name),
            sha256: record.sha256,
            error: None,
        }
    }
}

/// What the writer thread returns for a chunk: `(credential id, sha256 of the file)` in order,
/// and the signed credentials, handed back to be freed where they were allocated.
struct Written {
    hashes: Vec<(String, String)>,
    signed: Vec<Value>,
}

/// One signed credential for the writer thread.
struct FileJob {
    credential_id: String,
    file_name: String,
    signed: Value,
    /// The file's bytes when already serialized (for the certificate PDF).
    bytes: Option<Vec<u8>>,
    /// The certificate PDF: file name and bytes.
    pdf: Option<(String, Vec<u8>)>,
}

/// Write a chunk's files (each through a temporary file renamed into place, so never torn),
/// then make them durable with one sync (see [`Written`]). Only after this returns are the
/// records marked issued: a crash before leaves pending
/// records, which the rerun resumes and whose files it overwrites.
fn write_chunk(chunk: Vec<FileJob>, out_dir: &Path) -> Result<Written, IssueError> {
    let mut hashes = Vec::with_capacity(chunk.len());
    let mut signed = Vec::with_capacity(chunk.len());
    let mut files = Vec::with_capacity(chunk.len());
    for job in chunk {
        let bytes = match job.bytes {
            Some(bytes) => bytes,
            None => credential_file_bytes(&job.signed)?,
        };
        files.push(write_replace(
            &out_dir.join(&job.file_name),
            &bytes,
            false,
            Access::Private,
        )?);
        if let Some((name, pdf)) = &job.pdf {
            files.push(write_replace(&out_dir.join(name), pdf, false, Access::Private)?);
        }
        hashes.push((job.credential_id, sha256_hex(&bytes)));
        signed.push(job.signed);
    }
    if !files.is_empty() {
        sync_all(&files, out_dir)?;
    }
    Ok(Written { hashes, signed })
}
