//! Consumer quotes concluded at a distance annex the withdrawal information and the model
//! withdrawal form (CEL art. VI.45, VI.49 and Annex 2) in the client's language, and the
//! annexed text lints clean with our own auditor.

mod render_support;

use std::path::Path;

use chrono::NaiveDate;
use clausier::audit::audience::{Audience, AudienceChoice};
use clausier::audit::readers::Format;
use clausier::audit::rules::RuleSet;
use clausier::audit::{AuditOptions, Auditor, audit_bytes};
use clausier::clauses::LANGS;
use clausier::render::i18n::I18n;
use clausier::sign::withdrawal::withdrawal_annex;
use clausier::workspace::Workspace;
use render_support::*;

fn example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency")
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

#[test]
fn the_withdrawal_annex_lints_clean_for_consumers_in_three_languages() {
    let ws = Workspace::load(&example()).unwrap();
    let auditor = Auditor::new(RuleSet::builtin().unwrap());
    let i18n = I18n::builtin();
    let mut findings = Vec::new();
    for lang in LANGS {
        let annex = withdrawal_annex(&ws.root, &ws.config.issuer, lang, date(), &i18n).unwrap();
        let md = annex.to_markdown();
        let opts = AuditOptions {
            audience: AudienceChoice::Fixed(Audience::B2c),
            date: date(),
            lang: None,
            ignore: Vec::new(),
        };
        let doc = format!("withdrawal-annex-{lang}.md");
        let report = audit_bytes(&auditor, &doc, md.as_bytes(), Format::Md, &opts).unwrap();
        for f in report.findings {
            findings.push(format!(
                "{doc} {} {}:{} {}",
                f.code, f.start.line, f.start.column, f.message
            ));
        }
    }
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

/// A French consumer next to the fixture's Dutch one (peeters).
const MARTIN: &str = "id: martin\nname: Claire Martin\nkind: b2c\nlanguage: fr\naddress: {street: Rue Haute 3, postcode: \"1000\", city: Bruxelles}\n";

fn distance_quote(client: &str, number: &str) -> String {
    format!(
        "client: {client}\nnumber: {number}\nissue_date: 2026-11-24\ndistance: true\nlines:\n  - {{description: Site vitrine, quantity: 1, unit_price: 1200, vat_rate: 21}}\n"
    )
}

/// Renders a quote of the fixture workspace; returns the PDF and its text.
fn render(tmp: &Path, text: &str) -> (std::path::PathBuf, String) {
    let ws = workspace(&tmp.join("ws"));
    std::fs::write(ws.join("clients/martin.yaml"), MARTIN).unwrap();
    let file = document(&ws, "quotes/q.yaml", text);
    let pdf = tmp.join("q.pdf");
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("quote")
        .arg(&file)
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    let text = pdftotext(&pdf);
    (pdf, text)
}

/// The signature field is on the acceptance block's page, and the annex follows it.
fn assert_field_on_acceptance_page(pdf: &Path, label: &str) {
    let field = clausier::sign::find_signature_field(&std::fs::read(pdf).unwrap()).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    let mut page = 0;
    let mut label_page = 0;
    let mut label_x = 0f32;
    for line in html.lines() {
        if line.trim_start().starts_with("<page ") {
            page += 1;
        }
        if label_page == 0 && line.contains(&format!(">{label}</word>")) {
            label_page = page;
            let start = line.find("xMin=\"").unwrap() + 6;
            let end = start + line[start..].find('"').unwrap();
            label_x = line[start..end].parse().unwrap();
        }
    }
    assert_eq!(field.page, label_page, "{label} is on page {label_page}");
    assert!((field.rect[0] - label_x).abs() < 0.01, "{:?}", field.rect);
    assert!(
        pages(pdf) > field.page as usize,
        "the annex follows the acceptance block"
    );
}

#[test]
fn a_french_distance_quote_annexes_the_withdrawal_information_and_the_model_form() {
    let tmp = tempfile::tempdir().unwrap();
    let (pdf, text) = render(tmp.path(), &distance_quote("martin", "Q2026-0031"));
    assert_contains_all(
        &text,
        &[
            // The early-start request, in the acceptance block.
            "Je demande expressément que l'exécution des services commence avant la fin du délai de rétractation.",
            "Annexe – Droit de rétractation et règlement des litiges",
            "Vous acceptez ce devis à distance : vous disposez d'un droit de rétractation",
            "Droit de rétractation",
            "le Client dispose d'un délai de 14 jours calendrier pour se rétracter du Contrat",
            "Modèle de formulaire de rétractation",
            "(Veuillez compléter et renvoyer le présent formulaire uniquement si vous souhaitez vous rétracter du contrat.)",
            "À l'attention de Atelier Pixel SRL, Rue de la Loi 16, 1000 Bruxelles, factures@atelier-pixel.example :",
            "Je/Nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du contrat",
            "Nom du (des) consommateur(s) :",
            "Signature du (des) consommateur(s) (uniquement en cas de notification du présent formulaire sur papier) :",
            "(*) Biffez la mention inutile.",
            "Service de Médiation pour le Consommateur",
        ],
    );
    assert_field_on_acceptance_page(&pdf, "Signature");
}

#[test]
fn a_dutch_distance_quote_annexes_the_withdrawal_information_and_the_model_form() {
    let tmp = tempfile::tempdir().unwrap();
    let (pdf, text) = render(tmp.path(), &distance_quote("peeters", "Q2026-0032"));
    assert_contains_all(
        &text,
        &[
            "Ik verzoek uitdrukkelijk dat de uitvoering van de diensten begint vóór het einde van de herroepingstermijn.",
            "Bijlage – Herroepingsrecht en geschillenbeslechting",
            "U aanvaardt deze offerte op afstand: u beschikt over een herroepingsrecht",
            "beschikt de Klant over een termijn van 14 kalenderdagen om de Overeenkomst te herroepen",
            "Modelformulier voor herroeping",
            "(Dit formulier alleen invullen en terugzenden wanneer u de overeenkomst wilt herroepen.)",
            "Aan Atelier Pixel SRL, Rue de la Loi 16, 1000 Bruxelles, factures@atelier-pixel.example:",
            "Naam/Namen consument(en):",
            "(*) Doorhalen wat niet van toepassing is.",
            "Consumentenombudsdienst",
            "De klant aanvaardt deze offerte en de algemene voorwaarden die erop van toepassing zijn.",
        ],
    );
    assert_field_on_acceptance_page(&pdf, "Handtekening");
}

#[test]
fn a_quote_not_at_a_distance_has_no_withdrawal_annex() {
    let tmp = tempfile::tempdir().unwrap();
    let text = distance_quote("martin", "Q2026-0033").replace("distance: true\n", "");
    let (_, text) = render(tmp.path(), &text);
    assert!(
        !text.contains("Modèle de formulaire de rétractation"),
        "{text}"
    );
    assert!(!text.contains("Je demande expressément"), "{text}");
}

#[test]
fn a_business_quote_cannot_be_a_consumer_distance_contract() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = workspace(&tmp.path().join("ws"));
    let file = document(
        &ws,
        "quotes/q.yaml",
        &distance_quote("dupont", "Q2026-0034"),
    );
    clausier()
        .arg("--workspace")
        .arg(&ws)
        .arg("quote")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "client `dupont` is a business: the right of withdrawal of a distance contract protects consumers only",
        ))
        .stderr(predicates::str::contains("q.yaml:4:"))
        .stderr(predicates::str::contains(
            "hint: remove `distance: true`, or check the client's `kind`",
        ));
    assert!(!ws.join(".clausier").exists(), "bad input wrote the ledger");
}
