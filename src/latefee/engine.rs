//! What a late invoice costs the debtor on a given date, line by line, with the law.
//!
//! * Businesses (Law of 2 August 2002): interest runs by law from the day after the due
//!   date, at each half-year's statutory rate (or the agreed rate), plus a flat 40 EUR
//!   once per invoice (art. 6).
//! * Consumers (Book XIX CEL): nothing but the principal before a free first reminder
//!   and a waiting period of 14 days; then only what the contract provides, with the
//!   lump sum capped per bracket and the rate capped at the B2B rate. With no clause,
//!   legal interest runs from a formal notice only (old Civil Code art. 1153).
//!
//! Interest is simple, on actual days / 365, split at 1 January and 1 July and at each
//! payment; every segment is rounded to the cent. Partial payments are imputed on
//! costs, then interest, then principal (old Civil Code art. 1254).

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::events::{Channel, LatePaymentTerms, NoticeEvent, NoticeKind, Payment};
use super::rates::{HalfYear, RateTable};
use super::round_cents;
use super::text::{Lang, Text, date, money, percent};
use crate::be::calendar::Calendar;
use crate::error::UserError;

pub use crate::model::ClientKind;

/// Everything the engine needs to know about one unpaid invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Invoice number, for explanations.
    pub invoice: String,
    /// Issue date: no computation may be asked before it.
    pub issue_date: NaiveDate,
    /// Due date: the last day to pay without delay.
    pub due_date: NaiveDate,
    /// Total to pay (VAT included).
    pub amount: Decimal,
    /// Business or consumer.
    pub debtor: ClientKind,
    /// The contract's late-payment clause, if any.
    pub terms: Option<LatePaymentTerms>,
    /// Payments received.
    pub payments: Vec<Payment>,
    /// Reminders and formal notices sent.
    pub notices: Vec<NoticeEvent>,
}

/// What the engine reads besides the claim: the rate table and the working-day calendar.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Rates, flat compensation and Book XIX caps.
    pub rates: &'a RateTable,
    /// Working days for the Book XIX waiting period.
    pub calendar: Calendar,
}

impl Default for Context<'static> {
    fn default() -> Self {
        Context {
            rates: RateTable::embedded(),
            calendar: Calendar::national(),
        }
    }
}

/// Which rate an interest segment uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InterestBasis {
    /// B2B statutory rate of the half-year (Law of 2 August 2002, art. 5).
    Statutory,
    /// Rate agreed in the contract.
    Agreed,
    /// Agreed rate capped at the B2B rate of the half-year (Book XIX).
    AgreedCapped,
    /// Legal interest rate of the year (Law of 5 May 1865), from a formal notice.
    Legal,
    /// Legal interest rate of the year as agreed in the contract (capped at the B2B
    /// rate for consumers).
    AgreedLegal,
}

/// Interest on one base over consecutive days at one rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterestSegment {
    /// First day counted.
    pub from: NaiveDate,
    /// Last day counted.
    pub to: NaiveDate,
    /// Number of days counted (`to − from + 1`).
    pub days: i64,
    /// Principal the interest runs on.
    pub base: Decimal,
    /// Annual rate in percent.
    pub percent: Decimal,
    /// Where the rate comes from.
    pub basis: InterestBasis,
    /// Half-year of the rate.
    pub half_year: String,
    /// `base × percent / 100 × days / 365`, rounded to the cent.
    pub amount: Decimal,
}

/// A cost claimed besides interest: the 40 EUR flat compensation or an agreed lump sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cost {
    /// Stable key: `flat_compensation`, `agreed_lump_sum`, `book_xix_lump_sum`.
    pub key: String,
    /// Date from which it is owed.
    pub date: NaiveDate,
    /// Amount in EUR.
    pub amount: Decimal,
    /// What it is, in the three languages.
    pub label: Text,
    /// Article it relies on.
    pub citation: String,
}

/// How one payment was imputed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imputation {
    /// Date received.
    pub date: NaiveDate,
    /// Amount received.
    pub amount: Decimal,
    /// Part applied to costs.
    pub to_costs: Decimal,
    /// Part applied to interest.
    pub to_interest: Decimal,
    /// Part applied to principal.
    pub to_principal: Decimal,
    /// Part exceeding everything owed at that date.
    pub excess: Decimal,
}

/// What remains owed on the calculation date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outstanding {
    /// Unpaid principal.
    pub principal: Decimal,
    /// Unpaid interest.
    pub interest: Decimal,
    /// Unpaid costs.
    pub costs: Decimal,
    /// Sum of the three.
    pub total: Decimal,
}

/// Book XIX state of a consumer claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookXixStatus {
    /// Date the free first reminder was sent, if it was.
    pub first_reminder: Option<NaiveDate>,
    /// Its channel.
    pub channel: Option<Channel>,
    /// First day of the 14-day waiting period.
    pub waiting_starts: Option<NaiveDate>,
    /// Last day of the waiting period: the payment deadline of the reminder.
    pub waiting_ends: Option<NaiveDate>,
    /// First day anything beyond the principal may be charged.
    pub fees_from: Option<NaiveDate>,
    /// Whether the calculation date is on or after `fees_from`.
    pub fees_allowed: bool,
    /// Whether the contract provides any late-payment clause.
    pub clause: bool,
    /// Formal notice date that starts legal interest (no clause), if any.
    pub formal_notice: Option<NaiveDate>,
}

/// One line of the explanation, with the article it relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The sentence, in the three languages.
    pub text: Text,
    /// Article(s) relied on; empty for plain facts.
    pub citation: String,
}

/// The result: amounts, how they were computed and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// Invoice number.
    pub invoice: String,
    /// Calculation date.
    pub on: NaiveDate,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// Business or consumer.
    pub debtor: ClientKind,
    /// Invoice total.
    pub amount: Decimal,
    /// Days between the due date and the calculation date (0 when not yet due).
    pub days_late: i64,
    /// Interest segments, in date order.
    pub interest: Vec<InterestSegment>,
    /// Sum of the segments.
    pub interest_total: Decimal,
    /// Costs owed (flat compensation, lump sums).
    pub costs: Vec<Cost>,
    /// Sum of the costs.
    pub costs_total: Decimal,
    /// How each payment was imputed.
    pub payments: Vec<Imputation>,
    /// Sum of the payments up to the calculation date.
    pub paid_total: Decimal,
    /// What remains owed.
    pub outstanding: Outstanding,
    /// The imputation order used, stated with its source.
    pub imputation_order: Step,
    /// Book XIX state (consumers only).
    pub book_xix: Option<BookXixStatus>,
    /// Line-by-line explanation.
    pub explanation: Vec<Step>,
    /// Things the user must check (provisional or unverified rates, ...).
    pub warnings: Vec<String>,
}

/// Citation of the B2B interest rule.
pub const CITE_B2B_INTEREST: &str = "Law of 2 August 2002, art. 5";
/// Citation of the 40 EUR flat compensation.
pub const CITE_B2B_FLAT: &str = "Law of 2 August 2002, art. 6";
/// Citation of the free first reminder and waiting period.
pub const CITE_XIX_REMINDER: &str = "CEL art. XIX.2";
/// Citation of the consumer caps.
pub const CITE_XIX_CAPS: &str = "CEL art. XIX.4";
/// Citation of legal interest from a formal notice.
pub const CITE_LEGAL_INTEREST: &str = "old Civil Code art. 1153; Law of 5 May 1865, art. 2";
/// Citation of the imputation order.
pub const CITE_IMPUTATION: &str = "old Civil Code art. 1254 (Book 5 Civil Code keeps the rule)";

fn step(citation: &str, text: Text) -> Step {
    Step {
        text,
        citation: citation.to_string(),
    }
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn sub_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}

/// The imputation rule, stated the same way in every result.
pub fn imputation_rule(debtor: ClientKind) -> Step {
    let text = match debtor {
        ClientKind::B2b => Text::new(
            "Imputation des paiements partiels : d'abord les frais (indemnité forfaitaire), ensuite les intérêts, enfin le principal.",
            "Toerekening van deelbetalingen: eerst op de kosten (forfaitaire vergoeding), dan op de interesten, ten slotte op de hoofdsom.",
            "Partial payments are imputed first on costs (flat compensation), then on interest, then on principal.",
        ),
        ClientKind::B2c => Text::new(
            "Imputation des paiements partiels : d'abord les frais, ensuite les intérêts, enfin le principal ; le Livre XIX CDE ne prévoit pas d'autre ordre (l'ordre inverse de l'art. VII.106 CDE ne vaut que pour le crédit à la consommation).",
            "Toerekening van deelbetalingen: eerst op de kosten, dan op de interesten, ten slotte op de hoofdsom; Boek XIX WER bepaalt geen andere volgorde (de omgekeerde volgorde van art. VII.106 WER geldt enkel voor consumentenkrediet).",
            "Partial payments are imputed first on costs, then on interest, then on principal; Book XIX CEL sets no other order (the reverse order of art. VII.106 CEL applies only to consumer credit).",
        ),
    };
    step(CITE_IMPUTATION, text)
}

/// How interest accrues in this claim: from which day (exclusive) and at which basis.
#[derive(Debug, Clone, Copy)]
struct Accrual {
    after: NaiveDate,
    basis: InterestBasis,
    agreed: Option<Decimal>,
}

/// A cost that becomes owed on a date; the lump sums depend on the balance then.
#[derive(Debug, Clone)]
enum CostRule {
    Flat,
    AgreedLumpSum,
    XixLumpSum,
}

/// Computes what `claim` costs the debtor on `on`.
///
/// Errors (→ exit 2): `on` before the invoice date, a rate missing from the table, an
/// invoice already fully paid by `on`.
pub fn assess(claim: &Claim, on: NaiveDate, ctx: Context<'_>) -> Result<Assessment, UserError> {
    if on < claim.issue_date {
        return Err(UserError::new(format!(
            "the calculation date {on} is before the date of invoice {} ({})",
            claim.invoice, claim.issue_date
        ))
        .field("on")
        .hint("pass --on with a date on or after the invoice date"));
    }
    if claim.due_date < claim.issue_date {
        return Err(UserError::new(format!(
            "invoice {} is due on {}, before its issue date {}",
            claim.invoice, claim.due_date, claim.issue_date
        ))
        .field("due_date"));
    }
    if claim.amount <= Decimal::ZERO {
        return Err(UserError::new(format!(
            "invoice {} has no positive amount to claim ({})",
            claim.invoice, claim.amount
        ))
        .field("lines"));
    }
    check_bounds(claim)?;

    let rates = ctx.rates;
    let mut explanation = Vec::new();
    let mut warnings = Vec::new();
    let days_late = (on - claim.due_date).num_days().max(0);
    let due = claim.due_date;
    explanation.push(step(
        "",
        Text::build(|l| {
            let (inv, amt, dd, od) = (
                &claim.invoice,
                money(claim.amount, l),
                date(due, l),
                date(on, l),
            );
            match l {
                Lang::Fr => format!(
                    "Facture {inv} de {amt}, échue le {dd} ; au {od}, retard de {days_late} jour(s)."
                ),
                Lang::Nl => format!(
                    "Factuur {inv} van {amt}, vervallen op {dd}; op {od} {days_late} dag(en) achterstand."
                ),
                Lang::En => {
                    format!("Invoice {inv} of {amt}, due on {dd}; on {od} it is {days_late} day(s) late.")
                }
            }
        }),
    ));

    let terms = claim.terms.clone().unwrap_or_default();
    let mut payments: Vec<Payment> = claim
        .payments
        .iter()
        .filter(|p| p.date <= on)
        .cloned()
        .collect();
    payments.sort_by_key(|p| p.date);
    let notices: Vec<&NoticeEvent> = {
        let mut n: Vec<&NoticeEvent> = claim.notices.iter().filter(|n| n.date <= on).collect();
        n.sort_by_key(|n| n.date);
        n
    };

    // Decide when interest starts, at which basis, and which costs fall due when.
    let mut accrual: Option<Accrual> = None;
    let mut cost_rules: Vec<(NaiveDate, CostRule)> = Vec::new();
    let mut xix: Option<BookXixStatus> = None;

    match claim.debtor {
        ClientKind::B2b => {
            let basis = if terms.interest_percent.is_some() {
                InterestBasis::Agreed
            } else if terms.interest_at_legal_rate {
                InterestBasis::AgreedLegal
            } else {
                InterestBasis::Statutory
            };
            accrual = Some(Accrual {
                after: due,
                basis,
                agreed: terms.interest_percent,
            });
            if on > due {
                let first = add_days(due, 1);
                cost_rules.push((first, CostRule::Flat));
                if terms.lump_sum.is_some() {
                    cost_rules.push((first, CostRule::AgreedLumpSum));
                }
                explanation.push(step(
                    CITE_B2B_INTEREST,
                    match terms.interest_percent {
                        None if terms.interest_at_legal_rate => Text::new(
                            "Entre entreprises, l'intérêt court de plein droit dès le lendemain de l'échéance, au taux d'intérêt légal de chaque année, comme convenu.",
                            "Tussen ondernemingen loopt de interest van rechtswege vanaf de dag na de vervaldag, tegen de wettelijke interestvoet van elk jaar, zoals overeengekomen.",
                            "Between businesses, interest runs by law from the day after the due date, at each year's legal interest rate, as agreed.",
                        ),
                        None => Text::new(
                            "Entre entreprises, l'intérêt court de plein droit et sans mise en demeure dès le lendemain de l'échéance, au taux légal de chaque semestre (taux directeur BCE + 8 points, arrondi au demi-point supérieur).",
                            "Tussen ondernemingen loopt de interest van rechtswege en zonder ingebrekestelling vanaf de dag na de vervaldag, tegen de wettelijke rentevoet van elk semester (ECB-referentierentevoet + 8 punten, afgerond naar het hogere halve punt).",
                            "Between businesses, interest runs by law without formal notice from the day after the due date, at each half-year's statutory rate (ECB main refinancing rate + 8 points, rounded up to the next half point).",
                        ),
                        Some(p) => Text::build(|l| match l {
                            Lang::Fr => format!("Entre entreprises, l'intérêt court de plein droit dès le lendemain de l'échéance, au taux convenu de {} l'an.", percent(p, l)),
                            Lang::Nl => format!("Tussen ondernemingen loopt de interest van rechtswege vanaf de dag na de vervaldag, tegen de overeengekomen rentevoet van {} per jaar.", percent(p, l)),
                            Lang::En => format!("Between businesses, interest runs by law from the day after the due date, at the agreed rate of {} a year.", percent(p, l)),
                        }),
                    },
                ));
            }
        }
        ClientKind::B2c => {
            let first = notices.iter().find(|n| n.date > due).copied();
            if notices.iter().any(|n| n.date <= due) {
                warnings.push(format!(
                    "a notice dated on or before the due date {due} is not a reminder of late payment and is ignored"
                ));
            }
            let xix_params = rates.book_xix();
            if due < xix_params.in_force {
                warnings.push(format!(
                    "invoice {} fell due before Book XIX entered into force ({}); its rules are applied anyway, check whether the contract predates it",
                    claim.invoice, xix_params.in_force
                ));
            }
            let mut status = BookXixStatus {
                first_reminder: first.map(|n| n.date),
                channel: first.map(|n| n.channel),
                waiting_starts: None,
                waiting_ends: None,
                fees_from: None,
                fees_allowed: false,
                clause: terms.provides_anything(),
                formal_notice: None,
            };
            match first {
                None => {
                    explanation.push(step(
                        CITE_XIX_REMINDER,
                        Text::new(
                            "Dette d'un consommateur : aucun intérêt, frais ni indemnité ne peut être réclamé avant l'envoi d'un premier rappel gratuit et l'expiration d'un délai d'au moins 14 jours calendrier. Aucun rappel n'a encore été envoyé : seul le principal est dû.",
                            "Schuld van een consument: geen interesten, kosten of schadevergoeding vóór een eerste kosteloze herinnering en het verstrijken van een termijn van minstens 14 kalenderdagen. Er is nog geen herinnering verstuurd: enkel de hoofdsom is verschuldigd.",
                            "Consumer debt: no interest, costs or damages may be charged before a free first reminder and a waiting period of at least 14 calendar days. No reminder has been sent yet: only the principal is owed.",
                        ),
                    ));
                }
                Some(reminder) => {
                    let start = match reminder.channel {
                        Channel::Paper => ctx
                            .calendar
                            .add_business_days(reminder.date, xix_params.paper_start_working_day),
                        Channel::Email => {
                            add_days(reminder.date, u64::from(xix_params.electronic_start_days))
                        }
                    };
                    let fees_from = add_days(start, u64::from(xix_params.waiting_days));
                    let ends = sub_days(fees_from, 1);
                    status.waiting_starts = Some(start);
                    status.waiting_ends = Some(ends);
                    status.fees_from = Some(fees_from);
                    status.fees_allowed = on >= fees_from;
                    let wd = xix_params.waiting_days;
                    let nth = xix_params.paper_start_working_day;
                    explanation.push(step(
                        CITE_XIX_REMINDER,
                        Text::build(|l| {
                            let (sent, s, e, f) = (date(reminder.date, l), date(start, l), date(ends, l), date(fees_from, l));
                            match (l, reminder.channel) {
                                (Lang::Fr, Channel::Paper) => format!("Premier rappel gratuit posté le {sent} : le délai de {wd} jours prend cours le {nth}e jour ouvrable suivant, le {s}, et expire le {e} ; rien d'autre que le principal ne peut être réclamé avant le {f}."),
                                (Lang::Fr, Channel::Email) => format!("Premier rappel gratuit envoyé par voie électronique le {sent} : le délai de {wd} jours prend cours le lendemain, le {s}, et expire le {e} ; rien d'autre que le principal ne peut être réclamé avant le {f}."),
                                (Lang::Nl, Channel::Paper) => format!("Eerste kosteloze herinnering gepost op {sent}: de termijn van {wd} dagen begint op de {nth}e werkdag daarna, op {s}, en eindigt op {e}; vóór {f} mag niets meer dan de hoofdsom worden gevraagd."),
                                (Lang::Nl, Channel::Email) => format!("Eerste kosteloze herinnering elektronisch verstuurd op {sent}: de termijn van {wd} dagen begint de dag daarna, op {s}, en eindigt op {e}; vóór {f} mag niets meer dan de hoofdsom worden gevraagd."),
                                (Lang::En, Channel::Paper) => format!("Free first reminder posted on {sent}: the {wd}-day period starts on the {nth}rd working day after, {s}, and ends on {e}; nothing beyond the principal may be charged before {f}."),
                                (Lang::En, Channel::Email) => format!("Free first reminder e-mailed on {sent}: the {wd}-day period starts the next day, {s}, and ends on {e}; nothing beyond the principal may be charged before {f}."),
                            }
                        }),
                    ));
                    if !status.fees_allowed {
                        explanation.push(step(
                            CITE_XIX_REMINDER,
                            Text::build(|l| match l {
                                Lang::Fr => format!("Au {}, le délai d'attente court encore : seul le principal est dû.", date(on, l)),
                                Lang::Nl => format!("Op {} loopt de wachttermijn nog: enkel de hoofdsom is verschuldigd.", date(on, l)),
                                Lang::En => format!("On {} the waiting period is still running: only the principal is owed.", date(on, l)),
                            }),
                        ));
                    } else if terms.provides_anything() {
                        if terms.provides_interest() {
                            let (basis, agreed) = match terms.interest_percent {
                                Some(p) => (InterestBasis::AgreedCapped, Some(p)),
                                None => (InterestBasis::AgreedLegal, None),
                            };
                            let after = if terms.creditor_sme {
                                sub_days(start, 1)
                            } else {
                                ends
                            };
                            accrual = Some(Accrual {
                                after,
                                basis,
                                agreed,
                            });
                            explanation.push(step(
                                CITE_XIX_CAPS,
                                Text::build(|l| {
                                    let from = date(add_days(after, 1), l);
                                    let pc = match agreed {
                                        Some(p) => percent(p, l),
                                        None => l.pick("au taux d'intérêt légal", "tegen de wettelijke interestvoet", "at the legal interest rate").to_string(),
                                    };
                                    match (l, terms.creditor_sme) {
                                        (Lang::Fr, true) => format!("Intérêt convenu ({pc} l'an), plafonné au taux de la loi du 2 août 2002 de chaque semestre ; le créancier étant une PME, il court dès le début du délai d'attente, le {from}."),
                                        (Lang::Fr, false) => format!("Intérêt convenu ({pc} l'an), plafonné au taux de la loi du 2 août 2002 de chaque semestre ; il court à partir de la fin du délai d'attente, le {from}."),
                                        (Lang::Nl, true) => format!("Overeengekomen interest ({pc} per jaar), begrensd tot de rentevoet van de wet van 2 augustus 2002 van elk semester; omdat de schuldeiser een kmo is, loopt hij vanaf het begin van de wachttermijn, {from}."),
                                        (Lang::Nl, false) => format!("Overeengekomen interest ({pc} per jaar), begrensd tot de rentevoet van de wet van 2 augustus 2002 van elk semester; hij loopt vanaf het einde van de wachttermijn, {from}."),
                                        (Lang::En, true) => format!("Agreed interest ({pc} a year), capped at each half-year's rate of the Law of 2 August 2002; the creditor being an SME, it runs from the start of the waiting period, {from}."),
                                        (Lang::En, false) => format!("Agreed interest ({pc} a year), capped at each half-year's rate of the Law of 2 August 2002; it runs from the end of the waiting period, {from}."),
                                    }
                                }),
                            ));
                        }
                        if terms.lump_sum.is_some() {
                            cost_rules.push((fees_from, CostRule::XixLumpSum));
                        }
                    } else {
                        let formal = notices
                            .iter()
                            .find(|n| n.kind == NoticeKind::Formal && n.date > due)
                            .map(|n| n.date);
                        status.formal_notice = formal;
                        match formal {
                            Some(f) => {
                                let after = f.max(ends);
                                accrual = Some(Accrual {
                                    after,
                                    basis: InterestBasis::Legal,
                                    agreed: None,
                                });
                                explanation.push(step(
                                    CITE_LEGAL_INTEREST,
                                    Text::build(|l| {
                                        let (fd, from) = (date(f, l), date(add_days(after, 1), l));
                                        match l {
                                            Lang::Fr => format!("Le contrat ne prévoit ni intérêt ni indemnité : seul l'intérêt au taux légal est dû, à partir de la mise en demeure du {fd} (compté dès le {from})."),
                                            Lang::Nl => format!("Het contract voorziet geen interest of schadevergoeding: enkel de wettelijke interest is verschuldigd, vanaf de ingebrekestelling van {fd} (gerekend vanaf {from})."),
                                            Lang::En => format!("The contract provides no interest or lump sum: only legal interest is owed, from the formal notice of {fd} (counted from {from})."),
                                        }
                                    }),
                                ));
                            }
                            None => explanation.push(step(
                                CITE_LEGAL_INTEREST,
                                Text::new(
                                    "Le contrat ne prévoit ni intérêt ni indemnité : rien d'autre que le principal n'est dû tant qu'aucune mise en demeure n'a été envoyée ; l'intérêt au taux légal courra à partir de celle-ci.",
                                    "Het contract voorziet geen interest of schadevergoeding: zolang er geen ingebrekestelling is verstuurd, is enkel de hoofdsom verschuldigd; de wettelijke interest loopt vanaf die ingebrekestelling.",
                                    "The contract provides no interest or lump sum: nothing beyond the principal is owed until a formal notice is sent; legal interest runs from that notice.",
                                ),
                            )),
                        }
                    }
                }
            }
            xix = Some(status);
        }
    }

    // Walk the timeline: cost dates and payments, accruing interest in between.
    enum Event<'p> {
        Cost(CostRule),
        Pay(&'p Payment),
    }
    let mut timeline: Vec<(NaiveDate, u8, Event)> = Vec::new();
    for (d, rule) in cost_rules {
        if d <= on {
            timeline.push((d, 0, Event::Cost(rule)));
        }
    }
    for p in &payments {
        timeline.push((p.date, 1, Event::Pay(p)));
    }
    timeline.sort_by_key(|(d, order, _)| (*d, *order));

    let mut principal = claim.amount;
    let mut interest_unpaid = Decimal::ZERO;
    let mut costs_unpaid = Decimal::ZERO;
    let mut segments: Vec<InterestSegment> = Vec::new();
    let mut costs: Vec<Cost> = Vec::new();
    let mut imputations: Vec<Imputation> = Vec::new();
    let mut cursor = accrual.map(|a| a.after);
    // Steps tied to a date (costs, interest segments, payments), told in date order.
    let mut dated: Vec<(NaiveDate, u8, Step)> = Vec::new();

    let accrue = |to: NaiveDate,
                  principal: Decimal,
                  cursor: &mut Option<NaiveDate>,
                  segments: &mut Vec<InterestSegment>,
                  warnings: &mut Vec<String>|
     -> Result<Decimal, UserError> {
        let (Some(acc), Some(from)) = (accrual, *cursor) else {
            return Ok(Decimal::ZERO);
        };
        if to <= from {
            return Ok(Decimal::ZERO);
        }
        *cursor = Some(to);
        if principal <= Decimal::ZERO {
            return Ok(Decimal::ZERO);
        }
        let mut total = Decimal::ZERO;
        let mut start = add_days(from, 1);
        while start <= to {
            let half = HalfYear::of(start);
            let end = half.end().min(to);
            let days = (end - start).num_days() + 1;
            let pct = match acc.basis {
                InterestBasis::Statutory => {
                    let r = rates.b2b_rate_for(half)?;
                    push_warning(warnings, r.warning);
                    if let Some(legacy) = r.legacy_percent {
                        push_warning(
                            warnings,
                            Some(format!(
                                "{half}: the rate used ({}%) is for contracts concluded, renewed or extended from 16 March 2013; for an older contract the transitional rate was {legacy}% (until 15 March 2015)",
                                r.percent
                            )),
                        );
                    }
                    r.percent
                }
                InterestBasis::Agreed => acc.agreed.unwrap_or_default(),
                InterestBasis::AgreedCapped => {
                    let r = rates.b2b_rate_for(half)?;
                    push_warning(warnings, r.warning);
                    acc.agreed.unwrap_or_default().min(r.percent)
                }
                InterestBasis::Legal => {
                    let r = rates.legal_rate_for_year(half.year)?;
                    push_warning(warnings, r.warning);
                    r.percent
                }
                InterestBasis::AgreedLegal => {
                    let r = rates.legal_rate_for_year(half.year)?;
                    push_warning(warnings, r.warning);
                    if claim.debtor == ClientKind::B2c {
                        let cap = rates.b2b_rate_for(half)?;
                        push_warning(warnings, cap.warning);
                        r.percent.min(cap.percent)
                    } else {
                        r.percent
                    }
                }
            };
            let amount = round_cents(
                principal * pct / Decimal::ONE_HUNDRED * Decimal::from(days) / Decimal::from(365),
            );
            total += amount;
            segments.push(InterestSegment {
                from: start,
                to: end,
                days,
                base: principal,
                percent: pct,
                basis: acc.basis,
                half_year: half.to_string(),
                amount,
            });
            start = add_days(end, 1);
        }
        Ok(total)
    };

    for (d, _, ev) in &timeline {
        match ev {
            Event::Cost(_) if principal <= Decimal::ZERO => {}
            Event::Cost(rule) => {
                let cost = match rule {
                    CostRule::Flat => {
                        let flat = rates.flat_compensation();
                        Cost {
                            key: "flat_compensation".into(),
                            date: *d,
                            amount: flat.amount,
                            label: Text::new(
                                "Indemnité forfaitaire pour frais de recouvrement",
                                "Forfaitaire vergoeding voor invorderingskosten",
                                "Flat compensation for recovery costs",
                            ),
                            citation: CITE_B2B_FLAT.into(),
                        }
                    }
                    CostRule::AgreedLumpSum => {
                        let amount = terms
                            .lump_sum
                            .as_ref()
                            .map(|l| l.amount_in(principal, rates))
                            .unwrap_or_default();
                        Cost {
                            key: "agreed_lump_sum".into(),
                            date: *d,
                            amount,
                            label: Text::new(
                                "Indemnité convenue (clause pénale, réductible par le juge)",
                                "Overeengekomen schadevergoeding (schadebeding, matigbaar door de rechter)",
                                "Agreed lump sum (penalty clause, reducible by the court)",
                            ),
                            citation: "old Civil Code art. 1226 and 1231; Civil Code art. 5.88"
                                .into(),
                        }
                    }
                    CostRule::XixLumpSum => {
                        let clause = terms
                            .lump_sum
                            .as_ref()
                            .map(|l| l.amount_in(principal, rates))
                            .unwrap_or_default();
                        let cap = rates.book_xix_cap(principal);
                        let amount = clause.min(cap);
                        dated.push((*d, 0, step(
                            CITE_XIX_CAPS,
                            Text::build(|l| {
                                let (c, k, b, a) = (money(clause, l), money(cap, l), money(principal, l), money(amount, l));
                                match l {
                                    Lang::Fr => format!("Indemnité convenue {c} ; plafond du Livre XIX pour un solde de {b} : {k} ; le montant le plus bas s'applique : {a}."),
                                    Lang::Nl => format!("Overeengekomen schadevergoeding {c}; plafond van Boek XIX voor een saldo van {b}: {k}; het laagste bedrag geldt: {a}."),
                                    Lang::En => format!("Agreed lump sum {c}; Book XIX cap for a balance of {b}: {k}; the lower amount applies: {a}."),
                                }
                            }),
                        )));
                        Cost {
                            key: "book_xix_lump_sum".into(),
                            date: *d,
                            amount,
                            label: Text::new(
                                "Indemnité forfaitaire convenue (plafonnée, Livre XIX)",
                                "Overeengekomen forfaitaire schadevergoeding (begrensd, Boek XIX)",
                                "Agreed lump sum (capped, Book XIX)",
                            ),
                            citation: CITE_XIX_CAPS.into(),
                        }
                    }
                };
                if cost.key == "flat_compensation" {
                    dated.push((*d, 0, step(
                        CITE_B2B_FLAT,
                        Text::build(|l| match l {
                            Lang::Fr => format!("Indemnité forfaitaire de {} pour frais de recouvrement, due une fois par facture, sans mise en demeure.", money(cost.amount, l)),
                            Lang::Nl => format!("Forfaitaire vergoeding van {} voor invorderingskosten, eenmaal per factuur verschuldigd, zonder ingebrekestelling.", money(cost.amount, l)),
                            Lang::En => format!("Flat compensation of {} for recovery costs, owed once per invoice, without formal notice.", money(cost.amount, l)),
                        }),
                    )));
                } else if cost.key == "agreed_lump_sum" {
                    dated.push((*d, 0, step(
                        &cost.citation,
                        Text::build(|l| match l {
                            Lang::Fr => format!("Indemnité convenue au contrat : {} (le juge peut réduire une clause pénale excessive).", money(cost.amount, l)),
                            Lang::Nl => format!("Contractueel overeengekomen schadevergoeding: {} (de rechter kan een overdreven schadebeding matigen).", money(cost.amount, l)),
                            Lang::En => format!("Lump sum agreed in the contract: {} (the court may reduce an excessive penalty clause).", money(cost.amount, l)),
                        }),
                    )));
                }
                costs_unpaid += cost.amount;
                costs.push(cost);
            }
            Event::Pay(p) => {
                interest_unpaid +=
                    accrue(*d, principal, &mut cursor, &mut segments, &mut warnings)?;
                let mut left = p.amount;
                let to_costs = left.min(costs_unpaid);
                left -= to_costs;
                costs_unpaid -= to_costs;
                let to_interest = left.min(interest_unpaid);
                left -= to_interest;
                interest_unpaid -= to_interest;
                let to_principal = left.min(principal);
                left -= to_principal;
                principal -= to_principal;
                let imp = Imputation {
                    date: p.date,
                    amount: p.amount,
                    to_costs,
                    to_interest,
                    to_principal,
                    excess: left,
                };
                dated.push((imp.date, 2, step(
                    CITE_IMPUTATION,
                    Text::build(|l| {
                        let (d, a, c, i, pr) = (
                            date(imp.date, l),
                            money(imp.amount, l),
                            money(imp.to_costs, l),
                            money(imp.to_interest, l),
                            money(imp.to_principal, l),
                        );
                        match l {
                            Lang::Fr => format!("Paiement de {a} le {d}, imputé sur les frais {c}, les intérêts {i}, le principal {pr}."),
                            Lang::Nl => format!("Betaling van {a} op {d}, toegerekend op de kosten {c}, de interesten {i}, de hoofdsom {pr}."),
                            Lang::En => format!("Payment of {a} on {d}, imputed on costs {c}, interest {i}, principal {pr}."),
                        }
                    }),
                )));
                if imp.excess > Decimal::ZERO {
                    warnings.push(format!(
                        "the payment of {} on {} exceeds what was owed by {}",
                        imp.amount, imp.date, imp.excess
                    ));
                }
                imputations.push(imp);
            }
        }
    }
    interest_unpaid += accrue(on, principal, &mut cursor, &mut segments, &mut warnings)?;

    for s in &segments {
        let basis_label = |l: Lang| -> String {
            match (s.basis, l) {
                (InterestBasis::Statutory, Lang::Fr) => format!("taux légal B2B {}", s.half_year),
                (InterestBasis::Statutory, Lang::Nl) => {
                    format!("wettelijke B2B-rentevoet {}", s.half_year)
                }
                (InterestBasis::Statutory, Lang::En) => {
                    format!("statutory B2B rate {}", s.half_year)
                }
                (InterestBasis::Agreed, Lang::Fr) => "taux convenu".into(),
                (InterestBasis::Agreed, Lang::Nl) => "overeengekomen rentevoet".into(),
                (InterestBasis::Agreed, Lang::En) => "agreed rate".into(),
                (InterestBasis::AgreedCapped, Lang::Fr) => {
                    format!("taux convenu plafonné {}", s.half_year)
                }
                (InterestBasis::AgreedCapped, Lang::Nl) => {
                    format!("overeengekomen rentevoet, begrensd {}", s.half_year)
                }
                (InterestBasis::AgreedCapped, Lang::En) => {
                    format!("agreed rate, capped {}", s.half_year)
                }
                (InterestBasis::Legal, Lang::Fr) => {
                    format!("taux d'intérêt légal {}", s.from.year())
                }
                (InterestBasis::Legal, Lang::Nl) => {
                    format!("wettelijke interestvoet {}", s.from.year())
                }
                (InterestBasis::Legal, Lang::En) => {
                    format!("legal interest rate {}", s.from.year())
                }
                (InterestBasis::AgreedLegal, Lang::Fr) => {
                    format!("taux d'intérêt légal {} (convenu)", s.from.year())
                }
                (InterestBasis::AgreedLegal, Lang::Nl) => {
                    format!("wettelijke interestvoet {} (overeengekomen)", s.from.year())
                }
                (InterestBasis::AgreedLegal, Lang::En) => {
                    format!("legal interest rate {} (agreed)", s.from.year())
                }
            }
        };
        let cite = match s.basis {
            InterestBasis::Statutory | InterestBasis::Agreed => CITE_B2B_INTEREST,
            InterestBasis::AgreedCapped => CITE_XIX_CAPS,
            InterestBasis::Legal => CITE_LEGAL_INTEREST,
            InterestBasis::AgreedLegal if claim.debtor == ClientKind::B2c => CITE_XIX_CAPS,
            InterestBasis::AgreedLegal => CITE_B2B_INTEREST,
        };
        dated.push((
            s.from,
            1,
            step(
                cite,
                Text::build(|l| {
                    let (f, t, b, p, a, bl) = (
                        date(s.from, l),
                        date(s.to, l),
                        money(s.base, l),
                        percent(s.percent, l),
                        money(s.amount, l),
                        basis_label(l),
                    );
                    let n = s.days;
                    match l {
                        Lang::Fr => {
                            format!("Du {f} au {t} ({n} j) : {b} × {p} ({bl}) × {n}/365 = {a}.")
                        }
                        Lang::Nl => {
                            format!("Van {f} tot {t} ({n} d): {b} × {p} ({bl}) × {n}/365 = {a}.")
                        }
                        Lang::En => {
                            format!("From {f} to {t} ({n} d): {b} × {p} ({bl}) × {n}/365 = {a}.")
                        }
                    }
                }),
            ),
        ));
    }

    dated.sort_by_key(|(d, order, _)| (*d, *order));
    explanation.extend(dated.into_iter().map(|(_, _, s)| s));

    let interest_total: Decimal = segments.iter().map(|s| s.amount).sum();
    let costs_total: Decimal = costs.iter().map(|c| c.amount).sum();
    let paid_total: Decimal = payments.iter().map(|p| p.amount).sum();
    let outstanding = Outstanding {
        principal,
        interest: interest_unpaid,
        costs: costs_unpaid,
        total: principal + interest_unpaid + costs_unpaid,
    };
    if outstanding.total <= Decimal::ZERO {
        let last = payments
            .last()
            .map(|p| p.date.to_string())
            .unwrap_or_default();
        return Err(UserError::new(format!(
            "invoice {} is fully paid on {on} (last payment {last}); nothing to claim",
            claim.invoice
        ))
        .hint("check the payments recorded in the invoice's .events.yaml file"));
    }
    explanation.push(step(
        "",
        Text::build(|l| {
            let (p, i, c, t) = (
                money(outstanding.principal, l),
                money(outstanding.interest, l),
                money(outstanding.costs, l),
                money(outstanding.total, l),
            );
            match l {
                Lang::Fr => format!("Reste dû : principal {p} + intérêts {i} + frais {c} = {t}."),
                Lang::Nl => {
                    format!("Nog verschuldigd: hoofdsom {p} + interesten {i} + kosten {c} = {t}.")
                }
                Lang::En => format!("Still owed: principal {p} + interest {i} + costs {c} = {t}."),
            }
        }),
    ));
    let imputation_order = imputation_rule(claim.debtor);
    explanation.push(imputation_order.clone());

    Ok(Assessment {
        invoice: claim.invoice.clone(),
        on,
        issue_date: claim.issue_date,
        due_date: claim.due_date,
        debtor: claim.debtor,
        amount: claim.amount,
        days_late,
        interest: segments,
        interest_total,
        costs,
        costs_total,
        payments: imputations,
        paid_total,
        outstanding,
        imputation_order,
        book_xix: xix,
        explanation,
        warnings,
    })
}

/// Largest amount (EUR) accepted anywhere in a claim: far above any invoice, far below
/// what `Decimal` can multiply by a rate and a day count without overflowing.
const MAX_AMOUNT: i64 = 1_000_000_000_000_000;
/// Largest agreed rate (percent a year) accepted.
const MAX_PERCENT: i64 = 1_000;

/// Refuses amounts and rates no real claim has, so no computation can overflow.
fn check_bounds(claim: &Claim) -> Result<(), UserError> {
    let max_amount = Decimal::from(MAX_AMOUNT);
    let max_percent = Decimal::from(MAX_PERCENT);
    let amount_ok = |d: Decimal| d >= Decimal::ZERO && d <= max_amount;
    if !amount_ok(claim.amount) {
        return Err(UserError::new(format!(
            "invoice {} has an amount out of range ({})",
            claim.invoice, claim.amount
        ))
        .field("lines"));
    }
    for (i, p) in claim.payments.iter().enumerate() {
        if !amount_ok(p.amount) {
            return Err(UserError::new(format!(
                "payment of {} on {} is out of range",
                p.amount, p.date
            ))
            .field(format!("payments[{i}].amount"))
            .hint("amounts are in EUR, e.g. \"250.00\""));
        }
    }
    if let Some(t) = &claim.terms {
        if let Some(p) = t.interest_percent
            && !(p >= Decimal::ZERO && p <= max_percent)
        {
            return Err(UserError::new(format!(
                "agreed interest rate {p}% is out of range (0 to {MAX_PERCENT})"
            ))
            .field("interest_percent")
            .hint("write the annual rate in percent, e.g. \"8\" for 8 % a year"));
        }
        if let Some(l) = &t.lump_sum {
            let parts = [Some(l.fixed), l.minimum, l.maximum];
            if parts.iter().flatten().any(|d| !amount_ok(*d))
                || !(l.percent >= Decimal::ZERO && l.percent <= max_percent)
            {
                return Err(UserError::new("agreed lump sum out of range")
                    .field("lump_sum")
                    .hint("fixed, minimum and maximum are EUR amounts; percent is 0 to 100"));
            }
        }
    }
    Ok(())
}

fn push_warning(warnings: &mut Vec<String>, w: Option<String>) {
    if let Some(w) = w
        && !warnings.contains(&w)
    {
        warnings.push(w);
    }
}
