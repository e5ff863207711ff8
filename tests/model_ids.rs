//! Belgian identifiers: valid ones are accepted and normalised, invalid ones explain why.

use clausier::be::{Bic, EnterpriseNumber, Iban, StructuredCommunication, VatNumber};

#[test]
fn enterprise_numbers_pass_or_fail_the_mod_97_check() {
    let n = EnterpriseNumber::parse("0566.988.259").unwrap();
    assert_eq!(
        (n.digits(), n.to_string().as_str()),
        ("0566988259", "0566.988.259")
    );
    assert_eq!(
        EnterpriseNumber::parse("BE 0765 432 146").unwrap().digits(),
        "0765432146"
    );
    // Old 9-digit form gets its leading zero.
    assert_eq!(
        EnterpriseNumber::parse("566988259").unwrap().digits(),
        "0566988259"
    );

    let e = EnterpriseNumber::parse("0566.988.258").unwrap_err();
    assert_eq!(
        e.message,
        "enterprise number `0566.988.258` fails the mod 97 check"
    );
    assert_eq!(
        e.hint,
        "the last two digits should be 59 for 05669882; check the number on the KBO/BCE public search"
    );
    let e = EnterpriseNumber::parse("2566.988.259").unwrap_err();
    assert_eq!(
        e.message,
        "enterprise number `2566.988.259` must start with 0 or 1"
    );
    let e = EnterpriseNumber::parse("12345").unwrap_err();
    assert_eq!(e.message, "`12345` is not a Belgian enterprise number");
}

#[test]
fn belgian_vat_numbers_are_be_plus_a_valid_enterprise_number() {
    let v = VatNumber::parse("be 0412.345.614").unwrap();
    assert_eq!(v.as_str(), "BE0412345614");
    assert_eq!(v.to_string(), "BE 0412.345.614");
    assert_eq!(v.country(), "BE");
    let e = VatNumber::parse("BE0412345615").unwrap_err();
    assert_eq!(
        e.message,
        "Belgian VAT number `BE0412345615` is invalid: enterprise number `0412345615` fails the mod 97 check"
    );
}

#[test]
fn eu_vat_numbers_are_checked_against_the_vies_format() {
    assert_eq!(VatNumber::parse("IE6388047V").unwrap().country(), "IE");
    assert_eq!(
        VatNumber::parse("NL 8537.04.412.B01").unwrap().as_str(),
        "NL853704412B01"
    );
    assert_eq!(VatNumber::parse("FR44732829320").unwrap().country(), "FR");
    assert_eq!(
        VatNumber::parse("GR123456789").unwrap().as_str(),
        "EL123456789"
    );
    let e = VatNumber::parse("NL123456789").unwrap_err();
    assert_eq!(
        e.message,
        "`NL123456789` does not have the format of a NL VAT number"
    );
    assert_eq!(
        e.hint,
        "copy the number from the customer's invoice or check it on VIES"
    );
    let e = VatNumber::parse("12").unwrap_err();
    assert_eq!(e.message, "`12` is not a VAT number");
}

#[test]
fn ibans_pass_or_fail_the_iso_13616_check() {
    let i = Iban::parse("BE68 5390 0754 7034").unwrap();
    assert_eq!(i.as_str(), "BE68539007547034");
    assert_eq!(i.to_string(), "BE68 5390 0754 7034");
    assert!(Iban::parse("BE83363012345615").is_ok());
    assert!(Iban::parse("NL91ABNA0417164300").is_ok());
    assert!(Iban::parse("FR1420041010050500013M02606").is_ok());

    let e = Iban::parse("BE68 5390 0754 7035").unwrap_err();
    assert_eq!(
        e.message,
        "IBAN `BE68 5390 0754 7035` fails the mod 97 check"
    );
    assert_eq!(
        e.hint,
        "a digit is probably mistyped: copy the IBAN from a bank statement"
    );
    let e = Iban::parse("BE68 5390 0754 703").unwrap_err();
    assert_eq!(
        e.message,
        "IBAN `BE68 5390 0754 703` has 15 characters; BE IBANs have 16"
    );
    let e = Iban::parse("hello").unwrap_err();
    assert_eq!(e.message, "`hello` is not an IBAN");
}

#[test]
fn bics_have_eight_or_eleven_characters() {
    assert_eq!(Bic::parse("gebabebb").unwrap().as_str(), "GEBABEBB");
    assert_eq!(Bic::parse("GEBABEBB XXX").unwrap().as_str(), "GEBABEBBXXX");
    assert_eq!(
        Bic::parse("GEBA").unwrap_err().message,
        "`GEBA` is not a BIC"
    );
}

#[test]
fn structured_communication_is_derived_from_the_invoice_number() {
    let s = StructuredCommunication::from_invoice_number("2026-00001");
    assert_eq!(s.to_string(), "+++020/2600/00178+++");
    assert_eq!(s.digits(), "020260000178");
    assert_eq!(
        StructuredCommunication::from_invoice_number("2026-00042").to_string(),
        "+++020/2600/04222+++"
    );
    // A base that is a multiple of 97 gets the check digits 97, not 00.
    assert_eq!(
        StructuredCommunication::from_base(97).to_string(),
        "+++000/0000/09797+++"
    );
    // Longer numbers keep their last ten digits.
    assert_eq!(
        StructuredCommunication::from_invoice_number("INV-99-1234567890").to_string(),
        "+++123/4567/89002+++"
    );
}

#[test]
fn structured_communication_is_parsed_and_checked() {
    assert_eq!(
        StructuredCommunication::parse("+++123/4567/89002+++")
            .unwrap()
            .digits(),
        "123456789002"
    );
    assert_eq!(
        StructuredCommunication::parse("***123/4567/89002***")
            .unwrap()
            .digits(),
        "123456789002"
    );
    let e = StructuredCommunication::parse("+++123/4567/89012+++").unwrap_err();
    assert_eq!(
        e.message,
        "structured communication `+++123/4567/89012+++` fails the mod 97 check"
    );
    assert_eq!(e.hint, "the last two digits should be 02");
}
