//! The accounting export: one CSV row per document with base and VAT per rate,
//! the shape Belgian bookkeeping packages import.

use std::collections::BTreeSet;
use std::io::Write;

use rust_decimal::Decimal;

use super::{DocumentRecord, VatAmount};

/// Sums over many documents, for the end-of-batch summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Documents counted.
    pub count: usize,
    /// Base and VAT per rate, ascending rate.
    pub per_rate: Vec<VatAmount>,
    /// Total excluding VAT.
    pub total_excl: Decimal,
    /// Total VAT.
    pub total_vat: Decimal,
    /// Total including VAT.
    pub total_incl: Decimal,
}

impl Totals {
    /// Adds one document's amounts; rates stay in ascending order.
    pub fn add(&mut self, vat: &[VatAmount], excl: Decimal, total_vat: Decimal, incl: Decimal) {
        self.count += 1;
        self.total_excl += excl;
        self.total_vat += total_vat;
        self.total_incl += incl;
        for v in vat {
            match self.per_rate.binary_search_by(|p| p.rate.cmp(&v.rate)) {
                Ok(i) => {
                    self.per_rate[i].base += v.base;
                    self.per_rate[i].vat += v.vat;
                }
                Err(i) => self.per_rate.insert(i, v.clone()),
            }
        }
    }
}

/// Adds up documents (exact decimals: the sum of the recorded, rounded amounts).
pub fn totals<'a>(docs: impl IntoIterator<Item = &'a DocumentRecord>) -> Totals {
    let mut t = Totals::default();
    for d in docs {
        t.add(&d.vat, d.total_excl, d.total_vat, d.total_incl);
    }
    t
}

/// Writes the accounting CSV: number, date, client, then base and VAT for every
/// rate present, then totals and the PDF's path and hash.
pub fn write_csv<W: Write>(docs: &[DocumentRecord], out: W) -> csv::Result<()> {
    let rates: BTreeSet<Decimal> = docs
        .iter()
        .flat_map(|d| d.vat.iter().map(|v| v.rate))
        .collect();
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "number".to_string(),
        "kind".into(),
        "issue_date".into(),
        "client_id".into(),
        "client_name".into(),
    ];
    for r in &rates {
        header.push(format!("base_{r}"));
        header.push(format!("vat_{r}"));
    }
    header.extend([
        "total_excl".into(),
        "total_vat".into(),
        "total_incl".into(),
        "state".into(),
        "pdf".into(),
        "pdf_sha256".into(),
    ]);
    w.write_record(&header)?;
    for d in docs {
        let mut row = vec![
            d.number.clone(),
            d.kind.as_str().to_string(),
            d.issue_date.to_string(),
            d.client_id.clone(),
            d.client_name.clone(),
        ];
        for r in &rates {
            match d.vat.iter().find(|v| v.rate == *r) {
                Some(v) => {
                    row.push(v.base.to_string());
                    row.push(v.vat.to_string());
                }
                None => {
                    row.push("0.00".into());
                    row.push("0.00".into());
                }
            }
        }
        row.extend([
            d.total_excl.to_string(),
            d.total_vat.to_string(),
            d.total_incl.to_string(),
            d.state.as_str().to_string(),
            d.pdf_path.to_string_lossy().into_owned(),
            d.pdf_sha256.clone().unwrap_or_default(),
        ]);
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}
