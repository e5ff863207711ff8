//! Deposit and final invoice arithmetic (money.rs rules 5 and 6): the deposit is split per
//! VAT rate and rounded once per rate, the final invoice deducts exactly what the deposit
//! invoice charged, and the two always add up to the quote, per rate, to the cent.

use clausier::model::{Line, VatRate, VatTreatment};
use clausier::money::{
    Deduction, VatGroup, apply_deductions, compute_totals, deposit, deposit_split,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn line(quantity: Decimal, unit_price: Decimal, rate: u32) -> Line {
    serde_yaml::from_str(&format!(
        "{{description: x, quantity: {quantity}, unit_price: {unit_price}, vat_rate: {rate}}}"
    ))
    .unwrap()
}

fn rate(r: u32) -> VatRate {
    VatRate::new(Decimal::from(r)).unwrap()
}

#[test]
fn a_33_percent_deposit_is_rounded_once_per_rate() {
    let lines = [
        line(dec!(7), dec!(613.35), 21),
        line(dec!(2.5), dec!(85.10), 12),
        line(dec!(3), dec!(18.45), 6),
    ];
    let t = compute_totals(&lines, VatTreatment::Standard);
    assert_eq!(t.total_incl, dec!(5492.02));
    let split = deposit_split(&t.per_rate, dec!(33)).unwrap();
    assert_eq!(
        split,
        vec![
            VatGroup {
                rate: rate(21),
                base: dec!(1416.84),
                vat: dec!(297.54)
            },
            VatGroup {
                rate: rate(12),
                base: dec!(70.21),
                vat: dec!(8.43)
            },
            VatGroup {
                rate: rate(6),
                base: dec!(18.27),
                vat: dec!(1.10)
            },
        ]
    );
    let incl: Decimal = split.iter().map(|g| g.base + g.vat).sum();
    assert_eq!(incl, dec!(1812.39));
    // 33 % of the total incl. VAT, rounded once, is two cents less: no invoice at these
    // rates can charge exactly that, which is why the deposit is asked per rate.
    assert_eq!(deposit(t.total_incl, dec!(33)), dec!(1812.37));
}

#[test]
fn the_final_invoice_deducts_the_deposit_per_rate_without_recomputing_its_vat() {
    let lines = [
        line(dec!(7), dec!(613.35), 21),
        line(dec!(3), dec!(18.45), 6),
    ];
    let mut t = compute_totals(&lines, VatTreatment::Standard);
    let deductions = [
        Deduction {
            description: "deposit".into(),
            invoice_number: "2026-00001".into(),
            vat_rate: rate(21),
            base: dec!(1416.84),
            vat: dec!(297.54),
        },
        Deduction {
            description: "deposit".into(),
            invoice_number: "2026-00001".into(),
            vat_rate: rate(6),
            base: dec!(18.27),
            vat: dec!(1.10),
        },
    ];
    apply_deductions(&mut t, &deductions).unwrap();
    assert_eq!(
        t.per_rate,
        vec![
            // 21 % of 2876.61 would be 604.09; 901.62 − 297.54 = 604.08.
            VatGroup {
                rate: rate(21),
                base: dec!(2876.61),
                vat: dec!(604.08)
            },
            VatGroup {
                rate: rate(6),
                base: dec!(37.08),
                vat: dec!(2.22)
            },
        ]
    );
    assert_eq!(
        (t.total_excl, t.total_vat, t.total_incl),
        (dec!(2913.69), dec!(606.30), dec!(3519.99))
    );
    // A deduction at a rate the invoice does not have is refused.
    let stray = Deduction {
        vat_rate: rate(12),
        ..deductions[0].clone()
    };
    assert!(apply_deductions(&mut t, &[stray]).is_none());
}

#[test]
fn deposit_plus_final_is_the_quote_for_every_rate_and_percentage_of_a_sweep() {
    let percents = [
        dec!(1),
        dec!(12.5),
        dec!(30),
        dec!(33),
        dec!(33.333),
        dec!(50),
        dec!(99.99),
    ];
    let mut checked = 0;
    for cents in (1..4000).step_by(37) {
        let price = Decimal::new(cents * 13 + 7, 2);
        let lines = [
            line(dec!(3), price, 21),
            line(dec!(1.5), price + dec!(0.05), 12),
            line(dec!(7), price / dec!(3), 6),
        ];
        let quote = compute_totals(&lines, VatTreatment::Standard);
        for p in percents {
            let split = deposit_split(&quote.per_rate, p).unwrap();
            // The deposit invoice: one line per rate, totals by the usual rules.
            let deposit_lines: Vec<Line> = split
                .iter()
                .map(|g| line(Decimal::ONE, g.base, g.rate.percent().try_into().unwrap()))
                .collect();
            let dep = compute_totals(&deposit_lines, VatTreatment::Standard);
            // The deposit invoice charges exactly the deposit the quote prints.
            let asked: Decimal = split.iter().map(|g| g.base + g.vat).sum();
            assert_eq!(dep.total_incl, asked, "{price} {p}");
            let mut last = compute_totals(&lines, VatTreatment::Standard);
            let deductions: Vec<Deduction> = dep
                .per_rate
                .iter()
                .map(|g| Deduction {
                    description: String::new(),
                    invoice_number: "D".into(),
                    vat_rate: g.rate,
                    base: g.base,
                    vat: g.vat,
                })
                .collect();
            apply_deductions(&mut last, &deductions).unwrap();
            for q in &quote.per_rate {
                let d = dep.per_rate.iter().find(|g| g.rate == q.rate).unwrap();
                let f = last.per_rate.iter().find(|g| g.rate == q.rate).unwrap();
                assert_eq!(
                    (d.base + f.base, d.vat + f.vat),
                    (q.base, q.vat),
                    "{price} {p}"
                );
            }
            assert_eq!(dep.total_incl + last.total_incl, quote.total_incl);
            checked += 1;
        }
    }
    assert_eq!(checked, 109 * percents.len());
}
