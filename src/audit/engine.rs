//! The rule engine: runs every applicable rule over a segmented document.
//!
//! Patterns are compiled once per rule (at load). Each pattern scans the whole text once
//! (literal prefilters make that fast); the clauses a match touches are then confirmed
//! clause-locally, so a clause-scoped rule never sees text from its neighbours and the
//! cost does not grow with the number of clauses.

use std::collections::BTreeSet;
use std::ops::Range;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;

use super::audience::{self, AudienceChoice, AudienceDecision};
use super::checks::{self, Ctx, Hit};
use super::finding::{ClauseRef, Finding, Location};
use super::lang::Lang;
use super::readers::{Extracted, Format};
use super::rules::{Kind, Rule, RuleAudience, RuleSet, Scope};
use super::segment::{self, Segmented};
use super::source::Encoding;
use super::sourcemap::{SourceMap, floor_char_boundary};
use super::suppress;
use crate::latefee::rates::RateTable;

/// How one run is configured.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// `--audience`.
    pub audience: AudienceChoice,
    /// Reference date for rate tables (`--date`, today at the CLI edge).
    pub date: NaiveDate,
    /// Output language; `None` = the document's language.
    pub lang: Option<Lang>,
    /// Codes to drop (clausier.yaml ignores), upper-case.
    pub ignore: Vec<String>,
}

/// Something the user should know that is not a finding (unknown code in a suppression...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Where, when it has a place.
    pub location: Option<Location>,
    /// What.
    pub message: String,
}

/// A finding silenced by a suppression comment or the config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppressed {
    /// Rule code.
    pub code: String,
    /// Where the finding was.
    pub location: Location,
    /// Why (the comment's reason, or "clausier.yaml").
    pub reason: Option<String>,
}

/// Everything the auditor says about one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// File as given ("-" for stdin).
    pub file: String,
    /// Reader used.
    pub format: Format,
    /// Encoding of text formats.
    pub encoding: Option<Encoding>,
    /// Detected document language.
    pub lang: Lang,
    /// Audience decision with evidence.
    pub audience: AudienceDecision,
    /// Findings, in document order.
    pub findings: Vec<Finding>,
    /// Findings silenced.
    pub suppressed: Vec<Suppressed>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// The extracted text (printers show source lines from it).
    #[serde(skip)]
    pub text: String,
}

/// Rules plus the data they need, built once and reused for every file.
pub struct Auditor {
    /// Loaded rules.
    pub rules: RuleSet,
    rates: &'static RateTable,
    index: [LangIndex; 3],
    /// Codes left out by `select` (suppressions naming them are not typos).
    left_out: BTreeSet<String>,
}

/// Clause patterns of one language: the DFA-friendly ones in one `RegexSet` (one pass
/// per clause for all rules), the others scanned one by one over the whole text.
#[derive(Default)]
struct LangIndex {
    set: Option<regex::RegexSet>,
    /// Rule index of each pattern of `set`.
    set_rules: Vec<usize>,
    /// (rule index, pattern index) of patterns kept out of the set.
    slow: Vec<(usize, usize)>,
}

impl LangIndex {
    fn build(rules: &RuleSet, lang: Lang) -> LangIndex {
        let mut sources = Vec::new();
        let mut set_rules = Vec::new();
        let mut slow = Vec::new();
        for (ri, rule) in rules.rules.iter().enumerate() {
            let per_clause = match rule.def.kind {
                Kind::Pattern => rule.def.scope == Scope::Clause,
                Kind::Absence => false,
                _ => true,
            };
            if !per_clause {
                continue;
            }
            for (pi, re) in rule.lang(lang).patterns.iter().enumerate() {
                // A Unicode \b left in a pattern would push the whole set off the DFA.
                if re.as_str().replace("(?-u:\\b)", "").contains("\\b") {
                    slow.push((ri, pi));
                } else {
                    sources.push(re.as_str().to_string());
                    set_rules.push(ri);
                }
            }
        }
        let set = if sources.is_empty() {
            None
        } else {
            regex::RegexSetBuilder::new(&sources)
                .size_limit(256 << 20)
                .dfa_size_limit(64 << 20)
                .build()
                .ok()
        };
        if set.is_none() {
            // Could not build the set: every pattern is scanned on its own.
            for (ri, rule) in rules.rules.iter().enumerate() {
                for pi in 0..rule.lang(lang).patterns.len() {
                    if set_rules.contains(&ri) && !slow.contains(&(ri, pi)) {
                        slow.push((ri, pi));
                    }
                }
            }
            set_rules.clear();
        }
        LangIndex {
            set,
            set_rules,
            slow,
        }
    }
}

struct Doc<'a> {
    text: &'a str,
    seg: &'a Segmented,
    langs: Vec<Lang>,
    /// Per rule: clauses where one of its patterns may match (confirmed clause-locally).
    candidates: Vec<BTreeSet<usize>>,
}

impl Auditor {
    /// An auditor over `rules` with the embedded rate table.
    pub fn new(rules: RuleSet) -> Auditor {
        let index = Lang::ALL.map(|l| LangIndex::build(&rules, l));
        Auditor {
            rules,
            rates: RateTable::embedded(),
            index,
            left_out: BTreeSet::new(),
        }
    }

    /// Remembers the codes a profile or config left out of the rule set.
    pub fn with_left_out(mut self, codes: BTreeSet<String>) -> Auditor {
        self.left_out = codes;
        self
    }

    /// Audits extracted text.
    pub fn audit(&self, file: &str, extracted: Extracted, opts: &AuditOptions) -> FileReport {
        let Extracted {
            text,
            map,
            encoding,
            format,
        } = extracted;
        let seg = segment::segment(&text);
        let mut langs: Vec<Lang> = seg.clauses.iter().map(|c| c.lang).collect();
        langs.push(seg.lang);
        langs.sort();
        langs.dedup();
        let candidates = self.candidates(&text, &seg);
        let doc = Doc {
            text: &text,
            seg: &seg,
            langs,
            candidates,
        };
        let mut decision = audience::detect(&text, opts.audience);
        for ev in &mut decision.evidence {
            let (l, c) = map.position(&text, ev.offset);
            ev.line = l;
            ev.column = c;
        }
        let out_lang = opts.lang.unwrap_or(seg.lang);
        let mut warnings = Vec::new();
        let mut findings = Vec::new();
        // CLAUSIER_AUDIT_TIMINGS=1 prints the time spent per rule (profiling aid).
        let timings = std::env::var_os("CLAUSIER_AUDIT_TIMINGS").is_some();
        for (ri, rule) in self.rules.rules.iter().enumerate() {
            let started = std::time::Instant::now();
            let applies = match rule.def.audience {
                RuleAudience::Both => true,
                RuleAudience::B2c => decision.consumer_rules,
                RuleAudience::B2b => decision.business_rules,
            };
            if !applies {
                continue;
            }
            // Consumer rules off means the terms address only businesses.
            let b2b_severity = rule.def.severity_b2b.filter(|_| !decision.consumer_rules);
            for hit in self.run_rule(ri, rule, &doc, &decision, opts, &map, &mut warnings) {
                let mut finding = make_finding(rule, file, &text, &map, &seg, hit, out_lang);
                if let Some(severity) = b2b_severity {
                    finding.severity = severity;
                }
                findings.push(finding);
            }
            if timings {
                eprintln!("timing: {} {:?}", rule.def.code, started.elapsed());
            }
        }
        findings.sort_by(|a, b| (a.byte_span[0], &a.code).cmp(&(b.byte_span[0], &b.code)));
        findings.dedup_by(|a, b| a.code == b.code && a.byte_span == b.byte_span);
        drop_findings_in_copies(&mut findings, &text, &seg);

        // Suppressions.
        let directives = suppress::directives(&text, &seg);
        let known = self.rules.codes();
        for d in &directives {
            for code in &d.codes {
                if !known.contains(code.as_str()) && !self.left_out.contains(code) {
                    let (line, column) = map.position(&text, d.span.start);
                    warnings.push(Warning {
                        location: Some(Location { line, column }),
                        message: format!(
                            "unknown rule code `{code}` in clausier-ignore (see `clausier rules`)"
                        ),
                    });
                }
            }
        }
        let mut suppressed = Vec::new();
        // used[d][c]: directive d's code c silenced a finding.
        let mut used: Vec<Vec<bool>> = directives
            .iter()
            .map(|d| vec![false; d.codes.len()])
            .collect();
        let ignored = |code: &str| {
            opts.ignore
                .iter()
                .any(|c| super::config::code_matches(c, code))
        };
        let mut kept = Vec::with_capacity(findings.len());
        for f in findings {
            if ignored(&f.code) {
                suppressed.push(Suppressed {
                    code: f.code.clone(),
                    location: f.start,
                    reason: Some("clausier.yaml".into()),
                });
                continue;
            }
            let by = directives.iter().enumerate().find_map(|(di, d)| {
                let ci = d.codes.iter().position(|c| c == &f.code)?;
                d.target
                    .as_ref()
                    .is_some_and(|t| t.contains(&f.byte_span[0]))
                    .then_some((di, ci))
            });
            match by {
                Some((di, ci)) => {
                    used[di][ci] = true;
                    suppressed.push(Suppressed {
                        code: f.code.clone(),
                        location: f.start,
                        reason: directives[di].reason.clone(),
                    });
                }
                None => kept.push(f),
            }
        }
        let mut findings = kept;
        // The suppressions themselves: without a reason (SUP001), silencing nothing (SUP002).
        let sup_rule = |check: &str| {
            self.rules
                .rules
                .iter()
                .find(|r| r.def.check.as_deref() == Some(check) && !ignored(&r.def.code))
        };
        if let Some(rule) = sup_rule("suppression-without-reason") {
            for d in directives.iter().filter(|d| d.reason.is_none()) {
                let hit = Hit {
                    span: d.span.clone(),
                    detail: None,
                    related: None,
                };
                findings.push(make_finding(rule, file, &text, &map, &seg, hit, out_lang));
            }
        }
        if let Some(rule) = sup_rule("unused-suppression") {
            for (d, used) in directives.iter().zip(&used) {
                let unused: Vec<&str> = d
                    .codes
                    .iter()
                    .zip(used)
                    .filter(|(c, u)| {
                        !**u && (known.contains(c.as_str()) || self.left_out.contains(*c))
                    })
                    .map(|(c, _)| c.as_str())
                    .collect();
                if unused.is_empty() {
                    continue;
                }
                let list = unused.join(", ");
                let hit = Hit {
                    span: d.span.clone(),
                    detail: checks::detail(
                        format!("(code : {list})"),
                        format!("(code: {list})"),
                        format!("(code: {list})"),
                    ),
                    related: None,
                };
                findings.push(make_finding(rule, file, &text, &map, &seg, hit, out_lang));
            }
        }
        findings.sort_by(|a, b| (a.byte_span[0], &a.code).cmp(&(b.byte_span[0], &b.code)));
        FileReport {
            file: file.to_string(),
            format,
            encoding,
            lang: seg.lang,
            audience: decision,
            findings,
            suppressed,
            warnings,
            text,
        }
    }

    /// One `RegexSet` pass per clause plus one scan per slow pattern.
    fn candidates(&self, text: &str, seg: &Segmented) -> Vec<BTreeSet<usize>> {
        let mut out = vec![BTreeSet::new(); self.rules.rules.len()];
        for (ci, clause) in seg.clauses.iter().enumerate() {
            let idx = &self.index[clause.lang as usize];
            if let Some(set) = &idx.set {
                for m in set.matches(&text[clause.span.clone()]).iter() {
                    out[idx.set_rules[m]].insert(ci);
                }
            }
        }
        let clauses = &seg.clauses;
        for lang in Lang::ALL {
            if !clauses.iter().any(|c| c.lang == lang) {
                continue;
            }
            for &(ri, pi) in &self.index[lang as usize].slow {
                let re = &self.rules.rules[ri].lang(lang).patterns[pi];
                for m in word_matches(re, text) {
                    let first = clauses.partition_point(|c| c.span.end < m.start);
                    let last = clauses.partition_point(|c| c.span.start <= m.end);
                    for (i, c) in clauses.iter().enumerate().take(last).skip(first) {
                        if c.lang == lang {
                            out[ri].insert(i);
                        }
                    }
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn run_rule(
        &self,
        ri: usize,
        rule: &Rule,
        doc: &Doc<'_>,
        decision: &AudienceDecision,
        opts: &AuditOptions,
        map: &SourceMap,
        warnings: &mut Vec<Warning>,
    ) -> Vec<Hit> {
        match rule.def.kind {
            Kind::Pattern => match rule.def.scope {
                Scope::Clause => clause_matches(ri, rule, doc)
                    .into_iter()
                    .map(|(_, span)| Hit {
                        span,
                        detail: None,
                        related: None,
                    })
                    .collect(),
                Scope::Document => {
                    let unless = doc.langs.iter().any(|&l| {
                        rule.lang(l)
                            .unless
                            .iter()
                            .any(|r| word_find(r, doc.text).is_some())
                    });
                    if unless {
                        return Vec::new();
                    }
                    first_match(doc, |l| &rule.lang(l).patterns)
                        .map(|span| Hit {
                            span,
                            detail: None,
                            related: None,
                        })
                        .into_iter()
                        .collect()
                }
            },
            Kind::Absence => {
                let Some(req) = first_match(doc, |l| &rule.lang(l).requires) else {
                    return Vec::new();
                };
                let present = first_match(doc, |l| &rule.lang(l).patterns).is_some()
                    || doc.langs.iter().any(|&l| {
                        rule.lang(l)
                            .unless
                            .iter()
                            .any(|r| word_find(r, doc.text).is_some())
                    })
                    || (rule.def.check.is_some()
                        && !self
                            .run_check(rule, doc, decision, opts, map, None)
                            .is_empty());
                if present {
                    Vec::new()
                } else {
                    vec![Hit {
                        span: req,
                        detail: None,
                        related: None,
                    }]
                }
            }
            Kind::Numeric | Kind::Conflict | Kind::Duplicate | Kind::Check => {
                if rule.def.check.as_deref() == Some("late-interest") {
                    match self.rates.b2b_rate_on(opts.date) {
                        Ok(rate) => {
                            if let Some(w) = rate.warning {
                                push_once(warnings, w);
                            }
                        }
                        Err(e) => push_once(
                            warnings,
                            format!(
                                "{}: late-interest check skipped: {}",
                                rule.def.code, e.message
                            ),
                        ),
                    }
                }
                let filter = if rule.def.patterns.is_empty() {
                    None
                } else {
                    let mut f = vec![false; doc.seg.clauses.len()];
                    for (i, _) in clause_matches_no_unless(ri, rule, doc) {
                        f[i] = true;
                    }
                    Some(f)
                };
                let hits = self.run_check(rule, doc, decision, opts, map, filter.as_deref());
                hits.into_iter()
                    .filter(|h| match doc.seg.clause_at(h.span.start) {
                        Some(i) => {
                            let c = &doc.seg.clauses[i];
                            let body = &doc.text[c.span.clone()];
                            !rule
                                .lang(c.lang)
                                .unless
                                .iter()
                                .any(|r| word_find(r, body).is_some())
                        }
                        None => true,
                    })
                    .collect()
            }
        }
    }

    fn run_check(
        &self,
        rule: &Rule,
        doc: &Doc<'_>,
        decision: &AudienceDecision,
        opts: &AuditOptions,
        map: &SourceMap,
        filter: Option<&[bool]>,
    ) -> Vec<Hit> {
        let line_of = |off: usize| map.position(doc.text, off).0;
        let ctx = Ctx {
            text: doc.text,
            seg: doc.seg,
            audience: decision.audience,
            date: opts.date,
            rates: self.rates,
            params: &rule.params,
            clause_filter: filter,
            line_of: &line_of,
        };
        checks::run(&ctx)
    }
}

/// A clause that repeats an earlier one word for word (a page scraped twice) would repeat
/// its findings too; `duplicate-clause` already reports the copy, so only the first
/// occurrence keeps the other findings.
fn drop_findings_in_copies(findings: &mut Vec<Finding>, text: &str, seg: &Segmented) {
    let mut seen: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    findings.retain(|f| {
        let Some(i) = seg.clause_at(f.byte_span[0]) else {
            return true;
        };
        let body: String = text[seg.clauses[i].span.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if body.len() < 40 {
            return true;
        }
        seen.insert((f.code.clone(), body))
    });
}

fn push_once(warnings: &mut Vec<Warning>, message: String) {
    if !warnings.iter().any(|w| w.message == message) {
        warnings.push(Warning {
            location: None,
            message,
        });
    }
}

/// True when a match at `start` would begin inside a word: an ASCII letter or digit glued
/// to a non-ASCII letter before it ("préavis" for `\bavis`). Rule patterns compile `\b`
/// as an ASCII boundary for speed (see `boundary`), which fires there; this puts the
/// Unicode meaning back.
fn starts_mid_word(hay: &str, start: usize) -> bool {
    hay.as_bytes()
        .get(start)
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && hay[..start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_ascii() && c.is_alphanumeric())
}

/// Leftmost match of `re` in `hay` that does not start inside a word.
fn word_find(re: &Regex, hay: &str) -> Option<Range<usize>> {
    word_matches(re, hay).next()
}

/// Every match of `re` in `hay` that does not start inside a word.
fn word_matches<'a>(re: &'a Regex, hay: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at <= hay.len() {
            let m = re.find_at(hay, at)?;
            if starts_mid_word(hay, m.start()) {
                // Retry from the next character: a later start may be a real word.
                at = m.start() + hay[m.start()..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            at = if m.end() > m.start() {
                m.end()
            } else {
                m.end() + hay[m.end()..].chars().next().map_or(1, char::len_utf8)
            };
            return Some(m.start()..m.end());
        }
        None
    })
}

/// First match of the language's regexes anywhere in the text, over every language present.
fn first_match<'r>(
    doc: &Doc<'_>,
    regexes: impl Fn(Lang) -> &'r Vec<Regex>,
) -> Option<Range<usize>> {
    doc.langs
        .iter()
        .flat_map(|&l| regexes(l).iter())
        .filter_map(|r| word_find(r, doc.text))
        .min_by_key(|s| s.start)
}

/// Clauses matching a pattern (clause language) and no `unless`, with the match span.
fn clause_matches(ri: usize, rule: &Rule, doc: &Doc<'_>) -> Vec<(usize, Range<usize>)> {
    clause_matches_no_unless(ri, rule, doc)
        .into_iter()
        .filter(|(i, _)| {
            let c = &doc.seg.clauses[*i];
            let body = &doc.text[c.span.clone()];
            let compiled = rule.lang(c.lang);
            let article = || &doc.text[doc.seg.article_span(*i)];
            !compiled.unless.iter().any(|r| word_find(r, body).is_some())
                && !compiled
                    .unless_article
                    .iter()
                    .any(|r| word_find(r, article()).is_some())
        })
        .collect()
}

/// Clauses matching one of the rule's patterns in the clause's language.
fn clause_matches_no_unless(ri: usize, rule: &Rule, doc: &Doc<'_>) -> Vec<(usize, Range<usize>)> {
    let clauses = &doc.seg.clauses;
    let touched = doc.candidates[ri].iter().copied();
    let mut out = Vec::new();
    for i in touched {
        let c = &clauses[i];
        let body = &doc.text[c.span.clone()];
        let best = rule
            .lang(c.lang)
            .patterns
            .iter()
            .filter_map(|r| word_find(r, body))
            .min_by_key(|m| m.start);
        if let Some(m) = best {
            out.push((i, c.span.start + m.start..c.span.start + m.end));
        }
    }
    out
}

fn make_finding(
    rule: &Rule,
    file: &str,
    text: &str,
    map: &SourceMap,
    seg: &Segmented,
    hit: Hit,
    lang: Lang,
) -> Finding {
    let (sl, sc) = map.position(text, hit.span.start);
    let (el, ec) = map.position(text, hit.span.end);
    let clause_idx = seg.clause_at(hit.span.start);
    let clause = clause_idx.map(|i| &seg.clauses[i]);
    let mut message = rule.def.message.get(lang).to_string();
    if let Some(d) = &hit.detail {
        message.push(' ');
        message.push_str(match lang {
            Lang::Fr => &d.fr,
            Lang::Nl => &d.nl,
            Lang::En => &d.en,
        });
    }
    let end = floor_char_boundary(text, hit.span.end.min(hit.span.start + 300));
    let start = floor_char_boundary(text, hit.span.start);
    Finding {
        code: rule.def.code.clone(),
        slug: rule.def.slug.clone(),
        severity: rule.def.severity,
        file: file.to_string(),
        start: Location {
            line: sl,
            column: sc,
        },
        end: Location {
            line: el,
            column: ec,
        },
        byte_span: [hit.span.start, hit.span.end],
        matched: text[start..end.max(start)].to_string(),
        message,
        law: rule.def.law.clone(),
        fix: rule.def.fix.get(lang).to_string(),
        clause: clause.map(|c| ClauseRef {
            number: c.number.clone(),
            title: c.title.clone(),
        }),
        lang: clause.map_or(seg.lang, |c| c.lang),
        related: hit.related.map(|off| {
            let (line, column) = map.position(text, off);
            Location { line, column }
        }),
    }
}
