//! Editors validate clause files and terms selections with the shipped schemas.
//!
//! Regenerate after changing a file format: `UPDATE_SCHEMAS=1 cargo test --test clauses_schema`.

use std::path::Path;

#[test]
fn clause_and_terms_schemas_on_disk_match_the_code() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["schemas", "examples/agency/schemas"] {
        for (name, json) in clausier::clauses::schema::all() {
            let path = root.join(dir).join(name);
            if update {
                std::fs::write(&path, &json).unwrap();
            }
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                on_disk == json,
                "{dir}/{name} is stale: run `UPDATE_SCHEMAS=1 cargo test --test clauses_schema`"
            );
        }
    }
}

#[test]
fn the_terms_schema_knows_audiences_and_rejects_unknown_fields() {
    let (_, json) = clausier::clauses::schema::all()
        .into_iter()
        .find(|(n, _)| *n == "terms.schema.json")
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["additionalProperties"], serde_json::json!(false));
    assert!(json.contains("\"b2b\"") && json.contains("\"b2c\""));
    assert_eq!(v["required"], serde_json::json!(["clauses"]));
}

#[test]
fn every_selection_and_clause_file_points_editors_at_its_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (dir, schema) in [
        ("clauses", "../schemas/clause.schema.json"),
        ("examples/agency/terms", "../schemas/terms.schema.json"),
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.starts_with(&format!("# yaml-language-server: $schema={schema}\n")),
                "{} does not reference {schema}",
                path.display()
            );
        }
    }
}
