//! Language detection by stop words: terms are long enough that counting a few dozen
//! frequent words per language tells French, Dutch and English apart reliably.

use std::fmt;

/// A language the auditor has rules and messages for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French.
    Fr,
    /// Dutch.
    Nl,
    /// English.
    En,
}

impl Lang {
    /// All languages, in the order messages and patterns are listed.
    pub const ALL: [Lang; 3] = [Lang::Fr, Lang::Nl, Lang::En];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Parses "fr", "nl" or "en" (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

const FR: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "du",
    "et",
    "est",
    "une",
    "un",
    "pour",
    "par",
    "dans",
    "que",
    "qui",
    "sur",
    "au",
    "aux",
    "ce",
    "ces",
    "sont",
    "avec",
    "sera",
    "être",
    "ou",
    "pas",
    "son",
    "sa",
    "ses",
    "leur",
    "client",
    "présentes",
    "conditions",
    "à",
    "l",
    "d",
    "qu",
    "s",
    "n",
    "il",
    "elle",
];
const NL: &[&str] = &[
    "het",
    "een",
    "en",
    "van",
    "is",
    "dat",
    "die",
    "voor",
    "met",
    "op",
    "zijn",
    "wordt",
    "niet",
    "aan",
    "bij",
    "door",
    "ook",
    "worden",
    "deze",
    "naar",
    "om",
    "voorwaarden",
    "klant",
    "zal",
    "kan",
    "wij",
    "u",
    "uw",
    "der",
    "tot",
    "binnen",
    "hij",
    "onze",
];
const EN: &[&str] = &[
    "the",
    "and",
    "to",
    "is",
    "a",
    "that",
    "for",
    "be",
    "by",
    "with",
    "are",
    "this",
    "shall",
    "any",
    "as",
    "will",
    "which",
    "from",
    "you",
    "your",
    "we",
    "our",
    "may",
    "it",
    "not",
    "terms",
    "such",
    "agreement",
    "these",
    "within",
];

/// Counts of stop words per language in `text`, in `Lang::ALL` order.
pub fn scores(text: &str) -> [usize; 3] {
    let mut counts = [0usize; 3];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.len() <= 12)
    {
        let lower;
        let w = if word.chars().any(char::is_uppercase) {
            lower = word.to_lowercase();
            lower.as_str()
        } else {
            word
        };
        if FR.contains(&w) {
            counts[0] += 1;
        }
        if NL.contains(&w) {
            counts[1] += 1;
        }
        if EN.contains(&w) {
            counts[2] += 1;
        }
    }
    counts
}

/// The language with most stop words, or `None` when fewer than `min_hits` were seen
/// (a heading or a short line cannot be told apart).
pub fn detect(text: &str, min_hits: usize) -> Option<Lang> {
    best(scores(text), min_hits)
}

/// Picks the winner of `scores`; ties and thin evidence give `None`.
pub fn best(counts: [usize; 3], min_hits: usize) -> Option<Lang> {
    let (idx, &max) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
    if max < min_hits || counts.iter().filter(|&&c| c == max).count() > 1 {
        return None;
    }
    Some(Lang::ALL[idx])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_three_languages_apart() {
        assert_eq!(
            detect(
                "Les factures sont payables dans les 30 jours par virement.",
                2
            ),
            Some(Lang::Fr)
        );
        assert_eq!(
            detect(
                "De facturen zijn betaalbaar binnen 30 dagen na ontvangst.",
                2
            ),
            Some(Lang::Nl)
        );
        assert_eq!(
            detect("Invoices shall be paid within 30 days by bank transfer.", 2),
            Some(Lang::En)
        );
        assert_eq!(detect("Article 5", 2), None);
    }
}
