//! The validation chain on the nine official Peppol examples and on files broken
//! on purpose: each defect must be rejected with the official rule id (or the
//! XSD error), and nothing else may fire. All files of this test binary are
//! validated in one batch, so Saxon starts once per rule set.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clausier::peppol::{Layer, Report, Severity, Validator};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/peppol")
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    files
}

/// Every fixture, validated once for the whole binary.
fn reports() -> &'static [Report] {
    static REPORTS: OnceLock<Vec<Report>> = OnceLock::new();
    REPORTS.get_or_init(|| {
        let mut files = xml_files(&fixtures().join("examples"));
        files.extend(xml_files(&fixtures().join("broken")));
        files.push(fixtures().join("be-baseline.xml"));
        Validator::detect()
            .expect("java, Saxon-HE and xmllint are installed (make setup-apt)")
            .validate_files(&files)
            .expect("the validation chain runs")
    })
}

fn report(rel: &str) -> &'static Report {
    let path = fixtures().join(rel);
    reports()
        .iter()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("no report for {rel}"))
}

/// Fatal rule ids with their line, e.g. `BR-CO-16@104`.
fn fatal(rel: &str) -> Vec<String> {
    report(rel)
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Fatal)
        .map(|f| match f.line {
            Some(line) => format!("{}@{line}", f.rule),
            None => f.rule.clone(),
        })
        .collect()
}

#[test]
fn the_nine_official_examples_pass_xsd_cen_and_peppol_rules() {
    let examples = xml_files(&fixtures().join("examples"));
    assert_eq!(examples.len(), 9);
    for path in examples {
        let r = reports().iter().find(|r| r.path == path).unwrap();
        assert!(r.is_valid(), "{}: {:?}", path.display(), r.findings);
        assert_eq!(r.findings, vec![], "{}", path.display());
        assert!(
            r.cen_rules_fired > 40,
            "{}: CEN rules did not run",
            path.display()
        );
        assert!(
            r.peppol_rules_fired > 20,
            "{}: Peppol rules did not run",
            path.display()
        );
    }
    assert_eq!(
        report("examples/base-creditnote-correction.xml")
            .root
            .as_deref(),
        Some("CreditNote")
    );
}

#[test]
fn belgian_baseline_invoice_passes_so_each_broken_copy_fails_for_one_reason() {
    let r = report("be-baseline.xml");
    assert_eq!(r.findings, vec![]);
    assert_eq!((r.cen_rules_fired, r.peppol_rules_fired), (69, 39));
}

#[test]
fn missing_seller_endpoint_is_rejected_by_peppol_r020_at_the_seller_party() {
    assert_eq!(
        fatal("broken/missing-seller-endpoint.xml"),
        ["PEPPOL-EN16931-R020@15"]
    );
    let f = &report("broken/missing-seller-endpoint.xml").findings[0];
    assert_eq!(f.layer, Layer::Peppol);
    assert_eq!(f.column, Some(5));
    assert_eq!(f.message, "Seller electronic address MUST be provided");
}

#[test]
fn payable_amount_one_cent_off_is_rejected_by_br_co_16() {
    assert_eq!(fatal("broken/wrong-payable-amount.xml"), ["BR-CO-16@104"]);
}

#[test]
fn vat_total_not_matching_the_breakdown_is_rejected_by_br_co_14_and_15() {
    assert_eq!(
        fatal("broken/wrong-vat-total.xml"),
        ["BR-CO-15@3", "BR-CO-14@79"]
    );
}

#[test]
fn reverse_charge_with_vat_charged_is_rejected_by_br_ae_09_and_05() {
    assert_eq!(
        fatal("broken/reverse-charge-with-vat.xml"),
        ["BR-AE-09@84", "BR-AE-05@118"]
    );
}

#[test]
fn sepa_transfer_without_iban_is_rejected_by_br_61() {
    assert_eq!(fatal("broken/missing-iban.xml"), ["BR-61@65"]);
}

#[test]
fn unknown_element_is_rejected_by_the_ubl_schema() {
    let r = report("broken/unknown-element.xml");
    assert_eq!(fatal("broken/unknown-element.xml"), ["XSD@6"]);
    assert_eq!(r.findings[0].layer, Layer::Xsd);
    assert!(
        r.findings[0]
            .message
            .starts_with("Element 'cbc:Bogus': This element is not expected."),
        "{}",
        r.findings[0].message
    );
}

#[test]
fn wrong_root_namespace_is_rejected_by_the_schema_and_not_checked_further() {
    let r = report("broken/wrong-root-namespace.xml");
    assert_eq!(fatal("broken/wrong-root-namespace.xml"), ["XSD@5"]);
    assert!(
        r.findings[0]
            .message
            .ends_with("No matching global declaration available for the validation root."),
        "{}",
        r.findings[0].message
    );
    assert_eq!((r.cen_rules_fired, r.peppol_rules_fired), (0, 0));
}

#[test]
fn missing_buyer_reference_is_rejected_by_peppol_r003() {
    assert_eq!(
        fatal("broken/missing-buyer-reference.xml"),
        ["PEPPOL-EN16931-R003@3"]
    );
}

#[test]
fn enterprise_number_failing_mod_97_is_rejected_by_peppol_common_r043() {
    assert_eq!(
        fatal("broken/bad-enterprise-number.xml"),
        ["PEPPOL-COMMON-R043@16"]
    );
}

#[test]
fn wrong_customization_id_is_rejected_by_peppol_r004() {
    assert_eq!(
        fatal("broken/wrong-customization-id.xml"),
        ["PEPPOL-EN16931-R004@3"]
    );
}

#[test]
fn line_net_amount_not_quantity_times_price_is_rejected_by_peppol_r120() {
    assert_eq!(
        fatal("broken/line-amount-mismatch.xml"),
        ["PEPPOL-EN16931-R120@110"]
    );
}

#[test]
fn malformed_xml_is_reported_with_the_parser_error_line() {
    let r = report("broken/not-well-formed.xml");
    assert_eq!(fatal("broken/not-well-formed.xml"), ["XML@8"]);
    assert_eq!(r.findings[0].layer, Layer::Xml);
    assert_eq!(
        r.findings[0].message,
        "Opening and ending tag mismatch: ID line 8 and Id"
    );
}

#[test]
fn iban_failing_its_check_digits_passes_the_official_rules_but_clausier_warns() {
    let r = report("broken/bad-iban-checksum.xml");
    assert!(r.is_valid(), "{:?}", r.findings);
    let w = &r.findings[..];
    assert_eq!(w.len(), 1);
    assert_eq!(
        (w[0].layer, w[0].severity, w[0].rule.as_str(), w[0].line),
        (
            Layer::Clausier,
            Severity::Warning,
            "CLAUSIER-IBAN",
            Some(69)
        )
    );
    assert_eq!(
        w[0].message,
        "IBAN `BE71096123456768` fails the mod 97 check: a SEPA transfer to this account would bounce"
    );
}

#[test]
fn a_document_with_a_dtd_is_refused_before_any_entity_is_read() {
    let r = report("broken/doctype-entity.xml");
    assert_eq!(r.findings[0].layer, Layer::Xml);
    assert_eq!(
        r.findings[0].message,
        "a DOCTYPE declaration is not allowed in a UBL document"
    );
    assert!(!r.is_valid());
    assert_eq!((r.cen_rules_fired, r.peppol_rules_fired), (0, 0));
}
