//! Peppol UBL of the two invoices a quote with a deposit produces, through the CLI:
//! `clausier quote accept Q --on D --ubl` (deposit invoice) and `clausier quote invoice Q
//! --ubl` (final invoice, the deposit deducted per VAT rate). Both files must pass the
//! UBL XSD, the CEN EN 16931 rules and the Peppol BIS 3.0.21 rules, carry exactly the
//! amounts the ledger recorded for their PDFs, and add up to the quote to the cent.
//! Every generated file is validated in one batch (one Saxon start per rule set).

mod render_support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clausier::batch::workspace::InvoiceInputs;
use clausier::ledger::{DocKind, DocumentRecord, Ledger};
use clausier::peppol::{EmbeddedPdf, Report, UblDocument, Validator, to_ubl};
use clausier::workspace::Workspace;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use render_support::{assert_contains_all, example_copy, ok, pdftotext, run};

/// The multi-rate quote with a 33 % deposit shared with the other quote tests.
const MULTI: &str = render_support::QUOTE_MULTI_RATE;

/// An Irish business customer: reverse charge, so the deposit is deducted at 0 % (AE).
const REVERSE_CHARGE: &str = "client: harbour-analytics
number: Q2026-0102
issue_date: 2026-11-23
valid_until: 2026-12-23
deposit_percent: 33
subject: Analytics dashboard
lines:
  - {description: Dashboard development, quantity: 3, unit: days, unit_price: 750, vat_rate: 0}
  - {description: Data model review, quantity: 1, unit_price: 333.33, vat_rate: 0}
";

/// A consumer: no Peppol address, so `--ubl` must be refused before a number is used.
const CONSUMER: &str = "client: sanne-de-vries
number: Q2026-0103
issue_date: 2026-11-23
valid_until: 2026-12-23
deposit_percent: 30
lines:
  - {description: Portfoliowebsite, quantity: 1, unit_price: 1200, vat_rate: 21}
";

fn write_quote(ws: &Path, name: &str, text: &str) -> String {
    let path = ws.join("quotes").join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// One generated UBL: its path, text, validation report and ledger record.
struct Generated {
    path: PathBuf,
    xml: String,
    report: Report,
    record: DocumentRecord,
}

/// What the CLI run of this binary produced.
struct Scenario {
    _tmp: tempfile::TempDir,
    ws: PathBuf,
    /// stdout of each CLI step, by name.
    stdout: Vec<(&'static str, String)>,
    /// deposit and final invoice of each quote, by name.
    docs: Vec<(&'static str, Generated)>,
    /// total incl. VAT of each quote, by number.
    quotes: Vec<(&'static str, Decimal)>,
}

impl Scenario {
    fn doc(&self, name: &str) -> &Generated {
        &self
            .docs
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no document {name}"))
            .1
    }

    fn stdout(&self, step: &str) -> &str {
        &self.stdout.iter().find(|(n, _)| *n == step).unwrap().1
    }

    fn quote_total(&self, number: &str) -> Decimal {
        self.quotes.iter().find(|(n, _)| *n == number).unwrap().1
    }
}

fn record(ledger: &Ledger, number: &str, kind: DocKind) -> DocumentRecord {
    ledger
        .find(number)
        .unwrap()
        .into_iter()
        .find(|d| d.kind == kind)
        .unwrap()
}

/// Both quotes rendered, accepted with --ubl and invoiced with --ubl; every UBL validated.
fn scenario() -> &'static Scenario {
    static SCENARIO: OnceLock<Scenario> = OnceLock::new();
    SCENARIO.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let ws = example_copy(&tmp.path().join("agency"));
        let mut stdout = Vec::new();
        for (name, text) in [("multi.yaml", MULTI), ("rc.yaml", REVERSE_CHARGE)] {
            let file = write_quote(&ws, name, text);
            ok(&ws, &["quote", &file]);
        }
        let steps: [(&str, &[&str]); 4] = [
            (
                "accept-multi",
                &[
                    "quote",
                    "accept",
                    "Q2026-0101",
                    "--on",
                    "2026-11-30",
                    "--ubl",
                ],
            ),
            (
                "accept-rc",
                &[
                    "quote",
                    "accept",
                    "Q2026-0102",
                    "--on",
                    "2026-11-30",
                    "--ubl",
                ],
            ),
            (
                "invoice-multi",
                &[
                    "quote",
                    "invoice",
                    "Q2026-0101",
                    "--on",
                    "2026-12-18",
                    "--ubl",
                ],
            ),
            (
                "invoice-rc",
                &[
                    "quote",
                    "invoice",
                    "Q2026-0102",
                    "--on",
                    "2026-12-18",
                    "--ubl",
                ],
            ),
        ];
        for (name, args) in steps {
            stdout.push((name, ok(&ws, args).stdout));
        }
        let ledger = Ledger::open(&ws).unwrap();
        let names = [
            ("deposit-multi", "2026-00001"),
            ("deposit-rc", "2026-00002"),
            ("final-multi", "2026-00003"),
            ("final-rc", "2026-00004"),
        ];
        let paths: Vec<PathBuf> = names
            .iter()
            .map(|(_, n)| ws.join(format!("out/invoice/{n}.xml")))
            .collect();
        let reports = Validator::detect()
            .expect("java, Saxon-HE and xmllint are installed (make setup-apt)")
            .validate_files(&paths)
            .expect("the validation chain runs");
        let docs = names
            .iter()
            .zip(paths.into_iter().zip(reports))
            .map(|((name, number), (path, report))| {
                let xml = std::fs::read_to_string(&path).unwrap();
                let record = record(&ledger, number, DocKind::Invoice);
                (
                    *name,
                    Generated {
                        path,
                        xml,
                        report,
                        record,
                    },
                )
            })
            .collect();
        let quotes = ["Q2026-0101", "Q2026-0102"]
            .into_iter()
            .map(|n| (n, record(&ledger, n, DocKind::Quote).total_incl))
            .collect();
        Scenario {
            _tmp: tmp,
            ws,
            stdout,
            docs,
            quotes,
        }
    })
}

/// The XML of a generated document after asserting it passed every layer, warnings included.
fn valid(name: &str) -> &'static Generated {
    let g = scenario().doc(name);
    assert!(
        g.report.is_valid(),
        "{name} rejected: {:#?}\n{}",
        g.report.findings,
        g.xml
    );
    assert_eq!(g.report.findings, vec![], "{name}: warnings");
    assert!(g.report.cen_rules_fired > 0 && g.report.peppol_rules_fired > 0);
    g
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
            Event::GeneralRef(r) if inside => {
                let name = r.xml10_content();
                let text = quick_xml::escape::resolve_predefined_entity(&name).unwrap();
                out.last_mut().unwrap().push_str(text);
            }
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

fn amount(xml: &str, local: &str) -> Decimal {
    one(xml, local).parse().unwrap()
}

/// (rate, taxable amount, VAT) of each VAT breakdown group, in document order.
fn breakdown(xml: &str) -> Vec<(Decimal, Decimal, Decimal)> {
    let taxable = values(xml, "TaxableAmount");
    // The first TaxAmount is the document total, then one per group; the first
    // Percent values are the groups' (the lines come after the tax total).
    let tax = values(xml, "TaxAmount");
    let percent = values(xml, "Percent");
    taxable
        .iter()
        .enumerate()
        .map(|(i, base)| {
            (
                percent[i].parse().unwrap(),
                base.parse().unwrap(),
                tax[i + 1].parse().unwrap(),
            )
        })
        .collect()
}

/// The ledger's amounts of a document in the same shape.
fn ledger_breakdown(record: &DocumentRecord) -> Vec<(Decimal, Decimal, Decimal)> {
    let mut v: Vec<_> = record.vat.iter().map(|v| (v.rate, v.base, v.vat)).collect();
    v.sort_by_key(|b| std::cmp::Reverse(b.0));
    v
}

/// The UBL's totals equal the ledger's record of the PDF, to the cent.
fn assert_totals_match_the_ledger(g: &Generated) {
    let r = &g.record;
    assert_eq!(amount(&g.xml, "TaxExclusiveAmount"), r.total_excl);
    // BT-106, the first LineExtensionAmount (the lines' own follow).
    let sum_of_lines: Decimal = values(&g.xml, "LineExtensionAmount")[0].parse().unwrap();
    assert_eq!(sum_of_lines, r.total_excl);
    assert_eq!(amount(&g.xml, "TaxInclusiveAmount"), r.total_incl);
    assert_eq!(amount(&g.xml, "PayableAmount"), r.total_incl);
    assert_eq!(
        values(&g.xml, "TaxAmount")[0].parse::<Decimal>().unwrap(),
        r.total_vat
    );
    assert_eq!(breakdown(&g.xml), ledger_breakdown(r));
    assert!(values(&g.xml, "PrepaidAmount").is_empty());
}

#[test]
fn accept_and_invoice_with_ubl_print_the_xml_next_to_each_pdf() {
    let s = scenario();
    let out = |n: &str| s.ws.join(format!("out/invoice/{n}"));
    assert_eq!(
        s.stdout("accept-multi"),
        format!(
            "quote Q2026-0101 accepted on 2026-11-30\n{}\n{}\n",
            out("2026-00001.pdf").display(),
            out("2026-00001.xml").display()
        )
    );
    assert_eq!(
        s.stdout("invoice-multi"),
        format!(
            "{}\n{}\n",
            out("2026-00003.pdf").display(),
            out("2026-00003.xml").display()
        )
    );
    assert_eq!(valid("final-rc").path, out("2026-00004.xml"));
}

#[test]
fn deposit_invoice_ubl_passes_and_carries_the_deposit_per_rate() {
    let g = valid("deposit-multi");
    assert_totals_match_the_ledger(g);
    assert_eq!(
        breakdown(&g.xml),
        vec![
            (dec!(21), dec!(1416.84), dec!(297.54)),
            (dec!(12), dec!(70.21), dec!(8.43)),
            (dec!(6), dec!(18.27), dec!(1.10)),
        ]
    );
    assert_eq!(amount(&g.xml, "PayableAmount"), dec!(1812.39));
    assert_eq!(values(&g.xml, "InvoicedQuantity"), ["1", "1", "1"]);
    assert!(values(&g.xml, "BillingReference").is_empty());
}

#[test]
fn final_invoice_ubl_passes_with_the_deposit_deducted_per_rate_as_on_the_pdf() {
    let g = valid("final-multi");
    assert_totals_match_the_ledger(g);
    // The PDF's breakdown: at 21 % the VAT is 901.62 − 297.54 = 604.08 (21 % of the
    // base would be 604.09); BR-S-09 accepts it, and it is what was invoiced.
    assert_eq!(
        breakdown(&g.xml),
        vec![
            (dec!(21), dec!(2876.61), dec!(604.08)),
            (dec!(12), dec!(142.54), dec!(17.10)),
            (dec!(6), dec!(37.08), dec!(2.22)),
        ]
    );
    assert_eq!(amount(&g.xml, "TaxExclusiveAmount"), dec!(3056.23));
    assert_eq!(amount(&g.xml, "PayableAmount"), dec!(3679.63));
    // The quote's three lines, then one deduction line per rate: −1 × the deposit base.
    assert_eq!(
        values(&g.xml, "InvoicedQuantity"),
        ["7", "2.5", "3", "-1", "-1", "-1"]
    );
    let line_amounts = values(&g.xml, "LineExtensionAmount");
    assert_eq!(
        line_amounts[1..],
        ["4293.45", "212.75", "55.35", "-1416.84", "-70.21", "-18.27"]
    );
    assert_eq!(
        values(&g.xml, "PriceAmount")[3..],
        ["1416.84", "70.21", "18.27"]
    );
    let names = values(&g.xml, "Name");
    assert_eq!(
        names
            .iter()
            .filter(|n| *n == "Acompte déjà facturé (facture 2026-00001)")
            .count(),
        3
    );
    // Document note, payment terms, then one note per deduction line.
    assert_eq!(
        values(&g.xml, "Note")[2..],
        [
            "TVA de l'acompte déduite : 297.54 EUR",
            "TVA de l'acompte déduite : 8.43 EUR",
            "TVA de l'acompte déduite : 1.10 EUR",
        ]
    );
    // BG-3: the deposit invoice, referenced once.
    assert_eq!(values(&g.xml, "BillingReference").len(), 1);
    let pdf = pdftotext(&g.path.with_extension("pdf"));
    assert_contains_all(
        &pdf,
        &[
            "Acompte déjà facturé (facture 2026-00001)",
            "2.876,61 €",
            "604,08 €",
            "3.679,63 €",
        ],
    );
}

#[test]
fn deposit_plus_final_payable_amounts_are_the_quote_total_to_the_cent() {
    let s = scenario();
    for (deposit, last, quote, total) in [
        ("deposit-multi", "final-multi", "Q2026-0101", dec!(5492.02)),
        ("deposit-rc", "final-rc", "Q2026-0102", dec!(2583.33)),
    ] {
        let paid = amount(&valid(deposit).xml, "PayableAmount")
            + amount(&valid(last).xml, "PayableAmount");
        assert_eq!(paid, s.quote_total(quote), "{quote}");
        assert_eq!(paid, total, "{quote}");
    }
}

#[test]
fn reverse_charged_final_invoice_deducts_the_deposit_under_category_ae() {
    let g = valid("final-rc");
    assert_totals_match_the_ledger(g);
    assert_eq!(
        breakdown(&g.xml),
        vec![(dec!(0), dec!(1730.83), dec!(0.00))]
    );
    assert_eq!(values(&g.xml, "InvoicedQuantity"), ["3", "1", "-1"]);
    assert_eq!(
        values(&g.xml, "Note").last().map(String::as_str),
        Some("Deposit VAT deducted: 0.00 EUR")
    );
    // One breakdown group and the three lines, all AE.
    assert_eq!(
        values(&g.xml, "ID").iter().filter(|i| *i == "AE").count(),
        4
    );
    let d = valid("deposit-rc");
    assert_totals_match_the_ledger(d);
    assert_eq!(breakdown(&d.xml), vec![(dec!(0), dec!(852.50), dec!(0.00))]);
}

#[test]
fn the_ubl_written_by_the_cli_is_the_mapping_of_the_recorded_invoice_with_its_pdf() {
    let s = scenario();
    let ws = Workspace::load(&s.ws).unwrap();
    for name in ["deposit-multi", "final-multi", "final-rc"] {
        let g = valid(name);
        let inputs = InvoiceInputs::of(&g.record).unwrap();
        let resolved = inputs
            .resolve(&inputs.snapshot(&ws), &g.record.number)
            .unwrap();
        // The resolved model the PDF was rendered from has the ledger's totals...
        assert_eq!(
            (
                resolved.totals.total_excl,
                resolved.totals.total_vat,
                resolved.totals.total_incl
            ),
            (g.record.total_excl, g.record.total_vat, g.record.total_incl),
            "{name}"
        );
        // ...and the file on disk is exactly its mapping, with that PDF embedded.
        let pdf_path = g.path.with_extension("pdf");
        let pdf = std::fs::read(&pdf_path).unwrap();
        let filename = format!("{}.pdf", g.record.number);
        let expected = to_ubl(
            UblDocument::Invoice(&resolved),
            Some(EmbeddedPdf {
                filename: &filename,
                bytes: &pdf,
            }),
        )
        .unwrap();
        assert!(
            expected == g.xml,
            "{name}: the UBL differs from its mapping"
        );
    }
}

#[test]
fn ubl_for_a_consumer_is_refused_before_the_deposit_invoice_takes_a_number() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = example_copy(&tmp.path().join("agency"));
    let file = write_quote(&ws, "consumer.yaml", CONSUMER);
    ok(&ws, &["quote", &file]);
    let before = Ledger::open(&ws)
        .unwrap()
        .next_seq(DocKind::Invoice, 2026)
        .unwrap();
    let r = run(
        &ws,
        &[
            "quote",
            "accept",
            "Q2026-0103",
            "--on",
            "2026-11-30",
            "--ubl",
        ],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains(
            "client `sanne-de-vries` is a consumer: Peppol e-invoices are for business customers"
        ),
        "{}",
        r.stderr
    );
    let ledger = Ledger::open(&ws).unwrap();
    assert_eq!(ledger.next_seq(DocKind::Invoice, 2026).unwrap(), before);
    assert_eq!(
        ledger.quote_status("Q2026-0103").unwrap().0,
        clausier::ledger::QuoteStatus::Draft
    );
    drop(ledger);
    // Without --ubl the consumer's deposit invoice is issued as a PDF only.
    let r = ok(
        &ws,
        &["quote", "accept", "Q2026-0103", "--on", "2026-11-30"],
    );
    assert!(!r.stdout.contains(".xml"), "{}", r.stdout);
    assert!(!ws.join("out/invoice/2026-00001.xml").exists());
}
