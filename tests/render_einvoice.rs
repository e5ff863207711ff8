//! Invoices as e-invoices: `--ubl` writes the Peppol UBL next to the PDF, `--pdf-a3`
//! makes a hybrid PDF/A-3b carrying the UBL, and a consumer invoice is refused before
//! anything is written.

mod render_support;

use std::process::Command;

use render_support::*;

#[test]
fn ubl_flag_writes_the_peppol_xml_next_to_the_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let out = clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .arg("--ubl")
        .assert()
        .success()
        .get_output()
        .clone();
    let dir = ws.join("out/invoice");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        format!(
            "{}\n{}\n",
            dir.join("2026-00042.pdf").display(),
            dir.join("2026-00042.xml").display()
        )
    );
    let xml = std::fs::read_to_string(dir.join("2026-00042.xml")).unwrap();
    assert!(xml.contains("<cbc:ID>2026-00042</cbc:ID>"), "{xml}");
    assert!(xml.contains("3575.39"), "the UBL carries the PDF's total");
}

#[test]
fn pdf_a3_flag_attaches_the_ubl_inside_a_pdf_a_3b() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let pdf = tmp.path().join("hybrid.pdf");
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .arg("--pdf-a3")
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    let list = Command::new("qpdf")
        .arg("--list-attachments")
        .arg(&pdf)
        .output()
        .expect("qpdf is installed (make setup)");
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("2026-00042.ubl.xml"),
        "{}",
        String::from_utf8_lossy(&list.stdout)
    );
    let attached = Command::new("qpdf")
        .arg("--show-attachment=2026-00042.ubl.xml")
        .arg(&pdf)
        .output()
        .unwrap();
    let attached = String::from_utf8(attached.stdout).unwrap();
    assert!(attached.starts_with("<?xml") && attached.contains("<cbc:ID>2026-00042</cbc:ID>"));
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("pdfaid:part") && text.contains("pdfaid:conformance"),
        "PDF/A identification in the XMP metadata"
    );
    assert!(
        tmp.path().join("hybrid.xml").is_file(),
        "--pdf-a3 implies --ubl"
    );
    assert_contains_all(&pdftotext(&pdf), &["3.575,39 €", "+++020/2600/04222+++"]);
}

#[test]
fn a_consumer_invoice_cannot_be_a_peppol_e_invoice_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "invoices/nl.yaml", INVOICE_NL);
    let out = clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .arg("--ubl")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Peppol e-invoices are for business customers"),
        "{stderr}"
    );
    assert!(!ws.join("out").exists());
}

#[test]
fn a_quote_has_no_ubl_option() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "quotes/fr.yaml", QUOTE_FR);
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("quote")
        .arg(&file)
        .arg("--ubl")
        .assert()
        .code(2);
}
