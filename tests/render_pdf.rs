//! Properties of the PDF itself: reproducible bytes, pagination of long invoices with the
//! table header on every page, and `--emit-typst` for debugging.

mod render_support;

use render_support::*;

#[test]
fn rendering_the_same_invoice_twice_gives_byte_identical_pdfs() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let (a, b) = (tmp.path().join("a.pdf"), tmp.path().join("b.pdf"));
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .arg("-o")
        .arg(&a)
        .assert()
        .success();
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .arg("-o")
        .arg(&b)
        .assert()
        .success();
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(a.starts_with(b"%PDF-"));
    assert!(a == b, "two renders of the same invoice differ");
}

#[test]
fn the_pdf_creation_date_is_the_issue_date_not_the_clock() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let pdf = tmp.path().join("a.pdf");
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    let info = std::process::Command::new("pdfinfo")
        .arg("-isodates")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("2026-11-02T00:00:00"), "{info}");
    assert!(
        info.lines()
            .any(|l| l.starts_with("Title:") && l.contains("Facture 2026-00042")),
        "{info}"
    );
}

#[test]
fn a_two_hundred_line_invoice_paginates_with_the_table_header_on_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let mut yaml =
        String::from("client: dupont\nnumber: 2026-00200\nissue_date: 2026-11-02\nlines:\n");
    for i in 1..=200 {
        yaml.push_str(&format!("  - {{description: Prestation numéro {i}, quantity: 1, unit: h, unit_price: 10, vat_rate: 21}}\n"));
    }
    let file = document(&ws, "invoices/long.yaml", &yaml);
    let pdf = tmp.path().join("long.pdf");
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    let pages = pages(&pdf);
    assert!(pages >= 5, "200 lines fit on {pages} pages?");
    let text = pdftotext(&pdf);
    let per_page: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(per_page.len(), pages);
    for (i, page) in per_page.iter().enumerate() {
        assert!(
            page.contains("Prix unitaire HTVA"),
            "table header missing on page {}",
            i + 1
        );
        assert!(
            page.contains(&format!("Page {} sur {pages}", i + 1)),
            "page number missing on page {}",
            i + 1
        );
    }
    assert!(text.contains("Prestation numéro 1\n") && text.contains("Prestation numéro 200"));
    // 200 × 10.00 = 2000.00, VAT 420.00.
    assert_contains_all(&text, &["2.000,00 €", "420,00 €", "2.420,00 €"]);
}

#[test]
fn emit_typst_keeps_the_source_its_data_and_the_qr_code_next_to_the_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let out = render_with_emit_typst(&ws, &file);
    let dir = ws.join("out/invoice");
    assert_eq!(out.trim(), dir.join("2026-00042.pdf").display().to_string());
    for f in [
        "2026-00042.pdf",
        "2026-00042.typ",
        "2026-00042.json",
        "2026-00042.qr.svg",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let typ = std::fs::read_to_string(dir.join("2026-00042.typ")).unwrap();
    assert!(typ.contains("json(\"2026-00042.json\")"));
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("2026-00042.json")).unwrap()).unwrap();
    assert_eq!(data["total_incl"], "3.575,39 €");
    assert_eq!(data["payment"]["communication"], "+++020/2600/04222+++");
}

fn render_with_emit_typst(ws: &std::path::Path, file: &std::path::Path) -> String {
    let out = clausier()
        .arg("--workspace")
        .arg(ws)
        .arg("invoice")
        .arg(file)
        .arg("--emit-typst")
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(out.stdout).unwrap()
}
