//! Grouping feed rows into invoices: one invoice per client and period, in the
//! order the feed first mentions them, so numbers follow the feed.

use std::collections::HashMap;

use super::feed::{FeedRow, Period, RowError};

/// One invoice to issue: the rows of one client and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedInvoice {
    /// Client id.
    pub client: String,
    /// Billing period.
    pub period: Period,
    /// The feed rows, in feed order; each becomes an invoice line.
    pub rows: Vec<FeedRow>,
}

impl PlannedInvoice {
    /// The business key the ledger refuses to invoice twice.
    pub fn source_key(&self) -> String {
        source_key(&self.client, &self.period.to_string())
    }
}

/// `client/period`: the same client is invoiced once per period, whichever batch does it.
pub fn source_key(client: &str, period: &str) -> String {
    format!("{client}/{period}")
}

/// A client-period group left out because some of its rows are invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldBack {
    /// `client/period` as written in the feed.
    pub key: String,
    /// Rows of the group (valid and invalid).
    pub rows: Vec<usize>,
}

/// Groups valid rows into invoices. Groups that also have invalid rows are held
/// back whole: issuing an invoice without one of its lines would under-bill silently.
pub fn group(rows: &[FeedRow], errors: &[RowError]) -> (Vec<PlannedInvoice>, Vec<HeldBack>) {
    let bad_keys: HashMap<&str, ()> = errors
        .iter()
        .filter_map(|e| e.key.as_deref())
        .map(|k| (k, ()))
        .collect();
    let mut index: HashMap<(String, Period), usize> = HashMap::new();
    let mut invoices: Vec<PlannedInvoice> = Vec::new();
    let mut held: Vec<HeldBack> = Vec::new();
    for r in rows {
        let key = source_key(&r.client, &r.period.to_string());
        if bad_keys.contains_key(key.as_str()) {
            match held.iter_mut().find(|h| h.key == key) {
                Some(h) => h.rows.push(r.row),
                None => held.push(HeldBack {
                    key,
                    rows: vec![r.row],
                }),
            }
            continue;
        }
        let at = *index
            .entry((r.client.clone(), r.period))
            .or_insert_with(|| {
                invoices.push(PlannedInvoice {
                    client: r.client.clone(),
                    period: r.period,
                    rows: Vec::new(),
                });
                invoices.len() - 1
            });
        invoices[at].rows.push(r.clone());
    }
    for e in errors {
        if let Some(key) = &e.key
            && let Some(h) = held.iter_mut().find(|h| &h.key == key)
        {
            h.rows.push(e.row);
        }
    }
    for h in &mut held {
        h.rows.sort_unstable();
        h.rows.dedup();
    }
    (invoices, held)
}
