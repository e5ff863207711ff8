//! HTML report: one self-contained page a lawyer can open, filter and print.
//!
//! The audited text is shown with every finding highlighted in place (overlapping findings
//! are nested or split so each keeps its own `<mark>`), next to one card per finding with
//! the rule, the law, why it matters and what to write instead. CSS and JS are inline and a
//! Content-Security-Policy allowing only those two blocks (by hash) forbids any network
//! load, so the page works offline and text from hostile terms can never run as script.

use std::fmt::Write;

use sha2::{Digest, Sha256};

use super::{InputError, Summary};
use crate::audit::FileReport;
use crate::audit::audience::Audience;
use crate::audit::finding::Finding;
use crate::audit::lang::Lang;
use crate::audit::readers::Format;
use crate::audit::rules::{RuleSet, Severity};
use crate::audit::sourcemap::floor_char_boundary;

const CSS: &str = include_str!("html.css");
const JS: &str = include_str!("html.js");

/// Labels of the page chrome; the findings' own texts come from the rule files.
struct Labels {
    title: &'static str,
    summary: &'static str,
    file: &'static str,
    language: &'static str,
    audience: &'static str,
    findings: &'static str,
    suppressed: &'static str,
    rule: &'static str,
    severity: &'static str,
    count: &'static str,
    sev_error: &'static str,
    sev_warning: &'static str,
    sev_info: &'static str,
    sev_plural: [&'static str; 3],
    by_rule: &'static str,
    description: &'static str,
    line: &'static str,
    clause: &'static str,
    law: &'static str,
    why: &'static str,
    fix: &'static str,
    instead: &'static str,
    library_clause: &'static str,
    first_stated: &'static str,
    filters: &'static str,
    shown: &'static str,
    no_findings: &'static str,
    not_audited: &'static str,
    notes: &'static str,
    text: &'static str,
    b2b: &'static str,
    b2c: &'static str,
    detected: &'static str,
    forced: &'static str,
    evidence: &'static str,
    quotes: (&'static str, &'static str),
    lang_names: [&'static str; 3],
    how_to: &'static str,
    disclaimer: &'static str,
    generated: &'static str,
}

const FR: Labels = Labels {
    title: "Audit des conditions générales",
    summary: "Synthèse",
    file: "Fichier",
    language: "Langue",
    audience: "Public",
    findings: "Constats",
    suppressed: "ignorés",
    rule: "Règle",
    severity: "Gravité",
    count: "Nombre",
    sev_error: "erreur",
    sev_warning: "avertissement",
    sev_info: "info",
    sev_plural: ["erreurs", "avertissements", "infos"],
    by_rule: "Par règle",
    description: "Intitulé",
    line: "ligne",
    clause: "article",
    law: "Base légale",
    why: "Pourquoi",
    fix: "Correction",
    instead: "Clause de remplacement",
    library_clause: "clause de la bibliothèque",
    first_stated: "première mention ligne",
    filters: "Filtres",
    shown: "constats affichés",
    no_findings: "Aucun constat.",
    not_audited: "Fichiers non audités",
    notes: "Remarques",
    text: "Texte audité",
    b2b: "professionnels (B2B)",
    b2c: "consommateurs (B2C)",
    detected: "détecté",
    forced: "imposé par --audience",
    evidence: "indices",
    quotes: ("« ", " »"),
    lang_names: ["français", "néerlandais", "anglais"],
    how_to: "Cliquez sur un passage surligné pour voir le constat, ou sur un constat pour retrouver le passage.",
    disclaimer: "Ce rapport signale des clauses à examiner ; il ne remplace pas l'avis d'un juriste.",
    generated: "Généré par",
};

const NL: Labels = Labels {
    title: "Audit van de algemene voorwaarden",
    summary: "Overzicht",
    file: "Bestand",
    language: "Taal",
    audience: "Doelgroep",
    findings: "Bevindingen",
    suppressed: "onderdrukt",
    rule: "Regel",
    severity: "Ernst",
    count: "Aantal",
    sev_error: "fout",
    sev_warning: "waarschuwing",
    sev_info: "info",
    sev_plural: ["fouten", "waarschuwingen", "info"],
    by_rule: "Per regel",
    description: "Omschrijving",
    line: "regel",
    clause: "artikel",
    law: "Wettelijke grondslag",
    why: "Waarom",
    fix: "Oplossing",
    instead: "Vervangende clausule",
    library_clause: "clausule uit de bibliotheek",
    first_stated: "eerste vermelding regel",
    filters: "Filters",
    shown: "bevindingen getoond",
    no_findings: "Geen bevindingen.",
    not_audited: "Niet-geauditeerde bestanden",
    notes: "Opmerkingen",
    text: "Geauditeerde tekst",
    b2b: "ondernemingen (B2B)",
    b2c: "consumenten (B2C)",
    detected: "gedetecteerd",
    forced: "opgelegd door --audience",
    evidence: "aanwijzingen",
    quotes: ("‘", "’"),
    lang_names: ["Frans", "Nederlands", "Engels"],
    how_to: "Klik op een gemarkeerde passage om de bevinding te zien, of op een bevinding om de passage terug te vinden.",
    disclaimer: "Dit rapport wijst op clausules die nazicht verdienen; het vervangt geen juridisch advies.",
    generated: "Gemaakt met",
};

const EN: Labels = Labels {
    title: "Audit of general terms",
    summary: "Summary",
    file: "File",
    language: "Language",
    audience: "Audience",
    findings: "Findings",
    suppressed: "suppressed",
    rule: "Rule",
    severity: "Severity",
    count: "Count",
    sev_error: "error",
    sev_warning: "warning",
    sev_info: "info",
    sev_plural: ["errors", "warnings", "info"],
    by_rule: "By rule",
    description: "Description",
    line: "line",
    clause: "clause",
    law: "Legal basis",
    why: "Why",
    fix: "Fix",
    instead: "Replacement clause",
    library_clause: "library clause",
    first_stated: "first stated at line",
    filters: "Filters",
    shown: "findings shown",
    no_findings: "No findings.",
    not_audited: "Files not audited",
    notes: "Notes",
    text: "Audited text",
    b2b: "businesses (B2B)",
    b2c: "consumers (B2C)",
    detected: "detected",
    forced: "set by --audience",
    evidence: "evidence",
    quotes: ("“", "”"),
    lang_names: ["French", "Dutch", "English"],
    how_to: "Click a highlighted passage to see its finding, or a finding to jump to its passage.",
    disclaimer: "This report points at clauses to review; it does not replace legal advice.",
    generated: "Generated by",
};

fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Fr => &FR,
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

impl Labels {
    fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::Error => self.sev_error,
            Severity::Warning => self.sev_warning,
            Severity::Info => self.sev_info,
        }
    }

    /// "1 erreur", "7 erreurs": the singular label for one, the plural otherwise.
    fn severity_plural(&self, s: Severity, n: usize) -> &'static str {
        if n == 1 {
            return self.severity(s);
        }
        match s {
            Severity::Error => self.sev_plural[0],
            Severity::Warning => self.sev_plural[1],
            Severity::Info => self.sev_plural[2],
        }
    }

    fn lang_name(&self, l: Lang) -> &'static str {
        self.lang_names[l as usize]
    }
}

/// The language of the page chrome: `--lang` when given, else the language most findings
/// are written in (ties go to the earlier file), so labels match the findings' messages.
pub fn page_lang(reports: &[FileReport], forced: Option<Lang>) -> Lang {
    if let Some(l) = forced {
        return l;
    }
    let mut counts = [0usize; 3];
    for r in reports {
        counts[r.lang as usize] += r.findings.len();
    }
    let best = counts.iter().copied().max().unwrap_or(0);
    reports
        .iter()
        .map(|r| r.lang)
        .find(|l| counts[*l as usize] == best)
        .unwrap_or(Lang::En)
}

/// Escapes text for HTML element content and double- or single-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in HTML text: show a replacement mark.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

fn csp_hash(source: &str) -> String {
    format!(
        "'sha256-{}'",
        crate::peppol::xml::base64(&Sha256::digest(source.as_bytes()))
    )
}

/// The whole run as one HTML page, labels in `lang` (see [`page_lang`]).
pub fn render(
    reports: &[FileReport],
    errors: &[InputError],
    rules: &RuleSet,
    lang: Lang,
) -> String {
    let t = labels(lang);
    let summary = Summary::of(reports, errors);
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; script-src {}; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"clausier {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        csp_hash(CSS),
        csp_hash(JS),
        env!("CARGO_PKG_VERSION"),
        escape(&page_title(t, reports)),
    );
    header(&mut out, t, reports, &summary);
    summary_section(&mut out, t, reports, errors, rules, lang, &summary);
    filters(&mut out, t, &summary);
    let mut n = 0;
    for (i, rep) in reports.iter().enumerate() {
        file_section(&mut out, t, rep, i + 1, &mut n, rules);
    }
    let _ = write!(
        out,
        "</main>\n<footer><p>{}</p><p>{} clausier {}</p></footer>\n<script>{JS}</script>\n</body>\n</html>\n",
        t.disclaimer,
        t.generated,
        env!("CARGO_PKG_VERSION"),
    );
    out
}

fn page_title(t: &Labels, reports: &[FileReport]) -> String {
    match reports {
        [one] => format!("{} — {}", t.title, one.file),
        _ => t.title.to_string(),
    }
}

fn header(out: &mut String, t: &Labels, reports: &[FileReport], s: &Summary) {
    let _ = write!(
        out,
        "<header class=\"top\"><div class=\"wrap\"><h1>{}</h1><p class=\"sub\">",
        t.title
    );
    let files: Vec<String> = reports.iter().map(|r| escape(&r.file)).collect();
    let _ = write!(out, "{}</p>", files.join(" · "));
    let _ = write!(out, "<div class=\"tiles\">");
    for (sev, count) in [
        (Severity::Error, s.errors),
        (Severity::Warning, s.warnings),
        (Severity::Info, s.infos),
    ] {
        let _ = write!(
            out,
            "<div class=\"tile sev-{}\"><span class=\"big\">{count}</span><span>{}</span></div>",
            sev.as_str(),
            t.severity_plural(sev, count)
        );
    }
    let _ = write!(
        out,
        "<div class=\"tile total\"><span class=\"big\">{}</span><span>{}</span></div></div></div></header>\n<main class=\"wrap\">\n",
        s.findings,
        t.findings.to_lowercase()
    );
}

fn audience_text(t: &Labels, rep: &FileReport) -> String {
    let a = &rep.audience;
    let who = match a.audience {
        Audience::B2b => t.b2b,
        Audience::B2c => t.b2c,
    };
    let how = if a.source == "flag" {
        t.forced
    } else {
        t.detected
    };
    format!("{who}, {how}")
}

fn severity_badges(t: &Labels, findings: &[Finding]) -> String {
    let mut out = String::new();
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let n = findings.iter().filter(|f| f.severity == sev).count();
        if n > 0 {
            let _ = write!(
                out,
                "<span class=\"badge sev-{}\">{n} {}</span> ",
                sev.as_str(),
                t.severity_plural(sev, n)
            );
        }
    }
    if out.is_empty() {
        out.push('0');
    }
    out
}

fn summary_section(
    out: &mut String,
    t: &Labels,
    reports: &[FileReport],
    errors: &[InputError],
    rules: &RuleSet,
    lang: Lang,
    s: &Summary,
) {
    let _ = write!(
        out,
        "<section class=\"summary\" id=\"summary\"><h2>{}</h2>\n\
         <table class=\"files\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        t.summary, t.file, t.language, t.audience, t.findings, t.suppressed
    );
    for (i, rep) in reports.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><td><a href=\"#file-{}\"><code>{}</code></a></td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            i + 1,
            escape(&rep.file),
            t.lang_name(rep.lang),
            audience_text(t, rep),
            severity_badges(t, &rep.findings),
            rep.suppressed.len()
        );
    }
    out.push_str("</tbody></table>\n");
    let mut rows: Vec<_> = s.by_rule.iter().collect();
    rows.sort_by(|a, b| b.1.severity.cmp(&a.1.severity).then(a.0.cmp(b.0)));
    if !rows.is_empty() {
        let _ = write!(out, "<h3>{}</h3><div class=\"rules\">", t.by_rule);
        // Two side-by-side tables keep a long rule list short on screen and paper.
        for half in rows.chunks(rows.len().div_ceil(2)) {
            let _ = write!(
                out,
                "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
                t.rule, t.description, t.severity, t.count
            );
            for (code, rc) in half {
                let name = rules
                    .get(code)
                    .map(|r| r.def.name.get(lang).to_string())
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    "<tr><td><code title=\"{}\">{}</code></td><td>{}</td><td><span class=\"badge sev-{}\">{}</span></td><td class=\"num\">{}</td></tr>",
                    escape(&rc.slug),
                    escape(code),
                    escape(&name),
                    rc.severity.as_str(),
                    t.severity(rc.severity),
                    rc.count
                );
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</div>\n");
    }
    if !errors.is_empty() {
        let _ = write!(
            out,
            "<div class=\"input-errors\"><h3>{}</h3><ul>",
            t.not_audited
        );
        for e in errors {
            let _ = write!(
                out,
                "<li><code>{}</code>: {}</li>",
                escape(&e.file),
                escape(&e.message)
            );
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("</section>\n");
}

fn filters(out: &mut String, t: &Labels, s: &Summary) {
    let _ = write!(
        out,
        "<nav class=\"filters\" id=\"filters\" aria-label=\"{}\"><span class=\"flabel\">{}</span><span class=\"group\">",
        t.filters, t.filters
    );
    for (sev, count) in [
        (Severity::Error, s.errors),
        (Severity::Warning, s.warnings),
        (Severity::Info, s.infos),
    ] {
        if count == 0 {
            continue;
        }
        let _ = write!(
            out,
            "<label class=\"chip sev-{0}\"><input type=\"checkbox\" value=\"sev:{0}\" checked> {1} <span class=\"n\">{count}</span></label>",
            sev.as_str(),
            t.severity_plural(sev, count)
        );
    }
    out.push_str("</span><span class=\"group\">");
    for (code, rc) in &s.by_rule {
        let _ = write!(
            out,
            "<label class=\"chip\" title=\"{1}\"><input type=\"checkbox\" value=\"rule:{0}\" checked> {0} <span class=\"n\">{2}</span></label>",
            escape(code),
            escape(&rc.slug),
            rc.count
        );
    }
    let _ = write!(
        out,
        "</span><span class=\"shown\"><span id=\"shown\">{}</span> / {} {}</span></nav>\n<p class=\"howto\">{}</p>\n",
        s.findings, s.findings, t.shown, t.how_to
    );
}

fn clause_label(t: &Labels, f: &Finding) -> Option<String> {
    let c = f.clause.as_ref()?;
    // Headings like "Article 3 — Paiement" leave the dash in front of the title.
    let title = c
        .title
        .as_deref()
        .map(|s| s.trim_start_matches(['—', '–', '-', ':', '.', ' ']))
        .filter(|s| !s.is_empty());
    match (&c.number, title) {
        (Some(n), Some(title)) => Some(format!("{} {n} — {title}", t.clause)),
        (Some(n), None) => Some(format!("{} {n}", t.clause)),
        (None, Some(title)) => Some(title.to_string()),
        (None, None) => None,
    }
}

fn file_section(
    out: &mut String,
    t: &Labels,
    rep: &FileReport,
    index: usize,
    n: &mut usize,
    rules: &RuleSet,
) {
    let first = *n + 1;
    *n += rep.findings.len();
    let _ = write!(
        out,
        "<section class=\"file\" id=\"file-{index}\">\n<h2 class=\"fname\">{}</h2>\n<p class=\"facts\"><span>{}: {}</span><span>{}: {}</span>",
        escape(&rep.file),
        t.language,
        t.lang_name(rep.lang),
        t.audience,
        audience_text(t, rep),
    );
    if !rep.audience.evidence.is_empty() {
        let ev: Vec<String> = rep
            .audience
            .evidence
            .iter()
            .map(|e| {
                let (open, close) = t.quotes;
                format!("{open}{}{close} {}:{}", escape(&e.text), e.line, e.column)
            })
            .collect();
        let _ = write!(out, "<span>{}: {}</span>", t.evidence, ev.join(", "));
    }
    let _ = write!(out, "<span>{}: {}</span>", t.findings, rep.findings.len());
    if !rep.suppressed.is_empty() {
        let _ = write!(
            out,
            "<span>{}: {}</span>",
            t.suppressed,
            rep.suppressed.len()
        );
    }
    out.push_str("</p>\n");
    if !rep.warnings.is_empty() {
        let _ = write!(out, "<div class=\"notes\"><strong>{}</strong><ul>", t.notes);
        for w in &rep.warnings {
            match &w.location {
                Some(l) => {
                    let _ = write!(
                        out,
                        "<li>{} {}:{}: {}</li>",
                        t.line,
                        l.line,
                        l.column,
                        escape(&w.message)
                    );
                }
                None => {
                    let _ = write!(out, "<li>{}</li>", escape(&w.message));
                }
            }
        }
        out.push_str("</ul></div>\n");
    }
    let numbered = rep.format != Format::Html;
    let _ = write!(
        out,
        "<div class=\"layout\">\n<article class=\"terms{}\" lang=\"{}\" aria-label=\"{}\">",
        if numbered { "" } else { " nonum" },
        rep.lang,
        t.text
    );
    highlight_into(
        out,
        &rep.text,
        &rep.findings,
        first,
        rep.format == Format::Md,
    );
    out.push_str("</article>\n<aside class=\"panel\">");
    if rep.findings.is_empty() {
        let _ = write!(out, "<p class=\"none\">{}</p>", t.no_findings);
    } else {
        out.push_str("<ol class=\"cards\">");
        for (i, f) in rep.findings.iter().enumerate() {
            card(out, t, f, first + i, rules);
        }
        out.push_str("</ol>");
    }
    out.push_str("</aside>\n</div>\n</section>\n");
}

fn card(out: &mut String, t: &Labels, f: &Finding, n: usize, rules: &RuleSet) {
    let sev = f.severity.as_str();
    let code = escape(&f.code);
    let _ = write!(
        out,
        "<li class=\"card sev-{sev}\" id=\"c-{n}\" data-n=\"{n}\" data-code=\"{code}\" data-sev=\"{sev}\">\
         <a class=\"jump\" href=\"#f-{n}\"><span class=\"num\">{n}</span><span class=\"badge sev-{sev}\">{}</span><code>{code}</code><span class=\"slug\">{}</span></a>",
        t.severity(f.severity),
        escape(&f.slug),
    );
    let _ = write!(
        out,
        "<p class=\"where\">{} {}:{}",
        t.line, f.start.line, f.start.column
    );
    if let Some(c) = clause_label(t, f) {
        let _ = write!(out, " · {}", escape(&c));
    }
    if let Some(r) = &f.related {
        let _ = write!(out, " · {} {}:{}", t.first_stated, r.line, r.column);
    }
    let _ = write!(
        out,
        "</p><p class=\"msg\">{}</p><blockquote class=\"quote\">{}</blockquote><dl>",
        escape(&f.message),
        escape(&f.matched)
    );
    let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", t.law, escape(&f.law));
    let rule = rules.get(&f.code);
    if let Some(r) = rule {
        // `why` is written once, in English, in the rule files.
        let _ = write!(
            out,
            "<dt>{}</dt><dd class=\"why\" lang=\"en\">{}</dd>",
            t.why,
            escape(&r.def.why)
        );
    }
    let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", t.fix, escape(&f.fix));
    if let Some(i) = rule.and_then(|r| r.def.instead.as_ref()) {
        let _ = write!(
            out,
            "<dt>{}</dt><dd class=\"instead\"><p lang=\"{}\">{}</p>",
            t.instead,
            f.lang,
            escape(i.text.get(f.lang))
        );
        if let Some(c) = &i.clause {
            let _ = write!(
                out,
                "<p class=\"lib\">{}: <code>{}</code></p>",
                t.library_clause,
                escape(c)
            );
        }
        out.push_str("</dd>");
    }
    out.push_str("</dl></li>");
}

/// A finding's span made safe to slice `text` with: on char boundaries, in order, in range.
fn clamp_span(text: &str, f: &Finding) -> (usize, usize) {
    let s = floor_char_boundary(text, f.byte_span[0]);
    let e = floor_char_boundary(text, f.byte_span[1]).max(s);
    (s, e)
}

/// Writes `text` as one `<div class="ln">` per line with every finding wrapped in
/// `<mark>` elements. Findings are numbered from `first` in order; the first fragment of
/// finding `n` has `id="f-n"`. Overlapping findings are nested; when an outer one ends
/// inside an inner one, the inner one is closed and reopened (a continuation fragment
/// without id), and marks never cross a line, so the HTML stays well-formed.
fn highlight_into(out: &mut String, text: &str, findings: &[Finding], first: usize, md: bool) {
    struct Span {
        start: usize,
        end: usize,
        n: usize,
        code: String,
        sev: &'static str,
        title: String,
        /// No visible character inside: shown as a marker instead of a highlight.
        point: bool,
    }
    let mut spans: Vec<Span> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (start, end) = clamp_span(text, f);
            Span {
                start,
                end,
                n: first + i,
                code: escape(&f.code),
                sev: f.severity.as_str(),
                title: escape(&format!("{} {}", f.code, f.slug)),
                point: text[start..end].chars().all(|c| c == '\n'),
            }
        })
        .collect();
    // Outer (longer) spans open first at the same position.
    spans.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.n.cmp(&b.n))
    });

    let open_tag = |out: &mut String, s: &Span, first_fragment: bool| {
        let _ = write!(
            out,
            "<mark class=\"finding sev-{}{}\" data-code=\"{}\" data-sev=\"{}\" data-n=\"{}\" title=\"{}\"",
            s.sev,
            if first_fragment { "" } else { " cont" },
            s.code,
            s.sev,
            s.n,
            s.title
        );
        if first_fragment {
            let _ = write!(out, " id=\"f-{}\"", s.n);
        }
        out.push('>');
    };

    let mut next = 0; // next span to start, in `spans` order
    let mut active: Vec<usize> = Vec::new(); // indices into `spans`, outer first
    let mut emitted: Vec<usize> = Vec::new(); // marks currently open in `out`
    let mut started = vec![false; spans.len()];
    let mut line = 1;
    let line_open = |out: &mut String, line: usize, rest: &str| {
        let heading = md && {
            let h = rest.trim_start_matches('#');
            h.len() < rest.len()
                && rest.len() - h.len() <= 6
                && (h.is_empty() || h.starts_with(' '))
        };
        let _ = write!(
            out,
            "<div class=\"ln{}\" data-line=\"{line}\">",
            if heading { " h" } else { "" }
        );
    };
    line_open(out, line, text);
    let mut run = String::new();
    let mut line_end = 0;
    for (pos, c) in text.char_indices() {
        // Findings ending here leave the desired nesting.
        active.retain(|&i| spans[i].end > pos);
        // Findings starting here join it; markers are written in place.
        while next < spans.len() && spans[next].start == pos {
            if spans[next].point {
                flush(out, &mut run);
                open_tag(out, &spans[next], true);
                started[next] = true;
                out.push_str("</mark>");
            } else {
                active.push(next);
            }
            next += 1;
        }
        if c == '\n' {
            flush(out, &mut run);
            for _ in emitted.drain(..) {
                out.push_str("</mark>");
            }
            out.push_str("</div>");
            line_end = out.len();
            out.push('\n');
            line += 1;
            line_open(out, line, &text[pos + 1..]);
            continue;
        }
        if emitted != active {
            flush(out, &mut run);
            sync(out, &spans, &active, &mut emitted, &mut started, &open_tag);
        }
        run.push(c);
    }
    flush(out, &mut run);
    // A final line break ends the last line rather than starting an empty one.
    if text.ends_with('\n') && next == spans.len() {
        out.truncate(line_end);
        return;
    }
    // Markers at the very end of the text.
    while next < spans.len() {
        open_tag(out, &spans[next], !started[next]);
        started[next] = true;
        out.push_str("</mark>");
        next += 1;
    }
    for _ in emitted.drain(..) {
        out.push_str("</mark>");
    }
    out.push_str("</div>");

    fn flush(out: &mut String, run: &mut String) {
        escape_into(out, run);
        run.clear();
    }

    /// Closes open marks that are no longer wanted (and those above them), then opens the
    /// wanted ones, so `emitted` equals `active`.
    fn sync<S>(
        out: &mut String,
        spans: &[S],
        active: &[usize],
        emitted: &mut Vec<usize>,
        started: &mut [bool],
        open_tag: &impl Fn(&mut String, &S, bool),
    ) {
        let common = emitted
            .iter()
            .zip(active)
            .take_while(|(a, b)| a == b)
            .count();
        while emitted.len() > common {
            emitted.pop();
            out.push_str("</mark>");
        }
        for &i in &active[common..] {
            open_tag(out, &spans[i], !started[i]);
            started[i] = true;
            emitted.push(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::audit::finding::Location;

    fn finding(code: &str, sev: Severity, text: &str, start: usize, end: usize) -> Finding {
        Finding {
            code: code.into(),
            slug: "slug".into(),
            severity: sev,
            file: "t.txt".into(),
            start: Location { line: 1, column: 1 },
            end: Location { line: 1, column: 1 },
            byte_span: [start, end],
            matched: text[start..end].into(),
            message: "m".into(),
            law: "l".into(),
            fix: "f".into(),
            clause: None,
            lang: Lang::Fr,
            related: None,
        }
    }

    fn marks(text: &str, findings: &[Finding]) -> String {
        let mut out = String::new();
        highlight_into(&mut out, text, findings, 1, false);
        out
    }

    #[test]
    fn escape_makes_markup_and_quotes_literal() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & l'été"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; l&#39;été"
        );
    }

    #[test]
    fn hostile_text_is_escaped_inside_and_outside_marks() {
        let text = "a <b>&\"'</b> z";
        let f = finding("PAY001", Severity::Error, text, 2, 8);
        assert_eq!(
            marks(text, &[f]),
            "<div class=\"ln\" data-line=\"1\">a <mark class=\"finding sev-error\" data-code=\"PAY001\" data-sev=\"error\" data-n=\"1\" title=\"PAY001 slug\" id=\"f-1\">&lt;b&gt;&amp;&quot;&#39;</mark>&lt;/b&gt; z</div>"
        );
    }

    #[test]
    fn nested_findings_nest_marks() {
        let text = "0123456789";
        let outer = finding("A001", Severity::Warning, text, 1, 9);
        let inner = finding("B001", Severity::Error, text, 3, 5);
        let html = marks(text, &[outer, inner]);
        assert_eq!(
            strip_attrs(&html),
            "<div>0<mark f-1>12<mark f-2>34</mark>5678</mark>9</div>"
        );
    }

    #[test]
    fn crossing_findings_are_split_and_stay_well_formed() {
        let text = "0123456789";
        let a = finding("A001", Severity::Warning, text, 1, 6);
        let b = finding("B001", Severity::Error, text, 4, 9);
        let html = marks(text, &[a, b]);
        // B is nested in A, then continues after A ends.
        assert_eq!(
            strip_attrs(&html),
            "<div>0<mark f-1>123<mark f-2>45</mark></mark><mark cont-2>678</mark>9</div>"
        );
    }

    #[test]
    fn same_span_twice_gives_each_finding_its_mark() {
        let text = "abc def";
        let a = finding("A001", Severity::Warning, text, 4, 7);
        let b = finding("B001", Severity::Error, text, 4, 7);
        assert_eq!(
            strip_attrs(&marks(text, &[a, b])),
            "<div>abc <mark f-1><mark f-2>def</mark></mark></div>"
        );
    }

    #[test]
    fn marks_are_split_at_line_ends() {
        let text = "ab\ncd\n\nef";
        let f = finding("A001", Severity::Info, text, 1, 8);
        assert_eq!(
            strip_attrs(&marks(text, &[f])),
            "<div>a<mark f-1>b</mark></div>\n<div><mark cont-1>cd</mark></div>\n<div></div>\n<div><mark cont-1>e</mark>f</div>"
        );
    }

    #[test]
    fn a_final_line_break_adds_no_empty_line() {
        let text = "ab\n";
        let f = finding("A001", Severity::Info, text, 0, 3);
        assert_eq!(
            strip_attrs(&marks(text, &[f])),
            "<div><mark f-1>ab</mark></div>"
        );
        assert_eq!(strip_attrs(&marks("\n", &[])), "<div></div>");
        assert_eq!(strip_attrs(&marks("", &[])), "<div></div>");
    }

    #[test]
    fn a_span_starting_on_a_newline_gets_its_id_on_the_next_line() {
        let text = "ab\ncd";
        let f = finding("A001", Severity::Info, text, 2, 5);
        assert_eq!(
            strip_attrs(&marks(text, &[f])),
            "<div>ab</div>\n<div><mark f-1>cd</mark></div>"
        );
    }

    #[test]
    fn empty_and_out_of_range_spans_become_markers() {
        let text = "été";
        let empty = finding("A001", Severity::Info, text, 2, 2);
        let mut beyond = finding("B001", Severity::Info, text, 0, 0);
        beyond.byte_span = [99, 120];
        // 'é' is bytes 0..2: offset 2 is just before 't'; 99 is past the end.
        assert_eq!(
            strip_attrs(&marks(text, &[empty, beyond])),
            "<div>é<mark f-1></mark>té<mark f-2></mark></div>"
        );
    }

    #[test]
    fn markdown_headings_are_flagged() {
        let mut out = String::new();
        highlight_into(&mut out, "## Article 1\ntexte #1\n#hashtag", &[], 1, true);
        assert_eq!(
            out,
            "<div class=\"ln h\" data-line=\"1\">## Article 1</div>\n<div class=\"ln\" data-line=\"2\">texte #1</div>\n<div class=\"ln\" data-line=\"3\">#hashtag</div>"
        );
    }

    #[test]
    fn page_language_follows_the_findings() {
        assert_eq!(page_lang(&[], None), Lang::En);
        assert_eq!(page_lang(&[], Some(Lang::Nl)), Lang::Nl);
    }

    #[test]
    fn csp_hash_is_base64_of_sha256() {
        // echo -n "" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    /// Reads back what `highlight_into` wrote: per finding number, the number of fragments
    /// with an id and the text of all its fragments; plus the whole text. Panics on
    /// misnested tags.
    fn read_back(html: &str) -> (BTreeMap<usize, (usize, String)>, String) {
        let token = regex::Regex::new(r#"<(/?)(mark|div)([^>]*)>|([^<]+)"#).unwrap();
        let n_attr = regex::Regex::new(r#"data-n="(\d+)""#).unwrap();
        let mut stack: Vec<Option<usize>> = Vec::new();
        let mut per: BTreeMap<usize, (usize, String)> = BTreeMap::new();
        let mut all = String::new();
        for c in token.captures_iter(html) {
            if let Some(t) = c.get(4) {
                let t = t
                    .as_str()
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&");
                for n in stack.iter().flatten() {
                    per.get_mut(n).unwrap().1.push_str(&t);
                }
                if !stack.is_empty() {
                    all.push_str(&t);
                } else {
                    assert_eq!(t, "\n", "text outside a line");
                    all.push('\n');
                }
                continue;
            }
            if &c[1] == "/" {
                let open = stack.pop().expect("balanced");
                assert_eq!(open.is_some(), &c[2] == "mark", "misnested");
            } else if &c[2] == "mark" {
                let n: usize = n_attr.captures(&c[3]).unwrap()[1].parse().unwrap();
                let e = per.entry(n).or_default();
                if c[3].contains(" id=") {
                    e.0 += 1;
                }
                stack.push(Some(n));
            } else {
                assert!(stack.is_empty(), "line inside a line");
                stack.push(None);
            }
        }
        assert!(stack.is_empty());
        (per, all)
    }

    proptest::proptest! {
        #[test]
        fn any_spans_give_well_formed_marks_with_one_id_each(
            text in "[ab<&é\n]{0,24}",
            raw in proptest::collection::vec((0usize..30, 0usize..30), 0..6),
        ) {
            let findings: Vec<Finding> = raw
                .iter()
                .map(|&(a, b)| {
                    let mut f = finding("A001", Severity::Error, "", 0, 0);
                    f.byte_span = [a.min(b), a.max(b)];
                    f
                })
                .collect();
            let html = marks(&text, &findings);
            let (per, all) = read_back(&html);
            // The text is all there, in order (a final line break ends the last line unless
            // a marker sits after it).
            proptest::prop_assert!(
                all == text || Some(all.as_str()) == text.strip_suffix('\n'),
                "{:?} shows {:?}", text, all
            );
            for (i, f) in findings.iter().enumerate() {
                let (s, e) = clamp_span(&text, f);
                let (ids, got) = per.get(&(i + 1)).cloned().unwrap_or_default();
                proptest::prop_assert_eq!(ids, 1, "finding {} in {:?}", i + 1, html);
                proptest::prop_assert_eq!(got, text[s..e].replace('\n', ""));
            }
        }
    }

    /// `<mark ... data-n="2" ... id="f-2">` → `<mark f-2>`, continuation → `<mark cont-2>`,
    /// line divs → `<div>`, so expected strings stay readable.
    fn strip_attrs(html: &str) -> String {
        let re = regex::Regex::new(r#"<(mark|div)([^>]*)>"#).unwrap();
        let n = regex::Regex::new(r#"data-n="(\d+)""#).unwrap();
        re.replace_all(html, |c: &regex::Captures<'_>| {
            if &c[1] == "div" {
                return "<div>".to_string();
            }
            let num = &n.captures(&c[2]).unwrap()[1];
            if c[2].contains(" id=") {
                format!("<mark f-{num}>")
            } else {
                format!("<mark cont-{num}>")
            }
        })
        .into_owned()
    }
}
