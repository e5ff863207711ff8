//! Money arithmetic with `rust_decimal`: the one place that decides how amounts are rounded.
//!
//! # The rounding rule (applies to every document)
//!
//! 1. **Line base** = quantity × unit price × (1 − discount % / 100), computed exactly, then
//!    rounded once to the cent, half away from zero (0.005 → 0.01, −0.005 → −0.01).
//! 2. **Per VAT rate**: base = sum of the rounded line bases carrying that rate;
//!    VAT = base × rate / 100, rounded once to the cent, half away from zero.
//!    VAT is never computed per line, so the per-rate VAT printed on the invoice is
//!    exactly rate × printed base (AR 1 art. 5 §1 asks for the VAT per rate).
//! 3. **Totals**: excl. VAT = Σ bases; VAT = Σ per-rate VAT; incl. VAT = excl. + VAT.
//!    No further rounding happens because every term is already in cents.
//! 4. Under a zero-VAT treatment (reverse charge, intra-EU, export, franchise) every line
//!    is at 0 % and the VAT is 0.00; the mention comes from `data/vat.yaml`.
//! 5. A quote's deposit is asked per VAT rate, because the deposit invoice must carry VAT
//!    at the rates of the goods and services (VAT Code art. 17 §1, 22 §1): for each rate,
//!    deposit base = that rate's base × deposit % / 100, rounded once to the cent, and its
//!    VAT = rule 2 on that base. The deposit incl. VAT printed on the quote is the sum, so
//!    it is exactly what the deposit invoice charges ([`deposit_split`]). It can differ by
//!    a cent from total incl. VAT × deposit % ([`deposit`], kept for that comparison).
//! 6. The final invoice of a quote repeats the quote's lines (so the same bases and VAT per
//!    rate as the quote) and deducts, per rate, exactly the base and VAT of the deposit
//!    invoice ([`Deduction`]). Deposit + final = quote, per rate and in total, to the cent.
//!
//! Inputs are bounded when documents are loaded (`model::resolve`), so no product here
//! can overflow `Decimal`'s 28 digits.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::model::{Line, VatRate, VatTreatment};

/// Rounds to the cent, half away from zero: the only rounding used for amounts.
/// The result always has exactly two decimals (12 → 12.00), so it prints like money.
pub fn round_cents(amount: Decimal) -> Decimal {
    let mut d = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    d.rescale(2);
    d
}

/// The rate a line is taxed at under `treatment` (0 % for every zero-VAT treatment).
pub fn effective_rate(line: &Line, treatment: VatTreatment) -> VatRate {
    if treatment.is_zero_rated() {
        VatRate::ZERO
    } else {
        line.vat_rate
    }
}

/// Line base excl. VAT: quantity × unit price × (1 − discount), rounded once (rule 1).
///
/// # Panics
/// Only when the product exceeds `Decimal`'s range (about 7.9 × 10^28); see [`checked_line_base`].
pub fn line_base(line: &Line) -> Decimal {
    checked_line_base(line).expect("line amount within Decimal range")
}

/// [`line_base`] that returns `None` instead of overflowing.
pub fn checked_line_base(line: &Line) -> Option<Decimal> {
    let gross = line.quantity.checked_mul(line.unit_price)?;
    let net = match line.discount_percent {
        Some(d) if !d.is_zero() => gross
            .checked_mul(Decimal::ONE_HUNDRED.checked_sub(d)?)?
            .checked_div(Decimal::ONE_HUNDRED)?,
        _ => gross,
    };
    Some(round_cents(net))
}

/// Base and VAT of the lines that share one rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VatGroup {
    /// The rate of this group.
    pub rate: VatRate,
    /// Sum of the rounded line bases at this rate.
    pub base: Decimal,
    /// VAT on that base, rounded once.
    pub vat: Decimal,
}

/// Every amount a document prints, computed by [`compute_totals`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Rounded base of each line, in the order of the lines.
    pub lines: Vec<Decimal>,
    /// One group per rate present, highest rate first.
    pub per_rate: Vec<VatGroup>,
    /// Total excluding VAT.
    pub total_excl: Decimal,
    /// Total VAT.
    pub total_vat: Decimal,
    /// Total including VAT: the amount to pay.
    pub total_incl: Decimal,
}

/// Applies the rounding rule of this module to a document's lines.
///
/// # Panics
/// Only when an amount exceeds `Decimal`'s range; documents go through `model::resolve`,
/// which bounds quantities and prices and uses [`checked_totals`], so user input cannot.
pub fn compute_totals(lines: &[Line], treatment: VatTreatment) -> Totals {
    checked_totals(lines, treatment).expect("amounts within Decimal range")
}

/// [`compute_totals`] that returns `None` instead of overflowing.
pub fn checked_totals(lines: &[Line], treatment: VatTreatment) -> Option<Totals> {
    let bases: Vec<Decimal> = lines.iter().map(checked_line_base).collect::<Option<_>>()?;
    let mut groups: Vec<VatGroup> = Vec::new();
    for (line, base) in lines.iter().zip(&bases) {
        let rate = effective_rate(line, treatment);
        match groups.iter_mut().find(|g| g.rate == rate) {
            Some(g) => g.base = g.base.checked_add(*base)?,
            None => groups.push(VatGroup {
                rate,
                base: *base,
                vat: Decimal::ZERO,
            }),
        }
    }
    for g in &mut groups {
        g.vat = round_cents(g.base.checked_mul(g.rate.fraction())?);
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.rate));
    let total_excl = bases
        .iter()
        .try_fold(Decimal::ZERO, |acc, b| acc.checked_add(*b))?;
    let total_vat = groups
        .iter()
        .try_fold(Decimal::ZERO, |acc, g| acc.checked_add(g.vat))?;
    let total_incl = total_excl.checked_add(total_vat)?;
    Some(Totals {
        lines: bases,
        per_rate: groups,
        total_excl: round_cents(total_excl),
        total_vat: round_cents(total_vat),
        total_incl: round_cents(total_incl),
    })
}

/// Deposit asked on a quote: total incl. VAT × percent / 100, rounded once (rule 5).
///
/// # Panics
/// Only beyond `Decimal`'s range; see [`checked_deposit`].
pub fn deposit(total_incl: Decimal, percent: Decimal) -> Decimal {
    checked_deposit(total_incl, percent).expect("deposit within Decimal range")
}

/// [`deposit`] that returns `None` instead of overflowing.
pub fn checked_deposit(total_incl: Decimal, percent: Decimal) -> Option<Decimal> {
    Some(round_cents(
        total_incl
            .checked_mul(percent)?
            .checked_div(Decimal::ONE_HUNDRED)?,
    ))
}

/// The deposit of a quote, one group per VAT rate of the quote (rule 5): the bases and VAT
/// the deposit invoice will carry. Sum `base + vat` over the groups for the amount incl. VAT.
pub fn deposit_split(per_rate: &[VatGroup], percent: Decimal) -> Option<Vec<VatGroup>> {
    per_rate
        .iter()
        .map(|g| {
            let base = round_cents(
                g.base
                    .checked_mul(percent)?
                    .checked_div(Decimal::ONE_HUNDRED)?,
            );
            let vat = round_cents(base.checked_mul(g.rate.fraction())?);
            Some(VatGroup {
                rate: g.rate,
                base,
                vat,
            })
        })
        .collect()
}

/// Amount already invoiced that a final invoice deducts at one VAT rate (rule 6): the
/// base and VAT are copied from the earlier invoice, never recomputed, so the two
/// invoices add up to the quote to the cent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Deduction {
    /// What is deducted, in the document language ("Deposit invoiced on invoice 2026-00004").
    pub description: String,
    /// Number of the invoice that charged it.
    pub invoice_number: String,
    /// The rate of the deducted amount.
    pub vat_rate: VatRate,
    /// Base excl. VAT deducted (positive).
    pub base: Decimal,
    /// VAT deducted (positive), as charged on that invoice.
    pub vat: Decimal,
}

/// Subtracts deductions from a document's totals, per rate (rule 6); `None` when a
/// deduction's rate is not on the document or an amount would overflow.
pub fn apply_deductions(totals: &mut Totals, deductions: &[Deduction]) -> Option<()> {
    for d in deductions {
        let g = totals.per_rate.iter_mut().find(|g| g.rate == d.vat_rate)?;
        g.base = g.base.checked_sub(d.base)?;
        g.vat = g.vat.checked_sub(d.vat)?;
        totals.total_excl = totals.total_excl.checked_sub(d.base)?;
        totals.total_vat = totals.total_vat.checked_sub(d.vat)?;
    }
    totals.total_incl = totals.total_excl.checked_add(totals.total_vat)?;
    Some(())
}

/// Formats an amount for a document in the conventions of `lang`:
/// `1 234,56` in French, `1.234,56` in Dutch, `1,234.56` in English.
pub fn format_amount(amount: Decimal, lang: crate::model::Lang) -> String {
    let a = round_cents(amount);
    let neg = a.is_sign_negative() && !a.is_zero();
    let s = a.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (group, dec) = match lang {
        crate::model::Lang::Fr => ('\u{202f}', ','),
        crate::model::Lang::Nl => ('.', ','),
        crate::model::Lang::En => (',', '.'),
    };
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    format!("{}{out}{dec}{frac}", if neg { "-" } else { "" })
}
