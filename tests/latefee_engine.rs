//! Hand-computed late-fee cases. Each test shows the calculation it expects.
//!
//! Convention: interest runs on each day after the starting day up to and including
//! the calculation date, on actual days / 365, one segment per half-year (and per
//! payment), each segment rounded to the cent (half away from zero).

use chrono::NaiveDate;
use clausier::latefee::engine::{Claim, ClientKind, Context, InterestBasis, assess};
use clausier::latefee::events::{
    Channel, LatePaymentTerms, LumpSum, NoticeEvent, NoticeKind, Payment,
};
use clausier::latefee::text::Lang;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn b2b(amount: Decimal, issue: &str, due: &str) -> Claim {
    Claim {
        invoice: "2026-00001".into(),
        issue_date: d(issue),
        due_date: d(due),
        amount,
        debtor: ClientKind::B2b,
        terms: None,
        payments: vec![],
        notices: vec![],
    }
}

fn b2c(amount: Decimal, due: &str, terms: Option<LatePaymentTerms>) -> Claim {
    let due = d(due);
    Claim {
        invoice: "2026-00002".into(),
        issue_date: due - chrono::Days::new(14),
        due_date: due,
        amount,
        debtor: ClientKind::B2c,
        terms,
        payments: vec![],
        notices: vec![],
    }
}

fn reminder(date: &str, channel: Channel) -> NoticeEvent {
    NoticeEvent {
        kind: NoticeKind::Reminder,
        date: d(date),
        channel,
        file: None,
    }
}

fn lump(fixed: Decimal, pct: Decimal, min: Option<Decimal>) -> Option<LatePaymentTerms> {
    Some(LatePaymentTerms {
        lump_sum: Some(LumpSum {
            fixed,
            percent: pct,
            minimum: min,
            maximum: None,
            book_xix_scale: false,
        }),
        ..Default::default()
    })
}

#[test]
fn b2b_interest_is_split_at_the_half_year_boundary() {
    // 1,000.00 due 31 May 2025, on 29 Aug 2025 (90 days late):
    //   1 Jun–30 Jun 2025: 30 d × 11.5 % (2025-H1): 1000 × 0.115 × 30/365 =  9.452 →  9.45
    //   1 Jul–29 Aug 2025: 60 d × 10.5 % (2025-H2): 1000 × 0.105 × 60/365 = 17.260 → 17.26
    //   interest 26.71 + flat 40.00 + principal 1,000.00 = 1,066.71
    let a = assess(
        &b2b(dec!(1000.00), "2025-05-01", "2025-05-31"),
        d("2025-08-29"),
        Context::default(),
    )
    .unwrap();
    assert_eq!(a.days_late, 90);
    let amounts: Vec<_> = a
        .interest
        .iter()
        .map(|s| (s.days, s.percent, s.amount))
        .collect();
    assert_eq!(
        amounts,
        vec![(30, dec!(11.5), dec!(9.45)), (60, dec!(10.5), dec!(17.26))]
    );
    assert_eq!(a.interest_total, dec!(26.71));
    assert_eq!(a.costs_total, dec!(40.00));
    assert_eq!(a.outstanding.total, dec!(1066.71));
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn b2b_interest_follows_the_2023_rate_change() {
    // 2,500.00 due 31 Dec 2022, on 31 Dec 2023 (365 days):
    //   2023-H1: 181 d × 10.5 %: 2500 × 0.105 × 181/365 = 130.171 → 130.17
    //   2023-H2: 184 d × 12.0 %: 2500 × 0.12  × 184/365 = 151.233 → 151.23
    //   interest 281.40; total 2,500 + 281.40 + 40 = 2,821.40
    let a = assess(
        &b2b(dec!(2500.00), "2022-12-01", "2022-12-31"),
        d("2023-12-31"),
        Context::default(),
    )
    .unwrap();
    assert_eq!(a.days_late, 365);
    assert_eq!(a.interest[0].amount, dec!(130.17));
    assert_eq!(a.interest[1].amount, dec!(151.23));
    assert_eq!(a.interest_total, dec!(281.40));
    assert_eq!(a.outstanding.total, dec!(2821.40));
}

#[test]
fn b2b_leap_year_counts_29_february_on_a_365_day_year() {
    // 1,000.00 due 15 Feb 2024, on 15 Mar 2024: 16–29 Feb (14 d) + 1–15 Mar (15 d) = 29 d
    //   1000 × 0.125 × 29/365 = 9.932 → 9.93 (28 days in a common year would give 9.59)
    let a = assess(
        &b2b(dec!(1000.00), "2024-01-16", "2024-02-15"),
        d("2024-03-15"),
        Context::default(),
    )
    .unwrap();
    assert_eq!(a.days_late, 29);
    assert_eq!(a.interest_total, dec!(9.93));
}

#[test]
fn b2b_agreed_rate_replaces_the_statutory_rate() {
    // 2,000.00 at an agreed 12 %, due 31 Jan 2026, on 2 Mar 2026: 1 Feb–2 Mar = 30 d
    //   2000 × 0.12 × 30/365 = 19.726 → 19.73; + 40.00 flat
    let mut c = b2b(dec!(2000.00), "2026-01-01", "2026-01-31");
    c.terms = Some(LatePaymentTerms {
        interest_percent: Some(dec!(12)),
        ..Default::default()
    });
    let a = assess(&c, d("2026-03-02"), Context::default()).unwrap();
    assert_eq!(a.interest_total, dec!(19.73));
    assert_eq!(a.interest[0].basis, InterestBasis::Agreed);
    assert_eq!(a.outstanding.total, dec!(2059.73));
}

#[test]
fn b2b_partial_payment_goes_to_costs_then_interest_then_principal() {
    // 1,000.00 due 30 Sep 2025; 500.00 paid 30 Oct 2025; on 29 Nov 2025 (2025-H2: 10.5 %)
    //   1–30 Oct (30 d) on 1,000.00: 1000 × 0.105 × 30/365 = 8.630 → 8.63
    //   payment 500.00 → flat 40.00, interest 8.63, principal 451.37 → principal 548.63
    //   31 Oct–29 Nov (30 d) on 548.63: 548.63 × 0.105 × 30/365 = 4.735 → 4.73
    //   still owed 548.63 + 4.73 = 553.36
    let mut c = b2b(dec!(1000.00), "2025-08-31", "2025-09-30");
    c.payments.push(Payment {
        date: d("2025-10-30"),
        amount: dec!(500.00),
        reference: None,
    });
    let a = assess(&c, d("2025-11-29"), Context::default()).unwrap();
    let imp = &a.payments[0];
    assert_eq!(
        (imp.to_costs, imp.to_interest, imp.to_principal),
        (dec!(40.00), dec!(8.63), dec!(451.37))
    );
    assert_eq!(a.interest[1].base, dec!(548.63));
    assert_eq!(a.interest[1].amount, dec!(4.73));
    assert_eq!(a.outstanding.principal, dec!(548.63));
    assert_eq!(a.outstanding.interest, dec!(4.73));
    assert_eq!(a.outstanding.costs, dec!(0.00));
    assert_eq!(a.outstanding.total, dec!(553.36));
    assert!(a.imputation_order.citation.contains("1254"));
    assert!(
        a.imputation_order
            .text
            .en
            .contains("first on costs (flat compensation), then on interest, then on principal")
    );
}

#[test]
fn b2c_balance_of_150_00_caps_the_lump_sum_at_20() {
    // Clause: 25.00 fixed. E-mail reminder Mon 2 Feb 2026 → period 3–16 Feb → fees from 17 Feb.
    //   cap(150.00) = 20.00 (first bracket) → min(25.00, 20.00) = 20.00
    let mut c = b2c(dec!(150.00), "2026-01-31", lump(dec!(25), dec!(0), None));
    c.notices.push(reminder("2026-02-02", Channel::Email));
    let a = assess(&c, d("2026-02-17"), Context::default()).unwrap();
    assert_eq!(a.costs_total, dec!(20.00));
    assert_eq!(a.interest_total, dec!(0));
    assert_eq!(a.outstanding.total, dec!(170.00));
}

#[test]
fn b2c_balance_of_150_01_enters_the_second_bracket() {
    // Clause: 15 % with a 40.00 minimum → max(22.50, 40.00) = 40.00
    //   cap(150.01) = 30 + 10 % × 0.01 = 30.001 → 30.00 → lump sum 30.00
    let mut c = b2c(
        dec!(150.01),
        "2026-01-31",
        lump(dec!(0), dec!(15), Some(dec!(40))),
    );
    c.notices.push(reminder("2026-02-02", Channel::Email));
    let a = assess(&c, d("2026-02-17"), Context::default()).unwrap();
    assert_eq!(a.costs_total, dec!(30.00));
}

#[test]
fn b2c_balance_of_500_00_is_capped_at_65() {
    // Clause 15 % → 75.00; cap(500.00) = 30 + 10 % × 350 = 65.00 → 65.00
    let mut c = b2c(dec!(500.00), "2026-01-31", lump(dec!(0), dec!(15), None));
    c.notices.push(reminder("2026-02-02", Channel::Email));
    let a = assess(&c, d("2026-02-17"), Context::default()).unwrap();
    assert_eq!(a.costs_total, dec!(65.00));
}

#[test]
fn b2c_balance_of_500_01_enters_the_third_bracket() {
    // Clause 15 % → 75.0015 → 75.00; cap(500.01) = 65 + 5 % × 0.01 = 65.0005 → 65.00
    let mut c = b2c(dec!(500.01), "2026-01-31", lump(dec!(0), dec!(15), None));
    c.notices.push(reminder("2026-02-02", Channel::Email));
    let a = assess(&c, d("2026-02-17"), Context::default()).unwrap();
    assert_eq!(a.costs_total, dec!(65.00));
    // A lower clause wins over the cap: 10 % of 500.01 = 50.00
    let mut c = b2c(dec!(500.01), "2026-01-31", lump(dec!(0), dec!(10), None));
    c.notices.push(reminder("2026-02-02", Channel::Email));
    let a = assess(&c, d("2026-02-17"), Context::default()).unwrap();
    assert_eq!(a.costs_total, dec!(50.00));
}

#[test]
fn b2c_lump_sum_never_exceeds_2000() {
    // 45,000.00 with a 10 % clause → 4,500.00; 65 + 5 % × 44,500 = 2,290.00 → maximum 2,000.00
    let mut c = b2c(dec!(45000.00), "2026-01-31", lump(dec!(0), dec!(10), None));
    c.notices.push(reminder("2026-02-02", Channel::Email));
    let a = assess(&c, d("2026-02-17"), Context::default()).unwrap();
    assert_eq!(a.costs_total, dec!(2000.00));
}

#[test]
fn b2c_paper_reminder_waits_from_the_third_working_day() {
    // Paper reminder Thu 2 Apr 2026. Working days after: Fri 3 (1st), [Sat 4, Sun 5,
    // Easter Monday 6 skipped], Tue 7 (2nd), Wed 8 (3rd) → period 8–21 Apr → fees from 22 Apr.
    let mut c = b2c(dec!(300.00), "2026-03-31", lump(dec!(0), dec!(10), None));
    c.notices.push(reminder("2026-04-02", Channel::Paper));
    let before = assess(&c, d("2026-04-21"), Context::default()).unwrap();
    let xix = before.book_xix.clone().unwrap();
    assert_eq!(xix.waiting_starts, Some(d("2026-04-08")));
    assert_eq!(xix.waiting_ends, Some(d("2026-04-21")));
    assert_eq!(xix.fees_from, Some(d("2026-04-22")));
    assert!(!xix.fees_allowed);
    assert_eq!(before.outstanding.total, dec!(300.00));
    // On 22 Apr: 10 % × 300 = 30.00; cap(300) = 30 + 10 % × 150 = 45.00 → 30.00
    let after = assess(&c, d("2026-04-22"), Context::default()).unwrap();
    assert_eq!(after.costs_total, dec!(30.00));
    assert_eq!(after.outstanding.total, dec!(330.00));
}

#[test]
fn b2c_email_reminder_waits_from_the_next_day() {
    // E-mail Thu 2 Apr 2026 → period 3–16 Apr (holidays do not matter) → fees from 17 Apr.
    let mut c = b2c(dec!(300.00), "2026-03-31", lump(dec!(0), dec!(10), None));
    c.notices.push(reminder("2026-04-02", Channel::Email));
    let before = assess(&c, d("2026-04-16"), Context::default()).unwrap();
    assert_eq!(before.costs_total, dec!(0));
    assert_eq!(before.book_xix.unwrap().fees_from, Some(d("2026-04-17")));
    let after = assess(&c, d("2026-04-17"), Context::default()).unwrap();
    assert_eq!(after.costs_total, dec!(30.00));
}

#[test]
fn b2c_agreed_interest_is_capped_at_the_b2b_rate_and_starts_by_company_size() {
    // 1,000.00, agreed 12 % > 2026-H1 B2B rate 10.5 % → 10.5 %.
    // E-mail reminder 2 Apr 2026 → period 3–16 Apr, fees from 17 Apr; on 16 May 2026.
    //   large creditor: 17 Apr–16 May = 30 d: 1000 × 0.105 × 30/365 =  8.630 →  8.63
    //   SME creditor:    3 Apr–16 May = 44 d: 1000 × 0.105 × 44/365 = 12.658 → 12.66
    let terms = |sme| {
        Some(LatePaymentTerms {
            interest_percent: Some(dec!(12)),
            creditor_sme: sme,
            ..Default::default()
        })
    };
    let mut c = b2c(dec!(1000.00), "2026-03-31", terms(false));
    c.notices.push(reminder("2026-04-02", Channel::Email));
    let a = assess(&c, d("2026-05-16"), Context::default()).unwrap();
    assert_eq!(a.interest[0].percent, dec!(10.5));
    assert_eq!(a.interest[0].basis, InterestBasis::AgreedCapped);
    assert_eq!((a.interest[0].days, a.interest_total), (30, dec!(8.63)));
    let mut c = b2c(dec!(1000.00), "2026-03-31", terms(true));
    c.notices.push(reminder("2026-04-02", Channel::Email));
    let a = assess(&c, d("2026-05-16"), Context::default()).unwrap();
    assert_eq!((a.interest[0].days, a.interest_total), (44, dec!(12.66)));
    assert_eq!(
        a.costs_total,
        dec!(0),
        "no lump sum in the clause, none charged"
    );
}

#[test]
fn b2c_without_clause_gets_legal_interest_from_the_formal_notice_only() {
    // 800.00, no clause. E-mail reminder 2 Mar 2026 (period 3–16 Mar), formal notice 20 Mar.
    //   on 19 Apr: 21 Mar–19 Apr = 30 d × 4.5 % (legal rate 2026): 800 × 0.045 × 30/365 = 2.959 → 2.96
    let mut c = b2c(dec!(800.00), "2026-02-28", None);
    c.notices.push(reminder("2026-03-02", Channel::Email));
    let before = assess(&c, d("2026-04-19"), Context::default()).unwrap();
    assert_eq!(
        before.outstanding.total,
        dec!(800.00),
        "no formal notice yet"
    );
    c.notices.push(NoticeEvent {
        kind: NoticeKind::Formal,
        date: d("2026-03-20"),
        channel: Channel::Paper,
        file: None,
    });
    let a = assess(&c, d("2026-04-19"), Context::default()).unwrap();
    assert_eq!(a.interest[0].basis, InterestBasis::Legal);
    assert_eq!((a.interest[0].days, a.interest_total), (30, dec!(2.96)));
    assert_eq!(a.costs_total, dec!(0));
}

#[test]
fn b2c_without_reminder_owes_only_the_principal() {
    let c = b2c(dec!(400.00), "2026-01-31", lump(dec!(0), dec!(10), None));
    let a = assess(&c, d("2026-06-30"), Context::default()).unwrap();
    assert_eq!(a.outstanding.total, dec!(400.00));
    assert!(a.explanation.iter().any(|s| s.citation == "CEL art. XIX.2"));
}

#[test]
fn provisional_half_year_is_used_with_a_warning() {
    // 1,000.00 due 30 Jun 2026, on 30 Jul 2026: 30 d × 10.5 % (2026-H2, provisional) = 8.63
    let a = assess(
        &b2b(dec!(1000.00), "2026-06-01", "2026-06-30"),
        d("2026-07-30"),
        Context::default(),
    )
    .unwrap();
    assert_eq!(a.interest_total, dec!(8.63));
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("2026-H2") && w.contains("provisional"))
    );
}

#[test]
fn date_past_the_rate_table_names_the_missing_half_year() {
    let err = assess(
        &b2b(dec!(1000.00), "2026-11-01", "2026-12-01"),
        d("2027-01-10"),
        Context::default(),
    )
    .unwrap_err();
    assert!(err.message.contains("2027-H1"), "{}", err.message);
    assert!(err.hint.unwrap().contains("half: 2027-H1"));
}

#[test]
fn date_before_the_invoice_is_refused() {
    let err = assess(
        &b2b(dec!(100.00), "2026-03-01", "2026-03-31"),
        d("2026-02-28"),
        Context::default(),
    )
    .unwrap_err();
    assert!(
        err.message.contains("before the date of invoice"),
        "{}",
        err.message
    );
}

#[test]
fn paid_invoice_is_refused() {
    let mut c = b2b(dec!(100.00), "2026-03-01", "2026-03-31");
    c.payments.push(Payment {
        date: d("2026-03-20"),
        amount: dec!(100.00),
        reference: None,
    });
    let err = assess(&c, d("2026-05-01"), Context::default()).unwrap_err();
    assert!(err.message.contains("fully paid"), "{}", err.message);
}

#[test]
fn explanation_exists_in_three_languages_with_citations() {
    let a = assess(
        &b2b(dec!(1000.00), "2025-05-01", "2025-05-31"),
        d("2025-08-29"),
        Context::default(),
    )
    .unwrap();
    let seg = a
        .explanation
        .iter()
        .find(|s| s.text.en.starts_with("From 1 June 2025"))
        .unwrap();
    assert_eq!(seg.citation, "Law of 2 August 2002, art. 5");
    assert_eq!(
        seg.text.get(Lang::Fr),
        "Du 1 juin 2025 au 30 juin 2025 (30 j) : 1.000,00 € × 11,5 % (taux légal B2B 2025-H1) × 30/365 = 9,45 €."
    );
    assert!(seg.text.nl.contains("€ 9,45"));
    assert!(
        a.explanation
            .iter()
            .any(|s| s.citation == "Law of 2 August 2002, art. 6" && s.text.en.contains("€40.00"))
    );
}

mod deadlines {
    use super::d;
    use clausier::be::calendar::Calendar;
    use clausier::latefee::notice::deadline;

    #[test]
    fn deadline_skips_a_weekend() {
        // Thu 5 Mar 2026 + 2 business days: Fri 6 (1), [Sat 7, Sun 8], Mon 9 (2).
        // Counting calendar days would have ended on Saturday 7 March.
        assert_eq!(
            deadline(d("2026-03-05"), 2, &Calendar::national()),
            d("2026-03-09")
        );
    }

    #[test]
    fn deadline_skips_easter_monday() {
        // Fri 3 Apr 2026 + 1 business day: [Sat 4, Sun 5, Easter Monday 6 Apr] → Tue 7 Apr.
        assert_eq!(
            deadline(d("2026-04-03"), 1, &Calendar::national()),
            d("2026-04-07")
        );
    }

    #[test]
    fn deadline_skips_armistice_day() {
        // Tue 10 Nov 2026 + 1 business day: [Wed 11 Nov, Armistice] → Thu 12 Nov.
        assert_eq!(
            deadline(d("2026-11-10"), 1, &Calendar::national()),
            d("2026-11-12")
        );
        // Mon 2 Nov 2026 + 10: 3, 4, 5, 6, 9, 10, [11], 12, 13, 16, 17 → Tue 17 Nov.
        assert_eq!(
            deadline(d("2026-11-02"), 10, &Calendar::national()),
            d("2026-11-17")
        );
    }
}

#[test]
fn b2c_clause_at_the_legal_rate_with_the_book_xix_scale() {
    // The built-in consumer terms: legal interest rate and the Book XIX scale.
    // 1,000.00, e-mail reminder 2 Apr 2026 → period 3–16 Apr, fees from 17 Apr; on 16 May:
    //   lump sum = scale(1,000) = 65 + 5 % × 500 = 90.00
    //   interest 17 Apr–16 May = 30 d × 4.5 % (legal rate 2026, below the 10.5 % cap):
    //   1000 × 0.045 × 30/365 = 3.699 → 3.70; total 1,093.70
    let terms = Some(LatePaymentTerms {
        interest_at_legal_rate: true,
        lump_sum: Some(LumpSum {
            book_xix_scale: true,
            ..Default::default()
        }),
        ..Default::default()
    });
    let mut c = b2c(dec!(1000.00), "2026-03-31", terms);
    c.notices.push(reminder("2026-04-02", Channel::Email));
    let a = assess(&c, d("2026-05-16"), Context::default()).unwrap();
    assert_eq!(a.costs_total, dec!(90.00));
    assert_eq!(a.interest[0].basis, InterestBasis::AgreedLegal);
    assert_eq!((a.interest[0].days, a.interest[0].percent), (30, dec!(4.5)));
    assert_eq!(a.interest_total, dec!(3.70));
    assert_eq!(a.outstanding.total, dec!(1093.70));
}

#[test]
fn flemish_community_holiday_delays_the_paper_waiting_period_when_observed() {
    // Paper reminder Wed 9 Jul 2025. National calendar: Thu 10 (1), Fri 11 (2), Mon 14 (3)
    // → fees from 14 + 14 = 28 Jul. Observing 11 July (Flemish Community, a Friday in 2025):
    // Thu 10 (1), Mon 14 (2), Tue 15 (3) → fees from 29 Jul.
    use clausier::be::calendar::{Calendar, Community};
    let mut c = b2c(dec!(200.00), "2025-06-30", lump(dec!(0), dec!(10), None));
    c.notices.push(reminder("2025-07-09", Channel::Paper));
    let national = assess(&c, d("2025-07-20"), Context::default()).unwrap();
    assert_eq!(national.book_xix.unwrap().fees_from, Some(d("2025-07-28")));
    let flemish = Context {
        calendar: Calendar::with_community(Community::Flemish),
        ..Context::default()
    };
    let a = assess(&c, d("2025-07-20"), flemish).unwrap();
    assert_eq!(a.book_xix.unwrap().fees_from, Some(d("2025-07-29")));
}

#[test]
fn rates_before_march_2015_warn_about_the_transitional_rate() {
    // 1,000.00 due 30 Jun 2014, on 30 Jul 2014: 30 d × 8.5 % (2014-H2, contracts from
    // 16 Mar 2013): 1000 × 0.085 × 30/365 = 6.986 → 6.99; older contracts had 7.5 %.
    let a = assess(
        &b2b(dec!(1000.00), "2014-06-01", "2014-06-30"),
        d("2014-07-30"),
        Context::default(),
    )
    .unwrap();
    assert_eq!(a.interest_total, dec!(6.99));
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("2014-H2") && w.contains("7.5%")),
        "{:?}",
        a.warnings
    );
}
