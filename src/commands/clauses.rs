//! Browse the clause library and assemble general terms.
//!
//! `clausier clauses list|show` read the library (built-in plus the workspace's
//! `clauses/`); `clausier terms build` turns a selection file into numbered
//! general terms, written as Markdown and PDF under `out/terms/`.

// UserError is large by design (file, position, field, hint); errors are the cold path.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::NaiveDate;

use super::Globals;
use crate::clauses::{
    self, AssembleOptions, Audience, Category, Clause, LANGS, Lang, Library, Provider, Target,
    Terms,
};
use crate::error::UserError;
use crate::latefee::rates::RateTable;
use crate::workspace::{Workspace, find_root};

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum ClausesArgs {
    /// Browse the clause library.
    Clauses {
        /// What to do with the library.
        #[command(subcommand)]
        cmd: ClausesCmd,
    },
    /// Assemble general terms from a selection of clauses.
    Terms {
        /// What to do with the terms.
        #[command(subcommand)]
        cmd: TermsCmd,
    },
}

/// `clausier clauses …`
#[derive(Debug, clap::Subcommand)]
pub enum ClausesCmd {
    /// List the clauses, optionally of one category or audience.
    List {
        /// Only this category (e.g. late-payment, withdrawal).
        #[arg(long)]
        category: Option<String>,
        /// Only clauses usable for this audience (b2b or b2c; `both` clauses are included).
        #[arg(long)]
        audience: Option<Target>,
        /// Language of the titles.
        #[arg(long, value_parser = parse_lang, default_value = "en")]
        lang: Lang,
    },
    /// Show one clause: its parameters, its law and its text with the default values.
    Show {
        /// Clause id, e.g. withdrawal-b2c.
        id: String,
        /// Language of the text.
        #[arg(long, value_parser = parse_lang, default_value = "en")]
        lang: Lang,
        /// Audience the text is shown for (a `both` clause may differ per audience).
        #[arg(long)]
        audience: Option<Target>,
        /// Date whose statutory rates fill rate parameters (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
    },
}

/// `clausier terms …`
#[derive(Debug, clap::Subcommand)]
pub enum TermsCmd {
    /// Assemble general terms from a selection file into Markdown and PDF.
    Build {
        /// Selection file: clause ids and parameter values.
        file: PathBuf,
        /// Audience (overrides the file's `audience:`).
        #[arg(long)]
        audience: Option<Target>,
        /// Languages, comma-separated (default: fr,nl,en).
        #[arg(long, value_parser = parse_lang, value_delimiter = ',')]
        lang: Vec<Lang>,
        /// Output directory, or a file path for a single language (default: out/terms/).
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: Option<PathBuf>,
        /// Version date of the terms (overrides the file's `date:`; default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
        /// Write only the Markdown, not the PDF.
        #[arg(long)]
        no_pdf: bool,
        /// Keep the generated Typst sources next to the PDF, for debugging.
        #[arg(long)]
        emit_typst: bool,
    },
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "fr" => Ok(Lang::Fr),
        "nl" => Ok(Lang::Nl),
        "en" => Ok(Lang::En),
        other => Err(format!("unknown language `{other}`; use fr, nl or en")),
    }
}

/// Runs one subcommand of the group.
pub fn run(args: &ClausesArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    match args {
        ClausesArgs::Clauses { cmd } => match cmd {
            ClausesCmd::List {
                category,
                audience,
                lang,
            } => {
                let lib = library(globals)?;
                print!("{}", list(&lib, category.as_deref(), *audience, *lang)?);
                Ok(ExitCode::SUCCESS)
            }
            ClausesCmd::Show {
                id,
                lang,
                audience,
                date,
            } => {
                let lib = library(globals)?;
                let on = date.unwrap_or_else(|| chrono::Local::now().date_naive());
                print!("{}", show(&lib, id, *lang, *audience, on)?);
                Ok(ExitCode::SUCCESS)
            }
        },
        ClausesArgs::Terms { cmd } => match cmd {
            TermsCmd::Build {
                file,
                audience,
                lang,
                output,
                date,
                no_pdf,
                emit_typst,
            } => {
                let ws = workspace(globals, Some(file))?;
                let lib = library_for(ws.as_ref())?;
                let provider = ws.as_ref().map(|w| Provider::from_issuer(&w.config.issuer));
                let root = ws
                    .as_ref()
                    .map(|w| w.root.clone())
                    .unwrap_or_else(|| PathBuf::from("."));
                let langs = if lang.is_empty() {
                    LANGS.to_vec()
                } else {
                    lang.clone()
                };
                let sel = clauses::load_selection(file)?;
                let today = chrono::Local::now().date_naive();
                let date = date.or(sel.date).or(Some(today));
                let stem = file
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("terms")
                    .to_string();
                // Assemble every language before writing any, so an error leaves out/ untouched.
                let mut built = Vec::new();
                for l in &langs {
                    let opts = AssembleOptions {
                        target: *audience,
                        lang: *l,
                        date,
                        provider: provider.clone(),
                        rates: RateTable::embedded(),
                    };
                    built.push(clauses::assemble(&lib, &sel, &opts)?);
                }
                if let Some(first) = built.first() {
                    for w in &first.warnings {
                        eprintln!("warning: {w}");
                    }
                }
                // A workspace's templates/terms.typ replaces the built-in layout.
                let template = match &ws {
                    Some(w) if w.root.join("templates/terms.typ").is_file() => {
                        let path = w.root.join("templates/terms.typ");
                        Some(std::fs::read_to_string(&path).map_err(|e| {
                            UserError::new(format!("cannot read the terms template: {e}"))
                                .file(&path)
                        })?)
                    }
                    _ => None,
                };
                for terms in &built {
                    let md_path =
                        output_path(output.as_deref(), &root, &stem, terms.lang, langs.len());
                    write_terms(terms, template.as_deref(), &md_path, !*no_pdf, *emit_typst)?;
                }
                Ok(ExitCode::SUCCESS)
            }
        },
    }
}

/// Where the Markdown of one language goes; the PDF takes the same path with `.pdf`.
fn output_path(output: Option<&Path>, root: &Path, stem: &str, lang: Lang, n: usize) -> PathBuf {
    let name = format!("{stem}-{}.md", lang.code());
    match output {
        None => root.join("out").join("terms").join(name),
        Some(p) if n == 1 && p.extension().is_some() && !p.is_dir() => p.with_extension("md"),
        Some(dir) => dir.join(name),
    }
}

fn write_terms(
    terms: &Terms,
    template: Option<&str>,
    md_path: &Path,
    pdf: bool,
    emit_typst: bool,
) -> anyhow::Result<()> {
    crate::output::write_atomic(md_path, terms.to_markdown().as_bytes())
        .with_context(|| format!("cannot write {}", md_path.display()))?;
    println!("{}", md_path.display());
    if emit_typst {
        let dir = md_path.with_extension("typst");
        clauses::emit_typst(terms, template, &dir)?;
        println!("{}", dir.display());
    }
    if pdf {
        let pdf_path = md_path.with_extension("pdf");
        let bytes = clauses::render_pdf(terms, template)?;
        crate::output::write_atomic(&pdf_path, &bytes)
            .with_context(|| format!("cannot write {}", pdf_path.display()))?;
        println!("{}", pdf_path.display());
    }
    Ok(())
}

/// The workspace given with `--workspace`, or found above `near` or the current directory.
fn workspace(globals: &Globals, near: Option<&Path>) -> Result<Option<Workspace>, UserError> {
    if let Some(dir) = &globals.workspace {
        return Workspace::load(dir).map(Some);
    }
    let start = near
        .and_then(|p| p.canonicalize().ok())
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .or_else(|| std::env::current_dir().ok());
    match start.as_deref().and_then(find_root) {
        Some(root) => Workspace::load(&root).map(Some),
        None => Ok(None),
    }
}

fn library_for(ws: Option<&Workspace>) -> Result<Library, UserError> {
    match ws {
        Some(w) => Library::with_dir(&w.root.join("clauses")),
        None => Library::builtin(),
    }
}

fn library(globals: &Globals) -> Result<Library, UserError> {
    library_for(workspace(globals, None)?.as_ref())
}

/// The `clauses list` table.
pub fn list(
    lib: &Library,
    category: Option<&str>,
    audience: Option<Target>,
    lang: Lang,
) -> Result<String, UserError> {
    let category = match category {
        None => None,
        Some(c) => Some(Category::from_code(c).ok_or_else(|| {
            let codes: Vec<&str> = Category::ALL.iter().map(|c| c.code()).collect();
            let e = UserError::new(format!("unknown category `{c}`")).field("--category");
            match clauses::closest(c, codes.iter().copied()) {
                Some(b) => e.hint(format!("did you mean `{b}`?")),
                None => e.hint(format!("categories: {}", codes.join(", "))),
            }
        })?),
    };
    let rows: Vec<&Clause> = lib
        .clauses()
        .into_iter()
        .filter(|c| category.is_none_or(|k| c.category == k))
        .filter(|c| audience.is_none_or(|t| c.audience.fits(t)))
        .collect();
    let w_id = rows.iter().map(|c| c.id.len()).max().unwrap_or(2).max(2);
    let w_cat = rows
        .iter()
        .map(|c| c.category.code().len())
        .max()
        .unwrap_or(8)
        .max(8);
    let mut out = format!(
        "{:<w_id$}  {:<w_cat$}  {:<8}  TITLE\n",
        "ID", "CATEGORY", "AUDIENCE"
    );
    for c in rows {
        out.push_str(&format!(
            "{:<w_id$}  {:<w_cat$}  {:<8}  {}\n",
            c.id,
            c.category.code(),
            c.audience.code(),
            c.title.get(lang)
        ));
    }
    Ok(out)
}

/// The `clauses show` page: header, parameters, law, and the text with default values.
pub fn show(
    lib: &Library,
    id: &str,
    lang: Lang,
    audience: Option<Target>,
    on: NaiveDate,
) -> Result<String, UserError> {
    let clause = lib.get(id).ok_or_else(|| lib.unknown(id))?;
    let target = match (audience, clause.audience) {
        (Some(t), a) if a.fits(t) => t,
        (Some(t), a) => {
            return Err(UserError::new(format!(
                "clause `{id}` is written for {}, not {}",
                a.code(),
                t.code()
            ))
            .field("--audience")
            .hint(format!("use `--audience {}` or leave it out", a.code())));
        }
        (None, Audience::B2c) => Target::B2c,
        (None, _) => Target::B2b,
    };
    let mut out = format!(
        "{}  ({}, {})\n{}\n",
        clause.id,
        clause.category,
        clause.audience.code(),
        clause.title.get(lang)
    );
    if !clause.parameters.is_empty() {
        out.push_str("\nParameters:\n");
        for p in &clause.parameters {
            let default = match (&p.default, p.default_from) {
                (Some(v), _) => v.plain(),
                (None, Some(src)) => format!("from {}", src.code()),
                (None, None) => "required".into(),
            };
            let mut range = String::new();
            if !p.choices.is_empty() {
                range = format!(" [{}]", p.choices.join("|"));
            } else if p.min.is_some() || p.max.is_some() {
                range = format!(
                    " [{}..{}]",
                    p.min.map(|d| d.to_string()).unwrap_or_default(),
                    p.max.map(|d| d.to_string()).unwrap_or_default()
                );
            }
            out.push_str(&format!(
                "  {} ({}{range}) = {default}\n      {}\n",
                p.name,
                p.ty,
                p.description.get(lang)
            ));
        }
    }
    if clause.prominent {
        out.push_str("\nPrinted bold, in a box, on page 1 of consumer terms.\n");
    }
    out.push_str("\nLaw:\n");
    for l in &clause.law {
        out.push_str(&format!("  - {l}\n"));
    }
    let text = clauses::preview(clause, target, lang, on, RateTable::embedded())?;
    out.push_str(&format!("\nText ({}, {}):\n\n{text}", lang, target.code()));
    Ok(out)
}
