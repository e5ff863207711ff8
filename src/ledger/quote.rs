//! The quote life cycle kept in the register: `draft → sent → accepted | declined |
//! expired`, and the invoices issued from a quote (one deposit, one final).
//!
//! Transitions are checked here and again by a SQLite trigger, so no code path can
//! move a quote backwards. Issuing an invoice from a quote allocates its number and
//! records the link in one transaction: a second final invoice is refused before
//! any number is used, so refusing never leaves a gap.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{
    DocKind, DocumentRecord, Ledger, NewDocument, NumberFormat, insert_document, insert_numbered,
};
use crate::error::UserError;

/// Where a quote stands with the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteStatus {
    /// Issued, not yet sent.
    Draft,
    /// Sent to the client.
    Sent,
    /// Accepted (signed) by the client.
    Accepted,
    /// Declined by the client.
    Declined,
    /// Not accepted before its validity date.
    Expired,
}

impl QuoteStatus {
    /// The stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Draft => "draft",
            QuoteStatus::Sent => "sent",
            QuoteStatus::Accepted => "accepted",
            QuoteStatus::Declined => "declined",
            QuoteStatus::Expired => "expired",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "draft" => QuoteStatus::Draft,
            "sent" => QuoteStatus::Sent,
            "accepted" => QuoteStatus::Accepted,
            "declined" => QuoteStatus::Declined,
            "expired" => QuoteStatus::Expired,
            _ => return None,
        })
    }

    /// Whether a quote in this status may move to `to`.
    pub fn can_become(self, to: QuoteStatus) -> bool {
        use QuoteStatus::*;
        matches!(
            (self, to),
            (Draft, Sent | Accepted | Declined | Expired) | (Sent, Accepted | Declined | Expired)
        )
    }
}

impl fmt::Display for QuoteStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an invoice relates to the quote it was issued from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The deposit invoice issued on acceptance.
    DepositInvoice,
    /// The final invoice, deposit deducted.
    FinalInvoice,
}

impl Link {
    fn as_str(self) -> &'static str {
        match self {
            Link::DepositInvoice => "deposit_invoice",
            Link::FinalInvoice => "final_invoice",
        }
    }
}

fn quote_row(ledger: &Ledger, number: &str) -> anyhow::Result<(i64, QuoteStatus, Option<String>)> {
    quote_row_in(&ledger.conn, number)
}

/// The error of an impossible transition, naming both statuses.
fn refused(number: &str, from: QuoteStatus, to: QuoteStatus) -> UserError {
    UserError::new(format!("quote {number} is {from}: it cannot become {to}"))
        .hint("a quote goes draft → sent → accepted, declined or expired, never back")
}

fn quote_row_in(
    conn: &rusqlite::Connection,
    number: &str,
) -> anyhow::Result<(i64, QuoteStatus, Option<String>)> {
    let row: Option<(i64, Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT id, quote_status, quote_status_date FROM documents \
             WHERE kind = 'quote' AND number = ?1",
            [number],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (id, status, date) = row.ok_or_else(|| {
        UserError::new(format!("no quote numbered `{number}` in the ledger"))
            .hint("`clausier ledger list --kind quote` shows the recorded quotes")
    })?;
    let status = status
        .as_deref()
        .and_then(QuoteStatus::parse)
        .unwrap_or(QuoteStatus::Draft);
    Ok((id, status, date))
}

impl Ledger {
    /// The status of a quote and the date it was reached (None while draft).
    pub fn quote_status(&self, number: &str) -> anyhow::Result<(QuoteStatus, Option<NaiveDate>)> {
        let (_, status, date) = quote_row(self, number)?;
        let date = date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        Ok((status, date))
    }

    /// Moves a quote to `to` on date `on`; an impossible transition (accepting a
    /// declined quote, …) is a user error naming both statuses.
    pub fn set_quote_status(
        &mut self,
        number: &str,
        to: QuoteStatus,
        on: NaiveDate,
    ) -> anyhow::Result<()> {
        let (id, from, _) = quote_row(self, number)?;
        if !from.can_become(to) {
            return Err(refused(number, from, to).into());
        }
        self.conn.execute(
            "UPDATE documents SET quote_status = ?2, quote_status_date = ?3 WHERE id = ?1",
            params![id, to.as_str(), on.to_string()],
        )?;
        Ok(())
    }

    /// Issues an invoice from a quote: allocates its number and records the link in
    /// one transaction. A second invoice of the same relation is refused before
    /// any number is allocated.
    pub fn issue_from_quote(
        &mut self,
        quote_number: &str,
        relation: Link,
        doc: &NewDocument,
        format: NumberFormat<'_>,
    ) -> anyhow::Result<DocumentRecord> {
        let (quote_id, status, _) = quote_row(self, quote_number)?;
        if status != QuoteStatus::Accepted {
            return Err(UserError::new(format!(
                "quote {quote_number} is {status}: only an accepted quote is invoiced"
            ))
            .into());
        }
        if doc.kind != DocKind::Invoice {
            anyhow::bail!("only invoices are issued from a quote");
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT d.number FROM document_links l JOIN documents d ON d.id = l.to_id \
                 WHERE l.from_id = ?1 AND l.relation = ?2",
                params![quote_id, relation.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(n) = existing {
            return Err(UserError::new(format!(
                "quote {quote_number} already has its {} invoice: {n}",
                match relation {
                    Link::DepositInvoice => "deposit",
                    Link::FinalInvoice => "final",
                }
            ))
            .hint("correct an issued invoice with a credit note, never by invoicing again")
            .into());
        }
        let (id, _) = insert_document(&tx, doc, None, format)?;
        tx.execute(
            "INSERT INTO document_links (from_id, to_id, relation) VALUES (?1, ?2, ?3)",
            params![quote_id, id, relation.as_str()],
        )?;
        tx.commit()?;
        Ok(self.query_documents("WHERE d.id = ?1", &[&id])?.remove(0))
    }

    /// Records a rendered quote as a draft. With `number` (the quote file names its own,
    /// `seq` parsed from it) the record takes that number and the series moves past it;
    /// without, the series gives the next one. A number already recorded for another
    /// file is refused.
    pub fn record_quote(
        &mut self,
        doc: &NewDocument,
        number: Option<(&str, u32)>,
        format: NumberFormat<'_>,
    ) -> anyhow::Result<DocumentRecord> {
        if doc.kind != DocKind::Quote {
            anyhow::bail!("only quotes are recorded as quotes");
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = match number {
            None => insert_document(&tx, doc, None, format)?.0,
            Some((number, seq)) => {
                let taken: Option<Option<String>> = tx
                    .query_row(
                        "SELECT source_key FROM documents WHERE kind = 'quote'                          AND (number = ?1 OR (year = ?2 AND seq = ?3))",
                        params![number, doc.issue_date.year(), seq],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(key) = taken {
                    let by = key
                        .as_deref()
                        .and_then(|k| k.strip_prefix("file:"))
                        .unwrap_or("another quote");
                    return Err(UserError::new(format!(
                        "quote number {number} is already recorded in the ledger for {by}"
                    ))
                    .hint("give this quote its own `number:`, or remove `number:` to let the ledger allocate one")
                    .into());
                }
                tx.execute(
                    "INSERT INTO series (kind, year, last_seq) VALUES ('quote', ?1, ?2)                      ON CONFLICT (kind, year) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)",
                    params![doc.issue_date.year(), seq],
                )?;
                insert_numbered(&tx, doc, None, i64::from(seq), number)?
            }
        };
        tx.commit()?;
        Ok(self.query_documents("WHERE d.id = ?1", &[&id])?.remove(0))
    }

    /// Accepts a quote on `on` and, when it asks a deposit, issues the deposit invoice:
    /// status, invoice number and link in ONE transaction, so a refused acceptance uses
    /// no number and an accepted quote always has its deposit invoice.
    pub fn accept_quote(
        &mut self,
        quote_number: &str,
        on: NaiveDate,
        deposit: Option<&NewDocument>,
        format: NumberFormat<'_>,
    ) -> anyhow::Result<Option<DocumentRecord>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (quote_id, from, _) = quote_row_in(&tx, quote_number)?;
        if !from.can_become(QuoteStatus::Accepted) {
            return Err(refused(quote_number, from, QuoteStatus::Accepted).into());
        }
        tx.execute(
            "UPDATE documents SET quote_status = 'accepted', quote_status_date = ?2 WHERE id = ?1",
            params![quote_id, on.to_string()],
        )?;
        let id = match deposit {
            Some(doc) => {
                let (id, _) = insert_document(&tx, doc, None, format)?;
                tx.execute(
                    "INSERT INTO document_links (from_id, to_id, relation) VALUES (?1, ?2, ?3)",
                    params![quote_id, id, Link::DepositInvoice.as_str()],
                )?;
                Some(id)
            }
            None => None,
        };
        tx.commit()?;
        match id {
            Some(id) => Ok(Some(
                self.query_documents("WHERE d.id = ?1", &[&id])?.remove(0),
            )),
            None => Ok(None),
        }
    }

    /// Invoices issued from a quote, with their relation.
    pub fn invoices_of_quote(
        &self,
        quote_number: &str,
    ) -> anyhow::Result<Vec<(Link, DocumentRecord)>> {
        let (quote_id, _, _) = quote_row(self, quote_number)?;
        let mut out = Vec::new();
        for (relation, link) in [
            ("deposit_invoice", Link::DepositInvoice),
            ("final_invoice", Link::FinalInvoice),
        ] {
            let docs = self.query_documents(
                "WHERE d.id IN (SELECT to_id FROM document_links WHERE from_id = ?1 AND relation = ?2)",
                &[&quote_id, &relation],
            )?;
            out.extend(docs.into_iter().map(|d| (link, d)));
        }
        Ok(out)
    }
}
