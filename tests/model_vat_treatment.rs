//! Which VAT treatment a document gets, which mention it prints, and which overrides are refused.

use std::path::Path;

use clausier::commands::init::scaffold;
use clausier::model::{
    Address, Client, ClientKind, Country, InvoiceDoc, Lang, Source, VatRegime, VatTreatment,
    derive_vat_treatment, resolve::vat_mention, resolve_invoice,
};
use clausier::workspace::Workspace;

fn client(kind: ClientKind, country: &str, vat: Option<&str>) -> Client {
    Client {
        id: "c".into(),
        name: "C".into(),
        kind,
        language: Lang::En,
        address: Address {
            street: "s".into(),
            postcode: "1".into(),
            city: "c".into(),
            country: Country::parse(country).unwrap(),
        },
        vat_number: vat.map(|v| clausier::be::VatNumber::parse(v).unwrap()),
        email: None,
        payment_term_days: None,
    }
}

#[test]
fn treatment_follows_issuer_regime_client_kind_and_country() {
    use ClientKind::*;
    use VatTreatment::*;
    let n = VatRegime::Normal;
    assert_eq!(
        derive_vat_treatment(n, &client(B2b, "BE", Some("BE0412345614"))),
        Standard
    );
    assert_eq!(
        derive_vat_treatment(n, &client(B2b, "IE", Some("IE6388047V"))),
        ReverseCharge
    );
    assert_eq!(derive_vat_treatment(n, &client(B2b, "IE", None)), Standard);
    assert_eq!(derive_vat_treatment(n, &client(B2b, "CH", None)), Export);
    assert_eq!(derive_vat_treatment(n, &client(B2c, "NL", None)), Standard);
    assert_eq!(derive_vat_treatment(n, &client(B2c, "US", None)), Standard);
    let f = VatRegime::Franchise;
    assert_eq!(
        derive_vat_treatment(f, &client(B2b, "IE", Some("IE6388047V"))),
        Franchise
    );
}

#[test]
fn mentions_come_in_the_document_language() {
    let be = client(ClientKind::B2b, "BE", Some("BE0412345614"));
    let ie = client(ClientKind::B2b, "IE", Some("IE6388047V"));
    let rc = VatTreatment::ReverseCharge;
    assert_eq!(
        vat_mention(rc, &be, Lang::Fr).unwrap(),
        "Autoliquidation – TVA due par le cocontractant (art. 51 §2 du Code de la TVA)"
    );
    assert_eq!(
        vat_mention(rc, &be, Lang::Nl).unwrap(),
        "Btw verlegd – verlegging van heffing (art. 51 §2 W.Btw.)"
    );
    assert_eq!(
        vat_mention(rc, &be, Lang::En).unwrap(),
        "Reverse charge, art. 51 §2 VAT Code – VAT to be accounted for by the customer"
    );
    assert_eq!(
        vat_mention(rc, &ie, Lang::Fr).unwrap(),
        "Autoliquidation – prestation de services B2B (art. 21 §2 du Code de la TVA ; art. 196 de la directive 2006/112/CE)"
    );
    assert_eq!(
        vat_mention(VatTreatment::IntraEu, &ie, Lang::Nl).unwrap(),
        "Vrijgestelde intracommunautaire levering (art. 39bis W.Btw.)"
    );
    assert_eq!(
        vat_mention(VatTreatment::Franchise, &be, Lang::Nl).unwrap(),
        "Bijzondere vrijstellingsregeling voor kleine ondernemingen – btw niet van toepassing (art. 56bis W.Btw.)"
    );
    assert_eq!(vat_mention(VatTreatment::Standard, &be, Lang::Fr), None);
}

/// Resolves `doc` (YAML) against a fresh example workspace and returns the error text.
fn override_err(doc: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ws");
    scaffold(&root).unwrap();
    let ws = Workspace::load(&root).unwrap();
    let src = Source::new(Path::new("inv.yaml"), doc);
    let parsed: InvoiceDoc = src.parse().unwrap();
    resolve_invoice(&ws, &src, &parsed, Some("2026-00009"))
        .unwrap_err()
        .to_string()
}

const LINE: &str =
    "lines:\n  - description: Website\n    quantity: 1\n    unit_price: 100\n    vat_rate: 0\n";

#[test]
fn reverse_charge_for_a_consumer_is_refused() {
    let doc = format!(
        "client: sanne-de-vries\nissue_date: 2026-11-02\nvat_treatment: reverse_charge\n{LINE}"
    );
    assert_eq!(
        override_err(&doc),
        "inv.yaml:3:16: error: field `vat_treatment`: `reverse_charge` applies to business customers only\n  hint: client `sanne-de-vries` is a consumer (kind: b2c): remove `vat_treatment`"
    );
}

#[test]
fn intra_eu_supply_to_a_belgian_client_is_refused() {
    let doc = format!(
        "client: boulangerie-dupont\nissue_date: 2026-11-02\nvat_treatment: intra_eu\n{LINE}"
    );
    assert_eq!(
        override_err(&doc),
        "inv.yaml:3:16: error: field `vat_treatment`: `intra_eu` needs a customer in another EU member state\n  hint: client `boulangerie-dupont` is in BE"
    );
}

#[test]
fn franchise_without_the_franchise_regime_is_refused() {
    let doc = format!(
        "client: boulangerie-dupont\nissue_date: 2026-11-02\nvat_treatment: franchise\n{LINE}"
    );
    assert_eq!(
        override_err(&doc),
        "inv.yaml:3:16: error: field `vat_treatment`: `franchise` needs the small-business franchise regime\n  hint: set `defaults.vat_regime: franchise` in clausier.yaml if you are under art. 56bis VAT Code"
    );
}

#[test]
fn a_domestic_reverse_charge_override_is_accepted_for_a_belgian_business() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ws");
    scaffold(&root).unwrap();
    let ws = Workspace::load(&root).unwrap();
    let src = Source::new(
        "inv.yaml",
        format!(
            "client: boulangerie-dupont\nissue_date: 2026-11-02\nvat_treatment: reverse_charge\n{LINE}"
        ),
    );
    let doc: InvoiceDoc = src.parse().unwrap();
    let inv = resolve_invoice(&ws, &src, &doc, Some("2026-00009")).unwrap();
    assert_eq!(inv.vat_treatment, VatTreatment::ReverseCharge);
    assert_eq!(
        inv.vat_mention.as_deref(),
        Some("Autoliquidation – TVA due par le cocontractant (art. 51 §2 du Code de la TVA)")
    );
    assert_eq!(inv.number, "2026-00009");
    assert_eq!(
        inv.structured_communication.to_string(),
        "+++020/2600/00986+++"
    );
}
