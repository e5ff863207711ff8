//! YAML mistakes become errors with file:line:column, the field and a hint.

use clausier::model::{Client, InvoiceDoc, Source};

fn client_err(text: &str) -> String {
    Source::new("clients/x.yaml", text)
        .parse::<Client>()
        .unwrap_err()
        .to_string()
}

fn invoice_err(text: &str) -> String {
    Source::new("invoices/x.yaml", text)
        .parse::<InvoiceDoc>()
        .unwrap_err()
        .to_string()
}

const ADDRESS: &str = "address:\n  street: Rue 1\n  postcode: 1000\n  city: Bruxelles\n";

#[test]
fn an_unknown_enum_value_suggests_the_nearest() {
    let text = format!("id: a\nname: A\nkind: b2\nlanguage: fr\n{ADDRESS}");
    assert_eq!(
        client_err(&text),
        "clients/x.yaml:3:7: error: field `kind`: unknown value `b2`\n  hint: did you mean `b2b`?"
    );
    let text = format!("id: a\nname: A\nkind: b2b\nlanguage: de\n{ADDRESS}");
    assert_eq!(
        client_err(&text),
        "clients/x.yaml:4:11: error: field `language`: unknown value `de`\n  hint: valid values here: `fr`, `nl`, `en`"
    );
}

#[test]
fn a_nested_unknown_field_names_its_full_path() {
    let text = format!("id: a\nname: A\nkind: b2b\nlanguage: fr\n{ADDRESS}  contry: BE\n");
    assert_eq!(
        client_err(&text),
        "clients/x.yaml:9:3: error: field `address.contry`: unknown field\n  hint: did you mean `country`?"
    );
}

#[test]
fn a_field_far_from_any_valid_name_lists_the_valid_ones() {
    let text = format!("id: a\nname: A\nkind: b2b\nlanguage: fr\n{ADDRESS}  zzz: 1\n");
    assert_eq!(
        client_err(&text),
        "clients/x.yaml:9:3: error: field `address.zzz`: unknown field\n  hint: valid fields here: `street`, `postcode`, `city`, `country`"
    );
}

#[test]
fn a_bad_date_and_a_bad_amount_point_at_the_value() {
    assert_eq!(
        invoice_err("client: a\nissue_date: 2026-13-01\nlines: []\n"),
        "invoices/x.yaml:2:13: error: field `issue_date`: invalid date\n  hint: write dates as YYYY-MM-DD, e.g. 2026-11-25"
    );
    assert_eq!(
        invoice_err(
            "client: a\nissue_date: 2026-11-01\nlines:\n  - description: x\n    quantity: two\n    unit_price: 1\n    vat_rate: 21\n"
        ),
        "invoices/x.yaml:5:15: error: field `lines[0].quantity`: expected a number, found string \"two\"\n  hint: write a number such as `12.50`"
    );
}

#[test]
fn lines_written_as_a_mapping_ask_for_list_items() {
    assert_eq!(
        invoice_err("client: a\nissue_date: 2026-11-01\nlines:\n  description: x\n"),
        "invoices/x.yaml:4:3: error: field `lines`: expected a list of `- ` items, found map\n  hint: start each item on its own line with `- `"
    );
}

#[test]
fn an_empty_file_is_an_error_not_a_panic() {
    assert_eq!(
        invoice_err("# nothing yet\n"),
        "invoices/x.yaml:1:1: error: file is empty\n  hint: see the examples in `clausier init` for the expected keys"
    );
}

#[test]
fn a_syntax_error_points_at_the_line() {
    assert_eq!(
        invoice_err("client: a\nissue_date: 2026-11-01\nlines: [\n"),
        "invoices/x.yaml:4:1: error: did not find expected node content\n  hint: check the indentation and the `key: value` syntax around this line"
    );
}

#[test]
fn postcodes_and_numbers_may_be_written_without_quotes() {
    let text = format!("id: a\nname: A\nkind: b2c\nlanguage: nl\n{ADDRESS}");
    let c: Client = Source::new("c.yaml", text).parse().unwrap();
    assert_eq!(c.address.postcode, "1000");
    assert_eq!(c.address.country.as_str(), "BE");
}

fn line_err(quantity: &str, unit_price: &str) -> String {
    invoice_err(&format!(
        "client: a\nissue_date: 2026-11-01\nlines:\n  - description: x\n    quantity: {quantity}\n    unit_price: {unit_price}\n    vat_rate: 21\n"
    ))
}

#[test]
fn a_decimal_comma_gets_a_hint_with_the_dot() {
    assert_eq!(
        line_err("1,5", "10"),
        "invoices/x.yaml:5:15: error: field `lines[0].quantity`: expected a number, found string \"1,5\"\n  hint: write the decimal separator as a dot, without thousands separators: `1.5`"
    );
    assert_eq!(
        line_err("1", "1.250,50"),
        "invoices/x.yaml:6:17: error: field `lines[0].unit_price`: expected a number, found string \"1.250,50\"\n  hint: write the decimal separator as a dot, without thousands separators: `1250.50`"
    );
    assert_eq!(
        line_err("1", "€ 100"),
        "invoices/x.yaml:6:17: error: field `lines[0].unit_price`: expected a number, found string \"€ 100\"\n  hint: write the amount without currency: all amounts are in EUR"
    );
}

#[test]
fn a_file_that_is_a_list_asks_for_key_value_lines() {
    assert_eq!(
        invoice_err("- client: a\n"),
        "invoices/x.yaml:1:1: error: expected a mapping of `key: value` lines, found sequence\n  hint: the file must consist of `key: value` lines at the top level"
    );
}
