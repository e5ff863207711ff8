//! `clausier latefee` and `clausier notice` on a small workspace written by the test:
//! the table and JSON show the engine's amounts, every notice kind renders in French,
//! Dutch and English with those amounts (pdftotext), bad input exits with code 2.
//!
//! Amounts used below (hand-computed):
//! * B2B invoice 1,210.00 due 31 Jan 2026, 210.00 paid 2 Mar 2026, on 31 Mar 2026:
//!   1 Feb–2 Mar (30 d) on 1,210.00 at 10.5 %: 1210 × 0.105 × 30/365 = 10.442 → 10.44;
//!   the payment goes to the 40.00 flat, then 10.44 interest, then 159.56 principal →
//!   principal 1,050.44; 3–31 Mar (29 d): 1050.44 × 0.105 × 29/365 = 8.763 → 8.76;
//!   interest 19.20, costs 40.00, still owed 1,050.44 + 8.76 = 1,059.20.
//!   Deadline 10 business days after Tue 31 Mar 2026: 1, 2, 3 Apr, (Easter Monday 6 Apr
//!   skipped), 7, 8, 9, 10, 13, 14, 15 Apr → 15 Apr 2026.
//! * B2C invoice 605.00 due 15 Feb 2026, clause 10 % (min 25.00) and 8 %, creditor not
//!   an SME. Paper reminder Mon 2 Mar 2026: 3rd working day Thu 5 Mar → period 5–18 Mar,
//!   fees from 19 Mar. Lump sum min(60.50, cap 65 + 5 % × 105 = 70.25) = 60.50; interest on
//!   19 Mar: 605 × 0.08 × 1/365 = 0.13 → 665.63 then due.
//!   Formal notice 1 Apr 2026: 19 Mar–1 Apr (14 d): 605 × 0.08 × 14/365 = 1.86 →
//!   605 + 60.50 + 1.86 = 667.36; deadline 10 business days → 16 Apr 2026.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::prelude::*;

const CONFIG: &str = r#"issuer:
  legal_name: Atelier Test
  legal_form: SRL
  address: { street: Rue de la Loi 1, postcode: "1000", city: Bruxelles }
  enterprise_number: 0765.432.146
  vat_number: BE 0765.432.146
  iban: BE83 3630 1234 5615
  bic: BBRUBEBB
  email: factures@atelier.example
  phone: +32 2 555 00 00
defaults: { language: fr, payment_term_days: 30 }
"#;

const LATE_PAYMENT: &str = r#"creditor_sme: false
b2c:
  interest_percent: "8"
  lump_sum: { percent: "10", minimum: "25.00" }
  reference: "General terms, art. 9"
"#;

fn client(id: &str, kind: &str, lang: &str) -> String {
    format!(
        "id: {id}\nname: Client {id}\nkind: {kind}\nlanguage: {lang}\naddress: {{ street: Korenlei 7, postcode: \"9000\", city: Gent }}\n"
    )
}

fn invoice(client: &str, number: &str, issue: &str, due: &str, price: &str) -> String {
    format!(
        "client: {client}\nnumber: {number}\nissue_date: {issue}\ndue_date: {due}\nsubject: Website maintenance\nlines:\n  - {{ description: Website maintenance, quantity: 1, unit_price: {price}, vat_rate: 21 }}\n"
    )
}

/// A workspace with one B2B and one B2C client per language and an overdue invoice each.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    for sub in ["clients", "invoices", "events"] {
        std::fs::create_dir_all(ws.join(sub)).unwrap();
    }
    std::fs::write(ws.join("clausier.yaml"), CONFIG).unwrap();
    std::fs::write(ws.join("late-payment.yaml"), LATE_PAYMENT).unwrap();
    for (i, lang) in ["fr", "nl", "en"].iter().enumerate() {
        let b2b = format!("pro-{lang}");
        let b2c = format!("person-{lang}");
        std::fs::write(
            ws.join(format!("clients/{b2b}.yaml")),
            client(&b2b, "b2b", lang),
        )
        .unwrap();
        std::fs::write(
            ws.join(format!("clients/{b2c}.yaml")),
            client(&b2c, "b2c", lang),
        )
        .unwrap();
        let n_b2b = format!("2026-0010{}", i + 1);
        let n_b2c = format!("2026-0020{}", i + 1);
        std::fs::write(
            ws.join(format!("invoices/{n_b2b}.yaml")),
            invoice(&b2b, &n_b2b, "2026-01-02", "2026-01-31", "1000.00"),
        )
        .unwrap();
        std::fs::write(
            ws.join(format!("events/{n_b2b}.events.yaml")),
            "payments:\n  - { date: 2026-03-02, amount: \"210.00\" }\n",
        )
        .unwrap();
        std::fs::write(
            ws.join(format!("invoices/{n_b2c}.yaml")),
            invoice(&b2c, &n_b2c, "2026-02-01", "2026-02-15", "500.00"),
        )
        .unwrap();
    }
    (dir, ws)
}

fn clausier(ws: &Path) -> Command {
    let mut c = Command::cargo_bin("clausier").unwrap();
    c.arg("--workspace").arg(ws);
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Text of a PDF (layout kept, so table rows stay on one line) with every run of
/// whitespace (non-breaking spaces included) as one space.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed (make setup)");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn render(ws: &Path, kind: &str, invoice: &str, on: &str, extra: &[&str]) -> String {
    let out = ws.join(format!("out/{kind}-{invoice}-{on}.pdf"));
    stdout(
        clausier(ws)
            .args(["notice", kind, invoice, "--on", on, "-o"])
            .arg(&out)
            .args(extra),
    );
    pdf_text(&out)
}

fn record_reminder(ws: &Path, invoice: &str) {
    std::fs::write(
        ws.join(format!("events/{invoice}.events.yaml")),
        "notices:\n  - { kind: reminder, date: 2026-03-02, channel: paper }\n",
    )
    .unwrap();
}

#[test]
fn latefee_prints_the_table_with_the_law() {
    let (_d, ws) = workspace();
    let out = stdout(clausier(&ws).args(["latefee", "2026-00103", "--on", "2026-03-31"]));
    assert!(
        out.contains("Invoice 2026-00103 · Client pro-en (B2B)"),
        "{out}"
    );
    assert!(
        out.contains("2026-02-01  2026-03-02     30      €1,210.00    10.5%       €10.44"),
        "{out}"
    );
    assert!(
        out.contains("2026-03-03  2026-03-31     29      €1,050.44    10.5%        €8.76"),
        "{out}"
    );
    assert!(
        out.contains("Still owed: principal €1,050.44 + interest €8.76 + costs €0.00 = €1,059.20"),
        "{out}"
    );
    assert!(out.contains("[Law of 2 August 2002, art. 6]"));
    assert!(out.contains("then on interest, then on principal. [old Civil Code art. 1254"));
}

#[test]
fn latefee_json_carries_amounts_and_explanation() {
    let (_d, ws) = workspace();
    let out = stdout(clausier(&ws).args(["latefee", "2026-00101", "--on", "2026-03-31", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["client"], "pro-fr");
    assert_eq!(v["days_late"], 59);
    assert_eq!(v["interest_total"], "19.20");
    assert_eq!(v["outstanding"]["total"], "1059.20");
    assert_eq!(v["payments"][0]["to_costs"], "40.00");
    assert_eq!(v["payments"][0]["to_interest"], "10.44");
    assert_eq!(v["payments"][0]["to_principal"], "159.56");
    assert_eq!(v["interest"][1]["half_year"], "2026-H1");
    assert_eq!(
        v["imputation_order"]["citation"],
        "old Civil Code art. 1254 (Book 5 Civil Code keeps the rule)"
    );
    assert!(
        v["explanation"][0]["text"]["nl"]
            .as_str()
            .unwrap()
            .starts_with("Factuur 2026-00101")
    );
}

#[test]
fn b2b_reminder_shows_interest_to_date_in_three_languages() {
    let (_d, ws) = workspace();
    let fr = render(
        &ws,
        "reminder",
        "2026-00101",
        "2026-03-31",
        &["--no-record"],
    );
    assert!(fr.contains("Rappel de paiement"), "{fr}");
    assert!(fr.contains("le solde dû s'élève à 1.059,20 €"), "{fr}");
    assert!(fr.contains("19,20 €") && fr.contains("40,00 €") && fr.contains("210,00 €"));
    assert!(fr.contains("au plus tard le 15 avril 2026"), "{fr}");
    let nl = render(
        &ws,
        "reminder",
        "2026-00102",
        "2026-03-31",
        &["--no-record"],
    );
    assert!(nl.contains("Betalingsherinnering"), "{nl}");
    assert!(
        nl.contains("bedraagt het openstaande saldo € 1.059,20"),
        "{nl}"
    );
    assert!(
        nl.contains("€ 19,20") && nl.contains("uiterlijk op 15 april 2026"),
        "{nl}"
    );
    let en = render(
        &ws,
        "reminder",
        "2026-00103",
        "2026-03-31",
        &["--no-record"],
    );
    assert!(en.contains("Payment reminder"), "{en}");
    assert!(en.contains("the balance due is €1,059.20"), "{en}");
    assert!(
        en.contains("€19.20") && en.contains("no later than 15 April 2026"),
        "{en}"
    );
}

#[test]
fn consumer_first_reminder_has_every_book_xix_mention_in_three_languages() {
    let (_d, ws) = workspace();
    let fr = render(
        &ws,
        "reminder",
        "2026-00201",
        "2026-03-02",
        &["--channel", "paper", "--no-record"],
    );
    assert!(fr.contains("Premier rappel de paiement (gratuit)"), "{fr}");
    assert!(
        fr.contains("dû à Atelier Test SRL (numéro d'entreprise 0765.432.146)"),
        "{fr}"
    );
    assert!(
        fr.contains("Website maintenance") && fr.contains("15 février 2026"),
        "{fr}"
    );
    assert!(
        fr.contains("le délai expire le 18 mars 2026 inclus"),
        "{fr}"
    );
    assert!(fr.contains("avant le 19 mars 2026"), "{fr}");
    assert!(
        fr.contains("605,00 €") && fr.contains("60,50 €") && fr.contains("665,63 €"),
        "{fr}"
    );
    let nl = render(
        &ws,
        "reminder",
        "2026-00202",
        "2026-03-02",
        &["--channel", "paper", "--no-record"],
    );
    assert!(
        nl.contains("Eerste betalingsherinnering (kosteloos)"),
        "{nl}"
    );
    assert!(nl.contains("(ondernemingsnummer 0765.432.146)"), "{nl}");
    assert!(
        nl.contains("verstrijkt op 18 maart 2026") && nl.contains("Vóór 19 maart 2026"),
        "{nl}"
    );
    assert!(
        nl.contains("€ 605,00") && nl.contains("€ 60,50") && nl.contains("€ 665,63"),
        "{nl}"
    );
    let en = render(
        &ws,
        "reminder",
        "2026-00203",
        "2026-03-02",
        &["--channel", "paper", "--no-record"],
    );
    assert!(
        en.contains("First payment reminder (free of charge)"),
        "{en}"
    );
    assert!(en.contains("(enterprise number 0765.432.146)"), "{en}");
    assert!(
        en.contains("it ends on 18 March 2026 inclusive") && en.contains("before 19 March 2026"),
        "{en}"
    );
    assert!(
        en.contains("€605.00") && en.contains("€60.50") && en.contains("€665.63"),
        "{en}"
    );
    assert!(en.contains("ask us for a payment plan"), "{en}");
}

#[test]
fn formal_notice_shows_the_calculation_in_three_languages() {
    let (_d, ws) = workspace();
    let fr = render(&ws, "formal", "2026-00101", "2026-03-31", &["--no-record"]);
    assert!(fr.contains("Mise en demeure"), "{fr}");
    assert!(
        fr.contains(
            "mettons en demeure de payer la somme de 1.059,20 € au plus tard le 15 avril 2026"
        ),
        "{fr}"
    );
    assert!(
        fr.contains("1 février 2026 – 2 mars 2026 30 1.210,00 € 10,5 % 10,44 €"),
        "{fr}"
    );
    assert!(
        fr.contains("3 mars 2026 – 31 mars 2026 29 1.050,44 € 10,5 % 8,76 €"),
        "{fr}"
    );
    assert!(
        fr.contains("art. 6 (indemnité forfaitaire de 40,00 € par facture)"),
        "{fr}"
    );
    assert!(fr.contains("10 jours ouvrables"), "{fr}");
    let nl = render(&ws, "formal", "2026-00102", "2026-03-31", &["--no-record"]);
    assert!(nl.contains("Ingebrekestelling"), "{nl}");
    assert!(
        nl.contains("het bedrag van € 1.059,20 uiterlijk op 15 april 2026"),
        "{nl}"
    );
    assert!(nl.contains("€ 1.050,44 10,5 % € 8,76"), "{nl}");
    let en = render(&ws, "formal", "2026-00103", "2026-03-31", &["--no-record"]);
    assert!(en.contains("Formal notice"), "{en}");
    assert!(
        en.contains("the sum of €1,059.20 no later than 15 April 2026"),
        "{en}"
    );
    assert!(en.contains("€1,210.00 10.5% €10.44"), "{en}");
    assert!(
        en.contains("start court proceedings without further notice"),
        "{en}"
    );
}

#[test]
fn consumer_formal_notice_after_the_wait_claims_the_capped_amounts() {
    let (_d, ws) = workspace();
    for n in ["2026-00201", "2026-00202", "2026-00203"] {
        record_reminder(&ws, n);
    }
    let fr = render(&ws, "formal", "2026-00201", "2026-04-01", &["--no-record"]);
    assert!(
        fr.contains("la somme de 667,36 € au plus tard le 16 avril 2026"),
        "{fr}"
    );
    assert!(fr.contains("premier rappel gratuit envoyé le 2 mars 2026 ; le délai de 14 jours a expiré le 18 mars 2026"), "{fr}");
    let nl = render(&ws, "formal", "2026-00202", "2026-04-01", &["--no-record"]);
    assert!(
        nl.contains("€ 667,36") && nl.contains("€ 60,50") && nl.contains("€ 1,86"),
        "{nl}"
    );
    let en = render(&ws, "formal", "2026-00203", "2026-04-01", &["--no-record"]);
    assert!(
        en.contains("the sum of €667.36 no later than 16 April 2026"),
        "{en}"
    );
}

#[test]
fn rendering_a_reminder_records_it_so_the_waiting_period_runs() {
    let (_d, ws) = workspace();
    let before =
        stdout(clausier(&ws).args(["latefee", "2026-00203", "--on", "2026-03-20", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&before).unwrap();
    assert_eq!(
        v["outstanding"]["total"], "605.00",
        "no reminder yet: principal only"
    );
    render(
        &ws,
        "reminder",
        "2026-00203",
        "2026-03-02",
        &["--channel", "paper"],
    );
    let events = std::fs::read_to_string(ws.join("events/2026-00203.events.yaml")).unwrap();
    assert!(
        events.contains("kind: reminder")
            && events.contains("date: 2026-03-02")
            && events.contains("channel: paper"),
        "{events}"
    );
    // 20 Mar: fees from 19 Mar → 605 + 60.50 + 2 days × 605 × 0.08 / 365 (0.27) = 665.77
    let after =
        stdout(clausier(&ws).args(["latefee", "2026-00203", "--on", "2026-03-20", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(v["book_xix"]["fees_from"], "2026-03-19");
    assert_eq!(v["outstanding"]["total"], "665.77");
}

#[test]
fn overdue_invoices_of_one_client_are_combined_in_one_notice() {
    let (_d, ws) = workspace();
    std::fs::write(
        ws.join("invoices/2026-00104.yaml"),
        invoice("pro-fr", "2026-00104", "2026-02-02", "2026-03-04", "100.00"),
    )
    .unwrap();
    // 2026-00104: 121.00, 5–31 Mar (27 d): 121 × 0.105 × 27/365 = 0.94; + 40.00 → 161.94
    // total with 2026-00101 (1,059.20): 1,221.14
    let out = ws.join("out/combined.pdf");
    stdout(
        clausier(&ws)
            .args([
                "notice",
                "formal",
                "2026-00101",
                "2026-00104",
                "--on",
                "2026-03-31",
                "--no-record",
                "-o",
            ])
            .arg(&out),
    );
    let text = pdf_text(&out);
    assert!(text.contains("factures 2026-00101, 2026-00104"), "{text}");
    assert!(
        text.contains("161,94 €") && text.contains("1.221,14 €"),
        "{text}"
    );
}

fn fails_with(c: &mut Command, needle: &str) {
    let out = c.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(needle), "{err}");
}

#[test]
fn date_before_the_invoice_exits_2() {
    let (_d, ws) = workspace();
    fails_with(
        clausier(&ws).args(["latefee", "2026-00101", "--on", "2025-12-31"]),
        "is before the date of invoice 2026-00101",
    );
}

#[test]
fn paid_invoice_exits_2() {
    let (_d, ws) = workspace();
    std::fs::write(
        ws.join("events/2026-00101.events.yaml"),
        "payments:\n  - { date: 2026-01-20, amount: \"1210.00\" }\n",
    )
    .unwrap();
    fails_with(
        clausier(&ws).args(["latefee", "2026-00101", "--on", "2026-03-31"]),
        "invoice 2026-00101 is fully paid",
    );
}

#[test]
fn unknown_invoice_exits_2() {
    let (_d, ws) = workspace();
    fails_with(
        clausier(&ws).args(["latefee", "2026-09999", "--on", "2026-03-31"]),
        "unknown invoice `2026-09999`",
    );
}

#[test]
fn date_past_the_rate_table_exits_2() {
    let (_d, ws) = workspace();
    fails_with(
        clausier(&ws).args(["latefee", "2026-00101", "--on", "2027-02-01"]),
        "no B2B statutory interest rate for 2027-H1",
    );
}

#[test]
fn consumer_formal_notice_before_any_reminder_exits_2() {
    let (_d, ws) = workspace();
    fails_with(
        clausier(&ws).args([
            "notice",
            "formal",
            "2026-00201",
            "--on",
            "2026-04-01",
            "--no-record",
        ]),
        "no reminder has been sent for invoice 2026-00201",
    );
}

#[test]
fn consumer_formal_notice_during_the_wait_exits_2() {
    let (_d, ws) = workspace();
    record_reminder(&ws, "2026-00201");
    fails_with(
        clausier(&ws).args([
            "notice",
            "formal",
            "2026-00201",
            "--on",
            "2026-03-18",
            "--no-record",
        ]),
        "runs until 2026-03-18",
    );
}

#[test]
fn invoices_of_different_clients_cannot_share_a_notice() {
    let (_d, ws) = workspace();
    fails_with(
        clausier(&ws).args([
            "notice",
            "reminder",
            "2026-00101",
            "2026-00102",
            "--on",
            "2026-03-31",
            "--no-record",
        ]),
        "belong to different clients",
    );
}

#[test]
fn a_second_consumer_reminder_claims_the_amounts_owed_after_the_wait() {
    // Reminder of 2 Mar (fees from 19 Mar); on 25 Mar: 19–25 Mar (7 d) × 8 %:
    // 605 × 0.08 × 7/365 = 0.93; + lump sum 60.50 → 666.43.
    let (_d, ws) = workspace();
    record_reminder(&ws, "2026-00203");
    let en = render(
        &ws,
        "reminder",
        "2026-00203",
        "2026-03-25",
        &["--no-record"],
    );
    assert!(
        en.contains("Payment reminder") && !en.contains("free of charge"),
        "{en}"
    );
    assert!(en.contains("the balance due is €666.43"), "{en}");
    assert!(en.contains("€0.93") && en.contains("€60.50"), "{en}");
}
