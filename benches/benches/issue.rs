//! End-to-end batch issuing (registry commits, status indices, signing, file writes) against the
//! same work without registry and files (build, Annex I check, sign) in the same run. Target:
//! the registry and the files cost at most 25% on top of it.
//!
//! The batch signs on the calling thread while a second thread runs the registry's transactions
//! and writes and syncs the files, so wall time hides most of their cost; to show what they cost
//! in CPU, each iteration also prints its CPU time (user + system, all threads) per credential
//! next to the baseline's.
//!
//! Each iteration's output directory (10,000 files) is kept until the end of the run: deleting
//! it right before the next iteration makes ext4 skip the recently freed inodes while
//! allocating new ones (`find_inode_bit`/`recently_deleted`, 20% of the batch's profile), a
//! cost of the benchmark loop that an office issuing into a fresh directory does not pay. The
//! run needs about 0.25 GB of free disk per iteration. The same holds for deletions made by
//! anything else on the file system in the minutes before (ext4 counts an inode as recently
//! deleted for 60 s, or 360 s while its table block is dirty), such as the previous run of
//! this bench removing its directories: leave six minutes between runs, or the batch measures
//! the file system's inode allocator more than the office (on the 2-core build machine,
//! creating one file then costs 0.3 to 0.5 ms of kernel time instead of about 0.03 ms).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use microcred::batch::BatchItem;
use microcred::store::Record;
use microcred::{Issuer, IssuerConfig, RecordState, SqliteStore};
use microcred_model::IssuanceRequest;
use microcred_sign::{Cryptosuite, DataIntegrity, KeySigner, ProofOptions, SecretKey};

const BATCH: usize = 10_000;
const REQUEST: &str = include_str!("../../examples/requests/pl-online-quiz-stackable.json");

fn office(dir: &std::path::Path, suite: &str) -> (Issuer<SqliteStore>, IssuanceRequest) {
    let key = SecretKey::from_seed(&[3; 32]);
    let did = key.public_key().did_key();
    let mut request = IssuanceRequest::from_json_str(REQUEST).unwrap();
    request.issuer.id = did.as_str().to_owned();
    let config = IssuerConfig {
        institution: request.issuer.clone(),
        status_base_url: "https://u.example/status".into(),
        verify_base_url: "https://u.example/verify".into(),
        cryptosuite: suite.into(),
        entries_per_list: 131_072,
    };
    let store = SqliteStore::open(&dir.join("registry.sqlite"), &config.status_base_url, 131_072).unwrap();
    (
        Issuer::new(config, store, Box::new(KeySigner::did_key(key))).unwrap(),
        request,
    )
}

fn items(request: &IssuanceRequest, run: usize) -> Vec<Result<BatchItem, microcred::RowError>> {
    (0..BATCH)
        .map(|n| {
            let mut request = request.clone();
            request.request_id = Some(format!("bench-{run}-{n}"));
            request.learner.student_reference = Some(format!("S{n}"));
            Ok(BatchItem {
                line: n as u64 + 2,
                request,
            })
        })
        .collect()
}

/// CPU time (user + system, every thread, live or exited) of this process so far, from
/// `/proc/self/stat` (clock ticks of 10 ms: fine for iterations of seconds). `None` elsewhere
/// than Linux.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may contain spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn batch(c: &mut Criterion) {
    // Output directories live until the end (see the module comment).
    let mut kept: Vec<tempfile::TempDir> = Vec::new();
    for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
        let mut group = c.benchmark_group(format!("issue-10000/{}", suite.as_str()));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(20));

        // Baseline: the same work without the registry and the files: build each credential
        // from its request, check Annex I, add the status entries and sign.
        let dir = tempfile::tempdir().unwrap();
        let (_, request) = office(dir.path(), suite.as_str());
        let key = SecretKey::from_seed(&[3; 32]);
        let signer = KeySigner::did_key(key);
        let integrity = DataIntegrity::new();
        let created = chrono::Utc::now();
        let context = microcred_model::request::BuildContext::new(
            "urn:uuid:6f1c2b0e-1d3a-4f57-9a43-2f0b7e1c9d21",
            microcred_model::XsdDateTime::parse("2026-07-01T09:00:00Z").unwrap(),
        );
        group.bench_function("baseline: build + check + sign", |b| {
            b.iter_custom(|iterations| {
                let start = Instant::now();
                let cpu = cpu_time();
                for _ in 0..iterations {
                    for n in 0..BATCH {
                        let built = request.build(microcred_model::Envelope::EdcW3c, &context).unwrap();
                        let mut credential = built.to_value();
                        assert!(microcred_model::annex1::check(&credential).conformant());
                        // The two entries every credential of the office carries.
                        credential["credentialStatus"] = serde_json::json!([{
                            "id": "urn:uuid:6f1c2b0e-1d3a-4f57-9a43-2f0b7e1c9d21#revocation",
                            "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                            "statusListIndex": n.to_string(), "statusListCredential": "https://u.example/status/revocation/0"
                        }, {
                            "id": "urn:uuid:6f1c2b0e-1d3a-4f57-9a43-2f0b7e1c9d21#suspension",
                            "type": "BitstringStatusListEntry", "statusPurpose": "suspension",
                            "statusListIndex": n.to_string(), "statusListCredential": "https://u.example/status/suspension/0"
                        }]);
                        integrity
                            .sign_credential_owned(credential, &signer, &ProofOptions::new(suite, created))
                            .unwrap();
                    }
                }
                let elapsed = start.elapsed();
                report_cpu("baseline", cpu, iterations, elapsed);
                elapsed
            })
        });

        group.bench_function("batch: build + registry + sign + files", |b| {
            let mut run = 0;
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let dir = tempfile::tempdir().unwrap();
                    let (mut issuer, request) = office(dir.path(), suite.as_str());
                    let items = items(&request, run);
                    run += 1;
                    let out = dir.path().join("credentials");
                    let cpu = cpu_time();
                    let start = Instant::now();
                    let report = issuer.issue_batch(items, &out, false, &mut |_, _| {}).unwrap();
                    let elapsed = start.elapsed();
                    total += elapsed;
                    report_cpu("batch", cpu, 1, elapsed);
                    assert_eq!(report.issued, BATCH);
                    let record: Option<Record> = microcred::Store::records(issuer.store()).unwrap().into_iter().next();
                    assert_eq!(record.map(|r| r.state), Some(RecordState::Issued));
                    drop(issuer);
                    kept.push(dir);
                }
                total
            })
        });
        group.finish();
    }
}

/// Print the CPU time per credential of `iterations` batches that took `elapsed`.
fn report_cpu(what: &str, before: Option<Duration>, iterations: u64, elapsed: Duration) {
    if let (Some(before), Some(after)) = (before, cpu_time()) {
        let count = (BATCH as u64 * iterations) as f64;
        eprintln!(
            "{what}: {:.3} ms wall, {:.3} ms CPU per credential",
            elapsed.as_secs_f64() * 1e3 / count,
            (after.saturating_sub(before)).as_secs_f64() * 1e3 / count
        );
    }
}

criterion_group!(benches, batch);
criterion_main!(benches);
