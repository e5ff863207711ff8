//! Belgian and European identifiers with their check digits, validated once at input.
//!
//! Each identifier is a newtype that can only be built from a valid value, so the rest
//! of the crate never re-checks: a `Iban` in a resolved invoice is known to pass mod 97.
//! Sources: belgian-law.md §13 (KBO/BCE check digits, IBAN ISO 13616, structured
//! communication of the Belgian banks' "OGM/VCS").

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

/// Separates a message from its hint inside serde error strings (see `model::yaml`).
pub const HINT_SEP: &str = "\n\u{1}hint: ";

/// A validation failure with a hint, before it is attached to a file position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdError {
    /// One-sentence description of the problem.
    pub message: String,
    /// What the user should write instead.
    pub hint: String,
}

impl IdError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        IdError {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.message, HINT_SEP, self.hint)
    }
}

/// Keeps digits and letters only, so `0566.988.259` and `BE 0566 988 259` compare equal.
fn compact(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Mod 97 of a decimal digit string of any length, without overflow.
fn mod97_digits(digits: &str) -> u32 {
    digits
        .bytes()
        .fold(0u32, |acc, b| (acc * 10 + u32::from(b - b'0')) % 97)
}

/// Checks the KBO/BCE rule: last two digits = 97 − (first eight mod 97).
fn enterprise_digits_valid(digits: &str) -> bool {
    digits.len() == 10
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(digits.as_bytes()[0], b'0' | b'1')
        && {
            let check: u32 = digits[8..].parse().unwrap_or(0);
            97 - mod97_digits(&digits[..8]) == check
        }
}

/// A Belgian enterprise number (KBO/BCE), stored as 10 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct EnterpriseNumber(String);

impl EnterpriseNumber {
    /// Parses `0566.988.259`, `0566988259` or `BE0566988259`, checking mod 97.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let mut c = compact(raw);
        if c.starts_with("BE") {
            c.drain(..2);
        }
        if c.len() == 9 && c.bytes().all(|b| b.is_ascii_digit()) {
            // Old 9-digit numbers get a leading 0 (KBO convention).
            c.insert(0, '0');
        }
        if c.len() != 10 || !c.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::new(
                format!("`{raw}` is not a Belgian enterprise number"),
                "write 10 digits starting with 0 or 1, e.g. `0566.988.259`",
            ));
        }
        if !matches!(c.as_bytes()[0], b'0' | b'1') {
            return Err(IdError::new(
                format!("enterprise number `{raw}` must start with 0 or 1"),
                "check the number on the KBO/BCE public search",
            ));
        }
        if !enterprise_digits_valid(&c) {
            let expected = 97 - mod97_digits(&c[..8]);
            return Err(IdError::new(
                format!("enterprise number `{raw}` fails the mod 97 check"),
                format!(
                    "the last two digits should be {expected:02} for {}; check the number on the KBO/BCE public search",
                    &c[..8]
                ),
            ));
        }
        Ok(EnterpriseNumber(c))
    }
    /// The 10 digits, as used in structured data (Peppol, VAT number).
    pub fn digits(&self) -> &str {
        &self.0
    }
    /// The printed form `0566.988.259` used on documents.
    pub fn formatted(&self) -> String {
        format!("{}.{}.{}", &self.0[..4], &self.0[4..7], &self.0[7..])
    }
}

impl fmt::Display for EnterpriseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl TryFrom<String> for EnterpriseNumber {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        EnterpriseNumber::parse(&s)
    }
}

impl From<EnterpriseNumber> for String {
    fn from(v: EnterpriseNumber) -> String {
        v.formatted()
    }
}

/// VAT number formats of EU member states (VIES syntax); the check digits are verified for BE only.
const VAT_FORMATS: &[(&str, &str)] = &[
    ("AT", r"^ATU\d{8}$"),
    ("BE", r"^BE[01]\d{9}$"),
    ("BG", r"^BG\d{9,10}$"),
    ("CY", r"^CY\d{8}[A-Z]$"),
    ("CZ", r"^CZ\d{8,10}$"),
    ("DE", r"^DE\d{9}$"),
    ("DK", r"^DK\d{8}$"),
    ("EE", r"^EE\d{9}$"),
    ("EL", r"^EL\d{9}$"),
    ("ES", r"^ES[0-9A-Z]\d{7}[0-9A-Z]$"),
    ("FI", r"^FI\d{8}$"),
    ("FR", r"^FR[0-9A-HJ-NP-Z]{2}\d{9}$"),
    ("HR", r"^HR\d{11}$"),
    ("HU", r"^HU\d{8}$"),
    ("IE", r"^IE(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$"),
    ("IT", r"^IT\d{11}$"),
    ("LT", r"^LT(\d{9}|\d{12})$"),
    ("LU", r"^LU\d{8}$"),
    ("LV", r"^LV\d{11}$"),
    ("MT", r"^MT\d{8}$"),
    ("NL", r"^NL\d{9}B\d{2}$"),
    ("PL", r"^PL\d{10}$"),
    ("PT", r"^PT\d{9}$"),
    ("RO", r"^RO\d{2,10}$"),
    ("SE", r"^SE\d{12}$"),
    ("SI", r"^SI\d{8}$"),
    ("SK", r"^SK\d{10}$"),
    ("XI", r"^XI(\d{9}|\d{12}|GD\d{3}|HA\d{3})$"),
];

/// A VAT identification number: `BE` + a valid enterprise number, or an EU number in VIES syntax.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct VatNumber(String);

impl VatNumber {
    /// Parses `BE 0566.988.259` or `NL123456789B01`; a non-EU prefix is accepted as free text of 4–16 characters.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let c = compact(raw);
        if c.len() < 4 || !c.as_bytes()[..2].iter().all(|b| b.is_ascii_uppercase()) {
            return Err(IdError::new(
                format!("`{raw}` is not a VAT number"),
                "start with the two-letter country prefix, e.g. `BE0566988259` or `NL123456789B01`",
            ));
        }
        let prefix = &c[..2];
        if prefix == "BE" {
            let ent = EnterpriseNumber::parse(&c[2..]).map_err(|e| {
                IdError::new(
                    format!("Belgian VAT number `{raw}` is invalid: {}", e.message),
                    e.hint,
                )
            })?;
            return Ok(VatNumber(format!("BE{}", ent.digits())));
        }
        // VIES writes Greece as EL; accept the ISO code too.
        let c = match c.strip_prefix("GR") {
            Some(rest) => format!("EL{rest}"),
            None => c,
        };
        let prefix = &c[..2];
        match VAT_FORMATS.iter().find(|(p, _)| *p == prefix) {
            Some((_, pattern)) => {
                let re = regex::Regex::new(pattern).expect("static VAT pattern");
                if !re.is_match(&c) {
                    return Err(IdError::new(
                        format!("`{raw}` does not have the format of a {prefix} VAT number"),
                        "copy the number from the customer's invoice or check it on VIES",
                    ));
                }
            }
            None => {
                if c.len() > 16 {
                    return Err(IdError::new(
                        format!("`{raw}` is too long for a VAT number"),
                        "write the number without spaces or dots",
                    ));
                }
            }
        }
        Ok(VatNumber(c))
    }
    /// Two-letter country prefix (`EL` for Greece, as VIES writes it).
    pub fn country(&self) -> &str {
        &self.0[..2]
    }
    /// The compact form, e.g. `BE0566988259`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The printed form: `BE 0566.988.259` for Belgium, compact otherwise.
    pub fn formatted(&self) -> String {
        if self.country() == "BE" {
            let d = &self.0[2..];
            format!("BE {}.{}.{}", &d[..4], &d[4..7], &d[7..])
        } else {
            self.0.clone()
        }
    }
}

impl fmt::Display for VatNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl TryFrom<String> for VatNumber {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        VatNumber::parse(&s)
    }
}

impl From<VatNumber> for String {
    fn from(v: VatNumber) -> String {
        v.0
    }
}

/// IBAN lengths per country (ISO 13616 registry) for the countries a Belgian SME meets most.
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AT", 20),
    ("BE", 16),
    ("CH", 21),
    ("DE", 22),
    ("DK", 18),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("IE", 22),
    ("IT", 27),
    ("LU", 20),
    ("MC", 27),
    ("NL", 18),
    ("PL", 28),
    ("PT", 25),
    ("SE", 24),
];

/// Mod 97 of an IBAN after moving the first four characters to the end and letters → 10..35.
fn iban_mod97(c: &str) -> u32 {
    let rearranged = format!("{}{}", &c[4..], &c[..4]);
    rearranged.chars().fold(0u32, |acc, ch| {
        let v = ch.to_digit(36).unwrap_or(0);
        if v >= 10 {
            (acc * 100 + v) % 97
        } else {
            (acc * 10 + v) % 97
        }
    })
}

/// An International Bank Account Number that passed the ISO 13616 mod 97 check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct Iban(String);

impl Iban {
    /// Parses `BE68 5390 0754 7034` (spaces ignored), checking length and mod 97.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let c = compact(raw);
        let well_formed = c.len() >= 15
            && c.len() <= 34
            && c.as_bytes()[..2].iter().all(|b| b.is_ascii_uppercase())
            && c.as_bytes()[2..4].iter().all(|b| b.is_ascii_digit());
        if !well_formed {
            return Err(IdError::new(
                format!("`{raw}` is not an IBAN"),
                "write the country code, two check digits and the account, e.g. `BE68 5390 0754 7034`",
            ));
        }
        if let Some((_, len)) = IBAN_LENGTHS.iter().find(|(p, _)| *p == &c[..2])
            && c.len() != *len
        {
            return Err(IdError::new(
                format!(
                    "IBAN `{raw}` has {} characters; {} IBANs have {len}",
                    c.len(),
                    &c[..2]
                ),
                "copy the IBAN from a bank statement",
            ));
        }
        if c[..2] == *"BE" && !c[4..].bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::new(
                format!("Belgian IBAN `{raw}` must have 12 digits after the check digits"),
                "copy the IBAN from a bank statement",
            ));
        }
        if iban_mod97(&c) != 1 {
            return Err(IdError::new(
                format!("IBAN `{raw}` fails the mod 97 check"),
                "a digit is probably mistyped: copy the IBAN from a bank statement",
            ));
        }
        Ok(Iban(c))
    }
    /// The compact form, as written in an EPC QR code or a UBL file.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Groups of four characters, as printed on documents.
    pub fn formatted(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl TryFrom<String> for Iban {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Iban::parse(&s)
    }
}

impl From<Iban> for String {
    fn from(v: Iban) -> String {
        v.formatted()
    }
}

/// A SWIFT/BIC code (ISO 9362): 8 or 11 characters; the format is all that can be checked offline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct Bic(String);

impl Bic {
    /// Parses `GEBABEBB` or `GEBABEBB XXX`.
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let c = compact(raw);
        let b = c.as_bytes();
        let ok = (c.len() == 8 || c.len() == 11)
            && b[..6].iter().all(|x| x.is_ascii_uppercase())
            && b[6..].iter().all(|x| x.is_ascii_alphanumeric());
        if !ok {
            return Err(IdError::new(
                format!("`{raw}` is not a BIC"),
                "write 8 or 11 characters: bank (4 letters), country (2 letters), location (2), branch (3, optional), e.g. `GEBABEBB`",
            ));
        }
        Ok(Bic(c))
    }
    /// The code as printed and as written in payment files.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Bic {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Bic::parse(&s)
    }
}

impl From<Bic> for String {
    fn from(v: Bic) -> String {
        v.0
    }
}

/// The Belgian structured communication (OGM/VCS) that lets the bank match a payment to an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct StructuredCommunication(String);

impl StructuredCommunication {
    /// Builds it from 10 digits: the check is their value mod 97, a remainder of 0 written 97.
    pub fn from_base(base: u64) -> Self {
        let base = base % 10_000_000_000;
        let check = match base % 97 {
            0 => 97,
            r => r,
        };
        StructuredCommunication(format!("{base:010}{check:02}"))
    }
    /// Derives it from an invoice number: its digits (the last 10 when longer), left-padded with zeros.
    ///
    /// `2026-00042` → digits `202600042` → base `0202600042` → `+++020/2600/04222+++`.
    /// The `{year}-{seq:05}` pattern keeps every number of a century distinct.
    pub fn from_invoice_number(number: &str) -> Self {
        let digits: String = number.chars().filter(|c| c.is_ascii_digit()).collect();
        let tail = &digits[digits.len().saturating_sub(10)..];
        StructuredCommunication::from_base(tail.parse().unwrap_or(0))
    }
    /// Parses and checks `+++123/4567/89012+++` (or the 12 digits alone).
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
        let junk = raw
            .chars()
            .any(|c| !(c.is_ascii_digit() || matches!(c, '+' | '/' | '*' | ' ')));
        if digits.len() != 12 || junk {
            return Err(IdError::new(
                format!("`{raw}` is not a structured communication"),
                "write 12 digits as `+++123/4567/89012+++`",
            ));
        }
        let base: u64 = digits[..10].parse().unwrap_or(0);
        let expected = StructuredCommunication::from_base(base);
        if expected.0 != digits {
            return Err(IdError::new(
                format!("structured communication `{raw}` fails the mod 97 check"),
                format!("the last two digits should be {}", &expected.0[10..]),
            ));
        }
        Ok(expected)
    }
    /// The 12 digits, as sent in an EPC QR code or a UBL `PaymentID`.
    pub fn digits(&self) -> &str {
        &self.0
    }
    /// `+++ddd/dddd/ddddd+++`, as printed on the payment slip.
    pub fn formatted(&self) -> String {
        let d = &self.0;
        format!("+++{}/{}/{}+++", &d[..3], &d[3..7], &d[7..])
    }
}

impl fmt::Display for StructuredCommunication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl From<StructuredCommunication> for String {
    fn from(v: StructuredCommunication) -> String {
        v.formatted()
    }
}

/// Deserializes a validated identifier from a YAML scalar.
///
/// The check runs inside the deserializer call (not after it, as `#[serde(try_from)]`
/// would), so serde_yaml attaches the position of the offending value to the error.
pub fn deserialize_checked<'de, D, T>(
    d: D,
    parse: fn(&str) -> Result<T, IdError>,
    what: &'static str,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct V<T> {
        parse: fn(&str) -> Result<T, IdError>,
        what: &'static str,
    }
    impl<T> serde::de::Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.what)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            (self.parse)(v).map_err(E::custom)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
    }
    d.deserialize_str(V { parse, what })
}

macro_rules! checked_deserialize {
    ($ty:ty, $what:literal) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                deserialize_checked(d, <$ty>::parse, $what)
            }
        }
    };
}

checked_deserialize!(EnterpriseNumber, "an enterprise number");
checked_deserialize!(VatNumber, "a VAT number");
checked_deserialize!(Iban, "an IBAN");
checked_deserialize!(Bic, "a BIC");

macro_rules! string_schema {
    ($ty:ty, $name:literal, $desc:literal, $pattern:literal) => {
        impl JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "description": $desc,
                    "pattern": $pattern
                })
            }
        }
    };
}

string_schema!(
    EnterpriseNumber,
    "EnterpriseNumber",
    "Belgian enterprise number (KBO/BCE), 10 digits with a mod 97 check, e.g. 0566.988.259",
    "^(BE)?[ .]*[01][0-9]{3}[ .]*[0-9]{3}[ .]*[0-9]{3}$"
);
string_schema!(
    VatNumber,
    "VatNumber",
    "VAT number with its country prefix, e.g. BE0566988259 or NL123456789B01",
    "^[A-Za-z]{2}[ .0-9A-Za-z+*]{2,20}$"
);
string_schema!(
    Iban,
    "Iban",
    "IBAN, spaces allowed, checked with mod 97, e.g. BE68 5390 0754 7034",
    "^[A-Za-z]{2}[0-9]{2}[ 0-9A-Za-z]{11,40}$"
);
string_schema!(
    Bic,
    "Bic",
    "BIC/SWIFT code, 8 or 11 characters, e.g. GEBABEBB",
    "^[A-Za-z]{6}[A-Za-z0-9]{2}([ ]?[A-Za-z0-9]{3})?$"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enterprise_number_from_the_law_sheet_example() {
        let n = EnterpriseNumber::parse("0566.988.259").unwrap();
        assert_eq!(n.digits(), "0566988259");
        assert_eq!(n.to_string(), "0566.988.259");
    }

    #[test]
    fn iban_example_from_the_iso_registry() {
        assert_eq!(
            Iban::parse("be68 5390 0754 7034").unwrap().to_string(),
            "BE68 5390 0754 7034"
        );
    }
}
