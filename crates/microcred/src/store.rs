//! The registry: what an issuing office keeps about each credential, behind a [`Store`] trait so
//! an institution can plug in its own database; [`SqliteStore`] is the embedded default.
//!
//! **GDPR:** a record holds the minimum needed to revoke and audit: the credential id, the
//! SHA-256 of the signed file, the status index, the institution's own learner reference and the
//! request id. No name, no birth date, no grade: those live only in the credential file the
//! learner receives. [`Store::erase_learner`] forgets the learner reference; revocation keeps
//! working because it needs only the index.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use microcred_status::{IndexAllocator, StatusAction, StatusList, StatusListIndex, StatusPurpose};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::StoreError;

/// The state of a credential in the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum RecordState {
    /// An index is allocated and the credential is being signed (a crash here is resumed by
    /// issuing the same request again).
    Pending,
    /// Issued and in force.
    Issued,
    /// Suspended (can be reinstated).
    Suspended,
    /// Revoked (permanent).
    Revoked,
}

impl RecordState {
    fn as_str(self) -> &'static str {
        match self {
            RecordState::Pending => "pending",
            RecordState::Issued => "issued",
            RecordState::Suspended => "suspended",
            RecordState::Revoked => "revoked",
        }
    }

    fn parse(text: &str) -> Result<Self, StoreError> {
        Ok(match text {
            "pending" => RecordState::Pending,
            "issued" => RecordState::Issued,
            "suspended" => RecordState::Suspended,
            "revoked" => RecordState::Revoked,
            other => return Err(StoreError::Corrupt(format!("unknown record state `{other}`"))),
        })
    }
}

/// What the registry keeps about one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// The credential's id (`urn:uuid:...`).
    pub credential_id: String,
    /// The institution's request id, the key of idempotent issuing.
    pub request_id: Option<String>,
    /// The institution's own learner reference (erasable).
    pub learner_ref: Option<String>,
    /// The state.
    pub state: RecordState,
    /// SHA-256 (hex) of the signed credential file, once issued.
    pub sha256: Option<String>,
    /// The status list number.
    pub list: u64,
    /// The index in the revocation and suspension lists of that number.
    pub index: u64,
    /// The credential's file name.
    pub file_name: String,
    /// When it was issued (fixed at reservation, so a resumed issuance keeps it).
    pub issued_at: DateTime<Utc>,
    /// The credential this one replaces (an update).
    pub replaces: Option<String>,
    /// The credential that replaced this one.
    pub replaced_by: Option<String>,
}

/// A new credential to reserve an index for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    /// The new credential's id.
    pub credential_id: String,
    /// The request id, if any.
    pub request_id: Option<String>,
    /// The learner reference, if any.
    pub learner_ref: Option<String>,
    /// The file name the credential will be written to.
    pub file_name: String,
    /// The issue time.
    pub issued_at: DateTime<Utc>,
    /// The credential it replaces, if any.
    pub replaces: Option<String>,
}

/// One line of the audit log. Each line's hash covers its content and the previous line's hash,
/// so an edited, inserted or deleted line breaks the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Sequence number, from 1.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// What: `reserve`, `release`, `issue`, `revoke`, `suspend`, `reinstate`, `replace`, `erase`.
    pub action: String,
    /// Which credential, if any.
    pub credential_id: Option<String>,
    /// Details (JSON): reason, index, hash. Never personal data.
    pub detail: String,
    /// The previous line's hash (64 zeros for the first).
    pub prev: String,
    /// This line's hash.
    pub hash: String,
}

impl AuditEntry {
    fn compute_hash(seq: u64, at: &str, action: &str, credential_id: Option<&str>, detail: &str, prev: &str) -> String {
        let mut hasher = Sha256::new();
        for part in [
            seq.to_string().as_str(),
            at,
            action,
            credential_id.unwrap_or(""),
            detail,
            prev,
        ] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part.as_bytes());
        }
        hex(&hasher.finalize())
    }
}

/// The result of checking the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerification {
    /// How many lines were checked.
    pub entries: u64,
    /// The first line whose hash or link does not match, if any.
    pub first_broken: Option<u64>,
    /// The last hash (the chain head), to anchor externally.
    pub head: String,
}

/// A storage backend for the issuing office. Every method is one atomic transaction.
pub trait Store {
    /// The record of `credential_id`.
    fn record(&self, credential_id: &str) -> Result<Option<Record>, StoreError>;
    /// The record issued for `request_id`.
    fn record_by_request(&self, request_id: &str) -> Result<Option<Record>, StoreError>;
    /// The records issued for any of `request_ids`, by request id (batches look up a chunk's
    /// ids at once). The default asks [`Store::record_by_request`] for each.
    fn records_by_requests(&self, request_ids: &[&str]) -> Result<HashMap<String, Record>, StoreError> {
        let mut found = HashMap::new();
        for request_id in request_ids {
            if let Some(record) = self.record_by_request(request_id)? {
                found.insert((*request_id).to_owned(), record);
            }
        }
        Ok(found)
    }
    /// All records, oldest first.
    fn records(&self) -> Result<Vec<Record>, StoreError>;
    /// Allocate a status index and insert a pending record, audited, in one transaction.
    fn reserve(&mut self, reservation: Reservation) -> Result<Record, StoreError>;
    /// Mark a pending record issued with the hash of its signed file.
    fn mark_issued(&mut self, credential_id: &str, sha256: &str, at: DateTime<Utc>) -> Result<Record, StoreError>;
    /// Reserve several credentials in one transaction (batches: one commit for many).
    fn reserve_many(&mut self, reservations: Vec<Reservation>) -> Result<Vec<Record>, StoreError> {
        reservations.into_iter().map(|r| self.reserve(r)).collect()
    }
    /// Give up a pending record that will never be issued (a batch reserves a chunk's records
    /// before building each credential, and a request may still fail its checks then). The
    /// record goes; its status index stays allocated and unused; the audit log says so, with
    /// no personal data.
    fn release(&mut self, credential_id: &str, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// [`Store::release`] several records in one transaction.
    fn release_many(&mut self, credential_ids: &[String], at: DateTime<Utc>) -> Result<(), StoreError> {
        credential_ids.iter().try_for_each(|id| self.release(id, at))
    }
    /// Mark several pending records issued in one transaction: `(credential id, sha256)`.
    fn mark_issued_many(&mut self, issued: &[(String, String)], at: DateTime<Utc>) -> Result<Vec<Record>, StoreError> {
        issued.iter().map(|(id, sha)| self.mark_issued(id, sha, at)).collect()
    }
    /// Revoke, suspend or reinstate: change the status list bit, the record and the audit log
    /// in one transaction.
    fn change_status(
        &mut self,
        credential_id: &str,
        action: StatusAction,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<Record, StoreError>;
    /// Note that `old` was replaced by `new`.
    fn link_replacement(&mut self, old: &str, new: &str, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// The status lists, with their current bits.
    fn status_lists(&self) -> Result<Vec<(u64, StatusList)>, StoreError>;
    /// The audit log, oldest first.
    fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError>;
    /// Check the audit chain.
    fn verify_audit(&self) -> Result<AuditVerification, StoreError>;
    /// Forget a learner reference; returns the records that had it.
    fn erase_learner(&mut self, learner_ref: &str, at: DateTime<Utc>) -> Result<Vec<Record>, StoreError>;
    /// The credentials whose learner was erased (an `erase` line in the audit log), so that
    /// publishing removes their verification pages. The default reads the whole audit log.
    fn erased_credentials(&self) -> Result<Vec<String>, StoreError> {
        let mut ids: Vec<String> = self
            .audit_log()?
            .into_iter()
            .filter(|entry| entry.action == "erase")
            .filter_map(|entry| entry.credential_id)
            .collect();
        ids.sort();
        ids.dedup();
        Ok(ids)
    }
}

/// How status list URLs are made from the base URL and a list number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListUrls {
    base: String,
}

impl ListUrls {
    /// Lists under `base` (`https://uni.example/status`): `{base}/revocation/{n}` and
    /// `{base}/suspension/{n}`.
    pub fn new(base: &str) -> Self {
        ListUrls {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// The URL of list `list` for `purpose`.
    pub fn url(&self, list: u64, purpose: StatusPurpose) -> String {
        let name = match purpose {
            StatusPurpose::Suspension => "suspension",
            _ => "revocation",
        };
        format!("{}/{name}/{list}", self.base)
    }
}

const MIGRATIONS: &[&str] = &[
    // 1: the initial schema.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE credentials (
        credential_id TEXT PRIMARY KEY,
        request_id TEXT UNIQUE,
        learner_ref TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending', 'issued', 'suspended', 'revoked')),
        sha256 TEXT,
        list INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        replaces TEXT,
        replaced_by TEXT,
        UNIQUE (list, idx)
     );
     CREATE INDEX credentials_learner ON credentials (learner_ref);
     CREATE TABLE status_lists (
        list INTEGER NOT NULL,
        purpose TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (list, purpose)
     );
     CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        credential_id TEXT,
        detail TEXT NOT NULL,
        prev TEXT NOT NULL,
        hash TEXT NOT NULL
     );
     CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
     CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
];

/// The embedded registry: one SQLite file in WAL mode, with versioned migrations.
#[derive(Debug)]
pub struct SqliteStore {
    connection: Connection,
    urls: ListUrls,
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("bad time `{text}`: {e}")))
}

fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        for nibble in [byte >> 4, byte & 0x0f] {
            text.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    text
}

/// The SHA-256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The head of the audit chain inside one transaction: a transaction that appends many lines
/// (a batch's chunk) reads it once instead of once per line.
struct AuditHead {
    /// The sequence number of the next line.
    seq: u64,
    /// The hash of the last line (64 zeros before the first).
    prev: String,
}

impl AuditHead {
    fn read(tx: &rusqlite::Transaction<'_>) -> Result<Self, StoreError> {
        let (seq, prev) = tx
            .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
            .query_row([], |row| Ok((row.get::<_, i64>(0)? as u64, row.get(1)?)))
            .optional()?
            .map(|(seq, hash)| (seq + 1, hash))
            .unwrap_or((1, "0".repeat(64)));
        Ok(AuditHead { seq, prev })
    }

    /// Append one line and move the head to it.
    fn append(
        &mut self,
        tx: &rusqlite::Transaction<'_>,
        at: DateTime<Utc>,
        action: &str,
        credential_id: Option<&str>,
        detail: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let at = time(at);
        let detail = detail.to_string();
        let hash = AuditEntry::compute_hash(self.seq, &at, action, credential_id, &detail, &self.prev);
        tx.prepare_cached(
            "INSERT INTO audit (seq, at, action, credential_id, detail, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![self.seq as i64, at, action, credential_id, detail, self.prev, hash])?;
        self.seq += 1;
        self.prev = hash;
        Ok(())
    }
}

impl SqliteStore {
    /// Open (creating and migrating) the registry at `path`. `entries_per_list` sizes new
    /// status lists (at least 131,072 for herd privacy) and is fixed at creation.
    pub fn open(path: &Path, status_base_url: &str, entries_per_list: u64) -> Result<Self, StoreError> {
        let connection = Connection::open(path)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(10))?;
        let mut store = SqliteStore {
            connection,
            urls: ListUrls::new(status_base_url),
        };
        store.migrate(entries_per_list)?;
        Ok(store)
    }

    /// An in-memory registry (tests, benchmarks).
    pub fn in_memory(status_base_url: &str, entries_per_list: u64) -> Result<Self, StoreError> {
        let connection = Connection::open_in_memory()?;
        let mut store = SqliteStore {
            connection,
            urls: ListUrls::new(status_base_url),
        };
        store.migrate(entries_per_list)?;
        Ok(store)
    }

    /// The schema version.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .connection
            .pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    fn migrate(&mut self, entries_per_list: u64) -> Result<(), StoreError> {
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: usize = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > MIGRATIONS.len() {
            return Err(StoreError::Corrupt(format!(
                "the registry has schema version {version}, newer than this program ({})",
                MIGRATIONS.len()
            )));
        }
        for (number, migration) in MIGRATIONS.iter().enumerate().skip(version) {
            tx.execute_batch(migration)?;
            tx.pragma_update(None, "user_version", number + 1)?;
        }
        let has_allocator: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'allocator')",
            [],
            |row| row.get(0),
        )?;
        if !has_allocator {
            let allocator = IndexAllocator::new(entries_per_list).map_err(|e| StoreError::Status(e.to_string()))?;
            let state = serde_json::to_string(&allocator).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            tx.execute("INSERT INTO meta (key, value) VALUES ('allocator', ?1)", params![state])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn row_to_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Record, String, String)> {
        let state: String = row.get(3)?;
        let issued_at: String = row.get(8)?;
        Ok((
            Record {
                credential_id: row.get(0)?,
                request_id: row.get(1)?,
                learner_ref: row.get(2)?,
                state: RecordState::Pending,
                sha256: row.get(4)?,
                list: row.get::<_, i64>(5)? as u64,
                index: row.get::<_, i64>(6)? as u64,
                file_name: row.get(7)?,
                issued_at: DateTime::<Utc>::MIN_UTC,
                replaces: row.get(9)?,
                replaced_by: row.get(10)?,
            },
            state,
            issued_at,
        ))
    }

    fn finish(parts: (Record, String, String)) -> Result<Record, StoreError> {
        let (mut record, state, issued_at) = parts;
        record.state = RecordState::parse(&state)?;
        record.issued_at = parse_time(&issued_at)?;
        Ok(record)
    }

    const COLUMNS: &'static str =
        "credential_id, request_id, learner_ref, state, sha256, list, idx, file_name, issued_at, replaces, replaced_by";

    fn query_one(connection: &Connection, clause: &str, key: &str) -> Result<Option<Record>, StoreError> {
        let sql = format!("SELECT {} FROM credentials WHERE {clause}", Self::COLUMNS);
        // Cached statements: batches run these thousands of times per transaction.
        connection
            .prepare_cached(&sql)?
            .query_row(params![key], Self::row_to_record)
            .optional()?
            .map(Self::finish)
            .transpose()
    }

    fn load_list(
        tx: &rusqlite::Transaction<'_>,
        list: u64,
        purpose: StatusPurpose,
        urls: &ListUrls,
        entries: u64,
    ) -> Result<StatusList, StoreError> {
        let key = purpose_key(purpose);
        let state: Option<String> = tx
            .query_row(
                "SELECT state FROM status_lists WHERE list = ?1 AND purpose = ?2",
                params![list as i64, key],
                |row| row.get(0),
            )
            .optional()?;
        match state {
            Some(state) => serde_json::from_str(&state)
                .map_err(|e| StoreError::Corrupt(format!("status list {list} ({key}): {e}"))),
            None => StatusList::with_entries(
                urls.url(list, purpose),
                purpose,
                entries,
                microcred_status::StatusSize::ONE,
            )
            .map_err(|e| StoreError::Status(e.to_string())),
        }
    }

    fn save_list(tx: &rusqlite::Transaction<'_>, list: u64, status_list: &StatusList) -> Result<(), StoreError> {
        let state = serde_json::to_string(status_list).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        tx.execute(
            "INSERT INTO status_lists (list, purpose, state) VALUES (?1, ?2, ?3)
             ON CONFLICT (list, purpose) DO UPDATE SET state = excluded.state",
            params![list as i64, purpose_key(status_list.purpose()), state],
        )?;
        Ok(())
    }

    fn allocator(tx: &rusqlite::Transaction<'_>) -> Result<IndexAllocator, StoreError> {
        let state: String = tx.query_row("SELECT value FROM meta WHERE key = 'allocator'", [], |row| row.get(0))?;
        serde_json::from_str(&state).map_err(|e| StoreError::Corrupt(format!("allocator state: {e}")))
    }

    fn reserve_in(
        tx: &rusqlite::Transaction<'_>,
        allocator: &mut IndexAllocator,
        audit: &mut AuditHead,
        reservation: Reservation,
    ) -> Result<Record, StoreError> {
        let allocation = allocator.allocate().map_err(|e| StoreError::Status(e.to_string()))?;
        let index = allocation.index.get();
        let inserted = tx
            .prepare_cached(
                "INSERT INTO credentials (credential_id, request_id, learner_ref, state, list, idx, file_name, issued_at, replaces)
                 VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                reservation.credential_id,
                reservation.request_id,
                reservation.learner_ref,
                allocation.list as i64,
                index as i64,
                reservation.file_name,
                time(reservation.issued_at),
                reservation.replaces
            ]);
        if let Err(error) = inserted {
            // The request id is unique in the table: a second reservation of it fails here.
            if let Some(request_id) = &reservation.request_id {
                if let Some(existing) = Self::query_one(tx, "request_id = ?1", request_id)? {
                    return Err(StoreError::DuplicateRequest {
                        request_id: request_id.clone(),
                        credential_id: existing.credential_id,
                    });
                }
            }
            return Err(error.into());
        }
        let detail = serde_json::json!({"list": allocation.list, "index": index});
        audit.append(
            tx,
            reservation.issued_at,
            "reserve",
            Some(&reservation.credential_id),
            &detail,
        )?;
        // The row just inserted, without reading it back (its time as stored: microseconds).
        Ok(Record {
            credential_id: reservation.credential_id,
            request_id: reservation.request_id,
            learner_ref: reservation.learner_ref,
            state: RecordState::Pending,
            sha256: None,
            list: allocation.list,
            index,
            file_name: reservation.file_name,
            issued_at: parse_time(&time(reservation.issued_at))?,
            replaces: reservation.replaces,
            replaced_by: None,
        })
    }

    fn mark_issued_in(
        tx: &rusqlite::Transaction<'_>,
        audit: &mut AuditHead,
        credential_id: &str,
        sha256: &str,
        at: DateTime<Utc>,
    ) -> Result<Record, StoreError> {
        let sql = format!(
            "UPDATE credentials SET state = 'issued', sha256 = ?2 WHERE credential_id = ?1 AND state = 'pending' \
             RETURNING {}",
            Self::COLUMNS
        );
        let updated = tx
            .prepare_cached(&sql)?
            .query_row(params![credential_id, sha256], Self::row_to_record)
            .optional()?;
        let Some(record) = updated else {
            // Not pending: say whether it is unknown or in which state it is.
            return Err(match Self::query_one(tx, "credential_id = ?1", credential_id)? {
                None => StoreError::UnknownCredential(credential_id.to_owned()),
                Some(record) => StoreError::WrongState {
                    credential_id: credential_id.to_owned(),
                    state: record.state.as_str(),
                    action: "issue",
                },
            });
        };
        audit.append(
            tx,
            at,
            "issue",
            Some(credential_id),
            &serde_json::json!({"sha256": sha256}),
        )?;
        Self::finish(record)
    }

    /// The URLs status lists get.
    pub fn list_urls(&self) -> &ListUrls {
        &self.urls
    }
}

fn purpose_key(purpose: StatusPurpose) -> &'static str {
    match purpose {
        StatusPurpose::Suspension => "suspension",
        _ => "revocation",
    }
}

impl Store for SqliteStore {
    fn record(&self, credential_id: &str) -> Result<Option<Record>, StoreError> {
        Self::query_one(&self.connection, "credential_id = ?1", credential_id)
    }

    fn record_by_request(&self, request_id: &str) -> Result<Option<Record>, StoreError> {
        Self::query_one(&self.connection, "request_id = ?1", request_id)
    }

    fn records_by_requests(&self, request_ids: &[&str]) -> Result<HashMap<String, Record>, StoreError> {
        let mut found = HashMap::new();
        // Well under SQLite's limit of 32,766 parameters per statement.
        for ids in request_ids.chunks(500) {
            let marks = vec!["?"; ids.len()].join(", ");
            let sql = format!(
                "SELECT {} FROM credentials WHERE request_id IN ({marks})",
                Self::COLUMNS
            );
            let mut statement = self.connection.prepare_cached(&sql)?;
            let rows = statement.query_map(rusqlite::params_from_iter(ids), Self::row_to_record)?;
            for row in rows {
                let record = Self::finish(row?)?;
                if let Some(request_id) = record.request_id.clone() {
                    found.insert(request_id, record);
                }
            }
        }
        Ok(found)
    }

    fn records(&self) -> Result<Vec<Record>, StoreError> {
        let sql = format!(
            "SELECT {} FROM credentials ORDER BY issued_at, credential_id",
            Self::COLUMNS
        );
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map([], Self::row_to_record)?;
        rows.map(|row| Self::finish(row?)).collect()
    }

    fn reserve(&mut self, reservation: Reservation) -> Result<Record, StoreError> {
        let mut records = self.reserve_many(vec![reservation])?;
        records
            .pop()
            .ok_or_else(|| StoreError::Corrupt("a reservation returned no record".into()))
    }

    fn reserve_many(&mut self, reservations: Vec<Reservation>) -> Result<Vec<Record>, StoreError> {
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut allocator = Self::allocator(&tx)?;
        let mut audit = AuditHead::read(&tx)?;
        let mut records = Vec::with_capacity(reservations.len());
        for reservation in reservations {
            records.push(Self::reserve_in(&tx, &mut allocator, &mut audit, reservation)?);
        }
        let state = serde_json::to_string(&allocator).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'allocator'", params![state])?;
        tx.commit()?;
        Ok(records)
    }

    fn mark_issued(&mut self, credential_id: &str, sha256: &str, at: DateTime<Utc>) -> Result<Record, StoreError> {
        let mut records = self.mark_issued_many(&[(credential_id.to_owned(), sha256.to_owned())], at)?;
        records
            .pop()
            .ok_or_else(|| StoreError::Corrupt("marking returned no record".into()))
    }

    fn mark_issued_many(&mut self, issued: &[(String, String)], at: DateTime<Utc>) -> Result<Vec<Record>, StoreError> {
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut audit = AuditHead::read(&tx)?;
        let mut records = Vec::with_capacity(issued.len());
        for (credential_id, sha256) in issued {
            records.push(Self::mark_issued_in(&tx, &mut audit, credential_id, sha256, at)?);
        }
        tx.commit()?;
        Ok(records)
    }

    fn release(&mut self, credential_id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.release_many(&[credential_id.to_owned()], at)
    }

    fn release_many(&mut self, credential_ids: &[String], at: DateTime<Utc>) -> Result<(), StoreError> {
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut audit = AuditHead::read(&tx)?;
        for credential_id in credential_ids {
            let record = Self::query_one(&tx, "credential_id = ?1", credential_id)?
                .ok_or_else(|| StoreError::UnknownCredential(credential_id.clone()))?;
            if record.state != RecordState::Pending {
                return Err(StoreError::WrongState {
                    credential_id: credential_id.clone(),
                    state: record.state.as_str(),
                    action: "release",
                });
            }
            tx.prepare_cached("DELETE FROM credentials WHERE credential_id = ?1")?
                .execute(params![credential_id])?;
            audit.append(
                &tx,
                at,
                "release",
                Some(credential_id),
                &serde_json::json!({"list": record.list, "index": record.index, "reason": "not issued: the request failed its checks"}),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn change_status(
        &mut self,
        credential_id: &str,
        action: StatusAction,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<Record, StoreError> {
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let record = Self::query_one(&tx, "credential_id = ?1", credential_id)?
            .ok_or_else(|| StoreError::UnknownCredential(credential_id.to_owned()))?;
        let (purpose, name, allowed, next) = match action {
            StatusAction::Revoke => (
                StatusPurpose::Revocation,
                "revoke",
                &[RecordState::Issued, RecordState::Suspended][..],
                RecordState::Revoked,
            ),
            StatusAction::Suspend => (
                StatusPurpose::Suspension,
                "suspend",
                &[RecordState::Issued][..],
                RecordState::Suspended,
            ),
            StatusAction::Reinstate => (
                StatusPurpose::Suspension,
                "reinstate",
                &[RecordState::Suspended][..],
                RecordState::Issued,
            ),
            _ => {
                return Err(StoreError::Status(format!(
                    "{action:?} is not a credential status change"
                )));
            }
        };
        if !allowed.contains(&record.state) {
            return Err(StoreError::WrongState {
                credential_id: credential_id.to_owned(),
                state: record.state.as_str(),
                action: name,
            });
        }
        let allocator = Self::allocator(&tx)?;
        let mut list = Self::load_list(&tx, record.list, purpose, &self.urls, allocator.entries_per_list())?;
        let index = StatusListIndex::new(record.index);
        let changed = match action {
            StatusAction::Revoke => list.revoke(index, reason, at),
            StatusAction::Suspend => list.suspend(index, reason, at),
            _ => list.reinstate(index, reason, at),
        };
        changed.map_err(|e| StoreError::Status(e.to_string()))?;
        Self::save_list(&tx, record.list, &list)?;
        tx.execute(
            "UPDATE credentials SET state = ?2 WHERE credential_id = ?1",
            params![credential_id, next.as_str()],
        )?;
        AuditHead::read(&tx)?.append(
            &tx,
            at,
            name,
            Some(credential_id),
            &serde_json::json!({"reason": reason, "list": record.list, "index": record.index}),
        )?;
        let record = Self::query_one(&tx, "credential_id = ?1", credential_id)?
            .ok_or_else(|| StoreError::UnknownCredential(credential_id.to_owned()))?;
        tx.commit()?;
        Ok(record)
    }

    fn link_replacement(&mut self, old: &str, new: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE credentials SET replaced_by = ?2 WHERE credential_id = ?1",
            params![old, new],
        )?;
        if changed == 0 {
            return Err(StoreError::UnknownCredential(old.to_owned()));
        }
        AuditHead::read(&tx)?.append(&tx, at, "replace", Some(old), &serde_json::json!({"replacedBy": new}))?;
        tx.commit()?;
        Ok(())
    }

    fn status_lists(&self) -> Result<Vec<(u64, StatusList)>, StoreError> {
        // Every list that has a credential, in both purposes; untouched lists are all zeros.
        let tx = self.connection.unchecked_transaction()?;
        let allocator = Self::allocator(&tx)?;
        let lists: Vec<i64> = {
            let mut statement = tx.prepare("SELECT DISTINCT list FROM credentials ORDER BY list")?;
            let rows = statement.query_map([], |row| row.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut out = Vec::new();
        for list in lists {
            for purpose in [StatusPurpose::Revocation, StatusPurpose::Suspension] {
                out.push((
                    list as u64,
                    Self::load_list(&tx, list as u64, purpose, &self.urls, allocator.entries_per_list())?,
                ));
            }
        }
        Ok(out)
    }

    fn erased_credentials(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT DISTINCT credential_id FROM audit WHERE action = 'erase' AND credential_id IS NOT NULL \
             ORDER BY credential_id",
        )?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT seq, at, action, credential_id, detail, prev, hash FROM audit ORDER BY seq")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)? as u64,
                row.get::<_, String>(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
            ))
        })?;
        rows.map(|row| {
            let (seq, at, action, credential_id, detail, prev, hash) = row?;
            Ok(AuditEntry {
                seq,
                at: parse_time(&at)?,
                action,
                credential_id,
                detail,
                prev,
                hash,
            })
        })
        .collect()
    }

    fn verify_audit(&self) -> Result<AuditVerification, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT seq, at, action, credential_id, detail, prev, hash FROM audit ORDER BY seq")?;
        let mut rows = statement.query([])?;
        let mut expected_prev = "0".repeat(64);
        let mut expected_seq = 1u64;
        let mut entries = 0;
        let mut first_broken = None;
        while let Some(row) = rows.next()? {
            let seq = row.get::<_, i64>(0)? as u64;
            let at: String = row.get(1)?;
            let action: String = row.get(2)?;
            let credential_id: Option<String> = row.get(3)?;
            let detail: String = row.get(4)?;
            let prev: String = row.get(5)?;
            let hash: String = row.get(6)?;
            let recomputed = AuditEntry::compute_hash(seq, &at, &action, credential_id.as_deref(), &detail, &prev);
            if first_broken.is_none() && (seq != expected_seq || prev != expected_prev || recomputed != hash) {
                first_broken = Some(seq);
            }
            expected_prev = hash;
            expected_seq = seq + 1;
            entries += 1;
        }
        Ok(AuditVerification {
            entries,
            first_broken,
            head: expected_prev,
        })
    }

    fn erase_learner(&mut self, learner_ref: &str, at: DateTime<Utc>) -> Result<Vec<Record>, StoreError> {
        let tx = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let records = {
            let sql = format!(
                "SELECT {} FROM credentials WHERE learner_ref = ?1 ORDER BY issued_at",
                Self::COLUMNS
            );
            let mut statement = tx.prepare(&sql)?;
            let rows = statement.query_map(params![learner_ref], Self::row_to_record)?;
            rows.map(|row| Self::finish(row?)).collect::<Result<Vec<_>, _>>()?
        };
        tx.execute(
            "UPDATE credentials SET learner_ref = NULL WHERE learner_ref = ?1",
            params![learner_ref],
        )?;
        let mut audit = AuditHead::read(&tx)?;
        for record in &records {
            // The audit line names the credential, never the learner reference.
            audit.append(
                &tx,
                at,
                "erase",
                Some(&record.credential_id),
                &serde_json::json!({"erased": "learnerRef"}),
            )?;
        }
        tx.commit()?;
        Ok(records)
    }
}
