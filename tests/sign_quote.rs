//! Signed-ready quotes: the signature field over the acceptance block, the metadata that
//! names the quote, and `clausier verify` telling intact, altered and signed apart.

mod render_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use clausier::sign::verify::{Verdict, verify};
use clausier::sign::{FieldPlacement, find_signature_field};
use render_support::*;

/// Renders a quote file into `out` and returns the PDF's path.
fn render_quote(ws: &Path, file: &Path, out: &Path) -> PathBuf {
    clausier()
        .arg("--workspace")
        .arg(ws)
        .arg("quote")
        .arg(file)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    out.to_path_buf()
}

fn fresh_quote(tmp: &Path, text: &str) -> PathBuf {
    let ws = workspace(&tmp.join("ws"));
    let file = document(&ws, "quotes/q.yaml", text);
    render_quote(&ws, &file, &tmp.join("q.pdf"))
}

/// Page (1-based) and top-left corner (PDF points, origin bottom-left) of a word, read
/// back by pdftotext -bbox.
fn word_box(pdf: &Path, word: &str) -> (u32, f32, f32) {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    let html = String::from_utf8_lossy(&out.stdout);
    let mut page = 0;
    let mut height = 0f32;
    let attr = |line: &str, name: &str| -> f32 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    for line in html.lines() {
        if line.trim_start().starts_with("<page ") {
            page += 1;
            height = attr(line, "height");
        }
        if line.contains(&format!(">{word}</word>")) {
            return (page, attr(line, "xMin"), height - attr(line, "yMin"));
        }
    }
    panic!("{word} not found in {}", pdf.display());
}

fn qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf is installed");
    assert!(
        out.status.success(),
        "qpdf --check failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// 17 mm, the signature cell's height in templates/partials/acceptance.typ.
const CELL_HEIGHT_PT: f32 = 17.0 / 25.4 * 72.0;

#[test]
fn a_quote_has_an_unsigned_signature_field_over_its_signature_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = fresh_quote(tmp.path(), QUOTE_FR);
    let FieldPlacement { page, rect, name } =
        find_signature_field(&std::fs::read(&pdf).unwrap()).expect("a /FT /Sig widget");
    assert_eq!(name, "Signature-Q2026-0007");
    // The field's top-left corner is the cell's, where its "Signature" label starts.
    let (label_page, label_x, label_top) = word_box(&pdf, "Signature");
    assert_eq!(page, label_page);
    assert!((rect[0] - label_x).abs() < 0.01, "{rect:?} vs x {label_x}");
    assert!(
        (rect[3] - label_top).abs() < 3.0,
        "{rect:?} vs top {label_top}"
    );
    assert!(
        (rect[3] - rect[1] - CELL_HEIGHT_PT).abs() < 0.01,
        "{rect:?}"
    );
    qpdf_check(&pdf);
}

#[test]
fn the_signature_field_follows_the_acceptance_block_to_a_later_page() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text =
        String::from("client: harbour\nnumber: Q2026-0010\nissue_date: 2026-11-25\nlines:\n");
    for i in 1..=30 {
        text.push_str(&format!(
            "  - {{description: Sprint {i}, quantity: 1, unit: day, unit_price: 720, vat_rate: 0}}\n"
        ));
    }
    let pdf = fresh_quote(tmp.path(), &text);
    assert!(pages(&pdf) >= 2, "the fixture should span two pages");
    let field = find_signature_field(&std::fs::read(&pdf).unwrap()).unwrap();
    let (label_page, label_x, _) = word_box(&pdf, "Signature");
    assert!(label_page >= 2);
    assert_eq!(field.page, label_page);
    assert!((field.rect[0] - label_x).abs() < 0.01);
    assert_eq!(field.name, "Signature-Q2026-0010");
    qpdf_check(&pdf);
}

#[test]
fn quote_metadata_names_the_quote_and_its_content_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = fresh_quote(tmp.path(), QUOTE_EN);
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let field = |k: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(k))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    assert_eq!(field("Subject:"), "Q2026-0009");
    let keywords = field("Keywords:");
    let hash = keywords
        .split("content-sha256 ")
        .nth(1)
        .expect("content hash in keywords");
    assert_eq!(hash.len(), 64);
    // The same hash the footer prints.
    assert!(pdftotext(&pdf).contains(hash), "{keywords}");
    // The XMP packet says the same, for viewers that read it first.
    let bytes = std::fs::read(&pdf).unwrap();
    let xmp = format!("<pdf:Keywords>{keywords}</pdf:Keywords>");
    assert!(find(&bytes, xmp.as_bytes()).is_some(), "{xmp}");
}

#[test]
fn rendering_the_same_quote_twice_gives_byte_identical_signed_ready_pdfs() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "quotes/q.yaml", QUOTE_NL);
    let a = render_quote(&ws, &file, &tmp.path().join("a.pdf"));
    let b = render_quote(&ws, &file, &tmp.path().join("b.pdf"));
    assert!(std::fs::read(a).unwrap() == std::fs::read(b).unwrap());
}

#[test]
fn verify_says_intact_for_a_fresh_quote() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = fresh_quote(tmp.path(), QUOTE_FR);
    let report = verify(&std::fs::read(&pdf).unwrap()).unwrap();
    assert_eq!(report.verdict, Verdict::Intact);
    assert_eq!(report.quote_number.as_deref(), Some("Q2026-0007"));
    clausier()
        .arg("verify")
        .arg(&pdf)
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            "intact: quote Q2026-0007 is exactly as issued",
        ));
}

/// Byte offset of the data of the first page's first content stream.
fn content_stream_offset(bytes: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let contents = doc.get_page_contents(page);
    let (num, gen_) = contents[0];
    let header = format!("\n{num} {gen_} obj");
    let at = find(bytes, header.as_bytes()).unwrap();
    at + find(&bytes[at..], b"stream").unwrap() + "stream\n".len()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn verify_says_altered_after_a_one_byte_change_in_a_content_stream() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = fresh_quote(tmp.path(), QUOTE_FR);
    let mut bytes = std::fs::read(&pdf).unwrap();
    let at = content_stream_offset(&bytes) + 20;
    bytes[at] ^= 0x01;
    std::fs::write(&pdf, &bytes).unwrap();
    let report = verify(&bytes).unwrap();
    assert_eq!(
        report.verdict,
        Verdict::Altered {
            page_content: true,
            metadata: false
        }
    );
    clausier()
        .arg("verify")
        .arg(&pdf)
        .assert()
        .code(1)
        .stdout(predicates::str::starts_with(
            "altered: quote Q2026-0007: page content changed since it was issued",
        ));
}

#[test]
fn verify_says_altered_when_a_font_changes_but_the_pages_do_not() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = fresh_quote(tmp.path(), QUOTE_FR);
    let mut bytes = std::fs::read(&pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let font_file = doc
        .objects
        .values()
        .find_map(|o| {
            let d = o.as_dict().ok()?;
            ["FontFile", "FontFile2", "FontFile3"]
                .iter()
                .find_map(|k| d.get(k.as_bytes()).ok()?.as_reference().ok())
        })
        .expect("an embedded font");
    let header = format!("\n{} {} obj", font_file.0, font_file.1);
    let at = find(&bytes, header.as_bytes()).unwrap();
    let stream = at + find(&bytes[at..], b"stream").unwrap() + "stream\n".len();
    bytes[stream + 40] ^= 0x01;
    let report = verify(&bytes).unwrap();
    assert_eq!(
        report.verdict,
        Verdict::Altered {
            page_content: false,
            metadata: false
        }
    );
}

#[test]
fn verify_says_altered_when_the_metadata_was_edited() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = fresh_quote(tmp.path(), QUOTE_FR);
    let mut bytes = std::fs::read(&pdf).unwrap();
    let at = find(&bytes, b"/Subject").unwrap();
    let digit = at + find(&bytes[at..], b"0007").unwrap() + 3;
    bytes[digit] = b'8';
    let report = verify(&bytes).unwrap();
    assert_eq!(
        report.verdict,
        Verdict::Altered {
            page_content: false,
            metadata: true
        }
    );
}

/// Appends what a signing tool writes: a signature dictionary, the widget now pointing at
/// it, and an xref section whose trailer chains to the issued one with /Prev.
fn append_signature(bytes: &[u8], signer: &str, when: &str) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let size = doc.trailer.get(b"Size").unwrap().as_i64().unwrap() as u32;
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let (widget_id, widget) = doc
        .objects
        .iter()
        .find_map(|(id, o)| {
            let d = o.as_dict().ok()?;
            (d.get(b"FT").ok()?.as_name().ok()? == b"Sig").then_some((*id, d.clone()))
        })
        .unwrap();
    let rect: Vec<String> = widget
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap().to_string())
        .collect();
    let page = widget.get(b"P").unwrap().as_reference().unwrap();
    let text = String::from_utf8_lossy(bytes);
    let prev: usize = text
        .rsplit("startxref")
        .next()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();

    let mut out = bytes.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let sig_id = size;
    let sig_at = out.len();
    out.extend_from_slice(
        format!(
            "{sig_id} 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached \
             /Name ({signer}) /M ({when}) /ByteRange [0 0 0 0] /Contents <{}> >>\nendobj\n",
            "0".repeat(64)
        )
        .as_bytes(),
    );
    let widget_at = out.len();
    out.extend_from_slice(
        format!(
            "{} {} obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature-Q2026-0007) \
             /F 132 /P {} {} R /Rect [{}] /V {sig_id} 0 R >>\nendobj\n",
            widget_id.0,
            widget_id.1,
            page.0,
            page.1,
            rect.join(" ")
        )
        .as_bytes(),
    );
    let xref_at = out.len();
    out.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \n{} 1\n{widget_at:010} {:05} n \n{sig_id} 1\n{sig_at:010} 00000 n \n\
             trailer\n<< /Size {} /Root {} {} R /Info {} {} R /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n",
            widget_id.0,
            widget_id.1,
            sig_id + 1,
            root.0,
            root.1,
            info.0,
            info.1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn verify_says_signed_after_a_signature_is_appended_as_an_incremental_update() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = fresh_quote(tmp.path(), QUOTE_FR);
    let signed = append_signature(
        &std::fs::read(&pdf).unwrap(),
        "Marie Dupont",
        "D:20261124101500+01'00'",
    );
    let signed_pdf = tmp.path().join("signed.pdf");
    std::fs::write(&signed_pdf, &signed).unwrap();
    qpdf_check(&signed_pdf);
    let report = verify(&signed).unwrap();
    assert_eq!(
        report.verdict,
        Verdict::Signed {
            name: Some("Marie Dupont".into()),
            time: Some("D:20261124101500+01'00'".into()),
            changed_after_issue: false,
        }
    );
    clausier()
        .arg("verify")
        .arg(&signed_pdf)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "signed: quote Q2026-0007 is intact and a signature was added\n  signer: Marie Dupont\n  time: D:20261124101500+01'00'",
        ))
        .stdout(predicates::str::contains("cryptographic validity is not checked"));
}

#[test]
fn verify_refuses_a_pdf_that_is_not_a_clausier_quote() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let pdf = tmp.path().join("inv.pdf");
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(&file)
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    clausier()
        .arg("verify")
        .arg(&pdf)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "not a signed-ready quote issued by clausier",
        ));
}

#[test]
fn verify_with_the_quote_yaml_recomputes_the_content_hash_from_the_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(&ws, "quotes/q.yaml", QUOTE_FR);
    let pdf = render_quote(&ws, &file, &tmp.path().join("q.pdf"));
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("verify")
        .arg(&pdf)
        .arg("--quote")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "gives the same quote number and content hash",
        ));
    // The price was changed in the YAML after the PDF went out.
    std::fs::write(
        &file,
        QUOTE_FR.replace("unit_price: 620", "unit_price: 640"),
    )
    .unwrap();
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("verify")
        .arg(&pdf)
        .arg("--quote")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "changed since the PDF was issued: it now gives quote Q2026-0007, content-sha256 ",
        ));
}

#[test]
fn verify_never_panics_on_a_truncated_or_damaged_pdf() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = fresh_quote(tmp.path(), QUOTE_FR);
    let bytes = std::fs::read(&pdf).unwrap();
    let step = (bytes.len() / 60).max(1);
    for cut in (0..bytes.len()).step_by(step) {
        // Either a verdict or a plain error: never a panic, never "intact".
        if let Ok(r) = verify(&bytes[..cut]) {
            assert_ne!(r.verdict, Verdict::Intact, "truncated at {cut}");
        }
        let mut damaged = bytes.clone();
        damaged[cut] = damaged[cut].wrapping_add(1);
        if let Ok(r) = verify(&damaged) {
            assert_ne!(r.verdict, Verdict::Intact, "byte {cut} changed");
        }
        let _ = find_signature_field(&damaged);
    }
    assert!(verify(b"").is_err());
    assert!(verify(b"%PDF-1.7\n%%EOF\n").is_err());
}
