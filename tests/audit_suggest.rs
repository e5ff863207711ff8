//! `clausier audit --suggest` / `--apply`: fixes from our own clause library, applied
//! with the real `patch` command or written by clausier, then audited again.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// French web-shop terms for consumers: no withdrawal right, 10 % interest a month.
const FR_SHOP: &str = "Conditions générales de vente – Boutique Lumière

Article 1 – Objet
Les présentes conditions s'appliquent aux ventes conclues entre Boutique Lumière et ses clients consommateurs via notre boutique en ligne.

Article 2 – Commandes
Toute commande passée sur notre site est confirmée par courrier électronique.

Article 3 – Prix
Les prix sont indiqués en euros, toutes taxes comprises.

Article 4 – Retard de paiement
Toute facture impayée à l'échéance porte un intérêt de 10 % par mois.

Article 5 – Livraison
Les produits sont livrés en Belgique sous 5 jours ouvrables.
";

/// Dutch Markdown web-shop terms without a withdrawal right.
const NL_SHOP: &str = "# Algemene voorwaarden – Webshop Tulp

## 1. Toepassing
Deze voorwaarden gelden voor elke verkoop aan consumenten via onze webshop.

## 2. Bestellingen
Bestellingen geplaatst via onze webshop worden per e-mail bevestigd.

## 3. Prijzen
Alle prijzen zijn in euro, inclusief btw.

## 4. Levering
De producten worden binnen 5 werkdagen in België geleverd.
";

/// English consumer terms: no withdrawal right, 2 % interest a month.
const EN_SHOP: &str = "Terms and conditions – Harbour Prints

1. Scope
These terms apply to all sales to consumers through our online shop.

2. Orders
Orders placed through our website are confirmed by e-mail.

3. Late payment
Overdue amounts bear interest at 2% per month until full payment.

4. Delivery
Products are delivered in Belgium within 5 working days.
";

const DATE: &str = "2025-09-15";

fn clausier() -> Command {
    let mut c = Command::cargo_bin("clausier").expect("binary built");
    c.env_remove("GITHUB_ACTIONS");
    c
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// (code, line, column) of every finding of `file` in `dir`.
fn findings(dir: &std::path::Path, file: &str, extra: &[&str]) -> Vec<(String, u64, u64)> {
    let out = clausier()
        .current_dir(dir)
        .args(["audit", file, "--date", DATE, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap(),
                f["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn codes(found: &[(String, u64, u64)]) -> Vec<&str> {
    found.iter().map(|f| f.0.as_str()).collect()
}

/// `--suggest` output (stdout) for `file` in `dir`; the exit code is asserted.
fn suggest(dir: &std::path::Path, file: &str, code: i32) -> String {
    let out = clausier()
        .current_dir(dir)
        .args(["audit", file, "--date", DATE, "--suggest"])
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// Applies `diff` with the real `patch -p1` in `dir`.
fn patch(dir: &std::path::Path, diff: &str) {
    let out = Command::new("patch")
        .current_dir(dir)
        .args(["-p1", "--forward", "--batch"])
        .write_stdin(diff.as_bytes().to_vec())
        .output()
        .expect("`patch` is installed (make setup-apt)");
    assert!(
        out.status.success(),
        "patch failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn suggest_prints_a_diff_that_patch_applies_and_that_fixes_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", FR_SHOP);
    let before = findings(dir.path(), "cgv.txt", &[]);
    assert_eq!(
        before,
        vec![
            ("B2C007".to_string(), 4, 97),
            ("B2C001".to_string(), 4, 121),
            ("PAY001".to_string(), 13, 56),
        ]
    );

    let diff = suggest(dir.path(), "cgv.txt", 1);
    let head: Vec<&str> = diff.lines().take(8).collect();
    assert_eq!(
        head,
        vec![
            "--- a/cgv.txt",
            "+++ b/cgv.txt",
            "@@ -10,7 +10,54 @@",
            " Les prix sont indiqués en euros, toutes taxes comprises.",
            " ",
            " Article 4 – Retard de paiement",
            "-Toute facture impayée à l'échéance porte un intérêt de 10 % par mois.",
            "+Si une facture n'est pas payée à son échéance, le Prestataire envoie au Client un premier rappel gratuit, par courrier ou par courrier électronique. Ce rappel indique le solde dû, le montant de l'indemnité qui sera due à défaut de paiement dans le délai, le nom et le numéro d'entreprise du Prestataire, les services concernés et leur date d'échéance, ainsi que le délai de paiement.",
        ]
    );
    // The missing articles come after the last one, numbered like the document's.
    assert!(diff.contains("\n+Article 6 – Droit de rétractation\n"));
    assert!(diff.contains("\n+Article 7 – Règlement extrajudiciaire des litiges\n"));
    // A text file gets no Markdown bold markers.
    assert!(diff.contains("\n+> Modèle de formulaire de rétractation\n"));
    // Nothing is written without --apply.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("cgv.txt")).unwrap(),
        FR_SHOP
    );

    patch(dir.path(), &diff);
    assert_eq!(findings(dir.path(), "cgv.txt", &[]), vec![]);
    // Once fixed, there is nothing left to suggest.
    assert_eq!(suggest(dir.path(), "cgv.txt", 0), "");
}

#[test]
fn apply_writes_the_same_file_the_diff_describes() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "patched.txt", FR_SHOP);
    write(&dir, "applied.txt", FR_SHOP);
    let diff = suggest(dir.path(), "patched.txt", 1);
    patch(dir.path(), &diff);
    clausier()
        .current_dir(dir.path())
        .args(["audit", "applied.txt", "--date", DATE, "--apply"])
        .assert()
        .code(0)
        .stdout(
            "applied.txt: fixed PAY001: replaced line 13 with `late-payment-b2c`\n\
             applied.txt: fixed B2C001: inserted `withdrawal-b2c` after line 16\n\
             applied.txt: fixed B2C007: inserted `mediation-b2c` after line 16\n",
        );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("applied.txt")).unwrap(),
        std::fs::read_to_string(dir.path().join("patched.txt")).unwrap()
    );
}

#[test]
fn dutch_markdown_gets_the_dutch_clause_under_a_numbered_heading() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "av.md", NL_SHOP);
    let before = findings(dir.path(), "av.md", &[]);
    assert_eq!(codes(&before), vec!["B2C001", "B2C007"]);
    let diff = suggest(dir.path(), "av.md", 1);
    let head: Vec<&str> = diff.lines().take(9).collect();
    assert_eq!(
        head,
        vec![
            "--- a/av.md",
            "+++ b/av.md",
            "@@ -11,3 +11,39 @@",
            " ",
            " ## 4. Levering",
            " De producten worden binnen 5 werkdagen in België geleverd.",
            "+",
            "+## 5. Herroepingsrecht",
            "+",
        ]
    );
    assert!(diff.contains("\n+> **Modelformulier voor herroeping**\n"));
    assert!(diff.contains("\n+## 6. Buitengerechtelijke geschillenbeslechting\n"));
    patch(dir.path(), &diff);
    assert_eq!(findings(dir.path(), "av.md", &[]), vec![]);
}

#[test]
fn english_terms_get_the_english_clauses() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "terms.txt", EN_SHOP);
    let before = findings(dir.path(), "terms.txt", &[]);
    assert_eq!(codes(&before), vec!["B2C007", "B2C001", "PAY001"]);
    let diff = suggest(dir.path(), "terms.txt", 1);
    assert!(diff.starts_with("--- a/terms.txt\n+++ b/terms.txt\n@@ -7,7 +7,54 @@\n"));
    // The numbered clause keeps its place; the consumer variant of the clause is used.
    assert!(diff.contains(
        "\n-Overdue amounts bear interest at 2% per month until full payment.\n+If an invoice is not paid by its due date, the Provider sends the Client a first reminder free of charge"
    ));
    assert!(diff.contains("\n+5. Right of withdrawal\n"));
    assert!(diff.contains("\n+6. Out-of-court dispute resolution\n"));
    patch(dir.path(), &diff);
    assert_eq!(findings(dir.path(), "terms.txt", &[]), vec![]);
}

#[test]
fn several_findings_in_one_clause_give_one_replacement() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "cgv.txt",
        "Conditions générales – Atelier Lune

Article 1 – Paiement
Les factures sont payables au comptant.

Article 2 – Retard de paiement
Toute facture impayée à l'échéance porte un intérêt de 10 % par mois et une indemnité forfaitaire de 25 % du montant dû, avec un minimum de 150 EUR.
En cas de retard, une pénalité de 15 % par mois est due.

Article 3 – Prix
Les prix s'entendent TVA comprise.
",
    );
    let args = ["--audience", "b2c"];
    assert_eq!(
        codes(&findings(dir.path(), "cgv.txt", &args)),
        vec!["PAY001", "PAY002", "DOC001"]
    );
    let out = clausier()
        .current_dir(dir.path())
        .args(["audit", "cgv.txt", "--date", DATE, "--suggest"])
        .args(args)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.starts_with("--- a/cgv.txt\n+++ b/cgv.txt\n@@ -4,8 +4,18 @@\n"));
    assert_eq!(diff.matches("premier rappel gratuit").count(), 1);
    // DOC001 has no library clause of its own, but its clause is replaced: no note.
    assert_eq!(
        String::from_utf8(out.stderr)
            .unwrap()
            .matches("note:")
            .count(),
        0
    );
    patch(dir.path(), &diff);
    assert_eq!(findings(dir.path(), "cgv.txt", &args), vec![]);
}

#[test]
fn the_workspace_issuer_is_named_in_the_suggested_clause() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in ["clausier.yaml", "assets/logo.svg"] {
        let to = dir.path().join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join("examples/agency").join(f), to).unwrap();
    }
    write(&dir, "cgv.txt", FR_SHOP);
    let diff = suggest(dir.path(), "cgv.txt", 1);
    assert!(diff.contains(
        "notifie sa décision au Prestataire (Studio Clairière SRL, Rue de l'Étuve 52, 1000 Bruxelles, facturation@studio-clairiere.example)"
    ));
    assert!(!diff.contains("[provider.name]"));
}

#[test]
fn help_line_names_the_library_clause() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", FR_SHOP);
    clausier()
        .current_dir(dir.path())
        .args(["audit", "cgv.txt", "--date", DATE])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "  = help: Ajoutez une clause de rétractation de 14 jours avec le formulaire type (annexe 2 CDE) ; ne l'excluez que pour une exception de l'art. VI.53 CDE, nommée précisément. Clause de la bibliothèque : `withdrawal-b2c` (`clausier audit --suggest`).\n",
        ))
        // PAY001 names the B2B clause; consumer terms get its consumer twin.
        .stdout(predicate::str::contains(
            "Clause de la bibliothèque : `late-payment-b2c` (`clausier audit --suggest`).\n",
        ));
    clausier()
        .current_dir(dir.path())
        .args(["audit", "cgv.txt", "--date", DATE, "--lang", "en"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "Library clause: `withdrawal-b2c` (`clausier audit --suggest`).\n",
        ));
}

#[test]
fn html_sources_get_a_note_not_a_diff() {
    let dir = tempfile::tempdir().unwrap();
    let html = format!(
        "<html><body>{}</body></html>",
        FR_SHOP
            .split("\n\n")
            .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>")))
            .collect::<String>()
    );
    write(&dir, "cgv.html", &html);
    clausier()
        .current_dir(dir.path())
        .args(["audit", "cgv.html", "--date", DATE, "--suggest"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "cgv.html: note: suggestions need a text source: this file is HTML; convert the terms to .md or .txt",
        ));
    clausier()
        .current_dir(dir.path())
        .args(["audit", "cgv.html", "--date", DATE, "--apply"])
        .assert()
        .code(1)
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("cgv.html")).unwrap(),
        html
    );
}

#[test]
fn crlf_files_keep_their_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir, "cgv.txt", &FR_SHOP.replace('\n', "\r\n"));
    clausier()
        .current_dir(dir.path())
        .args(["audit", "cgv.txt", "--date", DATE, "--apply"])
        .assert()
        .code(0);
    let patched = std::fs::read_to_string(dir.path().join("cgv.txt")).unwrap();
    assert_eq!(
        patched.matches('\n').count(),
        patched.matches("\r\n").count()
    );
    assert!(patched.contains("\r\nArticle 6 – Droit de rétractation\r\n"));
    assert_eq!(findings(dir.path(), "cgv.txt", &[]), vec![]);
}

#[test]
fn the_workspace_terms_choose_the_parameters_of_the_suggested_clause() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency");
    for f in ["clausier.yaml", "assets/logo.svg", "terms/terms-b2b.yaml"] {
        let to = dir.path().join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join(f), to).unwrap();
    }
    // The workspace's business terms give 45 days (the library default is 30).
    let sel = dir.path().join("terms/terms-b2b.yaml");
    let text = std::fs::read_to_string(&sel).unwrap();
    std::fs::write(
        &sel,
        text.replacen("      days: 30\n", "      days: 45\n", 1),
    )
    .unwrap();
    write(
        &dir,
        "b2b.txt",
        "Conditions générales – Studio\n\nLes présentes conditions s'appliquent exclusivement aux clients professionnels.\n\nArticle 1 – Paiement\nLes factures sont payables à 90 jours de leur date.\n",
    );
    assert_eq!(
        findings(dir.path(), "b2b.txt", &[]),
        vec![("PAY004".to_string(), 6, 30)]
    );
    let diff = suggest(dir.path(), "b2b.txt", 0);
    assert!(diff.starts_with(
        "--- a/b2b.txt\n+++ b/b2b.txt\n@@ -3,4 +3,8 @@\n Les présentes conditions s'appliquent exclusivement aux clients professionnels.\n \n Article 1 – Paiement\n-Les factures sont payables à 90 jours de leur date.\n+Les factures sont payables dans les 45 jours calendrier de leur réception,"
    ));
    patch(dir.path(), &diff);
    assert_eq!(findings(dir.path(), "b2b.txt", &[]), vec![]);
}

mod never_panics {
    use std::sync::LazyLock;

    use chrono::NaiveDate;
    use clausier::audit::audience::AudienceChoice;
    use clausier::audit::readers::{self, Format};
    use clausier::audit::rules::RuleSet;
    use clausier::audit::suggest::{self, Renderer};
    use clausier::audit::{AuditOptions, Auditor};
    use clausier::clauses::Library;
    use clausier::latefee::rates::RateTable;
    use proptest::prelude::*;

    static AUDITOR: LazyLock<Auditor> =
        LazyLock::new(|| Auditor::new(RuleSet::builtin().expect("built-in rules load")));
    static LIBRARY: LazyLock<Library> =
        LazyLock::new(|| Library::builtin().expect("built-in clauses load"));

    /// Pieces that make rules fire (and clauses to replace or insert), in any order.
    fn shop_terms() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Article 4 – Retard de paiement\n".to_string()),
            Just("## 2. Orders\n".to_string()),
            Just("\n\n".to_string()),
            Just("\r\n".to_string()),
            Just("6.2 Toute facture impayée porte un intérêt de 10 % par mois.\n".to_string()),
            Just("- une indemnité forfaitaire de 25 % avec un minimum de 150 EUR\n".to_string()),
            Just(
                "Les ventes conclues via notre boutique en ligne avec des consommateurs.\n"
                    .to_string()
            ),
            Just("Bestellingen geplaatst via onze webshop zijn bindend.\n".to_string()),
            Just("Les tribunaux de Liège sont seuls compétents.\n".to_string()),
            Just("payables à 90 jours ".to_string()),
            "[a-zA-Zéèà€%°§0-9 .,;:()\\n-]{0,40}",
        ];
        prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Whatever the text, suggestions are computed without panicking, keep every line
        /// no edit touches, and come with a diff exactly when there is an edit.
        #[test]
        fn suggestions_never_panic_and_keep_untouched_lines(text in shop_terms()) {
            let opts = AuditOptions {
                audience: AudienceChoice::Auto,
                date: NaiveDate::from_ymd_opt(2025, 9, 15).unwrap(),
                lang: None,
                ignore: Vec::new(),
            };
            let Ok(extracted) = readers::read(text.as_bytes(), Format::Txt) else {
                return Ok(());
            };
            let report = AUDITOR.audit("t.txt", extracted, &opts);
            let renderer = Renderer {
                lib: &LIBRARY,
                provider: None,
                date: opts.date,
                rates: RateTable::embedded(),
                values: Default::default(),
            };
            if suggest::patchable("t.txt", Format::Txt, &text).is_err() {
                return Ok(());
            }
            let patch = suggest::suggest(&report, &text, &AUDITOR.rules, &renderer).unwrap();
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            for (i, l) in lines.iter().enumerate() {
                if !patch.edits.iter().any(|e| e.lines.contains(&i)) {
                    prop_assert!(patch.patched.contains(l.trim_end_matches(['\r', '\n'])));
                }
            }
            prop_assert_eq!(patch.diff.is_empty(), patch.edits.is_empty());
        }
    }
}
