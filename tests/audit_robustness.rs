//! Any bytes in any format: the auditor returns findings or a clear input error, never
//! panics (the cargo-fuzz target in fuzz/ runs the same path for longer).

use std::sync::LazyLock;

use chrono::NaiveDate;
use clausier::audit::audience::AudienceChoice;
use clausier::audit::readers::{self, Format};
use clausier::audit::rules::RuleSet;
use clausier::audit::{AuditOptions, Auditor};
use proptest::prelude::*;

static AUDITOR: LazyLock<Auditor> =
    LazyLock::new(|| Auditor::new(RuleSet::builtin().expect("built-in rules load")));

fn audit(bytes: &[u8], format: Format) {
    let opts = AuditOptions {
        audience: AudienceChoice::Auto,
        date: NaiveDate::from_ymd_opt(2025, 11, 3).unwrap(),
        lang: None,
        ignore: Vec::new(),
    };
    if let Ok(extracted) = readers::read(bytes, format) {
        let report = AUDITOR.audit("fuzz", extracted, &opts);
        for f in &report.findings {
            assert!(f.byte_span[0] <= f.byte_span[1]);
            assert!(f.start.line >= 1 && f.start.column >= 1);
            assert!(report.text.is_char_boundary(f.byte_span[0]));
        }
        let _ = clausier::report::human::render(&report);
    }
}

/// Text made of the pieces rules and checks look at, so random input reaches them.
fn termsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Article 5 – Paiement\n".to_string()),
        Just("\n\n".to_string()),
        Just("10% par mois ".to_string()),
        Just("1,5 % per maand ".to_string()),
        Just("indemnité forfaitaire de 15 % avec un minimum de 100 € ".to_string()),
        Just("payables à 90 jours ".to_string()),
        Just("BCE 0566.988.258 ".to_string()),
        Just("Economie+1 [1] ".to_string()),
        Just("<!-- clausier-ignore PAY001: x -->\n".to_string()),
        Just("# clausier-ignore ZZZ\n".to_string()),
        Just("<p>&eacute;&#x20AC;&#99999999;</p>".to_string()),
        Just("• ".to_string()),
        Just("tribunaux de Liège compétents. ".to_string()),
        "[a-zA-Zéèà€%°§0-9 .,;:()\\[\\]<>&#\n-]{0,40}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        for format in [Format::Txt, Format::Md, Format::Html, Format::Docx] {
            audit(&bytes, format);
        }
    }

    #[test]
    fn random_terms_like_text_never_panics(text in termsish()) {
        for format in [Format::Txt, Format::Html] {
            audit(text.as_bytes(), format);
        }
    }
}

#[test]
fn a_truncated_zip_and_garbage_pdf_are_input_errors() {
    assert!(readers::read(b"PK\x03\x04\x14\x00", Format::Docx).is_err());
    assert!(readers::read(b"%PDF-1.7 garbage", Format::Pdf).is_err());
}
