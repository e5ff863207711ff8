//! Whatever a user types, parsing and validation return values or errors, never panic.

use clausier::be::{Bic, EnterpriseNumber, Iban, StructuredCommunication, VatNumber};
use clausier::model::numbering::{format_number, parse_number};
use clausier::model::{Client, Config, InvoiceDoc, Source};
use proptest::prelude::*;

proptest! {
    #[test]
    fn identifier_parsers_never_panic(s in "\\PC{0,40}") {
        let _ = EnterpriseNumber::parse(&s);
        let _ = VatNumber::parse(&s);
        let _ = Iban::parse(&s);
        let _ = Bic::parse(&s);
        let _ = StructuredCommunication::parse(&s);
        let _ = StructuredCommunication::from_invoice_number(&s);
    }

    #[test]
    fn identifier_parsers_never_panic_on_near_misses(s in "(BE|NL|IE|FR|GR)?[0-9A-Z .+*/]{0,40}") {
        let _ = EnterpriseNumber::parse(&s);
        let _ = VatNumber::parse(&s);
        let _ = Iban::parse(&s);
        let _ = StructuredCommunication::parse(&s);
    }

    #[test]
    fn yaml_documents_never_panic(s in "[a-z_:\\- \\n\\[\\]{}0-9.\"']{0,200}") {
        let src = Source::new("x.yaml", s);
        let _ = src.parse::<InvoiceDoc>();
        let _ = src.parse::<Client>();
        let _ = src.parse::<Config>();
        let _ = src.locate("lines[0].vat_rate");
    }

    #[test]
    fn invoice_lines_with_any_numbers_never_panic(q in "-?[0-9]{1,30}(\\.[0-9]{0,30})?", p in "-?[0-9]{1,30}(\\.[0-9]{0,30})?", d in "-?[0-9]{1,4}") {
        let text = format!("client: a\nissue_date: 2026-01-01\nlines:\n  - description: x\n    quantity: {q}\n    unit_price: {p}\n    vat_rate: 21\n    discount_percent: {d}\n");
        if let Ok(doc) = Source::new("x.yaml", text).parse::<InvoiceDoc>() {
            let _ = clausier::money::checked_totals(&doc.lines, clausier::model::VatTreatment::Standard);
        }
    }

    #[test]
    fn number_patterns_never_panic(pattern in "[A-Z{}:0-9a-z\\-]{0,20}", number in "[A-Z0-9\\-]{0,20}", seq in 0u64..10_000_000) {
        let _ = parse_number(&pattern, &number);
        if let Ok(n) = format_number(&pattern, 2026, seq) {
            prop_assert_eq!(parse_number(&pattern, &n).map(|(_, s)| s), Some(seq));
        }
    }
}
