//! Late fees and notices: `clausier latefee` and `clausier notice reminder|formal`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use serde::Serialize;

use super::Globals;
use crate::be::calendar::{Calendar, Community};
use crate::error::UserError;
use crate::latefee::engine::{Assessment, Context, assess};
use crate::latefee::events::{Channel, InvoiceEvents, NoticeEvent, NoticeKind};
use crate::latefee::invoice::{LoadedInvoice, load_invoice};
use crate::latefee::notice::{
    DEFAULT_DEADLINE_BUSINESS_DAYS, Notice, NoticeInput, NoticeOptions, build_notice,
    notice_sandbox,
};
use crate::latefee::text::{Lang, citation, date, money, percent};
use crate::workspace::Workspace;

/// Subcommands of this group; flattened into the top-level CLI.
#[derive(Debug, clap::Subcommand)]
pub enum LatefeeArgs {
    /// What an overdue invoice costs on a date: interest per half-year, 40 EUR or Book XIX
    /// amounts, payments imputed, each line with its article.
    Latefee(LatefeeCmd),
    /// Render a reminder or a formal notice for overdue invoices of one client.
    #[command(subcommand)]
    Notice(NoticeCmd),
}

/// `clausier latefee INVOICE --on DATE`.
#[derive(Debug, clap::Args)]
pub struct LatefeeCmd {
    /// Invoice file, or its number (searched under `invoices/`).
    pub invoice: String,
    /// Calculation date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub on: NaiveDate,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Language of the explanation (default: the client's).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Also count this community's holiday as a non-working day (flemish, french, german).
    #[arg(long, value_name = "COMMUNITY")]
    pub community: Option<Community>,
}

/// `clausier notice reminder|formal`.
#[derive(Debug, clap::Subcommand)]
pub enum NoticeCmd {
    /// A payment reminder (for a consumer's first: the free Book XIX reminder).
    Reminder(NoticeArgs),
    /// A formal notice (mise en demeure / ingebrekestelling) with the calculation.
    Formal(NoticeArgs),
}

/// Options shared by both notices.
#[derive(Debug, clap::Args)]
pub struct NoticeArgs {
    /// Overdue invoices of one client (files or numbers); combined in one letter.
    #[arg(required = true, num_args = 1..)]
    pub invoices: Vec<String>,
    /// Date the notice is sent (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub on: NaiveDate,
    /// How it is sent: Book XIX starts the waiting period differently.
    #[arg(long, value_parser = parse_channel, default_value = "email")]
    pub channel: Channel,
    /// Payment deadline in Belgian business days (not for a consumer's first reminder).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DEADLINE_BUSINESS_DAYS)]
    pub days: u32,
    /// Output PDF (default: out/notice/<kind>-<client>-<date>.pdf in the workspace).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Do not record the notice in the invoices' .events.yaml files.
    #[arg(long)]
    pub no_record: bool,
    /// Print the notice's data as JSON instead of rendering a PDF.
    #[arg(long)]
    pub json: bool,
    /// Also count this community's holiday as a non-working day (flemish, french, german).
    #[arg(long, value_name = "COMMUNITY")]
    pub community: Option<Community>,
}

/// The engine context with the calendar the user asked for.
fn context(community: Option<Community>) -> Context<'static> {
    Context {
        calendar: community.map(Calendar::with_community).unwrap_or_default(),
        ..Context::default()
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s {
        "fr" => Ok(Lang::Fr),
        "nl" => Ok(Lang::Nl),
        "en" => Ok(Lang::En),
        _ => Err(format!("`{s}` is not fr, nl or en")),
    }
}

fn parse_channel(s: &str) -> Result<Channel, String> {
    match s {
        "email" | "e-mail" => Ok(Channel::Email),
        "paper" | "post" => Ok(Channel::Paper),
        _ => Err(format!("`{s}` is not email or paper")),
    }
}

fn workspace(globals: &Globals) -> anyhow::Result<Workspace> {
    let cwd = std::env::current_dir()?;
    Ok(Workspace::open(globals.workspace.as_deref(), &cwd)?)
}

/// Runs one subcommand of the group.
pub fn run(args: &LatefeeArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    match args {
        LatefeeArgs::Latefee(cmd) => run_latefee(cmd, globals),
        LatefeeArgs::Notice(NoticeCmd::Reminder(a)) => run_notice(NoticeKind::Reminder, a, globals),
        LatefeeArgs::Notice(NoticeCmd::Formal(a)) => run_notice(NoticeKind::Formal, a, globals),
    }
}

/// The JSON printed by `clausier latefee --json`.
#[derive(Serialize)]
struct LatefeeJson<'a> {
    client: &'a str,
    client_name: &'a str,
    #[serde(flatten)]
    assessment: &'a Assessment,
}

fn run_latefee(cmd: &LatefeeCmd, globals: &Globals) -> anyhow::Result<ExitCode> {
    let ws = workspace(globals)?;
    let inv = load_invoice(&ws, &cmd.invoice)?;
    let a = assess(&inv.claim, cmd.on, context(cmd.community))?;
    if cmd.json {
        let out = LatefeeJson {
            client: &inv.resolved.client.id,
            client_name: &inv.resolved.client.name,
            assessment: &a,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        let lang = cmd.lang.unwrap_or(inv.resolved.client.language);
        print!("{}", human(&inv, &a, lang));
    }
    for w in &a.warnings {
        eprintln!("warning: {w}");
    }
    Ok(ExitCode::SUCCESS)
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

/// The table printed by `clausier latefee`.
pub fn human(inv: &LoadedInvoice, a: &Assessment, l: Lang) -> String {
    let m = |d| money(d, l);
    let mut o = String::new();
    let kind = match a.debtor {
        crate::model::ClientKind::B2b => "B2B",
        crate::model::ClientKind::B2c => "B2C",
    };
    o.push_str(&format!(
        "{} {} · {} ({kind}) · {} {}\n",
        l.pick("Facture", "Factuur", "Invoice"),
        a.invoice,
        inv.resolved.client.name,
        l.pick("au", "op", "on"),
        date(a.on, l),
    ));
    o.push_str(&format!(
        "{} {} · {} {} · {} {}\n\n",
        l.pick("Montant", "Bedrag", "Amount"),
        m(a.amount),
        l.pick("échéance", "vervaldag", "due"),
        date(a.due_date, l),
        l.pick("jours de retard", "dagen achterstand", "days late"),
        a.days_late
    ));
    if !a.interest.is_empty() {
        o.push_str(l.pick("Intérêts\n", "Interesten\n", "Interest\n"));
        o.push_str(&format!(
            "  {:<10}  {:<10}  {}  {}  {}  {}\n",
            l.pick("du", "van", "from"),
            l.pick("au", "tot", "to"),
            pad(l.pick("jours", "dagen", "days"), 5),
            pad(l.pick("base", "basis", "base"), 13),
            pad(l.pick("taux", "voet", "rate"), 7),
            pad(l.pick("montant", "bedrag", "amount"), 11),
        ));
        for s in &a.interest {
            o.push_str(&format!(
                "  {}  {}  {}  {}  {}  {}\n",
                s.from,
                s.to,
                pad(&s.days.to_string(), 5),
                pad(&m(s.base), 13),
                pad(&percent(s.percent, l), 7),
                pad(&m(s.amount), 11),
            ));
        }
        o.push_str(&format!(
            "  {}{}\n",
            pad(
                l.pick("total intérêts", "totaal interesten", "interest total"),
                55
            ),
            pad(&m(a.interest_total), 11)
        ));
    }
    if !a.costs.is_empty() {
        o.push_str(l.pick("Frais\n", "Kosten\n", "Costs\n"));
        for c in &a.costs {
            o.push_str(&format!(
                "  {} ({})  {}\n",
                c.label.get(l),
                citation(&c.citation, l),
                m(c.amount)
            ));
        }
    }
    if !a.payments.is_empty() {
        o.push_str(l.pick("Paiements\n", "Betalingen\n", "Payments\n"));
        for p in &a.payments {
            o.push_str(&format!(
                "  {}  {}  → {} {} · {} {} · {} {}\n",
                p.date,
                pad(&m(p.amount), 12),
                l.pick("frais", "kosten", "costs"),
                m(p.to_costs),
                l.pick("intérêts", "interesten", "interest"),
                m(p.to_interest),
                l.pick("principal", "hoofdsom", "principal"),
                m(p.to_principal),
            ));
        }
    }
    o.push_str(&format!(
        "{}{} {} {} + {} {} + {} {} = {}\n",
        if a.interest.is_empty() && a.costs.is_empty() && a.payments.is_empty() {
            ""
        } else {
            "\n"
        },
        l.pick("Reste dû :", "Nog verschuldigd:", "Still owed:"),
        l.pick("principal", "hoofdsom", "principal"),
        m(a.outstanding.principal),
        l.pick("intérêts", "interesten", "interest"),
        m(a.outstanding.interest),
        l.pick("frais", "kosten", "costs"),
        m(a.outstanding.costs),
        m(a.outstanding.total),
    ));
    o.push_str(l.pick("\nExplication\n", "\nToelichting\n", "\nExplanation\n"));
    for (i, s) in a.explanation.iter().enumerate() {
        if s.citation.is_empty() {
            o.push_str(&format!("  {}. {}\n", i + 1, s.text.get(l)));
        } else {
            o.push_str(&format!(
                "  {}. {} [{}]\n",
                i + 1,
                s.text.get(l),
                citation(&s.citation, l)
            ));
        }
    }
    o
}

fn default_output(ws: &Workspace, notice: &Notice) -> PathBuf {
    ws.root.join("out").join("notice").join(format!(
        "{}-{}-{}.pdf",
        notice.kind.key(),
        notice.client_id,
        notice.date
    ))
}

fn relative_to(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

fn run_notice(kind: NoticeKind, a: &NoticeArgs, globals: &Globals) -> anyhow::Result<ExitCode> {
    let ws = workspace(globals)?;
    let mut loaded: Vec<LoadedInvoice> = Vec::new();
    for arg in &a.invoices {
        let inv = load_invoice(&ws, arg)?;
        if loaded
            .iter()
            .any(|l| l.resolved.number == inv.resolved.number)
        {
            return Err(
                UserError::new(format!("invoice {} is named twice", inv.resolved.number))
                    .field("INVOICE")
                    .into(),
            );
        }
        loaded.push(inv);
    }
    let inputs: Vec<NoticeInput> = loaded
        .iter()
        .map(|l| NoticeInput {
            invoice: l.resolved.clone(),
            claim: l.claim.clone(),
        })
        .collect();
    let opts = NoticeOptions {
        kind,
        on: a.on,
        channel: a.channel,
        deadline_days: a.days,
    };
    let notice = build_notice(&inputs, opts, context(a.community))?;
    for w in &notice.warnings {
        eprintln!("warning: {w}");
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&notice)?);
        return Ok(ExitCode::SUCCESS);
    }
    let sandbox = notice_sandbox(&ws.root, &notice)?;
    let pdf = crate::typst::compile(&sandbox, notice.date, &crate::typst::Options::default())
        .map_err(|e| {
            let hint = e.hint();
            UserError::new(e.to_string()).hint(hint)
        })?;
    let out = match &a.output {
        Some(p) => p.clone(),
        None => default_output(&ws, &notice),
    };
    crate::output::write_atomic(&out, &pdf)
        .map_err(|e| UserError::new(format!("cannot write the notice: {e}")).file(&out))?;
    if !a.no_record {
        for l in &loaded {
            let file = out
                .canonicalize()
                .ok()
                .and_then(|abs| {
                    l.sidecar
                        .parent()
                        .and_then(|p| p.canonicalize().ok())
                        .map(|dir| pathdiff(&abs, &dir))
                })
                .unwrap_or_else(|| relative_to(&out, &ws.root));
            InvoiceEvents::record_notice(
                &l.sidecar,
                NoticeEvent {
                    kind,
                    date: a.on,
                    channel: a.channel,
                    file: Some(file),
                },
            )?;
        }
    }
    println!(
        "{} {} ({}, {}) → {}",
        notice.doc.title,
        notice.invoices.join(", "),
        money(notice.total_due, notice.lang),
        date(notice.deadline, notice.lang),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `target` relative to `base` (both absolute), with `..` where needed.
fn pathdiff(target: &Path, base: &Path) -> String {
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..b.len() {
        parts.push("..".into());
    }
    for c in &t[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    parts.join("/")
}
