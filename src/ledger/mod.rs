//! The register of issued documents: gap-free numbering that survives crashes.
//!
//! Belgian VAT law (VAT Code art. 53 §2, AR 1 art. 5 §1) wants invoice numbers in
//! one unbroken sequence. This is the only module that opens the SQLite database
//! (`.clausier/ledger.sqlite` in the workspace). A number is allocated in the same
//! transaction that records the document, so a crash leaves either no number used
//! or a number with a complete record that can be rendered again; SQLite triggers
//! refuse to delete, renumber or edit a recorded document.
//!
//! Each document moves through `allocated → rendered → done`: `rendered` records
//! the PDF's SHA-256 before the file is renamed into place, `done` says the file on
//! disk is that PDF. `ledger verify` checks all of it.

pub mod export;
mod quote;
mod schema;
mod verify;

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::error::UserError;

pub use quote::{Link, QuoteStatus};
pub use verify::{Problem, VerifyReport};

/// Directory inside the workspace holding the ledger and its lock files.
pub const LEDGER_DIR: &str = ".clausier";
/// File name of the SQLite register inside [`LEDGER_DIR`].
pub const LEDGER_FILE: &str = "ledger.sqlite";

/// How long a writer waits for another process's transaction before giving up:
/// long enough for a 10,000-invoice allocation, short enough to report a stuck lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(120);

/// Hex SHA-256, the fingerprint recorded for inputs and PDFs.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The kind of document a number series belongs to; each kind has its own series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    /// Invoice (factuur / facture).
    Invoice,
    /// Quote (offerte / devis).
    Quote,
    /// Credit note (creditnota / note de crédit).
    CreditNote,
}

impl DocKind {
    /// The stable name stored in the database and used in paths.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Invoice => "invoice",
            DocKind::Quote => "quote",
            DocKind::CreditNote => "credit_note",
        }
    }
    /// Directory under `out/` for this kind, as the single-document commands use.
    pub fn out_dir(self) -> &'static str {
        match self {
            DocKind::Invoice => "invoice",
            DocKind::Quote => "quote",
            DocKind::CreditNote => "credit-note",
        }
    }
}

impl FromStr for DocKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "invoice" => Ok(DocKind::Invoice),
            "quote" => Ok(DocKind::Quote),
            "credit_note" | "credit-note" => Ok(DocKind::CreditNote),
            other => Err(format!(
                "unknown document kind `{other}` (invoice, quote, credit-note)"
            )),
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a document is in its life: a crash can stop it at any state, a rerun moves it on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocState {
    /// Number and inputs recorded; no PDF yet.
    Allocated,
    /// PDF produced and its SHA-256 recorded; the file may not be in place yet.
    Rendered,
    /// The PDF on disk is the recorded one.
    Done,
}

impl DocState {
    /// The stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            DocState::Allocated => "allocated",
            DocState::Rendered => "rendered",
            DocState::Done => "done",
        }
    }
    fn parse(s: &str) -> rusqlite::Result<Self> {
        match s {
            "allocated" => Ok(DocState::Allocated),
            "rendered" => Ok(DocState::Rendered),
            "done" => Ok(DocState::Done),
            other => Err(rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("unknown document state `{other}`").into(),
            )),
        }
    }
}

/// Turns (kind, year, sequence) into the printed number; the caller builds it from
/// the workspace's `numbering` patterns, validated before anything is allocated.
pub type NumberFormat<'a> = &'a (dyn Fn(DocKind, i32, u32) -> String + Sync);

/// Base and VAT of one rate on one document, as the accounting export needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatAmount {
    /// Rate in percent (0, 6, 12, 21).
    pub rate: Decimal,
    /// Taxable base excluding VAT.
    pub base: Decimal,
    /// VAT due at this rate.
    pub vat: Decimal,
}

/// What the caller knows about a document before it has a number.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Series the number comes from.
    pub kind: DocKind,
    /// Client id from the workspace.
    pub client_id: String,
    /// Client name at issue time (the client file may change later).
    pub client_name: String,
    /// Issue date; its year picks the series.
    pub issue_date: NaiveDate,
    /// Business key that must not be invoiced twice (batch: `client/period`).
    pub source_key: Option<String>,
    /// Totals per VAT rate.
    pub vat: Vec<VatAmount>,
    /// Total excluding VAT.
    pub total_excl: Decimal,
    /// Total VAT.
    pub total_vat: Decimal,
    /// Total including VAT.
    pub total_incl: Decimal,
    /// Everything needed to render the PDF again, as JSON, **without** the number:
    /// the number is added by the renderer from the record.
    pub inputs: String,
}

impl NewDocument {
    /// What every issuing path (single, batch, quote) records, taken from the same
    /// `money.rs` totals as the PDF so the register and the documents never disagree.
    #[allow(clippy::too_many_arguments)]
    pub fn from_totals(
        kind: DocKind,
        client_id: &str,
        client_name: &str,
        issue_date: NaiveDate,
        source_key: Option<String>,
        totals: &crate::money::Totals,
        inputs: String,
    ) -> NewDocument {
        NewDocument {
            kind,
            client_id: client_id.to_string(),
            client_name: client_name.to_string(),
            issue_date,
            source_key,
            vat: totals
                .per_rate
                .iter()
                .map(|g| VatAmount {
                    rate: g.rate.percent(),
                    base: g.base,
                    vat: g.vat,
                })
                .collect(),
            total_excl: totals.total_excl,
            total_vat: totals.total_vat,
            total_incl: totals.total_incl,
            inputs,
        }
    }
}

/// A recorded document, as `ledger show` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    /// Row id.
    pub id: i64,
    /// Series kind.
    pub kind: DocKind,
    /// Series year.
    pub year: i32,
    /// Position in the series, from 1.
    pub seq: u32,
    /// Formatted number.
    pub number: String,
    /// Client id.
    pub client_id: String,
    /// Client name at issue time.
    pub client_name: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Business key (batch: `client/period`).
    pub source_key: Option<String>,
    /// Batch that issued it, if any.
    pub batch_id: Option<String>,
    /// Totals per VAT rate.
    pub vat: Vec<VatAmount>,
    /// Total excluding VAT.
    pub total_excl: Decimal,
    /// Total VAT.
    pub total_vat: Decimal,
    /// Total including VAT.
    pub total_incl: Decimal,
    /// Render inputs (JSON).
    pub inputs: String,
    /// SHA-256 of `inputs`.
    pub inputs_sha256: String,
    /// PDF path relative to the workspace root.
    pub pdf_path: PathBuf,
    /// SHA-256 of the PDF once rendered.
    pub pdf_sha256: Option<String>,
    /// Life-cycle state.
    pub state: DocState,
}

/// A batch as recorded: its id is the SHA-256 of the feed, so a rerun finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRecord {
    /// SHA-256 of the feed content.
    pub id: String,
    /// Feed path as given when the batch started.
    pub feed: String,
    /// Whether every document of the batch is done.
    pub done: bool,
    /// Number of documents the batch issued.
    pub documents: usize,
}

/// Result of starting a batch: either it is new and numbers were allocated, or it
/// was already recorded by an earlier run (which may have crashed).
#[derive(Debug)]
pub enum BatchStart {
    /// Numbers allocated now.
    Created {
        /// The numbers, in allocation order.
        allocated: Vec<String>,
        /// Source keys skipped because an earlier document already covers them, with that number.
        already_issued: Vec<(String, String)>,
    },
    /// The batch was recorded before; resume it.
    Exists(BatchRecord),
}

/// The open register.
pub struct Ledger {
    pub(crate) conn: Connection,
    root: PathBuf,
}

fn db_err(path: &Path, e: impl fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("ledger {}: {e}", path.display())
}

impl Ledger {
    /// Path of the register inside a workspace.
    pub fn path_in(root: &Path) -> PathBuf {
        root.join(LEDGER_DIR).join(LEDGER_FILE)
    }

    /// Opens (creating if needed) the register of the workspace at `root`.
    pub fn open(root: &Path) -> anyhow::Result<Ledger> {
        let path = Self::path_in(root);
        std::fs::create_dir_all(path.parent().expect("ledger path has a parent"))
            .map_err(|e| db_err(&path, e))?;
        let conn = Connection::open(&path).map_err(|e| db_err(&path, e))?;
        Self::setup(conn, root, &path, true)
    }

    /// Opens the register read-only, or `None` when the workspace has none yet
    /// (so `--dry-run` and `ledger list` never create files).
    pub fn open_existing(root: &Path) -> anyhow::Result<Option<Ledger>> {
        let path = Self::path_in(root);
        if !path.exists() {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| db_err(&path, e))?;
        Self::setup(conn, root, &path, false).map(Some)
    }

    fn setup(
        mut conn: Connection,
        root: &Path,
        path: &Path,
        migrate: bool,
    ) -> anyhow::Result<Ledger> {
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| db_err(path, e))?;
        // WAL lets readers (list, verify) run during a batch; FULL makes every
        // allocation durable before a PDF can carry its number.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| db_err(path, e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| db_err(path, e))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| db_err(path, e))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| db_err(path, e))?;
        if migrate || version < schema::CURRENT_VERSION {
            match schema::migrate(&mut conn).map_err(|e| db_err(path, e))? {
                schema::MigrationOutcome::Ready => {}
                schema::MigrationOutcome::TooNew { found } => {
                    return Err(UserError::new(format!(
                        "the ledger was written by a newer clausier (schema {found}, this one knows {})",
                        schema::CURRENT_VERSION
                    ))
                    .file(path)
                    .hint("upgrade clausier; never edit the ledger by hand")
                    .into());
                }
            }
        } else if version > schema::CURRENT_VERSION {
            return Err(UserError::new(format!(
                "the ledger was written by a newer clausier (schema {version})"
            ))
            .file(path)
            .hint("upgrade clausier")
            .into());
        }
        Ok(Ledger {
            conn,
            root: root.to_path_buf(),
        })
    }

    /// The workspace root the PDF paths are relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Schema version, for `ledger verify` output and migration tests.
    pub fn schema_version(&self) -> anyhow::Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The batch recorded under `id`, if any.
    pub fn batch(&self, id: &str) -> anyhow::Result<Option<BatchRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, feed, state, documents FROM batches WHERE id = ?1",
                [id],
                |r| {
                    Ok(BatchRecord {
                        id: r.get(0)?,
                        feed: r.get(1)?,
                        done: r.get::<_, String>(2)? == "done",
                        documents: r.get::<_, i64>(3)? as usize,
                    })
                },
            )
            .optional()?)
    }

    /// The next sequence number of each series, without allocating: what `--dry-run` shows.
    pub fn next_seq(&self, kind: DocKind, year: i32) -> anyhow::Result<u32> {
        let last: Option<i64> = self
            .conn
            .query_row(
                "SELECT last_seq FROM series WHERE kind = ?1 AND year = ?2",
                params![kind.as_str(), year],
                |r| r.get(0),
            )
            .optional()?;
        Ok(last.unwrap_or(0) as u32 + 1)
    }

    /// The number already recorded for a business key, if any.
    pub fn number_for_source(&self, kind: DocKind, key: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT number FROM documents WHERE kind = ?1 AND source_key = ?2",
                params![kind.as_str(), key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records a new batch and allocates the numbers of all its documents in ONE
    /// transaction (`BEGIN IMMEDIATE`: a second writer waits for it). Documents whose
    /// source key is already in the register are skipped and reported.
    ///
    /// `after_insert` is called after each insert inside the transaction; it exists
    /// for the crash tests (see `batch::hook`).
    pub fn start_batch(
        &mut self,
        id: &str,
        feed: &str,
        docs: &[NewDocument],
        format: NumberFormat<'_>,
        after_insert: &dyn Fn(usize),
    ) -> anyhow::Result<BatchStart> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Checked inside the write transaction: another run may have just committed it.
        let existing: Option<(String, String, i64)> = tx
            .query_row(
                "SELECT feed, state, documents FROM batches WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((feed, state, documents)) = existing {
            return Ok(BatchStart::Exists(BatchRecord {
                id: id.to_string(),
                feed,
                done: state == "done",
                documents: documents as usize,
            }));
        }
        tx.execute(
            "INSERT INTO batches (id, feed, state, documents, created_at) \
             VALUES (?1, ?2, 'running', 0, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            params![id, feed],
        )?;
        let mut allocated = Vec::with_capacity(docs.len());
        let mut already_issued = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            if let Some(key) = &doc.source_key {
                let number: Option<String> = tx
                    .query_row(
                        "SELECT number FROM documents WHERE kind = ?1 AND source_key = ?2",
                        params![doc.kind.as_str(), key],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(number) = number {
                    already_issued.push((key.clone(), number));
                    continue;
                }
            }
            allocated.push(insert_document(&tx, doc, Some(id), format)?.1);
            after_insert(i + 1);
        }
        let state = if allocated.is_empty() {
            "done"
        } else {
            "running"
        };
        tx.execute(
            "UPDATE batches SET documents = ?2, state = ?3 WHERE id = ?1",
            params![id, allocated.len() as i64, state],
        )?;
        tx.commit()?;
        Ok(BatchStart::Created {
            allocated,
            already_issued,
        })
    }

    /// Allocates a number for one document outside any batch (`clausier invoice FILE`).
    pub fn issue(
        &mut self,
        doc: &NewDocument,
        format: NumberFormat<'_>,
    ) -> anyhow::Result<DocumentRecord> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (id, _) = insert_document(&tx, doc, None, format)?;
        tx.commit()?;
        Ok(self.document_by_id(id)?.expect("just inserted"))
    }

    /// Records the PDF hash of rendered documents (state `rendered`) in one transaction.
    pub fn mark_rendered(&mut self, rendered: &[(i64, String)]) -> anyhow::Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE documents SET pdf_sha256 = ?2, state = 'rendered' \
                 WHERE id = ?1 AND state IN ('allocated', 'rendered')",
            )?;
            for (id, sha) in rendered {
                stmt.execute(params![id, sha])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks documents whose PDF is in place and matches its hash (state `done`).
    pub fn mark_done(&mut self, ids: &[i64]) -> anyhow::Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE documents SET state = 'done' WHERE id = ?1 AND state IN ('rendered', 'done')",
            )?;
            for id in ids {
                stmt.execute([id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Delivers the PDF of one document issued outside a batch: records its hash
    /// (`rendered`), writes it atomically to its path, then marks it `done`, so a
    /// crash at any step is repaired by delivering the same bytes again.
    pub fn deliver(&mut self, doc: &DocumentRecord, pdf: &[u8]) -> anyhow::Result<()> {
        self.mark_rendered(&[(doc.id, sha256_hex(pdf))])?;
        crate::output::write_atomic(&self.root.join(&doc.pdf_path), pdf)?;
        self.mark_done(&[doc.id])
    }

    /// Closes a batch once all its documents are done; later runs then do nothing.
    pub fn finish_batch(&mut self, id: &str) -> anyhow::Result<bool> {
        let open: i64 = self.conn.query_row(
            "SELECT count(*) FROM documents WHERE batch_id = ?1 AND state != 'done'",
            [id],
            |r| r.get(0),
        )?;
        if open > 0 {
            return Ok(false);
        }
        self.conn.execute(
            "UPDATE batches SET state = 'done', done_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') \
             WHERE id = ?1",
            [id],
        )?;
        Ok(true)
    }

    /// All documents of a batch, in number order.
    pub fn batch_documents(&self, batch_id: &str) -> anyhow::Result<Vec<DocumentRecord>> {
        self.query_documents("WHERE d.batch_id = ?1", &[&batch_id])
    }

    /// All documents, optionally of one kind and year, in series order.
    pub fn list(
        &self,
        kind: Option<DocKind>,
        year: Option<i32>,
    ) -> anyhow::Result<Vec<DocumentRecord>> {
        let kind = kind.map(|k| k.as_str());
        self.query_documents(
            "WHERE (?1 IS NULL OR d.kind = ?1) AND (?2 IS NULL OR d.year = ?2)",
            &[&kind, &year],
        )
    }

    /// One document by number (any kind), if recorded.
    pub fn find(&self, number: &str) -> anyhow::Result<Vec<DocumentRecord>> {
        self.query_documents("WHERE d.number = ?1", &[&number])
    }

    fn document_by_id(&self, id: i64) -> anyhow::Result<Option<DocumentRecord>> {
        Ok(self
            .query_documents("WHERE d.id = ?1", &[&id])?
            .into_iter()
            .next())
    }

    pub(crate) fn query_documents(
        &self,
        filter: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> anyhow::Result<Vec<DocumentRecord>> {
        let sql = format!(
            "SELECT d.id, d.kind, d.year, d.seq, d.number, d.client_id, d.client_name, d.issue_date, \
             d.source_key, d.batch_id, d.total_excl, d.total_vat, d.total_incl, d.inputs, \
             d.inputs_sha256, d.pdf_path, d.pdf_sha256, d.state, \
             (SELECT group_concat(v.rate || ':' || v.base || ':' || v.vat, ';') \
                FROM document_vat v WHERE v.document_id = d.id) \
             FROM documents d {filter} ORDER BY d.kind, d.year, d.seq"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, row_to_record)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row?);
        }
        Ok(out)
    }

    /// Checks the whole register against itself and the files on disk.
    pub fn verify(&self) -> anyhow::Result<VerifyReport> {
        verify::verify(self)
    }

    pub(crate) fn series(&self) -> anyhow::Result<Vec<(DocKind, i32, u32)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT kind, year, last_seq FROM series ORDER BY kind, year")?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(0)?;
            Ok((kind, r.get::<_, i32>(1)?, r.get::<_, i64>(2)? as u32))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, year, last) = row?;
            let kind = kind.parse().map_err(|e: String| anyhow::anyhow!(e))?;
            out.push((kind, year, last));
        }
        Ok(out)
    }
}

pub(crate) fn insert_document(
    tx: &rusqlite::Transaction<'_>,
    doc: &NewDocument,
    batch_id: Option<&str>,
    format: NumberFormat<'_>,
) -> anyhow::Result<(i64, String)> {
    let year = doc.issue_date.year();
    tx.execute(
        "INSERT INTO series (kind, year, last_seq) VALUES (?1, ?2, 0) ON CONFLICT DO NOTHING",
        params![doc.kind.as_str(), year],
    )?;
    let seq: i64 = tx.query_row(
        "UPDATE series SET last_seq = last_seq + 1 WHERE kind = ?1 AND year = ?2 RETURNING last_seq",
        params![doc.kind.as_str(), year],
        |r| r.get(0),
    )?;
    let number = format(doc.kind, year, seq as u32);
    let id = insert_numbered(tx, doc, batch_id, seq, &number)?;
    Ok((id, number))
}

/// Records a document under a number already decided (allocated above, or written in a
/// quote file by the user); the series itself is not touched here.
pub(crate) fn insert_numbered(
    tx: &rusqlite::Transaction<'_>,
    doc: &NewDocument,
    batch_id: Option<&str>,
    seq: i64,
    number: &str,
) -> anyhow::Result<i64> {
    let year = doc.issue_date.year();
    let pdf_path = pdf_relative_path(doc.kind, number);
    tx.execute(
        "INSERT INTO documents (kind, year, seq, number, client_id, client_name, issue_date, \
         source_key, batch_id, total_excl, total_vat, total_incl, inputs, inputs_sha256, pdf_path, state, \
         quote_status) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 'allocated', \
         CASE WHEN ?1 = 'quote' THEN 'draft' END)",
        params![
            doc.kind.as_str(),
            year,
            seq,
            number,
            doc.client_id,
            doc.client_name,
            doc.issue_date.to_string(),
            doc.source_key,
            batch_id,
            doc.total_excl.to_string(),
            doc.total_vat.to_string(),
            doc.total_incl.to_string(),
            doc.inputs,
            sha256_hex(doc.inputs.as_bytes()),
            pdf_path.to_string_lossy(),
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO document_vat (document_id, rate, base, vat) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for v in &doc.vat {
        stmt.execute(params![
            id,
            v.rate.normalize().to_string(),
            v.base.to_string(),
            v.vat.to_string()
        ])?;
    }
    Ok(id)
}

/// Where the PDF of a numbered document lives, relative to the workspace root:
/// `out/<kind>/<number>.pdf`, with path separators in the number replaced.
pub fn pdf_relative_path(kind: DocKind, number: &str) -> PathBuf {
    let file: String = number
        .chars()
        .map(|c| if matches!(c, '/' | '\\') { '-' } else { c })
        .collect();
    Path::new("out")
        .join(kind.out_dir())
        .join(format!("{file}.pdf"))
}

fn decimal(s: &str, idx: usize) -> rusqlite::Result<Decimal> {
    Decimal::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn row_to_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentRecord> {
    let kind: String = r.get(1)?;
    let date: String = r.get(7)?;
    let vat_list: Option<String> = r.get(18)?;
    let mut vat = Vec::new();
    for part in vat_list.iter().flat_map(|s| s.split(';')) {
        let mut f = part.split(':');
        let (Some(rate), Some(base), Some(v)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        vat.push(VatAmount {
            rate: decimal(rate, 18)?,
            base: decimal(base, 18)?,
            vat: decimal(v, 18)?,
        });
    }
    vat.sort_by_key(|v| v.rate);
    Ok(DocumentRecord {
        id: r.get(0)?,
        kind: kind.parse().map_err(|e: String| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
        })?,
        year: r.get(2)?,
        seq: r.get::<_, i64>(3)? as u32,
        number: r.get(4)?,
        client_id: r.get(5)?,
        client_name: r.get(6)?,
        issue_date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e))
        })?,
        source_key: r.get(8)?,
        batch_id: r.get(9)?,
        total_excl: decimal(&r.get::<_, String>(10)?, 10)?,
        total_vat: decimal(&r.get::<_, String>(11)?, 11)?,
        total_incl: decimal(&r.get::<_, String>(12)?, 12)?,
        inputs: r.get(13)?,
        inputs_sha256: r.get(14)?,
        pdf_path: PathBuf::from(r.get::<_, String>(15)?),
        pdf_sha256: r.get(16)?,
        state: DocState::parse(&r.get::<_, String>(17)?)?,
        vat,
    })
}

/// Held while a batch runs, so the same batch never runs twice at once; the OS
/// releases it when the process dies, even by SIGKILL.
pub struct BatchLock {
    _file: File,
}

/// Takes the lock of batch `id`; when another process holds it, says so through
/// `waiting` and waits for it to finish.
pub fn lock_batch(root: &Path, id: &str, waiting: &dyn Fn()) -> anyhow::Result<BatchLock> {
    let dir = root.join(LEDGER_DIR).join("locks");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("batch-{id}.lock"));
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock()?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
    }
    Ok(BatchLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_path_never_contains_the_separator_of_a_number() {
        assert_eq!(
            pdf_relative_path(DocKind::Invoice, "F2026/7"),
            Path::new("out/invoice/F2026-7.pdf")
        );
    }
}
