//! Bad input stops the CLI with exit code 2, file:line:column, field and hint, and writes nothing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use clausier::commands::init::scaffold;

fn workspace(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("agency");
    scaffold(&root).unwrap();
    edit(&root);
    (tmp, root)
}

fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

const INVOICE: &str = "invoices/2026-00001-dupont-site.yaml";

/// Runs `clausier --workspace ROOT invoice ROOT/<INVOICE>`, expects exit 2 and returns stderr.
fn render_fails(root: &Path) -> String {
    let out = Command::cargo_bin("clausier")
        .unwrap()
        .arg("--workspace")
        .arg(root)
        .arg("invoice")
        .arg(root.join(INVOICE))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(!root.join("out").exists(), "nothing may be written to out/");
    String::from_utf8(out.stderr).unwrap()
}

fn at(root: &Path, rel: &str) -> String {
    root.join(rel).display().to_string()
}

#[test]
fn unknown_field_exits_2_with_a_did_you_mean() {
    let (_t, root) = workspace(|r| replace(r, INVOICE, "supply_date:", "suply_date:"));
    assert_eq!(
        render_fails(&root),
        format!(
            "{}:6:1: error: field `suply_date`: unknown field\n  hint: did you mean `supply_date`?\n",
            at(&root, INVOICE)
        )
    );
}

#[test]
fn wrong_type_exits_2() {
    let (_t, root) = workspace(|r| replace(r, INVOICE, "quantity: 12.5", "quantity: douze"));
    assert_eq!(
        render_fails(&root),
        format!(
            "{}:15:15: error: field `lines[1].quantity`: expected a number, found string \"douze\"\n  hint: write a number such as `12.50`\n",
            at(&root, INVOICE)
        )
    );
}

#[test]
fn invalid_enterprise_number_exits_2() {
    let (_t, root) = workspace(|r| replace(r, "clausier.yaml", "0765.432.146\n", "0765.432.164\n"));
    assert_eq!(
        render_fails(&root),
        format!(
            "{}:11:22: error: field `issuer.enterprise_number`: enterprise number `0765.432.164` fails the mod 97 check\n  hint: the last two digits should be 46 for 07654321; check the number on the KBO/BCE public search\n",
            at(&root, "clausier.yaml")
        )
    );
}

#[test]
fn unknown_vat_rate_exits_2() {
    let (_t, root) = workspace(|r| replace(r, INVOICE, "vat_rate: 6", "vat_rate: 9"));
    assert_eq!(
        render_fails(&root),
        format!(
            "{}:24:15: error: field `lines[2].vat_rate`: unknown VAT rate 9 %\n  hint: Belgian VAT rates are 0, 6, 12, 21 (data/vat.yaml)\n",
            at(&root, INVOICE)
        )
    );
}

#[test]
fn unknown_client_exits_2() {
    let (_t, root) =
        workspace(|r| replace(r, INVOICE, "client: boulangerie-dupont", "client: dupont"));
    assert_eq!(
        render_fails(&root),
        format!(
            "{}:3:9: error: field `client`: unknown client `dupont`\n  hint: valid client ids here: `boulangerie-dupont`, `harbour-analytics`, `sanne-de-vries`\n",
            at(&root, INVOICE)
        )
    );
}

#[test]
fn ninety_day_b2b_term_exits_2_citing_the_law() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clients/boulangerie-dupont.yaml",
            "payment_term_days: 30",
            "payment_term_days: 90",
        )
    });
    assert_eq!(
        render_fails(&root),
        format!(
            "{}:13:20: error: field `payment_term_days`: payment term of 90 days exceeds the 60-day maximum for business customers\n  hint: Law of 2 August 2002 on late payment in commercial transactions, art. 4, as amended by the Law of 14 August 2021: a term over 60 days is deemed unwritten; use at most 60\n",
            at(&root, "clients/boulangerie-dupont.yaml")
        )
    );
}
