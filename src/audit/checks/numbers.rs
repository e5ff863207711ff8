//! Reading numbers the way Belgian terms write them: "1,5 %", "2.500 EUR", "€ 1 000,00".

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

/// A percentage: "10%", "1,5 %", "12 pour cent", "8 procent", "5 percent".
pub static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(\d{1,4}(?:[.,]\d{1,3})?)\s?(?:%|pour\s?cents?\b|procent\b|per\s?cent\b|percent\b|pct\b\.?|p\.\s?c\.|p/m\b)",
    )
    .expect("percent regex")
});

/// An amount in euros, before or after the number.
pub static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)(?:(?:€|\bEUR\b|\beuros?\b)\s?(\d[\d.,\u{a0}\u{202f} ]*\d|\d)|(\d[\d.,\u{a0}\u{202f} ]*\d|\d)\s?(?:€|EUR\b|euros?\b|,-))",
    )
    .expect("amount regex")
});

/// A duration: "30 jours", "60 dagen", "2 mois", "90 days", "3 maanden", "2 semaines".
pub static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(
        r"(?i)\b(\d{1,4})\)?\s*(?:\([\w\s-]+\)\s*)?(jours?|j\.|dagen|dag|days?|kalenderdagen|werkdagen|business\s+days|calendar\s+days|jours\s+ouvrables|mois|maanden|maand|months?|semaines?|weken|week|weeks|ans?|années?|jaar|jaren|years?)\b",
    )
    .expect("duration regex")
});

/// A sentence boundary inside a clause.
static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(r"[.;!?][*_»\x22”’)\]]*(?:\s+|$)").expect("sentence regex")
});

/// Parses a percentage number ("1,5" or "1.5").
pub fn percent_value(s: &str) -> Option<Decimal> {
    s.replace(',', ".").parse().ok()
}

/// Parses an amount ("2.500", "2 500", "1.000,50", "75", "12,5").
pub fn amount_value(s: &str) -> Option<Decimal> {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (last_dot, last_comma) = (s.rfind('.'), s.rfind(','));
    let normalized = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (None, Some(c)) => {
            if s.len() - c - 1 == 3 {
                s.replace(',', "")
            } else {
                s.replace(',', ".")
            }
        }
        (Some(d), None) => {
            if s.len() - d - 1 == 3 || s.matches('.').count() > 1 {
                s.replace('.', "")
            } else {
                s
            }
        }
        (None, None) => s,
    };
    normalized.trim_end_matches('.').parse().ok()
}

/// Value of an `AMOUNT` match.
pub fn amount_of(caps: &regex::Captures<'_>) -> Option<Decimal> {
    amount_value(caps.get(1).or(caps.get(2))?.as_str())
}

/// Days of a `DURATION` match (months ×30, weeks ×7, years ×365).
pub fn days_of(caps: &regex::Captures<'_>) -> Option<u32> {
    let n: u32 = caps.get(1)?.as_str().parse().ok()?;
    let unit = caps.get(2)?.as_str().to_lowercase();
    let factor = if unit.starts_with("mo") || unit.starts_with("maand") || unit.starts_with("month")
    {
        30
    } else if unit.starts_with("sem") || unit.starts_with("wee") {
        7
    } else if unit.starts_with("an")
        || unit.starts_with("ann")
        || unit.starts_with("jaar")
        || unit.starts_with("jaren")
        || unit.starts_with("year")
    {
        365
    } else {
        1
    };
    n.checked_mul(factor)
}

/// The sentences of `text[range]` as absolute ranges.
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let body = &text[range.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    for m in SENTENCE_END.find_iter(body) {
        // "2.500" and "art. 5" are not sentence ends: require whitespace after '.'.
        let end = m.start() + 1;
        if is_abbreviation(&body[start..m.start()], &body[m.end()..]) {
            continue;
        }
        if end > start {
            out.push(range.start + start..range.start + end);
        }
        start = m.end();
    }
    if start < body.len() {
        out.push(range.start + start..range.end);
    }
    out
}

/// True when the '.' ending `before` closes an abbreviation ("min.", "art.", "p.c.")
/// followed by a lowercase word or a number, so not the end of a sentence.
fn is_abbreviation(before: &str, after: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_lowercase();
    let next = after.chars().next();
    let continues = next.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == '€');
    continues
        && matches!(
            word.as_str(),
            "min"
                | "max"
                | "art"
                | "p.c"
                | "pct"
                | "p.a"
                | "nr"
                | "n°"
                | "cf"
                | "bv"
                | "bijv"
                | "vb"
                | "e.g"
                | "i.e"
                | "incl"
                | "excl"
                | "resp"
                | "ca"
                | "env"
                | "o.a"
                | "ex"
                | "al"
        )
}

/// Number words (fr, nl, en) and their values; tens and units combine ("vingt-cinq",
/// "vijfenzeventig", "forty-five").
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("un", 1),
    ("une", 1),
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("six", 6),
    ("sept", 7),
    ("huit", 8),
    ("neuf", 9),
    ("dix", 10),
    ("onze", 11),
    ("douze", 12),
    ("treize", 13),
    ("quatorze", 14),
    ("quinze", 15),
    ("seize", 16),
    ("vingt", 20),
    ("vingts", 20),
    ("trente", 30),
    ("quarante", 40),
    ("cinquante", 50),
    ("soixante", 60),
    ("septante", 70),
    ("huitante", 80),
    ("octante", 80),
    ("nonante", 90),
    ("cent", 100),
    ("cents", 100),
    ("een", 1),
    ("één", 1),
    ("twee", 2),
    ("drie", 3),
    ("vier", 4),
    ("vijf", 5),
    ("zes", 6),
    ("zeven", 7),
    ("acht", 8),
    ("negen", 9),
    ("tien", 10),
    ("elf", 11),
    ("twaalf", 12),
    ("dertien", 13),
    ("veertien", 14),
    ("vijftien", 15),
    ("zestien", 16),
    ("zeventien", 17),
    ("achttien", 18),
    ("negentien", 19),
    ("twintig", 20),
    ("dertig", 30),
    ("veertig", 40),
    ("vijftig", 50),
    ("zestig", 60),
    ("zeventig", 70),
    ("tachtig", 80),
    ("negentig", 90),
    ("honderd", 100),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
];

/// Value of one number word, Dutch compounds included ("vijfenveertig", "honderdtwintig").
fn word_value(w: &str) -> Option<u32> {
    if let Some(&(_, v)) = NUMBER_WORDS.iter().find(|(k, _)| *k == w) {
        return Some(v);
    }
    if let Some(rest) = w.strip_prefix("honderd") {
        return Some(100 + word_value(rest)?);
    }
    // Dutch "units + en/ën + tens": vijfenzeventig, tweeëntwintig.
    for sep in ["en", "ën"] {
        for (i, _) in w.match_indices(sep) {
            let (unit, tens) = (&w[..i], &w[i + sep.len()..]);
            match (word_value(unit), word_value(tens)) {
                (Some(u @ 1..=9), Some(t)) if (20..100).contains(&t) && t % 10 == 0 => {
                    return Some(t + u);
                }
                _ => {}
            }
        }
    }
    None
}

/// A number written in words ("douze", "soixante-quinze", "quatre-vingt-dix", "nonante",
/// "twaalf", "vijfenzeventig", "ninety", "one hundred and twenty"), up to 999.
pub fn word_number(s: &str) -> Option<u32> {
    let s = s
        .to_lowercase()
        .replace("quatre-vingt", "octante")
        .replace("quatre vingt", "octante");
    let mut total = 0u32;
    let mut any = false;
    for tok in s.split(|c: char| c.is_whitespace() || c == '-') {
        if tok.is_empty() || matches!(tok, "et" | "and" | "a") {
            continue;
        }
        let v = word_value(tok)?;
        any = true;
        total = if v == 100 {
            total.max(1) * 100
        } else {
            total + v
        };
    }
    any.then_some(total)
}

/// One number written in words (a sequence of number words), for the regexes below.
static WORD_NUMBER: LazyLock<String> = LazyLock::new(|| {
    let mut words: Vec<&str> = NUMBER_WORDS.iter().map(|(w, _)| *w).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let token = format!(
        r"(?:(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)|honderd\w*|{})",
        words.join("|")
    );
    format!(r"(?:{token}(?:(?:\s+|-)(?:(?:et|and)(?:\s+|-))?{token}){{0,3}})")
});

/// A percentage written in words: "douze pour cent", "twaalf procent", "one percent",
/// "anderhalf procent" (1.5), "un et demi pour cent".
static WORD_PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(&format!(
        r"(?i)\b(?P<ah>anderhalf|anderhalve)\s+procent\b|\b(?P<n>{})(?P<half>\s+(?:et\s+demi|and\s+a\s+half|en\s+een\s+half))?\s+(?:pour\s?cents?|procent|per\s?cent|percent)\b",
        *WORD_NUMBER
    ))
    .expect("word percent regex")
});

/// A duration written in words: "nonante jours", "negentig dagen", "ninety (90) days".
static WORD_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::audit::boundary::regex(&format!(
        r"(?i)\b(?P<n>{})\s+(?:\(\d+\)\s*)?(?P<u>jours?|dagen|days?|calendar\s+days|kalenderdagen|mois|maanden|maand|months?|semaines?|weken|weeks?)\b",
        *WORD_NUMBER
    ))
    .expect("word duration regex")
});

/// The value of a word sequence matched by `WORD_NUMBER`: the longest tail that reads as a
/// number ("de douze" → 12), with its start offset in `s`.
fn trailing_word_number(s: &str) -> Option<(usize, u32)> {
    let mut starts: Vec<usize> = vec![0];
    starts.extend(
        s.char_indices()
            .filter(|(_, c)| c.is_whitespace() || *c == '-')
            .map(|(i, c)| i + c.len_utf8()),
    );
    starts
        .into_iter()
        .find_map(|i| word_number(&s[i..]).map(|v| (i, v)))
}

/// Every percentage in `s`, in digits ("12 %", "1,5 pct", "12 p.c.", "1,5 p/m") or in
/// words ("douze pour cent"), as (span of the number and its sign, value), in order.
/// A word form followed by the same figure in digits ("douze pour cent (12 %)") counts once.
pub fn percents(s: &str) -> Vec<(Range<usize>, Decimal)> {
    let mut out: Vec<(Range<usize>, Decimal)> = Vec::new();
    for c in PERCENT.captures_iter(s) {
        let (Some(m), Some(n)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(v) = percent_value(n.as_str()) else {
            continue;
        };
        // "1,5 p/m": the span stops before "p/m" so that the period reads it.
        let tail = m.as_str().to_lowercase();
        let end = if tail.ends_with("p/m") {
            n.end()
        } else {
            m.end()
        };
        out.push((m.start()..end, v));
    }
    for c in WORD_PERCENT.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        let (start, v) = if c.name("ah").is_some() {
            (m.start(), Decimal::new(15, 1))
        } else {
            let Some(n) = c.name("n") else { continue };
            let Some((off, v)) = trailing_word_number(n.as_str()) else {
                continue;
            };
            let half = if c.name("half").is_some() {
                Decimal::new(5, 1)
            } else {
                Decimal::ZERO
            };
            (n.start() + off, Decimal::from(v) + half)
        };
        let near_digits = out
            .iter()
            .any(|(r, _)| r.start >= m.end() && r.start <= m.end() + 4);
        if !near_digits {
            out.push((start..m.end(), v));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// Every duration in `s` in days (months ×30, weeks ×7, years ×365), in digits ("90
/// jours", "ninety (90) days") or in words ("nonante jours", "negentig dagen"), in order.
pub fn durations(s: &str) -> Vec<(Range<usize>, u32)> {
    let mut out: Vec<(Range<usize>, u32)> = DURATION
        .captures_iter(s)
        .filter_map(|c| Some((c.get(0)?.range(), days_of(&c)?)))
        .collect();
    for c in WORD_DURATION.captures_iter(s) {
        let (Some(m), Some(n), Some(u)) = (c.get(0), c.name("n"), c.name("u")) else {
            continue;
        };
        let Some((off, v)) = trailing_word_number(n.as_str()) else {
            continue;
        };
        if v == 0
            || out
                .iter()
                .any(|(r, _)| r.start < m.end() && m.start() < r.end)
        {
            continue;
        }
        let unit = u.as_str().to_lowercase();
        let factor = if unit.starts_with("mo") || unit.starts_with("maand") {
            30
        } else if unit.starts_with("sem") || unit.starts_with("wee") {
            7
        } else {
            1
        };
        out.push((n.start() + off..m.end(), v * factor));
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn belgian_amount_formats() {
        assert_eq!(amount_value("2.500"), Some(dec!(2500)));
        assert_eq!(amount_value("2 500"), Some(dec!(2500)));
        assert_eq!(amount_value("1.000,50"), Some(dec!(1000.50)));
        assert_eq!(amount_value("12,5"), Some(dec!(12.5)));
        assert_eq!(amount_value("1,000.50"), Some(dec!(1000.50)));
        assert_eq!(amount_value("75"), Some(dec!(75)));
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(word_number("douze"), Some(12));
        assert_eq!(word_number("soixante-quinze"), Some(75));
        assert_eq!(word_number("quatre-vingt-dix"), Some(90));
        assert_eq!(word_number("nonante"), Some(90));
        assert_eq!(word_number("vingt et un"), Some(21));
        assert_eq!(word_number("cent vingt"), Some(120));
        assert_eq!(word_number("vijfenzeventig"), Some(75));
        assert_eq!(word_number("tweeëntwintig"), Some(22));
        assert_eq!(word_number("zeventien"), Some(17));
        assert_eq!(word_number("honderdtwintig"), Some(120));
        assert_eq!(word_number("forty-five"), Some(45));
        assert_eq!(word_number("one hundred and twenty"), Some(120));
        assert_eq!(word_number("paiement"), None);
    }

    #[test]
    fn percentages_in_digits_abbreviations_and_words() {
        let v = |s: &str| percents(s).into_iter().map(|p| p.1).collect::<Vec<_>>();
        assert_eq!(
            v("un intérêt de retard de douze pour cent l'an"),
            vec![dec!(12)]
        );
        assert_eq!(v("douze pour cent (12 %) l'an"), vec![dec!(12)]);
        assert_eq!(v("een intrest van 1 procent per maand"), vec![dec!(1)]);
        assert_eq!(v("een intrest van twaalf procent"), vec![dec!(12)]);
        assert_eq!(v("anderhalf procent per maand"), vec![dec!(1.5)]);
        assert_eq!(v("interest of one and a half percent"), vec![dec!(1.5)]);
        assert_eq!(v("12 pct l'an et 12 p.c. l'an"), vec![dec!(12), dec!(12)]);
        assert_eq!(v("12%, 1,5 %"), vec![dec!(12), dec!(1.5)]);
        let p = percents("een verwijlintrest van 1,5 p/m");
        assert_eq!(p.len(), 1);
        assert_eq!(&"een verwijlintrest van 1,5 p/m"[p[0].0.clone()], "1,5");
    }

    #[test]
    fn durations_in_digits_and_words() {
        let v = |s: &str| durations(s).into_iter().map(|d| d.1).collect::<Vec<_>>();
        assert_eq!(v("payable à nonante jours"), vec![90]);
        assert_eq!(v("binnen negentig dagen einde maand"), vec![90]);
        assert_eq!(v("within ninety (90) days"), vec![90]);
        assert_eq!(v("within sixty (60) days"), vec![60]);
        assert_eq!(v("à trois mois"), vec![90]);
        assert_eq!(v("à 45 jours"), vec![45]);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let s = "majoré de 10 % (min. 50 EUR). Le solde est dû.";
        assert_eq!(sentences(s, 0..s.len()).len(), 2);
        let s = "intérêt de 12 p.c. l'an. Fin.";
        assert_eq!(sentences(s, 0..s.len()).len(), 2);
    }

    #[test]
    fn durations_in_days() {
        let c = DURATION.captures("payable à 2 mois").unwrap();
        assert_eq!(days_of(&c), Some(60));
        let c = DURATION.captures("binnen 75 dagen").unwrap();
        assert_eq!(days_of(&c), Some(75));
    }
}
