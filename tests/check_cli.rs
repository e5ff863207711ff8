//! `clausier check`: the demo workspace's terms agree with its documents; a changed rate,
//! payment term or a published terms text that disagrees is reported where it is written.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// 2025-H2: statutory B2B rate 10.5 % (published), legal interest rate 4.5 %.
const DATE: &str = "2025-09-15";

fn clausier() -> Command {
    let mut c = Command::cargo_bin("clausier").expect("binary built");
    c.env_remove("GITHUB_ACTIONS");
    c
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A fresh copy of examples/agency.
fn agency() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("agency");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency"),
        &ws,
    );
    (dir, ws)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn check(ws: &Path, extra: &[&str]) -> Command {
    let mut c = clausier();
    c.current_dir(ws)
        .args(["check", "--date", DATE])
        .args(extra);
    c
}

fn json(ws: &Path) -> Value {
    let out = check(ws, &["--format", "json"]).output().unwrap();
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

#[test]
fn the_demo_workspace_terms_agree_with_its_documents() {
    let (_dir, ws) = agency();
    check(&ws, &["--lang", "en"])
        .assert()
        .code(0)
        .stdout("0 mismatches between 2 terms files and the documents\n")
        .stderr("");
    let v = json(&ws);
    assert_eq!(
        v["terms"],
        serde_json::json!(["terms/terms-b2b.yaml", "terms/terms-b2c.yaml"])
    );
    assert_eq!(v["findings"], serde_json::json!([]));
}

#[test]
fn a_changed_rate_in_the_terms_is_reported_with_both_values() {
    let (_dir, ws) = agency();
    edit(
        &ws.join("terms/terms-b2b.yaml"),
        "  - late-payment-b2b\n",
        "  - id: late-payment-b2b\n    params:\n      rate: 12\n",
    );
    check(&ws, &["--lang", "en"]).assert().code(1).stdout(
        "terms/terms-b2b.yaml:20:13: error[XDOC001] late-interest-mismatch: Late-payment interest: the terms say \"12%\", the documents print \"rate of the Law of 2 August 2002 (10.5% a year in the second half of 2025)\".
   |
20 |       rate: 12
   |             ^^
   = terms: 12%
   = documents: rate of the Law of 2 August 2002 (10.5% a year in the second half of 2025) (from data/rates.yaml)
   = hint: make both say the same: change the rate in the terms, or the clause in late-payment.yaml that writes the invoice note; then have the article proofread

1 mismatch between 2 terms files and the documents
",
    );
    // The workspace's language by default (fr here).
    check(&ws, &[]).assert().code(1).stdout(predicate::str::starts_with(
        "terms/terms-b2b.yaml:20:13: error[XDOC001] late-interest-mismatch: Intérêt de retard : les conditions disent « 12 % », les documents impriment « taux de la loi du 2 août 2002 (10,5 % l'an au 2e semestre 2025) ».\n",
    ));
    check(&ws, &["--lang", "nl"]).assert().code(1).stdout(predicate::str::contains(
        "Verwijlintrest: de voorwaarden zeggen \"12 %\", de documenten drukken \"rentevoet van de wet van 2 augustus 2002 (10,5 % per jaar in het 2e semester 2025)\" af.\n",
    ));
    // The same rate as the invoices is no mismatch.
    edit(
        &ws.join("terms/terms-b2b.yaml"),
        "rate: 12\n",
        "rate: 10.5\n",
    );
    check(&ws, &[]).assert().code(0);
}

#[test]
fn a_payment_term_that_differs_from_the_clients_invoices_is_reported() {
    let (_dir, ws) = agency();
    edit(
        &ws.join("terms/terms-b2b.yaml"),
        "      days: 30\n",
        "      days: 45\n",
    );
    let v = json(&ws);
    let found: Vec<(String, u64, u64, String, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["terms"].as_str().unwrap().into(),
                f["documents"].as_str().unwrap().into(),
                f["documents_source"].as_str().unwrap().into(),
            )
        })
        .collect();
    let row = |src: &str| {
        (
            "XDOC003".to_string(),
            17,
            13,
            "45 jours".to_string(),
            "30 jours".to_string(),
            src.to_string(),
        )
    };
    assert_eq!(
        found,
        vec![
            row("clients/boulangerie-dupont.yaml:13:20 payment_term_days"),
            row("clients/harbour-analytics.yaml:13:20 payment_term_days"),
        ]
    );
    check(&ws, &["--lang", "en"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "terms/terms-b2b.yaml:17:13: error[XDOC003] payment-term-mismatch: Payment term: the terms say \"45 days\", the documents print \"30 days\".\n",
        ));
}

#[test]
fn a_consumer_term_is_compared_with_the_consumer_clients() {
    let (_dir, ws) = agency();
    edit(
        &ws.join("clients/sanne-de-vries.yaml"),
        "payment_term_days: 14",
        "payment_term_days: 21",
    );
    check(&ws, &["--lang", "en"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "terms/terms-b2c.yaml:16:13: error[XDOC003] payment-term-mismatch: Payment term: the terms say \"14 days\", the documents print \"21 days\".\n   |\n16 |       days: 14\n   |             ^^\n   = terms: 14 days\n   = documents: 21 days (from clients/sanne-de-vries.yaml:12:20 payment_term_days)\n",
        ));
}

#[test]
fn published_terms_text_is_read_like_the_auditor_reads_it() {
    let (_dir, ws) = agency();
    std::fs::write(
        ws.join("terms/cgv-b2b.md"),
        "# Conditions générales – Studio Clairière SRL

Les présentes conditions s'appliquent exclusivement aux clients professionnels.

## 1. Devis
Nos devis sont valables 15 jours à compter de leur date.

## 2. Paiement
Les factures sont payables à 30 jours de leur date.

## 3. Retard de paiement
Toute somme impayée à l'échéance porte un intérêt de 12 % l'an. Une indemnité forfaitaire de 50 EUR est due pour les frais de recouvrement.

## 4. Litiges
Les tribunaux de l'arrondissement judiciaire de Liège sont seuls compétents.
",
    )
    .unwrap();
    edit(
        &ws.join("clausier.yaml"),
        "numbering:",
        "terms:\n  - terms/cgv-b2b.md\nnumbering:",
    );
    let v = json(&ws);
    assert_eq!(v["terms"], serde_json::json!(["terms/cgv-b2b.md"]));
    let found: Vec<(String, u64, u64, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["terms"].as_str().unwrap().into(),
                f["documents"].as_str().unwrap().into(),
            )
        })
        .collect();
    let r = |c: &str, l: u64, col: u64, t: &str, d: &str| {
        (c.to_string(), l, col, t.to_string(), d.to_string())
    };
    assert_eq!(
        found,
        vec![
            r("XDOC004", 6, 25, "15 jours", "30 jours"),
            r(
                "XDOC001",
                12,
                54,
                "12 % l'an",
                "taux de la loi du 2 août 2002 (10,5 % l'an au 2e semestre 2025)"
            ),
            r(
                "XDOC002",
                12,
                69,
                "indemnité forfaitaire de 50 EUR",
                "40,00 €"
            ),
            r("XDOC005", 15, 49, "Liège", "RPM Bruxelles"),
        ]
    );
    assert_eq!(
        v["findings"][3]["documents_source"],
        "clausier.yaml:13:8 issuer.rpm"
    );
}

#[test]
fn a_terms_file_that_does_not_exist_is_an_input_error() {
    let (_dir, ws) = agency();
    edit(
        &ws.join("clausier.yaml"),
        "numbering:",
        "terms:\n  - terms/published.md\nnumbering:",
    );
    check(&ws, &[])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "clausier.yaml:26:5: error: field `terms[0]`: file `terms/published.md` not found\n",
        ))
        .stderr(predicate::str::contains(
            "  hint: paths are relative to the workspace root",
        ));
}

#[test]
fn every_kind_of_mismatch_in_selection_files() {
    let (_dir, ws) = agency();
    let b2b = ws.join("terms/terms-b2b.yaml");
    edit(
        &b2b,
        "      validity_days: 30\n",
        "      validity_days: 60\n",
    );
    edit(
        &b2b,
        "court: {fr: Bruxelles, nl: Brussel, en: Brussels}",
        "court: {fr: Liège, nl: Luik, en: Liège}",
    );
    edit(
        &b2b,
        "  - late-payment-b2b\n",
        "  - id: late-payment-b2b\n    params:\n      flat_compensation: 30\n",
    );
    let b2c = ws.join("terms/terms-b2c.yaml");
    edit(
        &b2c,
        "  - late-payment-b2c\n",
        "  - id: late-payment-b2c\n    params:\n      fee_small: 15\n",
    );
    // Invoices to consumers print no interest any more.
    edit(
        &ws.join("late-payment.yaml"),
        "  interest_at_legal_rate: true\n",
        "",
    );
    let v = json(&ws);
    let found: Vec<(String, String, u64, u64, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["file"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["terms"].as_str().unwrap().into(),
                f["documents"].as_str().unwrap().into(),
            )
        })
        .collect();
    let r = |c: &str, f: &str, l: u64, col: u64, t: &str, d: &str| {
        (
            c.to_string(),
            f.to_string(),
            l,
            col,
            t.to_string(),
            d.to_string(),
        )
    };
    let xix = "100,00 € → 20,00 €, 400,00 € → 55,00 €, 1.000,00 € → 90,00 €, 5.000,00 € → 290,00 €, 60.000,00 € → 2.000,00 €";
    let ours = "100,00 € → 15,00 €, 400,00 € → 55,00 €, 1.000,00 € → 90,00 €, 5.000,00 € → 290,00 €, 60.000,00 € → 2.000,00 €";
    assert_eq!(
        found,
        vec![
            r(
                "XDOC004",
                "terms/terms-b2b.yaml",
                12,
                22,
                "60 jours",
                "30 jours"
            ),
            r(
                "XDOC002",
                "terms/terms-b2b.yaml",
                20,
                26,
                "30,00 €",
                "40,00 €"
            ),
            r(
                "XDOC005",
                "terms/terms-b2b.yaml",
                40,
                14,
                "Liège",
                "RPM Bruxelles"
            ),
            r(
                "XDOC001",
                "terms/terms-b2c.yaml",
                17,
                9,
                "taux d'intérêt légal (4,5 % en 2025)",
                "aucun intérêt"
            ),
            r("XDOC002", "terms/terms-b2c.yaml", 19, 18, ours, xix),
        ]
    );
}
