//! Exact amounts for the cases accountants check first (money.rs rounding rule).

use clausier::model::{Line, VatRate, VatTreatment};
use clausier::money::{Totals, compute_totals, deposit, format_amount, round_cents};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn line(quantity: Decimal, unit_price: Decimal, rate: i64, discount: Option<Decimal>) -> Line {
    Line {
        description: "x".into(),
        quantity,
        unit: None,
        unit_price,
        vat_rate: VatRate::new(Decimal::from(rate)).unwrap(),
        discount_percent: discount,
    }
}

fn groups(t: &Totals) -> Vec<(String, String, String)> {
    t.per_rate
        .iter()
        .map(|g| (g.rate.to_string(), g.base.to_string(), g.vat.to_string()))
        .collect()
}

#[test]
fn mixed_rates_with_a_discount_give_vat_per_rate_on_rounded_bases() {
    let lines = [
        line(dec!(3), dec!(650.00), 21, None),
        line(dec!(12.5), dec!(85.00), 21, Some(dec!(10))),
        line(dec!(3), dec!(18.50), 6, None),
        line(dec!(1), dec!(49.99), 21, None),
    ];
    let t = compute_totals(&lines, VatTreatment::Standard);
    let bases: Vec<String> = t.lines.iter().map(|d| d.to_string()).collect();
    assert_eq!(bases, ["1950.00", "956.25", "55.50", "49.99"]);
    assert_eq!(
        groups(&t),
        [
            ("21".into(), "2956.24".into(), "620.81".into()),
            ("6".into(), "55.50".into(), "3.33".into())
        ]
    );
    assert_eq!(t.total_excl.to_string(), "3011.74");
    assert_eq!(t.total_vat.to_string(), "624.14");
    assert_eq!(t.total_incl.to_string(), "3635.88");
}

#[test]
fn three_times_0_333_is_rounded_once_per_line() {
    let t = compute_totals(
        &[line(dec!(3), dec!(0.333), 21, None)],
        VatTreatment::Standard,
    );
    assert_eq!(t.lines[0].to_string(), "1.00");
    assert_eq!(t.total_vat.to_string(), "0.21");
    assert_eq!(t.total_incl.to_string(), "1.21");

    // Three separate lines of 0.333 are each rounded to 0.33 first.
    let one = line(dec!(1), dec!(0.333), 21, None);
    let t = compute_totals(&[one.clone(), one.clone(), one], VatTreatment::Standard);
    assert_eq!(t.total_excl.to_string(), "0.99");
    assert_eq!(t.total_vat.to_string(), "0.21");
    assert_eq!(t.total_incl.to_string(), "1.20");
}

#[test]
fn vat_is_computed_on_the_rate_total_not_summed_per_line() {
    let l = line(dec!(1), dec!(0.07), 21, None);
    let t = compute_totals(&[l.clone(), l.clone(), l], VatTreatment::Standard);
    // Per line: 0.0147 → 0.01, three times 0.03. Per rate: 0.21 × 21 % = 0.0441 → 0.04.
    assert_eq!(t.total_vat.to_string(), "0.04");
    assert_eq!(t.total_incl.to_string(), "0.25");
}

#[test]
fn halves_round_away_from_zero_not_to_even() {
    assert_eq!(round_cents(dec!(0.125)).to_string(), "0.13");
    assert_eq!(round_cents(dec!(0.135)).to_string(), "0.14");
    assert_eq!(round_cents(dec!(-0.125)).to_string(), "-0.13");
    assert_eq!(round_cents(dec!(12)).to_string(), "12.00");
    // VAT of 0.50 at 21 % is 0.105: 0.11, where banker's rounding would give 0.10.
    let t = compute_totals(
        &[line(dec!(1), dec!(0.50), 21, None)],
        VatTreatment::Standard,
    );
    assert_eq!(t.total_vat.to_string(), "0.11");
}

#[test]
fn reverse_charge_puts_every_line_at_zero_percent() {
    let lines = [
        line(dec!(8), dec!(720.00), 0, None),
        line(dec!(1), dec!(1450.00), 0, Some(dec!(5))),
    ];
    let t = compute_totals(&lines, VatTreatment::ReverseCharge);
    assert_eq!(groups(&t), [("0".into(), "7137.50".into(), "0.00".into())]);
    assert_eq!(t.total_incl.to_string(), "7137.50");
}

#[test]
fn franchise_charges_no_vat_even_if_a_line_names_a_rate() {
    let t = compute_totals(
        &[line(dec!(2), dec!(100), 21, None)],
        VatTreatment::Franchise,
    );
    assert_eq!(groups(&t), [("0".into(), "200.00".into(), "0.00".into())]);
    assert_eq!(t.total_incl.to_string(), "200.00");
}

#[test]
fn negative_lines_deduct_and_round_away_from_zero() {
    let lines = [
        line(dec!(10), dec!(100), 21, None),
        line(dec!(-1), dec!(150), 21, None),
        line(dec!(-3), dec!(0.335), 21, None),
    ];
    let t = compute_totals(&lines, VatTreatment::Standard);
    assert_eq!(t.lines[2].to_string(), "-1.01");
    assert_eq!(t.total_excl.to_string(), "848.99");
    // 848.99 × 21 % = 178.2879
    assert_eq!(t.total_vat.to_string(), "178.29");
    assert_eq!(t.total_incl.to_string(), "1027.28");
}

#[test]
fn a_full_discount_gives_a_zero_line() {
    let t = compute_totals(
        &[line(dec!(2), dec!(99.99), 21, Some(dec!(100)))],
        VatTreatment::Standard,
    );
    assert_eq!(t.total_incl.to_string(), "0.00");
}

#[test]
fn quote_deposit_is_a_percentage_of_the_total_incl_vat_rounded_once() {
    assert_eq!(deposit(dec!(7846.85), dec!(30)).to_string(), "2354.06");
    assert_eq!(deposit(dec!(100.00), dec!(33.333)).to_string(), "33.33");
}

#[test]
fn amounts_print_in_each_language_convention() {
    use clausier::model::Lang;
    assert_eq!(format_amount(dec!(1234567.5), Lang::En), "1,234,567.50");
    assert_eq!(format_amount(dec!(1234567.5), Lang::Nl), "1.234.567,50");
    assert_eq!(format_amount(dec!(1234.5), Lang::Fr), "1\u{202f}234,50");
    assert_eq!(format_amount(dec!(-0.5), Lang::En), "-0.50");
    assert_eq!(format_amount(dec!(999), Lang::En), "999.00");
}
