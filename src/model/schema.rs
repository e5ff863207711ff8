//! JSON Schemas of the YAML files, so editors (yaml-language-server) autocomplete and lint.
//!
//! `schemas/` in the repository and in every scaffolded workspace is generated from the
//! model types here; the test `schemas_on_disk_match_the_model` fails when they are stale,
//! and `UPDATE_SCHEMAS=1 cargo test --test model_schema` rewrites them.

use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings};

use super::{Client, Config, CreditNoteDoc, InvoiceDoc, QuoteDoc};

/// Schema of a decimal amount: YAML numbers or quoted strings such as "12.50".
pub fn decimal(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({
        "type": ["number", "string"],
        "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
        "description": "decimal number, e.g. 12.50 (quote it to keep every digit)"
    })
}

/// Schema of an optional decimal.
pub fn opt_decimal(g: &mut SchemaGenerator) -> Schema {
    let mut s = decimal(g);
    s.insert(
        "type".into(),
        serde_json::json!(["number", "string", "null"]),
    );
    s
}

/// Schema of a calendar date.
pub fn date(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({
        "type": "string",
        "format": "date",
        "description": "date as YYYY-MM-DD"
    })
}

/// Schema of an optional calendar date.
pub fn opt_date(g: &mut SchemaGenerator) -> Schema {
    let mut s = date(g);
    s.insert("type".into(), serde_json::json!(["string", "null"]));
    s
}

/// Every YAML file kind: (file name in `schemas/`, pretty JSON ending with a newline).
pub fn all() -> Vec<(&'static str, String)> {
    fn one<T: JsonSchema>() -> String {
        let generator = SchemaSettings::draft07().into_generator();
        let schema = generator.into_root_schema_for::<T>();
        let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
        s.push('\n');
        s
    }
    vec![
        ("clausier.schema.json", one::<Config>()),
        ("client.schema.json", one::<Client>()),
        ("invoice.schema.json", one::<InvoiceDoc>()),
        ("quote.schema.json", one::<QuoteDoc>()),
        ("credit-note.schema.json", one::<CreditNoteDoc>()),
    ]
}
