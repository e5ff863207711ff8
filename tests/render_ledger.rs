//! `clausier invoice FILE` for a file without `number:`: the ledger gives the next number
//! (gap-free), a re-run reuses it, bad input burns none, and `ledger verify` agrees.

mod render_support;

use render_support::*;

const UNNUMBERED: &str = "client: dupont\nissue_date: 2026-11-05\nlines:\n  - {description: Audit, quantity: 1, unit_price: 500, vat_rate: 21}\n";

fn invoice(ws: &std::path::Path, file: &std::path::Path) -> assert_cmd::assert::Assert {
    clausier()
        .arg("--workspace")
        .arg(ws)
        .arg("invoice")
        .arg(file)
        .assert()
}

#[test]
fn unnumbered_invoices_get_consecutive_numbers_and_a_rerun_reuses_its_number() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let a = document(&ws, "invoices/a.yaml", UNNUMBERED);
    let b = document(
        &ws,
        "invoices/b.yaml",
        &UNNUMBERED.replace("Audit", "Formation"),
    );
    let first = invoice(&ws, &a).success().get_output().clone();
    assert!(String::from_utf8_lossy(&first.stderr).contains("allocated invoice number 2026-00001"));
    invoice(&ws, &b).success();
    let pdf = ws.join("out/invoice/2026-00001.pdf");
    let before = std::fs::read(&pdf).unwrap();
    let again = invoice(&ws, &a).success().get_output().clone();
    assert!(
        !String::from_utf8_lossy(&again.stderr).contains("allocated"),
        "a re-run allocates nothing"
    );
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        before,
        "a re-run renders the same bytes"
    );
    assert_contains_all(
        &pdftotext(&ws.join("out/invoice/2026-00002.pdf")),
        &["N° 2026-00002", "Formation", "605,00 €"],
    );
    let verify = clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("ledger")
        .arg("verify")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&verify.stdout).contains("invoice series 2026: 1..2"));
}

#[test]
fn bad_input_burns_no_number() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let bad = document(
        &ws,
        "invoices/bad.yaml",
        &UNNUMBERED.replace("vat_rate: 21", "vat_rate: 19"),
    );
    invoice(&ws, &bad).code(2);
    let good = document(&ws, "invoices/good.yaml", UNNUMBERED);
    let out = invoice(&ws, &good).success().get_output().clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("allocated invoice number 2026-00001"));
}

#[test]
fn an_issued_invoice_edited_afterwards_is_rendered_as_issued_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let a = document(&ws, "invoices/a.yaml", UNNUMBERED);
    invoice(&ws, &a).success();
    std::fs::write(&a, UNNUMBERED.replace("unit_price: 500", "unit_price: 600")).unwrap();
    let out = invoice(&ws, &a).success().get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("was issued as invoice 2026-00001 and has changed since"),
        "{stderr}"
    );
    assert!(stderr.contains("credit note"), "{stderr}");
    let text = pdftotext(&ws.join("out/invoice/2026-00001.pdf"));
    assert_contains_all(&text, &["605,00 €"]);
    assert!(
        !text.contains("726,00"),
        "the edited amount is not printed on the issued invoice"
    );
}
