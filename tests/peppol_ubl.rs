//! Invoices and credit notes mapped to Peppol UBL: every generated file must pass
//! the UBL XSD, the CEN EN 16931 rules and the Peppol BIS 3.0.21 rules, and carry
//! exactly the amounts `crate::money` computed for the PDF. All documents of this
//! binary are validated in one batch (one Saxon start per rule set).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clausier::model::{self, CreditNoteDoc, InvoiceDoc, Source};
use clausier::peppol::{EmbeddedPdf, Report, UblDocument, Validator, to_ubl, write_ubl};
use clausier::workspace::Workspace;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/peppol")
        .join(rel)
}

fn invoice(ws: &str, yaml: &str) -> model::ResolvedInvoice {
    let ws = Workspace::load(&fixture(ws)).unwrap();
    let src = Source::new("invoice.yaml", yaml);
    let doc: InvoiceDoc = src.parse().unwrap();
    model::resolve_invoice(&ws, &src, &doc, None).unwrap()
}

fn credit_note(ws: &str, yaml: &str) -> model::ResolvedCreditNote {
    let ws = Workspace::load(&fixture(ws)).unwrap();
    let src = Source::new("credit-note.yaml", yaml);
    let doc: CreditNoteDoc = src.parse().unwrap();
    model::resolve_credit_note(&ws, &src, &doc, None).unwrap()
}

const MULTI_RATE: &str = r#"
client: brasserie
number: 2026-00042
issue_date: 2026-11-20
buyer_reference: PO-7781
subject: Nieuwe website
lines:
  - description: Webdesign
    quantity: 12
    unit: h
    unit_price: 85
    vat_rate: 21
    discount_percent: 10
  - description: Gedrukte brochures
    quantity: 250
    unit: pcs
    unit_price: 1.2
    vat_rate: 6
  - description: Hosting, eerste jaar gratis
    quantity: 1
    unit_price: 0
    vat_rate: 21
  - description: Dagblad De Tijd, abonnement
    quantity: 3
    unit_price: 19.99
    vat_rate: 0
"#;

const DISCOUNTS: &str = r#"
client: brasserie
number: 2026-00044
issue_date: 2026-11-20
buyer_reference: " "
lines:
  - description: "Coaching\nTwee sessies, inclusief voorbereiding"
    quantity: 1.5
    unit: uur
    unit_price: 72.35
    vat_rate: 21
    discount_percent: 12.5
  - description: Licenties
    quantity: 3
    unit_price: 33.33
    vat_rate: 21
    discount_percent: 33.333
  - description: Voorschot gefactureerd op 2026-10-01
    quantity: -1
    unit_price: 100
    vat_rate: 21
"#;

const REVERSE_CHARGE_BE: &str = r#"
client: bouw
number: 2026-00045
issue_date: 2026-11-20
supply_date: 2026-11-14
vat_treatment: reverse_charge
lines:
  - description: Pose de carrelage
    quantity: 35
    unit: m2
    unit_price: 42.5
    vat_rate: 0
"#;

const SERVICES_TO_GERMANY: &str = r#"
client: berlin
number: 2026-00046
issue_date: 2026-11-20
lines:
  - description: UX audit
    quantity: 3
    unit: days
    unit_price: 750
    vat_rate: 0
"#;

const GOODS_TO_NETHERLANDS: &str = r#"
client: amsterdam
number: 2026-00047
issue_date: 2026-11-20
supply_date: 2026-11-18
vat_treatment: intra_eu
lines:
  - description: Handmade ceramic lamps
    quantity: 20
    unit: pcs
    unit_price: 64.9
    vat_rate: 0
"#;

const FRANCHISE: &str = r#"
client: atelier
number: 2026-00007
issue_date: 2026-11-20
lines:
  - description: Fotoreportage
    quantity: 1
    unit: forfait
    unit_price: 450
    vat_rate: 0
"#;

const CREDIT_NOTE: &str = r#"
client: brasserie
number: CN2026-00003
issue_date: 2026-11-25
invoice_number: 2026-00042
invoice_date: 2026-11-20
reason: Brochures beschadigd geleverd
lines:
  - description: Gedrukte brochures (50 beschadigd)
    quantity: 50
    unit: pcs
    unit_price: 1.2
    vat_rate: 6
"#;

/// A stand-in for the rendered PDF: the UBL only needs its bytes.
const FAKE_PDF: &[u8] = b"%PDF-1.7\n% clausier test\n";

struct Generated {
    xml: String,
    report: Report,
}

/// Every case of this file: generated, then validated in one batch.
fn generated() -> &'static BTreeMap<&'static str, Generated> {
    static ALL: OnceLock<BTreeMap<&'static str, Generated>> = OnceLock::new();
    ALL.get_or_init(|| {
        let pdf = EmbeddedPdf {
            filename: "2026-00042.pdf",
            bytes: FAKE_PDF,
        };
        let mut xmls: Vec<(&'static str, String)> = Vec::new();
        let inv = |name, ws, yaml| {
            let doc = invoice(ws, yaml);
            (name, to_ubl(UblDocument::Invoice(&doc), None).unwrap())
        };
        xmls.push(inv("discounts", "ws", DISCOUNTS));
        xmls.push(inv("reverse_charge_be", "ws", REVERSE_CHARGE_BE));
        xmls.push(inv("services_to_germany", "ws", SERVICES_TO_GERMANY));
        xmls.push(inv("goods_to_netherlands", "ws", GOODS_TO_NETHERLANDS));
        xmls.push(inv("franchise", "ws-franchise", FRANCHISE));
        let multi = invoice("ws", MULTI_RATE);
        xmls.push((
            "multi_rate",
            to_ubl(UblDocument::Invoice(&multi), Some(pdf)).unwrap(),
        ));
        let cn = credit_note("ws", CREDIT_NOTE);
        xmls.push((
            "credit_note",
            to_ubl(UblDocument::CreditNote(&cn), None).unwrap(),
        ));
        // write_ubl: the file next to the PDF, with the PDF inside.
        let dir = tempfile::tempdir().unwrap();
        let pdf_path = dir.path().join("2026-00042.pdf");
        std::fs::write(&pdf_path, FAKE_PDF).unwrap();
        let written = write_ubl(UblDocument::Invoice(&multi), &pdf_path).unwrap();
        assert_eq!(written, dir.path().join("2026-00042.xml"));
        xmls.push(("written", std::fs::read_to_string(&written).unwrap()));

        // Every business document of the demo workspace (`make demo`).
        for (name, xml) in demo_ubl() {
            if let Ok(xml) = xml {
                xmls.push((name, xml));
            }
        }

        // The hybrid PDF/A-3b of `clausier invoice --pdf-a3`: the UBL attached inside the
        // PDF, and the standalone UBL next to it.
        let hybrid = hybrid_invoice();
        xmls.push(("hybrid/attached", hybrid.attached.clone()));
        xmls.push(("hybrid/standalone", hybrid.standalone.clone()));

        let docs: Vec<(PathBuf, Vec<u8>)> = xmls
            .iter()
            .map(|(name, xml)| {
                (
                    PathBuf::from(format!("{name}.xml")),
                    xml.clone().into_bytes(),
                )
            })
            .collect();
        let reports = Validator::detect()
            .expect("java, Saxon-HE and xmllint are installed (make setup-apt)")
            .validate_documents(&docs)
            .expect("the validation chain runs");
        xmls.into_iter()
            .zip(reports)
            .map(|((name, xml), report)| (name, Generated { xml, report }))
            .collect()
    })
}

/// What `clausier invoice --pdf-a3` wrote for the first demo invoice.
struct Hybrid {
    pdf: Vec<u8>,
    attached: String,
    standalone: String,
}

fn hybrid_invoice() -> &'static Hybrid {
    static HYBRID: OnceLock<Hybrid> = OnceLock::new();
    HYBRID.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let ws = tmp.path().join("agency");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency");
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            let to = ws.join(entry.path().strip_prefix(&src).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let out = tmp.path().join("out/");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
            .arg("--workspace")
            .arg(&ws)
            .arg("invoice")
            .arg(ws.join("invoices/2026-00001-dupont-site.yaml"))
            .arg("--pdf-a3")
            .arg("-o")
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        let pdf_path = out.join("2026-00001.pdf");
        let attached = std::process::Command::new("qpdf")
            .arg("--show-attachment=2026-00001.ubl.xml")
            .arg(&pdf_path)
            .output()
            .unwrap();
        assert!(attached.status.success(), "qpdf found no attachment");
        Hybrid {
            pdf: std::fs::read(&pdf_path).unwrap(),
            attached: String::from_utf8(attached.stdout).unwrap(),
            standalone: std::fs::read_to_string(out.join("2026-00001.xml")).unwrap(),
        }
    })
}

/// Standard base64, to compare the embedded PDF with the file on disk.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// UBL of each invoice and credit note in examples/agency, keyed `demo/<file stem>`;
/// `Err` for documents addressed to a consumer.
fn demo_ubl() -> Vec<(&'static str, Result<String, String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency");
    let ws = Workspace::load(&root).unwrap();
    let mut out = Vec::new();
    for dir in ["invoices", "credit-notes"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        for file in files {
            let src = Source::read(&file).unwrap();
            let ubl = if dir == "invoices" {
                let doc: InvoiceDoc = src.parse().unwrap();
                let inv = model::resolve_invoice(&ws, &src, &doc, None).unwrap();
                to_ubl(UblDocument::Invoice(&inv), None)
            } else {
                let doc: CreditNoteDoc = src.parse().unwrap();
                let cn = model::resolve_credit_note(&ws, &src, &doc, None).unwrap();
                to_ubl(UblDocument::CreditNote(&cn), None)
            };
            let stem = file.file_stem().unwrap().to_string_lossy();
            let name: &'static str = Box::leak(format!("demo/{stem}").into_boxed_str());
            out.push((name, ubl.map_err(|e| e.message)));
        }
    }
    out
}

/// The case, after asserting it passed all three checks without a single warning.
fn valid(name: &str) -> &'static str {
    let g = &generated()[name];
    assert!(
        g.report.is_valid(),
        "{name} rejected: {:#?}\n{}",
        g.report.findings,
        g.xml
    );
    assert_eq!(g.report.findings, vec![], "{name}: warnings");
    assert!(g.report.cen_rules_fired > 0 && g.report.peppol_rules_fired > 0);
    &g.xml
}

/// Text of every element with this local name, in document order.
fn values(xml: &str, local: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::reader::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.local_name().as_ref() == local => {
                inside = true;
                out.push(String::new());
            }
            Event::Text(t) if inside => out.last_mut().unwrap().push_str(&t.xml10_content()),
            Event::End(e) if e.local_name().as_ref() == local => inside = false,
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn one(xml: &str, local: &str) -> String {
    let v = values(xml, local);
    assert_eq!(v.len(), 1, "{local}: {v:?}");
    v[0].clone()
}

#[test]
fn invoice_with_three_rates_a_discount_and_a_free_line_passes_and_matches_the_pdf_totals() {
    let xml = valid("multi_rate");
    let inv = invoice("ws", MULTI_RATE);
    // The same numbers money.rs computed for the PDF, digit for digit.
    assert_eq!(inv.totals.total_incl.to_string(), "1488.75");
    assert_eq!(one(xml, "PayableAmount"), "1488.75");
    assert_eq!(one(xml, "TaxExclusiveAmount"), "1277.97");
    assert_eq!(values(xml, "TaxableAmount"), ["918.00", "300.00", "59.97"]);
    assert_eq!(
        values(xml, "TaxAmount"),
        ["210.78", "192.78", "18.00", "0.00"]
    );
    assert_eq!(
        values(xml, "LineExtensionAmount"),
        ["1277.97", "918.00", "300.00", "0.00", "59.97"]
    );
    // S at 21 and 6, Z for the 0 % newspaper line; then the line categories.
    assert_eq!(
        values(xml, "Percent"),
        ["21", "6", "0", "21", "6", "21", "0"]
    );
    assert_eq!(one(xml, "BuyerReference"), "PO-7781");
    assert_eq!(one(xml, "DueDate"), "2026-12-20");
    assert_eq!(one(xml, "PaymentID"), "+++020/2600/04222+++");
    assert_eq!(one(xml, "PaymentMeansCode"), "58");
    assert_eq!(
        values(xml, "Note"),
        ["Nieuwe website", "Te betalen binnen 30 dagen"]
    );
}

#[test]
fn invoice_ubl_is_stable() {
    insta::assert_snapshot!("multi_rate_invoice", valid("multi_rate"));
}

#[test]
fn the_pdf_travels_inside_the_ubl_in_base64() {
    let xml = valid("multi_rate");
    // "%PDF-1.7\n% clausier test\n" in base64.
    assert_eq!(
        one(xml, "EmbeddedDocumentBinaryObject"),
        "JVBERi0xLjcKJSBjbGF1c2llciB0ZXN0Cg=="
    );
    assert!(xml.contains(r#"mimeCode="application/pdf" filename="2026-00042.pdf""#));
}

#[test]
fn write_ubl_puts_the_xml_next_to_the_pdf_with_the_pdf_embedded() {
    let written = valid("written");
    assert_eq!(written, valid("multi_rate"));
}

#[test]
fn discounts_fractional_quantities_and_a_deduction_line_pass_peppol_line_checks() {
    let xml = valid("discounts");
    let inv = invoice("ws", DISCOUNTS);
    let bases: Vec<String> = inv.totals.lines.iter().map(|b| b.to_string()).collect();
    assert_eq!(bases, ["94.96", "66.66", "-100.00"]);
    assert_eq!(
        values(xml, "LineExtensionAmount"),
        ["61.62", "94.96", "66.66", "-100.00"]
    );
    // Allowance = gross − money-rounded base; gross = quantity × price in cents.
    assert_eq!(values(xml, "Amount"), ["13.57", "33.33"]);
    assert_eq!(values(xml, "BaseAmount"), ["108.53", "99.99"]);
    assert_eq!(values(xml, "MultiplierFactorNumeric"), ["12.5", "33.333"]);
    assert_eq!(one(xml, "PayableAmount"), "74.56");
    // A multi-line description: first line as the name, the whole text as description.
    let names = values(xml, "Name");
    assert_eq!(
        names[names.len() - 3..],
        [
            "Coaching",
            "Licenties",
            "Voorschot gefactureerd op 2026-10-01"
        ]
    );
    assert_eq!(
        values(xml, "Description"),
        ["Coaching\nTwee sessies, inclusief voorbereiding"]
    );
    assert_eq!(values(xml, "InvoicedQuantity"), ["1.5", "3", "-1"]);
    // A blank buyer reference falls back to the invoice number (Peppol R003 needs one).
    assert_eq!(one(xml, "BuyerReference"), "2026-00044");
}

#[test]
fn belgian_reverse_charge_is_category_ae_with_the_article_51_mention_and_no_vat() {
    let xml = valid("reverse_charge_be");
    assert_eq!(values(xml, "ID").iter().filter(|v| *v == "AE").count(), 2);
    assert_eq!(one(xml, "TaxExemptionReasonCode"), "VATEX-EU-AE");
    assert_eq!(
        one(xml, "TaxExemptionReason"),
        "Autoliquidation – TVA due par le cocontractant (art. 51 §2 du Code de la TVA)"
    );
    assert_eq!(values(xml, "TaxAmount"), ["0.00", "0.00"]);
    assert_eq!(one(xml, "PayableAmount"), "1487.50");
    assert_eq!(one(xml, "ActualDeliveryDate"), "2026-11-14");
}

#[test]
fn services_to_a_german_business_are_reverse_charged_and_addressed_by_german_vat_scheme() {
    let xml = valid("services_to_germany");
    assert!(xml.contains(r#"<cbc:EndpointID schemeID="9930">DE123456789</cbc:EndpointID>"#));
    assert_eq!(one(xml, "TaxExemptionReasonCode"), "VATEX-EU-AE");
    assert_eq!(one(xml, "PayableAmount"), "2250.00");
}

#[test]
fn intra_eu_goods_are_category_k_with_delivery_date_and_country() {
    let xml = valid("goods_to_netherlands");
    assert_eq!(one(xml, "TaxExemptionReasonCode"), "VATEX-EU-IC");
    assert!(xml.contains(r#"<cbc:EndpointID schemeID="9944">NL123456789B01</cbc:EndpointID>"#));
    assert_eq!(one(xml, "ActualDeliveryDate"), "2026-11-18");
    assert_eq!(values(xml, "IdentificationCode"), ["BE", "NL", "NL"]);
    assert_eq!(one(xml, "PayableAmount"), "1298.00");
}

#[test]
fn franchise_regime_is_exempt_category_e_with_the_article_56bis_mention() {
    let xml = valid("franchise");
    assert_eq!(values(xml, "ID").iter().filter(|v| *v == "E").count(), 2);
    assert_eq!(
        one(xml, "TaxExemptionReason"),
        "Bijzondere vrijstellingsregeling voor kleine ondernemingen – btw niet van toepassing (art. 56bis W.Btw.)"
    );
    // No VAT number configured: the Belgian one is BE + the enterprise number.
    assert_eq!(values(xml, "CompanyID")[0], "BE0876543270");
    assert_eq!(one(xml, "PayableAmount"), "450.00");
    assert_eq!(one(xml, "InvoicedQuantity"), "1");
    assert!(xml.contains(r#"<cbc:InvoicedQuantity unitCode="LS">1</cbc:InvoicedQuantity>"#));
}

#[test]
fn credit_note_refers_to_the_credited_invoice_and_passes() {
    let xml = valid("credit_note");
    assert!(xml.contains(
        "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""
    ));
    assert_eq!(one(xml, "CreditNoteTypeCode"), "381");
    assert_eq!(values(xml, "IssueDate"), ["2026-11-25", "2026-11-20"]);
    assert_eq!(values(xml, "CreditedQuantity"), ["50"]);
    assert_eq!(one(xml, "PayableAmount"), "63.60");
    assert_eq!(one(xml, "BuyerReference"), "2026-00042");
    assert_eq!(one(xml, "Note"), "Brochures beschadigd geleverd");
    assert!(xml.contains(
        "<cac:InvoiceDocumentReference>\n      <cbc:ID>2026-00042</cbc:ID>\n      <cbc:IssueDate>2026-11-20</cbc:IssueDate>"
    ));
}

#[test]
fn a_consumer_cannot_receive_a_peppol_invoice() {
    let inv = invoice(
        "ws",
        r#"
client: particulier
number: 2026-00048
issue_date: 2026-11-20
lines:
  - description: Portrait
    quantity: 1
    unit_price: 120
    vat_rate: 21
"#,
    );
    let err = to_ubl(UblDocument::Invoice(&inv), None).unwrap_err();
    assert_eq!(
        err.message,
        "client `particulier` is a consumer: Peppol e-invoices are for business customers"
    );
    assert_eq!(
        err.hint.as_deref(),
        Some("send the PDF to consumers; drop --ubl for this document")
    );
}

#[test]
fn every_business_document_of_the_demo_workspace_passes_all_peppol_checks() {
    let names: Vec<&str> = generated()
        .keys()
        .copied()
        .filter(|n| n.starts_with("demo/"))
        .collect();
    assert_eq!(
        names,
        [
            "demo/2026-00001-dupont-site",
            "demo/2026-00003-harbour",
            "demo/CN2026-00001-dupont"
        ]
    );
    for name in names {
        valid(name);
    }
    // The Irish client is reached by its VAT number (scheme 9935), reverse charged.
    let harbour = valid("demo/2026-00003-harbour");
    assert!(harbour.contains(r#"<cbc:EndpointID schemeID="9935">IE6388047V</cbc:EndpointID>"#));
    assert_eq!(one(harbour, "TaxExemptionReasonCode"), "VATEX-EU-AE");
}

#[test]
fn the_demo_invoice_to_a_consumer_gets_no_ubl() {
    let refused: Vec<(&str, String)> = demo_ubl()
        .into_iter()
        .filter_map(|(name, r)| r.err().map(|e| (name, e)))
        .collect();
    assert_eq!(
        refused,
        [(
            "demo/2026-00002-de-vries",
            "client `sanne-de-vries` is a consumer: Peppol e-invoices are for business customers"
                .to_string()
        )]
    );
}

#[test]
fn hybrid_pdf_a3_carries_a_valid_ubl_and_the_standalone_ubl_carries_that_pdf() {
    let attached = valid("hybrid/attached");
    let standalone = valid("hybrid/standalone");
    let hybrid = hybrid_invoice();
    // The PDF declares PDF/A-3 conformance level B in its XMP metadata.
    let pdf = String::from_utf8_lossy(&hybrid.pdf);
    assert!(pdf.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(pdf.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    // Inside the PDF: the UBL without a PDF (no circle). Outside: the same UBL plus that PDF.
    assert!(values(attached, "EmbeddedDocumentBinaryObject").is_empty());
    assert_eq!(
        one(standalone, "EmbeddedDocumentBinaryObject"),
        base64(&hybrid.pdf)
    );
    let start = standalone
        .find("  <cac:AdditionalDocumentReference>")
        .unwrap();
    let end = standalone.find("  <cac:AccountingSupplierParty>").unwrap();
    assert_eq!(
        format!("{}{}", &standalone[..start], &standalone[end..]),
        attached
    );
}
