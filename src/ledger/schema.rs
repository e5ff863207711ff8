//! Schema migrations, applied in order and recorded in SQLite's `user_version`.
//!
//! A migration is never edited once released: a later change is a new entry, so
//! a ledger created by any earlier clausier opens with any later one.

use rusqlite::Connection;

/// Ordered migrations; entry `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // v1: series, batches, documents with their VAT breakdown, and the guards
    // that make the register append-only for everything that identifies a document.
    r#"
    CREATE TABLE series (
        kind     TEXT    NOT NULL,
        year     INTEGER NOT NULL,
        last_seq INTEGER NOT NULL CHECK (last_seq >= 0),
        PRIMARY KEY (kind, year)
    );

    CREATE TABLE batches (
        id         TEXT PRIMARY KEY,
        feed       TEXT NOT NULL,
        state      TEXT NOT NULL CHECK (state IN ('running', 'done')),
        documents  INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        done_at    TEXT
    );

    CREATE TABLE documents (
        id            INTEGER PRIMARY KEY,
        kind          TEXT    NOT NULL CHECK (kind IN ('invoice', 'quote', 'credit_note')),
        year          INTEGER NOT NULL,
        seq           INTEGER NOT NULL CHECK (seq >= 1),
        number        TEXT    NOT NULL,
        client_id     TEXT    NOT NULL,
        client_name   TEXT    NOT NULL,
        issue_date    TEXT    NOT NULL,
        source_key    TEXT,
        batch_id      TEXT REFERENCES batches(id),
        total_excl    TEXT    NOT NULL,
        total_vat     TEXT    NOT NULL,
        total_incl    TEXT    NOT NULL,
        inputs        TEXT    NOT NULL,
        inputs_sha256 TEXT    NOT NULL,
        pdf_path      TEXT    NOT NULL,
        pdf_sha256    TEXT,
        state         TEXT    NOT NULL CHECK (state IN ('allocated', 'rendered', 'done')),
        UNIQUE (kind, year, seq),
        UNIQUE (kind, number),
        UNIQUE (kind, source_key)
    );
    CREATE INDEX documents_batch ON documents(batch_id, state);

    CREATE TABLE document_vat (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        rate        TEXT    NOT NULL,
        base        TEXT    NOT NULL,
        vat         TEXT    NOT NULL,
        PRIMARY KEY (document_id, rate)
    );

    CREATE TRIGGER documents_never_deleted BEFORE DELETE ON documents
    BEGIN SELECT RAISE(ABORT, 'an issued document is never deleted: correct it with a credit note'); END;

    CREATE TRIGGER documents_never_renumbered
    BEFORE UPDATE OF kind, year, seq, number, client_id, client_name, issue_date, source_key,
                     batch_id, total_excl, total_vat, total_incl, inputs, inputs_sha256, pdf_path
    ON documents
    BEGIN SELECT RAISE(ABORT, 'an issued document is never renumbered or edited'); END;

    CREATE TRIGGER documents_state_moves_forward BEFORE UPDATE OF state ON documents
    WHEN NOT ((OLD.state = 'allocated' AND NEW.state IN ('allocated', 'rendered'))
           OR (OLD.state = 'rendered'  AND NEW.state IN ('rendered', 'done'))
           OR (OLD.state = 'done'      AND NEW.state = 'done'))
    BEGIN SELECT RAISE(ABORT, 'a document state never moves back (allocated, rendered, done)'); END;

    CREATE TRIGGER documents_pdf_hash_is_final BEFORE UPDATE OF pdf_sha256 ON documents
    WHEN OLD.pdf_sha256 IS NOT NULL AND NEW.pdf_sha256 IS NOT OLD.pdf_sha256
    BEGIN SELECT RAISE(ABORT, 'the recorded PDF hash of a document never changes'); END;

    CREATE TRIGGER document_vat_never_changed_update BEFORE UPDATE ON document_vat
    BEGIN SELECT RAISE(ABORT, 'the VAT breakdown of an issued document never changes'); END;
    CREATE TRIGGER document_vat_never_changed_delete BEFORE DELETE ON document_vat
    BEGIN SELECT RAISE(ABORT, 'the VAT breakdown of an issued document never changes'); END;

    CREATE TRIGGER series_never_goes_back BEFORE UPDATE OF last_seq ON series
    WHEN NEW.last_seq < OLD.last_seq
    BEGIN SELECT RAISE(ABORT, 'a number series never goes back'); END;
    "#,
    // v2: the quote life cycle (draft → sent → accepted | declined | expired) and the
    // links from a quote to the invoices issued from it (one deposit, one final).
    r#"
    ALTER TABLE documents ADD COLUMN quote_status TEXT
        CHECK (quote_status IN ('draft', 'sent', 'accepted', 'declined', 'expired'));
    ALTER TABLE documents ADD COLUMN quote_status_date TEXT;
    UPDATE documents SET quote_status = 'draft' WHERE kind = 'quote';

    CREATE TRIGGER quote_status_moves_forward BEFORE UPDATE OF quote_status ON documents
    WHEN NOT ((OLD.quote_status = 'draft' AND NEW.quote_status IN ('sent', 'accepted', 'declined', 'expired'))
           OR (OLD.quote_status = 'sent'  AND NEW.quote_status IN ('accepted', 'declined', 'expired')))
    BEGIN SELECT RAISE(ABORT, 'a quote never goes back to an earlier status'); END;

    CREATE TABLE document_links (
        from_id  INTEGER NOT NULL REFERENCES documents(id),
        to_id    INTEGER NOT NULL REFERENCES documents(id),
        relation TEXT    NOT NULL CHECK (relation IN ('deposit_invoice', 'final_invoice')),
        PRIMARY KEY (from_id, relation)
    );
    CREATE TRIGGER document_links_never_deleted BEFORE DELETE ON document_links
    BEGIN SELECT RAISE(ABORT, 'a link between issued documents is never deleted'); END;
    CREATE TRIGGER document_links_never_changed BEFORE UPDATE ON document_links
    BEGIN SELECT RAISE(ABORT, 'a link between issued documents is never changed'); END;
    "#,
];

/// The schema version this build writes; a newer ledger is refused rather than misread.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`CURRENT_VERSION`], one migration per transaction.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<MigrationOutcome> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > CURRENT_VERSION {
        return Ok(MigrationOutcome::TooNew { found });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the write lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > index as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(MigrationOutcome::Ready)
}

/// Whether the ledger can be used by this build.
#[derive(Debug, PartialEq, Eq)]
pub enum MigrationOutcome {
    /// Schema at the current version.
    Ready,
    /// Written by a newer clausier: opening it could lose data, so it is refused.
    TooNew {
        /// The `user_version` found in the file.
        found: i64,
    },
}
