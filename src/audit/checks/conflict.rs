//! `conflicting-terms`: the same quantity stated twice with different values (offer
//! validity, payment term, interest rate, penalty, notice period, competent court).
//! Between contradictory terms a court applies the one favourable to the other party
//! (art. 5.66 CC, VI.37 CEL), so the drafter rarely gets the value it meant.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{self, DURATION};
use super::{Ctx, Hit, detail, late_interest, payment_term, penalty};

static VALIDITY: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)valable|validit[ée]|geldig\w*|\bvalid\b|validity")
        .expect("validity regex")
});
static OFFER: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)\bdevis\b|\boffres?\b|offerte\w*|prijsopgave\w*|\bquot(?:e|ation)s?\b|\boffers?\b|\bpropositions?\b")
        .expect("offer regex")
});
static NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)pr[ée]avis|opzeg\w*|notice\s+period|(?:prior|written)\s+notice|\bnotice\s+of\b",
    )
    .expect("notice regex")
});
static COURT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(?:tribunaux|tribunal|juridictions?|cours\s+et\s+tribunaux|rechtbanken?|hoven\s+en\s+rechtbanken|courts?)\s+(?:de\s+l['’]arrondissement\s+(?:judiciaire\s+)?|van\s+het\s+(?:gerechtelijk\s+)?arrondissement\s+|of\s+the\s+(?:judicial\s+)?district\s+of\s+)?(?:de\s+|d['’]|du\s+|van\s+|te\s+|of\s+|in\s+)(?-i:(?P<city>[A-ZÉ][\p{L}-]+))",
    )
    .expect("court regex")
});
/// Lump sums are compared only when they sanction late payment (not cancellation).
static LATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"(?i)retard|non[- ]paiement|d[ée]faut\s+de\s+paiement|impay[ée]|[ée]ch[ée]ance|laattijdig|niet[- ]betaling|wanbetaling|vervaldag|onbetaald|late\s+payment|overdue|unpaid|non[- ]payment")
        .expect("late regex")
});
static COMPETENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)comp[ée]ten|bevoegd|jurisdiction|competent|exclusive|exclusif|exclusief",
    )
    .expect("competent regex")
});

/// One statement of a quantity.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Byte span in the text.
    pub span: Range<usize>,
    /// Normalised value compared between statements (days, annual percent, canonical city).
    pub value: String,
    /// The words as written.
    pub shown: String,
}

/// Index in [`statements`]' result: offer validity in days.
pub const VALIDITY_DAYS: usize = 0;
/// Index in [`statements`]' result: payment term in days.
pub const PAYMENT_DAYS: usize = 1;
/// Index in [`statements`]' result: interest rate, annual percent.
pub const INTEREST: usize = 2;
/// Index in [`statements`]' result: lump-sum penalty percent.
pub const PENALTY_PERCENT: usize = 3;
/// Index in [`statements`]' result: notice period in days.
pub const NOTICE_DAYS: usize = 4;
/// Index in [`statements`]' result: competent court, canonical city.
pub const COURT_CITY: usize = 5;

const KINDS: [[&str; 3]; 6] = [
    [
        "validité de l'offre",
        "geldigheid van de offerte",
        "offer validity",
    ],
    ["délai de paiement", "betalingstermijn", "payment term"],
    ["taux d'intérêt", "rentevoet", "interest rate"],
    [
        "indemnité forfaitaire",
        "forfaitaire schadevergoeding",
        "lump-sum penalty",
    ],
    ["préavis", "opzegtermijn", "notice period"],
    [
        "tribunal compétent",
        "bevoegde rechtbank",
        "competent court",
    ],
];

/// The canonical name of a Belgian court's city, the same in fr, nl and en ("Brussel" and
/// "Bruxelles" are one court).
pub fn city(name: &str) -> String {
    let n = name.to_lowercase();
    let canon = match n.as_str() {
        "bruxelles" | "brussel" | "brussels" => "brussels",
        "anvers" | "antwerpen" | "antwerp" => "antwerp",
        "liège" | "liege" | "luik" => "liège",
        "gand" | "gent" | "ghent" => "ghent",
        "louvain" | "leuven" => "leuven",
        "malines" | "mechelen" => "mechelen",
        "bruges" | "brugge" => "bruges",
        "courtrai" | "kortrijk" => "kortrijk",
        "mons" | "bergen" => "mons",
        "namur" | "namen" => "namur",
        "tournai" | "doornik" => "tournai",
        "nivelles" | "nijvel" => "nivelles",
        "hasselt" => "hasselt",
        _ => return n,
    };
    canon.to_string()
}

/// Runs the check (see docs/checks.md).
pub fn run(ctx: &Ctx<'_>) -> Vec<Hit> {
    let legal = ctx
        .rates
        .legal_rate_for_year(chrono::Datelike::year(&ctx.date))
        .map(|r| r.percent)
        .unwrap_or_default();
    let b2b = ctx
        .rates
        .b2b_rate_on(ctx.date)
        .map(|r| r.percent)
        .unwrap_or_default();
    let found = statements(ctx.text, ctx.clauses().map(|(_, c)| c), legal, b2b);
    let mut hits = Vec::new();
    for (kind, statements) in found.iter().enumerate() {
        let Some(first) = statements.first() else {
            continue;
        };
        let mut reported: Vec<&str> = Vec::new();
        for st in &statements[1..] {
            if st.value == first.value || reported.contains(&st.value.as_str()) {
                continue;
            }
            reported.push(&st.value);
            let line = (ctx.line_of)(first.span.start);
            let [fr, nl, en] = KINDS[kind];
            let (a, b) = (&first.shown, &st.shown);
            hits.push(Hit {
                span: st.span.clone(),
                detail: detail(
                    format!("({fr} : « {b} » ici, « {a} » à la ligne {line})"),
                    format!("({nl}: \"{b}\" hier, \"{a}\" op regel {line})"),
                    format!("({en}: \"{b}\" here, \"{a}\" on line {line})"),
                ),
                related: Some(first.span.start),
            });
        }
    }
    hits
}

/// Every statement of the six quantities in `clauses` of `text`, in document order,
/// indexed by [`VALIDITY_DAYS`] … [`COURT_CITY`]; `legal` and `b2b` resolve "legal rate +
/// N". Shared with `clausier check`, which compares them with the workspace.
pub fn statements<'c>(
    text: &str,
    clauses: impl Iterator<Item = &'c crate::audit::segment::Clause>,
    legal: rust_decimal::Decimal,
    b2b: rust_decimal::Decimal,
) -> [Vec<Statement>; 6] {
    let mut found: [Vec<Statement>; 6] = Default::default();
    for clause in clauses {
        for sentence in numbers::sentences(text, clause.span.clone()) {
            let s = &text[sentence.clone()];
            if VALIDITY.is_match(s)
                && OFFER.is_match(s)
                && let Some(c) = DURATION.captures(s)
            {
                let m = c.get(0).expect("group 0");
                if let Some(days) = numbers::days_of(&c) {
                    found[0].push(Statement {
                        span: sentence.start + m.start()..sentence.start + m.end(),
                        value: days.to_string(),
                        shown: m.as_str().to_string(),
                    });
                }
            }
            if let Some((span, days)) = payment_term::terms_in(text, sentence.clone())
                .into_iter()
                .next()
            {
                found[1].push(Statement {
                    shown: text[span.clone()].to_string(),
                    span,
                    value: days.to_string(),
                });
            }
            if let Some(r) = late_interest::rates_in(text, sentence.clone(), legal, b2b)
                .into_iter()
                .next()
            {
                found[2].push(Statement {
                    shown: text[r.span.clone()].to_string(),
                    span: r.span,
                    value: r.annual.normalize().to_string(),
                });
            }
            if LATE.is_match(s)
                && let Some(p) = penalty::penalty_in(text, sentence.clone())
                && let Some(pct) = p.percent
            {
                found[3].push(Statement {
                    shown: format!("{} %", pct.normalize()),
                    span: p.span,
                    value: pct.normalize().to_string(),
                });
            }
            if NOTICE.is_match(s)
                && let Some(c) = DURATION.captures(s)
            {
                let m = c.get(0).expect("group 0");
                if let Some(days) = numbers::days_of(&c) {
                    found[4].push(Statement {
                        span: sentence.start + m.start()..sentence.start + m.end(),
                        value: days.to_string(),
                        shown: m.as_str().to_string(),
                    });
                }
            }
            if COMPETENT.is_match(s)
                && let Some(c) = COURT.captures(s)
            {
                let m = c.name("city").expect("city group");
                found[5].push(Statement {
                    span: sentence.start + m.start()..sentence.start + m.end(),
                    value: city(m.as_str()),
                    shown: m.as_str().to_string(),
                });
            }
        }
    }
    found
}
