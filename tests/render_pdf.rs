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

#[test]
fn emit_typst_keeps_the_source_of_a_template_that_fails_to_compile() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "invoices/fr.yaml", INVOICE_FR);
    std::fs::create_dir_all(ws.join("templates")).unwrap();
    std::fs::write(
        ws.join("templates/invoice.typ"),
        "#let d = json({{ files.data | typst_str }})\n#d.no_such_field\n",
    )
    .unwrap();
    let out = clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .arg("--emit-typst")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dictionary does not contain key \"no_such_field\""),
        "{stderr}"
    );
    let dir = ws.join("out/invoice");
    assert!(dir.join("2026-00042.typ").is_file() && dir.join("2026-00042.json").is_file());
    assert!(
        !dir.join("2026-00042.pdf").exists(),
        "no PDF for a failed compile"
    );
}

#[test]
fn bad_input_is_reported_with_its_position_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(
        &ws,
        "invoices/bad.yaml",
        &INVOICE_FR.replace("vat_rate: 6}", "vat_rate: 7}"),
    );
    let out = clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.yaml:"), "{stderr}");
    assert!(stderr.contains("unknown VAT rate 7"), "{stderr}");
    assert!(
        !ws.join("out").exists(),
        "nothing may be written to out/ on bad input"
    );
}

#[test]
fn bundle_mode_renders_several_invoices_in_one_typst_process() {
    use clausier::model::{InvoiceDoc, Source, resolve_invoice};
    let tmp = tempfile::tempdir().unwrap();
    let ws = clausier::workspace::Workspace::load(&workspace(&tmp.path().join("ws"))).unwrap();
    let renderer = clausier::render::Renderer::for_workspace(&ws).unwrap();
    let root = tmp.path().join("bundle");
    let mut main = String::new();
    for yaml in [INVOICE_FR, INVOICE_EN] {
        let src = Source::new(ws.root.join("i.yaml"), yaml);
        let doc: InvoiceDoc = src.parse().unwrap();
        let r = renderer
            .invoice(&ws, &resolve_invoice(&ws, &src, &doc, None).unwrap())
            .unwrap();
        let dir = root.join("d").join(&r.stem);
        std::fs::create_dir_all(&dir).unwrap();
        r.sandbox.write_to(&dir).unwrap();
        main.push_str(&format!(
            "#document(\"{0}.pdf\")[#include \"d/{0}/{0}.typ\"]\n",
            r.stem
        ));
    }
    std::fs::write(root.join("main.typ"), main).unwrap();
    let out = tmp.path().join("pdfs");
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    clausier::typst::compile_bundle(
        &root,
        std::path::Path::new("main.typ"),
        &out,
        date,
        &clausier::typst::Options::default(),
    )
    .unwrap();
    assert_contains_all(
        &pdftotext(&out.join("2026-00042.pdf")),
        &["FACTURE", "3.575,39 €", "Page 1 sur 1"],
    );
    assert_contains_all(
        &pdftotext(&out.join("2026-00044.pdf")),
        &["INVOICE", "€7,137.50", "Page 1 of 1"],
    );
}

#[test]
fn ejected_templates_are_edited_in_the_workspace_and_used_from_then_on() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let out = clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("templates")
        .arg("--eject")
        .arg("partials/base.typ")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("written"));
    let base = ws.join("templates/partials/base.typ");
    let text = std::fs::read_to_string(&base).unwrap();
    assert!(text.contains("rgb(\"#243447\")"));
    std::fs::write(&base, text.replace("rgb(\"#243447\")", "rgb(\"#8a1538\")")).unwrap();
    let listing = clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("templates")
        .assert()
        .success()
        .get_output()
        .clone();
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(
        listing.contains("built-in  invoice.typ")
            && listing.contains("workspace ")
            && listing.contains("partials/base.typ"),
        "{listing}"
    );
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .arg("--emit-typst")
        .assert()
        .success();
    let typ = std::fs::read_to_string(ws.join("out/invoice/2026-00042.typ")).unwrap();
    assert!(
        typ.contains("rgb(\"#8a1538\")"),
        "the workspace's partial replaces the built-in one"
    );
    // Ejecting again never overwrites the user's edit.
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("templates")
        .arg("--eject")
        .assert()
        .success();
    assert!(std::fs::read_to_string(&base).unwrap().contains("#8a1538"));
    assert!(ws.join("templates/i18n.yaml").is_file() && ws.join("templates/quote.typ").is_file());
}

#[test]
fn typst_warnings_reach_the_user() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "invoices/fr.yaml", INVOICE_FR);
    std::fs::create_dir_all(ws.join("templates")).unwrap();
    std::fs::write(
        ws.join("templates/invoice.typ"),
        "#set text(font: \"Comic Sans MS\")\nBonjour\n",
    )
    .unwrap();
    let out = clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: typst: unknown font family: comic sans ms"),
        "{stderr}"
    );
}
