//! The register on its own: numbering, append-only guards, verify, migrations.

use std::path::Path;

use chrono::NaiveDate;
use clausier::ledger::{BatchStart, DocKind, DocState, Ledger, NewDocument, Problem, VatAmount};
use rust_decimal::Decimal;

fn fmt(kind: DocKind, year: i32, seq: u32) -> String {
    match kind {
        DocKind::Invoice => format!("{year}-{seq:05}"),
        DocKind::Quote => format!("Q{year}-{seq:04}"),
        DocKind::CreditNote => format!("CN{year}-{seq:05}"),
    }
}

fn doc(client: &str, date: &str, key: Option<&str>) -> NewDocument {
    NewDocument {
        kind: DocKind::Invoice,
        client_id: client.into(),
        client_name: format!("Client {client}"),
        issue_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        source_key: key.map(str::to_string),
        vat: vec![
            VatAmount {
                rate: Decimal::from(21),
                base: Decimal::new(10000, 2),
                vat: Decimal::new(2100, 2),
            },
            VatAmount {
                rate: Decimal::from(6),
                base: Decimal::new(5000, 2),
                vat: Decimal::new(300, 2),
            },
        ],
        total_excl: Decimal::new(15000, 2),
        total_vat: Decimal::new(2400, 2),
        total_incl: Decimal::new(17400, 2),
        inputs: format!(r#"{{"client":"{client}"}}"#),
    }
}

/// Renders nothing: delivers a fake PDF, as `clausier invoice FILE` would a real one.
fn deliver(ledger: &mut Ledger, _root: &Path, number: &str) {
    let d = ledger.find(number).unwrap().remove(0);
    ledger
        .deliver(&d, format!("%PDF fake {number}").as_bytes())
        .unwrap();
}

#[test]
fn numbers_follow_each_other_per_kind_and_year_and_restart_in_a_new_year() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    let a = ledger.issue(&doc("a", "2026-12-30", None), &fmt).unwrap();
    let b = ledger.issue(&doc("b", "2026-12-31", None), &fmt).unwrap();
    let c = ledger.issue(&doc("c", "2027-01-02", None), &fmt).unwrap();
    assert_eq!(
        [&a.number, &b.number, &c.number],
        ["2026-00001", "2026-00002", "2027-00001"]
    );
    assert_eq!(a.state, DocState::Allocated);
    assert_eq!(a.pdf_path, Path::new("out/invoice/2026-00001.pdf"));
    assert_eq!(a.vat.len(), 2);
    assert_eq!(a.vat[0].rate, Decimal::from(6));
    assert_eq!(a.total_incl.to_string(), "174.00");
    assert_eq!(ledger.next_seq(DocKind::Invoice, 2026).unwrap(), 3);
    assert_eq!(ledger.next_seq(DocKind::Quote, 2026).unwrap(), 1);
}

#[test]
fn a_batch_allocates_all_its_numbers_at_once_and_skips_client_periods_already_invoiced() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    let docs = vec![
        doc("a", "2026-11-01", Some("a/2026-10")),
        doc("b", "2026-11-01", Some("b/2026-10")),
    ];
    let BatchStart::Created {
        allocated,
        already_issued,
    } = ledger
        .start_batch("feed1", "feed1.csv", &docs, &fmt, &|_| {})
        .unwrap()
    else {
        panic!("new batch expected")
    };
    assert_eq!(allocated.len(), 2);
    assert!(already_issued.is_empty());

    // The same feed again is recognised, not allocated twice.
    assert!(matches!(
        ledger.start_batch("feed1", "feed1.csv", &docs, &fmt, &|_| {}).unwrap(),
        BatchStart::Exists(b) if b.documents == 2 && !b.done
    ));

    // Another feed that repeats b/2026-10 gets only the new client-period.
    let docs2 = vec![
        doc("b", "2026-11-02", Some("b/2026-10")),
        doc("c", "2026-11-02", Some("c/2026-10")),
    ];
    let BatchStart::Created {
        allocated,
        already_issued,
    } = ledger
        .start_batch("feed2", "feed2.csv", &docs2, &fmt, &|_| {})
        .unwrap()
    else {
        panic!("new batch expected")
    };
    assert_eq!(allocated.len(), 1);
    assert_eq!(allocated, ["2026-00003"]);
    assert_eq!(
        already_issued,
        vec![("b/2026-10".to_string(), "2026-00002".to_string())]
    );
}

#[test]
fn issued_documents_cannot_be_deleted_renumbered_or_given_another_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    ledger.issue(&doc("a", "2026-11-01", None), &fmt).unwrap();
    deliver(&mut ledger, dir.path(), "2026-00001");
    drop(ledger);

    let conn = rusqlite::Connection::open(Ledger::path_in(dir.path())).unwrap();
    let refused = |sql: &str| {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("never"), "{sql}: {err}");
    };
    refused("DELETE FROM documents");
    refused("UPDATE documents SET number = '2026-00009'");
    refused("UPDATE documents SET seq = 9");
    refused("UPDATE documents SET total_incl = '1.00'");
    refused("UPDATE documents SET pdf_sha256 = 'abc'");
    refused("UPDATE documents SET state = 'allocated'");
    refused("UPDATE series SET last_seq = 0");
    refused("DELETE FROM document_vat");
}

#[test]
fn verify_passes_on_a_sound_register_and_names_every_problem_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    for c in ["a", "b", "c"] {
        ledger.issue(&doc(c, "2026-11-01", None), &fmt).unwrap();
    }
    deliver(&mut ledger, dir.path(), "2026-00001");
    deliver(&mut ledger, dir.path(), "2026-00002");
    let report = ledger.verify().unwrap();
    assert_eq!(
        report.problems,
        vec![Problem::Unfinished {
            number: "2026-00003".into(),
            state: DocState::Allocated
        }]
    );
    deliver(&mut ledger, dir.path(), "2026-00003");
    let report = ledger.verify().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.documents, 3);
    assert_eq!(report.series, vec![(DocKind::Invoice, 2026, 3)]);

    // A PDF replaced on disk, one deleted, and a number skipped by hand.
    std::fs::write(dir.path().join("out/invoice/2026-00001.pdf"), b"%PDF other").unwrap();
    std::fs::remove_file(dir.path().join("out/invoice/2026-00002.pdf")).unwrap();
    drop(ledger);
    let conn = rusqlite::Connection::open(Ledger::path_in(dir.path())).unwrap();
    conn.execute("UPDATE series SET last_seq = 5", []).unwrap();
    drop(conn);
    let ledger = Ledger::open(dir.path()).unwrap();
    let text: Vec<String> = ledger
        .verify()
        .unwrap()
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(text.len(), 3, "{text:?}");
    assert_eq!(
        text[0],
        "invoice series 2026: gap, sequence numbers missing: 4, 5"
    );
    assert!(
        text[1].starts_with("2026-00001: out/invoice/2026-00001.pdf is not the issued PDF"),
        "{}",
        text[1]
    );
    assert_eq!(
        text[2],
        "2026-00002: PDF missing at out/invoice/2026-00002.pdf"
    );
}

#[test]
fn a_new_ledger_is_at_the_current_schema_and_a_newer_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(dir.path()).unwrap();
    assert_eq!(ledger.schema_version().unwrap(), 2);
    drop(ledger);
    let conn = rusqlite::Connection::open(Ledger::path_in(dir.path())).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Ledger::open(dir.path()).err().unwrap();
    assert!(err.to_string().contains("newer clausier"), "{err}");
}

#[test]
fn list_and_dry_run_never_create_a_ledger() {
    let dir = tempfile::tempdir().unwrap();
    assert!(Ledger::open_existing(dir.path()).unwrap().is_none());
    assert!(!Ledger::path_in(dir.path()).exists());
}
