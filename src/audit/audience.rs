//! Audience detection: do the terms address consumers, professionals, or both?
//!
//! Consumer protection applies unless the terms explicitly restrict themselves to
//! professionals, so `auto` means: consumer rules run unless a restriction is found.
//! B2B rules run too unless the user says `--audience b2c`, because most Belgian terms
//! address both. The evidence found is reported with the findings.

use std::sync::LazyLock;

use regex::Regex;

/// Whom the terms are for, as decided for one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Businesses only.
    B2b,
    /// Consumers (possibly also businesses).
    B2c,
}

impl Audience {
    /// Parses "b2b" or "b2c".
    pub fn parse(s: &str) -> Option<Audience> {
        match s.to_ascii_lowercase().as_str() {
            "b2b" => Some(Audience::B2b),
            "b2c" => Some(Audience::B2c),
            _ => None,
        }
    }

    /// "b2b" or "b2c".
    pub fn code(self) -> &'static str {
        match self {
            Audience::B2b => "b2b",
            Audience::B2c => "b2c",
        }
    }
}

/// The `--audience` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AudienceChoice {
    /// Decide from the text.
    #[default]
    Auto,
    /// Force an audience.
    Fixed(Audience),
}

impl AudienceChoice {
    /// Parses "auto", "b2b" or "b2c".
    pub fn parse(s: &str) -> Option<AudienceChoice> {
        if s.eq_ignore_ascii_case("auto") {
            Some(AudienceChoice::Auto)
        } else {
            Audience::parse(s).map(AudienceChoice::Fixed)
        }
    }
}

/// What a piece of evidence points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// Mentions consumers or private persons.
    Consumer,
    /// Online or distance ordering (a consumer-sales signal).
    OnlineSales,
    /// Explicit restriction to professionals.
    ProfessionalsOnly,
}

/// One phrase that influenced the decision, with its byte span in the extracted text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Evidence {
    /// What it points to.
    pub kind: EvidenceKind,
    /// The phrase.
    pub text: String,
    /// Start offset in the extracted text.
    #[serde(skip)]
    pub offset: usize,
    /// 1-based line in the original file (filled by the engine).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// The decision for one document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AudienceDecision {
    /// The audience used for the stricter rules (penalty caps, consumer-only rules).
    pub audience: Audience,
    /// Whether B2C rules run.
    pub consumer_rules: bool,
    /// Whether B2B rules run.
    pub business_rules: bool,
    /// "flag" when forced by `--audience`, "auto" when detected.
    pub source: &'static str,
    /// Phrases found (first few of each kind).
    pub evidence: Vec<Evidence>,
}

static CONSUMER: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)\b(?:consommat(?:eur|rice)s?|consument(?:en)?|consumers?|particuliers?|priv[ée] ?persons?|particulieren|personne physique agissant à des fins (?:non )?priv[ée]es)\b",
    )
    .expect("consumer regex")
});
static NOT_CONSUMER: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)\b(?:en particulier|consumer price index|consumer prices)\b",
    )
    .expect("regex")
});
static ONLINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)\b(?:commandes? (?:passées? )?(?:en ligne|via (?:le|notre) site)|boutique en ligne|e-?shop|webshop|vente à distance|online (?:bestellen|bestelling|store|shop|orders?)|bestellingen? via (?:de|onze) website|verkoop op afstand|distance (?:sales?|contracts?)|order(?:s|ed)? (?:online|through (?:our|the) website))\b",
    )
    .expect("online regex")
});
static PROS_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(?:(?:exclusivement|uniquement|seulement|réservée?s?) (?:aux|à des|entre) (?:clients? )?(?:professionnels|entreprises)|ne s.appliquent? pas aux consommateurs|à l.exclusion des consommateurs|(?:uitsluitend|enkel|alleen) (?:voor|van toepassing op|bestemd voor) (?:professionele (?:klanten|afnemers)|ondernemingen|professionals)|niet van toepassing op consumenten|(?:exclusively|only) (?:for|to|with) (?:business(?:es| customers)?|professional (?:customers|clients))|(?:do|does|shall) not apply to consumers|not intended for consumers)",
    )
    .expect("professionals-only regex")
});

/// Decides the audience of `text` under `choice`, collecting evidence either way.
pub fn detect(text: &str, choice: AudienceChoice) -> AudienceDecision {
    let mut evidence = Vec::new();
    let push = |kind, re: &Regex, limit: usize, evidence: &mut Vec<Evidence>| {
        let mut n = 0;
        for m in re.find_iter(text) {
            if kind == EvidenceKind::Consumer
                && NOT_CONSUMER
                    .find_at(text, m.start().saturating_sub(3))
                    .is_some_and(|x| x.start() <= m.start() && x.end() >= m.end())
            {
                continue;
            }
            evidence.push(Evidence {
                kind,
                text: m.as_str().to_string(),
                offset: m.start(),
                line: 0,
                column: 0,
            });
            n += 1;
            if n >= limit {
                break;
            }
        }
    };
    push(
        EvidenceKind::ProfessionalsOnly,
        &PROS_ONLY,
        3,
        &mut evidence,
    );
    push(EvidenceKind::Consumer, &CONSUMER, 3, &mut evidence);
    push(EvidenceKind::OnlineSales, &ONLINE, 2, &mut evidence);
    evidence.sort_by_key(|e| e.offset);
    match choice {
        AudienceChoice::Fixed(a) => AudienceDecision {
            audience: a,
            consumer_rules: a == Audience::B2c,
            business_rules: a == Audience::B2b,
            source: "flag",
            evidence,
        },
        AudienceChoice::Auto => {
            let restricted = evidence
                .iter()
                .any(|e| e.kind == EvidenceKind::ProfessionalsOnly);
            AudienceDecision {
                audience: if restricted {
                    Audience::B2b
                } else {
                    Audience::B2c
                },
                consumer_rules: !restricted,
                business_rules: true,
                source: "auto",
                evidence,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_consumer_price_index_is_not_evidence_of_consumers() {
        let d = detect(
            "Prices are indexed on the consumer price index published by Statbel.",
            AudienceChoice::Auto,
        );
        assert!(d.evidence.is_empty());
    }

    #[test]
    fn terms_for_professionals_only_are_b2b() {
        let d = detect(
            "Les présentes conditions s'appliquent exclusivement aux professionnels.",
            AudienceChoice::Auto,
        );
        assert_eq!(d.audience, Audience::B2b);
        assert!(!d.consumer_rules);
        assert_eq!(d.evidence[0].kind, EvidenceKind::ProfessionalsOnly);
    }

    #[test]
    fn consumer_protection_applies_by_default_with_evidence() {
        let d = detect(
            "Le client, particulier ou professionnel, commande en ligne. En particulier, le prix.",
            AudienceChoice::Auto,
        );
        assert_eq!(d.audience, Audience::B2c);
        assert!(d.consumer_rules && d.business_rules);
        let texts: Vec<&str> = d.evidence.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, vec!["particulier", "commande en ligne"]);
    }
}
