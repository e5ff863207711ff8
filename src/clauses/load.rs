//! Reading clause files: serde for the shape, then checks that need the whole
//! clause (defaults in range, templates that compile, file named after the id),
//! each reported with file:line:column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::error::UserError;
use crate::model::Source;

use super::param::{self, ParamType};
use super::spans::SpanMap;
use super::{
    Audience, Category, Clause, DefaultSource, LANGS, Localized, Param, builtin, closest, text,
};

/// A clause file (`clauses/<id>.yaml`), as written by its author.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "clausier clause")]
pub(crate) struct ClauseFile {
    /// Stable kebab-case id, equal to the file name (e.g. `late-payment-b2b`).
    id: String,
    /// Subject, used to browse the library.
    category: Category,
    /// Who the clause may be offered to: b2b, b2c or both.
    audience: Audience,
    /// Print in a bold box on page 1 (a consumer tacit-renewal clause must be).
    #[serde(default)]
    prominent: bool,
    /// Heading per language.
    title: Localized,
    /// Typed parameters the body uses as `{{ name }}`.
    #[serde(default)]
    parameters: Vec<ParamFile>,
    /// Articles of law the clause follows.
    law: Vec<String>,
    /// Tera template per language: paragraphs, `- ` lists, `> ` boxes, `**bold**`.
    body: Localized,
}

/// One parameter of a clause file.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ParamFile {
    /// snake_case name used in the body and in selections.
    name: String,
    /// amount, percent, days, date, text or choice.
    #[serde(rename = "type")]
    ty: ParamType,
    /// Value used when a selection gives none.
    #[serde(default)]
    #[schemars(schema_with = "super::schema::any_value")]
    default: Option<serde_yaml::Value>,
    /// Default looked up in a data file at build time (`statutory-rate-b2b`).
    #[serde(default)]
    default_from: Option<DefaultSource>,
    /// Lowest allowed value (amount, percent, days).
    #[serde(default)]
    #[schemars(schema_with = "crate::model::schema::opt_decimal")]
    min: Option<Decimal>,
    /// Highest allowed value (amount, percent, days), often the legal maximum.
    #[serde(default)]
    #[schemars(schema_with = "crate::model::schema::opt_decimal")]
    max: Option<Decimal>,
    /// Allowed values of a choice parameter.
    #[serde(default)]
    choices: Vec<String>,
    /// What the parameter means, per language.
    description: Localized,
}

/// Names a template may not use for a parameter: the assembler defines them.
const RESERVED: [&str; 5] = ["provider", "num", "audience", "lang", "loop"];

fn at(file: &Path, spans: &SpanMap, path: &str, key: bool, message: String) -> UserError {
    let pos = if key {
        spans.key(path)
    } else {
        spans.value(path)
    };
    let mut e = UserError::new(message).file(file).field(path);
    if let Some(p) = pos {
        e = e.at(p.line, p.column);
    }
    e
}

/// Parses one clause file; `file` is the path shown in errors.
pub fn parse_clause(file: &Path, text_src: &str) -> Result<Clause, UserError> {
    let raw: ClauseFile = Source::new(file, text_src).parse()?;
    let spans = SpanMap::parse(text_src);

    if raw.id.is_empty()
        || !raw
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || raw.id.starts_with('-')
        || raw.id.ends_with('-')
    {
        return Err(at(
            file,
            &spans,
            "id",
            false,
            format!("clause id `{}` is not kebab-case", raw.id),
        )
        .hint("use lowercase letters, digits and dashes, e.g. `late-payment-b2b`"));
    }
    if let Some(stem) = file.file_stem().and_then(|s| s.to_str())
        && stem != raw.id
    {
        return Err(at(
            file,
            &spans,
            "id",
            false,
            format!("clause id `{}` does not match the file name", raw.id),
        )
        .hint(format!(
            "rename the file to `{}.yaml` or the id to `{stem}`",
            raw.id
        )));
    }
    if raw.law.is_empty() {
        return Err(at(
            file,
            &spans,
            "law",
            true,
            "a clause must cite the law it follows".into(),
        )
        .hint("add at least one citation, e.g. `- \"Code civil, art. 5.89\"`"));
    }

    let mut parameters: Vec<Param> = Vec::new();
    for (i, p) in raw.parameters.into_iter().enumerate() {
        let path = format!("parameters[{i}]");
        if RESERVED.contains(&p.name.as_str())
            || p.name.is_empty()
            || !p
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(at(
                file,
                &spans,
                &format!("{path}.name"),
                false,
                format!("`{}` cannot be a parameter name", p.name),
            )
            .hint(format!(
                "use snake_case letters and digits, not one of {}",
                RESERVED.join(", ")
            )));
        }
        if parameters.iter().any(|q| q.name == p.name) {
            return Err(at(
                file,
                &spans,
                &format!("{path}.name"),
                false,
                format!("parameter `{}` is declared twice", p.name),
            ));
        }
        if p.ty == ParamType::Choice && p.choices.is_empty() {
            return Err(at(
                file,
                &spans,
                &path,
                true,
                format!("choice parameter `{}` lists no choices", p.name),
            )
            .hint("add `choices: [a, b]`"));
        }
        if p.ty != ParamType::Choice && !p.choices.is_empty() {
            return Err(at(
                file,
                &spans,
                &format!("{path}.choices"),
                true,
                format!(
                    "only a choice parameter may list choices, `{}` is {}",
                    p.name, p.ty
                ),
            ));
        }
        if (p.min.is_some() || p.max.is_some())
            && !matches!(
                p.ty,
                ParamType::Amount | ParamType::Percent | ParamType::Days
            )
        {
            return Err(at(
                file,
                &spans,
                &path,
                true,
                format!(
                    "`min`/`max` only apply to amount, percent and days, not {}",
                    p.ty
                ),
            ));
        }
        if let (Some(min), Some(max)) = (p.min, p.max)
            && min > max
        {
            return Err(at(
                file,
                &spans,
                &format!("{path}.min"),
                false,
                format!("min {min} is above max {max}"),
            ));
        }
        if p.default.is_some() && p.default_from.is_some() {
            return Err(at(
                file,
                &spans,
                &format!("{path}.default_from"),
                true,
                "give either `default` or `default_from`, not both".into(),
            ));
        }
        if p.default_from == Some(DefaultSource::StatutoryRateB2b) && p.ty != ParamType::Percent {
            return Err(at(
                file,
                &spans,
                &format!("{path}.default_from"),
                false,
                "`statutory-rate-b2b` fills a percent parameter".into(),
            ));
        }
        let mut param = Param {
            name: p.name,
            ty: p.ty,
            default: None,
            default_from: p.default_from,
            min: p.min,
            max: p.max,
            choices: p.choices,
            description: p.description,
        };
        if let Some(raw_default) = &p.default {
            let value =
                param::parse_value(param.ty, raw_default, &param.bounds()).map_err(|pb| {
                    at(
                        file,
                        &spans,
                        &format!("{path}.default"),
                        false,
                        format!("default of `{}`: {}", param.name, pb.message),
                    )
                    .hint(pb.hint)
                })?;
            param.default = Some(value);
        }
        parameters.push(param);
    }

    let clause = Clause {
        id: raw.id,
        category: raw.category,
        audience: raw.audience,
        prominent: raw.prominent,
        title: raw.title,
        parameters,
        law: raw.law,
        body: raw.body,
        source: file.to_path_buf(),
    };

    // Every body must compile as a template, and use only known names.
    for lang in LANGS {
        let path = format!("body.{}", lang.code());
        text::check_template(&clause, lang).map_err(|msg| {
            at(file, &spans, &path, false, msg)
                .hint("fix the template; parameters are used as {{ name }}")
        })?;
    }
    Ok(clause)
}

/// The clauses available to a workspace: the built-in library plus its own files.
#[derive(Debug, Clone, Default)]
pub struct Library {
    clauses: BTreeMap<String, Clause>,
}

impl Library {
    /// The library embedded in the binary.
    pub fn builtin() -> Result<Library, UserError> {
        let mut lib = Library::default();
        for (name, src) in builtin::BUILTIN {
            let path = PathBuf::from("clauses").join(name);
            let clause = parse_clause(&path, src)?;
            if lib.clauses.contains_key(&clause.id) {
                return Err(
                    UserError::new(format!("clause `{}` is defined twice", clause.id)).file(path),
                );
            }
            lib.clauses.insert(clause.id.clone(), clause);
        }
        Ok(lib)
    }

    /// The built-in library, with the `*.yaml` files of `dir` added or overriding by id.
    pub fn with_dir(dir: &Path) -> Result<Library, UserError> {
        let mut lib = Library::builtin()?;
        if !dir.is_dir() {
            return Ok(lib);
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| UserError::new(format!("cannot read {}: {e}", dir.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        files.sort();
        for path in files {
            let src = std::fs::read_to_string(&path)
                .map_err(|e| UserError::new(format!("cannot read clause file: {e}")).file(&path))?;
            let clause = parse_clause(&path, &src)?;
            lib.clauses.insert(clause.id.clone(), clause);
        }
        Ok(lib)
    }

    /// The clause with this id.
    pub fn get(&self, id: &str) -> Option<&Clause> {
        self.clauses.get(id)
    }

    /// Every clause, by category then id.
    pub fn clauses(&self) -> Vec<&Clause> {
        let mut v: Vec<&Clause> = self.clauses.values().collect();
        v.sort_by(|a, b| (a.category, &a.id).cmp(&(b.category, &b.id)));
        v
    }

    /// Every id, for "did you mean" hints.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.clauses.keys().map(String::as_str)
    }

    /// The error for an id that is not in the library, with the closest id as hint.
    pub fn unknown(&self, id: &str) -> UserError {
        let e = UserError::new(format!("unknown clause `{id}`"));
        match closest(id, self.ids()) {
            Some(best) => e.hint(format!(
                "did you mean `{best}`? (`clausier clauses list` shows all)"
            )),
            None => e.hint("`clausier clauses list` shows the clauses of the library"),
        }
    }
}

/// The generated listing in docs/clauses.md: one section per clause with its parameters and law.
pub fn docs_markdown(lib: &Library) -> String {
    let mut out = String::new();
    out.push_str("# Clause library\n\n");
    out.push_str(
        "<!-- Generated from clauses/*.yaml by `CLAUSIER_UPDATE_DOCS=1 cargo test --test clauses_library`; do not edit. -->\n\n",
    );
    out.push_str(&format!(
        "{} built-in clauses, each written in French, Dutch and English. \
Select them in a terms file and run `clausier terms build`.\n\n",
        lib.clauses.len()
    ));
    out.push_str("| id | category | audience | title (en) |\n|---|---|---|---|\n");
    for c in lib.clauses() {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            c.id,
            c.id,
            c.category,
            c.audience.code(),
            c.title.en
        ));
    }
    for c in lib.clauses() {
        out.push_str(&format!("\n## {}\n\n", c.id));
        out.push_str(&format!(
            "- **Category:** {}\n- **Audience:** {}\n- **Title:** {} / {} / {}\n",
            c.category,
            c.audience.code(),
            c.title.fr,
            c.title.nl,
            c.title.en
        ));
        if c.prominent {
            out.push_str("- **Shown on page 1 in a bold box** (consumer tacit renewal).\n");
        }
        out.push_str("- **Law:**\n");
        for l in &c.law {
            out.push_str(&format!("  - {l}\n"));
        }
        if !c.parameters.is_empty() {
            out.push_str(
                "\n| parameter | type | default | range | meaning |\n|---|---|---|---|---|\n",
            );
            for p in &c.parameters {
                let default = match (&p.default, p.default_from) {
                    (Some(v), _) => format!("`{}`", v.plain()),
                    (None, Some(src)) => format!("from `{}`", src.code()),
                    (None, None) => "required".into(),
                };
                let range = if !p.choices.is_empty() {
                    p.choices.join(", ")
                } else {
                    match (p.min, p.max) {
                        (Some(a), Some(b)) => format!("{a}–{b}"),
                        (Some(a), None) => format!("≥ {a}"),
                        (None, Some(b)) => format!("≤ {b}"),
                        (None, None) => String::new(),
                    }
                };
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} | {} |\n",
                    p.name,
                    p.ty,
                    default,
                    range,
                    p.description.en.replace('|', "\\|")
                ));
            }
        }
    }
    out
}
