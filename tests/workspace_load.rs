//! Loading the example workspace and resolving its documents, and the errors a user meets.

use std::path::{Path, PathBuf};

use clausier::commands::init::scaffold;
use clausier::model::{
    CreditNoteDoc, InvoiceDoc, QuoteDoc, VatTreatment, resolve::load_doc, resolve_credit_note,
    resolve_invoice, resolve_quote,
};
use clausier::workspace::Workspace;

/// A fresh copy of the example workspace, edited by `edit`.
fn workspace(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("agency");
    scaffold(&root).unwrap();
    edit(&root);
    (tmp, root)
}

/// Replaces `from` by `to` in one file of the workspace, failing if `from` is absent.
fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn load_err(root: &Path) -> String {
    Workspace::load(root).unwrap_err().to_string()
}

const DUPONT_INVOICE: &str = "invoices/2026-00001-dupont-site.yaml";
const DE_VRIES_INVOICE: &str = "invoices/2026-00002-de-vries.yaml";
const HARBOUR_INVOICE: &str = "invoices/2026-00003-harbour.yaml";

fn invoice_err(root: &Path, rel: &str) -> String {
    let ws = Workspace::load(root).unwrap();
    let (src, doc): (_, InvoiceDoc) = match load_doc(&root.join(rel)) {
        Ok(x) => x,
        Err(e) => return e.to_string(),
    };
    resolve_invoice(&ws, &src, &doc, None)
        .unwrap_err()
        .to_string()
}

#[test]
fn example_workspace_loads_with_its_three_clients() {
    let (_t, root) = workspace(|_| {});
    let ws = Workspace::load(&root).unwrap();
    assert_eq!(
        ws.clients.keys().collect::<Vec<_>>(),
        ["boulangerie-dupont", "harbour-analytics", "sanne-de-vries"]
    );
    assert_eq!(
        ws.config.issuer.enterprise_number.to_string(),
        "0765.432.146"
    );
    assert_eq!(ws.config.issuer.iban.to_string(), "BE83 3630 1234 5615");
}

#[test]
fn workspace_is_found_by_walking_up_from_a_subdirectory() {
    let (_t, root) = workspace(|_| {});
    let ws = Workspace::discover(&root.join("invoices")).unwrap();
    assert_eq!(ws.root, root);
    let ws = Workspace::open(Some(&root), Path::new("/")).unwrap();
    assert_eq!(ws.root, root);
}

#[test]
fn outside_a_workspace_the_error_says_how_to_create_one() {
    let tmp = tempfile::tempdir().unwrap();
    let err = Workspace::discover(tmp.path()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "error: no clausier.yaml found in {} or any parent directory\n  hint: run `clausier init DIR` to create a workspace, or pass `--workspace DIR`",
            tmp.path().display()
        )
    );
}

#[test]
fn french_b2b_invoice_has_mixed_rates_due_date_and_structured_communication() {
    let (_t, root) = workspace(|_| {});
    let ws = Workspace::load(&root).unwrap();
    let (src, doc): (_, InvoiceDoc) = load_doc(&root.join(DUPONT_INVOICE)).unwrap();
    let inv = resolve_invoice(&ws, &src, &doc, None).unwrap();
    assert_eq!(inv.number, "2026-00001");
    assert_eq!(inv.lang.code(), "fr");
    assert_eq!(inv.vat_treatment, VatTreatment::Standard);
    assert_eq!(inv.vat_mention, None);
    assert_eq!(inv.due_date.to_string(), "2026-12-02");
    assert_eq!(inv.totals.total_excl.to_string(), "3011.74");
    assert_eq!(inv.totals.total_vat.to_string(), "624.14");
    assert_eq!(inv.totals.total_incl.to_string(), "3635.88");
    assert_eq!(inv.totals.per_rate.len(), 2);
    assert_eq!(inv.lines[1].base.to_string(), "956.25");
    assert_eq!(
        inv.structured_communication.to_string(),
        "+++020/2600/00178+++"
    );
}

#[test]
fn dutch_consumer_invoice_uses_the_client_term_of_14_days() {
    let (_t, root) = workspace(|_| {});
    let ws = Workspace::load(&root).unwrap();
    let (src, doc): (_, InvoiceDoc) = load_doc(&root.join(DE_VRIES_INVOICE)).unwrap();
    let inv = resolve_invoice(&ws, &src, &doc, None).unwrap();
    assert_eq!(inv.lang.code(), "nl");
    assert_eq!(inv.due_date.to_string(), "2026-11-23");
    assert_eq!(inv.totals.total_excl.to_string(), "1380.70");
    assert_eq!(inv.totals.total_vat.to_string(), "289.95");
    assert_eq!(inv.totals.total_incl.to_string(), "1670.65");
}

#[test]
fn irish_business_invoice_is_reverse_charged_with_the_mention() {
    let (_t, root) = workspace(|_| {});
    let ws = Workspace::load(&root).unwrap();
    let (src, doc): (_, InvoiceDoc) = load_doc(&root.join(HARBOUR_INVOICE)).unwrap();
    let inv = resolve_invoice(&ws, &src, &doc, None).unwrap();
    assert_eq!(inv.vat_treatment, VatTreatment::ReverseCharge);
    assert_eq!(
        inv.vat_mention.as_deref(),
        Some(
            "Reverse charge – B2B services (art. 21 §2 Belgian VAT Code; art. 196 Directive 2006/112/EC)"
        )
    );
    assert_eq!(inv.totals.total_excl.to_string(), "7137.50");
    assert_eq!(inv.totals.total_vat.to_string(), "0.00");
    assert_eq!(inv.totals.total_incl.to_string(), "7137.50");
}

#[test]
fn quotes_compute_deposit_and_default_validity() {
    let (_t, root) = workspace(|_| {});
    let ws = Workspace::load(&root).unwrap();
    let (src, doc): (_, QuoteDoc) =
        load_doc(&root.join("quotes/Q2026-0001-dupont-eshop.yaml")).unwrap();
    let q = resolve_quote(&ws, &src, &doc, None).unwrap();
    assert_eq!(q.totals.total_excl.to_string(), "6485.00");
    assert_eq!(q.totals.total_incl.to_string(), "7846.85");
    assert_eq!(q.deposit.unwrap().to_string(), "2354.06");
    assert_eq!(q.valid_until.to_string(), "2026-12-23");

    let (src, doc): (_, QuoteDoc) =
        load_doc(&root.join("quotes/Q2026-0002-de-vries.yaml")).unwrap();
    let q = resolve_quote(&ws, &src, &doc, None).unwrap();
    assert_eq!(q.totals.total_excl.to_string(), "1050.00");
    assert_eq!(q.totals.total_incl.to_string(), "1270.50");
    assert_eq!(q.deposit, None);
    assert_eq!(q.valid_until.to_string(), "2026-12-24");
}

#[test]
fn credit_note_credits_a_positive_amount_of_its_invoice() {
    let (_t, root) = workspace(|_| {});
    let ws = Workspace::load(&root).unwrap();
    let (src, doc): (_, CreditNoteDoc) =
        load_doc(&root.join("credit-notes/CN2026-00001-dupont.yaml")).unwrap();
    let cn = resolve_credit_note(&ws, &src, &doc, None).unwrap();
    assert_eq!(cn.invoice_number, "2026-00001");
    assert_eq!(cn.totals.total_excl.to_string(), "153.00");
    assert_eq!(cn.totals.total_vat.to_string(), "32.13");
    assert_eq!(cn.totals.total_incl.to_string(), "185.13");
}

#[test]
fn a_90_day_b2b_term_is_refused_citing_the_law() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clients/boulangerie-dupont.yaml",
            "payment_term_days: 30",
            "payment_term_days: 90",
        )
    });
    assert_eq!(
        load_err(&root),
        format!(
            "{}:13:20: error: field `payment_term_days`: payment term of 90 days exceeds the 60-day maximum for business customers\n  hint: Law of 2 August 2002 on late payment in commercial transactions, art. 4, as amended by the Law of 14 August 2021: a term over 60 days is deemed unwritten; use at most 60",
            root.join("clients/boulangerie-dupont.yaml").display()
        )
    );
}

#[test]
fn a_b2b_due_date_90_days_after_issue_is_refused() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            DUPONT_INVOICE,
            "issue_date: 2026-11-02\n",
            "issue_date: 2026-11-02\ndue_date: 2027-01-31\n",
        )
    });
    assert_eq!(
        invoice_err(&root, DUPONT_INVOICE),
        format!(
            "{}:6:11: error: field `due_date`: due date 2027-01-31 is 90 days after the issue date, over the 60-day maximum for business customers\n  hint: Law of 2 August 2002 on late payment in commercial transactions, art. 4, as amended by the Law of 14 August 2021: a term over 60 days is deemed unwritten; set a due date at most 60 days after the issue date",
            root.join(DUPONT_INVOICE).display()
        )
    );
}

#[test]
fn a_consumer_may_get_a_term_over_60_days() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clients/sanne-de-vries.yaml",
            "payment_term_days: 14",
            "payment_term_days: 90",
        )
    });
    let ws = Workspace::load(&root).unwrap();
    let (src, doc): (_, InvoiceDoc) = load_doc(&root.join(DE_VRIES_INVOICE)).unwrap();
    let inv = resolve_invoice(&ws, &src, &doc, None).unwrap();
    assert_eq!(inv.due_date.to_string(), "2027-02-07");
}

#[test]
fn an_invalid_enterprise_number_names_the_expected_check_digits() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clausier.yaml",
            "enterprise_number: 0765.432.146",
            "enterprise_number: 0765.432.147",
        )
    });
    assert_eq!(
        load_err(&root),
        format!(
            "{}:11:22: error: field `issuer.enterprise_number`: enterprise number `0765.432.147` fails the mod 97 check\n  hint: the last two digits should be 46 for 07654321; check the number on the KBO/BCE public search",
            root.join("clausier.yaml").display()
        )
    );
}

#[test]
fn an_invalid_iban_is_refused_at_its_line() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clausier.yaml",
            "iban: BE83 3630 1234 5615",
            "iban: BE83 3630 1234 5616",
        )
    });
    assert_eq!(
        load_err(&root),
        format!(
            "{}:14:9: error: field `issuer.iban`: IBAN `BE83 3630 1234 5616` fails the mod 97 check\n  hint: a digit is probably mistyped: copy the IBAN from a bank statement",
            root.join("clausier.yaml").display()
        )
    );
}

#[test]
fn a_vat_number_that_is_not_the_enterprise_number_is_refused() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clausier.yaml",
            "vat_number: BE 0765.432.146",
            "vat_number: BE 0412.345.614",
        )
    });
    assert_eq!(
        load_err(&root),
        format!(
            "{}:12:15: error: field `issuer.vat_number`: VAT number BE 0412.345.614 does not match enterprise number 0765.432.146\n  hint: a Belgian VAT number is `BE` + the enterprise number: `BE0765432146`",
            root.join("clausier.yaml").display()
        )
    );
}

#[test]
fn a_misspelt_field_gets_a_did_you_mean_hint() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clients/harbour-analytics.yaml",
            "vat_number:",
            "vat_numbr:",
        )
    });
    assert_eq!(
        load_err(&root),
        format!(
            "{}:11:1: error: field `vat_numbr`: unknown field\n  hint: did you mean `vat_number`?",
            root.join("clients/harbour-analytics.yaml").display()
        )
    );
}

#[test]
fn a_wrong_type_names_the_expected_one() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clausier.yaml",
            "payment_term_days: 30",
            "payment_term_days: thirty",
        )
    });
    assert_eq!(
        load_err(&root),
        format!(
            "{}:22:22: error: field `defaults.payment_term_days`: expected a whole number, found string \"thirty\"\n  hint: write a whole number such as `30`",
            root.join("clausier.yaml").display()
        )
    );
}

#[test]
fn a_missing_field_says_where_to_add_it() {
    let (_t, root) = workspace(|r| replace(r, "clients/sanne-de-vries.yaml", "kind: b2c\n", ""));
    assert_eq!(
        load_err(&root),
        format!(
            "{}:2:1: error: field `kind`: missing required field\n  hint: add `kind:` at the top level",
            root.join("clients/sanne-de-vries.yaml").display()
        )
    );
}

#[test]
fn an_unknown_client_suggests_the_nearest_id() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            DUPONT_INVOICE,
            "client: boulangerie-dupont",
            "client: boulangerie-dupond",
        )
    });
    assert_eq!(
        invoice_err(&root, DUPONT_INVOICE),
        format!(
            "{}:3:9: error: field `client`: unknown client `boulangerie-dupond`\n  hint: did you mean `boulangerie-dupont`?",
            root.join(DUPONT_INVOICE).display()
        )
    );
}

#[test]
fn an_unknown_vat_rate_lists_the_belgian_rates() {
    let (_t, root) = workspace(|r| replace(r, DUPONT_INVOICE, "vat_rate: 6", "vat_rate: 7"));
    assert_eq!(
        invoice_err(&root, DUPONT_INVOICE),
        format!(
            "{}:24:15: error: field `lines[2].vat_rate`: unknown VAT rate 7 %\n  hint: Belgian VAT rates are 0, 6, 12, 21 (data/vat.yaml)",
            root.join(DUPONT_INVOICE).display()
        )
    );
}

#[test]
fn vat_on_a_reverse_charge_invoice_is_refused() {
    let (_t, root) = workspace(|r| replace(r, HARBOUR_INVOICE, "vat_rate: 0", "vat_rate: 21"));
    assert_eq!(
        invoice_err(&root, HARBOUR_INVOICE),
        format!(
            "{}:12:15: error: field `lines[0].vat_rate`: line 1 is at 21 % but the document is under reverse charge, which charges no VAT\n  hint: set `vat_rate: 0`; the `reverse_charge` mention is printed instead",
            root.join(HARBOUR_INVOICE).display()
        )
    );
}

#[test]
fn a_franchise_issuer_invoices_without_vat_and_with_the_art_56bis_mention() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clausier.yaml",
            "vat_regime: normal",
            "vat_regime: franchise",
        );
        for rate in [
            "vat_rate: 21",
            "vat_rate: 21",
            "vat_rate: 6",
            "vat_rate: 21",
        ] {
            replace(r, DUPONT_INVOICE, rate, "vat_rate: 0");
        }
    });
    let ws = Workspace::load(&root).unwrap();
    let (src, doc): (_, InvoiceDoc) = load_doc(&root.join(DUPONT_INVOICE)).unwrap();
    let inv = resolve_invoice(&ws, &src, &doc, None).unwrap();
    assert_eq!(inv.vat_treatment, VatTreatment::Franchise);
    assert_eq!(
        inv.vat_mention.as_deref(),
        Some(
            "Régime particulier de franchise des petites entreprises – TVA non applicable (art. 56bis du Code de la TVA)"
        )
    );
    assert_eq!(inv.totals.total_vat.to_string(), "0.00");
    assert_eq!(inv.totals.total_incl.to_string(), "3011.74");
}

#[test]
fn a_terms_path_outside_the_workspace_is_refused() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "quotes/Q2026-0002-de-vries.yaml",
            "subject:",
            "terms: ../../../etc/passwd\nsubject:",
        )
    });
    let ws = Workspace::load(&root).unwrap();
    let rel = "quotes/Q2026-0002-de-vries.yaml";
    let (src, doc): (_, QuoteDoc) = load_doc(&root.join(rel)).unwrap();
    assert_eq!(
        resolve_quote(&ws, &src, &doc, None)
            .unwrap_err()
            .to_string(),
        format!(
            "{}:6:8: error: field `terms`: path `../../../etc/passwd` points outside the workspace\n  hint: write a path relative to the workspace root ({}), without `..`",
            root.join(rel).display(),
            root.display()
        )
    );
}

#[test]
fn an_absolute_logo_path_outside_the_workspace_is_refused() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clausier.yaml",
            "logo: assets/logo.svg",
            "logo: /etc/hostname",
        )
    });
    assert_eq!(
        load_err(&root),
        format!(
            "{}:19:9: error: field `issuer.logo`: path `/etc/hostname` points outside the workspace\n  hint: write a path relative to the workspace root ({}), without `..`",
            root.join("clausier.yaml").display(),
            root.display()
        )
    );
}

#[test]
fn a_number_that_does_not_follow_the_pattern_is_refused() {
    let (_t, root) =
        workspace(|r| replace(r, DUPONT_INVOICE, "number: 2026-00001", "number: 2026-1"));
    assert_eq!(
        invoice_err(&root, DUPONT_INVOICE),
        format!(
            "{}:4:9: error: field `number`: invoice number `2026-1` does not follow the pattern `{{year}}-{{seq:05}}`\n  hint: fix the number, or remove `number:` to let the ledger allocate the next one",
            root.join(DUPONT_INVOICE).display()
        )
    );
}

#[test]
fn a_symlink_that_leads_outside_the_workspace_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "secret").unwrap();
    let (_t, root) = workspace(|r| {
        std::os::unix::fs::symlink(outside.path().join("secret.md"), r.join("terms.md")).unwrap();
        replace(
            r,
            "quotes/Q2026-0002-de-vries.yaml",
            "subject:",
            "terms: terms.md\nsubject:",
        )
    });
    let ws = Workspace::load(&root).unwrap();
    let rel = "quotes/Q2026-0002-de-vries.yaml";
    let (src, doc): (_, QuoteDoc) = load_doc(&root.join(rel)).unwrap();
    let err = resolve_quote(&ws, &src, &doc, None).unwrap_err();
    assert_eq!(err.message, "path `terms.md` points outside the workspace");
    assert_eq!((err.line, err.column), (Some(6), Some(8)));
}

#[test]
fn a_terms_file_inside_the_workspace_is_resolved() {
    let (_t, root) = workspace(|r| {
        std::fs::create_dir_all(r.join("terms")).unwrap();
        std::fs::write(r.join("terms/b2c.md"), "# Conditions").unwrap();
        replace(
            r,
            "quotes/Q2026-0002-de-vries.yaml",
            "subject:",
            "terms: ./terms/../terms/b2c.md\nsubject:",
        )
    });
    let ws = Workspace::load(&root).unwrap();
    let (src, doc): (_, QuoteDoc) =
        load_doc(&root.join("quotes/Q2026-0002-de-vries.yaml")).unwrap();
    let q = resolve_quote(&ws, &src, &doc, None).unwrap();
    assert_eq!(
        q.terms.unwrap(),
        root.canonicalize().unwrap().join("terms/b2c.md")
    );
}

#[test]
fn an_e_mail_without_at_sign_is_refused() {
    let (_t, root) = workspace(|r| {
        replace(
            r,
            "clients/sanne-de-vries.yaml",
            "email: sanne.devries@example.org",
            "email: sanne.devries.example.org",
        )
    });
    assert_eq!(
        load_err(&root),
        format!(
            "{}:11:8: error: field `email`: `sanne.devries.example.org` is not an e-mail address\n  hint: write it as name@example.be",
            root.join("clients/sanne-de-vries.yaml").display()
        )
    );
}

#[test]
fn with_thousands_of_clients_the_hint_lists_a_dozen_ids() {
    let (_t, root) = workspace(|r| {
        for i in 0..20 {
            std::fs::write(
                r.join(format!("clients/c{i:02}.yaml")),
                format!(
                    "id: client-{i:02}\nname: C{i}\nkind: b2c\nlanguage: fr\naddress: {{street: s, postcode: '1000', city: B}}\n"
                ),
            )
            .unwrap();
        }
        replace(
            r,
            DUPONT_INVOICE,
            "client: boulangerie-dupont",
            "client: zzz",
        )
    });
    assert_eq!(
        invoice_err(&root, DUPONT_INVOICE),
        format!(
            "{}:3:9: error: field `client`: unknown client `zzz`\n  hint: valid client ids here: `boulangerie-dupont`, `client-00`, `client-01`, `client-02`, `client-03`, `client-04`, `client-05`, `client-06`, `client-07`, `client-08`, `client-09`, `client-10` and 11 more",
            root.join(DUPONT_INVOICE).display()
        )
    );
}

#[test]
fn a_workspace_flag_pointing_at_a_plain_directory_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(
        Workspace::load(tmp.path()).unwrap_err().to_string(),
        format!(
            "error: {} has no clausier.yaml\n  hint: run `clausier init DIR` to create a workspace, or check `--workspace`",
            tmp.path().display()
        )
    );
}
