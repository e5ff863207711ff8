//! Whatever the amounts, dates and payments, the engine answers (a result or a clear
//! error) and its amounts add up.

use chrono::{Days, NaiveDate};
use clausier::latefee::engine::{Claim, ClientKind, Context, assess};
use clausier::latefee::events::{
    Channel, LatePaymentTerms, LumpSum, NoticeEvent, NoticeKind, Payment,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2013, 1, 1).unwrap() + Days::new(offset)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn engine_never_panics_and_its_amounts_add_up(
        cents in 1i64..2_000_000_000_000i64,
        issue in 0u64..5100,
        term in 0u64..90,
        on_after in 0u64..900,
        b2c in any::<bool>(),
        pays in proptest::collection::vec((0u64..900, 1i64..500_000_000i64), 0..4),
        reminder in proptest::option::of((0u64..400, any::<bool>())),
        rate in proptest::option::of(0i64..3000),
        pct in 0i64..200,
        sme in any::<bool>(),
    ) {
        let issue_date = day(issue);
        let due = issue_date + Days::new(term);
        let claim = Claim {
            invoice: "P-1".into(),
            issue_date,
            due_date: due,
            amount: Decimal::new(cents, 2),
            debtor: if b2c { ClientKind::B2c } else { ClientKind::B2b },
            terms: Some(LatePaymentTerms {
                interest_percent: rate.map(|r| Decimal::new(r, 1)),
                lump_sum: Some(LumpSum { percent: Decimal::from(pct), ..Default::default() }),
                creditor_sme: sme,
                ..Default::default()
            }),
            payments: pays
                .iter()
                .map(|(o, c)| Payment { date: issue_date + Days::new(*o), amount: Decimal::new(*c, 2), reference: None })
                .collect(),
            notices: reminder
                .map(|(o, paper)| NoticeEvent {
                    kind: NoticeKind::Reminder,
                    date: due + Days::new(o + 1),
                    channel: if paper { Channel::Paper } else { Channel::Email },
                    file: None,
                })
                .into_iter()
                .collect(),
        };
        let on = issue_date + Days::new(on_after);
        if let Ok(a) = assess(&claim, on, Context::default()) {
            let o = &a.outstanding;
            prop_assert_eq!(o.total, o.principal + o.interest + o.costs);
            prop_assert!(o.principal >= Decimal::ZERO && o.interest >= Decimal::ZERO && o.costs >= Decimal::ZERO);
            let seg: Decimal = a.interest.iter().map(|s| s.amount).sum();
            prop_assert_eq!(seg, a.interest_total);
            let applied: Decimal = a.payments.iter().map(|p| p.to_costs + p.to_interest + p.to_principal + p.excess).sum();
            prop_assert_eq!(applied, a.paid_total);
            // What was owed minus what was applied is what remains.
            let applied_no_excess: Decimal = a.payments.iter().map(|p| p.to_costs + p.to_interest + p.to_principal).sum();
            prop_assert_eq!(a.amount + a.interest_total + a.costs_total - applied_no_excess, o.total);
            if b2c && a.book_xix.as_ref().is_some_and(|x| !x.fees_allowed) {
                prop_assert_eq!(a.interest_total + a.costs_total, Decimal::ZERO);
            }
        }
    }
}
