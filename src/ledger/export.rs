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

/// Adds up documents (exact decimals: the sum of the recorded, rounded amounts).
pub fn totals<'a>(docs: impl IntoIterator<Item = &'a DocumentRecord>) -> Totals {
    let mut t = Totals::default();
    for d in docs {
        t.count += 1;
        t.total_excl += d.total_excl;
        t.total_vat += d.total_vat;
        t.total_incl += d.total_incl;
        for v in &d.vat {
            match t.per_rate.iter_mut().find(|p| p.rate == v.rate) {
                Some(p) => {
                    p.base += v.base;
                    p.vat += v.vat;
                }
                None => t.per_rate.push(v.clone()),
            }
        }
    }
    t.per_rate.sort_by(|a, b| a.rate.cmp(&b.rate));
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
