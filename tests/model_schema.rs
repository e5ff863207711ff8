//! The JSON Schemas shipped in `schemas/` and in the example workspace follow the model.
//!
//! Regenerate after changing a model type: `UPDATE_SCHEMAS=1 cargo test --test model_schema`.

use std::path::Path;

const DIRS: [&str; 2] = ["schemas", "examples/agency/schemas"];

#[test]
fn schemas_on_disk_match_the_model() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in DIRS {
        for (name, json) in clausier::model::schema::all() {
            let path = root.join(dir).join(name);
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &json).unwrap();
                continue;
            }
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                on_disk == json,
                "{dir}/{name} is stale: run `UPDATE_SCHEMAS=1 cargo test --test model_schema`"
            );
        }
    }
}

#[test]
fn client_schema_lists_fields_and_rejects_unknown_ones() {
    let (_, json) = clausier::model::schema::all()
        .into_iter()
        .find(|(n, _)| *n == "client.schema.json")
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["additionalProperties"], serde_json::json!(false));
    let required: Vec<&str> = v["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(required, ["id", "name", "kind", "language", "address"]);
    assert_eq!(
        v["properties"]["kind"]["allOf"][0]["$ref"],
        "#/definitions/ClientKind"
    );
    assert_eq!(
        v["definitions"]["ClientKind"]["oneOf"][0]["const"],
        serde_json::json!("b2b")
    );
}

#[test]
fn vat_rate_schema_offers_exactly_the_rates_of_the_data_file() {
    let (_, json) = clausier::model::schema::all()
        .into_iter()
        .find(|(n, _)| *n == "invoice.schema.json")
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["definitions"]["VatRate"]["enum"],
        serde_json::json!([0, 6, 12, 21])
    );
}

#[test]
fn every_example_yaml_points_editors_at_its_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/agency");
    let expect = [
        ("clausier.yaml", "schemas/clausier.schema.json"),
        ("clients", "../schemas/client.schema.json"),
        ("invoices", "../schemas/invoice.schema.json"),
        ("quotes", "../schemas/quote.schema.json"),
        ("credit-notes", "../schemas/credit-note.schema.json"),
    ];
    for (entry, schema) in expect {
        let p = root.join(entry);
        let files: Vec<_> = if p.is_dir() {
            std::fs::read_dir(&p)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect()
        } else {
            vec![p.clone()]
        };
        assert!(!files.is_empty(), "{entry} has no example");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let first = text.lines().next().unwrap_or_default();
            assert_eq!(
                first,
                format!("# yaml-language-server: $schema={schema}"),
                "{}",
                f.display()
            );
            assert!(f.parent().unwrap().join(schema).is_file());
        }
    }
}
