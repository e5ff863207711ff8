//! Reminders and formal notices: which letter the law asks for, its deadline, and every
//! sentence and amount it prints, in the client's language.
//!
//! The letter is data (`NoticeDoc`, finished strings) handed to `templates/notice.typ`
//! as JSON, so the PDF shows exactly the engine's amounts and tests can assert them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::engine::{Assessment, Claim, ClientKind, Context, assess};
use super::events::{Channel, NoticeEvent, NoticeKind};
use super::text::{Lang, date, money, percent};
use crate::be::calendar::Calendar;
use crate::error::UserError;
use crate::model::{Address, Client, Issuer, ResolvedInvoice};

/// Default deadline of a reminder or formal notice, in Belgian business days.
pub const DEFAULT_DEADLINE_BUSINESS_DAYS: u32 = 10;

/// Which letter is produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// The free first reminder to a consumer, with every Book XIX mention.
    B2cFirstReminder,
    /// A later reminder to a consumer, with the amounts owed to date.
    B2cReminder,
    /// A reminder to a business, with interest to date.
    B2bReminder,
    /// A formal notice (mise en demeure / ingebrekestelling).
    Formal,
}

/// How to produce the notice.
#[derive(Debug, Clone, Copy)]
pub struct NoticeOptions {
    /// Reminder or formal notice.
    pub kind: NoticeKind,
    /// Date of the letter (the day it is sent).
    pub on: NaiveDate,
    /// How it is sent.
    pub channel: Channel,
    /// Deadline in business days (reminders to businesses, formal notices).
    pub deadline_days: u32,
}

/// One invoice in a notice: as resolved and as the engine sees it.
#[derive(Debug, Clone)]
pub struct NoticeInput {
    /// The invoice resolved against the workspace.
    pub invoice: ResolvedInvoice,
    /// The engine input (payments, notices, clause).
    pub claim: Claim,
}

/// A table of finished strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Table {
    /// Column headers.
    pub headers: Vec<String>,
    /// Body rows.
    pub rows: Vec<Vec<String>>,
    /// Total row (may be empty).
    pub total: Vec<String>,
    /// The text column that takes the remaining width and may wrap; the others never wrap.
    pub wide: Option<usize>,
}

/// Everything the template prints, already formatted in the notice's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeDoc {
    /// Title ("Premier rappel gratuit", "Mise en demeure", ...).
    pub title: String,
    /// Creditor name with legal form.
    pub creditor_name: String,
    /// Creditor address and identifiers, one per line.
    pub creditor_lines: Vec<String>,
    /// Debtor name.
    pub debtor_name: String,
    /// Debtor address, one per line.
    pub debtor_lines: Vec<String>,
    /// "Date : 25 novembre 2026 — Envoi : recommandé / e-mail".
    pub date_line: String,
    /// Subject line.
    pub subject: String,
    /// Salutation.
    pub salutation: String,
    /// Paragraphs before the table.
    pub intro: Vec<String>,
    /// Amounts per invoice.
    pub table: Table,
    /// Paragraphs between the tables (Book XIX amounts then due, deadline).
    pub middle: Vec<String>,
    /// Second table: amounts after the waiting period (first reminder) or the calculation.
    pub second_title: Option<String>,
    /// The second table.
    pub second: Option<Table>,
    /// Payment imputation lines and the rule used.
    pub imputation: Vec<String>,
    /// Title of the legal basis section.
    pub legal_title: String,
    /// Legal basis, one item per line.
    pub legal: Vec<String>,
    /// Consequences of not paying.
    pub consequences: Vec<String>,
    /// Payment details as (label, value).
    pub payment: Vec<(String, String)>,
    /// Closing formula.
    pub closing: String,
    /// Signature (creditor name).
    pub signature: String,
    /// Footer (creditor identifiers).
    pub footer: String,
}

/// A computed notice: the letter, the amounts behind it and its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// Reminder or formal notice.
    pub kind: NoticeKind,
    /// Which letter.
    pub variant: Variant,
    /// Language (the client's).
    pub lang: Lang,
    /// Date of the letter.
    pub date: NaiveDate,
    /// How it is sent.
    pub channel: Channel,
    /// Last day to pay.
    pub deadline: NaiveDate,
    /// For a consumer's first reminder: first day fees may be charged.
    pub fees_from: Option<NaiveDate>,
    /// Client id.
    pub client_id: String,
    /// Invoice numbers covered.
    pub invoices: Vec<String>,
    /// Amounts to date, per invoice.
    pub assessments: Vec<Assessment>,
    /// Amounts on `fees_from` if unpaid (consumer's first reminder).
    pub projections: Vec<Assessment>,
    /// Total owed on the date of the letter.
    pub total_due: Decimal,
    /// Total owed on `fees_from` if unpaid (consumer's first reminder).
    pub total_then: Option<Decimal>,
    /// The letter.
    pub doc: NoticeDoc,
    /// Warnings for the user (not printed).
    pub warnings: Vec<String>,
}

/// The deadline `n` Belgian business days after `on`: weekends and public holidays are
/// skipped, so a deadline never falls on a day banks and offices are closed.
pub fn deadline(on: NaiveDate, n: u32, calendar: &Calendar) -> NaiveDate {
    calendar.add_business_days(on, n)
}

fn pick(l: Lang, fr: &str, nl: &str, en: &str) -> String {
    l.pick(fr, nl, en).to_string()
}

fn address_lines(a: &Address) -> Vec<String> {
    let mut v = vec![a.street.clone(), format!("{} {}", a.postcode, a.city)];
    if !a.country.is_belgium() {
        v.push(a.country.as_str().to_string());
    }
    v
}

fn enterprise_label(l: Lang) -> &'static str {
    l.pick("BCE", "KBO", "Enterprise no.")
}

fn creditor_lines(i: &Issuer, l: Lang) -> Vec<String> {
    let mut v = address_lines(&i.address);
    v.push(format!(
        "{} {}",
        enterprise_label(l),
        i.enterprise_number.formatted()
    ));
    if let Some(vat) = &i.vat_number {
        v.push(format!(
            "{} {}",
            l.pick("TVA", "Btw", "VAT"),
            vat.formatted()
        ));
    }
    v.push(format!("{} · {}", i.email, i.phone));
    v
}

fn creditor_name(i: &Issuer) -> String {
    format!("{} {}", i.legal_name, i.legal_form)
}

/// Builds the notice for one or more overdue invoices of the same client.
///
/// Errors: no invoice, invoices of several clients, an invoice not yet overdue, a
/// consumer formal notice before any reminder or before the waiting period ended, and
/// everything [`assess`] refuses.
pub fn build_notice(
    inputs: &[NoticeInput],
    opts: NoticeOptions,
    ctx: Context<'_>,
) -> Result<Notice, UserError> {
    let Some(first) = inputs.first() else {
        return Err(UserError::new("no invoice given").hint("name at least one invoice"));
    };
    let client: &Client = &first.invoice.client;
    let l = client.language;
    for i in inputs {
        if i.invoice.client.id != client.id {
            return Err(UserError::new(format!(
                "invoices {} (client `{}`) and {} (client `{}`) belong to different clients",
                first.invoice.number, client.id, i.invoice.number, i.invoice.client.id
            ))
            .field("INVOICE")
            .hint(
                "a notice combines the overdue invoices of one client; run one notice per client",
            ));
        }
        if opts.on <= i.claim.due_date {
            return Err(UserError::new(format!(
                "invoice {} is not overdue on {} (due {})",
                i.invoice.number, opts.on, i.claim.due_date
            ))
            .field("--on")
            .hint("a reminder can only be sent after the due date"));
        }
    }
    let b2c = client.kind == ClientKind::B2c;

    // A notice for the same date and kind already recorded is a re-render, not a new one.
    let prior = |c: &Claim| -> Vec<NoticeEvent> {
        c.notices
            .iter()
            .filter(|n| n.date < opts.on || (n.date == opts.on && n.kind != opts.kind))
            .cloned()
            .collect()
    };
    let has_prior_reminder = inputs
        .iter()
        .all(|i| prior(&i.claim).iter().any(|n| n.date > i.claim.due_date));
    let variant = match (opts.kind, b2c) {
        (NoticeKind::Reminder, false) => Variant::B2bReminder,
        (NoticeKind::Reminder, true) if has_prior_reminder => Variant::B2cReminder,
        (NoticeKind::Reminder, true) => Variant::B2cFirstReminder,
        (NoticeKind::Formal, _) => Variant::Formal,
    };

    let this_event = NoticeEvent {
        kind: opts.kind,
        date: opts.on,
        channel: opts.channel,
        file: None,
    };
    let mut assessments = Vec::new();
    let mut projections = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut fees_from: Option<NaiveDate> = None;
    let mut waiting_ends: Option<NaiveDate> = None;
    for i in inputs {
        let mut claim = i.claim.clone();
        claim.notices = prior(&i.claim);
        if b2c && opts.kind == NoticeKind::Formal {
            let Some(rem) = claim
                .notices
                .iter()
                .filter(|n| n.date > claim.due_date)
                .min_by_key(|n| n.date)
            else {
                return Err(UserError::new(format!(
                    "no reminder has been sent for invoice {} of consumer `{}`: a formal notice cannot come first",
                    i.invoice.number, client.id
                ))
                .field("INVOICE")
                .hint(format!(
                    "send the free first reminder first: `clausier notice reminder {} --on DATE` (Book XIX CEL, art. XIX.2)",
                    i.invoice.number
                )));
            };
            let a = assess(&claim, opts.on, ctx)?;
            let xix = xix_status(&a)?;
            if !xix.fees_allowed {
                let ends = xix.waiting_ends.unwrap_or(opts.on);
                return Err(UserError::new(format!(
                    "the Book XIX waiting period after the reminder of {} for invoice {} runs until {}",
                    rem.date, i.invoice.number, ends
                ))
                .field("--on")
                .hint(format!(
                    "send the formal notice on or after {}",
                    xix.fees_from.unwrap_or(opts.on)
                )));
            }
        }
        let mut with_this = claim.clone();
        with_this.notices.push(this_event.clone());
        let a = assess(&with_this, opts.on, ctx)?;
        for w in &a.warnings {
            if !warnings.contains(w) {
                warnings.push(w.clone());
            }
        }
        if variant == Variant::B2cFirstReminder {
            let xix = xix_status(&a)?;
            let ff = xix.fees_from.unwrap_or(opts.on);
            fees_from = Some(ff);
            waiting_ends = xix.waiting_ends;
            let p = assess(&with_this, ff, ctx)?;
            for w in &p.warnings {
                if !warnings.contains(w) {
                    warnings.push(w.clone());
                }
            }
            projections.push(p);
        }
        assessments.push(a);
    }

    let deadline_date = match variant {
        Variant::B2cFirstReminder => waiting_ends.unwrap_or(opts.on),
        _ => deadline(opts.on, opts.deadline_days, &ctx.calendar),
    };
    let total_due: Decimal = assessments.iter().map(|a| a.outstanding.total).sum();
    let total_then: Option<Decimal> =
        (!projections.is_empty()).then(|| projections.iter().map(|a| a.outstanding.total).sum());

    let previous = inputs
        .iter()
        .flat_map(|i| prior(&i.claim))
        .filter(|n| n.date < opts.on)
        .map(|n| n.date)
        .max();
    let doc = letter(
        inputs,
        &assessments,
        &projections,
        variant,
        opts,
        deadline_date,
        fees_from,
        total_due,
        total_then,
        ctx.rates.flat_compensation().amount,
        previous,
        l,
    );
    Ok(Notice {
        kind: opts.kind,
        variant,
        lang: l,
        date: opts.on,
        channel: opts.channel,
        deadline: deadline_date,
        fees_from,
        client_id: client.id.clone(),
        invoices: inputs.iter().map(|i| i.invoice.number.clone()).collect(),
        assessments,
        projections,
        total_due,
        total_then,
        doc,
        warnings,
    })
}

/// The Book XIX state of a consumer assessment (always present for consumers).
fn xix_status(a: &Assessment) -> Result<super::engine::BookXixStatus, UserError> {
    a.book_xix.clone().ok_or_else(|| {
        UserError::new(format!(
            "invoice {} is not a consumer invoice; Book XIX does not apply",
            a.invoice
        ))
    })
}

#[allow(clippy::too_many_arguments)]
fn letter(
    inputs: &[NoticeInput],
    assessments: &[Assessment],
    projections: &[Assessment],
    variant: Variant,
    opts: NoticeOptions,
    deadline: NaiveDate,
    fees_from: Option<NaiveDate>,
    total_due: Decimal,
    total_then: Option<Decimal>,
    flat_amount: Decimal,
    previous: Option<NaiveDate>,
    l: Lang,
) -> NoticeDoc {
    let first = &inputs[0].invoice;
    let issuer = &first.issuer;
    let client = &first.client;
    let numbers: Vec<&str> = inputs.iter().map(|i| i.invoice.number.as_str()).collect();
    let numbers_joined = numbers.join(", ");
    let one = numbers.len() == 1;
    let m = |d: Decimal| money(d, l);
    let dt = |d: NaiveDate| date(d, l);
    let terms = inputs[0].claim.terms.clone().unwrap_or_default();
    let flat = flat_amount;

    let title = match variant {
        Variant::B2cFirstReminder => pick(
            l,
            "Premier rappel de paiement (gratuit)",
            "Eerste betalingsherinnering (kosteloos)",
            "First payment reminder (free of charge)",
        ),
        Variant::B2cReminder | Variant::B2bReminder => pick(
            l,
            "Rappel de paiement",
            "Betalingsherinnering",
            "Payment reminder",
        ),
        Variant::Formal => pick(l, "Mise en demeure", "Ingebrekestelling", "Formal notice"),
    };
    let channel = match opts.channel {
        Channel::Email => pick(
            l,
            "envoi électronique",
            "elektronische verzending",
            "sent by e-mail",
        ),
        Channel::Paper => pick(l, "envoi postal", "verzending per post", "sent by post"),
    };
    let date_line = match l {
        Lang::Fr => format!("Date : {} — {channel}", dt(opts.on)),
        Lang::Nl => format!("Datum: {} — {channel}", dt(opts.on)),
        Lang::En => format!("Date: {} — {channel}", dt(opts.on)),
    };
    let subject = if numbers.len() == 1 {
        match l {
            Lang::Fr => format!("Concerne : facture {numbers_joined}"),
            Lang::Nl => format!("Betreft: factuur {numbers_joined}"),
            Lang::En => format!("Re: invoice {numbers_joined}"),
        }
    } else {
        match l {
            Lang::Fr => format!("Concerne : factures {numbers_joined}"),
            Lang::Nl => format!("Betreft: facturen {numbers_joined}"),
            Lang::En => format!("Re: invoices {numbers_joined}"),
        }
    };
    let salutation = pick(
        l,
        "Madame, Monsieur,",
        "Geachte mevrouw, geachte heer,",
        "Dear Sir or Madam,",
    );

    let mut intro = Vec::new();
    let mut middle = Vec::new();
    let mut legal = Vec::new();
    let mut consequences = Vec::new();
    let mut second_title = None;
    let mut second = None;

    // Main table.
    let table = match variant {
        Variant::B2cFirstReminder => {
            let headers = match l {
                Lang::Fr => ["Facture", "Date", "Objet", "Échéance", "Solde dû"],
                Lang::Nl => [
                    "Factuur",
                    "Datum",
                    "Voorwerp",
                    "Vervaldag",
                    "Openstaand saldo",
                ],
                Lang::En => [
                    "Invoice",
                    "Date",
                    "Goods or service",
                    "Due date",
                    "Balance due",
                ],
            };
            Table {
                headers: headers.iter().map(|s| s.to_string()).collect(),
                rows: inputs
                    .iter()
                    .zip(assessments)
                    .map(|(i, a)| {
                        vec![
                            i.invoice.number.clone(),
                            dt(i.invoice.issue_date),
                            super::invoice::description(&i.invoice),
                            dt(i.invoice.due_date),
                            m(a.outstanding.total),
                        ]
                    })
                    .collect(),
                total: vec![
                    pick(l, "Total", "Totaal", "Total"),
                    String::new(),
                    String::new(),
                    String::new(),
                    m(total_due),
                ],
                wide: Some(2),
            }
        }
        _ => {
            let headers = match l {
                Lang::Fr => [
                    "Facture",
                    "Échéance",
                    "Jours",
                    "Montant",
                    "Payé",
                    "Intérêts",
                    "Frais",
                    "Solde dû",
                ],
                Lang::Nl => [
                    "Factuur",
                    "Vervaldag",
                    "Dagen",
                    "Bedrag",
                    "Betaald",
                    "Interesten",
                    "Kosten",
                    "Openstaand",
                ],
                Lang::En => [
                    "Invoice",
                    "Due date",
                    "Days",
                    "Amount",
                    "Paid",
                    "Interest",
                    "Costs",
                    "Balance due",
                ],
            };
            let sum =
                |f: &dyn Fn(&Assessment) -> Decimal| -> Decimal { assessments.iter().map(f).sum() };
            Table {
                headers: headers.iter().map(|s| s.to_string()).collect(),
                rows: assessments
                    .iter()
                    .map(|a| {
                        vec![
                            a.invoice.clone(),
                            dt(a.due_date),
                            a.days_late.to_string(),
                            m(a.amount),
                            m(a.paid_total),
                            m(a.interest_total),
                            m(a.costs_total),
                            m(a.outstanding.total),
                        ]
                    })
                    .collect(),
                total: vec![
                    pick(l, "Total", "Totaal", "Total"),
                    String::new(),
                    String::new(),
                    m(sum(&|a| a.amount)),
                    m(sum(&|a| a.paid_total)),
                    m(sum(&|a| a.interest_total)),
                    m(sum(&|a| a.costs_total)),
                    m(total_due),
                ],
                wide: None,
            }
        }
    };

    let creditor = creditor_name(issuer);
    let ent = issuer.enterprise_number.formatted();
    match variant {
        Variant::B2cFirstReminder => {
            let ff = fees_from.unwrap_or(opts.on);
            let ends = deadline;
            intro.push(match l {
                Lang::Fr => format!("Sauf erreur de notre part, le montant ci-dessous, dû à {creditor} (numéro d'entreprise {ent}), n'a pas encore été payé à son échéance. Ce premier rappel est gratuit."),
                Lang::Nl => format!("Behoudens vergissing onzerzijds werd het onderstaande bedrag, verschuldigd aan {creditor} (ondernemingsnummer {ent}), nog niet betaald op de vervaldag. Deze eerste herinnering is kosteloos."),
                Lang::En => format!("Unless we are mistaken, the amount below, owed to {creditor} (enterprise number {ent}), was not paid when due. This first reminder is free of charge."),
            });
            middle.push(match l {
                Lang::Fr => format!("Vous disposez d'un délai de 14 jours calendrier pour payer sans aucun frais : le délai expire le {} inclus. Aucun frais, intérêt ni indemnité ne vous sera réclamé avant le {}.", dt(ends), dt(ff)),
                Lang::Nl => format!("U beschikt over een termijn van 14 kalenderdagen om zonder enige kosten te betalen: de termijn verstrijkt op {} (inbegrepen). Vóór {} worden geen kosten, interesten of schadevergoeding aangerekend.", dt(ends), dt(ff)),
                Lang::En => format!("You have a period of 14 calendar days to pay without any costs: it ends on {} inclusive. No costs, interest or damages will be charged before {}.", dt(ends), dt(ff)),
            });
            let clause = terms.provides_anything();
            if clause {
                let then = total_then.unwrap_or(total_due);
                middle.push(match l {
                    Lang::Fr => format!("À défaut de paiement dans ce délai, les montants suivants seront dus à partir du {}, conformément à nos conditions et dans les limites du Livre XIX du Code de droit économique ; total dû à cette date : {}.", dt(ff), m(then)),
                    Lang::Nl => format!("Bij niet-betaling binnen die termijn zijn vanaf {} de volgende bedragen verschuldigd, overeenkomstig onze voorwaarden en binnen de grenzen van Boek XIX van het Wetboek van economisch recht; totaal verschuldigd op die datum: {}.", dt(ff), m(then)),
                    Lang::En => format!("If you do not pay within this period, the following amounts will be owed from {}, under our terms and within the limits of Book XIX of the Code of Economic Law; total owed on that date: {}.", dt(ff), m(then)),
                });
                let headers = match l {
                    Lang::Fr => [
                        "Facture",
                        "Solde",
                        "Indemnité forfaitaire",
                        "Taux d'intérêt",
                        "Intérêts au",
                        "Total au",
                    ],
                    Lang::Nl => [
                        "Factuur",
                        "Saldo",
                        "Forfaitaire vergoeding",
                        "Rentevoet",
                        "Interesten op",
                        "Totaal op",
                    ],
                    Lang::En => [
                        "Invoice",
                        "Balance",
                        "Lump sum",
                        "Interest rate",
                        "Interest on",
                        "Total on",
                    ],
                };
                let mut headers: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
                headers[4] = format!("{} {}", headers[4], dt(ff));
                headers[5] = format!("{} {}", headers[5], dt(ff));
                let rows = projections
                    .iter()
                    .map(|p| {
                        let rate = p
                            .interest
                            .first()
                            .map(|s| percent(s.percent, l))
                            .unwrap_or_else(|| "—".into());
                        vec![
                            p.invoice.clone(),
                            m(p.outstanding.principal),
                            m(p.costs_total),
                            rate,
                            m(p.interest_total),
                            m(p.outstanding.total),
                        ]
                    })
                    .collect();
                second_title = Some(match l {
                    Lang::Fr => {
                        format!("Montants dus à partir du {} en cas de non-paiement", dt(ff))
                    }
                    Lang::Nl => {
                        format!("Verschuldigde bedragen vanaf {} bij niet-betaling", dt(ff))
                    }
                    Lang::En => format!("Amounts owed from {} if unpaid", dt(ff)),
                });
                second = Some(Table {
                    headers,
                    rows,
                    total: vec![
                        pick(l, "Total", "Totaal", "Total"),
                        String::new(),
                        m(projections.iter().map(|p| p.costs_total).sum()),
                        String::new(),
                        m(projections.iter().map(|p| p.interest_total).sum()),
                        m(total_then.unwrap_or(total_due)),
                    ],
                    wide: None,
                });
                if terms.provides_interest() {
                    middle.push(match (l, terms.creditor_sme) {
                        (Lang::Fr, true) => "Les intérêts courent ensuite, sur le solde, à partir du début du délai de 14 jours.".to_string(),
                        (Lang::Fr, false) => "Les intérêts courent ensuite, sur le solde, à partir de la fin du délai de 14 jours.".to_string(),
                        (Lang::Nl, true) => "De interesten lopen daarna op het saldo vanaf het begin van de termijn van 14 dagen.".to_string(),
                        (Lang::Nl, false) => "De interesten lopen daarna op het saldo vanaf het einde van de termijn van 14 dagen.".to_string(),
                        (Lang::En, true) => "Interest then runs on the balance from the start of the 14-day period.".to_string(),
                        (Lang::En, false) => "Interest then runs on the balance from the end of the 14-day period.".to_string(),
                    });
                }
            } else {
                middle.push(pick(
                    l,
                    "Nos conditions ne prévoient ni indemnité ni intérêt de retard : à défaut de paiement dans ce délai, seul l'intérêt au taux légal pourra courir à partir d'une mise en demeure.",
                    "Onze voorwaarden voorzien geen schadevergoeding of verwijlinterest: bij niet-betaling binnen die termijn kan enkel de wettelijke interest lopen vanaf een ingebrekestelling.",
                    "Our terms provide no lump sum or late-payment interest: if you do not pay within this period, only legal interest may run from a formal notice.",
                ));
            }
            middle.push(pick(
                l,
                "Pendant ce délai, vous pouvez nous demander un plan de paiement, faire appel à un service de médiation de dettes, ou contester la dette en nous indiquant vos motifs. Si vous avez payé entre-temps, veuillez ne pas tenir compte de ce rappel.",
                "Tijdens die termijn kunt u ons om een afbetalingsplan vragen, een beroep doen op een dienst voor schuldbemiddeling, of de schuld met opgave van redenen betwisten. Hebt u intussen betaald, dan mag u deze herinnering als onbestaande beschouwen.",
                "During this period you may ask us for a payment plan, turn to a debt mediation service, or dispute the debt giving your reasons. If you have paid in the meantime, please disregard this reminder.",
            ));
            legal.push(pick(
                l,
                "Code de droit économique, Livre XIX « Dettes du consommateur », art. XIX.2 (premier rappel gratuit, délai de 14 jours) et art. XIX.4 (plafonds).",
                "Wetboek van economisch recht, Boek XIX \"Schulden van de consument\", art. XIX.2 (eerste kosteloze herinnering, termijn van 14 dagen) en art. XIX.4 (plafonds).",
                "Code of Economic Law, Book XIX \"Consumer debts\", art. XIX.2 (free first reminder, 14-day period) and art. XIX.4 (caps).",
            ));
        }
        Variant::B2cReminder | Variant::B2bReminder => {
            let unpaid = match (l, one) {
                (Lang::Fr, true) => {
                    "Sauf erreur de notre part, la facture ci-dessous reste impayée."
                }
                (Lang::Fr, false) => {
                    "Sauf erreur de notre part, les factures ci-dessous restent impayées."
                }
                (Lang::Nl, true) => {
                    "Behoudens vergissing onzerzijds blijft de onderstaande factuur onbetaald."
                }
                (Lang::Nl, false) => {
                    "Behoudens vergissing onzerzijds blijven de onderstaande facturen onbetaald."
                }
                (Lang::En, true) => "Unless we are mistaken, the invoice below remains unpaid.",
                (Lang::En, false) => "Unless we are mistaken, the invoices below remain unpaid.",
            };
            intro.push(match l {
                Lang::Fr => format!(
                    "{unpaid} Au {}, le solde dû s'élève à {} :",
                    dt(opts.on),
                    m(total_due)
                ),
                Lang::Nl => format!(
                    "{unpaid} Op {} bedraagt het openstaande saldo {}:",
                    dt(opts.on),
                    m(total_due)
                ),
                Lang::En => format!(
                    "{unpaid} On {} the balance due is {}:",
                    dt(opts.on),
                    m(total_due)
                ),
            });
            middle.push(match l {
                Lang::Fr => format!("Nous vous prions de régler ce montant au plus tard le {}. Si vous avez payé entre-temps, veuillez ne pas tenir compte de ce rappel.", dt(deadline)),
                Lang::Nl => format!("Wij verzoeken u dit bedrag uiterlijk op {} te betalen. Hebt u intussen betaald, dan mag u deze herinnering als onbestaande beschouwen.", dt(deadline)),
                Lang::En => format!("Please pay this amount no later than {}. If you have paid in the meantime, please disregard this reminder.", dt(deadline)),
            });
            if variant == Variant::B2bReminder {
                middle.push(pick(
                    l,
                    "Les intérêts de retard continuent à courir jusqu'au paiement complet.",
                    "De verwijlinteresten blijven lopen tot de volledige betaling.",
                    "Late-payment interest keeps running until payment in full.",
                ));
                legal.push(b2b_legal(l, &terms, flat));
            } else {
                legal.push(pick(
                    l,
                    "Code de droit économique, Livre XIX, art. XIX.2 et XIX.4.",
                    "Wetboek van economisch recht, Boek XIX, art. XIX.2 en XIX.4.",
                    "Code of Economic Law, Book XIX, art. XIX.2 and XIX.4.",
                ));
            }
        }
        Variant::Formal => {
            let unpaid = match (l, previous, one) {
                (Lang::Fr, Some(p), true) => format!(
                    "Malgré notre rappel du {}, la facture ci-dessous reste impayée.",
                    dt(p)
                ),
                (Lang::Fr, Some(p), false) => format!(
                    "Malgré notre rappel du {}, les factures ci-dessous restent impayées.",
                    dt(p)
                ),
                (Lang::Fr, None, true) => {
                    "La facture ci-dessous reste impayée à ce jour.".to_string()
                }
                (Lang::Fr, None, false) => {
                    "Les factures ci-dessous restent impayées à ce jour.".to_string()
                }
                (Lang::Nl, Some(p), true) => format!(
                    "Ondanks onze herinnering van {} blijft de onderstaande factuur onbetaald.",
                    dt(p)
                ),
                (Lang::Nl, Some(p), false) => format!(
                    "Ondanks onze herinnering van {} blijven de onderstaande facturen onbetaald.",
                    dt(p)
                ),
                (Lang::Nl, None, true) => {
                    "De onderstaande factuur blijft tot op heden onbetaald.".to_string()
                }
                (Lang::Nl, None, false) => {
                    "De onderstaande facturen blijven tot op heden onbetaald.".to_string()
                }
                (Lang::En, Some(p), true) => format!(
                    "Despite our reminder of {}, the invoice below remains unpaid.",
                    dt(p)
                ),
                (Lang::En, Some(p), false) => format!(
                    "Despite our reminder of {}, the invoices below remain unpaid.",
                    dt(p)
                ),
                (Lang::En, None, true) => "The invoice below remains unpaid to date.".to_string(),
                (Lang::En, None, false) => "The invoices below remain unpaid to date.".to_string(),
            };
            intro.push(match l {
                Lang::Fr => format!("{unpaid} Par la présente, nous vous mettons en demeure de payer la somme de {} au plus tard le {}.", m(total_due), dt(deadline)),
                Lang::Nl => format!("{unpaid} Hierbij stellen wij u in gebreke om het bedrag van {} uiterlijk op {} te betalen.", m(total_due), dt(deadline)),
                Lang::En => format!("{unpaid} We hereby give you formal notice to pay the sum of {} no later than {}.", m(total_due), dt(deadline)),
            });
            let headers = match l {
                Lang::Fr => ["Facture", "Période", "Jours", "Base", "Taux", "Intérêts"],
                Lang::Nl => [
                    "Factuur",
                    "Periode",
                    "Dagen",
                    "Basis",
                    "Rentevoet",
                    "Interest",
                ],
                Lang::En => ["Invoice", "Period", "Days", "Base", "Rate", "Interest"],
            };
            let mut rows = Vec::new();
            for a in assessments {
                for s in &a.interest {
                    rows.push(vec![
                        a.invoice.clone(),
                        format!("{} – {}", dt(s.from), dt(s.to)),
                        s.days.to_string(),
                        m(s.base),
                        percent(s.percent, l),
                        m(s.amount),
                    ]);
                }
                for c in &a.costs {
                    rows.push(vec![
                        a.invoice.clone(),
                        c.label.get(l).to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                        m(c.amount),
                    ]);
                }
            }
            second_title = Some(pick(l, "Détail du calcul", "Berekening", "Calculation"));
            second = Some(Table {
                headers: headers.iter().map(|s| s.to_string()).collect(),
                rows,
                total: vec![
                    pick(
                        l,
                        "Intérêts et frais",
                        "Interesten en kosten",
                        "Interest and costs",
                    ),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    m(assessments
                        .iter()
                        .map(|a| a.interest_total + a.costs_total)
                        .sum()),
                ],
                wide: Some(1),
            });
            middle.push(match l {
                Lang::Fr => format!("Le délai de paiement est de {} jours ouvrables (samedis, dimanches et jours fériés légaux non compris) : il expire le {}.", opts.deadline_days, dt(deadline)),
                Lang::Nl => format!("De betalingstermijn bedraagt {} werkdagen (zaterdagen, zondagen en wettelijke feestdagen niet meegerekend): hij verstrijkt op {}.", opts.deadline_days, dt(deadline)),
                Lang::En => format!("The payment period is {} business days (Saturdays, Sundays and public holidays not counted): it ends on {}.", opts.deadline_days, dt(deadline)),
            });
            if client.kind == ClientKind::B2b {
                legal.push(b2b_legal(l, &terms, flat));
            } else {
                let rem = assessments[0]
                    .book_xix
                    .as_ref()
                    .and_then(|x| x.first_reminder.zip(x.waiting_ends));
                if let Some((sent, ends)) = rem {
                    legal.push(match l {
                        Lang::Fr => format!("Code de droit économique, art. XIX.2 : premier rappel gratuit envoyé le {} ; le délai de 14 jours a expiré le {}.", dt(sent), dt(ends)),
                        Lang::Nl => format!("Wetboek van economisch recht, art. XIX.2: eerste kosteloze herinnering verstuurd op {}; de termijn van 14 dagen is verstreken op {}.", dt(sent), dt(ends)),
                        Lang::En => format!("Code of Economic Law, art. XIX.2: free first reminder sent on {}; the 14-day period ended on {}.", dt(sent), dt(ends)),
                    });
                }
                if terms.provides_anything() {
                    legal.push(pick(
                        l,
                        "Code de droit économique, art. XIX.4 : indemnité et intérêt prévus par nos conditions, dans les limites légales (indemnité plafonnée selon le solde, intérêt plafonné au taux de la loi du 2 août 2002).",
                        "Wetboek van economisch recht, art. XIX.4: schadevergoeding en interest volgens onze voorwaarden, binnen de wettelijke grenzen (vergoeding begrensd naargelang het saldo, interest begrensd tot de rentevoet van de wet van 2 augustus 2002).",
                        "Code of Economic Law, art. XIX.4: lump sum and interest provided by our terms, within the legal limits (lump sum capped by balance, interest capped at the rate of the Law of 2 August 2002).",
                    ));
                } else {
                    legal.push(pick(
                        l,
                        "Ancien Code civil, art. 1153, et loi du 5 mai 1865, art. 2 : la présente mise en demeure fait courir l'intérêt au taux légal.",
                        "Oud Burgerlijk Wetboek, art. 1153, en wet van 5 mei 1865, art. 2: deze ingebrekestelling doet de wettelijke interest lopen.",
                        "Old Civil Code, art. 1153, and Law of 5 May 1865, art. 2: this formal notice makes legal interest run.",
                    ));
                }
            }
            consequences.push(match l {
                Lang::Fr => format!("À défaut de paiement intégral au plus tard le {}, nous confierons le recouvrement à un huissier de justice ou à notre avocat et introduirons une procédure judiciaire sans autre avis. Les frais de justice (dépens et indemnité de procédure) pourront alors être mis à votre charge par le tribunal.", dt(deadline)),
                Lang::Nl => format!("Bij gebrek aan volledige betaling uiterlijk op {} vertrouwen wij de invordering toe aan een gerechtsdeurwaarder of onze advocaat en leiden wij zonder verdere verwittiging een gerechtelijke procedure in. De gerechtskosten (kosten en rechtsplegingsvergoeding) kunnen dan door de rechtbank te uwen laste worden gelegd.", dt(deadline)),
                Lang::En => format!("If full payment is not received by {}, we will hand the recovery to a bailiff or our lawyer and start court proceedings without further notice. The court may then order you to pay the legal costs (costs and procedural indemnity).", dt(deadline)),
            });
            if assessments.iter().any(|a| !a.interest.is_empty())
                || client.kind == ClientKind::B2b
                || !terms.provides_anything()
            {
                consequences.push(pick(
                    l,
                    "Les intérêts continuent à courir jusqu'au paiement complet.",
                    "De interesten blijven lopen tot de volledige betaling.",
                    "Interest keeps running until payment in full.",
                ));
            }
        }
    }
    if let Some(r) = &terms.reference {
        legal.push(match l {
            Lang::Fr => format!("Nos conditions : {r}."),
            Lang::Nl => format!("Onze voorwaarden: {r}."),
            Lang::En => format!("Our terms: {r}."),
        });
    }

    // Payments and the imputation rule.
    let mut imputation = Vec::new();
    for a in assessments {
        for p in &a.payments {
            imputation.push(match l {
                Lang::Fr => format!("{} : paiement de {} le {}, imputé sur les frais {}, les intérêts {}, le principal {}.", a.invoice, m(p.amount), dt(p.date), m(p.to_costs), m(p.to_interest), m(p.to_principal)),
                Lang::Nl => format!("{}: betaling van {} op {}, toegerekend op de kosten {}, de interesten {}, de hoofdsom {}.", a.invoice, m(p.amount), dt(p.date), m(p.to_costs), m(p.to_interest), m(p.to_principal)),
                Lang::En => format!("{}: payment of {} on {}, imputed on costs {}, interest {}, principal {}.", a.invoice, m(p.amount), dt(p.date), m(p.to_costs), m(p.to_interest), m(p.to_principal)),
            });
        }
    }
    if !imputation.is_empty() {
        let rule = &assessments[0].imputation_order;
        let cite = l.pick(
            "ancien Code civil, art. 1254",
            "oud Burgerlijk Wetboek, art. 1254",
            "old Civil Code, art. 1254",
        );
        imputation.push(format!("{} ({cite})", rule.text.get(l)));
    }

    let communication = if inputs.len() == 1 {
        first.structured_communication.formatted()
    } else {
        match l {
            Lang::Fr => format!("factures {numbers_joined}"),
            Lang::Nl => format!("facturen {numbers_joined}"),
            Lang::En => format!("invoices {numbers_joined}"),
        }
    };
    let payment = vec![
        (pick(l, "Montant", "Bedrag", "Amount"), m(total_due)),
        (
            pick(l, "Bénéficiaire", "Begunstigde", "Beneficiary"),
            creditor.clone(),
        ),
        ("IBAN".to_string(), issuer.iban.formatted()),
        ("BIC".to_string(), issuer.bic.as_str().to_string()),
        (
            pick(l, "Communication", "Mededeling", "Reference"),
            communication,
        ),
        (
            pick(l, "Au plus tard le", "Uiterlijk op", "No later than"),
            dt(deadline),
        ),
    ];
    let closing = pick(
        l,
        "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
        "Met vriendelijke groeten,",
        "Yours faithfully,",
    );
    let mut footer = format!("{creditor} · {} {ent}", enterprise_label(l));
    if let Some(vat) = &issuer.vat_number {
        footer.push_str(&format!(
            " · {} {}",
            l.pick("TVA", "Btw", "VAT"),
            vat.formatted()
        ));
    }
    footer.push_str(&format!(" · IBAN {}", issuer.iban.formatted()));

    NoticeDoc {
        title,
        creditor_name: creditor.clone(),
        creditor_lines: creditor_lines(issuer, l),
        debtor_name: client.name.clone(),
        debtor_lines: address_lines(&client.address),
        date_line,
        subject,
        salutation,
        intro,
        table,
        middle,
        second_title,
        second,
        imputation,
        legal_title: pick(l, "Base légale", "Wettelijke grondslag", "Legal basis"),
        legal,
        consequences,
        payment,
        closing,
        signature: creditor,
        footer,
    }
}

fn b2b_legal(l: Lang, terms: &super::events::LatePaymentTerms, flat: Decimal) -> String {
    let f = money(flat, l);
    match (l, terms.provides_interest()) {
        (Lang::Fr, false) => format!(
            "Loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les transactions commerciales : art. 5 (intérêt dû de plein droit et sans mise en demeure, au taux légal de chaque semestre) et art. 6 (indemnité forfaitaire de {f} par facture)."
        ),
        (Lang::Fr, true) => format!(
            "Loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les transactions commerciales : art. 5 (intérêt dû de plein droit au taux convenu) et art. 6 (indemnité forfaitaire de {f} par facture)."
        ),
        (Lang::Nl, false) => format!(
            "Wet van 2 augustus 2002 betreffende de bestrijding van de betalingsachterstand bij handelstransacties: art. 5 (interest van rechtswege en zonder ingebrekestelling verschuldigd, tegen de wettelijke rentevoet van elk semester) en art. 6 (forfaitaire vergoeding van {f} per factuur)."
        ),
        (Lang::Nl, true) => format!(
            "Wet van 2 augustus 2002 betreffende de bestrijding van de betalingsachterstand bij handelstransacties: art. 5 (interest van rechtswege verschuldigd tegen de overeengekomen rentevoet) en art. 6 (forfaitaire vergoeding van {f} per factuur)."
        ),
        (Lang::En, false) => format!(
            "Law of 2 August 2002 on combating late payment in commercial transactions: art. 5 (interest owed by law, without formal notice, at each half-year's statutory rate) and art. 6 (flat compensation of {f} per invoice)."
        ),
        (Lang::En, true) => format!(
            "Law of 2 August 2002 on combating late payment in commercial transactions: art. 5 (interest owed by law at the agreed rate) and art. 6 (flat compensation of {f} per invoice)."
        ),
    }
}

/// The JSON the template reads: the language and the finished strings of the letter.
#[derive(Serialize)]
struct TemplateData<'a> {
    lang: &'a str,
    #[serde(flatten)]
    doc: &'a NoticeDoc,
}

/// The Typst sources of a notice: `notice.typ` (the workspace's override when present)
/// and its `data.json`.
pub fn notice_sandbox(
    workspace_root: &std::path::Path,
    notice: &Notice,
) -> Result<crate::typst::Sandbox, UserError> {
    const BUILTIN: &str = include_str!("../../templates/notice.typ");
    let over = workspace_root.join("templates").join("notice.typ");
    let template = if over.is_file() {
        std::fs::read(&over)
            .map_err(|e| UserError::new(format!("cannot read template: {e}")).file(&over))?
    } else {
        BUILTIN.as_bytes().to_vec()
    };
    let data = TemplateData {
        lang: notice.lang.code(),
        doc: &notice.doc,
    };
    let json = serde_json::to_vec_pretty(&data)
        .map_err(|e| UserError::new(format!("cannot encode notice data: {e}")))?;
    Ok(crate::typst::Sandbox {
        main: std::path::PathBuf::from("notice.typ"),
        files: vec![
            (std::path::PathBuf::from("notice.typ"), template),
            (std::path::PathBuf::from("data.json"), json),
        ],
    })
}
