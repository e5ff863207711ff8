//! `clausier audit --suggest`: fixes from our own clause library, as a unified diff.
//!
//! Every rule names the library clause that replaces what it flags (`instead.clause`).
//! For a finding inside a clause, the whole offending clause (its source lines) is
//! replaced by the library clause rendered in the clause's language; for an absence
//! finding (no withdrawal right at all), the library clause is inserted after the last
//! article, under a heading numbered like the document's own headings. Only plain text
//! and Markdown sources can be patched: their extracted text *is* the file, so a clause's
//! lines are the lines the user edits.
//!
//! Rules for a coherent patch: several findings in one clause give one replacement; a
//! library clause is written once (a second offending clause it also replaces is
//! removed); a clause wanted by several rules of different library clauses gets them
//! all, in rule order.

// `UserError` is large but only built on the cold error path.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::FileReport;
use super::audience::Audience;
use super::lang::Lang;
use super::readers::Format;
use super::rules::{Kind, RuleSet};
use super::segment::{self, Segmented};
use crate::clauses::{self, Library, Provider, RateBook, Target};
use crate::error::UserError;

/// What renders library clauses: the library, who publishes the terms, the date of the
/// statutory rate; built once per run from the workspace when there is one.
pub struct Renderer<'a> {
    /// Built-in clauses plus the workspace's `clauses/`.
    pub lib: &'a Library,
    /// The workspace issuer; placeholders such as `[provider.name]` when `None`.
    pub provider: Option<Provider>,
    /// Date whose statutory rate fills rate parameters (`--date`).
    pub date: NaiveDate,
    /// Rate table for those parameters.
    pub rates: &'a dyn RateBook,
    /// Parameter values the workspace's own terms choose, by (audience code, clause id),
    /// so a suggested clause says what the published terms say.
    pub values: ParamValues,
}

/// Parameter values by (audience code, clause id), then by parameter name.
pub type ParamValues = BTreeMap<(String, String), BTreeMap<String, clauses::ParamValue>>;

/// One change to the audited file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// 0-based source lines replaced (empty range: an insertion before that line).
    pub lines: Range<usize>,
    /// The new lines, each ending with a line break except possibly the file's last.
    pub text: String,
    /// Library clause written here (`None`: the clause is removed, covered by another edit).
    pub clause: Option<String>,
    /// Rule codes this edit fixes.
    pub codes: Vec<String>,
}

/// The fixes for one file.
#[derive(Debug, Clone)]
pub struct Patch {
    /// File as given on the command line.
    pub file: String,
    /// The edits, in file order; empty when no finding has a library replacement.
    pub edits: Vec<Edit>,
    /// The file after every edit, with its own line endings.
    pub patched: String,
    /// Unified diff from the file to `patched` (`--- a/FILE`, `+++ b/FILE`); empty when no edit.
    pub diff: String,
    /// Findings left as they are: (code, why), e.g. no library clause for the rule.
    pub skipped: Vec<(String, String)>,
}

/// Why a file cannot be patched (printed as a note, not an error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPatchable {
    /// HTML, Word or PDF: what the rules read is not the file's bytes.
    NotText(Format),
    /// Standard input has no file to patch.
    Stdin,
    /// Legacy encoding or lone carriage returns: lines cannot be rewritten safely.
    Encoding(String),
}

impl NotPatchable {
    /// The note shown to the user.
    pub fn message(&self) -> String {
        match self {
            NotPatchable::NotText(f) => format!(
                "suggestions need a text source: this file is {}; convert the terms to .md or .txt (the wording you edit) and audit that file",
                match f {
                    Format::Html => "HTML",
                    Format::Docx => "a Word document",
                    Format::Pdf => "a PDF",
                    Format::Txt | Format::Md => "text",
                }
            ),
            NotPatchable::Stdin => {
                "suggestions need a file: standard input cannot be patched".to_string()
            }
            NotPatchable::Encoding(why) => format!("suggestions need a UTF-8 text file: {why}"),
        }
    }
}

fn model_lang(l: Lang) -> clauses::Lang {
    match l {
        Lang::Fr => clauses::Lang::Fr,
        Lang::Nl => clauses::Lang::Nl,
        Lang::En => clauses::Lang::En,
    }
}

fn target_of(a: Audience) -> Target {
    match a {
        Audience::B2b => Target::B2b,
        Audience::B2c => Target::B2c,
    }
}

/// The library clause to write for `id` in a document for `target`: the clause itself
/// when it fits, else its twin for the other audience (`late-payment-b2b` in consumer
/// terms becomes `late-payment-b2c`), else the clause for its own audience.
fn pick<'l>(lib: &'l Library, id: &str, target: Target) -> Option<(&'l clauses::Clause, Target)> {
    let clause = lib.get(id)?;
    if clause.audience.fits(target) {
        return Some((clause, target));
    }
    let other = match target {
        Target::B2b => "b2c",
        Target::B2c => "b2b",
    };
    let twin = id.replace(&format!("-{other}"), &format!("-{}", target.code()));
    if twin != id
        && let Some(t) = lib.get(&twin)
        && t.audience.fits(target)
    {
        return Some((t, target));
    }
    let own = match clause.audience {
        clauses::Audience::B2c => Target::B2c,
        _ => Target::B2b,
    };
    Some((clause, own))
}

/// The numbering marker a clause starts with ("6.2 ", "Art. 4 ", "- "), kept on the
/// first line of its replacement so the document's numbering does not change.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:art(?:icle|ikel|\.)?\s*\d{1,3}(?:[.\-]\d{1,3})*(?:er|bis|ter)?[.)°]?\s*[-–:]?\s+|\d{1,3}(?:\.\d{1,3})+\.?\s+|\d{1,3}[.)°]\s+|§\s*\d{1,3}\s+|[a-z]\)\s+|[•\-\*–·▪◦]\s+)",
    )
    .expect("marker regex")
});

/// Computes the fixes of `report` for the file whose decoded text is `original`.
///
/// `original` must be the file as decoded (its own line endings); the report's text is
/// the same with `\r\n` turned into `\n`.
pub fn suggest(
    report: &FileReport,
    original: &str,
    rules: &RuleSet,
    renderer: &Renderer<'_>,
) -> Result<Patch, UserError> {
    let text = &report.text;
    let crlf = original.contains("\r\n");
    let seg = segment::segment(text);
    let target = target_of(report.audience.audience);
    let line_of = |off: usize| text[..off.min(text.len())].matches('\n').count();
    let lines: Vec<&str> = original.split_inclusive('\n').collect();

    // Offending clauses (by index) with the library clauses they call for, in rule order;
    // and library clauses missing from the document.
    let mut replace: BTreeMap<usize, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut insert: Vec<(String, Vec<String>)> = Vec::new();
    let mut skipped = Vec::new();
    for f in &report.findings {
        let Some(rule) = rules.get(&f.code) else {
            continue;
        };
        let Some(id) = rule.def.instead.as_ref().and_then(|i| i.clause.clone()) else {
            skipped.push((
                f.code.clone(),
                f.byte_span[0],
                "no library clause for this rule".to_string(),
            ));
            continue;
        };
        let Some((clause, _)) = pick(renderer.lib, &id, target) else {
            skipped.push((
                f.code.clone(),
                f.byte_span[0],
                format!("library clause `{id}` not found"),
            ));
            continue;
        };
        let id = clause.id.clone();
        let at = seg.clause_at(f.byte_span[0]);
        match (rule.def.kind, at) {
            (Kind::Absence, _) | (_, None) => match insert.iter_mut().find(|(i, _)| *i == id) {
                Some((_, codes)) => codes.push(f.code.clone()),
                None => insert.push((id, vec![f.code.clone()])),
            },
            (_, Some(ci)) => {
                let entry = replace.entry(ci).or_default();
                if !entry.0.contains(&id) {
                    entry.0.push(id);
                }
                if !entry.1.contains(&f.code) {
                    entry.1.push(f.code.clone());
                }
            }
        }
    }

    // A finding with no fix of its own disappears with the clause another fix replaces.
    let skipped: Vec<(String, String)> = skipped
        .into_iter()
        .filter(|(_, off, _)| {
            seg.clause_at(*off)
                .is_none_or(|ci| !replace.contains_key(&ci))
        })
        .map(|(code, _, why)| (code, why))
        .collect();
    let mut written: Vec<String> = Vec::new();
    let mut edits = Vec::new();
    for (ci, (ids, codes)) in &replace {
        let c = &seg.clauses[*ci];
        let first = line_of(c.span.start);
        let last = line_of(c.span.end);
        let fresh: Vec<&String> = ids.iter().filter(|i| !written.contains(i)).collect();
        let old_first = lines.get(first).copied().unwrap_or("");
        let ends_with_newline = lines.get(last).is_some_and(|l| l.ends_with('\n'));
        if fresh.is_empty() {
            edits.push(Edit {
                lines: first..last + 1,
                text: String::new(),
                clause: None,
                codes: codes.clone(),
            });
            continue;
        }
        let mut bodies = Vec::new();
        for id in &fresh {
            bodies.push(render(renderer, id, target, c.lang, report.format)?);
            written.push((*id).clone());
        }
        let mut body = bodies.join("\n\n");
        if let Some(m) = MARKER.find(old_first) {
            body.insert_str(0, m.as_str().trim_start_matches(['\r', '\n']));
        }
        body.push('\n');
        let mut new = lines_with(&body, crlf);
        if !ends_with_newline {
            trim_newline(&mut new);
        }
        edits.push(Edit {
            lines: first..last + 1,
            text: new,
            clause: Some(
                fresh
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            codes: codes.clone(),
        });
    }

    // Missing articles go in the order general terms usually follow (withdrawal before
    // mediation), whatever the order of the findings.
    insert.sort_by_key(|(id, _)| renderer.lib.get(id).map(|c| c.category));
    let mut next_number = next_heading(&seg, text);
    for (id, codes) in insert {
        if written.contains(&id) {
            continue;
        }
        let Some(clause) = renderer.lib.get(&id) else {
            continue;
        };
        let title = clause.title.get(model_lang(report.lang));
        let heading = match &mut next_number {
            Some(h) => {
                let line = h.line(title);
                h.number += 1;
                line
            }
            None if report.format == Format::Md => format!("## {title}"),
            None => title.to_string(),
        };
        let body = render(renderer, &id, target, report.lang, report.format)?;
        let at = lines.len();
        let mut block = String::new();
        if lines.last().is_some_and(|l| !l.ends_with('\n')) {
            block.push('\n');
        }
        block.push('\n');
        block.push_str(&heading);
        block.push_str("\n\n");
        block.push_str(&body);
        block.push('\n');
        edits.push(Edit {
            lines: at..at,
            text: lines_with(&block, crlf),
            clause: Some(id.clone()),
            codes,
        });
        written.push(id);
    }

    edits.sort_by_key(|e| (e.lines.start, e.lines.end));
    let mut patched = String::with_capacity(original.len() + 4096);
    let mut cursor = 0;
    for e in &edits {
        // Clauses never share a line, so edits never overlap; stay safe if one ever did.
        if e.lines.start < cursor {
            continue;
        }
        for l in &lines[cursor..e.lines.start.min(lines.len())] {
            patched.push_str(l);
        }
        patched.push_str(&e.text);
        cursor = e.lines.end;
    }
    for l in &lines[cursor.min(lines.len())..] {
        patched.push_str(l);
    }
    let diff = if edits.is_empty() {
        String::new()
    } else {
        similar::TextDiff::from_lines(original, &patched)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{}", report.file), &format!("b/{}", report.file))
            .to_string()
    };
    Ok(Patch {
        file: report.file.clone(),
        edits,
        patched,
        diff,
        skipped,
    })
}

/// Whether the file `format`, read as `original`, can be patched at all.
pub fn patchable(file: &str, format: Format, original: &str) -> Result<(), NotPatchable> {
    if file == "-" {
        return Err(NotPatchable::Stdin);
    }
    if !matches!(format, Format::Txt | Format::Md) {
        return Err(NotPatchable::NotText(format));
    }
    if original.replace("\r\n", "").contains('\r') {
        return Err(NotPatchable::Encoding(
            "it has carriage returns without line feeds (old Mac line endings)".into(),
        ));
    }
    Ok(())
}

/// The library clause `id` as text for a `format` file: Markdown as is, plain text
/// without the bold markers.
fn render(
    renderer: &Renderer<'_>,
    id: &str,
    target: Target,
    lang: Lang,
    format: Format,
) -> Result<String, UserError> {
    let (clause, target) = pick(renderer.lib, id, target)
        .ok_or_else(|| UserError::new(format!("library clause `{id}` not found")))?;
    let empty = BTreeMap::new();
    let chosen = renderer
        .values
        .get(&(target.code().to_string(), clause.id.clone()))
        .unwrap_or(&empty);
    let md = clauses::render_markdown(
        clause,
        target,
        model_lang(lang),
        renderer.date,
        renderer.rates,
        renderer.provider.as_ref(),
        chosen,
    )?;
    let md = md.trim_end().to_string();
    Ok(if format == Format::Md {
        md
    } else {
        md.replace("**", "")
    })
}

fn lines_with(s: &str, crlf: bool) -> String {
    if crlf {
        s.replace('\n', "\r\n")
    } else {
        s.to_string()
    }
}

fn trim_newline(s: &mut String) {
    if s.ends_with("\r\n") {
        s.truncate(s.len() - 2);
    } else if s.ends_with('\n') {
        s.truncate(s.len() - 1);
    }
}

/// The document's last numbered heading, as a pattern for the next one.
struct NextHeading {
    /// The heading line as written ("Article 5 – Livraison", "## 5. Livraison").
    line: String,
    /// Byte range of its number in `line`.
    number_at: Range<usize>,
    /// Byte range of its title in `line`, if it has one.
    title_at: Option<Range<usize>>,
    /// Number for the next heading.
    number: u32,
}

impl NextHeading {
    fn line(&self, title: &str) -> String {
        let mut out = String::new();
        out.push_str(&self.line[..self.number_at.start]);
        out.push_str(&self.number.to_string());
        match &self.title_at {
            Some(t) => {
                out.push_str(&self.line[self.number_at.end..t.start]);
                out.push_str(title);
                out.push_str(&self.line[t.end..]);
            }
            None => {
                out.push_str(self.line[self.number_at.end..].trim_end());
                out.push_str(" – ");
                out.push_str(title);
            }
        }
        out
    }
}

/// Finds the last heading with a whole-number article number ("Article 5", "5.", "## 5").
fn next_heading(seg: &Segmented, text: &str) -> Option<NextHeading> {
    let h = seg.headings.iter().rev().find(|h| {
        h.number
            .as_deref()
            .is_some_and(|n| n.parse::<u32>().is_ok())
    })?;
    let number = h.number.as_deref()?;
    let n: u32 = number.parse().ok()?;
    let line = text[h.span.clone()].to_string();
    let start = line.match_indices(number).map(|(i, _)| i).find(|&i| {
        let before = line[..i].chars().next_back();
        let after = line[i + number.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })?;
    let number_at = start..start + number.len();
    let title_at = if h.title.is_empty() {
        None
    } else {
        line[number_at.end..]
            .rfind(h.title.as_str())
            .map(|i| number_at.end + i..number_at.end + i + h.title.len())
    };
    Some(NextHeading {
        line,
        number_at,
        title_at,
        number: n + 1,
    })
}

/// "line 7" or "lines 7-9" for 0-based `lines`.
fn line_range(lines: &Range<usize>) -> String {
    if lines.end <= lines.start + 1 {
        format!("line {}", lines.start + 1)
    } else {
        format!("lines {}-{}", lines.start + 1, lines.end)
    }
}

/// The help-line addition naming the library clause, in the output language.
fn clause_note(id: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("Clause de la bibliothèque : `{id}` (`clausier audit --suggest`)."),
        Lang::Nl => format!("Bibliotheekbeding: `{id}` (`clausier audit --suggest`)."),
        Lang::En => format!("Library clause: `{id}` (`clausier audit --suggest`)."),
    }
}

/// Names, in the `help:` line of every finding that has one, the library clause that
/// replaces the flagged text: the rule's clause, or its twin for the document's audience
/// (`late-payment-b2b` → `late-payment-b2c` in consumer terms) when `exists` knows it.
///
/// Only clause ids are needed, so the library is not parsed (that costs a run far more
/// than the audit of one file); `--suggest` resolves the same twin from the library.
pub fn name_clauses(
    report: &mut FileReport,
    rules: &RuleSet,
    exists: &dyn Fn(&str) -> bool,
    lang: Option<Lang>,
) {
    let target = target_of(report.audience.audience);
    let lang = lang.unwrap_or(report.lang);
    let (own, other) = match target {
        Target::B2b => ("-b2b", "-b2c"),
        Target::B2c => ("-b2c", "-b2b"),
    };
    for f in &mut report.findings {
        let Some(id) = rules
            .get(&f.code)
            .and_then(|r| r.def.instead.as_ref())
            .and_then(|i| i.clause.as_deref())
        else {
            continue;
        };
        let id = match id.strip_suffix(other) {
            Some(stem) if exists(&format!("{stem}{own}")) => format!("{stem}{own}"),
            _ => id.to_string(),
        };
        if !f.fix.is_empty() && !f.fix.ends_with(' ') {
            f.fix.push(' ');
        }
        f.fix.push_str(&clause_note(&id, lang));
    }
}

/// Whether a clause id exists in the built-in library or as `clauses/<id>.yaml` of the
/// workspace given with `--workspace` or found above `cwd`, without parsing any clause.
pub fn clause_exists(
    explicit: Option<&std::path::Path>,
    cwd: &std::path::Path,
) -> impl Fn(&str) -> bool + use<> {
    let dir = match explicit {
        Some(dir) => Some(dir.to_path_buf()),
        None => crate::workspace::find_root(cwd),
    }
    .map(|r| r.join("clauses"));
    move |id: &str| {
        let file = format!("{id}.yaml");
        clauses::BUILTIN.iter().any(|(name, _)| *name == file)
            || dir.as_ref().is_some_and(|d| d.join(&file).is_file())
    }
}

/// What a workspace lends to suggestions: its library, its issuer, its terms' values.
pub struct WorkspaceClauses {
    /// Built-in clauses plus the workspace's `clauses/`.
    pub lib: Library,
    /// The issuer of clausier.yaml, when it loads.
    pub provider: Option<Provider>,
    /// Values chosen in the workspace's terms selections.
    pub values: ParamValues,
    /// Why the provider or the values could not be read, for a warning.
    pub warnings: Vec<String>,
}

/// The library of the workspace given with `--workspace` or found above `cwd` (built-in
/// clauses plus its `clauses/`), its issuer as the provider and the parameter values of
/// its terms selections (`terms:` or terms/*.yaml).
///
/// A workspace whose `clausier.yaml` does not load still gives its clauses; the provider
/// then stays a placeholder and the reason is returned as a warning.
pub fn workspace_clauses(
    explicit: Option<&std::path::Path>,
    cwd: &std::path::Path,
) -> Result<WorkspaceClauses, UserError> {
    let root = match explicit {
        Some(dir) => Some(dir.to_path_buf()),
        None => crate::workspace::find_root(cwd),
    };
    let mut out = WorkspaceClauses {
        lib: match &root {
            Some(r) => Library::with_dir(&r.join("clauses"))?,
            None => Library::builtin()?,
        },
        provider: None,
        values: BTreeMap::new(),
        warnings: Vec::new(),
    };
    let Some(root) = root else {
        return Ok(out);
    };
    let ws = match crate::workspace::Workspace::load(&root) {
        Ok(ws) => ws,
        Err(e) => {
            out.warnings.push(format!(
                "the workspace does not load, so the suggested clauses name `[provider.*]` placeholders and default values: {}",
                e.message
            ));
            return Ok(out);
        }
    };
    out.provider = Some(Provider::from_issuer(&ws.config.issuer));
    let files = crate::check::terms_files(&ws).unwrap_or_default();
    for path in files.iter().filter(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e == "yaml" || e == "yml")
    }) {
        let sel = match clauses::load_selection(path) {
            Ok(s) => s,
            Err(e) => {
                out.warnings.push(format!(
                    "{}: not used for suggestions: {}",
                    path.display(),
                    e.message
                ));
                continue;
            }
        };
        let Some(target) = sel.audience else {
            continue;
        };
        for id in sel.ids() {
            let Some(clause) = out.lib.get(id) else {
                continue;
            };
            for p in &clause.parameters {
                if let Some((raw, _)) = sel.written_param(id, &p.name)
                    && let Ok(v) = clauses::param::parse_value(p.ty, raw, &p.bounds())
                {
                    out.values
                        .entry((target.code().to_string(), id.to_string()))
                        .or_default()
                        .insert(p.name.clone(), v);
                }
            }
        }
    }
    Ok(out)
}

/// What `audit --suggest` / `--apply` did to one file, for the exit code.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Rule codes fixed (or fixable) per file.
    pub fixed: BTreeMap<String, Vec<String>>,
}

/// `clausier audit --suggest [--apply]`: prints the diff of every patchable file (or,
/// with `apply`, writes the patched files atomically and says what changed); notes about
/// files that cannot be patched go to `err`.
pub fn run(
    reports: &[FileReport],
    rules: &RuleSet,
    renderer: &Renderer<'_>,
    apply: bool,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome::default();
    for rep in reports {
        if rep.findings.is_empty() {
            continue;
        }
        let path = std::path::Path::new(&rep.file);
        let bytes = if rep.file == "-" {
            Vec::new()
        } else {
            std::fs::read(path).map_err(|e| {
                UserError::new(format!("cannot read again to patch it: {e}")).file(path)
            })?
        };
        let (original, encoding) = if rep.file == "-" {
            (std::borrow::Cow::Borrowed(""), None)
        } else {
            let (t, e) = super::source::decode(&bytes)
                .map_err(|e| UserError::new(e.to_string()).file(path))?;
            (t, Some(e))
        };
        let mut check = patchable(&rep.file, rep.format, &original);
        if check.is_ok()
            && let Some(e) = encoding
            && !matches!(
                e,
                super::source::Encoding::Utf8 | super::source::Encoding::Utf8Bom
            )
        {
            check = Err(NotPatchable::Encoding(format!(
                "it is encoded as {}; save it as UTF-8 first",
                serde_json::to_value(e)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            )));
        }
        if let Err(why) = check {
            writeln!(err, "{}: note: {}", rep.file, why.message())?;
            continue;
        }
        let patch = suggest(rep, &original, rules, renderer)?;
        for (code, why) in &patch.skipped {
            writeln!(
                err,
                "{}: note: {code} has no automatic fix: {why}",
                rep.file
            )?;
        }
        if patch.edits.is_empty() {
            continue;
        }
        let codes: Vec<String> = patch
            .edits
            .iter()
            .flat_map(|e| e.codes.iter().cloned())
            .collect();
        outcome.fixed.insert(rep.file.clone(), codes);
        if apply {
            let mut data = Vec::with_capacity(patch.patched.len() + 3);
            if encoding == Some(super::source::Encoding::Utf8Bom) {
                data.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            }
            data.extend_from_slice(patch.patched.as_bytes());
            crate::output::write_atomic(path, &data).map_err(|e| {
                UserError::new(format!("cannot write the patched file: {e}")).file(path)
            })?;
            for e in &patch.edits {
                let what = match (&e.clause, e.lines.is_empty()) {
                    (Some(c), true) => format!("inserted `{c}` after line {}", e.lines.start),
                    (Some(c), false) => {
                        format!("replaced {} with `{c}`", line_range(&e.lines))
                    }
                    (None, _) => format!(
                        "removed {} (the clause written above covers it)",
                        line_range(&e.lines)
                    ),
                };
                writeln!(out, "{}: fixed {}: {what}", rep.file, e.codes.join(", "))?;
            }
        } else {
            write!(out, "{}", patch.diff)?;
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_heading_follows_the_document_style() {
        let text = "Article 4 – Livraison\nLes biens sont livrés.\n\nArticle 5 – Prix\nLe prix est ferme.\n";
        let seg = segment::segment(text);
        let h = next_heading(&seg, text).unwrap();
        assert_eq!(
            h.line("Droit de rétractation"),
            "Article 6 – Droit de rétractation"
        );
        let text = "## 3. Payment\n\nInvoices are payable within 30 days.\n";
        let seg = segment::segment(text);
        let h = next_heading(&seg, text).unwrap();
        assert_eq!(h.line("Right of withdrawal"), "## 4. Right of withdrawal");
    }

    #[test]
    fn a_clause_keeps_its_own_number() {
        let m = MARKER.find("6.2 En cas de retard, 10 % par mois.").unwrap();
        assert_eq!(m.as_str(), "6.2 ");
        let m = MARKER.find("Art. 7: Le client paie.").unwrap();
        assert_eq!(m.as_str(), "Art. 7: ");
        assert!(MARKER.find("En cas de retard").is_none());
    }
}
