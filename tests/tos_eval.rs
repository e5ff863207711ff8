//! English tuning check of the online-service rules on the UNFAIR-ToS development data
//! (LexGLUE / CLAUDETTE, CC BY 4.0): every sentence is audited by the real engine with
//! only the eight mapped rules loaded, and a sentence counts as flagged for a category
//! when the mapped rule reports a finding on it. Prints per-category precision, recall
//! and F1 on `train` and `validation`, and fails when validation macro-F1 drops below
//! the floor, so a pattern edit that loses recall or floods false positives is caught.
//!
//! The sentences quote third-party terms of service and are kept out of the repository:
//! the test reads them from `$CLAUSIER_TOS_DATA`, or from `shared/data/unfair-tos-dev/`
//! next to an ancestor of the crate (the team layout), and is skipped when absent.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use clausier::audit::audience::{Audience, AudienceChoice};
use clausier::audit::readers::{self, Format};
use clausier::audit::rules::RuleSet;
use clausier::audit::{AuditOptions, Auditor};
use serde::Deserialize;

/// Dataset category → rule slug (see docs/tos-eval.md); `a+b` = a finding of either rule
/// (the dataset labels every liability limitation, which clausier splits by gravity).
const CATEGORIES: [(&str, &str); 8] = [
    (
        "Limitation of liability",
        "liability-exclusion+indirect-damage-exclusion",
    ),
    ("Unilateral termination", "unilateral-termination"),
    ("Unilateral change", "unilateral-modification"),
    ("Content removal", "content-removal"),
    ("Contract by using", "acceptance-by-use"),
    ("Choice of law", "choice-of-law"),
    ("Jurisdiction", "consumer-jurisdiction"),
    ("Arbitration", "arbitration"),
];

/// Validation macro-F1 reached when the patterns were last tuned, minus a small margin.
const VALIDATION_MACRO_F1_FLOOR: f64 = 0.68;

#[derive(Deserialize)]
struct Sentence {
    split: String,
    text: String,
    labels: Vec<String>,
}

fn data_file() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CLAUSIER_TOS_DATA") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().find_map(|dir| {
        let p = dir.join("shared/data/unfair-tos-dev/sentences.jsonl");
        p.is_file().then_some(p)
    })
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Counts {
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// Audits every sentence of `split` and returns the counts per category.
fn evaluate(auditor: &Auditor, sentences: &[Sentence], split: &str) -> Vec<(String, Counts)> {
    let opts = AuditOptions {
        audience: AudienceChoice::Fixed(Audience::B2c),
        date: NaiveDate::from_ymd_opt(2025, 11, 3).expect("valid date"),
        lang: None,
        ignore: Vec::new(),
    };
    let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
    for s in sentences.iter().filter(|s| s.split == split) {
        let extracted = readers::read(s.text.as_bytes(), Format::Txt).expect("sentence reads");
        let report = auditor.audit("sentence", extracted, &opts);
        for (category, slug) in CATEGORIES {
            let predicted = report
                .findings
                .iter()
                .any(|f| slug.split('+').any(|s| f.slug == s));
            let gold = s.labels.iter().any(|l| l == category);
            let c = counts.entry(slug).or_default();
            match (predicted, gold) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                (false, false) => {}
            }
        }
    }
    CATEGORIES
        .iter()
        .map(|(_, slug)| {
            (
                slug.to_string(),
                counts.get(slug).copied().unwrap_or_default(),
            )
        })
        .collect()
}

fn print_table(split: &str, rows: &[(String, Counts)]) -> f64 {
    println!("\n{split}");
    println!(
        "| {:<24} | {:>9} | {:>6} | {:>6} | {:>4} | {:>4} | {:>4} |",
        "rule", "precision", "recall", "F1", "TP", "FP", "FN"
    );
    println!(
        "|{:-<26}|{:->11}|{:->8}|{:->8}|{:->6}|{:->6}|{:->6}|",
        "", "", "", "", "", "", ""
    );
    for (slug, c) in rows {
        println!(
            "| {:<24} | {:>9.3} | {:>6.3} | {:>6.3} | {:>4} | {:>4} | {:>4} |",
            slug,
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
    let macro_f1 = rows.iter().map(|(_, c)| c.f1()).sum::<f64>() / rows.len() as f64;
    println!(
        "| {:<24} | {:>9} | {:>6} | {:>6.3} | {:>4} | {:>4} | {:>4} |",
        "macro-F1", "", "", macro_f1, "", "", ""
    );
    macro_f1
}

#[test]
fn online_service_rules_keep_their_f1_on_the_unfair_tos_validation_split() {
    let Some(path) = data_file() else {
        eprintln!(
            "tos_eval skipped: UNFAIR-ToS sentences not found (set CLAUSIER_TOS_DATA or place shared/data/unfair-tos-dev/sentences.jsonl next to the repository)"
        );
        return;
    };
    let raw = std::fs::read_to_string(&path).expect("dataset readable");
    let sentences: Vec<Sentence> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let mut set = RuleSet::builtin().expect("built-in rules load");
    let slugs: Vec<&str> = CATEGORIES
        .iter()
        .flat_map(|(_, slug)| slug.split('+'))
        .collect();
    set.rules.retain(|r| slugs.contains(&r.def.slug.as_str()));
    assert_eq!(set.rules.len(), slugs.len(), "every mapped rule exists");
    let auditor = Auditor::new(set);

    let train = evaluate(&auditor, &sentences, "train");
    print_table("train", &train);
    let validation = evaluate(&auditor, &sentences, "validation");
    let macro_f1 = print_table("validation", &validation);
    assert!(
        macro_f1 >= VALIDATION_MACRO_F1_FLOOR,
        "validation macro-F1 {macro_f1:.3} fell below {VALIDATION_MACRO_F1_FLOOR}"
    );
}
