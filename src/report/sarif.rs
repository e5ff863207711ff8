//! SARIF 2.1.0 output for code-scanning dashboards (validated against the official
//! schema in tests/audit_sarif.rs).

use serde_json::{Value, json};

use crate::audit::FileReport;
use crate::audit::rules::{RuleSet, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a path into a relative URI reference.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The whole run as one SARIF log with one run.
pub fn render(reports: &[FileReport], rules: &RuleSet) -> String {
    let rule_list: Vec<Value> = rules
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.def.code,
                "name": r.def.slug,
                "shortDescription": {"text": r.def.name.en},
                "fullDescription": {"text": r.def.what},
                "help": {"text": format!("{}\n\nWhy: {}\n\nFix: {}", r.def.what, r.def.why, r.def.fix.en)},
                "defaultConfiguration": {"level": level(r.def.severity)},
                "properties": {"law": r.def.law, "audience": r.def.audience, "kind": r.def.kind},
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for rep in reports {
        for f in &rep.findings {
            let index = rules.rules.iter().position(|r| r.def.code == f.code);
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": {"text": format!("{} ({})", f.message, f.law)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.file)},
                        "region": {
                            "startLine": f.start.line,
                            "startColumn": f.start.column,
                            "endLine": f.end.line,
                            "endColumn": f.end.column,
                            "snippet": {"text": f.matched},
                        }
                    }
                }],
                "fixes": [],
                "properties": {"slug": f.slug, "fix": f.fix, "lang": f.lang},
            });
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            result.as_object_mut().expect("object").remove("fixes");
            if let Some(r) = &f.related {
                result["relatedLocations"] = json!([{
                    "id": 1,
                    "message": {"text": "first statement"},
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.file)},
                        "region": {"startLine": r.line, "startColumn": r.column}
                    }
                }]);
            }
            results.push(result);
        }
        for w in &rep.warnings {
            let mut n = json!({
                "level": "warning",
                "message": {"text": w.message},
            });
            if let Some(loc) = &w.location {
                n["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&rep.file)},
                        "region": {"startLine": loc.line, "startColumn": loc.column}
                    }
                }]);
            }
            notifications.push(n);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "clausier",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/clausier/clausier",
                "rules": rule_list,
            }},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).expect("sarif serializes");
    s.push('\n');
    s
}
