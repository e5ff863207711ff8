//! What happened to an invoice after it was sent: payments received, reminders and
//! formal notices sent, and the contract's late-payment clause.
//!
//! They live in a sidecar file per invoice under the workspace's `events/` folder
//! (`invoices/2026-00007.yaml` → `events/2026-00007.events.yaml`), so the engine can tell
//! when a reminder went out (Book XIX counts from it) and how much was paid, while issued
//! invoice files are never rewritten; `clausier notice` appends to it. The ledger may
//! later hold the same records.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::UserError;

/// How a reminder travelled: Book XIX starts the waiting period differently for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// E-mail or another electronic message: the period starts the next day.
    #[default]
    Email,
    /// Post: the period starts on the 3rd working day after posting.
    Paper,
}

impl Channel {
    /// The key used in YAML, JSON and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Paper => "paper",
        }
    }
}

/// The two notices clausier sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeKind {
    /// A payment reminder (for a consumer: the free first reminder of Book XIX).
    Reminder,
    /// A formal notice (mise en demeure / ingebrekestelling) with a final deadline.
    Formal,
}

impl NoticeKind {
    /// The key used in YAML, JSON and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            NoticeKind::Reminder => "reminder",
            NoticeKind::Formal => "formal",
        }
    }
}

/// A payment received on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// Date the money arrived.
    pub date: NaiveDate,
    /// Amount in EUR.
    pub amount: Decimal,
    /// Bank reference or note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A reminder or formal notice that was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeEvent {
    /// Reminder or formal notice.
    pub kind: NoticeKind,
    /// Date it was sent (posted or e-mailed).
    pub date: NaiveDate,
    /// How it was sent.
    pub channel: Channel,
    /// The PDF that was sent, when clausier rendered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// An agreed lump sum (damages clause): `fixed + percent % of the balance`, at least
/// `minimum`, at most `maximum`; or, with `book_xix_scale`, the Book XIX table itself
/// (20 / 30 + 10 % / 65 + 5 %, at most 2,000: the clause of the built-in consumer terms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LumpSum {
    /// Fixed part in EUR.
    #[serde(default)]
    pub fixed: Decimal,
    /// Percentage of the unpaid balance.
    #[serde(default)]
    pub percent: Decimal,
    /// Floor in EUR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Decimal>,
    /// Ceiling in EUR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Decimal>,
    /// The clause is the Book XIX scale (art. XIX.4); the other fields are then unused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub book_xix_scale: bool,
}

impl LumpSum {
    /// What the clause claims on `balance`, with the Book XIX scale taken from `rates`.
    pub fn amount_in(&self, balance: Decimal, rates: &super::rates::RateTable) -> Decimal {
        if self.book_xix_scale {
            rates.book_xix_cap(balance)
        } else {
            self.amount(balance)
        }
    }

    /// What a `fixed + percent` clause claims on `balance`, to the cent.
    pub fn amount(&self, balance: Decimal) -> Decimal {
        let mut v = self.fixed + balance * self.percent / Decimal::ONE_HUNDRED;
        if let Some(min) = self.minimum {
            v = v.max(min);
        }
        if let Some(max) = self.maximum {
            v = v.min(max);
        }
        super::round_cents(v.max(Decimal::ZERO))
    }
}

/// The late-payment clause of the creditor's terms, and whether the creditor is an SME.
///
/// For consumers only what this clause provides may be charged (Book XIX); for businesses
/// an agreed rate replaces the statutory one (Law of 2 August 2002, art. 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LatePaymentTerms {
    /// Agreed annual interest rate in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_percent: Option<Decimal>,
    /// Interest agreed at the legal interest rate of each year (Law of 5 May 1865).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interest_at_legal_rate: bool,
    /// Agreed lump sum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lump_sum: Option<LumpSum>,
    /// The creditor is an SME (Companies Code art. 1:24): under Book XIX it may count
    /// agreed interest from the start of the waiting period instead of its end.
    #[serde(default)]
    pub creditor_sme: bool,
    /// Where the clause is written (e.g. "General terms, art. 7"), quoted in notices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl LatePaymentTerms {
    /// Whether the contract provides anything for late payment (rate or lump sum).
    pub fn provides_anything(&self) -> bool {
        self.provides_interest() || self.lump_sum.is_some()
    }

    /// Whether the contract provides interest (a fixed rate or the legal rate).
    pub fn provides_interest(&self) -> bool {
        self.interest_percent.is_some() || self.interest_at_legal_rate
    }
}

/// The sidecar file of one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct InvoiceEvents {
    /// This invoice's late-payment clause, overriding the workspace's `late-payment.yaml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<LatePaymentTerms>,
    /// Payments received.
    #[serde(default)]
    pub payments: Vec<Payment>,
    /// Reminders and formal notices sent.
    #[serde(default)]
    pub notices: Vec<NoticeEvent>,
}

/// The folder of a workspace holding the sidecar files.
pub const EVENTS_DIR: &str = "events";

/// The sidecar of an invoice file in a workspace:
/// `invoices/2026-00007.yaml` → `<root>/events/2026-00007.events.yaml`.
pub fn sidecar_path(root: &Path, invoice: &Path) -> PathBuf {
    let stem = invoice
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    root.join(EVENTS_DIR).join(format!("{stem}.events.yaml"))
}

/// Turns a YAML error into a `UserError` pointing at the line and column.
pub(crate) fn yaml_error(path: &Path, e: &serde_yaml::Error) -> UserError {
    let mut err = UserError::new(e.to_string()).file(path);
    if let Some(loc) = e.location() {
        err = err.at(loc.line(), loc.column());
    }
    err
}

impl InvoiceEvents {
    /// Reads a sidecar; a missing file means nothing happened yet.
    pub fn load(path: &Path) -> Result<InvoiceEvents, UserError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(InvoiceEvents::default());
            }
            Err(e) => return Err(UserError::new(format!("cannot read: {e}")).file(path)),
        };
        if text.trim().is_empty() {
            return Ok(InvoiceEvents::default());
        }
        let events: InvoiceEvents =
            serde_yaml::from_str(&text).map_err(|e| yaml_error(path, &e))?;
        for (i, p) in events.payments.iter().enumerate() {
            if p.amount <= Decimal::ZERO {
                return Err(UserError::new("a payment must be a positive amount")
                    .file(path)
                    .field(format!("payments[{i}].amount"))
                    .hint("record refunds as a credit note, not as a negative payment"));
            }
        }
        Ok(events)
    }

    /// Writes the sidecar atomically (temp file + rename).
    pub fn save(&self, path: &Path) -> Result<(), UserError> {
        let body = serde_yaml::to_string(self)
            .map_err(|e| UserError::new(format!("cannot write events: {e}")).file(path))?;
        let text = format!(
            "# Payments received and notices sent for one invoice (see `clausier latefee --help`).\n\
             # clausier reads this file to compute late fees and appends the notices it renders.\n{body}"
        );
        crate::output::write_atomic(path, text.as_bytes())
            .map_err(|e| UserError::new(format!("cannot write: {e}")).file(path))
    }

    /// Appends a notice to the sidecar at `path` (read, add, write atomically).
    pub fn record_notice(path: &Path, event: NoticeEvent) -> Result<(), UserError> {
        let mut events = InvoiceEvents::load(path)?;
        if !events.notices.contains(&event) {
            events.notices.push(event);
        }
        events.save(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn sidecar_lives_in_the_events_folder() {
        assert_eq!(
            sidecar_path(Path::new("ws"), Path::new("ws/invoices/2026-00007.yaml")),
            PathBuf::from("ws/events/2026-00007.events.yaml")
        );
    }

    #[test]
    fn lump_sum_applies_floor_and_ceiling() {
        let l = LumpSum {
            fixed: dec!(0),
            percent: dec!(10),
            minimum: Some(dec!(50)),
            maximum: Some(dec!(2500)),
            book_xix_scale: false,
        };
        assert_eq!(l.amount(dec!(300)), dec!(50.00));
        assert_eq!(l.amount(dec!(1234.56)), dec!(123.46));
        assert_eq!(l.amount(dec!(40000)), dec!(2500.00));
    }

    #[test]
    fn unknown_field_in_sidecar_is_an_error_with_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.events.yaml");
        std::fs::write(
            &p,
            "payments:\n  - { date: 2026-01-02, amount: \"10\", note: x }\n",
        )
        .unwrap();
        let err = InvoiceEvents::load(&p).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("note"), "{}", err.message);
    }
}
