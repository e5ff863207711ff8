//! The `clauses` and `terms` commands as a user runs them.

use assert_cmd::Command;

fn clausier() -> Command {
    Command::cargo_bin("clausier").unwrap()
}

const SELECTION: &str = "audience: b2c
date: 2026-03-02
provider:
  name: Studio Clairière SRL
  address: Rue de l'Étuve 52, 1000 Bruxelles
  enterprise_number: 0765.432.146
  email: hello@studio.example
clauses:
  - scope-definitions
  - withdrawal-b2c
  - id: payment-b2c
    params: {days: 20}
  - late-payment-b2c
";

#[test]
fn clauses_list_filters_by_category_and_audience() {
    let out = clausier()
        .args([
            "clauses",
            "list",
            "--category",
            "late-payment",
            "--audience",
            "b2c",
        ])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "ID                CATEGORY      AUDIENCE  TITLE\n\
         late-payment-b2c  late-payment  b2c       Late payment\n"
    );
}

#[test]
fn clauses_list_rejects_an_unknown_category_with_a_hint() {
    let out = clausier()
        .args(["clauses", "list", "--category", "late-payments"])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: field `--category`: unknown category `late-payments`\n  hint: did you mean `late-payment`?\n"
    );
}

#[test]
fn clauses_show_prints_parameters_law_and_the_text_in_dutch() {
    let out = clausier()
        .args(["clauses", "show", "payment-b2b", "--lang", "nl"])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.starts_with("payment-b2b  (payment, b2b)\nFacturatie en betaling\n"),
        "{s}"
    );
    assert!(s.contains("  days (days [0..60]) = 30\n"), "{s}");
    assert!(
        s.contains("art. 4 (30-day default, 60-day maximum since 1 February 2022)"),
        "{s}"
    );
    assert!(
        s.contains("De facturen zijn betaalbaar binnen 30 kalenderdagen na hun ontvangst"),
        "{s}"
    );
}

#[test]
fn clauses_show_of_an_unknown_id_exits_2_with_a_suggestion() {
    let out = clausier()
        .args(["clauses", "show", "withdrawl-b2c"])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: unknown clause `withdrawl-b2c`\n  hint: did you mean `withdrawal-b2c`? (`clausier clauses list` shows all)\n"
    );
}

#[test]
fn terms_build_writes_numbered_articles_in_markdown_for_each_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("terms-b2c.yaml"), SELECTION).unwrap();
    let out = clausier()
        .args([
            "terms",
            "build",
            "terms-b2c.yaml",
            "--lang",
            "fr,nl,en",
            "--no-pdf",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fr = std::fs::read_to_string(dir.path().join("out/terms/terms-b2c-fr.md")).unwrap();
    let headings: Vec<&str> = fr.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Article 1 – Champ d'application et définitions",
            "## Article 2 – Droit de rétractation",
            "## Article 3 – Facturation et paiement",
            "## Article 4 – Retard de paiement",
        ]
    );
    assert!(
        fr.contains(
            "**3.1.** Les factures sont payables dans les 20 jours calendrier de leur date"
        )
    );
    let nl = std::fs::read_to_string(dir.path().join("out/terms/terms-b2c-nl.md")).unwrap();
    assert!(nl.contains("## Artikel 2 – Herroepingsrecht\n"));
    assert!(nl.contains("> **Modelformulier voor herroeping**\n"));
    let en = std::fs::read_to_string(dir.path().join("out/terms/terms-b2c-en.md")).unwrap();
    assert!(en.contains(
        "*Studio Clairière SRL – applicable to contracts with consumers – Version of 2 March 2026*"
    ));
    assert!(en.contains(
        "> - To Studio Clairière SRL, Rue de l'Étuve 52, 1000 Bruxelles, hello@studio.example:\n"
    ));
}

#[test]
fn terms_build_with_a_bad_value_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("terms.yaml"),
        SELECTION.replace("{days: 20}", "{days: 5}"),
    )
    .unwrap();
    let out = clausier()
        .args(["terms", "build", "terms.yaml", "--no-pdf"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "terms.yaml:12:20: error: field `clauses[2].params.days`: parameter `days` of `payment-b2c`: 5 days is below the minimum of 8 days\n  hint: use a value between 8 and 60\n"
    );
    assert!(!dir.path().join("out").exists());
}

fn pdftotext(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed (make setup)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn terms_build_writes_a_pdf_with_the_same_numbered_articles() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("terms-b2c.yaml"), SELECTION).unwrap();
    let out = clausier()
        .args([
            "terms",
            "build",
            "terms-b2c.yaml",
            "--lang",
            "nl",
            "-o",
            "cgv/av.md",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "cgv/av.md\ncgv/av.pdf\n"
    );
    let text = pdftotext(&dir.path().join("cgv/av.pdf"));
    for heading in [
        "Algemene voorwaarden",
        "Artikel 1 – Toepassingsgebied en definities",
        "Artikel 2 – Herroepingsrecht",
        "Artikel 3 – Facturatie en betaling",
        "Artikel 4 – Laattijdige betaling",
        "Modelformulier voor herroeping",
        "Pagina 1 / ",
    ] {
        assert!(text.contains(heading), "missing {heading:?} in:\n{text}");
    }
    assert!(
        text.contains("3.1 De facturen zijn betaalbaar binnen 20 kalenderdagen"),
        "{text}"
    );
}

#[test]
fn building_the_same_terms_twice_gives_the_same_pdf_bytes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.yaml"), SELECTION).unwrap();
    let mut pdfs = Vec::new();
    for out in ["a", "b"] {
        let status = clausier()
            .args(["terms", "build", "t.yaml", "--lang", "en", "-o", out])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        pdfs.push(std::fs::read(dir.path().join(out).join("t-en.pdf")).unwrap());
    }
    assert!(pdfs[0] == pdfs[1], "the two PDFs differ");
}

#[test]
fn a_workspace_clause_replaces_the_built_in_one_with_the_same_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("clauses")).unwrap();
    std::fs::write(
        dir.path().join("clauses/complaints.yaml"),
        "id: complaints
category: complaints
audience: both
title: {fr: Plaintes, nl: Klachten, en: Complaints desk}
law: [\"Code of Economic Law, art. VI.45\"]
body:
  fr: Écrivez à {{ provider.email }}.
  nl: Schrijf naar {{ provider.email }}.
  en: Write to {{ provider.email }}.
",
    )
    .unwrap();
    let lib = clausier::clauses::Library::with_dir(&dir.path().join("clauses")).unwrap();
    let c = lib.get("complaints").unwrap();
    assert_eq!(c.title.en, "Complaints desk");
    assert_eq!(c.source, dir.path().join("clauses/complaints.yaml"));
    // The rest of the built-in library is still there.
    assert!(lib.get("withdrawal-b2c").is_some());
}

#[test]
fn typst_markup_in_the_provider_name_is_printed_literally() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = r#"#panic("x") $x$ ] @ref <l> \ // /*"#;
    std::fs::write(
        dir.path().join("t.yaml"),
        SELECTION.replace("Studio Clairière SRL", &format!("'{hostile}'")),
    )
    .unwrap();
    let out = clausier()
        .args(["terms", "build", "t.yaml", "--lang", "fr"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdftotext(&dir.path().join("out/terms/t-fr.pdf"));
    assert!(text.contains(hostile), "{text}");
}

#[test]
fn asking_business_terms_from_a_consumer_selection_is_refused_at_its_audience() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.yaml"), SELECTION).unwrap();
    let out = clausier()
        .args(["terms", "build", "t.yaml", "--audience", "b2b", "--no-pdf"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "t.yaml:1:11: error: field `audience`: these terms are written for b2c but b2b terms were asked for\n  \
         hint: pass `--audience b2c`, or build the b2b terms from their own selection file\n"
    );
}
