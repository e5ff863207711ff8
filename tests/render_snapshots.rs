//! Snapshots of the generated Typst source and its JSON data, for one invoice and one
//! quote in each language: a change to a label, a format or a template shows up in review.

mod render_support;

use clausier::model::{InvoiceDoc, QuoteDoc, Source, resolve_invoice, resolve_quote};
use clausier::render::Renderer;
use clausier::workspace::Workspace;
use render_support::*;

fn text(sandbox: &clausier::render::Sandbox, name: &str) -> String {
    String::from_utf8(
        sandbox
            .file(name)
            .unwrap_or_else(|| panic!("{name} not in sandbox"))
            .to_vec(),
    )
    .unwrap()
}

fn invoice(ws: &Workspace, yaml: &str) -> clausier::render::Rendered {
    let src = Source::new(ws.root.join("invoice.yaml"), yaml);
    let doc: InvoiceDoc = src.parse().unwrap();
    Renderer::builtin()
        .unwrap()
        .invoice(ws, &resolve_invoice(ws, &src, &doc, None).unwrap())
        .unwrap()
}

fn quote(ws: &Workspace, yaml: &str) -> clausier::render::Rendered {
    let src = Source::new(ws.root.join("quote.yaml"), yaml);
    let doc: QuoteDoc = src.parse().unwrap();
    Renderer::builtin()
        .unwrap()
        .quote(ws, &resolve_quote(ws, &src, &doc, None).unwrap())
        .unwrap()
}

fn fixture() -> (tempfile::TempDir, Workspace) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = Workspace::load(&workspace(&tmp.path().join("ws"))).unwrap();
    (tmp, ws)
}

#[test]
fn invoice_sources_in_french_dutch_and_english() {
    let (_tmp, ws) = fixture();
    for (lang, yaml, stem) in [
        ("fr", INVOICE_FR, "2026-00042"),
        ("nl", INVOICE_NL, "2026-00043"),
        ("en", INVOICE_EN, "2026-00044"),
    ] {
        let r = invoice(&ws, yaml);
        assert_eq!(r.stem, stem);
        insta::assert_snapshot!(
            format!("invoice_{lang}_typ"),
            text(&r.sandbox, &format!("{stem}.typ"))
        );
        insta::assert_snapshot!(
            format!("invoice_{lang}_json"),
            text(&r.sandbox, &format!("{stem}.json"))
        );
        assert!(
            r.sandbox.file(format!("{stem}.qr.svg")).is_some(),
            "an invoice with an amount due has a QR code"
        );
    }
}

#[test]
fn quote_sources_in_french_dutch_and_english() {
    let (_tmp, ws) = fixture();
    for (lang, yaml, stem) in [
        ("fr", QUOTE_FR, "Q2026-0007"),
        ("nl", QUOTE_NL, "Q2026-0008"),
        ("en", QUOTE_EN, "Q2026-0009"),
    ] {
        let r = quote(&ws, yaml);
        insta::assert_snapshot!(
            format!("quote_{lang}_typ"),
            text(&r.sandbox, &format!("{stem}.typ"))
        );
        insta::assert_snapshot!(
            format!("quote_{lang}_json"),
            text(&r.sandbox, &format!("{stem}.json"))
        );
    }
}

#[test]
fn the_quote_hash_changes_when_a_price_changes_and_not_otherwise() {
    let (_tmp, ws) = fixture();
    let hash = |yaml: &str| {
        let r = quote(&ws, yaml);
        let data: serde_json::Value =
            serde_json::from_slice(r.sandbox.file("Q2026-0007.json").unwrap()).unwrap();
        data["quote"]["content_sha256"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let base = hash(QUOTE_FR);
    assert_eq!(base.len(), 64);
    assert_eq!(base, hash(QUOTE_FR));
    assert_ne!(
        base,
        hash(&QUOTE_FR.replace("unit_price: 620", "unit_price: 621"))
    );
}
