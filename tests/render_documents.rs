//! The documents a Belgian agency sends, rendered to PDF and read back with pdftotext:
//! totals, VAT per rate and the legal mentions must be in the text a client receives.

mod render_support;

use render_support::*;

fn render(kind: &str, ws: &std::path::Path, file: &str, out: &std::path::Path) -> String {
    clausier()
        .arg("--workspace")
        .arg(ws)
        .arg(kind)
        .arg(ws.join(file))
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    pdftotext(out)
}

#[test]
fn french_b2b_invoice_shows_vat_per_rate_payment_details_and_statutory_late_fees() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(&ws, "invoices/fr.yaml", INVOICE_FR);
    let text = render(
        "invoice",
        &ws,
        "invoices/fr.yaml",
        &tmp.path().join("fr.pdf"),
    );
    assert_contains_all(
        &text,
        &[
            "FACTURE",
            "N° 2026-00042",
            "2 novembre 2026",
            "2 décembre 2026",
            "30 octobre 2026",
            "PO-118",
            "Boulangerie Dupont SRL",
            "TVA BE 0412.345.614",
            // 21 %: 1950 + 12.5 × 85 × 0.9 = 2906.25, VAT 610.31; 6 %: 55.50, VAT 3.33.
            "2.906,25 €",
            "610,31 €",
            "55,50 €",
            "3,33 €",
            "2.961,75 €",
            "613,64 €",
            "3.575,39 €",
            "BE83 3630 1234 5615",
            "BBRUBEBB",
            "+++020/2600/04222+++",
            // Mandatory mentions of the issuer (Companies Code art. 2:20, AR 1 art. 5).
            "Atelier Pixel SRL",
            "BCE 0765.432.146",
            "RPM Bruxelles",
            "Rue de la Loi 16, 1000 Bruxelles",
            // Law of 2 August 2002: rate of 2026-H2 and the flat 40 EUR.
            "loi du 2 août 2002, art. 5 et 6",
            "10,5 % l'an pour le 2e semestre 2026",
            "indemnité forfaitaire de 40,00 €",
            "Page 1 sur 1",
        ],
    );
}

#[test]
fn dutch_consumer_invoice_leads_with_the_vat_inclusive_total_and_the_book_xix_reminder_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(&ws, "invoices/nl.yaml", INVOICE_NL);
    let text = render(
        "invoice",
        &ws,
        "invoices/nl.yaml",
        &tmp.path().join("nl.pdf"),
    );
    assert_contains_all(
        &text,
        &[
            "FACTUUR",
            "Nr. 2026-00043",
            "9 maart 2026",
            "23 maart 2026",
            "Totaal incl. btw",
            "€ 1.365,00",
            "€ 286,65",
            "€ 1.651,65",
            "Prijzen inclusief btw",
            "eerste kosteloze herinnering",
            "14 kalenderdagen",
            "art. XIX.2",
            "Gestructureerde mededeling",
            "Pagina 1 van 1",
        ],
    );
    assert!(
        !text.contains("2 augustus 2002"),
        "no B2B late-payment terms on a consumer invoice"
    );
}

#[test]
fn english_invoice_to_an_eu_business_is_reverse_charged_at_zero_percent() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(&ws, "invoices/en.yaml", INVOICE_EN);
    let text = render(
        "invoice",
        &ws,
        "invoices/en.yaml",
        &tmp.path().join("en.pdf"),
    );
    assert_contains_all(
        &text,
        &[
            "INVOICE",
            "No. 2026-00044",
            "16 November 2026",
            "Harbour Analytics Ltd",
            "Ireland",
            "VAT IE6388047V",
            "€1,377.50",
            "€7,137.50",
            "€0.00",
            "0%",
            "Reverse charge",
            "Directive 2006/112/EC",
            "Law of 2 August 2002",
            "Page 1 of 1",
        ],
    );
}

#[test]
fn quote_has_validity_deposit_acceptance_block_and_content_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(&ws, "quotes/fr.yaml", QUOTE_FR);
    let text = render("quote", &ws, "quotes/fr.yaml", &tmp.path().join("q.pdf"));
    // 9 × 620 = 5580.00, VAT 1171.80, total 6751.80, deposit 30 % = 2025.54.
    assert_contains_all(
        &text,
        &[
            "DEVIS",
            "N° Q2026-0007",
            "Valable jusqu'au",
            "23 décembre 2026",
            "5.580,00 €",
            "1.171,80 €",
            "6.751,80 €",
            "Acompte à la commande (30 %)",
            "2.025,54 €",
            "Bon pour accord",
            "Nom et qualité",
            "Signature",
            "Empreinte SHA-256 du devis",
            "conditions générales",
        ],
    );
}

#[test]
fn dutch_quote_is_signed_voor_akkoord() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(&ws, "quotes/nl.yaml", QUOTE_NL);
    let text = render("quote", &ws, "quotes/nl.yaml", &tmp.path().join("q.pdf"));
    // 850 + 20 × 12.50 × 0.8 = 1050.00, VAT 220.50, total 1270.50; valid 30 days by default.
    assert_contains_all(
        &text,
        &[
            "OFFERTE",
            "Voor akkoord",
            "Handtekening",
            "24 december 2026",
            "€ 1.270,50",
            "Prijzen inclusief btw",
        ],
    );
}

#[test]
fn credit_note_names_the_credited_invoice_and_its_date() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(
        &ws,
        "credit-notes/cn.yaml",
        "client: dupont\nnumber: CN2026-00003\nissue_date: 2026-11-20\ninvoice_number: 2026-00042\ninvoice_date: 2026-11-02\nreason: Heures facturées deux fois\nlines:\n  - {description: Intégration (correction), quantity: 2, unit: h, unit_price: 85, vat_rate: 21, discount_percent: 10}\n",
    );
    let text = render(
        "credit-note",
        &ws,
        "credit-notes/cn.yaml",
        &tmp.path().join("cn.pdf"),
    );
    // 2 × 85 × 0.9 = 153.00, VAT 32.13, credited 185.13.
    assert_contains_all(
        &text,
        &[
            "NOTE DE CRÉDIT",
            "N° CN2026-00003",
            "Note de crédit relative à la facture 2026-00042 du 2 novembre 2026",
            "Heures facturées deux fois",
            "153,00 €",
            "32,13 €",
            "Montant crédité",
            "185,13 €",
            "TVA à reverser à l'État",
        ],
    );
    assert!(!text.contains("+++"), "a credit note asks for no payment");
}

#[test]
fn the_example_workspace_renders_every_demo_document() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = example_copy(&tmp.path().join("agency"));
    // Totals worked out by hand from the example files (money.rs rounding rule).
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "invoice",
            "invoices/2026-00001-dupont-site.yaml",
            &[
                "FACTURE",
                "N° 2026-00001",
                "2.956,24 €",
                "620,81 €",
                "55,50 €",
                "3,33 €",
                "3.011,74 €",
                "624,14 €",
                "3.635,88 €",
                "+++020/2600/00178+++",
                "loi du 2 août 2002",
            ],
        ),
        (
            "invoice",
            "invoices/2026-00002-de-vries.yaml",
            &[
                "FACTUUR",
                "€ 1.380,70",
                "€ 289,95",
                "€ 1.670,65",
                "Prijzen inclusief btw",
                "art. XIX.2",
            ],
        ),
        (
            "invoice",
            "invoices/2026-00003-harbour.yaml",
            &[
                "INVOICE",
                "€5,760.00",
                "€1,377.50",
                "€7,137.50",
                "€0.00",
                "Reverse charge",
                "Ireland",
            ],
        ),
        (
            "credit-note",
            "credit-notes/CN2026-00001-dupont.yaml",
            &[
                "NOTE DE CRÉDIT",
                "facture 2026-00001 du 2 novembre 2026",
                "153,00 €",
                "32,13 €",
                "185,13 €",
            ],
        ),
        (
            "quote",
            "quotes/Q2026-0001-dupont-eshop.yaml",
            &[
                "DEVIS",
                "6.485,00 €",
                "1.361,85 €",
                "7.846,85 €",
                "(30 %) 2.354,06 €",
                "Bon pour accord",
                "SHA-256",
            ],
        ),
        (
            "quote",
            "quotes/Q2026-0002-de-vries.yaml",
            &[
                "OFFERTE",
                "€ 1.050,00",
                "€ 220,50",
                "€ 1.270,50",
                "Voor akkoord",
                "SHA-256",
            ],
        ),
    ];
    for (i, (kind, file, needles)) in cases.iter().enumerate() {
        let text = render(kind, &ws, file, &tmp.path().join(format!("{i}.pdf")));
        assert_contains_all(&text, needles);
    }
}

#[test]
fn quote_annexes_markdown_terms_with_their_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let terms = "# Conditions générales\n\n## Article 1 – Paiement\nNos factures sont payables\nà 30 jours.\n\n## Article 2 – Responsabilité\nNotre responsabilité est limitée au montant de la commande.\n";
    document(&ws, "terms/cgv.md", terms);
    document(
        &ws,
        "quotes/t.yaml",
        &format!("{QUOTE_FR}terms: terms/cgv.md\n"),
    );
    let pdf = tmp.path().join("t.pdf");
    let text = render("quote", &ws, "quotes/t.yaml", &pdf);
    use sha2::Digest;
    let sha = hex::encode(sha2::Sha256::digest(terms.as_bytes()));
    assert_contains_all(
        &text,
        &[
            "Nos conditions générales, jointes en annexe, font partie intégrante de ce devis",
            "cgv.md",
            &sha[..16],
            "Article 1 – Paiement",
            "Nos factures sont payables à 30 jours.",
            "Article 2 – Responsabilité",
        ],
    );
    assert_eq!(pages(&pdf), 2, "the terms start on their own page");
}

#[test]
fn the_issuer_logo_is_placed_and_an_unsupported_logo_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    document(&ws, "invoices/fr.yaml", INVOICE_FR);
    document(
        &ws,
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\" fill=\"#123456\"/></svg>",
    );
    let config = CONFIG.replace(
        "  phone: +32 2 555 01 23\n",
        "  phone: +32 2 555 01 23\n  logo: assets/logo.svg\n",
    );
    std::fs::write(ws.join("clausier.yaml"), &config).unwrap();
    let dir = tmp.path().join("emit");
    std::fs::create_dir_all(&dir).unwrap();
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(ws.join("invoices/fr.yaml"))
        .arg("-o")
        .arg(&dir)
        .arg("--emit-typst")
        .assert()
        .success();
    assert!(dir.join("2026-00042.logo.svg").is_file());
    let typ = std::fs::read_to_string(dir.join("2026-00042.typ")).unwrap();
    assert!(typ.contains("image(\"2026-00042.logo.svg\""), "{typ}");

    std::fs::write(
        ws.join("clausier.yaml"),
        config.replace("logo.svg", "logo.bmp"),
    )
    .unwrap();
    document(&ws, "assets/logo.bmp", "BM");
    let out = clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("invoice")
        .arg(ws.join("invoices/fr.yaml"))
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("clausier.yaml:"), "{stderr}");
    assert!(
        stderr.contains("is not a PNG, JPEG, GIF, WebP or SVG image"),
        "{stderr}"
    );
}

#[test]
fn a_franchise_issuer_charges_no_vat_and_prints_the_article_56bis_mention() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let config = CONFIG.replace("  vat_number: BE0765432146\n", "").replace(
        "defaults: {language: fr, payment_term_days: 30}",
        "defaults: {language: fr, payment_term_days: 30, vat_regime: franchise}",
    );
    std::fs::write(ws.join("clausier.yaml"), config).unwrap();
    document(
        &ws,
        "invoices/f.yaml",
        "client: dupont\nnumber: 2026-00050\nissue_date: 2026-11-02\nlines:\n  - {description: Site vitrine, quantity: 1, unit_price: 900, vat_rate: 0}\n",
    );
    let text = render("invoice", &ws, "invoices/f.yaml", &tmp.path().join("f.pdf"));
    assert_contains_all(
        &text,
        &[
            "Régime particulier de franchise des petites entreprises",
            "art. 56bis",
            "900,00 €",
            "0,00 €",
            "BCE 0765.432.146",
        ],
    );
    assert!(
        !text.contains("TVA BE 0765"),
        "a franchise issuer has no VAT number to print"
    );
}
