//! Assembly: a selection file (clause ids + parameter values) becomes numbered
//! general terms for one audience and one language, as Markdown and as data
//! for the Typst layout.
//!
//! Every value in the selection is checked against the clause's parameter
//! types; errors point at the value in the selection file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::UserError;
use crate::model::Source;

use super::param::{self, ParamValue};
use super::spans::{SpanMap, join_index, join_key};
use super::text::{self, Block, Run};
use super::{Clause, DefaultSource, Lang, Library, Localized, Target, closest};

/// The business publishing the terms, named in the header and in the withdrawal form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Legal name with its form, e.g. "Atelier Pixel SRL".
    pub name: String,
    /// Registered office on one line.
    pub address: String,
    /// Enterprise number (BCE/KBO), e.g. "0123.456.749".
    pub enterprise_number: String,
    /// E-mail address for orders, complaints and withdrawals.
    pub email: String,
    /// Telephone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Web site.
    #[serde(default)]
    pub website: Option<String>,
}

impl Provider {
    /// Placeholder values used to check templates when the library loads.
    pub fn sample() -> Provider {
        Provider {
            name: "Example SRL".into(),
            address: "Rue de la Loi 1, 1000 Bruxelles".into(),
            enterprise_number: "0123.456.749".into(),
            email: "info@example.be".into(),
            phone: Some("+32 2 000 00 00".into()),
            website: Some("https://example.be".into()),
        }
    }

    /// The provider named by a workspace's `issuer:` block.
    pub fn from_issuer(issuer: &crate::model::Issuer) -> Provider {
        let a = &issuer.address;
        let mut address = format!("{}, {} {}", a.street, a.postcode, a.city);
        if !a.country.is_belgium() {
            address.push_str(&format!(" ({})", a.country.as_str()));
        }
        Provider {
            name: format!("{} {}", issuer.legal_name, issuer.legal_form)
                .trim()
                .to_string(),
            address,
            enterprise_number: issuer.enterprise_number.to_string(),
            email: issuer.email.clone(),
            phone: Some(issuer.phone.clone()).filter(|p| !p.is_empty()),
            website: issuer.website.clone(),
        }
    }

    /// The provider as template data (same in every language for now).
    pub fn localized(&self, _lang: Lang) -> &Provider {
        self
    }
}

/// Looks up rates that change over time (kept in data/rates.yaml).
pub trait RateBook {
    /// The statutory B2B rate (Law of 2 August 2002) in force on `on`, in percent
    /// per year, with a warning when the value is provisional or unverified.
    fn statutory_rate_b2b(&self, on: NaiveDate) -> Result<(Decimal, Option<String>), UserError>;
}

impl RateBook for crate::latefee::rates::RateTable {
    fn statutory_rate_b2b(&self, on: NaiveDate) -> Result<(Decimal, Option<String>), UserError> {
        let rate = self.b2b_rate_on(on)?;
        Ok((rate.percent, rate.warning))
    }
}

/// A terms selection (`terms/*.yaml`), as written by its user.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "clausier terms selection")]
pub(crate) struct SelectionFile {
    /// Title per language (default: "General terms and conditions").
    #[serde(default)]
    title: Option<Localized>,
    /// b2b or b2c; `--audience` overrides it.
    #[serde(default)]
    audience: Option<Target>,
    /// Version date; it also picks the statutory rate's half-year.
    #[serde(default)]
    #[schemars(schema_with = "crate::model::schema::opt_date")]
    date: Option<NaiveDate>,
    /// Who publishes the terms; by default the workspace's issuer.
    #[serde(default)]
    provider: Option<Provider>,
    /// Values shared by every selected clause that declares the parameter.
    #[serde(default)]
    #[schemars(schema_with = "super::schema::params")]
    params: serde_yaml::Mapping,
    /// Clause ids in article order, each a plain id or `{id, params}`.
    #[schemars(schema_with = "super::schema::entries")]
    clauses: Vec<serde_yaml::Value>,
}

/// A parsed selection file: which clauses, with which values; checked by `assemble`.
#[derive(Debug, Clone)]
pub struct Selection {
    /// File it was read from (shown in errors).
    pub file: PathBuf,
    /// Title per language, overriding "General terms and conditions".
    pub title: Option<Localized>,
    /// Audience declared in the file.
    pub audience: Option<Target>,
    /// Date of this version of the terms.
    pub date: Option<NaiveDate>,
    /// Who publishes the terms.
    pub provider: Option<Provider>,
    shared: Vec<(String, serde_yaml::Value)>,
    entries: Vec<Entry>,
    spans: SpanMap,
}

#[derive(Debug, Clone)]
struct Entry {
    id: String,
    path: String,
    params: Vec<(String, serde_yaml::Value)>,
}

impl Selection {
    /// The clause ids in the order they were selected.
    pub fn ids(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.id.as_str()).collect()
    }

    /// The value written for parameter `name` of clause `id` (the entry's own `params`,
    /// else the shared `params:`) and where it is written; `None` when the selection
    /// leaves the clause's default. `clausier check` compares it with the workspace.
    pub fn written_param(
        &self,
        id: &str,
        name: &str,
    ) -> Option<(&serde_yaml::Value, Option<super::spans::Pos>)> {
        let e = self.entries.iter().find(|e| e.id == id)?;
        if let Some((_, v)) = e.params.iter().find(|(k, _)| k == name) {
            let path = join_key(&join_key(&e.path, "params"), name);
            return Some((v, self.spans.value(&path)));
        }
        let (_, v) = self.shared.iter().find(|(k, _)| k == name)?;
        Some((v, self.spans.value(&join_key("params", name))))
    }

    /// Where clause `id` is listed, when the selection lists it.
    pub fn entry_position(&self, id: &str) -> Option<super::spans::Pos> {
        let e = self.entries.iter().find(|e| e.id == id)?;
        self.spans
            .get(&join_key(&e.path, "id"))
            .map(|s| s.value)
            .or_else(|| self.spans.value(&e.path))
    }

    fn err_value(&self, path: &str, message: impl Into<String>) -> UserError {
        let mut e = UserError::new(message).file(&self.file).field(path);
        if let Some(p) = self.spans.value(path) {
            e = e.at(p.line, p.column);
        }
        e
    }

    fn err_key(&self, path: &str, message: impl Into<String>) -> UserError {
        let mut e = UserError::new(message).file(&self.file).field(path);
        if let Some(p) = self.spans.key(path) {
            e = e.at(p.line, p.column);
        }
        e
    }
}

fn key_string(k: &serde_yaml::Value) -> Option<String> {
    match k {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Parses a selection (`terms.yaml`) from its text; `file` is the path shown in errors.
pub fn parse_selection(file: &Path, src: &str) -> Result<Selection, UserError> {
    let raw: SelectionFile = Source::new(file, src).parse()?;
    let spans = SpanMap::parse(src);
    let mut sel = Selection {
        file: file.to_path_buf(),
        title: raw.title,
        audience: raw.audience,
        date: raw.date,
        provider: raw.provider,
        shared: Vec::new(),
        entries: Vec::new(),
        spans,
    };
    for (k, v) in raw.params {
        let name = key_string(&k)
            .ok_or_else(|| sel.err_key("params", "a parameter name must be a plain word"))?;
        sel.shared.push((name, v));
    }
    for (i, item) in raw.clauses.into_iter().enumerate() {
        let path = join_index("clauses", i);
        let entry = match item {
            serde_yaml::Value::String(id) => Entry {
                id,
                path: path.clone(),
                params: Vec::new(),
            },
            serde_yaml::Value::Mapping(map) => {
                let mut id = None;
                let mut params = Vec::new();
                for (k, v) in map {
                    let key = key_string(&k).unwrap_or_default();
                    match key.as_str() {
                        "id" => match v {
                            serde_yaml::Value::String(s) => id = Some(s),
                            _ => {
                                return Err(sel
                                    .err_value(&join_key(&path, "id"), "a clause id is a text")
                                    .hint("write `id: late-payment-b2b`"));
                            }
                        },
                        "params" => match v {
                            serde_yaml::Value::Mapping(pm) => {
                                for (pk, pv) in pm {
                                    let name = key_string(&pk).ok_or_else(|| {
                                        sel.err_key(
                                            &join_key(&path, "params"),
                                            "a parameter name must be a plain word",
                                        )
                                    })?;
                                    params.push((name, pv));
                                }
                            }
                            serde_yaml::Value::Null => {}
                            _ => {
                                return Err(sel
                                    .err_value(
                                        &join_key(&path, "params"),
                                        "`params` must map parameter names to values",
                                    )
                                    .hint("write `params: {days: 30}`"));
                            }
                        },
                        other => {
                            let mut e = sel.err_key(
                                &join_key(&path, other),
                                format!("unknown field `{other}` in a clause entry"),
                            );
                            e = match closest(other, ["id", "params"]) {
                                Some(b) => e.hint(format!("did you mean `{b}`?")),
                                None => e.hint("a clause entry has `id` and `params`"),
                            };
                            return Err(e);
                        }
                    }
                }
                let id = id.ok_or_else(|| {
                    sel.err_value(&path, "this clause entry has no `id`")
                        .hint("write `- id: late-payment-b2b`")
                })?;
                Entry {
                    id,
                    path: path.clone(),
                    params,
                }
            }
            _ => {
                return Err(sel
                    .err_value(
                        &path,
                        "a clause entry is an id or a map with `id` and `params`",
                    )
                    .hint("write `- withdrawal-b2c` or `- id: payment-b2b` with `params:`"));
            }
        };
        sel.entries.push(entry);
    }
    if sel.entries.is_empty() {
        return Err(sel
            .err_key("clauses", "the selection lists no clauses")
            .hint("list clause ids under `clauses:`; `clausier clauses list` shows them"));
    }
    Ok(sel)
}

/// Reads and parses a selection file.
pub fn load_selection(path: &Path) -> Result<Selection, UserError> {
    let src = std::fs::read_to_string(path).map_err(|e| {
        UserError::new(format!("cannot read the terms selection: {e}"))
            .file(path)
            .hint("give the path of a terms YAML file, e.g. examples/agency/terms/terms-b2c.yaml")
    })?;
    parse_selection(path, &src)
}

/// What the caller decides about one build.
pub struct AssembleOptions<'a> {
    /// Audience; overrides the selection's `audience`.
    pub target: Option<Target>,
    /// Language of the output.
    pub lang: Lang,
    /// Date of the version; overrides the selection's `date`.
    pub date: Option<NaiveDate>,
    /// Provider used when the selection has no `provider:` block (the workspace issuer).
    pub provider: Option<Provider>,
    /// Rates for parameters filled from data files.
    pub rates: &'a dyn RateBook,
}

/// One numbered article.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// 1-based article number.
    pub number: usize,
    /// Clause it comes from.
    pub clause: String,
    /// Heading.
    pub title: String,
    /// Shown in a bold box on page 1.
    pub prominent: bool,
    /// Content.
    pub blocks: Vec<Block>,
}

/// Assembled general terms in one language, ready for Markdown or Typst.
#[derive(Debug, Clone, Serialize)]
pub struct Terms {
    /// Language.
    pub lang: Lang,
    /// Audience.
    pub audience: Target,
    /// Main title.
    pub title: String,
    /// Line under the title: provider and version.
    pub subtitle: String,
    /// Line with the provider's identification.
    pub identification: String,
    /// Who publishes the terms.
    pub provider: Provider,
    /// Heading of the page-1 box, when a clause is prominent.
    pub notice_heading: String,
    /// "See the boxed notice on page 1", in the article's normal place.
    pub notice_pointer: String,
    /// "Article" in the language.
    pub article_label: String,
    /// "Page" in the language.
    pub page_label: String,
    /// Date of this version (YYYY-MM-DD), also the PDF's creation date.
    pub date: Option<NaiveDate>,
    /// The articles in order.
    pub articles: Vec<Article>,
    /// Things the user should check (a provisional statutory rate).
    pub warnings: Vec<String>,
}

fn labels(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Fr => [
            "Conditions générales",
            "applicables aux contrats conclus avec des professionnels",
            "applicables aux contrats conclus avec des consommateurs",
            "Version du",
            "Important – à lire avant de contracter",
            "Cet article figure dans l'encadré en page 1.",
            "Article",
            "Page",
        ],
        Lang::Nl => [
            "Algemene voorwaarden",
            "van toepassing op overeenkomsten met ondernemingen",
            "van toepassing op overeenkomsten met consumenten",
            "Versie van",
            "Belangrijk – lees dit vóór u contracteert",
            "Dit artikel staat in het kader op pagina 1.",
            "Artikel",
            "Pagina",
        ],
        Lang::En => [
            "General terms and conditions",
            "applicable to contracts with business customers",
            "applicable to contracts with consumers",
            "Version of",
            "Important – please read before contracting",
            "This article appears in the box on page 1.",
            "Article",
            "Page",
        ],
    }
}

fn id_label(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Fr => ("BCE", "e-mail"),
        Lang::Nl => ("KBO", "e-mail"),
        Lang::En => ("Enterprise no.", "e-mail"),
    }
}

/// Checks `sel` against the library and renders it for one audience and language.
pub fn assemble(
    lib: &Library,
    sel: &Selection,
    opts: &AssembleOptions<'_>,
) -> Result<Terms, UserError> {
    if let (Some(asked), Some(declared)) = (opts.target, sel.audience)
        && asked != declared
    {
        return Err(sel
            .err_value(
                "audience",
                format!(
                    "these terms are written for {} but {} terms were asked for",
                    declared.code(),
                    asked.code()
                ),
            )
            .hint(format!(
                "pass `--audience {}`, or build the {} terms from their own selection file",
                declared.code(),
                asked.code()
            )));
    }
    let target = opts.target.or(sel.audience).ok_or_else(|| {
        sel.err_key("", "the terms have no audience")
            .hint("pass `--audience b2b` or `--audience b2c`, or add `audience:` to the file")
    })?;
    let date = opts.date.or(sel.date);
    let provider = sel.provider.clone().or_else(|| opts.provider.clone()).ok_or_else(|| {
        sel.err_key("", "the terms do not say who publishes them")
            .hint("add a `provider:` block (name, address, enterprise_number, email) or run inside a workspace")
    })?;

    // Resolve clauses first so an unknown id is reported before any value.
    let mut clauses: Vec<&Clause> = Vec::new();
    for (i, e) in sel.entries.iter().enumerate() {
        let id_path = if e.params.is_empty() && sel.spans.get(&join_key(&e.path, "id")).is_none() {
            e.path.clone()
        } else {
            join_key(&e.path, "id")
        };
        let clause = lib.get(&e.id).ok_or_else(|| {
            let base = lib.unknown(&e.id);
            let mut err = sel.err_value(&id_path, base.message);
            err.hint = base.hint;
            err
        })?;
        if let Some(first) = sel.entries[..i].iter().position(|p| p.id == e.id) {
            return Err(sel
                .err_value(&id_path, format!("clause `{}` is selected twice", e.id))
                .hint(format!("remove one; the first is entry {}", first + 1)));
        }
        if !clause.audience.fits(target) {
            let other = if target == Target::B2b { "b2c" } else { "b2b" };
            let mut err = sel.err_value(
                &id_path,
                format!(
                    "clause `{}` is written for {} but these terms are for {}",
                    e.id,
                    clause.audience.code(),
                    target.code()
                ),
            );
            let twin =
                e.id.replace(&format!("-{other}"), &format!("-{}", target.code()));
            err = if twin != e.id && lib.get(&twin).is_some() {
                err.hint(format!("use `{twin}` instead"))
            } else {
                err.hint(format!("remove it from the {} terms", target.code()))
            };
            return Err(err);
        }
        clauses.push(clause);
    }

    // Shared values must belong to at least one selected clause.
    for (name, _) in &sel.shared {
        if !clauses.iter().any(|c| c.param(name).is_some()) {
            let path = join_key("params", name);
            let all: Vec<&str> = clauses
                .iter()
                .flat_map(|c| c.parameters.iter().map(|p| p.name.as_str()))
                .collect();
            let err = sel.err_key(
                &path,
                format!("unknown parameter `{name}`: no selected clause uses it"),
            );
            return Err(match closest(name, all) {
                Some(b) => err.hint(format!("did you mean `{b}`?")),
                None => err.hint("remove it, or select the clause that uses it"),
            });
        }
    }

    let (title_default, b2b_line, b2c_line, version_label, notice_heading, pointer, art, page) = {
        let l = labels(opts.lang);
        (l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7])
    };

    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    for (n, (e, clause)) in sel.entries.iter().zip(&clauses).enumerate() {
        let mut values: BTreeMap<String, ParamValue> = BTreeMap::new();
        // Per-clause values must be declared by the clause.
        for (name, _) in &e.params {
            if clause.param(name).is_none() {
                let path = join_key(&join_key(&e.path, "params"), name);
                let err = sel.err_key(
                    &path,
                    format!("unknown parameter `{name}` for clause `{}`", clause.id),
                );
                let names = clause.parameters.iter().map(|p| p.name.as_str());
                return Err(match closest(name, names) {
                    Some(b) => err.hint(format!("did you mean `{b}`?")),
                    None if clause.parameters.is_empty() => {
                        err.hint(format!("`{}` takes no parameters", clause.id))
                    }
                    None => err.hint(format!(
                        "`{}` takes {}",
                        clause.id,
                        clause
                            .parameters
                            .iter()
                            .map(|p| format!("`{}`", p.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                });
            }
        }
        for p in &clause.parameters {
            let own = e.params.iter().find(|(k, _)| *k == p.name);
            let shared = sel.shared.iter().find(|(k, _)| *k == p.name);
            let (raw, path) = match (own, shared) {
                (Some((_, v)), _) => (Some(v), join_key(&join_key(&e.path, "params"), &p.name)),
                (None, Some((_, v))) => (Some(v), join_key("params", &p.name)),
                (None, None) => (None, String::new()),
            };
            let value = match raw {
                Some(v) => param::parse_value(p.ty, v, &p.bounds()).map_err(|pb| {
                    sel.err_value(
                        &path,
                        format!("parameter `{}` of `{}`: {}", p.name, clause.id, pb.message),
                    )
                    .hint(pb.hint)
                })?,
                None => match (&p.default, p.default_from) {
                    (Some(d), _) => d.clone(),
                    (None, Some(DefaultSource::StatutoryRateB2b)) => {
                        let on = date.ok_or_else(|| {
                            sel.err_value(
                                &e.path,
                                format!(
                                    "`{}` takes the statutory rate of the terms' date, but the terms have no date",
                                    clause.id
                                ),
                            )
                            .hint("add `date: YYYY-MM-DD` to the file, pass `--date`, or set the parameter")
                        })?;
                        let (rate, warning) = opts.rates.statutory_rate_b2b(on)?;
                        if let Some(w) = warning {
                            warnings.push(format!("{}: {w}", clause.id));
                        }
                        ParamValue::Percent(rate.normalize())
                    }
                    (None, None) => {
                        return Err(sel
                            .err_value(
                                &e.path,
                                format!("clause `{}` needs a value for `{}`", clause.id, p.name),
                            )
                            .hint(format!(
                                "add `params: {{{}: ...}}` ({})",
                                p.name,
                                p.ty.example()
                            )));
                    }
                },
            };
            values.insert(p.name.clone(), value);
        }

        let ctx = text::context(&values, &provider, target, opts.lang);
        let body = text::render(clause, opts.lang, &ctx).map_err(|msg| {
            UserError::new(format!("clause `{}` cannot be rendered: {msg}", clause.id))
                .file(&clause.source)
        })?;
        let mut blocks = text::parse_blocks(&body);
        let paras = blocks
            .iter()
            .filter(|b| matches!(b, Block::Para { .. }))
            .count();
        if paras > 1 {
            let mut k = 0;
            for b in &mut blocks {
                if let Block::Para { number, .. } = b {
                    k += 1;
                    *number = Some(format!("{}.{}", n + 1, k));
                }
            }
        }
        articles.push(Article {
            number: n + 1,
            clause: clause.id.clone(),
            title: clause.title.get(opts.lang).to_string(),
            prominent: clause.prominent && target == Target::B2c,
            blocks,
        });
    }

    let title = sel
        .title
        .as_ref()
        .map(|t| t.get(opts.lang).to_string())
        .unwrap_or_else(|| title_default.to_string());
    let mut subtitle = format!(
        "{} – {}",
        provider.name,
        if target == Target::B2b {
            b2b_line
        } else {
            b2c_line
        }
    );
    if let Some(d) = date {
        subtitle.push_str(&format!(
            " – {version_label} {}",
            param::format_date(d, opts.lang)
        ));
    }
    let (bce, mail) = id_label(opts.lang);
    let mut identification = format!(
        "{}, {} – {bce} {} – {mail} {}",
        provider.name, provider.address, provider.enterprise_number, provider.email
    );
    if let Some(phone) = &provider.phone {
        identification.push_str(&format!(" – {phone}"));
    }
    if let Some(web) = &provider.website {
        identification.push_str(&format!(" – {web}"));
    }
    Ok(Terms {
        lang: opts.lang,
        audience: target,
        title,
        subtitle,
        identification,
        provider,
        notice_heading: notice_heading.into(),
        notice_pointer: pointer.into(),
        article_label: art.into(),
        page_label: page.into(),
        date,
        articles,
        warnings,
    })
}

fn md_runs(runs: &[Run]) -> String {
    runs.iter()
        .map(|r| {
            let t = r.text.trim();
            if r.bold && !t.is_empty() {
                // Keep surrounding spaces, and a closing full stop, outside the markers:
                // Markdown ignores `** x**`, and `site.**` hides the end of a sentence.
                let lead = &r.text[..r.text.len() - r.text.trim_start().len()];
                let trail = &r.text[r.text.trim_end().len()..];
                let core = t.trim_end_matches(['.', ';', ':', ',']);
                let punct = &t[core.len()..];
                if core.is_empty() {
                    format!("{lead}{t}{trail}")
                } else {
                    format!("{lead}**{core}**{punct}{trail}")
                }
            } else {
                r.text.clone()
            }
        })
        .collect()
}

fn quote(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Blocks of an article as Markdown paragraphs, for a document that annexes a single
/// clause (a quote's withdrawal annex) in the words `terms build` prints.
pub fn blocks_markdown(blocks: &[Block]) -> String {
    md_blocks(blocks).join("\n\n")
}

fn md_blocks(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Para { number, runs } => match number {
                Some(n) => format!("**{n}.** {}", md_runs(runs)),
                None => md_runs(runs),
            },
            Block::List { items } => items
                .iter()
                .map(|i| format!("- {}", md_runs(i)))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Boxed { blocks } => quote(&md_blocks(blocks).join("\n\n")),
        })
        .collect()
}

/// The same blocks with every run in bold (the page-1 box of a tacit-renewal clause).
fn all_bold(blocks: &[Block]) -> Vec<Block> {
    let bold = |runs: &[Run]| {
        vec![Run {
            text: runs.iter().map(|r| r.text.as_str()).collect(),
            bold: true,
        }]
    };
    blocks
        .iter()
        .map(|b| match b {
            Block::Para { number, runs } => Block::Para {
                number: number.clone(),
                runs: bold(runs),
            },
            Block::List { items } => Block::List {
                items: items.iter().map(|i| bold(i)).collect(),
            },
            Block::Boxed { blocks } => Block::Boxed {
                blocks: all_bold(blocks),
            },
        })
        .collect()
}

impl Terms {
    /// The heading of an article: "Article 3 – Payment".
    pub fn heading(&self, a: &Article) -> String {
        format!("{} {} – {}", self.article_label, a.number, a.title)
    }

    /// The articles shown in the bold box on page 1, with their text in bold.
    pub fn notice(&self) -> Vec<Article> {
        self.articles
            .iter()
            .filter(|a| a.prominent)
            .map(|a| Article {
                blocks: all_bold(&a.blocks),
                ..a.clone()
            })
            .collect()
    }

    /// The terms as Markdown: numbered articles, numbered paragraphs, the
    /// prominent clauses in a quoted box at the top.
    pub fn to_markdown(&self) -> String {
        let mut parts: Vec<String> = vec![
            format!("# {}", self.title),
            format!("*{}*", self.subtitle),
            self.identification.clone(),
        ];
        let notice = self.notice();
        if !notice.is_empty() {
            let mut inner = vec![format!("**{}**", self.notice_heading)];
            for a in &notice {
                inner.push(format!("**{}**", self.heading(a)));
                inner.extend(md_blocks(&a.blocks));
            }
            parts.push(quote(&inner.join("\n\n")));
        }
        for a in &self.articles {
            parts.push(format!("## {}", self.heading(a)));
            if a.prominent {
                parts.push(format!("*{}*", self.notice_pointer));
            } else {
                parts.extend(md_blocks(&a.blocks));
            }
        }
        let mut out = parts.join("\n\n");
        out.push('\n');
        out
    }
}

/// A clause's text alone, with its default values and placeholders for the
/// provider, for `clausier clauses show`.
pub fn preview(
    clause: &Clause,
    target: Target,
    lang: Lang,
    on: NaiveDate,
    rates: &dyn RateBook,
) -> Result<String, UserError> {
    render_markdown(clause, target, lang, on, rates, None, &BTreeMap::new())
}

/// A clause's text alone as Markdown, for `provider` (placeholders when `None`), with
/// the `chosen` values and defaults for the others: what `clausier audit --suggest`
/// puts into a user's terms.
pub fn render_markdown(
    clause: &Clause,
    target: Target,
    lang: Lang,
    on: NaiveDate,
    rates: &dyn RateBook,
    provider: Option<&Provider>,
    chosen: &BTreeMap<String, ParamValue>,
) -> Result<String, UserError> {
    let mut values = BTreeMap::new();
    for p in &clause.parameters {
        if let Some(v) = chosen.get(&p.name) {
            values.insert(p.name.clone(), v.clone());
            continue;
        }
        let v = match (&p.default, p.default_from) {
            (Some(v), _) => v.clone(),
            (None, Some(DefaultSource::StatutoryRateB2b)) => {
                ParamValue::Percent(rates.statutory_rate_b2b(on)?.0.normalize())
            }
            (None, None) => ParamValue::Text(Localized::same(&format!("[{}]", p.name))),
        };
        values.insert(p.name.clone(), v);
    }
    let placeholder = Provider {
        name: "[provider.name]".into(),
        address: "[provider.address]".into(),
        enterprise_number: "[provider.enterprise_number]".into(),
        email: "[provider.email]".into(),
        phone: None,
        website: None,
    };
    let provider = provider.unwrap_or(&placeholder);
    let ctx = text::context(&values, provider, target, lang);
    let body = text::render(clause, lang, &ctx).map_err(|msg| {
        UserError::new(format!("clause `{}` cannot be rendered: {msg}", clause.id))
            .file(&clause.source)
    })?;
    let mut out = md_blocks(&text::parse_blocks(&body)).join("\n\n");
    out.push('\n');
    Ok(out)
}
