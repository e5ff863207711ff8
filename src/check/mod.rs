//! `clausier check`: do the workspace's published terms say what its documents print?
//!
//! An invoice prints a late-payment note (interest rate, flat compensation), a due date
//! (payment term) and the issuer's register (RPM, the court of the seat); a quote prints
//! its validity. The general terms state the same things. When they disagree, the
//! customer gets the reading most favourable to them (art. 5.66 CC, VI.37 CEL) and the
//! business cannot claim what its invoices announce. This module reads the values on
//! both sides and reports every disagreement as an `XDOC` finding located in the terms.
//!
//! Terms come from `terms:` in `clausier.yaml` (default: every `terms/*.yaml`): a
//! selection file is read through the clause library (the value written in the file, or
//! the clause's default), a published text (.md .txt .html .docx .pdf) through the
//! auditor's own number parsing (`audit::checks::conflict::statements`, `penalty_in`).
//! The documents' side comes from the same code the generators use: `late-payment.yaml`
//! through `TermsFor`, the rate table, `Workspace::payment_term_days`, the defaults.

// `UserError` is large but only built on the cold error path.
#![allow(clippy::result_large_err)]

pub mod report;

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::audit::audience::{self, Audience, AudienceChoice, EvidenceKind};
use crate::audit::checks::{conflict, numbers, penalty};
use crate::audit::readers::{self, Format};
use crate::audit::segment;
use crate::clauses::{self, Library, ParamValue, Selection, Target};
use crate::error::UserError;
use crate::latefee::events::LumpSum;
use crate::latefee::invoice::{TermsFor, workspace_late_payment};
use crate::latefee::rates::{HalfYear, RateTable};
use crate::model::{ClientKind, Lang};
use crate::render::format::{money, percent};
use crate::workspace::Workspace;

/// One disagreement between the terms and the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// XDOC001 … XDOC005.
    pub code: &'static str,
    /// Slug of the code, e.g. late-interest-mismatch.
    pub slug: &'static str,
    /// Always "error": a document that contradicts the terms claims what cannot be owed.
    pub severity: &'static str,
    /// Terms file, relative to the workspace root.
    pub file: String,
    /// 1-based line of the value in the terms.
    pub line: usize,
    /// 1-based column (characters) of the value in the terms.
    pub column: usize,
    /// Width of the value, in characters (for the underline).
    pub width: usize,
    /// The value as the terms state it.
    pub terms: String,
    /// The value the documents print.
    pub documents: String,
    /// Where the documents' value comes from (file and field, or the rate table).
    pub documents_source: String,
    /// What disagrees, in the output language, with both values.
    pub message: String,
    /// Which side to fix, in the output language.
    pub hint: String,
    /// The terms line, for the human printer.
    #[serde(skip)]
    pub source_line: String,
}

/// Everything `clausier check` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Workspace root.
    pub workspace: String,
    /// Reference date of the rates compared.
    pub date: NaiveDate,
    /// Terms files compared, relative to the root.
    pub terms: Vec<String>,
    /// Disagreements, per terms file in order.
    pub findings: Vec<Mismatch>,
    /// Things the user should know (a terms file with no audience, a provisional rate).
    pub notes: Vec<String>,
}

/// Where a value sits in a terms file.
#[derive(Debug, Clone)]
struct Place {
    line: usize,
    column: usize,
    width: usize,
    source_line: String,
}

impl Place {
    /// The value starting at 1-based `line`:`column` of `text`, up to the end of the token.
    fn in_yaml(text: &str, line: usize, column: usize) -> Place {
        let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let rest: String = source_line.chars().skip(column.saturating_sub(1)).collect();
        let token = rest.split(" #").next().unwrap_or("").trim_end();
        Place {
            line,
            column,
            width: token.chars().count().max(1),
            source_line: source_line.to_string(),
        }
    }

    /// The byte span `span` of the extracted `text`, mapped to the original file.
    fn in_text(ex: &readers::Extracted, span: std::ops::Range<usize>) -> Place {
        let (line, column) = ex.map.position(&ex.text, span.start);
        let start = crate::audit::sourcemap::floor_char_boundary(&ex.text, span.start);
        let line_start = ex.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = ex.text[start..]
            .find('\n')
            .map_or(ex.text.len(), |i| start + i);
        let end = crate::audit::sourcemap::floor_char_boundary(&ex.text, span.end.min(line_end));
        Place {
            line,
            column,
            width: ex.text[start..end.max(start)].chars().count().max(1),
            source_line: ex.text[line_start..line_end].to_string(),
        }
    }
}

/// A late-payment interest rate, as a rule or as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rate {
    /// The statutory B2B rate of each half-year (Law of 2 August 2002, art. 5).
    Statutory,
    /// The legal interest rate of each year (Law of 5 May 1865).
    Legal,
    /// A fixed annual rate in percent.
    Fixed(Decimal),
}

/// A lump-sum compensation as a function of the unpaid balance.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Compensation {
    /// The same amount whatever the balance (B2B flat 40 EUR).
    Flat(Decimal),
    /// The Book XIX scale written with these amounts (base ≤150, base+% to 500, base+% above, cap).
    Scale {
        small: Decimal,
        medium_base: Decimal,
        medium_percent: Decimal,
        large_base: Decimal,
        large_percent: Decimal,
        cap: Decimal,
    },
    /// A lump sum clause of `late-payment.yaml` (capped by Book XIX on consumer invoices).
    Clause(LumpSum, bool),
}

/// Balances at which two compensation clauses are compared.
const BALANCES: [i64; 5] = [100, 400, 1000, 5000, 60000];

impl Compensation {
    fn at(&self, balance: Decimal, rates: &RateTable) -> Decimal {
        let hundred = Decimal::ONE_HUNDRED;
        let v = match self {
            Compensation::Flat(a) => *a,
            Compensation::Scale {
                small,
                medium_base,
                medium_percent,
                large_base,
                large_percent,
                cap,
            } => {
                let (l150, l500) = (Decimal::from(150), Decimal::from(500));
                if balance <= l150 {
                    *small
                } else if balance <= l500 {
                    *medium_base + (balance - l150) * *medium_percent / hundred
                } else {
                    (*large_base + (balance - l500) * *large_percent / hundred).min(*cap)
                }
            }
            Compensation::Clause(ls, consumer) => {
                let v = ls.amount_in(balance, rates);
                if *consumer {
                    v.min(rates.book_xix_cap(balance))
                } else {
                    v
                }
            }
        };
        v.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }
}

/// What one terms file states, each value with its place.
#[derive(Debug, Default)]
struct Stated {
    interest: Option<(Rate, String, Place)>,
    compensation: Option<(Compensation, String, Place)>,
    payment_days: Option<(u32, String, Place)>,
    validity_days: Option<(u32, String, Place)>,
    court: Option<(String, String, Place)>,
}

/// Options of one run.
pub struct CheckOptions {
    /// Reference date for the statutory and legal rates (`--date`, today at the CLI).
    pub date: NaiveDate,
    /// Output language (default: the workspace's `defaults.language`).
    pub lang: Option<Lang>,
}

/// Compares every terms file of `ws` with what its documents print.
pub fn check(ws: &Workspace, opts: &CheckOptions) -> Result<CheckReport, UserError> {
    let lang = opts.lang.unwrap_or(ws.config.defaults.language);
    let rates = RateTable::embedded();
    let lib = Library::with_dir(&ws.root.join("clauses"))?;
    let files = terms_files(ws)?;
    let mut report = CheckReport {
        workspace: ws.root.display().to_string(),
        date: opts.date,
        terms: Vec::new(),
        findings: Vec::new(),
        notes: Vec::new(),
    };
    if files.is_empty() {
        report.notes.push(
            "no terms to compare: add `terms:` to clausier.yaml or selection files under terms/"
                .into(),
        );
    }
    for path in files {
        let shown = path
            .strip_prefix(&ws.root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let is_selection = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml"));
        let (target, stated) = if is_selection {
            let sel = clauses::load_selection(&path)?;
            let Some(target) = sel.audience else {
                report.notes.push(format!(
                    "{shown}: no `audience:`, so it cannot be compared with documents for businesses or consumers"
                ));
                continue;
            };
            let stated = from_selection(&sel, &lib, target, lang, opts.date, rates)?;
            (target, stated)
        } else {
            let (target, stated, note) = from_text(&path, opts.date, rates)?;
            if let Some(n) = note {
                report.notes.push(format!("{shown}: {n}"));
            }
            (target, stated)
        };
        report.terms.push(shown.clone());
        let before = report.findings.len();
        compare(
            ws,
            &shown,
            target,
            &stated,
            lang,
            opts.date,
            rates,
            &mut report,
        )?;
        report.findings[before..].sort_by_key(|f| (f.line, f.column));
    }
    Ok(report)
}

/// The terms files of the workspace: `terms:` in clausier.yaml, else `terms/*.yaml`.
pub fn terms_files(ws: &Workspace) -> Result<Vec<PathBuf>, UserError> {
    if !ws.config.terms.is_empty() {
        let mut out = Vec::new();
        for (i, p) in ws.config.terms.iter().enumerate() {
            let field = format!("terms[{i}]");
            let path = ws.resolve_path(p, &ws.config_source, &field)?;
            if !path.is_file() {
                return Err(ws
                    .config_source
                    .error(&field, format!("terms file `{}` not found", p.display()))
                    .hint("list selection files (terms/*.yaml) or published terms (.md, .txt, .html, .docx, .pdf), relative to the workspace root"));
            }
            out.push(path);
        }
        return Ok(out);
    }
    let dir = ws.root.join("terms");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e == "yaml" || e == "yml")
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The resolved value of parameter `name` of clause `id` in `sel`, with its place: the
/// value written in the file, else the clause's default (placed on the clause entry).
fn param(
    sel: &Selection,
    src: &str,
    lib: &Library,
    id: &str,
    name: &str,
) -> Result<Option<(Option<ParamValue>, Place)>, UserError> {
    let Some(entry) = sel.entry_position(id) else {
        return Ok(None);
    };
    let Some(clause) = lib.get(id) else {
        return Ok(None);
    };
    let Some(p) = clause.param(name) else {
        return Ok(None);
    };
    match sel.written_param(id, name) {
        Some((raw, pos)) => {
            let value = clauses::param::parse_value(p.ty, raw, &p.bounds()).map_err(|pb| {
                let pos = pos.unwrap_or(entry);
                UserError::new(format!("parameter `{name}` of `{id}`: {}", pb.message))
                    .file(&sel.file)
                    .at(pos.line, pos.column)
                    .hint(pb.hint)
            })?;
            let pos = pos.unwrap_or(entry);
            Ok(Some((
                Some(value),
                Place::in_yaml(src, pos.line, pos.column),
            )))
        }
        None => Ok(Some((
            p.default.clone(),
            Place::in_yaml(src, entry.line, entry.column),
        ))),
    }
}

fn decimal_of(v: &Option<ParamValue>) -> Option<Decimal> {
    match v {
        Some(ParamValue::Amount(d) | ParamValue::Percent(d)) => Some(*d),
        Some(ParamValue::Days(n)) => Some(Decimal::from(*n)),
        _ => None,
    }
}

fn days_of(v: &Option<ParamValue>) -> Option<u32> {
    match v {
        Some(ParamValue::Days(n)) => Some(*n),
        _ => None,
    }
}

/// What a selection file states, read through the clause library.
fn from_selection(
    sel: &Selection,
    lib: &Library,
    target: Target,
    lang: Lang,
    date: NaiveDate,
    rates: &RateTable,
) -> Result<Stated, UserError> {
    let src = std::fs::read_to_string(&sel.file)
        .map_err(|e| UserError::new(format!("cannot read: {e}")).file(&sel.file))?;
    let mut st = Stated::default();
    if target == Target::B2b {
        if let Some((v, place)) = param(sel, &src, lib, "late-payment-b2b", "rate")? {
            let (rate, shown) = match decimal_of(&v) {
                Some(d) => (Rate::Fixed(d), percent(d, lang)),
                None => (Rate::Statutory, statutory_words(lang, date, rates)),
            };
            st.interest = Some((rate, shown, place));
        }
        if let Some((v, place)) = param(sel, &src, lib, "late-payment-b2b", "flat_compensation")?
            && let Some(d) = decimal_of(&v)
        {
            st.compensation = Some((Compensation::Flat(d), money(d, lang), place));
        }
        if let Some((v, place)) = param(sel, &src, lib, "payment-b2b", "days")?
            && let Some(n) = days_of(&v)
        {
            st.payment_days = Some((n, days_words(n, lang), place));
        }
        if let Some((v, place)) = param(sel, &src, lib, "jurisdiction-b2b", "court")?
            && let Some(ParamValue::Text(t)) = v
        {
            let shown = t.get(lang).to_string();
            st.court = Some((conflict::city(&t.fr), shown, place));
        }
    } else {
        if let Some(pos) = sel.entry_position("late-payment-b2c") {
            // The consumer clause always states the legal interest rate (Book XIX).
            let place = Place::in_yaml(&src, pos.line, pos.column);
            st.interest = Some((Rate::Legal, legal_words(lang, date, rates), place.clone()));
            let get = |name: &str| -> Result<Option<(Decimal, Place)>, UserError> {
                Ok(param(sel, &src, lib, "late-payment-b2c", name)?
                    .and_then(|(v, p)| decimal_of(&v).map(|d| (d, p))))
            };
            let names = [
                "fee_small",
                "fee_medium_base",
                "fee_medium_percent",
                "fee_large_base",
                "fee_large_percent",
                "fee_cap",
            ];
            let mut vals = Vec::new();
            let mut written: Option<Place> = None;
            for n in names {
                if let Some((d, p)) = get(n)? {
                    if sel.written_param("late-payment-b2c", n).is_some() && written.is_none() {
                        written = Some(p);
                    }
                    vals.push(d);
                }
            }
            if let [
                small,
                medium_base,
                medium_percent,
                large_base,
                large_percent,
                cap,
            ] = vals[..]
            {
                let c = Compensation::Scale {
                    small,
                    medium_base,
                    medium_percent,
                    large_base,
                    large_percent,
                    cap,
                };
                let shown = scale_words(&c, lang);
                st.compensation = Some((c, shown, written.unwrap_or_else(|| place.clone())));
            }
        }
        if let Some((v, place)) = param(sel, &src, lib, "payment-b2c", "days")?
            && let Some(n) = days_of(&v)
        {
            st.payment_days = Some((n, days_words(n, lang), place));
        }
    }
    if let Some((v, place)) = param(sel, &src, lib, "order-acceptance", "validity_days")?
        && let Some(n) = days_of(&v)
    {
        st.validity_days = Some((n, days_words(n, lang), place));
    }
    Ok(st)
}

/// What a published terms text states, read with the auditor's number parsing.
fn from_text(
    path: &Path,
    date: NaiveDate,
    rates: &RateTable,
) -> Result<(Target, Stated, Option<String>), UserError> {
    let bytes =
        std::fs::read(path).map_err(|e| UserError::new(format!("cannot read: {e}")).file(path))?;
    let ex = readers::read(&bytes, Format::from_path(path)).map_err(|e| {
        UserError::new(e.to_string())
            .file(path)
            .hint("list terms the auditor can read: .md, .txt, .html, .docx or .pdf")
    })?;
    // The auditor reads silence as "consumers too" (stricter rules); here the audience
    // picks the documents to compare with, so only what the text says counts.
    let decision = audience::detect(&ex.text, AudienceChoice::Auto);
    let says = |k: EvidenceKind| decision.evidence.iter().any(|e| e.kind == k);
    let (target, note) = if decision.audience == Audience::B2b {
        (Target::B2b, None)
    } else if says(EvidenceKind::Consumer) || says(EvidenceKind::OnlineSales) {
        (Target::B2c, None)
    } else {
        (
            Target::B2b,
            Some(
                "the terms do not say whom they address; compared with the documents for business clients"
                    .to_string(),
            ),
        )
    };
    let seg = segment::segment(&ex.text);
    let legal = rates
        .legal_rate_for_year(date.year())
        .map(|r| r.percent)
        .unwrap_or_default();
    let b2b = rates
        .b2b_rate_on(date)
        .map(|r| r.percent)
        .unwrap_or_default();
    let found = conflict::statements(&ex.text, seg.clauses.iter(), legal, b2b);
    let mut st = Stated::default();
    let first = |k: usize| found[k].first();
    if let Some(s) = first(conflict::INTEREST)
        && let Ok(d) = s.value.parse::<Decimal>()
    {
        st.interest = Some((
            Rate::Fixed(d),
            s.shown.clone(),
            Place::in_text(&ex, s.span.clone()),
        ));
    }
    if let Some(s) = first(conflict::PAYMENT_DAYS)
        && let Ok(n) = s.value.parse::<u32>()
    {
        st.payment_days = Some((n, s.shown.clone(), Place::in_text(&ex, s.span.clone())));
    }
    if let Some(s) = first(conflict::VALIDITY_DAYS)
        && let Ok(n) = s.value.parse::<u32>()
    {
        st.validity_days = Some((n, s.shown.clone(), Place::in_text(&ex, s.span.clone())));
    }
    if let Some(s) = first(conflict::COURT_CITY) {
        st.court = Some((
            s.value.clone(),
            s.shown.clone(),
            Place::in_text(&ex, s.span.clone()),
        ));
    }
    // A flat compensation (no percentage): the B2B 40 EUR of the 2002 Law.
    'outer: for c in &seg.clauses {
        for sentence in numbers::sentences(&ex.text, c.span.clone()) {
            if let Some(p) = penalty::penalty_in(&ex.text, sentence)
                && p.percent.is_none()
                && p.fixed > Decimal::ZERO
                && p.min.is_none()
                && p.max.is_none()
            {
                let place = Place::in_text(&ex, p.span.clone());
                let shown = ex.text[p.span.clone()].to_string();
                st.compensation = Some((Compensation::Flat(p.fixed), shown, place));
                break 'outer;
            }
        }
    }
    Ok((target, st, note))
}

fn days_words(n: u32, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{n} jours"),
        Lang::Nl => format!("{n} dagen"),
        Lang::En => format!("{n} days"),
    }
}

fn half_words(half: HalfYear, lang: Lang) -> String {
    match (lang, half.half) {
        (Lang::Fr, 1) => format!("1er semestre {}", half.year),
        (Lang::Fr, _) => format!("2e semestre {}", half.year),
        (Lang::Nl, 1) => format!("1e semester {}", half.year),
        (Lang::Nl, _) => format!("2e semester {}", half.year),
        (Lang::En, 1) => format!("first half of {}", half.year),
        (Lang::En, _) => format!("second half of {}", half.year),
    }
}

fn statutory_words(lang: Lang, date: NaiveDate, rates: &RateTable) -> String {
    let half = HalfYear::of(date);
    let pc = rates
        .b2b_rate_for(half)
        .map(|r| percent(r.percent, lang))
        .unwrap_or_else(|_| "?".into());
    let h = half_words(half, lang);
    match lang {
        Lang::Fr => format!("taux de la loi du 2 août 2002 ({pc} l'an au {h})"),
        Lang::Nl => format!("rentevoet van de wet van 2 augustus 2002 ({pc} per jaar in het {h})"),
        Lang::En => format!("rate of the Law of 2 August 2002 ({pc} a year in the {h})"),
    }
}

fn legal_words(lang: Lang, date: NaiveDate, rates: &RateTable) -> String {
    let y = date.year();
    let pc = rates
        .legal_rate_for_year(y)
        .map(|r| percent(r.percent, lang))
        .unwrap_or_else(|_| "?".into());
    match lang {
        Lang::Fr => format!("taux d'intérêt légal ({pc} en {y})"),
        Lang::Nl => format!("wettelijke interestvoet ({pc} in {y})"),
        Lang::En => format!("legal interest rate ({pc} in {y})"),
    }
}

fn fixed_words(d: Decimal, lang: Lang) -> String {
    let pc = percent(d, lang);
    match lang {
        Lang::Fr => format!("{pc} l'an"),
        Lang::Nl => format!("{pc} per jaar"),
        Lang::En => format!("{pc} a year"),
    }
}

fn scale_words(c: &Compensation, lang: Lang) -> String {
    let rates = RateTable::embedded();
    let parts: Vec<String> = BALANCES
        .iter()
        .map(|b| {
            let b = Decimal::from(*b);
            format!("{} → {}", money(b, lang), money(c.at(b, rates), lang))
        })
        .collect();
    parts.join(", ")
}

/// The rate a rule means on `date`, for comparing numbers.
fn rate_on(r: Rate, date: NaiveDate, rates: &RateTable) -> Option<Decimal> {
    match r {
        Rate::Fixed(d) => Some(d),
        Rate::Statutory => rates.b2b_rate_on(date).ok().map(|r| r.percent),
        Rate::Legal => rates
            .legal_rate_for_year(date.year())
            .ok()
            .map(|r| r.percent),
    }
}

#[allow(clippy::too_many_arguments)]
fn push(
    report: &mut CheckReport,
    code: &'static str,
    file: &str,
    place: &Place,
    terms: String,
    documents: String,
    documents_source: String,
    lang: Lang,
) {
    let (slug, what, hint) = texts(code, lang);
    let message = match lang {
        Lang::Fr => format!(
            "{what} : les conditions disent « {terms} », les documents impriment « {documents} »."
        ),
        Lang::Nl => format!(
            "{what}: de voorwaarden zeggen \"{terms}\", de documenten drukken \"{documents}\" af."
        ),
        Lang::En => {
            format!("{what}: the terms say \"{terms}\", the documents print \"{documents}\".")
        }
    };
    report.findings.push(Mismatch {
        code,
        slug,
        severity: "error",
        file: file.to_string(),
        line: place.line,
        column: place.column,
        width: place.width,
        terms,
        documents,
        documents_source,
        message,
        hint,
        source_line: place.source_line.clone(),
    });
}

/// Slug, subject and hint of each code, in `lang`.
fn texts(code: &str, lang: Lang) -> (&'static str, String, String) {
    let (slug, [fr, nl, en], [hfr, hnl, hen]) = match code {
        "XDOC001" => (
            "late-interest-mismatch",
            [
                "Intérêt de retard",
                "Verwijlintrest",
                "Late-payment interest",
            ],
            [
                "alignez les deux : changez le taux dans les conditions, ou la clause de late-payment.yaml qui fait la note des factures ; faites ensuite relire l'article",
                "breng beide in overeenstemming: wijzig de rentevoet in de voorwaarden, of het beding in late-payment.yaml dat de nota op de facturen maakt; laat het artikel daarna nalezen",
                "make both say the same: change the rate in the terms, or the clause in late-payment.yaml that writes the invoice note; then have the article proofread",
            ],
        ),
        "XDOC002" => (
            "compensation-mismatch",
            [
                "Indemnité forfaitaire",
                "Forfaitaire schadevergoeding",
                "Flat compensation",
            ],
            [
                "alignez l'indemnité des conditions sur celle des factures (40 EUR entre entreprises, barème du Livre XIX pour les consommateurs), ou corrigez late-payment.yaml",
                "breng de vergoeding in de voorwaarden in lijn met die op de facturen (40 EUR tussen ondernemingen, schaal van Boek XIX voor consumenten), of verbeter late-payment.yaml",
                "align the terms' compensation with the invoices' (40 EUR between businesses, the Book XIX scale for consumers), or correct late-payment.yaml",
            ],
        ),
        "XDOC003" => (
            "payment-term-mismatch",
            ["Délai de paiement", "Betalingstermijn", "Payment term"],
            [
                "changez le délai dans les conditions ou dans le fichier cité (payment_term_days), pour que les échéances des factures suivent les conditions",
                "wijzig de termijn in de voorwaarden of in het vermelde bestand (payment_term_days), zodat de vervaldagen op de facturen de voorwaarden volgen",
                "change the term in the terms or in the file cited (payment_term_days), so that invoice due dates follow the terms",
            ],
        ),
        "XDOC004" => (
            "quote-validity-mismatch",
            [
                "Validité des devis",
                "Geldigheid van offertes",
                "Quote validity",
            ],
            [
                "changez la validité dans les conditions (order-acceptance) ou defaults.quote_validity_days dans clausier.yaml",
                "wijzig de geldigheid in de voorwaarden (order-acceptance) of defaults.quote_validity_days in clausier.yaml",
                "change the validity in the terms (order-acceptance) or defaults.quote_validity_days in clausier.yaml",
            ],
        ),
        _ => (
            "jurisdiction-mismatch",
            [
                "Tribunal compétent",
                "Bevoegde rechtbank",
                "Competent court",
            ],
            [
                "nommez dans les conditions les tribunaux du siège (ceux du RPM imprimé sur les documents), ou corrigez issuer.rpm dans clausier.yaml",
                "vermeld in de voorwaarden de rechtbanken van de zetel (die van het RPR op de documenten), of verbeter issuer.rpm in clausier.yaml",
                "name the courts of the seat in the terms (those of the RPM/RPR printed on the documents), or correct issuer.rpm in clausier.yaml",
            ],
        ),
    };
    let (what, hint) = match lang {
        Lang::Fr => (fr, hfr),
        Lang::Nl => (nl, hnl),
        Lang::En => (en, hen),
    };
    (slug, what.to_string(), hint.to_string())
}

/// Compares one terms file with the documents for its audience.
#[allow(clippy::too_many_arguments)]
fn compare(
    ws: &Workspace,
    file: &str,
    target: Target,
    st: &Stated,
    lang: Lang,
    date: NaiveDate,
    rates: &RateTable,
    report: &mut CheckReport,
) -> Result<(), UserError> {
    let kind = match target {
        Target::B2b => ClientKind::B2b,
        Target::B2c => ClientKind::B2c,
    };
    let late = workspace_late_payment(ws)?;
    let clause = late.terms_for(kind);
    let lp = crate::latefee::invoice::TERMS_FILE;
    let side = if kind == ClientKind::B2b {
        "b2b"
    } else {
        "b2c"
    };

    // XDOC001: the rate the invoice note prints (see latefee::note::invoice_note).
    if let Some((rate, shown, place)) = &st.interest {
        let (doc_rate, doc_shown, doc_src) = match (kind, clause.interest_percent) {
            (_, Some(p)) => (
                Some(Rate::Fixed(p)),
                fixed_words(p, lang),
                format!("{lp}: {side}.interest_percent"),
            ),
            (_, None) if clause.interest_at_legal_rate => (
                Some(Rate::Legal),
                legal_words(lang, date, rates),
                format!("{lp}: {side}.interest_at_legal_rate"),
            ),
            (ClientKind::B2b, None) => (
                Some(Rate::Statutory),
                statutory_words(lang, date, rates),
                "data/rates.yaml".to_string(),
            ),
            (ClientKind::B2c, None) => (
                None,
                match lang {
                    Lang::Fr => "aucun intérêt".to_string(),
                    Lang::Nl => "geen interest".to_string(),
                    Lang::En => "no interest".to_string(),
                },
                format!("{lp}: {side}"),
            ),
        };
        let same = match doc_rate {
            Some(d) => rate_on(*rate, date, rates) == rate_on(d, date, rates),
            None => false,
        };
        if !same {
            push(
                report,
                "XDOC001",
                file,
                place,
                shown.clone(),
                doc_shown,
                doc_src,
                lang,
            );
        }
    }

    // XDOC002: the compensation the invoice note prints.
    if let Some((comp, shown, place)) = &st.compensation {
        let (doc, doc_src) = match kind {
            ClientKind::B2b => (
                Some(Compensation::Flat(rates.flat_compensation().amount)),
                "data/rates.yaml: flat_compensation".to_string(),
            ),
            ClientKind::B2c => (
                clause
                    .lump_sum
                    .clone()
                    .map(|ls| Compensation::Clause(ls, true)),
                format!("{lp}: b2c.lump_sum"),
            ),
        };
        let differs = match &doc {
            Some(d) => BALANCES.iter().find(|b| {
                let b = Decimal::from(**b);
                comp.at(b, rates) != d.at(b, rates)
            }),
            None => Some(&BALANCES[0]),
        };
        if differs.is_some() {
            let doc_shown = match (&doc, comp) {
                (Some(Compensation::Flat(a)), _) => money(*a, lang),
                (Some(d), _) => scale_words(d, lang),
                (None, _) => match lang {
                    Lang::Fr => "aucune indemnité".to_string(),
                    Lang::Nl => "geen schadevergoeding".to_string(),
                    Lang::En => "no compensation".to_string(),
                },
            };
            let terms_shown = match comp {
                Compensation::Flat(_) => shown.clone(),
                _ => scale_words(comp, lang),
            };
            push(
                report,
                "XDOC002",
                file,
                place,
                terms_shown,
                doc_shown,
                doc_src,
                lang,
            );
        }
    }

    // XDOC003: the term each client of this audience gets on its invoices.
    if let Some((days, shown, place)) = &st.payment_days {
        let mut checked = false;
        for client in ws.clients.values().filter(|c| c.kind == kind) {
            checked = true;
            let term = ws.payment_term_days(client);
            if term != *days {
                let (src, field) = ws.payment_term_origin(client);
                push(
                    report,
                    "XDOC003",
                    file,
                    place,
                    shown.clone(),
                    days_words(term, lang),
                    located(ws, src, field),
                    lang,
                );
            }
        }
        let default = ws.config.defaults.payment_term_days;
        if !checked && default != *days {
            push(
                report,
                "XDOC003",
                file,
                place,
                shown.clone(),
                days_words(default, lang),
                located(ws, &ws.config_source, "defaults.payment_term_days"),
                lang,
            );
        }
    }

    // XDOC004: the validity printed on quotes that name no `valid_until`.
    if let Some((days, shown, place)) = &st.validity_days {
        let default = ws.config.defaults.quote_validity_days;
        if default != *days {
            push(
                report,
                "XDOC004",
                file,
                place,
                shown.clone(),
                days_words(default, lang),
                located(ws, &ws.config_source, "defaults.quote_validity_days"),
                lang,
            );
        }
    }

    // XDOC005: the court of the seat, printed as the RPM/RPR on every document.
    if let Some((city, shown, place)) = &st.court {
        let issuer = &ws.config.issuer;
        let (seat, field) = match &issuer.rpm {
            Some(rpm) => (rpm_city(rpm), "issuer.rpm"),
            None => (issuer.address.city.clone(), "issuer.address.city"),
        };
        if !seat.is_empty() && conflict::city(&seat) != *city {
            let printed = issuer.rpm.clone().unwrap_or(seat);
            push(
                report,
                "XDOC005",
                file,
                place,
                shown.clone(),
                printed,
                located(ws, &ws.config_source, field),
                lang,
            );
        }
    }
    Ok(())
}

/// The city of an RPM/RPR mention: "RPM Bruxelles" → "Bruxelles",
/// "RPR Gent, afdeling Brugge" → "Gent".
fn rpm_city(rpm: &str) -> String {
    let words: Vec<&str> = rpm
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .filter(|w| {
            let u = w.to_ascii_uppercase();
            !matches!(
                u.as_str(),
                "RPM" | "RPR" | "RPM/RPR" | "RPR/RPM" | "RLE" | "TRIBUNAL" | "DE" | "L'ENTREPRISE"
            )
        })
        .collect();
    words.first().map(|w| w.to_string()).unwrap_or_default()
}

/// "clients/x.yaml:12:20 payment_term_days", relative to the workspace root.
fn located(ws: &Workspace, src: &crate::model::Source, field: &str) -> String {
    let path = src.path.strip_prefix(&ws.root).unwrap_or(&src.path);
    match src.locate(field) {
        Some((l, c)) => format!("{}:{l}:{c} {field}", path.display()),
        None => format!("{} {field}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rpm_names_the_city_of_the_court() {
        assert_eq!(rpm_city("RPM Bruxelles"), "Bruxelles");
        assert_eq!(rpm_city("RPR Gent, afdeling Brugge"), "Gent");
    }

    #[test]
    fn book_xix_scale_written_out_matches_the_rate_table() {
        let rates = RateTable::embedded();
        let scale = Compensation::Scale {
            small: Decimal::from(20),
            medium_base: Decimal::from(30),
            medium_percent: Decimal::from(10),
            large_base: Decimal::from(65),
            large_percent: Decimal::from(5),
            cap: Decimal::from(2000),
        };
        let table = Compensation::Clause(
            LumpSum {
                book_xix_scale: true,
                ..Default::default()
            },
            true,
        );
        for b in BALANCES {
            let b = Decimal::from(b);
            assert_eq!(scale.at(b, rates), table.at(b, rates), "balance {b}");
        }
    }
}
