//! The late-payment note printed on invoices.
//!
//! The invoice renderer calls [`invoice_note`] so the rate, the 40 EUR and the Book XIX
//! caps printed on an invoice come from the same table and rules as the reminders and
//! formal notices: an invoice and a later notice can never disagree.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::engine::ClientKind;
use super::events::LatePaymentTerms;
use super::invoice::TermsFor;
use super::rates::{HalfYear, RateTable};
use super::text::{Lang, Text, money, percent};
use crate::error::UserError;

/// The note and the numbers it states, so a test or a template can check them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceNote {
    /// The sentence to print, in the three languages.
    pub text: Text,
    /// Interest rate stated (percent a year), if any.
    pub rate_percent: Option<Decimal>,
    /// Half-year of the statutory rate stated, if any.
    pub half_year: Option<String>,
    /// Flat compensation or capped lump sum stated for this invoice, if any.
    pub compensation: Option<Decimal>,
    /// Warning to show the user (provisional rate), never printed on the invoice.
    pub warning: Option<String>,
}

fn half_name(h: HalfYear, lang: Lang) -> String {
    match (lang, h.half) {
        (Lang::Fr, 1) => format!("1er semestre {}", h.year),
        (Lang::Fr, _) => format!("2e semestre {}", h.year),
        (Lang::Nl, 1) => format!("1e semester {}", h.year),
        (Lang::Nl, _) => format!("2e semester {}", h.year),
        (Lang::En, 1) => format!("first half of {}", h.year),
        (Lang::En, _) => format!("second half of {}", h.year),
    }
}

/// The Book XIX lump-sum caps written out from the rate table, e.g. "€20 up to €150;
/// €30 + 10% of the part above €150 up to €500; €65 + 5% of the part above €500; at most €2,000".
pub fn caps_text(rates: &RateTable, l: Lang) -> String {
    let xix = rates.book_xix();
    let mut parts: Vec<String> = Vec::new();
    for b in &xix.brackets {
        let base = if b.percent.is_zero() {
            money(b.fixed, l)
        } else {
            let (f, p, o) = (money(b.fixed, l), percent(b.percent, l), money(b.over, l));
            match l {
                Lang::Fr => format!("{f} + {p} de la part au-delà de {o}"),
                Lang::Nl => format!("{f} + {p} van het deel boven {o}"),
                Lang::En => format!("{f} + {p} of the part above {o}"),
            }
        };
        parts.push(match (b.up_to, l) {
            (Some(u), Lang::Fr) => format!("{base} jusqu'à {}", money(u, l)),
            (Some(u), Lang::Nl) => format!("{base} tot {}", money(u, l)),
            (Some(u), Lang::En) => format!("{base} up to {}", money(u, l)),
            (None, _) => base,
        });
    }
    let max = money(xix.maximum, l);
    parts.push(match l {
        Lang::Fr => format!("maximum {max}"),
        Lang::Nl => format!("maximum {max}"),
        Lang::En => format!("at most {max}"),
    });
    parts.join(" ; ").replace(" ; ", l.pick(" ; ", "; ", "; "))
}

/// The late-payment note for an invoice of `total` issued on `issue_date` to a client of
/// `kind`, under the creditor's late-payment `terms` (if any).
///
/// B2B: the statutory rate of the issue date's half-year (or the agreed rate) and the
/// 40 EUR. B2C: the Book XIX wording (free first reminder, 14-day wait) and only what
/// the clause provides, with the lump sum capped for this invoice's total.
pub fn invoice_note<T: TermsFor>(
    kind: ClientKind,
    issue_date: NaiveDate,
    total: Decimal,
    terms: Option<&T>,
    rates: &RateTable,
) -> Result<InvoiceNote, UserError> {
    let terms: LatePaymentTerms = terms.map(|t| t.terms_for(kind)).unwrap_or_default();
    match kind {
        ClientKind::B2b => {
            let flat = rates.flat_compensation().amount;
            match terms.interest_percent {
                None if terms.interest_at_legal_rate => {
                    let legal = rates.legal_rate_for_year(issue_date.year())?;
                    let year = issue_date.year();
                    Ok(InvoiceNote {
                        text: Text::build(|l| {
                            let (pc, f) = (percent(legal.percent, l), money(flat, l));
                            match l {
                                Lang::Fr => format!(
                                    "En cas de retard de paiement, un intérêt conventionnel au taux d'intérêt légal ({pc} en {year}) est dû de plein droit et sans mise en demeure dès le lendemain de l'échéance, ainsi qu'une indemnité forfaitaire de {f} pour frais de recouvrement (loi du 2 août 2002, art. 5 et 6)."
                                ),
                                Lang::Nl => format!(
                                    "Bij laattijdige betaling is van rechtswege en zonder ingebrekestelling vanaf de dag na de vervaldag een overeengekomen interest tegen de wettelijke interestvoet ({pc} in {year}) verschuldigd, en een forfaitaire vergoeding van {f} voor invorderingskosten (wet van 2 augustus 2002, art. 5 en 6)."
                                ),
                                Lang::En => format!(
                                    "If payment is late, agreed interest at the legal interest rate ({pc} in {year}) is owed by law, without formal notice, from the day after the due date, plus a flat compensation of {f} for recovery costs (Law of 2 August 2002, art. 5 and 6)."
                                ),
                            }
                        }),
                        rate_percent: Some(legal.percent),
                        half_year: None,
                        compensation: Some(flat),
                        warning: legal.warning,
                    })
                }
                Some(p) => Ok(InvoiceNote {
                    text: Text::build(|l| {
                        let (pc, f) = (percent(p, l), money(flat, l));
                        match l {
                            Lang::Fr => format!(
                                "En cas de retard de paiement, un intérêt conventionnel de {pc} l'an est dû de plein droit et sans mise en demeure dès le lendemain de l'échéance, ainsi qu'une indemnité forfaitaire de {f} pour frais de recouvrement (loi du 2 août 2002, art. 5 et 6)."
                            ),
                            Lang::Nl => format!(
                                "Bij laattijdige betaling is van rechtswege en zonder ingebrekestelling vanaf de dag na de vervaldag een overeengekomen interest van {pc} per jaar verschuldigd, en een forfaitaire vergoeding van {f} voor invorderingskosten (wet van 2 augustus 2002, art. 5 en 6)."
                            ),
                            Lang::En => format!(
                                "If payment is late, agreed interest of {pc} a year is owed by law, without formal notice, from the day after the due date, plus a flat compensation of {f} for recovery costs (Law of 2 August 2002, art. 5 and 6)."
                            ),
                        }
                    }),
                    rate_percent: Some(p),
                    half_year: None,
                    compensation: Some(flat),
                    warning: None,
                }),
                None => {
                    let half = HalfYear::of(issue_date);
                    let rate = rates.b2b_rate_for(half)?;
                    Ok(InvoiceNote {
                        text: Text::build(|l| {
                            let (pc, f, h) =
                                (percent(rate.percent, l), money(flat, l), half_name(half, l));
                            match l {
                                Lang::Fr => format!(
                                    "En cas de retard de paiement, un intérêt au taux légal de chaque semestre ({pc} l'an pour le {h}) est dû de plein droit et sans mise en demeure dès le lendemain de l'échéance, ainsi qu'une indemnité forfaitaire de {f} pour frais de recouvrement (loi du 2 août 2002, art. 5 et 6)."
                                ),
                                Lang::Nl => format!(
                                    "Bij laattijdige betaling is van rechtswege en zonder ingebrekestelling vanaf de dag na de vervaldag interest verschuldigd tegen de wettelijke rentevoet van elk semester ({pc} per jaar voor het {h}), en een forfaitaire vergoeding van {f} voor invorderingskosten (wet van 2 augustus 2002, art. 5 en 6)."
                                ),
                                Lang::En => format!(
                                    "If payment is late, interest at each half-year's statutory rate ({pc} a year for the {h}) is owed by law, without formal notice, from the day after the due date, plus a flat compensation of {f} for recovery costs (Law of 2 August 2002, art. 5 and 6)."
                                ),
                            }
                        }),
                        rate_percent: Some(rate.percent),
                        half_year: Some(half.to_string()),
                        compensation: Some(flat),
                        warning: rate.warning,
                    })
                }
            }
        }
        ClientKind::B2c => {
            let xix = rates.book_xix();
            let wd = xix.waiting_days;
            let nth = xix.paper_start_working_day;
            let intro = |l: Lang| match l {
                Lang::Fr => format!(
                    "En cas de non-paiement à l'échéance, vous recevrez un premier rappel gratuit. Aucun frais, intérêt ni indemnité ne peut être réclamé avant l'expiration d'un délai de {wd} jours calendrier prenant cours le {nth}e jour ouvrable après l'envoi du rappel par courrier, ou le lendemain de son envoi électronique (CDE, art. XIX.2)."
                ),
                Lang::Nl => format!(
                    "Bij niet-betaling op de vervaldag ontvangt u een eerste kosteloze herinnering. Geen kosten, interesten of schadevergoeding mogen worden gevraagd vóór het verstrijken van een termijn van {wd} kalenderdagen die begint op de {nth}e werkdag na verzending van de herinnering per post, of de dag na de elektronische verzending (WER, art. XIX.2)."
                ),
                Lang::En => format!(
                    "If this invoice is not paid when due, you will receive a free first reminder. No costs, interest or damages may be charged before a period of {wd} calendar days has run out, starting on the {nth}rd working day after the reminder is posted, or the day after it is e-mailed (CEL art. XIX.2)."
                ),
            };
            if !terms.provides_anything() {
                return Ok(InvoiceNote {
                    text: Text::build(|l| {
                        let tail = match l {
                            Lang::Fr => {
                                "Nos conditions ne prévoient ni intérêt ni indemnité de retard ; seul l'intérêt au taux légal peut courir à partir d'une mise en demeure."
                            }
                            Lang::Nl => {
                                "Onze voorwaarden voorzien geen verwijlinterest of schadevergoeding; enkel de wettelijke interest kan lopen vanaf een ingebrekestelling."
                            }
                            Lang::En => {
                                "Our terms provide no late-payment interest or lump sum; only legal interest may run from a formal notice."
                            }
                        };
                        format!("{} {tail}", intro(l))
                    }),
                    rate_percent: None,
                    half_year: None,
                    compensation: None,
                    warning: None,
                });
            }
            let half = HalfYear::of(issue_date);
            let cap_rate = rates.b2b_rate_for(half)?;
            let legal = if terms.interest_percent.is_none() && terms.interest_at_legal_rate {
                Some(rates.legal_rate_for_year(issue_date.year())?)
            } else {
                None
            };
            let rate = terms
                .interest_percent
                .or(legal.as_ref().map(|r| r.percent))
                .map(|p| p.min(cap_rate.percent));
            let lump = terms.lump_sum.as_ref().map(|ls| {
                let clause = ls.amount_in(total, rates);
                clause.min(rates.book_xix_cap(total))
            });
            let year = issue_date.year();
            Ok(InvoiceNote {
                text: Text::build(|l| {
                    let mut parts: Vec<String> = Vec::new();
                    if let (Some(r), true) = (rate, legal.is_some()) {
                        parts.push(match l {
                            Lang::Fr => format!(
                                "un intérêt au taux d'intérêt légal ({} en {year})",
                                percent(r, l)
                            ),
                            Lang::Nl => format!(
                                "een interest tegen de wettelijke interestvoet ({} in {year})",
                                percent(r, l)
                            ),
                            Lang::En => format!(
                                "interest at the legal interest rate ({} in {year})",
                                percent(r, l)
                            ),
                        });
                    } else if let Some(r) = rate {
                        parts.push(match l {
                            Lang::Fr => format!("un intérêt de {} l'an (plafonné au taux de la loi du 2 août 2002)", percent(r, l)),
                            Lang::Nl => format!("een interest van {} per jaar (begrensd tot de rentevoet van de wet van 2 augustus 2002)", percent(r, l)),
                            Lang::En => format!("interest of {} a year (capped at the rate of the Law of 2 August 2002)", percent(r, l)),
                        });
                    }
                    if let Some(a) = lump {
                        let caps = caps_text(rates, l);
                        parts.push(match l {
                            Lang::Fr => format!("une indemnité forfaitaire de {} pour cette facture (plafonds de l'art. XIX.4 CDE : {caps})", money(a, l)),
                            Lang::Nl => format!("een forfaitaire schadevergoeding van {} voor deze factuur (plafonds van art. XIX.4 WER: {caps})", money(a, l)),
                            Lang::En => format!("a lump sum of {} for this invoice (caps of CEL art. XIX.4: {caps})", money(a, l)),
                        });
                    }
                    let joined = parts.join(match l {
                        Lang::Fr => " et ",
                        Lang::Nl => " en ",
                        Lang::En => " and ",
                    });
                    let tail = match l {
                        Lang::Fr => format!("Après ce délai, seront dus {joined}."),
                        Lang::Nl => format!("Na die termijn zijn verschuldigd: {joined}."),
                        Lang::En => format!("After that period, {joined} will be owed."),
                    };
                    format!("{} {tail}", intro(l))
                }),
                rate_percent: rate,
                half_year: rate.map(|_| half.to_string()),
                compensation: lump,
                warning: cap_rate.warning,
            })
        }
    }
}

/// The note for a resolved invoice of a workspace, with the same clause the notices use
/// (`late-payment.yaml`, or the invoice's sidecar when `invoice_path` is given).
///
/// This is what the invoice renderer calls.
pub fn invoice_note_for(
    ws: &crate::workspace::Workspace,
    inv: &crate::model::ResolvedInvoice,
    invoice_path: Option<&std::path::Path>,
) -> Result<InvoiceNote, UserError> {
    let events = match invoice_path {
        Some(p) => super::events::InvoiceEvents::load(&super::events::sidecar_path(&ws.root, p))?,
        None => super::events::InvoiceEvents::default(),
    };
    let terms = super::invoice::terms_for_invoice(ws, inv.client.kind, &events)?;
    invoice_note(
        inv.client.kind,
        inv.issue_date,
        inv.totals.total_incl,
        Some(&terms),
        RateTable::embedded(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::latefee::events::LumpSum;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn b2b_note_states_the_issue_half_year_rate_and_40_eur() {
        let n = invoice_note(
            ClientKind::B2b,
            d("2025-09-15"),
            dec!(1210),
            None::<&LatePaymentTerms>,
            RateTable::embedded(),
        )
        .unwrap();
        assert_eq!(n.rate_percent, Some(dec!(10.5)));
        assert_eq!(n.compensation, Some(dec!(40.00)));
        assert!(
            n.text.fr.contains("10,5 % l'an pour le 2e semestre 2025"),
            "{}",
            n.text.fr
        );
        assert!(n.text.nl.contains("€ 40,00"));
        assert_eq!(n.warning, None);
    }

    #[test]
    fn b2c_note_caps_the_lump_sum_for_this_invoice() {
        let terms = LatePaymentTerms {
            interest_percent: Some(dec!(12)),
            lump_sum: Some(LumpSum {
                percent: dec!(15),
                ..Default::default()
            }),
            ..Default::default()
        };
        // 1,000.00: clause 150.00, cap 65 + 5 % × 500 = 90.00; rate min(12, 10.5) = 10.5
        let n = invoice_note(
            ClientKind::B2c,
            d("2026-03-02"),
            dec!(1000),
            Some(&terms),
            RateTable::embedded(),
        )
        .unwrap();
        assert_eq!(n.compensation, Some(dec!(90.00)));
        assert_eq!(n.rate_percent, Some(dec!(10.5)));
        assert!(
            n.text.en.contains("a lump sum of €90.00 for this invoice"),
            "{}",
            n.text.en
        );
        assert!(n.text.en.contains("free first reminder"));
    }
}
