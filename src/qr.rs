//! EPC/SEPA credit-transfer QR codes ("GiroCode", EPC069-12), drawn as SVG in Rust.
//!
//! Typst cannot download its QR packages in the sandbox, and a QR code is money:
//! generating it here keeps the payload testable byte for byte. Banking apps in
//! Belgium read the payee, IBAN, amount and structured communication from it.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use rust_decimal::Decimal;

/// What a banking app needs to pre-fill a SEPA credit transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpcPayment {
    /// Beneficiary BIC (optional in version 002 of the format, but we always have one).
    pub bic: String,
    /// Beneficiary name; cut to the 70 characters the format allows.
    pub name: String,
    /// Beneficiary IBAN, spaces allowed (they are removed).
    pub iban: String,
    /// Amount in EUR, between 0.01 and 999,999,999.99.
    pub amount: Decimal,
    /// Belgian structured communication (`+++123/4567/89012+++` or its 12 digits).
    pub structured_reference: Option<String>,
    /// Free-text remittance, used only when there is no structured reference.
    pub text: Option<String>,
}

/// Why no QR code can be drawn for a payment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// The amount is zero, negative or beyond the format's limit (credit notes, free quotes).
    #[error("amount {0} EUR cannot be paid by SEPA QR code (0.01 to 999999999.99 EUR)")]
    Amount(Decimal),
    /// The payload does not fit (should not happen with the length limits applied).
    #[error("payment QR code cannot be drawn: {0}")]
    Encode(String),
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}

impl EpcPayment {
    /// The EPC069-12 payload: one field a line, `BCD/002/1/SCT/...`, UTF-8, no trailing newline.
    pub fn payload(&self) -> Result<String, QrError> {
        let max = Decimal::new(99_999_999_999, 2);
        let amount = self.amount.round_dp(2);
        if amount < Decimal::new(1, 2) || amount > max {
            return Err(QrError::Amount(self.amount));
        }
        let iban: String = self
            .iban
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let bic: String = self
            .bic
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let reference = self
            .structured_reference
            .as_deref()
            .map(|r| r.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|r| !r.is_empty());
        let mut fields = vec![
            "BCD".to_string(),
            "002".to_string(),
            "1".to_string(),
            "SCT".to_string(),
            bic,
            truncate(&self.name, 70),
            iban,
            format!("EUR{amount:.2}"),
            String::new(), // purpose code
        ];
        match (reference, &self.text) {
            (Some(r), _) => fields.push(r),
            (None, Some(t)) => {
                fields.push(String::new());
                fields.push(truncate(t, 140));
            }
            (None, None) => {}
        }
        while fields.last().is_some_and(String::is_empty) {
            fields.pop();
        }
        Ok(fields.join("\n"))
    }

    /// The QR code as a standalone SVG, one unit per module, with a 4-module quiet zone.
    pub fn svg(&self) -> Result<String, QrError> {
        let payload = self.payload()?;
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
            .map_err(|e| QrError::Encode(e.to_string()))?;
        Ok(code
            .render::<svg::Color<'_>>()
            .module_dimensions(1, 1)
            .quiet_zone(true)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn payment() -> EpcPayment {
        EpcPayment {
            bic: "GKCC BEBB".into(),
            name: "Atelier Pixel SRL".into(),
            iban: "BE71 0961 2345 6769".into(),
            amount: dec!(1210.5),
            structured_reference: Some("+++090/9337/55493+++".into()),
            text: None,
        }
    }

    #[test]
    fn payload_lists_the_fields_in_epc_order_with_the_structured_communication() {
        assert_eq!(
            payment().payload().unwrap(),
            "BCD\n002\n1\nSCT\nGKCCBEBB\nAtelier Pixel SRL\nBE71096123456769\nEUR1210.50\n\n090933755493"
        );
    }

    #[test]
    fn free_text_goes_in_the_unstructured_field_when_there_is_no_reference() {
        let mut p = payment();
        p.structured_reference = None;
        p.text = Some("Quote Q-7 deposit".into());
        assert!(
            p.payload()
                .unwrap()
                .ends_with("EUR1210.50\n\n\nQuote Q-7 deposit")
        );
    }

    #[test]
    fn zero_or_negative_amounts_get_no_qr_code() {
        let mut p = payment();
        p.amount = dec!(-5);
        assert_eq!(p.payload(), Err(QrError::Amount(dec!(-5))));
        p.amount = dec!(0);
        assert!(p.svg().is_err());
    }

    #[test]
    fn svg_is_a_square_drawing_of_black_modules() {
        let svg = payment().svg().unwrap();
        assert!(svg.starts_with("<?xml"));
        assert!(svg.contains("viewBox=\"0 0 "));
        assert!(svg.contains("fill=\"#000000\" d=\"M"));
        assert_eq!(svg, payment().svg().unwrap(), "same payment, same drawing");
    }
}
