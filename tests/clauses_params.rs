//! A lawyer's typo in a terms selection or a clause file is reported at its
//! exact place, with a hint, and never produces terms.

use std::path::Path;

use chrono::NaiveDate;
use clausier::clauses::{
    AssembleOptions, Lang, Library, RateBook, Target, assemble, parse_selection,
};
use clausier::error::UserError;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

struct FixedRate(Decimal);

impl RateBook for FixedRate {
    fn statutory_rate_b2b(&self, _on: NaiveDate) -> Result<(Decimal, Option<String>), UserError> {
        Ok((self.0, None))
    }
}

const HEAD: &str = "audience: b2b
date: 2026-03-01
provider:
  name: Studio Clairière SRL
  address: Rue de l'Étuve 52, 1000 Bruxelles
  enterprise_number: 0765.432.146
  email: hello@studio.example
clauses:
";

fn build(clauses: &str, target: Target) -> Result<String, String> {
    let lib = Library::builtin().unwrap();
    let head = HEAD.replace("audience: b2b", &format!("audience: {}", target.code()));
    let text = format!("{head}{clauses}");
    let sel = parse_selection(Path::new("terms.yaml"), &text).map_err(|e| e.to_string())?;
    let rates = FixedRate(dec!(10.5));
    let opts = AssembleOptions {
        target: Some(target),
        lang: Lang::Fr,
        date: None,
        provider: None,
        rates: &rates,
    };
    assemble(&lib, &sel, &opts)
        .map(|t| t.to_markdown())
        .map_err(|e| e.to_string())
}

#[test]
fn unknown_clause_id_points_at_the_id_and_suggests_the_closest() {
    let err = build("  - scope-definitions\n  - late-paymnet-b2b\n", Target::B2b).unwrap_err();
    assert_eq!(
        err,
        "terms.yaml:10:5: error: field `clauses[1]`: unknown clause `late-paymnet-b2b`\n  \
         hint: did you mean `late-payment-b2b`? (`clausier clauses list` shows all)"
    );
}

#[test]
fn unknown_parameter_points_at_its_key() {
    let err = build(
        "  - id: payment-b2b\n    params:\n      dayz: 30\n",
        Target::B2b,
    )
    .unwrap_err();
    assert_eq!(
        err,
        "terms.yaml:11:7: error: field `clauses[0].params.dayz`: unknown parameter `dayz` for clause `payment-b2b`\n  \
         hint: did you mean `days`?"
    );
}

#[test]
fn wrong_type_points_at_the_value() {
    let err = build(
        "  - id: late-payment-b2b\n    params:\n      flat_compensation: forty\n",
        Target::B2b,
    )
    .unwrap_err();
    assert_eq!(
        err,
        "terms.yaml:11:26: error: field `clauses[0].params.flat_compensation`: parameter `flat_compensation` of `late-payment-b2b`: expected amount but found `forty`\n  \
         hint: write a number of euros such as `40` or `7.50`"
    );
}

#[test]
fn a_ninety_day_b2b_payment_term_is_refused_as_out_of_range() {
    let err = build("  - id: payment-b2b\n    params: {days: 90}\n", Target::B2b).unwrap_err();
    assert_eq!(
        err,
        "terms.yaml:10:20: error: field `clauses[0].params.days`: parameter `days` of `payment-b2b`: 90 days is above the maximum of 60 days\n  \
         hint: use a value between 0 and 60"
    );
}

#[test]
fn a_consumer_lump_sum_above_the_book_xix_cap_is_refused() {
    let err = build(
        "  - id: late-payment-b2c\n    params:\n      fee_small: 25\n",
        Target::B2c,
    )
    .unwrap_err();
    assert!(
        err.starts_with("terms.yaml:11:18: error: field `clauses[0].params.fee_small`: parameter `fee_small` of `late-payment-b2c`: 25 EUR is above the maximum of 20 EUR"),
        "{err}"
    );
}

#[test]
fn a_shared_parameter_no_clause_uses_is_reported() {
    let lib = Library::builtin().unwrap();
    let text = format!("{HEAD}  - payment-b2b\nparams:\n  dais: 30\n");
    let sel = parse_selection(Path::new("terms.yaml"), &text).unwrap();
    let rates = FixedRate(dec!(10.5));
    let opts = AssembleOptions {
        target: None,
        lang: Lang::En,
        date: None,
        provider: None,
        rates: &rates,
    };
    let err = assemble(&lib, &sel, &opts).unwrap_err().to_string();
    assert_eq!(
        err,
        "terms.yaml:11:3: error: field `params.dais`: unknown parameter `dais`: no selected clause uses it\n  \
         hint: did you mean `days`?"
    );
}

#[test]
fn a_consumer_clause_in_business_terms_names_its_twin() {
    let err = build("  - withdrawal-b2c\n  - liability-b2c\n", Target::B2b).unwrap_err();
    assert_eq!(
        err,
        "terms.yaml:9:5: error: field `clauses[0]`: clause `withdrawal-b2c` is written for b2c but these terms are for b2b\n  \
         hint: remove it from the b2b terms"
    );
    let err = build("  - liability-b2c\n", Target::B2b).unwrap_err();
    assert!(err.ends_with("hint: use `liability-b2b` instead"), "{err}");
}

#[test]
fn a_clause_selected_twice_is_refused() {
    let err = build("  - complaints\n  - complaints\n", Target::B2b).unwrap_err();
    assert!(
        err.starts_with(
            "terms.yaml:10:5: error: field `clauses[1]`: clause `complaints` is selected twice"
        ),
        "{err}"
    );
}

#[test]
fn a_choice_outside_its_list_suggests_the_nearest() {
    let err = build(
        "  - id: liability-b2b\n    params:\n      cap_basis: ordre\n",
        Target::B2b,
    )
    .unwrap_err();
    assert_eq!(
        err,
        "terms.yaml:11:18: error: field `clauses[0].params.cap_basis`: parameter `cap_basis` of `liability-b2b`: `ordre` is not one of the choices\n  \
         hint: did you mean `order`? (choose one of `order`, `twelve-months`)"
    );
}

#[test]
fn an_unknown_field_at_the_top_of_the_selection_is_positioned() {
    let lib = Library::builtin().unwrap();
    let _ = lib;
    let err = parse_selection(
        Path::new("terms.yaml"),
        "audiance: b2b\nclauses: [complaints]\n",
    )
    .unwrap_err();
    assert_eq!(err.line, Some(1));
    assert_eq!(err.column, Some(1));
    assert_eq!(err.hint.as_deref(), Some("did you mean `audience`?"));
}

#[test]
fn a_workspace_clause_whose_default_breaks_its_own_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("payment-custom.yaml");
    std::fs::write(
        &file,
        "id: payment-custom
category: payment
audience: b2b
title: {fr: Paiement, nl: Betaling, en: Payment}
parameters:
  - name: days
    type: days
    default: 90
    max: 60
    description: {fr: délai, nl: termijn, en: term}
law: [\"Law of 2 August 2002, art. 4\"]
body: {fr: \"{{ days }} jours\", nl: \"{{ days }} dagen\", en: \"{{ days }} days\"}
",
    )
    .unwrap();
    let err = Library::with_dir(dir.path()).unwrap_err();
    assert_eq!(err.line, Some(8));
    assert_eq!(err.column, Some(14));
    assert_eq!(
        err.message,
        "default of `days`: 90 days is above the maximum of 60 days"
    );
}

#[test]
fn a_workspace_clause_with_a_broken_template_is_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.yaml"),
        "id: x
category: general
audience: both
title: {fr: X, nl: X, en: X}
law: [\"Civil Code, art. 5.89\"]
body:
  fr: \"{{ nope }}\"
  nl: x
  en: x
",
    )
    .unwrap();
    let err = Library::with_dir(dir.path()).unwrap_err();
    assert_eq!((err.line, err.column), (Some(7), Some(7)));
    assert!(err.message.contains("nope"), "{}", err.message);
}
