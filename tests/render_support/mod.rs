//! Shared fixtures for the render tests: a small workspace written by the test itself,
//! the CLI, and the poppler tools that read back what a PDF says.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The issuer and three clients (fr B2B in Belgium, nl consumer, en business in Ireland).
pub const CONFIG: &str = r#"issuer:
  legal_name: Atelier Pixel
  legal_form: SRL
  address: {street: "Rue de la Loi 16", postcode: "1000", city: Bruxelles}
  enterprise_number: 0765.432.146
  vat_number: BE0765432146
  rpm: RPM Bruxelles
  iban: BE83 3630 1234 5615
  bic: BBRUBEBB
  email: factures@atelier-pixel.example
  phone: +32 2 555 01 23
defaults: {language: fr, payment_term_days: 30}
"#;

const CLIENTS: &[(&str, &str)] = &[
    (
        "dupont",
        "id: dupont\nname: Boulangerie Dupont SRL\nkind: b2b\nlanguage: fr\naddress: {street: Rue de Fer 12, postcode: \"5000\", city: Namur}\nvat_number: BE0412345614\n",
    ),
    (
        "peeters",
        "id: peeters\nname: Jan Peeters\nkind: b2c\nlanguage: nl\naddress: {street: Kerkstraat 5, postcode: \"9000\", city: Gent}\npayment_term_days: 14\n",
    ),
    (
        "harbour",
        "id: harbour\nname: Harbour Analytics Ltd\nkind: b2b\nlanguage: en\naddress: {street: 21 Grand Canal Quay, postcode: D02 X285, city: Dublin, country: IE}\nvat_number: IE6388047V\n",
    ),
];

/// Writes the fixture workspace into `dir` and returns `dir`.
pub fn workspace(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("clients")).unwrap();
    std::fs::write(dir.join("clausier.yaml"), CONFIG).unwrap();
    for (id, text) in CLIENTS {
        std::fs::write(dir.join("clients").join(format!("{id}.yaml")), text).unwrap();
    }
    dir.to_path_buf()
}

/// A copy of examples/agency in `dir`, without the ledger or the output of an earlier
/// run: rendering a quote records it in the workspace's ledger, which a test must not
/// leave in the repository.
pub fn example_copy(dir: &Path) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            if name == ".clausier" || name == "out" {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                copy(&path, &to.join(&name));
            } else {
                std::fs::copy(&path, to.join(&name)).unwrap();
            }
        }
    }
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency"),
        dir,
    );
    dir.to_path_buf()
}

/// Writes a document file into the workspace and returns its path.
pub fn document(ws: &Path, name: &str, text: &str) -> PathBuf {
    let path = ws.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// A two-rate French invoice with a discount.
pub const INVOICE_FR: &str = "client: dupont\nnumber: 2026-00042\nissue_date: 2026-11-02\nsupply_date: 2026-10-30\nsubject: Refonte du site\nbuyer_reference: PO-118\nlines:\n  - {description: Conception graphique, quantity: 3, unit: jour, unit_price: 650, vat_rate: 21}\n  - {description: Intégration, quantity: 12.5, unit: h, unit_price: 85, vat_rate: 21, discount_percent: 10}\n  - {description: Guide imprimé, quantity: 3, unit: ex., unit_price: 18.50, vat_rate: 6}\n";

/// A Dutch consumer invoice.
pub const INVOICE_NL: &str = "client: peeters\nnumber: 2026-00043\nissue_date: 2026-03-09\nlines:\n  - {description: Portfoliowebsite, quantity: 1, unit_price: 1200, vat_rate: 21}\n  - {description: Fotobewerking, quantity: 2.75, unit: u, unit_price: 60, vat_rate: 21}\n";

/// An English invoice to an Irish business: reverse charge.
pub const INVOICE_EN: &str = "client: harbour\nnumber: 2026-00044\nissue_date: 2026-11-16\nlines:\n  - {description: Front-end development, quantity: 8, unit: day, unit_price: 720, vat_rate: 0}\n  - {description: Accessibility audit, quantity: 1, unit_price: 1450, vat_rate: 0, discount_percent: 5}\n";

/// Quotes, one per language.
pub const QUOTE_FR: &str = "client: dupont\nnumber: Q2026-0007\nissue_date: 2026-11-23\nvalid_until: 2026-12-23\ndeposit_percent: 30\nsubject: Boutique en ligne\nlines:\n  - {description: Développement de la boutique, quantity: 9, unit: jour, unit_price: 620, vat_rate: 21}\n";
/// Dutch consumer quote.
pub const QUOTE_NL: &str = "client: peeters\nnumber: Q2026-0008\nissue_date: 2026-11-24\nlines:\n  - {description: Blogmodule, quantity: 1, unit_price: 850, vat_rate: 21}\n  - {description: Migratie van artikels, quantity: 20, unit: artikel, unit_price: 12.50, vat_rate: 21, discount_percent: 20}\n";
/// English quote to an EU business.
pub const QUOTE_EN: &str = "client: harbour\nnumber: Q2026-0009\nissue_date: 2026-11-25\nvalid_until: 2026-12-10\nlines:\n  - {description: Dashboard sprint 5, quantity: 10, unit: day, unit_price: 720, vat_rate: 0}\n";

/// Three VAT rates and a 33 % deposit, so that every rounding of money.rs rules 5 and 6 is
/// exercised: 7 × 613.35 = 4293.45 at 21 %, 2.5 × 85.10 = 212.75 at 12 %, 3 × 18.45 = 55.35
/// at 6 %; at 21 % the final VAT (604.08) is not 21 % of the final base (604.09), which the
/// UBL must carry as the PDF does.
pub const QUOTE_MULTI_RATE: &str = "client: boulangerie-dupont
number: Q2026-0101
issue_date: 2026-11-23
valid_until: 2026-12-23
deposit_percent: 33
subject: Boutique en ligne et guides imprimés
lines:
  - {description: Développement de la boutique, quantity: 7, unit: jour, unit_price: 613.35, vat_rate: 21}
  - {description: Formation de l'équipe, quantity: 2.5, unit: h, unit_price: 85.10, vat_rate: 12}
  - {description: Guide imprimé, quantity: 3, unit: ex., unit_price: 18.45, vat_rate: 6}
";

/// The clausier binary.
pub fn clausier() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("clausier").unwrap();
    cmd.env_remove("CLAUSIER_TYPST");
    cmd
}

/// What a CLI run in a workspace printed, and its exit code.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `clausier --workspace WS ARGS...` and captures everything.
pub fn run(ws: &Path, args: &[&str]) -> Run {
    let out = clausier()
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Runs a command that must succeed (exit 0) and returns what it printed.
pub fn ok(ws: &Path, args: &[&str]) -> Run {
    let r = run(ws, args);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r
}

/// Text of a PDF as pdftotext reads it (reading order, no layout).
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed (make setup)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Number of pages of a PDF, from pdfinfo.
pub fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo is installed (make setup)");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .expect("pdfinfo prints the page count")
}

/// Asserts that every needle occurs in the text, naming the first missing one. Runs of
/// whitespace count as one space, so a sentence may wrap anywhere in the PDF.
pub fn assert_contains_all(text: &str, needles: &[&str]) {
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let hay = flat(text);
    for n in needles {
        assert!(hay.contains(&flat(n)), "missing {n:?} in:\n{text}");
    }
}
