//! The quote life cycle in the register: every transition, valid and invalid, and
//! invoices issued from a quote without ever using a number twice or skipping one.

use chrono::NaiveDate;
use clausier::ledger::{DocKind, Ledger, Link, NewDocument, QuoteStatus};
use rust_decimal::Decimal;

fn fmt(kind: DocKind, year: i32, seq: u32) -> String {
    match kind {
        DocKind::Quote => format!("Q{year}-{seq:04}"),
        _ => format!("{year}-{seq:05}"),
    }
}

fn new(kind: DocKind, total: i64) -> NewDocument {
    NewDocument {
        kind,
        client_id: "acme".into(),
        client_name: "Acme SRL".into(),
        issue_date: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
        source_key: None,
        vat: vec![],
        total_excl: Decimal::new(total, 2),
        total_vat: Decimal::ZERO,
        total_incl: Decimal::new(total, 2),
        inputs: "{}".into(),
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn quote(ledger: &mut Ledger) -> String {
    ledger
        .issue(&new(DocKind::Quote, 100_000), &fmt)
        .unwrap()
        .number
}

#[test]
fn a_new_quote_is_a_draft_and_every_forward_transition_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    for (path, end) in [
        (
            vec![QuoteStatus::Sent, QuoteStatus::Accepted],
            QuoteStatus::Accepted,
        ),
        (
            vec![QuoteStatus::Sent, QuoteStatus::Declined],
            QuoteStatus::Declined,
        ),
        (
            vec![QuoteStatus::Sent, QuoteStatus::Expired],
            QuoteStatus::Expired,
        ),
        (vec![QuoteStatus::Accepted], QuoteStatus::Accepted),
        (vec![QuoteStatus::Declined], QuoteStatus::Declined),
        (vec![QuoteStatus::Expired], QuoteStatus::Expired),
    ] {
        let q = quote(&mut ledger);
        assert_eq!(ledger.quote_status(&q).unwrap(), (QuoteStatus::Draft, None));
        for (i, to) in path.iter().enumerate() {
            ledger
                .set_quote_status(&q, *to, day(10 + i as u32))
                .unwrap();
        }
        let (status, date) = ledger.quote_status(&q).unwrap();
        assert_eq!(status, end);
        assert_eq!(date, Some(day(10 + path.len() as u32 - 1)));
    }
}

#[test]
fn a_decided_quote_never_changes_and_a_sent_one_never_goes_back_to_draft() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    let sent = quote(&mut ledger);
    ledger
        .set_quote_status(&sent, QuoteStatus::Sent, day(6))
        .unwrap();
    let err = ledger
        .set_quote_status(&sent, QuoteStatus::Draft, day(7))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "error: quote {sent} is sent: it cannot become draft\n  hint: a quote goes draft → sent → accepted, declined or expired, never back"
        )
    );
    for end in [
        QuoteStatus::Accepted,
        QuoteStatus::Declined,
        QuoteStatus::Expired,
    ] {
        let q = quote(&mut ledger);
        ledger.set_quote_status(&q, end, day(6)).unwrap();
        for to in [
            QuoteStatus::Draft,
            QuoteStatus::Sent,
            QuoteStatus::Accepted,
            QuoteStatus::Declined,
            QuoteStatus::Expired,
        ] {
            let err = ledger.set_quote_status(&q, to, day(8)).unwrap_err();
            assert!(
                err.to_string()
                    .contains(&format!("is {end}: it cannot become {to}")),
                "{err}"
            );
        }
    }
    // The database itself refuses a backwards move, whatever the code does.
    drop(ledger);
    let conn = rusqlite::Connection::open(Ledger::path_in(dir.path())).unwrap();
    let err = conn
        .execute(
            "UPDATE documents SET quote_status = 'draft' WHERE number = ?1",
            [&sent],
        )
        .unwrap_err();
    assert!(err.to_string().contains("never goes back"), "{err}");
}

#[test]
fn an_accepted_quote_gets_one_deposit_and_one_final_invoice_and_a_second_uses_no_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    let q = quote(&mut ledger);
    let early = ledger
        .issue_from_quote(&q, Link::FinalInvoice, &new(DocKind::Invoice, 70_000), &fmt)
        .unwrap_err();
    assert!(
        early
            .to_string()
            .contains("is draft: only an accepted quote is invoiced"),
        "{early}"
    );

    ledger
        .set_quote_status(&q, QuoteStatus::Accepted, day(9))
        .unwrap();
    let deposit = ledger
        .issue_from_quote(
            &q,
            Link::DepositInvoice,
            &new(DocKind::Invoice, 30_000),
            &fmt,
        )
        .unwrap();
    let last = ledger
        .issue_from_quote(&q, Link::FinalInvoice, &new(DocKind::Invoice, 70_000), &fmt)
        .unwrap();
    assert_eq!(
        (deposit.number.as_str(), last.number.as_str()),
        ("2026-00001", "2026-00002")
    );

    let twice = ledger
        .issue_from_quote(&q, Link::FinalInvoice, &new(DocKind::Invoice, 70_000), &fmt)
        .unwrap_err();
    assert!(
        twice.to_string().contains(&format!(
            "quote {q} already has its final invoice: 2026-00002"
        )),
        "{twice}"
    );
    assert_eq!(ledger.next_seq(DocKind::Invoice, 2026).unwrap(), 3);

    let linked = ledger.invoices_of_quote(&q).unwrap();
    let totals: Decimal = linked.iter().map(|(_, d)| d.total_incl).sum();
    assert_eq!(totals, Decimal::new(100_000, 2));
    assert_eq!(linked[0].0, Link::DepositInvoice);
    assert_eq!(linked[1].0, Link::FinalInvoice);
}
