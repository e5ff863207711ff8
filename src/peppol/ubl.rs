//! The one mapping from a resolved invoice or credit note to a UBL 2.1 document
//! that conforms to Peppol BIS Billing 3.0.21.
//!
//! Every amount comes from the `Resolved*` document (`crate::money` totals): the
//! line bases, the per-rate bases and VAT, the three totals. Nothing is recomputed
//! here, so the UBL and the PDF always agree to the cent. The only derived amount
//! is the line discount shown as an allowance (gross − the money-rounded base),
//! which Peppol checks against the base it came from (PEPPOL-EN16931-R120).
//!
//! Choices, each checked by the official rules in `tests/peppol_ubl.rs`:
//! - Belgian parties are addressed with scheme 0208 (enterprise number, the id
//!   the Belgian Peppol directory registers); foreign EU customers with their
//!   national VAT scheme (9930 DE, 9957 FR, 9944 NL, ...).
//! - VAT categories: S (standard), Z (0 % under standard VAT), AE (reverse charge,
//!   art. 51 §2 or art. 21 §2), K (intra-EU supply of goods, art. 39bis), G (export),
//!   E (small-business franchise, art. 56bis); the exemption reason is the mention
//!   printed on the PDF (data/vat.yaml).
//! - Payment: SEPA credit transfer (58) to the issuer's IBAN, with the Belgian
//!   structured communication as remittance information (30 outside SEPA).
//! - The PDF travels inside the UBL as an `AdditionalDocumentReference` (base64).
//! - A quote's final invoice deducts the deposit invoice the way its PDF does: one
//!   negative line per VAT rate (quantity −1 at the deducted base, since BR-27 forbids
//!   a negative price), at that rate, and a `BillingReference` to the deposit invoice.
//!   The VAT breakdown is then the PDF's: per rate, the quote's base and VAT minus the
//!   deposit's (money.rs rule 6); no `PrepaidAmount`, because the deposit's VAT was
//!   charged on the deposit invoice and must not be declared a second time.

// UserError carries file, field and hint by design (as in crate::model); errors are
// the cold path, so it is returned unboxed.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::xml::{XmlWriter, base64};
use crate::error::UserError;
use crate::model::{
    Client, ClientKind, Issuer, Lang, ResolvedCreditNote, ResolvedInvoice, ResolvedLine,
    VatTreatment,
};
use crate::money::{Deduction, Totals, round_cents};

/// Peppol BIS Billing 3.0 specification identifier (BT-24).
pub const CUSTOMIZATION_ID: &str =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
/// Peppol billing business process (BT-23).
pub const PROFILE_ID: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

const NS_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const NS_CREDIT_NOTE: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const NS_CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

/// Peppol participant scheme of a Belgian enterprise number (ISO 6523 ICD 0208).
pub const SCHEME_BE_ENTERPRISE: &str = "0208";

/// Peppol EAS codes of VAT numbers, by VAT prefix (Peppol code list "EAS").
/// Belgium uses 0208 instead (see [`SCHEME_BE_ENTERPRISE`]); 9925 is the Belgian VAT scheme.
const VAT_SCHEMES: &[(&str, &str)] = &[
    ("AT", "9914"),
    ("BE", "9925"),
    ("BG", "9926"),
    ("CY", "9928"),
    ("CZ", "9929"),
    ("DE", "9930"),
    ("EE", "9931"),
    ("EL", "9933"),
    ("ES", "9920"),
    ("FR", "9957"),
    ("HR", "9934"),
    ("HU", "9910"),
    ("IE", "9935"),
    ("IT", "0211"),
    ("LT", "9937"),
    ("LU", "9938"),
    ("LV", "9939"),
    ("MT", "9943"),
    ("NL", "9944"),
    ("PL", "9945"),
    ("PT", "9946"),
    ("RO", "9947"),
    ("SI", "9949"),
    ("SK", "9950"),
];

/// IBAN country prefixes of the SEPA area, where code 58 (SEPA credit transfer) applies.
const SEPA_COUNTRIES: &[&str] = &[
    "AD", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI", "GR",
    "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "PL", "PT", "RO",
    "SE", "SI", "SK", "SM", "VA",
];

/// The PDF carried inside the UBL, so the receiver sees the same document.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedPdf<'a> {
    /// File name announced to the receiver, e.g. `2026-00042.pdf`.
    pub filename: &'a str,
    /// The PDF bytes.
    pub bytes: &'a [u8],
}

/// A document that can travel over Peppol.
#[derive(Debug, Clone, Copy)]
pub enum UblDocument<'a> {
    /// A commercial invoice (type code 380).
    Invoice(&'a ResolvedInvoice),
    /// A credit note (type code 381) referring to the invoice it credits.
    CreditNote(&'a ResolvedCreditNote),
}

/// The fields both document kinds share, borrowed from the resolved document.
struct View<'a> {
    credit_note: bool,
    number: &'a str,
    issuer: &'a Issuer,
    client: &'a Client,
    lang: Lang,
    issue_date: NaiveDate,
    due_date: Option<NaiveDate>,
    supply_date: Option<NaiveDate>,
    payment_term_days: Option<u32>,
    notes: Vec<&'a str>,
    buyer_reference: &'a str,
    credited: Option<(&'a str, NaiveDate)>,
    structured_communication: Option<String>,
    treatment: VatTreatment,
    mention: Option<&'a str>,
    lines: &'a [ResolvedLine],
    deductions: &'a [Deduction],
    totals: &'a Totals,
}

impl<'a> UblDocument<'a> {
    fn view(self) -> View<'a> {
        match self {
            UblDocument::Invoice(d) => View {
                credit_note: false,
                number: &d.number,
                issuer: &d.issuer,
                client: &d.client,
                lang: d.lang,
                issue_date: d.issue_date,
                due_date: Some(d.due_date),
                supply_date: d.supply_date,
                payment_term_days: Some(d.payment_term_days),
                notes: [d.subject.as_deref(), d.notes.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect(),
                // BT-10 is mandatory in Peppol (R003): without the buyer's own
                // reference, the invoice number is what both sides can match on.
                buyer_reference: d
                    .buyer_reference
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .unwrap_or(&d.number),
                credited: None,
                structured_communication: Some(d.structured_communication.formatted()),
                treatment: d.vat_treatment,
                mention: d.vat_mention.as_deref(),
                lines: &d.lines,
                deductions: &d.deductions,
                totals: &d.totals,
            },
            UblDocument::CreditNote(d) => View {
                credit_note: true,
                number: &d.number,
                issuer: &d.issuer,
                client: &d.client,
                lang: d.lang,
                issue_date: d.issue_date,
                due_date: None,
                supply_date: None,
                payment_term_days: None,
                notes: [Some(d.reason.as_str()), d.notes.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect(),
                buyer_reference: &d.invoice_number,
                credited: Some((&d.invoice_number, d.invoice_date)),
                structured_communication: None,
                treatment: d.vat_treatment,
                mention: d.vat_mention.as_deref(),
                lines: &d.lines,
                deductions: &[],
                totals: &d.totals,
            },
        }
    }

    /// The document number, used for file names and messages.
    pub fn number(self) -> &'a str {
        match self {
            UblDocument::Invoice(d) => &d.number,
            UblDocument::CreditNote(d) => &d.number,
        }
    }

    /// The client, whose Peppol address the document goes to.
    pub fn client(self) -> &'a Client {
        match self {
            UblDocument::Invoice(d) => &d.client,
            UblDocument::CreditNote(d) => &d.client,
        }
    }
}

/// A Peppol participant identifier: scheme and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantId {
    /// EAS code, e.g. `0208`.
    pub scheme: &'static str,
    /// Identifier within the scheme, e.g. `0456789034`.
    pub value: String,
}

/// The Peppol address of a customer, derived from its VAT number; an error says
/// why a client cannot receive Peppol documents (consumer, no VAT number, ...).
pub fn client_participant(client: &Client) -> Result<ParticipantId, UserError> {
    if client.kind == ClientKind::B2c {
        return Err(UserError::new(format!(
            "client `{}` is a consumer: Peppol e-invoices are for business customers",
            client.id
        ))
        .field("kind")
        .hint("send the PDF to consumers; drop --ubl for this document"));
    }
    let Some(vat) = &client.vat_number else {
        return Err(UserError::new(format!(
            "client `{}` has no VAT number, so its Peppol address is unknown",
            client.id
        ))
        .field("vat_number")
        .hint(format!(
            "add `vat_number` to clients/{}.yaml (Belgian customers are reached on Peppol by their enterprise number)",
            client.id
        )));
    };
    let prefix = vat.country();
    if prefix == "BE" {
        return Ok(ParticipantId {
            scheme: SCHEME_BE_ENTERPRISE,
            value: vat.as_str()[2..].to_string(),
        });
    }
    match VAT_SCHEMES.iter().find(|(p, _)| *p == prefix) {
        Some((_, scheme)) => Ok(ParticipantId {
            scheme,
            value: if *scheme == "0211" {
                vat.as_str()[2..].to_string()
            } else {
                vat.as_str().to_string()
            },
        }),
        None => Err(UserError::new(format!(
            "no Peppol scheme is known for the VAT number {} of client `{}`",
            vat.as_str(),
            client.id
        ))
        .field("vat_number")
        .hint("ask the customer for its Peppol participant id; clausier writes UBL for Belgian and EU customers")),
    }
}

/// The UNCL 5305 category and the exemption reason of a VAT group.
fn category(treatment: VatTreatment, rate: Decimal) -> (&'static str, Option<&'static str>) {
    match treatment {
        VatTreatment::Standard if rate.is_zero() => ("Z", None),
        VatTreatment::Standard => ("S", None),
        VatTreatment::ReverseCharge => ("AE", Some("VATEX-EU-AE")),
        VatTreatment::IntraEu => ("K", Some("VATEX-EU-IC")),
        VatTreatment::Export => ("G", Some("VATEX-EU-G")),
        VatTreatment::Franchise => ("E", None),
    }
}

/// UN/ECE Rec. 20 unit code for the free-text units users write (C62 "one" otherwise).
fn unit_code(unit: Option<&str>) -> &'static str {
    let Some(u) = unit else { return "C62" };
    match u.trim().to_lowercase().trim_end_matches('.') {
        "h" | "hr" | "hrs" | "hour" | "hours" | "heure" | "heures" | "uur" | "uren" | "u" => "HUR",
        "min" | "minute" | "minutes" | "minuut" | "minuten" => "MIN",
        "d" | "day" | "days" | "jour" | "jours" | "j" | "dag" | "dagen" => "DAY",
        "week" | "weeks" | "semaine" | "semaines" | "weken" => "WEE",
        "month" | "months" | "mois" | "maand" | "maanden" => "MON",
        "year" | "years" | "an" | "ans" | "année" | "années" | "jaar" | "jaren" => "ANN",
        "pc" | "pcs" | "piece" | "pieces" | "pièce" | "pièces" | "stuk" | "stuks" | "st" | "ex"
        | "exemplaire" | "exemplaires" | "exemplaar" | "exemplaren" | "copy" | "copies" => "H87",
        "km" => "KMT",
        "kg" => "KGM",
        "m" => "MTR",
        "m2" | "m²" => "MTK",
        "m3" | "m³" => "MTQ",
        "l" | "litre" | "litres" | "liter" => "LTR",
        "forfait" | "flat fee" | "lump sum" | "lumpsum" => "LS",
        _ => "C62",
    }
}

/// Amounts are in cents already (money.rs); this only guarantees the `0.00` form.
fn amount(d: Decimal) -> String {
    round_cents(d).to_string()
}

fn decimal(d: Decimal) -> String {
    d.normalize().to_string()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

const EUR: [(&str, &str); 1] = [("currencyID", "EUR")];

/// Maps a resolved document to Peppol BIS Billing 3.0 UBL; `pdf` is embedded when given.
pub fn to_ubl(doc: UblDocument<'_>, pdf: Option<EmbeddedPdf<'_>>) -> Result<String, UserError> {
    let v = doc.view();
    let buyer = client_participant(v.client)?;
    let mut w = XmlWriter::new();
    let (root, ns) = if v.credit_note {
        ("CreditNote", NS_CREDIT_NOTE)
    } else {
        ("Invoice", NS_INVOICE)
    };
    w.open(
        root,
        &[("xmlns", ns), ("xmlns:cac", NS_CAC), ("xmlns:cbc", NS_CBC)],
    );
    w.leaf("cbc:CustomizationID", CUSTOMIZATION_ID)
        .leaf("cbc:ProfileID", PROFILE_ID)
        .leaf("cbc:ID", v.number)
        .leaf("cbc:IssueDate", &date(v.issue_date));
    if let Some(due) = v.due_date {
        w.leaf("cbc:DueDate", &date(due));
    }
    if v.credit_note {
        w.leaf("cbc:CreditNoteTypeCode", "381");
    } else {
        w.leaf("cbc:InvoiceTypeCode", "380");
    }
    let note = v
        .notes
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    w.leaf_opt("cbc:Note", Some(&note))
        .leaf("cbc:DocumentCurrencyCode", "EUR")
        .leaf("cbc:BuyerReference", v.buyer_reference);
    if let Some((number, issued)) = v.credited {
        w.open("cac:BillingReference", &[])
            .open("cac:InvoiceDocumentReference", &[])
            .leaf("cbc:ID", number)
            .leaf("cbc:IssueDate", &date(issued))
            .close()
            .close();
    }
    // BG-3: each invoice whose amounts are deducted, once (the deposit invoice).
    let mut deducted: Vec<&str> = Vec::new();
    for d in v.deductions {
        if !deducted.contains(&d.invoice_number.as_str()) {
            deducted.push(&d.invoice_number);
        }
    }
    for number in deducted {
        w.open("cac:BillingReference", &[])
            .open("cac:InvoiceDocumentReference", &[])
            .leaf("cbc:ID", number)
            .close()
            .close();
    }
    if let Some(pdf) = pdf {
        w.open("cac:AdditionalDocumentReference", &[])
            .leaf("cbc:ID", v.number)
            .open("cac:Attachment", &[])
            .leaf_attrs(
                "cbc:EmbeddedDocumentBinaryObject",
                &[("mimeCode", "application/pdf"), ("filename", pdf.filename)],
                &base64(pdf.bytes),
            )
            .close()
            .close();
    }
    write_seller(&mut w, v.issuer);
    write_buyer(&mut w, v.client, &buyer);
    write_delivery(&mut w, &v);
    if let Some(comm) = &v.structured_communication
        && v.totals.total_incl > Decimal::ZERO
    {
        write_payment(&mut w, v.issuer, comm, v.payment_term_days, v.lang);
    }
    write_tax_total(&mut w, &v);
    w.open("cac:LegalMonetaryTotal", &[])
        .leaf_attrs(
            "cbc:LineExtensionAmount",
            &EUR,
            &amount(v.totals.total_excl),
        )
        .leaf_attrs("cbc:TaxExclusiveAmount", &EUR, &amount(v.totals.total_excl))
        .leaf_attrs("cbc:TaxInclusiveAmount", &EUR, &amount(v.totals.total_incl))
        .leaf_attrs("cbc:PayableAmount", &EUR, &amount(v.totals.total_incl))
        .close();
    for (idx, line) in v.lines.iter().enumerate() {
        write_line(&mut w, &v, idx, line);
    }
    for (idx, d) in v.deductions.iter().enumerate() {
        write_deduction(&mut w, &v, v.lines.len() + idx, d);
    }
    w.close();
    Ok(w.finish())
}

fn write_address(w: &mut XmlWriter, tag: &'static str, a: &crate::model::Address) {
    w.open(tag, &[])
        .leaf_opt("cbc:StreetName", Some(&a.street))
        .leaf_opt("cbc:CityName", Some(&a.city))
        .leaf_opt("cbc:PostalZone", Some(&a.postcode))
        .open("cac:Country", &[])
        .leaf("cbc:IdentificationCode", a.country.as_str())
        .close()
        .close();
}

fn write_tax_scheme(w: &mut XmlWriter, company_id: &str) {
    w.open("cac:PartyTaxScheme", &[])
        .leaf("cbc:CompanyID", company_id)
        .open("cac:TaxScheme", &[])
        .leaf("cbc:ID", "VAT")
        .close()
        .close();
}

fn write_seller(w: &mut XmlWriter, issuer: &Issuer) {
    let ent = issuer.enterprise_number.digits();
    w.open("cac:AccountingSupplierParty", &[])
        .open("cac:Party", &[])
        .leaf_attrs("cbc:EndpointID", &[("schemeID", SCHEME_BE_ENTERPRISE)], ent)
        .open("cac:PartyName", &[])
        .leaf("cbc:Name", &issuer.legal_name)
        .close();
    write_address(w, "cac:PostalAddress", &issuer.address);
    // A Belgian VAT number is BE + the enterprise number; a franchise issuer keeps
    // it (VAT Code art. 50) even though it charges no VAT, and BR-E-02 needs it.
    let vat = match &issuer.vat_number {
        Some(v) => v.as_str().to_string(),
        None => format!("BE{ent}"),
    };
    write_tax_scheme(w, &vat);
    let registration = format!("{} {}", issuer.legal_name, issuer.legal_form);
    w.open("cac:PartyLegalEntity", &[])
        .leaf("cbc:RegistrationName", registration.trim())
        .leaf_attrs("cbc:CompanyID", &[("schemeID", SCHEME_BE_ENTERPRISE)], ent)
        .close()
        .open("cac:Contact", &[])
        .leaf_opt("cbc:Telephone", Some(&issuer.phone))
        .leaf_opt("cbc:ElectronicMail", Some(&issuer.email))
        .close()
        .close()
        .close();
}

fn write_buyer(w: &mut XmlWriter, client: &Client, id: &ParticipantId) {
    w.open("cac:AccountingCustomerParty", &[])
        .open("cac:Party", &[])
        .leaf_attrs("cbc:EndpointID", &[("schemeID", id.scheme)], &id.value)
        .open("cac:PartyName", &[])
        .leaf("cbc:Name", &client.name)
        .close();
    write_address(w, "cac:PostalAddress", &client.address);
    if let Some(vat) = &client.vat_number {
        write_tax_scheme(w, vat.as_str());
    }
    w.open("cac:PartyLegalEntity", &[])
        .leaf("cbc:RegistrationName", &client.name);
    if id.scheme == SCHEME_BE_ENTERPRISE {
        w.leaf_attrs(
            "cbc:CompanyID",
            &[("schemeID", SCHEME_BE_ENTERPRISE)],
            &id.value,
        );
    }
    w.close();
    if let Some(mail) = client.email.as_deref().filter(|m| !m.trim().is_empty()) {
        w.open("cac:Contact", &[])
            .leaf("cbc:ElectronicMail", mail)
            .close();
    }
    w.close().close();
}

fn write_delivery(w: &mut XmlWriter, v: &View<'_>) {
    // BR-IC-11/12: an intra-EU supply states when and to which country goods went.
    let intra = v.treatment == VatTreatment::IntraEu;
    if v.supply_date.is_none() && !intra {
        return;
    }
    w.open("cac:Delivery", &[]).leaf(
        "cbc:ActualDeliveryDate",
        &date(v.supply_date.unwrap_or(v.issue_date)),
    );
    if intra {
        w.open("cac:DeliveryLocation", &[]);
        write_address(w, "cac:Address", &v.client.address);
        w.close();
    }
    w.close();
}

fn write_payment(
    w: &mut XmlWriter,
    issuer: &Issuer,
    comm: &str,
    term_days: Option<u32>,
    lang: Lang,
) {
    let iban = issuer.iban.as_str();
    let sepa = SEPA_COUNTRIES.contains(&iban.get(..2).unwrap_or(""));
    let (code, name) = if sepa {
        ("58", "SEPA credit transfer")
    } else {
        ("30", "Credit transfer")
    };
    let holder = format!("{} {}", issuer.legal_name, issuer.legal_form);
    w.open("cac:PaymentMeans", &[])
        .leaf_attrs("cbc:PaymentMeansCode", &[("name", name)], code)
        .leaf("cbc:PaymentID", comm)
        .open("cac:PayeeFinancialAccount", &[])
        .leaf("cbc:ID", iban)
        .leaf("cbc:Name", holder.trim())
        .open("cac:FinancialInstitutionBranch", &[])
        .leaf("cbc:ID", issuer.bic.as_str())
        .close()
        .close()
        .close();
    if let Some(days) = term_days {
        let text = match lang {
            Lang::Fr => format!("Payable dans les {days} jours"),
            Lang::Nl => format!("Te betalen binnen {days} dagen"),
            Lang::En => format!("Payable within {days} days"),
        };
        w.open("cac:PaymentTerms", &[])
            .leaf("cbc:Note", &text)
            .close();
    }
}

fn write_category(
    w: &mut XmlWriter,
    tag: &'static str,
    v: &View<'_>,
    rate: Decimal,
    with_reason: bool,
) {
    let (id, reason_code) = category(v.treatment, rate);
    w.open(tag, &[])
        .leaf("cbc:ID", id)
        .leaf("cbc:Percent", &decimal(rate));
    if with_reason && v.treatment.is_zero_rated() {
        w.leaf_opt("cbc:TaxExemptionReasonCode", reason_code)
            .leaf_opt("cbc:TaxExemptionReason", v.mention);
    }
    w.open("cac:TaxScheme", &[])
        .leaf("cbc:ID", "VAT")
        .close()
        .close();
}

fn write_tax_total(w: &mut XmlWriter, v: &View<'_>) {
    w.open("cac:TaxTotal", &[])
        .leaf_attrs("cbc:TaxAmount", &EUR, &amount(v.totals.total_vat));
    for group in &v.totals.per_rate {
        w.open("cac:TaxSubtotal", &[])
            .leaf_attrs("cbc:TaxableAmount", &EUR, &amount(group.base))
            .leaf_attrs("cbc:TaxAmount", &EUR, &amount(group.vat));
        write_category(w, "cac:TaxCategory", v, group.rate.percent(), true);
        w.close();
    }
    w.close();
}

fn write_line(w: &mut XmlWriter, v: &View<'_>, idx: usize, line: &ResolvedLine) {
    // Peppol wants a non-negative price (BR-27): a negative price becomes a
    // negative quantity, which leaves quantity × price and the base unchanged.
    let (quantity, price) = if line.unit_price < Decimal::ZERO {
        (-line.quantity, -line.unit_price)
    } else {
        (line.quantity, line.unit_price)
    };
    let (line_tag, qty_tag) = if v.credit_note {
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    } else {
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    };
    w.open(line_tag, &[])
        .leaf("cbc:ID", &(idx + 1).to_string())
        .leaf_attrs(
            qty_tag,
            &[("unitCode", unit_code(line.unit.as_deref()))],
            &decimal(quantity),
        )
        .leaf_attrs("cbc:LineExtensionAmount", &EUR, &amount(line.base));
    if let Some(pct) = line.discount_percent.filter(|d| !d.is_zero()) {
        let gross = round_cents(quantity * price);
        let reason = v.lang.pick("Remise", "Korting", "Discount");
        w.open("cac:AllowanceCharge", &[])
            .leaf("cbc:ChargeIndicator", "false")
            .leaf("cbc:AllowanceChargeReasonCode", "95")
            .leaf("cbc:AllowanceChargeReason", reason)
            .leaf("cbc:MultiplierFactorNumeric", &decimal(pct))
            .leaf_attrs("cbc:Amount", &EUR, &amount(gross - line.base))
            .leaf_attrs("cbc:BaseAmount", &EUR, &amount(gross))
            .close();
    }
    // A multi-line description keeps its first line as the item name (BT-153)
    // and the whole text as the item description (BT-154, first in UBL order).
    let name = line_name(&line.description);
    w.open("cac:Item", &[]);
    if line.description.trim() != name {
        w.leaf("cbc:Description", line.description.trim());
    }
    w.leaf("cbc:Name", name);
    write_category(
        w,
        "cac:ClassifiedTaxCategory",
        v,
        line.vat_rate.percent(),
        false,
    );
    w.close()
        .open("cac:Price", &[])
        .leaf_attrs("cbc:PriceAmount", &EUR, &decimal_price(price))
        .close()
        .close();
}

/// A deducted deposit as the PDF shows it: one line at its rate, −1 × the deducted base,
/// so the line amounts and the VAT breakdown add up to the PDF's totals to the cent.
/// The line note spells out the VAT already charged, as the PDF row does.
fn write_deduction(w: &mut XmlWriter, v: &View<'_>, idx: usize, d: &Deduction) {
    let vat = amount(d.vat);
    let note = match v.lang {
        Lang::Fr => format!("TVA de l'acompte déduite : {vat} EUR"),
        Lang::Nl => format!("Afgetrokken btw van het voorschot: {vat} EUR"),
        Lang::En => format!("Deposit VAT deducted: {vat} EUR"),
    };
    w.open("cac:InvoiceLine", &[])
        .leaf("cbc:ID", &(idx + 1).to_string())
        .leaf("cbc:Note", &note)
        .leaf_attrs("cbc:InvoicedQuantity", &[("unitCode", "C62")], "-1")
        .leaf_attrs("cbc:LineExtensionAmount", &EUR, &amount(-d.base))
        .open("cac:Item", &[])
        .leaf("cbc:Name", line_name(&d.description));
    write_category(
        w,
        "cac:ClassifiedTaxCategory",
        v,
        d.vat_rate.percent(),
        false,
    );
    w.close()
        .open("cac:Price", &[])
        .leaf_attrs("cbc:PriceAmount", &EUR, &amount(d.base))
        .close()
        .close();
}

fn line_name(description: &str) -> &str {
    description.trim().lines().next().unwrap_or("").trim()
}

/// Unit prices keep their precision (BT-146 has no decimal limit), with at least cents.
fn decimal_price(price: Decimal) -> String {
    let p = price.normalize();
    if p.scale() < 2 {
        amount(p)
    } else {
        p.to_string()
    }
}

/// Writes the UBL of `doc` next to its PDF (`out/2026-00042.pdf` → `out/2026-00042.xml`),
/// embedding that PDF; returns the path written.
pub fn write_ubl(doc: UblDocument<'_>, pdf_path: &Path) -> anyhow::Result<PathBuf> {
    let bytes = std::fs::read(pdf_path).map_err(|e| {
        UserError::new(format!("cannot read the PDF to embed: {e}"))
            .file(pdf_path)
            .hint("render the PDF first; the UBL carries it")
    })?;
    let filename = pdf_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("{}.pdf", doc.number()));
    let xml = to_ubl(
        doc,
        Some(EmbeddedPdf {
            filename: &filename,
            bytes: &bytes,
        }),
    )?;
    let out = pdf_path.with_extension("xml");
    crate::output::write_atomic(&out, xml.as_bytes())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Address, Country};

    fn client(kind: ClientKind, vat: Option<&str>) -> Client {
        Client {
            id: "acme".into(),
            name: "Acme".into(),
            kind,
            language: Lang::En,
            address: Address {
                street: "Main Street 1".into(),
                postcode: "1000".into(),
                city: "Brussels".into(),
                country: Country::belgium(),
            },
            vat_number: vat.map(|v| crate::be::VatNumber::parse(v).unwrap()),
            email: None,
            payment_term_days: None,
        }
    }

    #[test]
    fn belgian_customer_is_addressed_by_enterprise_number_under_0208() {
        let id = client_participant(&client(ClientKind::B2b, Some("BE 0876.543.270"))).unwrap();
        assert_eq!((id.scheme, id.value.as_str()), ("0208", "0876543270"));
    }

    #[test]
    fn french_customer_is_addressed_by_vat_number_under_9957() {
        let id = client_participant(&client(ClientKind::B2b, Some("FR40303265045"))).unwrap();
        assert_eq!((id.scheme, id.value.as_str()), ("9957", "FR40303265045"));
    }

    #[test]
    fn business_without_vat_number_has_no_known_peppol_address() {
        let err = client_participant(&client(ClientKind::B2b, None)).unwrap_err();
        assert_eq!(
            err.message,
            "client `acme` has no VAT number, so its Peppol address is unknown"
        );
        assert_eq!(err.field.as_deref(), Some("vat_number"));
    }

    #[test]
    fn customer_outside_the_eu_needs_its_peppol_id_from_the_customer() {
        let err = client_participant(&client(ClientKind::B2b, Some("CHE123456789"))).unwrap_err();
        assert_eq!(
            err.message,
            "no Peppol scheme is known for the VAT number CHE123456789 of client `acme`"
        );
    }

    #[test]
    fn free_text_units_map_to_un_ece_codes_in_three_languages() {
        let cases = [
            (Some("h"), "HUR"),
            (Some("uur"), "HUR"),
            (Some("Heures"), "HUR"),
            (Some("jour"), "DAY"),
            (Some("dagen"), "DAY"),
            (Some("mois"), "MON"),
            (Some("ex."), "H87"),
            (Some("stuks"), "H87"),
            (Some("m²"), "MTK"),
            (Some("forfait"), "LS"),
            (Some("carton"), "C62"),
            (None, "C62"),
        ];
        for (unit, code) in cases {
            assert_eq!(unit_code(unit), code, "{unit:?}");
        }
    }

    #[test]
    fn vat_categories_follow_the_treatment() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(category(VatTreatment::Standard, d("21")), ("S", None));
        assert_eq!(category(VatTreatment::Standard, d("0")), ("Z", None));
        assert_eq!(
            category(VatTreatment::ReverseCharge, d("0")),
            ("AE", Some("VATEX-EU-AE"))
        );
        assert_eq!(
            category(VatTreatment::IntraEu, d("0")),
            ("K", Some("VATEX-EU-IC"))
        );
        assert_eq!(
            category(VatTreatment::Export, d("0")),
            ("G", Some("VATEX-EU-G"))
        );
        assert_eq!(category(VatTreatment::Franchise, d("0")), ("E", None));
    }

    #[test]
    fn unit_prices_keep_their_precision_with_at_least_cents() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(decimal_price(d("85")), "85.00");
        assert_eq!(decimal_price(d("1.2")), "1.20");
        assert_eq!(decimal_price(d("0.125")), "0.125");
        assert_eq!(decimal_price(d("19.9900")), "19.99");
    }
}
