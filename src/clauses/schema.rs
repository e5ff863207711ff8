//! JSON Schemas of clause files and terms selections, so editors complete
//! clause ids' neighbours (fields, categories, parameter types) while typing.

use schemars::{Schema, SchemaGenerator, generate::SchemaSettings};

use super::assemble::SelectionFile;
use super::load::ClauseFile;

/// Any YAML value (a parameter default is checked against its type on load).
pub fn any_value(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({
        "description": "a value of the parameter's type: number, text, date or a map fr/nl/en"
    })
}

/// Parameter values by name.
pub fn params(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({
        "type": "object",
        "description": "parameter values by name, e.g. {days: 30}",
        "additionalProperties": true
    })
}

/// The `clauses:` list: an id, or an id with parameter values.
pub fn entries(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({
        "type": "array",
        "minItems": 1,
        "items": {
            "oneOf": [
                { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "clause id" },
                {
                    "type": "object",
                    "required": ["id"],
                    "additionalProperties": false,
                    "properties": {
                        "id": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
                        "params": { "type": "object", "additionalProperties": true }
                    }
                }
            ]
        }
    })
}

/// (file name in `schemas/`, pretty JSON ending with a newline) of the clause file kinds.
pub fn all() -> Vec<(&'static str, String)> {
    fn one<T: schemars::JsonSchema>() -> String {
        let generator = SchemaSettings::draft07().into_generator();
        let schema = generator.into_root_schema_for::<T>();
        let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
        s.push('\n');
        s
    }
    vec![
        ("clause.schema.json", one::<ClauseFile>()),
        ("terms.schema.json", one::<SelectionFile>()),
    ]
}
