//! From an invoice file of a workspace to a [`Claim`] the engine can assess.
//!
//! An invoice is named on the command line by its path or by its number (searched under
//! `invoices/`); its payments and notices come from its sidecar under `events/`, and the
//! late-payment clause from the sidecar or the workspace's `late-payment.yaml`.

use std::path::{Path, PathBuf};

use super::engine::Claim;
use super::events::{InvoiceEvents, LatePaymentTerms, sidecar_path, yaml_error};
use crate::error::UserError;
use crate::model::resolve::load_doc;
use crate::model::{ClientKind, InvoiceDoc, ResolvedInvoice, resolve_invoice};
use crate::workspace::Workspace;

/// The workspace file holding the creditor's standard late-payment clause.
pub const TERMS_FILE: &str = "late-payment.yaml";

/// The folder searched when an invoice is named by number.
pub const INVOICES_DIR: &str = "invoices";

/// An invoice with everything needed to assess it and to record notices.
#[derive(Debug, Clone)]
pub struct LoadedInvoice {
    /// The invoice YAML file.
    pub path: PathBuf,
    /// Its sidecar with payments and notices.
    pub sidecar: PathBuf,
    /// The invoice resolved against the workspace (issuer, client, totals, due date).
    pub resolved: ResolvedInvoice,
    /// What the sidecar holds.
    pub events: InvoiceEvents,
    /// The input of the engine.
    pub claim: Claim,
}

/// One customer group's late-payment clause in `late-payment.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseConfig {
    /// Agreed annual interest rate in percent.
    #[serde(default)]
    pub interest_percent: Option<rust_decimal::Decimal>,
    /// Interest at the legal interest rate of each year instead of a fixed rate.
    #[serde(default)]
    pub interest_at_legal_rate: bool,
    /// Consumers: interest counted from the start of the waiting period (only if
    /// `creditor_sme`, art. XIX.4); otherwise from its end.
    #[serde(default)]
    pub interest_from_period_start: bool,
    /// Agreed lump sum.
    #[serde(default)]
    pub lump_sum: Option<super::events::LumpSum>,
    /// Where the clause is written in the general terms.
    #[serde(default)]
    pub reference: Option<String>,
}

/// `late-payment.yaml`: the creditor's standard clauses, one for businesses and one for
/// consumers (a consumer clause must respect Book XIX, a business one the 2002 Law).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatePaymentConfig {
    /// The creditor is an SME (Companies Code art. 1:24); lets a consumer clause count
    /// interest from the start of the waiting period.
    #[serde(default)]
    pub creditor_sme: bool,
    /// Clause for business customers; none means the statutory rate and 40 EUR only.
    #[serde(default)]
    pub b2b: Option<ClauseConfig>,
    /// Clause for consumers; none means nothing but legal interest after a formal notice.
    #[serde(default)]
    pub b2c: Option<ClauseConfig>,
}

/// Anything that yields the late-payment terms for a client kind: one invoice's own
/// terms, or the workspace's clauses per kind. Lets the invoice note take either.
pub trait TermsFor {
    /// The terms that apply to a client of `kind`.
    fn terms_for(&self, kind: ClientKind) -> LatePaymentTerms;
}

impl TermsFor for LatePaymentTerms {
    fn terms_for(&self, _kind: ClientKind) -> LatePaymentTerms {
        self.clone()
    }
}

impl TermsFor for LatePaymentConfig {
    fn terms_for(&self, kind: ClientKind) -> LatePaymentTerms {
        let clause = match kind {
            ClientKind::B2b => self.b2b.clone(),
            ClientKind::B2c => self.b2c.clone(),
        }
        .unwrap_or_default();
        LatePaymentTerms {
            interest_percent: clause.interest_percent,
            interest_at_legal_rate: clause.interest_at_legal_rate,
            lump_sum: clause.lump_sum,
            creditor_sme: self.creditor_sme && clause.interest_from_period_start,
            reference: clause.reference,
        }
    }
}

/// The creditor's standard clauses (`late-payment.yaml` at the workspace root); an absent
/// file means no clause at all.
pub fn workspace_late_payment(ws: &Workspace) -> Result<LatePaymentConfig, UserError> {
    let path = ws.root.join(TERMS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(LatePaymentConfig::default());
        }
        Err(e) => return Err(UserError::new(format!("cannot read: {e}")).file(&path)),
    };
    if text.trim().is_empty() {
        return Ok(LatePaymentConfig::default());
    }
    serde_yaml::from_str(&text).map_err(|e| yaml_error(&path, &e))
}

/// The workspace's `late-payment.yaml`, or `None` when the workspace has none.
pub fn workspace_terms(ws: &Workspace) -> Result<Option<LatePaymentConfig>, UserError> {
    if ws.root.join(TERMS_FILE).is_file() {
        workspace_late_payment(ws).map(Some)
    } else {
        Ok(None)
    }
}

/// The late-payment terms of one invoice: its sidecar's `terms:` when present, otherwise
/// the workspace clause for the client's kind. The invoice note and every notice use
/// this same function, so they cannot disagree.
pub fn terms_for_invoice(
    ws: &Workspace,
    kind: ClientKind,
    events: &InvoiceEvents,
) -> Result<LatePaymentTerms, UserError> {
    match &events.terms {
        Some(t) => Ok(t.clone()),
        None => Ok(workspace_late_payment(ws)?.terms_for(kind)),
    }
}

/// Finds the invoice file named `arg`: a path, or a number / file stem under `invoices/`.
pub fn find_invoice(ws: &Workspace, arg: &str) -> Result<PathBuf, UserError> {
    let direct = Path::new(arg);
    if direct.is_file() {
        return Ok(direct.to_path_buf());
    }
    let in_root = ws.root.join(arg);
    if in_root.is_file() {
        return Ok(in_root);
    }
    let dir = ws.root.join(INVOICES_DIR);
    let mut candidates: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                && !p.to_string_lossy().ends_with(".events.yaml")
        })
        .collect();
    candidates.sort();
    for p in &candidates {
        if p.file_stem().is_some_and(|s| s == arg) {
            return Ok(p.clone());
        }
    }
    for p in &candidates {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&text) else {
            continue;
        };
        if value.get("number").and_then(|n| n.as_str()) == Some(arg) {
            return Ok(p.clone());
        }
    }
    Err(UserError::new(format!("unknown invoice `{arg}`"))
        .field("INVOICE")
        .hint(format!(
            "pass the path of an invoice YAML file, or the number of an invoice under {}",
            dir.display()
        )))
}

/// What was bought, in a few words, for the Book XIX reminder ("goods or service").
pub fn description(inv: &ResolvedInvoice) -> String {
    if let Some(s) = &inv.subject {
        return s.clone();
    }
    let mut parts: Vec<&str> = inv.lines.iter().map(|l| l.description.as_str()).collect();
    parts.dedup();
    if parts.len() > 3 {
        parts.truncate(3);
        return format!("{} …", parts.join("; "));
    }
    parts.join("; ")
}

/// Loads and resolves the invoice named `arg` with its sidecar and clause.
pub fn load_invoice(ws: &Workspace, arg: &str) -> Result<LoadedInvoice, UserError> {
    let path = find_invoice(ws, arg)?;
    let (src, doc): (_, InvoiceDoc) = load_doc(&path)?;
    let resolved = resolve_invoice(ws, &src, &doc, None)?;
    let sidecar = sidecar_path(&ws.root, &path);
    let events = InvoiceEvents::load(&sidecar)?;
    let terms = Some(terms_for_invoice(ws, resolved.client.kind, &events)?);
    let claim = Claim {
        invoice: resolved.number.clone(),
        issue_date: resolved.issue_date,
        due_date: resolved.due_date,
        amount: resolved.totals.total_incl,
        debtor: resolved.client.kind,
        terms,
        payments: events.payments.clone(),
        notices: events.notices.clone(),
    };
    Ok(LoadedInvoice {
        path,
        sidecar,
        resolved,
        events,
        claim,
    })
}
