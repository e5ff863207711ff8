//! The batch over a real workspace: clients from `clients/`, numbers from
//! `numbering`, invoices resolved by `model::resolve` (the same rules as
//! `clausier invoice FILE`), and a snapshot of everything needed to render each
//! invoice again recorded in the ledger.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::UserError;
use crate::ledger::{DocKind, DocumentRecord, NewDocument};
use crate::model::numbering::format_number;
use crate::model::{Client, Config, InvoiceDoc, Line, ResolvedInvoice, Source, VatRate};
use crate::workspace::Workspace;

use super::{InvoiceError, Invoicing, PlannedInvoice};

/// What the ledger records to render an invoice again, whatever happens to the
/// workspace files later: the configuration and client as they were at issue time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceInputs {
    /// clausier.yaml at issue time (issuer, defaults, numbering).
    pub config: Config,
    /// The client at issue time.
    pub client: Client,
    /// The invoice, without its number (the ledger holds it).
    pub invoice: InvoiceDoc,
    /// Amounts already invoiced that this invoice deducts (a quote's deposit, see
    /// `commands::quote`); absent from the JSON of every other invoice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deductions: Vec<crate::money::Deduction>,
}

impl InvoiceInputs {
    /// The workspace as it was at issue time: recorded configuration and client,
    /// current root (for the logo and template overrides).
    pub fn snapshot(&self, ws: &Workspace) -> Workspace {
        Workspace {
            root: ws.root.clone(),
            config: self.config.clone(),
            clients: BTreeMap::from([(self.client.id.clone(), self.client.clone())]),
            config_source: Source::new("ledger", ""),
            client_sources: BTreeMap::new(),
        }
    }

    /// Resolves the recorded invoice against its snapshot with its allocated number.
    pub fn resolve(
        &self,
        snapshot: &Workspace,
        number: &str,
    ) -> Result<ResolvedInvoice, UserError> {
        let mut inv = crate::model::resolve_invoice(
            snapshot,
            &Source::new("ledger", ""),
            &self.invoice,
            Some(number),
        )?;
        crate::model::deduct(&mut inv, &self.deductions)?;
        Ok(inv)
    }

    /// Reads the inputs recorded for a document.
    pub fn of(doc: &DocumentRecord) -> Result<Self, String> {
        serde_json::from_str(&doc.inputs)
            .map_err(|e| format!("the recorded inputs of {} cannot be read: {e}", doc.number))
    }
}

/// `Invoicing` over a loaded workspace.
pub struct WorkspaceInvoicing<'a> {
    /// The workspace.
    pub ws: &'a Workspace,
}

impl WorkspaceInvoicing<'_> {
    /// The recorded inputs of one planned invoice.
    pub fn inputs(
        &self,
        invoice: &PlannedInvoice,
        issue_date: NaiveDate,
    ) -> Result<InvoiceInputs, String> {
        let client = self
            .ws
            .client(&invoice.client)
            .ok_or_else(|| format!("unknown client `{}`", invoice.client))?;
        let mut lines = Vec::with_capacity(invoice.rows.len());
        for r in &invoice.rows {
            lines.push(Line {
                description: r.description.clone(),
                quantity: r.quantity,
                unit: r.unit.clone(),
                unit_price: r.unit_price,
                vat_rate: VatRate::new(r.vat_rate).map_err(|e| e.message)?,
                discount_percent: r.discount_percent,
            });
        }
        let supply = invoice.period.last_day();
        Ok(InvoiceInputs {
            config: self.ws.config.clone(),
            client: client.clone(),
            invoice: InvoiceDoc {
                client: invoice.client.clone(),
                number: None,
                issue_date,
                due_date: None,
                supply_date: (supply != issue_date).then_some(supply),
                subject: Some(period_subject(invoice, client)),
                lines,
                notes: None,
                vat_treatment: None,
                buyer_reference: None,
            },
            deductions: Vec::new(),
        })
    }
}

/// "Période 2026-10" / "Periode 2026-10" / "Period 2026-10" in the client's language.
fn period_subject(invoice: &PlannedInvoice, client: &Client) -> String {
    let word = client.language.pick("Période", "Periode", "Period");
    format!("{word} {}", invoice.period)
}

/// Maps a resolve error on `lines[i].field` back to the feed row of that line.
fn explain(err: &UserError, invoice: &PlannedInvoice) -> InvoiceError {
    let line = err
        .field
        .as_deref()
        .and_then(|f| f.strip_prefix("lines["))
        .and_then(|f| f.split_once(']'))
        .and_then(|(i, _)| i.parse::<usize>().ok())
        .and_then(|i| invoice.rows.get(i));
    let mut message = err.message.clone();
    if let Some(h) = &err.hint {
        message.push_str(&format!(" (hint: {h})"));
    }
    InvoiceError {
        row: line.unwrap_or(&invoice.rows[0]).row,
        message,
    }
}

impl Invoicing for WorkspaceInvoicing<'_> {
    fn client_ids(&self) -> Vec<String> {
        self.ws.clients.keys().cloned().collect()
    }

    fn has_client(&self, id: &str) -> bool {
        self.ws.clients.contains_key(id)
    }

    fn is_known_rate(&self, rate: Decimal) -> bool {
        crate::be::vat::is_known_rate(rate)
    }

    fn number(&self, kind: DocKind, year: i32, seq: u32) -> String {
        let n = &self.ws.config.numbering;
        let pattern = match kind {
            DocKind::Invoice => &n.invoice,
            DocKind::Quote => &n.quote,
            DocKind::CreditNote => &n.credit_note,
        };
        // Patterns are validated when the workspace loads.
        format_number(pattern, year, u64::from(seq)).unwrap_or_else(|_| format!("{year}-{seq:05}"))
    }

    fn document(
        &self,
        invoice: &PlannedInvoice,
        issue_date: NaiveDate,
    ) -> Result<NewDocument, InvoiceError> {
        let fail = |message: String| InvoiceError {
            row: invoice.rows[0].row,
            message,
        };
        let inputs = self.inputs(invoice, issue_date).map_err(fail)?;
        let placeholder = self.number(DocKind::Invoice, chrono::Datelike::year(&issue_date), 1);
        let resolved = inputs
            .resolve(&inputs.snapshot(self.ws), &placeholder)
            .map_err(|e| explain(&e, invoice))?;
        Ok(NewDocument::from_totals(
            DocKind::Invoice,
            &inputs.client.id,
            &inputs.client.name,
            issue_date,
            Some(invoice.source_key()),
            &resolved.totals,
            serde_json::to_string(&inputs).map_err(|e| fail(e.to_string()))?,
        ))
    }
}

/// Typst projects of recorded invoices, with the workspace's templates (parsed once).
pub struct WorkspaceSource<'a> {
    ws: &'a Workspace,
    renderer: crate::render::Renderer,
}

impl<'a> WorkspaceSource<'a> {
    /// Loads the workspace's templates and labels once for the whole batch.
    pub fn new(ws: &'a Workspace) -> Result<Self, UserError> {
        Ok(WorkspaceSource {
            ws,
            renderer: crate::render::Renderer::for_workspace(ws)?,
        })
    }
}

impl super::DocumentSource for WorkspaceSource<'_> {
    fn sandbox(&self, doc: &DocumentRecord) -> Result<super::Sandbox, String> {
        let inputs = InvoiceInputs::of(doc)?;
        let snapshot = inputs.snapshot(self.ws);
        let resolved = inputs
            .resolve(&snapshot, &doc.number)
            .map_err(|e| e.to_string())?;
        self.renderer
            .invoice(&snapshot, &resolved)
            .map(|r| r.sandbox)
            .map_err(|e| e.to_string())
    }
}

/// typst bundle compiles through `crate::typst`, the module that runs typst.
#[derive(Default)]
pub struct TypstCompiler {
    /// Binary and timeout.
    pub opts: crate::typst::Options,
}

impl super::BundleCompiler for TypstCompiler {
    fn check(&self) -> anyhow::Result<()> {
        let found =
            crate::typst::locate(&self.opts).and_then(|bin| crate::typst::check_version(&bin));
        found.map_err(|e| UserError::new(e.to_string()).hint(e.hint()).into())
    }

    fn compile_bundle(
        &self,
        root: &std::path::Path,
        main: &std::path::Path,
        out_dir: &std::path::Path,
        creation: NaiveDate,
    ) -> anyhow::Result<Result<(), String>> {
        use crate::typst::TypstError;
        match crate::typst::compile_bundle(root, main, out_dir, creation, &self.opts) {
            Ok(()) => Ok(Ok(())),
            Err(TypstError::Compile { stderr, .. }) => Ok(Err(without_bundle_warning(&stderr))),
            Err(e @ TypstError::Timeout(_)) => Ok(Err(format!("{e} ({})", e.hint()))),
            Err(e) => Err(UserError::new(e.to_string()).hint(e.hint()).into()),
        }
    }
}

/// typst's diagnostics without the "bundle export is experimental" warning it prints
/// on every bundle compile: noise next to the real error.
fn without_bundle_warning(stderr: &str) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for line in stderr.lines() {
        if line.starts_with("warning: bundle export is experimental") {
            skipping = true;
            continue;
        }
        if skipping && line.starts_with(" = hint:") {
            continue;
        }
        skipping = false;
        out.push(line);
    }
    out.join("\n").trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_errors_keep_the_diagnostic_and_lose_the_bundle_warning() {
        let stderr = "error: panicked with: x\n  ┌─ d/doc-4/a.typ:1:2\n\nwarning: bundle export is experimental\n = hint: its behaviour may change at any time\n = hint: do not rely on this feature for production use cases";
        assert_eq!(
            without_bundle_warning(stderr),
            "error: panicked with: x\n  ┌─ d/doc-4/a.typ:1:2"
        );
    }
}
