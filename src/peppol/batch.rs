//! `clausier batch invoices FEED --ubl`: the UBL of every issued invoice, next to its PDF.
//!
//! Each invoice is resolved again from the inputs the ledger recorded at issue time
//! (the same snapshot the batch rendered the PDF from), so the UBL carries exactly
//! the PDF's amounts. Invoices whose client cannot receive Peppol documents
//! (consumers, no VAT number) are listed, not fatal: the batch itself succeeded.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{UblDocument, write_ubl};
use crate::batch::Outcome;
use crate::batch::workspace::InvoiceInputs;
use crate::error::UserError;
use crate::ledger::{DocKind, DocState, DocumentRecord};
use crate::workspace::Workspace;

/// What `--ubl` did for a batch.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct BatchUbl {
    /// UBL files written, in document order.
    pub written: Vec<PathBuf>,
    /// Invoices left without UBL, with the reason (number, message).
    pub skipped: Vec<(String, String)>,
}

/// Writes the UBL of every finished invoice of `docs` next to its PDF under `root`.
pub fn write_batch_ubl(ws: &Workspace, docs: &[DocumentRecord]) -> anyhow::Result<BatchUbl> {
    let mut result = BatchUbl::default();
    for doc in docs
        .iter()
        .filter(|d| d.kind == DocKind::Invoice && d.state == DocState::Done)
    {
        let inputs = InvoiceInputs::of(doc).map_err(anyhow::Error::msg)?;
        let snapshot = inputs.snapshot(ws);
        let resolved = inputs.resolve(&snapshot, &doc.number)?;
        let pdf: &Path = &ws.root.join(&doc.pdf_path);
        match write_ubl(UblDocument::Invoice(&resolved), pdf) {
            Ok(xml) => result.written.push(xml),
            Err(e) => match e.downcast::<UserError>() {
                Ok(user) => result.skipped.push((doc.number.clone(), user.message)),
                Err(other) => return Err(other),
            },
        }
    }
    Ok(result)
}

/// Runs [`write_batch_ubl`] on the documents of a batch outcome and prints a summary.
pub fn write_outcome_ubl(
    out: &mut impl Write,
    ws: &Workspace,
    outcome: &Outcome,
) -> anyhow::Result<BatchUbl> {
    let docs: &[DocumentRecord] = match outcome {
        Outcome::Issued(report) => &report.documents,
        Outcome::AlreadyDone { documents, .. } => documents,
        Outcome::Invalid { .. } | Outcome::DryRun(_) => &[],
    };
    let result = write_batch_ubl(ws, docs)?;
    if !docs.is_empty() {
        writeln!(
            out,
            "wrote {} Peppol UBL file(s) next to the PDFs",
            result.written.len()
        )?;
        for (number, reason) in &result.skipped {
            writeln!(out, "  no UBL for {number}: {reason}")?;
        }
    }
    Ok(result)
}
