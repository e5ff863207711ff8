//! Documents resolved against a workspace: client looked up, dates, VAT treatment,
//! mentions, totals and structured communication computed, every rule checked.
//!
//! Renderers, the ledger and the Peppol exporter consume these `Resolved*` values and
//! never recompute an amount or re-derive a treatment, so a PDF and its UBL twin agree.

use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::numbering::parse_number;
use super::{
    Client, ClientKind, CreditNoteDoc, InvoiceDoc, Issuer, Lang, Line, QuoteDoc, Source, VatRate,
    VatRegime, VatTreatment,
};
use crate::be::StructuredCommunication;
use crate::error::UserError;
use crate::money::{Deduction, Totals, checked_totals, deposit_split, effective_rate};
use crate::workspace::{B2B_MAX_TERM_DAYS, B2B_TERM_LAW, Workspace};

/// Largest quantity accepted on a line, so no product can overflow.
const MAX_QUANTITY: i64 = 1_000_000_000;
/// Largest unit price accepted on a line (EUR).
const MAX_UNIT_PRICE: i64 = 1_000_000_000_000;

/// A line with the rate actually applied and its rounded base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedLine {
    /// What is supplied.
    pub description: String,
    /// Quantity.
    pub quantity: Decimal,
    /// Unit, if any.
    pub unit: Option<String>,
    /// Unit price excl. VAT.
    pub unit_price: Decimal,
    /// Discount in percent, if any.
    pub discount_percent: Option<Decimal>,
    /// Rate applied (0 under a zero-VAT treatment).
    pub vat_rate: VatRate,
    /// Line amount excl. VAT after discount, rounded (money.rs rule 1).
    pub base: Decimal,
}

/// An invoice ready to render, register or export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedInvoice {
    /// Invoice number.
    pub number: String,
    /// Issuer.
    pub issuer: Issuer,
    /// Client.
    pub client: Client,
    /// Document language (the client's).
    pub lang: Lang,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date (given, or issue date + payment term).
    pub due_date: NaiveDate,
    /// Supply date when it differs from the issue date.
    pub supply_date: Option<NaiveDate>,
    /// Payment term in days that produced the due date.
    pub payment_term_days: u32,
    /// Subject line.
    pub subject: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Buyer reference (Peppol BT-10).
    pub buyer_reference: Option<String>,
    /// VAT treatment applied.
    pub vat_treatment: VatTreatment,
    /// Mandatory mention for zero-VAT treatments, in the document language.
    pub vat_mention: Option<String>,
    /// Lines as applied.
    pub lines: Vec<ResolvedLine>,
    /// Totals (money.rs).
    pub totals: Totals,
    /// Structured communication derived from the number.
    pub structured_communication: StructuredCommunication,
    /// Amounts already invoiced and deducted (a quote's final invoice), already
    /// subtracted from `totals` (money.rs rule 6).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deductions: Vec<Deduction>,
}

/// A quote ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedQuote {
    /// Quote number.
    pub number: String,
    /// Issuer.
    pub issuer: Issuer,
    /// Client.
    pub client: Client,
    /// Document language (the client's).
    pub lang: Lang,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Last day of validity (given, or issue date + `defaults.quote_validity_days`).
    pub valid_until: NaiveDate,
    /// Deposit percent, if any.
    pub deposit_percent: Option<Decimal>,
    /// Deposit amount incl. VAT (money.rs rule 5).
    pub deposit: Option<Decimal>,
    /// Subject line.
    pub subject: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// General terms file, canonical path inside the workspace.
    pub terms: Option<PathBuf>,
    /// A consumer distance contract: the withdrawal annex is part of what is accepted.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub distance: bool,
    /// VAT treatment applied.
    pub vat_treatment: VatTreatment,
    /// Mandatory mention for zero-VAT treatments.
    pub vat_mention: Option<String>,
    /// Lines as applied.
    pub lines: Vec<ResolvedLine>,
    /// Totals.
    pub totals: Totals,
}

/// A credit note ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedCreditNote {
    /// Credit-note number.
    pub number: String,
    /// Issuer.
    pub issuer: Issuer,
    /// Client.
    pub client: Client,
    /// Document language.
    pub lang: Lang,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Credited invoice number.
    pub invoice_number: String,
    /// Credited invoice date.
    pub invoice_date: NaiveDate,
    /// Reason of the credit.
    pub reason: String,
    /// Free notes.
    pub notes: Option<String>,
    /// VAT treatment applied.
    pub vat_treatment: VatTreatment,
    /// Mandatory mention for zero-VAT treatments.
    pub vat_mention: Option<String>,
    /// Lines as applied (positive amounts: the amount credited).
    pub lines: Vec<ResolvedLine>,
    /// Totals of the credit (positive).
    pub totals: Totals,
}

/// The treatment a document gets when it names none.
///
/// Franchise issuer → franchise; Belgian client → standard; EU business with a VAT number
/// outside Belgium → reverse charge (B2B services, art. 21 §2); business outside the EU →
/// export; any consumer → standard (Belgian VAT, art. 21bis).
pub fn derive_vat_treatment(regime: VatRegime, client: &Client) -> VatTreatment {
    if regime == VatRegime::Franchise {
        return VatTreatment::Franchise;
    }
    let country = client.address.country.as_str();
    match client.kind {
        ClientKind::B2c => VatTreatment::Standard,
        ClientKind::B2b if country == "BE" => VatTreatment::Standard,
        ClientKind::B2b if crate::be::vat::is_eu(country) => {
            if client.vat_number.is_some() {
                VatTreatment::ReverseCharge
            } else {
                VatTreatment::Standard
            }
        }
        ClientKind::B2b => VatTreatment::Export,
    }
}

/// The mention printed for `treatment` (None for standard VAT), from data/vat.yaml.
pub fn vat_mention(treatment: VatTreatment, client: &Client, lang: Lang) -> Option<String> {
    let m = &crate::be::vat::table().mentions;
    let t = match treatment {
        VatTreatment::Standard => return None,
        VatTreatment::ReverseCharge if client.address.country.is_belgium() => &m.reverse_charge,
        VatTreatment::ReverseCharge => &m.reverse_charge_eu,
        VatTreatment::IntraEu => &m.intra_eu,
        VatTreatment::Export => &m.export,
        VatTreatment::Franchise => &m.franchise,
    };
    Some(lang.pick(&t.fr, &t.nl, &t.en).to_string())
}

/// What every document kind shares once resolved.
struct Common {
    client: Client,
    treatment: VatTreatment,
    mention: Option<String>,
    lines: Vec<ResolvedLine>,
    totals: Totals,
}

fn resolve_common(
    ws: &Workspace,
    src: &Source,
    client_id: &str,
    lines: &[Line],
    override_treatment: Option<VatTreatment>,
    kind: &str,
) -> Result<Common, UserError> {
    let client = ws
        .client(client_id)
        .ok_or_else(|| ws.unknown_client(client_id, src, "client"))?
        .clone();
    let regime = ws.config.defaults.vat_regime;
    let treatment = match override_treatment {
        Some(t) => {
            check_override(t, regime, &client, src)?;
            t
        }
        None => derive_vat_treatment(regime, &client),
    };
    if lines.is_empty() {
        return Err(src.error("lines", format!("the {kind} has no lines")).hint(
            "add at least one line with `description`, `quantity`, `unit_price` and `vat_rate`",
        ));
    }
    for (i, line) in lines.iter().enumerate() {
        check_line(line, i, treatment, src)?;
    }
    let totals = checked_totals(lines, treatment).ok_or_else(|| {
        src.error("lines", format!("the {kind} total is too large to compute"))
            .hint("check the quantities and unit prices")
    })?;
    let resolved = lines
        .iter()
        .zip(&totals.lines)
        .map(|(l, base)| ResolvedLine {
            description: l.description.clone(),
            quantity: l.quantity,
            unit: l.unit.clone(),
            unit_price: l.unit_price,
            discount_percent: l.discount_percent,
            vat_rate: effective_rate(l, treatment),
            base: *base,
        })
        .collect();
    let mention = vat_mention(treatment, &client, client.language);
    Ok(Common {
        client,
        treatment,
        mention,
        lines: resolved,
        totals,
    })
}

fn check_override(
    t: VatTreatment,
    regime: VatRegime,
    client: &Client,
    src: &Source,
) -> Result<(), UserError> {
    let field = "vat_treatment";
    if regime == VatRegime::Franchise && t != VatTreatment::Franchise {
        return Err(src
            .error(field, format!("`{}` is not possible under the small-business franchise", t.key()))
            .hint("an issuer under the franchise (art. 56bis VAT Code) charges no VAT: remove `vat_treatment` or set it to `franchise`"));
    }
    if t == VatTreatment::Franchise && regime != VatRegime::Franchise {
        return Err(src
            .error(field, "`franchise` needs the small-business franchise regime")
            .hint("set `defaults.vat_regime: franchise` in clausier.yaml if you are under art. 56bis VAT Code"));
    }
    let b2b = client.kind == ClientKind::B2b;
    let foreign_eu = !client.address.country.is_belgium()
        && crate::be::vat::is_eu(client.address.country.as_str());
    match t {
        VatTreatment::ReverseCharge | VatTreatment::IntraEu if !b2b => Err(src
            .error(
                field,
                format!("`{}` applies to business customers only", t.key()),
            )
            .hint(format!(
                "client `{}` is a consumer (kind: b2c): remove `vat_treatment`",
                client.id
            ))),
        VatTreatment::ReverseCharge | VatTreatment::IntraEu if client.vat_number.is_none() => {
            Err(src
                .error(
                    field,
                    format!("`{}` needs the customer's VAT number", t.key()),
                )
                .hint(format!("add `vat_number` to client `{}`", client.id)))
        }
        VatTreatment::IntraEu if !foreign_eu => Err(src
            .error(
                field,
                "`intra_eu` needs a customer in another EU member state",
            )
            .hint(format!(
                "client `{}` is in {}",
                client.id, client.address.country
            ))),
        _ => Ok(()),
    }
}

fn check_line(line: &Line, i: usize, t: VatTreatment, src: &Source) -> Result<(), UserError> {
    let at = |f: &str| format!("lines[{i}].{f}");
    let n = i + 1;
    if line.description.trim().is_empty() {
        return Err(src
            .error(&at("description"), format!("line {n} has an empty description"))
            .hint("describe what is supplied precisely (AR 1 art. 5: vague descriptions are rejected)"));
    }
    if line.quantity.abs() > Decimal::from(MAX_QUANTITY) {
        return Err(src
            .error(
                &at("quantity"),
                format!("quantity {} is too large", line.quantity),
            )
            .hint(format!("quantities are limited to {MAX_QUANTITY}")));
    }
    if line.unit_price.abs() > Decimal::from(MAX_UNIT_PRICE) {
        return Err(src
            .error(
                &at("unit_price"),
                format!("unit price {} is too large", line.unit_price),
            )
            .hint(format!("unit prices are limited to {MAX_UNIT_PRICE} EUR")));
    }
    if let Some(d) = line.discount_percent
        && (d < Decimal::ZERO || d > Decimal::ONE_HUNDRED)
    {
        return Err(src
            .error(
                &at("discount_percent"),
                format!("discount of {d} % is not between 0 and 100"),
            )
            .hint("write the discount in percent, e.g. `10` for 10 %"));
    }
    if t.is_zero_rated() && line.vat_rate != VatRate::ZERO {
        let name = match t {
            VatTreatment::ReverseCharge => "reverse charge",
            VatTreatment::IntraEu => "an intra-Community supply",
            VatTreatment::Export => "export",
            VatTreatment::Franchise => "the small-business franchise",
            VatTreatment::Standard => "standard VAT",
        };
        return Err(src
            .error(
                &at("vat_rate"),
                format!(
                    "line {n} is at {} % but the document is under {name}, which charges no VAT",
                    line.vat_rate
                ),
            )
            .hint(format!(
                "set `vat_rate: 0`; the `{}` mention is printed instead",
                t.key()
            )));
    }
    Ok(())
}

fn pick_number(
    doc_number: &Option<String>,
    fallback: Option<&str>,
    pattern: &str,
    src: &Source,
    kind: &str,
) -> Result<String, UserError> {
    match (doc_number, fallback) {
        (Some(n), _) => {
            if parse_number(pattern, n).is_none() {
                return Err(src
                    .error("number", format!("{kind} number `{n}` does not follow the pattern `{pattern}`"))
                    .hint("fix the number, or remove `number:` to let the ledger allocate the next one"));
            }
            Ok(n.clone())
        }
        (None, Some(n)) => Ok(n.to_string()),
        (None, None) => Err(UserError::new(format!("the {kind} has no `number`"))
            .file(&src.path)
            .at(1, 1)
            .field("number")
            .hint("add `number:` or let the ledger allocate the next number")),
    }
}

/// Resolves an invoice; `number` is the ledger's allocation, used when the file has none.
pub fn resolve_invoice(
    ws: &Workspace,
    src: &Source,
    doc: &InvoiceDoc,
    number: Option<&str>,
) -> Result<ResolvedInvoice, UserError> {
    let c = resolve_common(
        ws,
        src,
        &doc.client,
        &doc.lines,
        doc.vat_treatment,
        "invoice",
    )?;
    let number = pick_number(
        &doc.number,
        number,
        &ws.config.numbering.invoice,
        src,
        "invoice",
    )?;
    let term = ws.payment_term_days(&c.client);
    let b2b = c.client.kind == ClientKind::B2b;
    if b2b && term > B2B_MAX_TERM_DAYS {
        let (tsrc, field) = ws.payment_term_origin(&c.client);
        return Err(tsrc
            .error(field, format!("payment term of {term} days exceeds the {B2B_MAX_TERM_DAYS}-day maximum for business customers"))
            .hint(format!("{B2B_TERM_LAW}; use at most {B2B_MAX_TERM_DAYS}")));
    }
    let due_date = match doc.due_date {
        Some(d) => {
            if d < doc.issue_date {
                return Err(src
                    .error(
                        "due_date",
                        format!("due date {d} is before the issue date {}", doc.issue_date),
                    )
                    .hint("the due date must be on or after the issue date"));
            }
            let days = (d - doc.issue_date).num_days();
            if b2b && days > i64::from(B2B_MAX_TERM_DAYS) {
                return Err(src
                    .error("due_date", format!("due date {d} is {days} days after the issue date, over the {B2B_MAX_TERM_DAYS}-day maximum for business customers"))
                    .hint(format!("{B2B_TERM_LAW}; set a due date at most {B2B_MAX_TERM_DAYS} days after the issue date")));
            }
            d
        }
        None => doc
            .issue_date
            .checked_add_days(Days::new(u64::from(term)))
            .ok_or_else(|| src.error("issue_date", "issue date is out of range"))?,
    };
    Ok(ResolvedInvoice {
        structured_communication: StructuredCommunication::from_invoice_number(&number),
        number,
        issuer: ws.config.issuer.clone(),
        lang: c.client.language,
        client: c.client,
        issue_date: doc.issue_date,
        due_date,
        supply_date: doc.supply_date,
        payment_term_days: term,
        subject: doc.subject.clone(),
        notes: doc.notes.clone(),
        buyer_reference: doc.buyer_reference.clone(),
        vat_treatment: c.treatment,
        vat_mention: c.mention,
        lines: c.lines,
        totals: c.totals,
        deductions: Vec::new(),
    })
}

/// Subtracts what earlier invoices already charged (a quote's deposit) from a resolved
/// invoice: its totals per rate drop by exactly those amounts (money.rs rule 6).
pub fn deduct(inv: &mut ResolvedInvoice, deductions: &[Deduction]) -> Result<(), UserError> {
    if deductions.is_empty() {
        return Ok(());
    }
    let mut totals = inv.totals.clone();
    crate::money::apply_deductions(&mut totals, deductions).ok_or_else(|| {
        UserError::new(format!(
            "invoice {}: a deducted amount is at a VAT rate none of its lines has",
            inv.number
        ))
        .hint("the final invoice of a quote deducts the deposit at the quote's own rates")
    })?;
    inv.totals = totals;
    inv.deductions = deductions.to_vec();
    Ok(())
}

/// Resolves a quote; `number` is used when the file has none.
pub fn resolve_quote(
    ws: &Workspace,
    src: &Source,
    doc: &QuoteDoc,
    number: Option<&str>,
) -> Result<ResolvedQuote, UserError> {
    let c = resolve_common(ws, src, &doc.client, &doc.lines, doc.vat_treatment, "quote")?;
    let number = pick_number(
        &doc.number,
        number,
        &ws.config.numbering.quote,
        src,
        "quote",
    )?;
    let valid_until = match doc.valid_until {
        Some(d) if d < doc.issue_date => {
            return Err(src
                .error(
                    "valid_until",
                    format!(
                        "validity date {d} is before the issue date {}",
                        doc.issue_date
                    ),
                )
                .hint("a quote must stay valid at least until its issue date"));
        }
        Some(d) => d,
        None => doc
            .issue_date
            .checked_add_days(Days::new(u64::from(ws.config.defaults.quote_validity_days)))
            .ok_or_else(|| src.error("issue_date", "issue date is out of range"))?,
    };
    let deposit_amount = match doc.deposit_percent {
        Some(p) if p <= Decimal::ZERO || p > Decimal::ONE_HUNDRED => {
            return Err(src
                .error(
                    "deposit_percent",
                    format!("deposit of {p} % is not between 0 and 100"),
                )
                .hint("write the deposit in percent of the total incl. VAT, e.g. `30`"));
        }
        Some(p) => Some(
            deposit_split(&c.totals.per_rate, p)
                .and_then(|groups| {
                    groups.iter().try_fold(Decimal::ZERO, |acc, g| {
                        acc.checked_add(g.base)?.checked_add(g.vat)
                    })
                })
                .ok_or_else(|| {
                    src.error("deposit_percent", "the deposit is too large to compute")
                        .hint("check the quantities and unit prices")
                })?,
        ),
        None => None,
    };
    let terms = match &doc.terms {
        Some(t) => Some(ws.resolve_path(t, src, "terms")?),
        None => None,
    };
    if doc.distance && c.client.kind != ClientKind::B2c {
        return Err(src
            .error(
                "distance",
                format!(
                    "client `{}` is a business: the right of withdrawal of a distance contract protects consumers only",
                    c.client.id
                ),
            )
            .hint("remove `distance: true`, or check the client's `kind`"));
    }
    Ok(ResolvedQuote {
        number,
        issuer: ws.config.issuer.clone(),
        lang: c.client.language,
        client: c.client,
        issue_date: doc.issue_date,
        valid_until,
        deposit_percent: doc.deposit_percent,
        deposit: deposit_amount,
        subject: doc.subject.clone(),
        notes: doc.notes.clone(),
        terms,
        distance: doc.distance,
        vat_treatment: c.treatment,
        vat_mention: c.mention,
        lines: c.lines,
        totals: c.totals,
    })
}

/// Resolves a credit note; `number` is used when the file has none.
pub fn resolve_credit_note(
    ws: &Workspace,
    src: &Source,
    doc: &CreditNoteDoc,
    number: Option<&str>,
) -> Result<ResolvedCreditNote, UserError> {
    let c = resolve_common(
        ws,
        src,
        &doc.client,
        &doc.lines,
        doc.vat_treatment,
        "credit note",
    )?;
    let number = pick_number(
        &doc.number,
        number,
        &ws.config.numbering.credit_note,
        src,
        "credit note",
    )?;
    if doc.invoice_date > doc.issue_date {
        return Err(src
            .error(
                "invoice_date",
                format!(
                    "credited invoice date {} is after the credit note date {}",
                    doc.invoice_date, doc.issue_date
                ),
            )
            .hint("a credit note can only credit an earlier invoice"));
    }
    if doc.reason.trim().is_empty() {
        return Err(src
            .error("reason", "the reason of the credit is empty")
            .hint("say why the invoice is credited, e.g. \"Hours invoiced twice\""));
    }
    if c.totals.total_excl <= Decimal::ZERO {
        return Err(src
            .error("lines", format!("the credit note totals {} EUR; it must credit a positive amount", c.totals.total_excl))
            .hint("write the credited lines with positive quantities and prices: the document itself is the credit"));
    }
    Ok(ResolvedCreditNote {
        number,
        issuer: ws.config.issuer.clone(),
        lang: c.client.language,
        client: c.client,
        issue_date: doc.issue_date,
        invoice_number: doc.invoice_number.clone(),
        invoice_date: doc.invoice_date,
        reason: doc.reason.clone(),
        notes: doc.notes.clone(),
        vat_treatment: c.treatment,
        vat_mention: c.mention,
        lines: c.lines,
        totals: c.totals,
    })
}

/// Reads and parses a document file in one step (for commands).
pub fn load_doc<T: serde::de::DeserializeOwned>(
    path: &std::path::Path,
) -> Result<(Source, T), UserError> {
    let src = Source::read(path)?;
    let doc = src.parse()?;
    Ok((src, doc))
}
