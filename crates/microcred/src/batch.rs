//! Batch issuing from CSV (one learner per row, the course by reference to a course file) or
//! JSON Lines (one request per line). A bad row is reported with its row and column and the
//! batch goes on; issuing is idempotent by request id, so a rerun issues nothing twice.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Utc;
use microcred_model::IssuanceRequest;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::IssueError;
use crate::issuer::{
    Access, IssueOptions, Issuer, Office, Prepare, Prepared, remove_stale_temporaries, sync_all, write_atomic,
    write_credential_file, write_replace,
};
use crate::store::{Record, Reservation, Store, sha256_hex};

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

/// The manifest entry of a row whose request failed its checks.
fn row_failure(line: u64, request_id: Option<String>, error: &IssueError) -> ManifestEntry {
    let message = error.to_string();
    let column = field_of(&message).map(str::to_owned);
    failed_entry(line, request_id, RowError { line, column, message })
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

impl<S: Store + Send> Issuer<S> {
    /// Issue every item into `out_dir`, then write `out_dir/manifest.json`. A bad row is
    /// recorded and skipped; a registry or file failure stops the batch (rerun to resume).
    /// Rows go in chunks: one transaction reserves a chunk's indices, the files are written and
    /// synced once, one transaction marks them issued. A crash anywhere leaves pending records
    /// that the rerun resumes, and every file on disk has its record.
    /// `progress` is called after each chunk with (done, total).
    ///
    /// Two threads share the work: this one checks, builds, signs and serializes; a second one
    /// runs the registry's transactions and writes and syncs the files. The second reserves
    /// the next chunk's records while this one signs the current chunk, and writes a chunk while
    /// this one signs the next, so that neither the registry nor the disk holds up signing.
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
        let (office, store) = self.split();
        let store = Mutex::new(store);
        let mut batch = Batch {
            office,
            store: &store,
            options: &options,
            out_dir,
            items: items.into_iter(),
            seen: HashMap::new(),
            buffers: Vec::new(),
            sent: VecDeque::new(),
            report: &mut report,
            total,
            progress,
        };
        std::thread::scope(|scope| -> Result<(), IssueError> {
            let (tasks, task_rx) = std::sync::mpsc::sync_channel::<Task>(2);
            let (done_tx, done) = std::sync::mpsc::channel::<Result<Done, IssueError>>();
            let store = &store;
            let writer = scope.spawn(move || registry_and_files(&task_rx, &done_tx, store, out_dir));
            let result = batch.run(&tasks, &done);
            // Stop the second thread (it finishes the task in hand) before reporting.
            drop(tasks);
            let joined = writer
                .join()
                .map_err(|_| IssueError::Io("the registry and file thread failed".into()));
            result.and(joined)
        })?;
        report.manifest.sort_by_key(|entry| entry.line);
        let bytes = serde_json::to_vec_pretty(&report).map_err(|e| IssueError::Io(e.to_string()))?;
        write_atomic(&out_dir.join("manifest.json"), &bytes, Access::Private)?;
        Ok(report)
    }
}

/// The signing side of a running batch.
struct Batch<'a, S: Store> {
    office: &'a Office,
    store: &'a Mutex<&'a mut S>,
    options: &'a IssueOptions<'a>,
    out_dir: &'a Path,
    items: std::vec::IntoIter<Result<BatchItem, RowError>>,
    /// Every request id of the batch so far, with its line: a repeat is a bad row.
    seen: HashMap<String, u64>,
    /// File buffers handed back by the writer, for reuse.
    buffers: Vec<Vec<u8>>,
    /// The (line, request id) of each chunk handed to the writer and not yet marked issued.
    sent: VecDeque<Vec<(u64, Option<String>)>>,
    report: &'a mut BatchReport,
    total: usize,
    progress: &'a mut dyn FnMut(usize, usize),
}

/// A chunk checked and given its credential ids, waiting for its records.
struct PreparedChunk {
    ready: Vec<(u64, Prepared)>,
}

impl<S: Store> Batch<'_, S> {
    fn run(
        &mut self,
        tasks: &std::sync::mpsc::SyncSender<Task>,
        done: &std::sync::mpsc::Receiver<Result<Done, IssueError>>,
    ) -> Result<(), IssueError> {
        let mut next = self.prepare_next(tasks, done)?;
        while let Some(chunk) = next.take() {
            let reserved = loop {
                match receive(done)? {
                    Done::Reserved(records) => break records,
                    Done::Marked(marked) => self.finish(marked)?,
                }
            };
            // The next chunk is reserved while this one is signed.
            next = self.prepare_next(tasks, done)?;
            let (files, lines) = self.sign(chunk, reserved)?;
            if !files.is_empty() {
                send(tasks, done, Task::Files(files))?;
                self.sent.push_back(lines);
            } else {
                (self.progress)(self.report.manifest.len(), self.total);
            }
        }
        while !self.sent.is_empty() {
            match receive(done)? {
                Done::Marked(marked) => self.finish(marked)?,
                Done::Reserved(_) => return Err(IssueError::Io("an unexpected reservation".into())),
            }
        }
        Ok(())
    }

    /// Check the next chunk and ask the writer to reserve its new records (resumed ones keep
    /// theirs). Bad rows, repeated request ids and requests issued before go straight into the
    /// report. `None` at the end of the items.
    fn prepare_next(
        &mut self,
        tasks: &std::sync::mpsc::SyncSender<Task>,
        done: &std::sync::mpsc::Receiver<Result<Done, IssueError>>,
    ) -> Result<Option<PreparedChunk>, IssueError> {
        let chunk: Vec<_> = self.items.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            return Ok(None);
        }
        let mut ready: Vec<(u64, Prepared)> = Vec::with_capacity(chunk.len());
        // Earlier issuances of the chunk's request ids, in one registry query.
        let mut existing = {
            let ids: Vec<&str> = chunk
                .iter()
                .filter_map(|item| item.as_ref().ok()?.request.request_id.as_deref())
                .collect();
            lock(self.store)?.records_by_requests(&ids)?
        };
        for item in chunk {
            let BatchItem { line, request } = match item {
                Ok(item) => item,
                Err(error) => {
                    self.report.failed += 1;
                    self.report.manifest.push(failed_entry(error.line, None, error));
                    continue;
                }
            };
            if let Some(id) = &request.request_id {
                if let Some(first) = self.seen.insert(id.clone(), line) {
                    let message = format!("request id `{id}` repeats line {first}");
                    let error = RowError {
                        line,
                        column: Some("requestId".into()),
                        message,
                    };
                    self.report.failed += 1;
                    self.report.manifest.push(failed_entry(line, request.request_id, error));
                    continue;
                }
            }
            let request_id = request.request_id.clone();
            let earlier = request_id.as_deref().and_then(|id| existing.remove(id));
            match self.office.prepare(request, self.options, earlier) {
                Ok(Prepare::Ready(prepared)) => ready.push((line, *prepared)),
                Ok(Prepare::Already(record)) => {
                    self.report.already_issued += 1;
                    let entry = record_entry(self.office, line, request_id, "already-issued", record);
                    self.report.manifest.push(entry);
                }
                Err(error @ (IssueError::Request(_) | IssueError::NotConformant(_))) => {
                    self.report.failed += 1;
                    self.report.manifest.push(row_failure(line, request_id, &error));
                }
                Err(other) => return Err(other),
            }
        }
        let fresh: Vec<Reservation> = ready
            .iter()
            .filter(|(_, p)| p.pending.is_none())
            .map(|(_, p)| p.reservation())
            .collect();
        send(tasks, done, Task::Reserve(fresh))?;
        Ok(Some(PreparedChunk { ready }))
    }

    /// Build, check, sign and serialize each credential of a chunk in turn (and render its
    /// certificate), so that it is still in this core's cache at every step: building the
    /// whole chunk first made signing a third slower. Each credential is freed here, right
    /// after; only its bytes go to the writer (handing the trees over cost a third more CPU:
    /// the writer read them cold, and freeing them on either thread contended with this
    /// thread's allocator). A request that fails its checks now gives its record back.
    /// Returns the files and, in the same order, their (line, request id).
    #[allow(clippy::type_complexity)]
    fn sign(
        &mut self,
        chunk: PreparedChunk,
        reserved: Vec<Record>,
    ) -> Result<(Vec<FileJob>, Vec<(u64, Option<String>)>), IssueError> {
        let mut reserved = reserved.into_iter();
        let mut files = Vec::with_capacity(chunk.ready.len());
        let mut lines = Vec::with_capacity(chunk.ready.len());
        let mut released = Vec::new();
        for (line, mut prepared) in chunk.ready {
            let (record, resumed) = match prepared.pending.take() {
                Some(record) => (record, true),
                None => (
                    reserved
                        .next()
                        .ok_or_else(|| IssueError::Io("the registry reserved fewer records than asked".into()))?,
                    false,
                ),
            };
            let credential = match self.office.build(&prepared, self.options) {
                Ok(credential) => credential,
                Err(error @ (IssueError::Request(_) | IssueError::NotConformant(_))) => {
                    self.report.failed += 1;
                    self.report
                        .manifest
                        .push(row_failure(line, prepared.request.request_id, &error));
                    released.push((record, resumed));
                    continue;
                }
                Err(other) => return Err(other),
            };
            let signed = self.office.seal(&prepared, credential, &record)?;
            let mut bytes = self.buffers.pop().unwrap_or_default();
            write_credential_file(&signed, &mut bytes)?;
            let pdf = if self.office.pdf {
                let pdf = self.office.certificate_pdf(&signed, &bytes, &prepared.credential_id)?;
                let name = format!("{}.pdf", crate::issuer::link_key(&prepared.credential_id));
                Some((name, pdf))
            } else {
                None
            };
            drop(signed);
            lines.push((line, prepared.request.request_id));
            files.push(FileJob {
                credential_id: prepared.credential_id,
                file_name: record.file_name,
                bytes,
                pdf,
            });
        }
        if !released.is_empty() {
            self.release_failed(released)?;
        }
        Ok((files, lines))
    }

    /// Give back the records of requests that failed their checks after their chunk was
    /// reserved. A record resumed from an interrupted run may have a file from that run: it is
    /// removed, durably, before the record goes, so that no file is left without its record.
    fn release_failed(&mut self, released: Vec<(Record, bool)>) -> Result<(), IssueError> {
        let mut removed = false;
        for (record, resumed) in &released {
            if *resumed {
                let path = self.out_dir.join(&record.file_name);
                match std::fs::remove_file(&path) {
                    Ok(()) => removed = true,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(IssueError::Io(format!("{}: {e}", path.display()))),
                }
            }
        }
        if removed {
            sync_all(&[], self.out_dir)?;
        }
        let ids: Vec<String> = released.into_iter().map(|(record, _)| record.credential_id).collect();
        lock(self.store)?.release_many(&ids, Utc::now())?;
        Ok(())
    }

    /// Record a chunk the writer made durable and marked issued.
    fn finish(&mut self, marked: Marked) -> Result<(), IssueError> {
        let Marked { records, buffers } = marked;
        self.buffers.extend(buffers);
        let lines = self
            .sent
            .pop_front()
            .ok_or_else(|| IssueError::Io("a chunk was marked issued twice".into()))?;
        for ((line, request_id), record) in lines.into_iter().zip(records) {
            self.report.issued += 1;
            let entry = record_entry(self.office, line, request_id, "issued", record);
            self.report.manifest.push(entry);
        }
        (self.progress)(self.report.manifest.len(), self.total);
        Ok(())
    }
}

/// The manifest entry of a row that has its record.
fn record_entry(
    office: &Office,
    line: u64,
    request_id: Option<String>,
    outcome: &'static str,
    record: Record,
) -> ManifestEntry {
    ManifestEntry {
        line,
        request_id,
        outcome,
        verification_link: Some(office.config.verification_link(&record.credential_id)),
        credential_id: Some(record.credential_id),
        file: Some(record.file_name),
        sha256: record.sha256,
        error: None,
    }
}

fn lock<'a, 'b, S>(store: &'a Mutex<&'b mut S>) -> Result<std::sync::MutexGuard<'a, &'b mut S>, IssueError> {
    store
        .lock()
        .map_err(|_| IssueError::Io("the registry is unusable: a thread failed while using it".into()))
}

/// What the signing thread asks of the registry and file thread, in order.
enum Task {
    /// Reserve these new records (one transaction); answered by [`Done::Reserved`].
    Reserve(Vec<Reservation>),
    /// Write these files, sync them, then mark their records issued; answered by
    /// [`Done::Marked`].
    Files(Vec<FileJob>),
}

/// The answers, in the order of the tasks. An error is the last answer.
enum Done {
    Reserved(Vec<Record>),
    Marked(Marked),
}

/// A chunk written, durable and marked issued: its records, in order, and the file buffers,
/// handed back to be reused (and freed) by the thread that allocated them.
struct Marked {
    records: Vec<Record>,
    buffers: Vec<Vec<u8>>,
}

/// One signed credential's files for the writer thread.
struct FileJob {
    credential_id: String,
    file_name: String,
    /// The credential file's bytes.
    bytes: Vec<u8>,
    /// The certificate PDF: file name and bytes.
    pdf: Option<(String, Vec<u8>)>,
}

/// The next answer of the registry and file thread: its error if it failed.
fn receive(done: &std::sync::mpsc::Receiver<Result<Done, IssueError>>) -> Result<Done, IssueError> {
    done.recv()
        .map_err(|_| IssueError::Io("the registry and file thread stopped".into()))?
}

/// Hand a task to the registry and file thread; if it has stopped, the error it stopped with
/// (its last answer, after any answers of earlier tasks).
fn send(
    tasks: &std::sync::mpsc::SyncSender<Task>,
    done: &std::sync::mpsc::Receiver<Result<Done, IssueError>>,
    task: Task,
) -> Result<(), IssueError> {
    if tasks.send(task).is_ok() {
        return Ok(());
    }
    loop {
        match done.recv() {
            Ok(Ok(_)) => continue,
            Ok(Err(error)) => return Err(error),
            Err(_) => return Err(IssueError::Io("the registry and file thread stopped".into())),
        }
    }
}

/// The second thread of a batch: the registry's transactions and the files, task by task,
/// until the first error (sent as the last answer) or the end of the tasks.
fn registry_and_files<S: Store>(
    tasks: &std::sync::mpsc::Receiver<Task>,
    done: &std::sync::mpsc::Sender<Result<Done, IssueError>>,
    store: &Mutex<&mut S>,
    out_dir: &Path,
) {
    for task in tasks {
        let answer = match task {
            Task::Reserve(reservations) if reservations.is_empty() => Ok(Done::Reserved(Vec::new())),
            Task::Reserve(reservations) => {
                lock(store).and_then(|mut store| Ok(Done::Reserved(store.reserve_many(reservations)?)))
            }
            Task::Files(chunk) => write_chunk(chunk, out_dir).and_then(|(hashes, buffers)| {
                let records = lock(store)?.mark_issued_many(&hashes, Utc::now())?;
                Ok(Done::Marked(Marked { records, buffers }))
            }),
        };
        let failed = answer.is_err();
        if done.send(answer).is_err() || failed {
            break;
        }
    }
}

/// Write a chunk's files (each through a temporary file renamed into place, so never torn),
/// then make them durable with one sync. Only after this returns are the records marked
/// issued: a crash before leaves pending records, which the rerun resumes and whose files it
/// overwrites. Returns `(credential id, sha256 of the file)` in order, and the buffers.
#[allow(clippy::type_complexity)]
fn write_chunk(chunk: Vec<FileJob>, out_dir: &Path) -> Result<(Vec<(String, String)>, Vec<Vec<u8>>), IssueError> {
    let mut hashes = Vec::with_capacity(chunk.len());
    let mut buffers = Vec::with_capacity(chunk.len());
    let mut files = Vec::with_capacity(chunk.len());
    for job in chunk {
        files.push(write_replace(
            &out_dir.join(&job.file_name),
            &job.bytes,
            false,
            Access::Private,
        )?);
        if let Some((name, pdf)) = &job.pdf {
            files.push(write_replace(&out_dir.join(name), pdf, false, Access::Private)?);
        }
        hashes.push((job.credential_id, sha256_hex(&job.bytes)));
        buffers.push(job.bytes);
    }
    if !files.is_empty() {
        sync_all(&files, out_dir)?;
    }
    Ok((hashes, buffers))
}
