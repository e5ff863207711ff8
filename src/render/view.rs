//! What a template sees: a resolved document turned into finished, language-specific strings.
//!
//! Every amount, date and percentage is formatted here, in Rust, so templates only place
//! text and the JSON file the template reads is exactly what the PDF shows. This JSON is
//! also the contract for workspace template authors (documented by these types).

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::format;
use super::i18n::I18n;
use crate::error::UserError;
use crate::model::{
    Address, Client, ClientKind, Issuer, Lang, ResolvedCreditNote, ResolvedInvoice, ResolvedLine,
    ResolvedQuote,
};
use crate::money::Totals;
use crate::qr::EpcPayment;
use crate::workspace::Workspace;

/// Names of the sandbox files, all derived from the document's number so that an
/// `--emit-typst` copy next to the PDF never collides with another document's.
#[derive(Debug, Clone, Serialize)]
pub struct Files {
    /// The main `.typ`.
    pub main: String,
    /// The JSON data the template reads with `json()`.
    pub data: String,
    /// The payment QR code, when there is one.
    pub qr: Option<String>,
    /// The issuer's logo, when there is one.
    pub logo: Option<String>,
    /// The UBL e-invoice attached to a hybrid PDF/A-3, when asked for.
    pub ubl: Option<String>,
}

impl Files {
    /// File names for a document whose number gave `stem`.
    pub fn for_stem(stem: &str, qr: bool, logo_ext: Option<&str>, ubl: bool) -> Files {
        Files {
            main: format!("{stem}.typ"),
            data: format!("{stem}.json"),
            qr: qr.then(|| format!("{stem}.qr.svg")),
            logo: logo_ext.map(|ext| format!("{stem}.logo.{ext}")),
            ubl: ubl.then(|| format!("{stem}.ubl.xml")),
        }
    }
}

/// Binary companions of a view: the QR code and the logo (extension, bytes).
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// EPC payment QR code as SVG.
    pub qr_svg: Option<String>,
    /// Logo file extension (lower case) and bytes.
    pub logo: Option<(String, Vec<u8>)>,
    /// Peppol UBL XML to attach to the PDF (hybrid e-invoice).
    pub ubl_xml: Option<String>,
}

/// The issuer as printed in the header and the legal footer.
#[derive(Debug, Clone, Serialize)]
pub struct IssuerView {
    /// Name followed by the legal form, e.g. "Atelier Pixel SRL".
    pub display_name: String,
    /// Registered name.
    pub legal_name: String,
    /// Legal form (Companies Code art. 2:20).
    pub legal_form: String,
    /// Registered office, one line per entry.
    pub address: Vec<String>,
    /// Enterprise number `0123.456.789`.
    pub enterprise_number: String,
    /// VAT number, when VAT-registered.
    pub vat_number: Option<String>,
    /// Register of legal persons and court ("RPM Bruxelles").
    pub rpm: Option<String>,
    /// IBAN in groups of four.
    pub iban: String,
    /// BIC.
    pub bic: String,
    /// Contact e-mail.
    pub email: String,
    /// Contact phone.
    pub phone: String,
    /// Website, without the scheme.
    pub website: Option<String>,
    /// Registered office on one line, for the legal footer.
    pub seat: String,
}

/// The client block.
#[derive(Debug, Clone, Serialize)]
pub struct ClientView {
    /// Name.
    pub name: String,
    /// Address lines, with the country when outside Belgium.
    pub address: Vec<String>,
    /// VAT number (businesses).
    pub vat_number: Option<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// One row of the line table.
#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    /// Description, newlines kept.
    pub description: String,
    /// Quantity.
    pub quantity: String,
    /// Unit, if any.
    pub unit: Option<String>,
    /// Unit price excl. VAT.
    pub unit_price: String,
    /// Discount, if any.
    pub discount: Option<String>,
    /// VAT rate.
    pub vat_rate: String,
    /// Line amount excl. VAT after discount.
    pub amount: String,
}

/// One VAT rate of the summary.
#[derive(Debug, Clone, Serialize)]
pub struct VatGroupView {
    /// Rate.
    pub rate: String,
    /// Taxable base at that rate.
    pub base: String,
    /// VAT at that rate.
    pub vat: String,
}

/// The payment box of an invoice.
#[derive(Debug, Clone, Serialize)]
pub struct PaymentView {
    /// Amount to pay.
    pub amount: String,
    /// Last day to pay.
    pub due_date: String,
    /// Beneficiary name.
    pub beneficiary: String,
    /// IBAN in groups of four.
    pub iban: String,
    /// BIC.
    pub bic: String,
    /// `+++123/4567/89012+++`.
    pub communication: Option<String>,
}

/// General terms a quote refers to.
#[derive(Debug, Clone, Serialize)]
pub struct TermsView {
    /// File name.
    pub name: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Paragraphs annexed in full (text and Markdown files); empty for other formats.
    pub paragraphs: Vec<Paragraph>,
}

/// One paragraph of annexed terms.
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    /// A heading (Markdown `#` line) rather than body text.
    pub heading: bool,
    /// The text.
    pub text: String,
}

/// Quote-only data.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    /// Deposit percent, e.g. "30 %".
    pub deposit_percent: Option<String>,
    /// Deposit amount incl. VAT.
    pub deposit_amount: Option<String>,
    /// Terms annexed or referenced.
    pub terms: Option<TermsView>,
    /// SHA-256 of the quote's content, see [`quote_content_sha256`].
    pub content_sha256: String,
    /// Consumer distance contract: the withdrawal information and model form, annexed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<AnnexView>,
    /// Consumer distance contract: the early-start request, a checkbox in the acceptance block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub early_start: Option<String>,
}

/// An annex made of one library clause (the withdrawal information and form).
#[derive(Debug, Clone, Serialize)]
pub struct AnnexView {
    /// Heading of the annex page.
    pub title: String,
    /// Why it is annexed.
    pub intro: String,
    /// The clauses annexed.
    pub articles: Vec<AnnexArticle>,
}

/// One clause of an annex.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexArticle {
    /// The clause's title.
    pub heading: String,
    /// Its text in order: runs of plain blocks, and framed runs (the model form).
    pub sections: Vec<AnnexSection>,
}

/// Consecutive blocks of an annex that are all framed, or all not.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexSection {
    /// Printed in a frame (the early-start statement, the model withdrawal form).
    pub boxed: bool,
    /// The blocks.
    pub blocks: Vec<AnnexBlock>,
}

/// One paragraph or list of an annex.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexBlock {
    /// Inside the framed box (the model withdrawal form).
    #[serde(skip)]
    pub boxed: bool,
    /// Printed in bold.
    pub bold: bool,
    /// Paragraph text (empty for a list).
    pub text: String,
    /// List items (empty for a paragraph).
    pub items: Vec<String>,
}

fn annex_blocks(blocks: &[crate::clauses::Block], boxed: bool, out: &mut Vec<AnnexBlock>) {
    use crate::clauses::{Block, Run};
    let plain = |runs: &[Run]| runs.iter().map(|r| r.text.as_str()).collect::<String>();
    for b in blocks {
        match b {
            Block::Para { number, runs } => out.push(AnnexBlock {
                boxed,
                bold: !runs.is_empty() && runs.iter().all(|r| r.bold),
                text: match number {
                    Some(n) => format!("{n}. {}", plain(runs)),
                    None => plain(runs),
                },
                items: Vec::new(),
            }),
            Block::List { items } => out.push(AnnexBlock {
                boxed,
                bold: false,
                text: String::new(),
                items: items.iter().map(|i| plain(i)).collect(),
            }),
            Block::Boxed { blocks } => annex_blocks(blocks, true, out),
        }
    }
}

/// Credit-note-only data.
#[derive(Debug, Clone, Serialize)]
pub struct CreditNoteView {
    /// Number of the credited invoice.
    pub invoice_number: String,
    /// Date of the credited invoice.
    pub invoice_date: String,
    /// Why it is credited.
    pub reason: String,
    /// VAT regularisation wording, when VAT was charged.
    pub vat_note: Option<String>,
}

/// Everything a document template reads from its JSON file.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// `invoice`, `quote` or `credit-note`.
    pub kind: &'static str,
    /// Client language.
    pub lang: Lang,
    /// File-name stem derived from the number.
    #[serde(skip)]
    pub stem: String,
    /// PDF title, e.g. "Facture 2026-00042".
    pub title: String,
    /// Big word in the header, e.g. "Facture".
    pub heading: String,
    /// Document number.
    pub number: String,
    /// Subject line.
    pub subject: Option<String>,
    /// Consumer document: totals incl. VAT shown first.
    pub b2c: bool,
    /// Issuer.
    pub issuer: IssuerView,
    /// Client.
    pub client: ClientView,
    /// Caption above the client block.
    pub client_caption: String,
    /// (label, value) rows next to the client block: dates, references.
    pub meta: Vec<(String, String)>,
    /// Whether any line has a discount (adds a column).
    pub has_discount: bool,
    /// Lines.
    pub lines: Vec<LineView>,
    /// VAT summary per rate.
    pub vat_groups: Vec<VatGroupView>,
    /// Total excl. VAT.
    pub total_excl: String,
    /// Total VAT.
    pub total_vat: String,
    /// Total incl. VAT.
    pub total_incl: String,
    /// Label of the highlighted total.
    pub grand_total_label: String,
    /// Reverse charge, exemption or franchise mention.
    pub vat_mention: Option<String>,
    /// Payment box (invoices with an amount to pay).
    pub payment: Option<PaymentView>,
    /// Late-payment note (invoices).
    pub late_fee_note: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Extra footer line (the quote's content hash).
    pub footer_note: Option<String>,
    /// Quote-only data.
    pub quote: Option<QuoteView>,
    /// Credit-note-only data.
    pub credit_note: Option<CreditNoteView>,
}

impl DocumentView {
    /// The document language.
    pub fn lang_code(&self) -> Lang {
        self.lang
    }
}

struct Ctx<'a> {
    i18n: &'a I18n,
    lang: Lang,
}

impl Ctx<'_> {
    fn t(&self, key: &str) -> String {
        self.i18n.fill(key, self.lang, &[])
    }
    fn date(&self, d: NaiveDate) -> String {
        format::date(d, self.i18n.months(self.lang))
    }
    fn money(&self, d: Decimal) -> String {
        format::money(d, self.lang)
    }
    fn address(&self, a: &Address, with_country: bool) -> Vec<String> {
        let mut lines = vec![a.street.clone(), format!("{} {}", a.postcode, a.city)];
        if with_country {
            lines.push(self.i18n.country(a.country.as_str(), self.lang));
        }
        lines
    }
}

fn issuer_view(c: &Ctx<'_>, i: &Issuer, client: &Client) -> IssuerView {
    let abroad = client.address.country != i.address.country;
    IssuerView {
        display_name: display_name(i),
        legal_name: i.legal_name.clone(),
        legal_form: i.legal_form.clone(),
        address: c.address(&i.address, abroad),
        enterprise_number: i.enterprise_number.formatted(),
        vat_number: i.vat_number.as_ref().map(|v| v.formatted()),
        rpm: i.rpm.clone(),
        iban: i.iban.formatted(),
        bic: i.bic.as_str().to_string(),
        email: i.email.clone(),
        phone: i.phone.clone(),
        website: i.website.as_ref().map(|w| {
            let w = w.trim();
            w.strip_prefix("https://")
                .or_else(|| w.strip_prefix("http://"))
                .unwrap_or(w)
                .trim_end_matches('/')
                .to_string()
        }),
        seat: format!(
            "{}, {} {}",
            i.address.street, i.address.postcode, i.address.city
        ),
    }
}

/// "Name SRL", without repeating a legal form already in the name.
fn display_name(i: &Issuer) -> String {
    let form = i.legal_form.trim();
    if form.is_empty() || i.legal_name.split_whitespace().last() == Some(form) {
        i.legal_name.clone()
    } else {
        format!("{} {}", i.legal_name, form)
    }
}

fn client_view(c: &Ctx<'_>, client: &Client, issuer: &Issuer) -> ClientView {
    ClientView {
        name: client.name.clone(),
        address: c.address(
            &client.address,
            client.address.country != issuer.address.country,
        ),
        vat_number: client.vat_number.as_ref().map(|v| v.formatted()),
        email: client.email.clone(),
    }
}

fn lines_view(c: &Ctx<'_>, lines: &[ResolvedLine]) -> Vec<LineView> {
    lines
        .iter()
        .map(|l| LineView {
            description: l.description.clone(),
            quantity: format::number(l.quantity, c.lang),
            unit: l.unit.clone(),
            unit_price: c.money(l.unit_price),
            discount: l
                .discount_percent
                .filter(|d| !d.is_zero())
                .map(|d| format::percent(d, c.lang)),
            vat_rate: format::percent(l.vat_rate.percent(), c.lang),
            amount: c.money(l.base),
        })
        .collect()
}

/// The parts every document kind shares.
#[allow(clippy::too_many_arguments)]
fn base_view(
    c: &Ctx<'_>,
    kind: &'static str,
    heading_key: &str,
    number: &str,
    issuer: &Issuer,
    client: &Client,
    subject: &Option<String>,
    notes: &Option<String>,
    lines: &[ResolvedLine],
    totals: &Totals,
    vat_mention: &Option<String>,
) -> DocumentView {
    let heading = c.t(heading_key);
    let b2c = client.kind == ClientKind::B2c;
    DocumentView {
        kind,
        lang: c.lang,
        stem: super::file_stem(number),
        title: format!("{heading} {number}"),
        heading,
        number: number.to_string(),
        subject: subject.clone(),
        b2c,
        issuer: issuer_view(c, issuer, client),
        client: client_view(c, client, issuer),
        client_caption: c.t("bill_to"),
        meta: Vec::new(),
        has_discount: lines
            .iter()
            .any(|l| l.discount_percent.is_some_and(|d| !d.is_zero())),
        lines: lines_view(c, lines),
        vat_groups: totals
            .per_rate
            .iter()
            .map(|g| VatGroupView {
                rate: format::percent(g.rate.percent(), c.lang),
                base: c.money(g.base),
                vat: c.money(g.vat),
            })
            .collect(),
        total_excl: c.money(totals.total_excl),
        total_vat: c.money(totals.total_vat),
        total_incl: c.money(totals.total_incl),
        grand_total_label: c.t("total_incl"),
        vat_mention: vat_mention.clone(),
        payment: None,
        late_fee_note: None,
        notes: notes.clone(),
        footer_note: None,
        quote: None,
        credit_note: None,
    }
}

/// Reads the issuer's logo into the sandbox, refusing formats typst cannot place.
fn logo(ws: &Workspace) -> Result<Option<(String, Vec<u8>)>, UserError> {
    let Some(rel) = &ws.config.issuer.logo else {
        return Ok(None);
    };
    let path = ws.resolve_path(rel, &ws.config_source, "issuer.logo")?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(
        ext.as_str(),
        "png" | "jpg" | "jpeg" | "svg" | "gif" | "webp"
    ) {
        return Err(ws
            .config_source
            .error(
                "issuer.logo",
                format!(
                    "logo `{}` is not a PNG, JPEG, GIF, WebP or SVG image",
                    rel.display()
                ),
            )
            .hint("convert the logo to PNG or SVG"));
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        ws.config_source
            .error(
                "issuer.logo",
                format!("cannot read logo `{}`: {e}", rel.display()),
            )
            .hint("write the path relative to the workspace root, or remove `logo:`")
    })?;
    Ok(Some((ext, bytes)))
}

/// The late-payment note for an invoice, from the late-fee engine (`latefee::note`), so
/// the rate, the 40 EUR and the Book XIX caps printed here are the ones a later reminder
/// or formal notice will claim. The creditor's clause is the workspace's
/// `late-payment.yaml`, when there is one.
fn late_fee_note(
    ws: &Workspace,
    inv: &ResolvedInvoice,
    warnings: &mut Vec<String>,
) -> Result<String, UserError> {
    let terms = crate::latefee::invoice::workspace_terms(ws)?;
    let note = crate::latefee::note::invoice_note(
        inv.client.kind,
        inv.issue_date,
        inv.totals.total_incl,
        terms.as_ref(),
        crate::latefee::rates::RateTable::embedded(),
    )?;
    if let Some(w) = note.warning {
        warnings.push(w);
    }
    Ok(note.text.get(inv.lang).to_string())
}

/// An invoice's view, QR code and logo; warnings to show the user.
pub fn invoice(
    ws: &Workspace,
    i18n: &I18n,
    inv: &ResolvedInvoice,
) -> Result<(DocumentView, Assets, Vec<String>), UserError> {
    let c = Ctx {
        i18n,
        lang: inv.lang,
    };
    let mut warnings = Vec::new();
    let mut v = base_view(
        &c,
        "invoice",
        "invoice",
        &inv.number,
        &inv.issuer,
        &inv.client,
        &inv.subject,
        &inv.notes,
        &inv.lines,
        &inv.totals,
        &inv.vat_mention,
    );
    // A final invoice deducts the deposit already invoiced: one row per rate, with the
    // deducted VAT spelled out (money.rs rule 6).
    for d in &inv.deductions {
        let vat = c.money(d.vat);
        v.lines.push(LineView {
            description: format!(
                "{}\n{}",
                d.description,
                c.i18n.fill("deducted_vat", c.lang, &[("vat", &vat)])
            ),
            quantity: format::number(Decimal::ONE, c.lang),
            unit: None,
            unit_price: c.money(-d.base),
            discount: None,
            vat_rate: format::percent(d.vat_rate.percent(), c.lang),
            amount: c.money(-d.base),
        });
    }
    v.meta.push((c.t("issue_date"), c.date(inv.issue_date)));
    v.meta.push((c.t("due_date"), c.date(inv.due_date)));
    if let Some(s) = inv.supply_date.filter(|s| *s != inv.issue_date) {
        v.meta.push((c.t("supply_date"), c.date(s)));
    }
    if let Some(r) = &inv.buyer_reference {
        v.meta.push((c.t("buyer_reference"), r.clone()));
    }
    if v.b2c {
        v.meta.push((c.t("total_incl"), v.total_incl.clone()));
    }
    v.grand_total_label = c.t("amount_due");
    v.late_fee_note = Some(late_fee_note(ws, inv, &mut warnings)?);
    let mut assets = Assets {
        qr_svg: None,
        logo: logo(ws)?,
        ubl_xml: None,
    };
    if inv.totals.total_incl > Decimal::ZERO {
        let communication = inv.structured_communication.formatted();
        v.payment = Some(PaymentView {
            amount: v.total_incl.clone(),
            due_date: c.date(inv.due_date),
            beneficiary: v.issuer.display_name.clone(),
            iban: v.issuer.iban.clone(),
            bic: v.issuer.bic.clone(),
            communication: Some(communication),
        });
        let epc = EpcPayment {
            bic: inv.issuer.bic.as_str().to_string(),
            name: v.issuer.display_name.clone(),
            iban: inv.issuer.iban.as_str().to_string(),
            amount: inv.totals.total_incl,
            structured_reference: Some(inv.structured_communication.digits().to_string()),
            text: None,
        };
        assets.qr_svg = epc.svg().ok();
    }
    Ok((v, assets, warnings))
}

/// SHA-256 (hex) of what the client agrees to: the resolved quote as canonical JSON, with
/// the terms file replaced by the SHA-256 of its bytes (so the hash does not depend on where
/// the workspace lives). Labels and layout are not part of it: a template change does not
/// change the hash of an accepted quote.
pub fn quote_content_sha256(q: &ResolvedQuote, terms_sha256: Option<&str>) -> String {
    let mut value = serde_json::to_value(q).unwrap_or(serde_json::Value::Null);
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "terms".to_string(),
            terms_sha256
                .map(|s| serde_json::Value::String(s.to_string()))
                .unwrap_or(serde_json::Value::Null),
        );
    }
    let canonical = serde_json::to_vec(&value).unwrap_or_default();
    hex::encode(Sha256::digest(&canonical))
}

/// Splits a text or Markdown terms file into headings and paragraphs.
fn terms_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let flush = |current: &mut Vec<String>, out: &mut Vec<Paragraph>| {
        if !current.is_empty() {
            out.push(Paragraph {
                heading: false,
                text: current.join("\n"),
            });
            current.clear();
        }
    };
    for raw in text.lines() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            flush(&mut current, &mut out);
        } else if let Some(h) = line.trim_start().strip_prefix('#') {
            flush(&mut current, &mut out);
            out.push(Paragraph {
                heading: true,
                text: h.trim_start_matches('#').trim().replace("**", ""),
            });
        } else {
            current.push(line.trim().replace("**", ""));
        }
    }
    flush(&mut current, &mut out);
    // A paragraph's lines are one flowing text unless they are list items.
    for p in &mut out {
        if !p.heading {
            let joined: Vec<String> = p.text.lines().map(str::to_string).collect();
            let mut text = String::new();
            for (i, l) in joined.iter().enumerate() {
                if i > 0 {
                    let item = l.starts_with("- ")
                        || l.starts_with("* ")
                        || l.chars().next().is_some_and(|c| c.is_ascii_digit());
                    text.push(if item { '\n' } else { ' ' });
                }
                text.push_str(l);
            }
            p.text = text;
        }
    }
    out
}

fn terms_view(path: &Path) -> Result<TermsView, UserError> {
    let bytes = std::fs::read(path).map_err(|e| {
        UserError::new(format!("cannot read the quote's terms: {e}"))
            .file(path)
            .hint("`terms:` names a file relative to the workspace root")
    })?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let paragraphs = if matches!(ext.as_str(), "md" | "markdown" | "txt") {
        terms_paragraphs(&String::from_utf8_lossy(&bytes))
    } else {
        Vec::new()
    };
    Ok(TermsView {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256: hex::encode(Sha256::digest(&bytes)),
        paragraphs,
    })
}

/// A quote's view.
pub fn quote(
    ws: &Workspace,
    i18n: &I18n,
    q: &ResolvedQuote,
) -> Result<(DocumentView, Assets, Vec<String>), UserError> {
    let c = Ctx { i18n, lang: q.lang };
    let mut v = base_view(
        &c,
        "quote",
        "quote",
        &q.number,
        &q.issuer,
        &q.client,
        &q.subject,
        &q.notes,
        &q.lines,
        &q.totals,
        &q.vat_mention,
    );
    v.client_caption = c.t("quote_to");
    v.meta.push((c.t("issue_date"), c.date(q.issue_date)));
    v.meta.push((c.t("valid_until"), c.date(q.valid_until)));
    if v.b2c {
        v.meta.push((c.t("total_incl"), v.total_incl.clone()));
    }
    v.grand_total_label = c.t("total_incl");
    let terms = q.terms.as_deref().map(terms_view).transpose()?;
    let hash = quote_content_sha256(q, terms.as_ref().map(|t| t.sha256.as_str()));
    v.footer_note = Some(format!("{}: {hash}", c.t("content_hash")));
    let withdrawal = match q.distance {
        true => {
            let annex = crate::sign::withdrawal::withdrawal_annex(
                &ws.root,
                &q.issuer,
                q.lang,
                q.issue_date,
                i18n,
            )?;
            let articles = annex
                .articles
                .iter()
                .map(|(heading, clause_blocks)| {
                    let mut blocks = Vec::new();
                    annex_blocks(clause_blocks, false, &mut blocks);
                    let mut sections: Vec<AnnexSection> = Vec::new();
                    for b in blocks {
                        match sections.last_mut() {
                            Some(s) if s.boxed == b.boxed => s.blocks.push(b),
                            _ => sections.push(AnnexSection {
                                boxed: b.boxed,
                                blocks: vec![b],
                            }),
                        }
                    }
                    AnnexArticle {
                        heading: heading.clone(),
                        sections,
                    }
                })
                .collect();
            Some(AnnexView {
                title: annex.title,
                intro: annex.intro,
                articles,
            })
        }
        false => None,
    };
    v.quote = Some(QuoteView {
        deposit_percent: q.deposit_percent.map(|p| format::percent(p, c.lang)),
        deposit_amount: q.deposit.map(|d| c.money(d)),
        terms,
        content_sha256: hash,
        early_start: q.distance.then(|| c.t("early_start")),
        withdrawal,
    });
    Ok((
        v,
        Assets {
            qr_svg: None,
            logo: logo(ws)?,
            ubl_xml: None,
        },
        Vec::new(),
    ))
}

/// A credit note's view.
pub fn credit_note(
    ws: &Workspace,
    i18n: &I18n,
    cn: &ResolvedCreditNote,
) -> Result<(DocumentView, Assets, Vec<String>), UserError> {
    let c = Ctx {
        i18n,
        lang: cn.lang,
    };
    let mut v = base_view(
        &c,
        "credit-note",
        "credit_note",
        &cn.number,
        &cn.issuer,
        &cn.client,
        &None,
        &cn.notes,
        &cn.lines,
        &cn.totals,
        &cn.vat_mention,
    );
    v.meta.push((c.t("issue_date"), c.date(cn.issue_date)));
    v.meta.push((
        c.t("invoice"),
        format!("{} ({})", cn.invoice_number, c.date(cn.invoice_date)),
    ));
    v.grand_total_label = c.t("amount_credited");
    v.credit_note = Some(CreditNoteView {
        invoice_number: cn.invoice_number.clone(),
        invoice_date: c.date(cn.invoice_date),
        reason: cn.reason.clone(),
        vat_note: (cn.totals.total_vat > Decimal::ZERO).then(|| c.t("credit_vat_note")),
    });
    Ok((
        v,
        Assets {
            qr_svg: None,
            logo: logo(ws)?,
            ubl_xml: None,
        },
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_terms_keep_headings_and_flow_paragraphs() {
        let p = terms_paragraphs(
            "# Article 1\nLes présentes\nconditions s'appliquent.\n\n- un\n- deux\n",
        );
        assert_eq!(p.len(), 3);
        assert!(p[0].heading && p[0].text == "Article 1");
        assert_eq!(p[1].text, "Les présentes conditions s'appliquent.");
        assert_eq!(p[2].text, "- un\n- deux");
    }
}
