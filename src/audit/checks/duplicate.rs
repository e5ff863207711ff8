//! `duplicate-clause`: near-identical paragraphs. Scraped pages often carry every
//! paragraph twice and merged templates repeat clauses with small edits, which leaves a
//! reader unsure which version binds.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::{Ctx, Hit, detail};

/// Lower-case words without accents, numbering or punctuation.
fn normalize(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    for w in s.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let mut out = String::with_capacity(w.len());
        for c in w.chars().flat_map(char::to_lowercase) {
            out.push(match c {
                'à' | 'â' | 'ä' | 'á' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'î' | 'ï' | 'í' => 'i',
                'ô' | 'ö' | 'ó' => 'o',
                'ù' | 'û' | 'ü' | 'ú' => 'u',
                'ç' => 'c',
                other => other,
            });
        }
        words.push(out);
    }
    words
}

fn hash<T: Hash>(t: &T) -> u64 {
    let mut h = DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

fn shingles(words: &[String]) -> Vec<u64> {
    let mut v: Vec<u64> = if words.len() < 3 {
        vec![hash(&words)]
    } else {
        words.windows(3).map(|w| hash(&w)).collect()
    };
    v.sort_unstable();
    v.dedup();
    v
}

fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Runs the check (see docs/checks.md).
pub fn run(ctx: &Ctx<'_>) -> Vec<Hit> {
    let p = ctx.params;
    // (paragraph index, span, shingles)
    let mut paras = Vec::new();
    for span in &ctx.seg.paragraphs {
        let words = normalize(&ctx.text[span.clone()]);
        let chars: usize = words.iter().map(|w| w.chars().count() + 1).sum();
        if chars < p.min_chars {
            continue;
        }
        paras.push((span.clone(), hash(&words), shingles(&words)));
    }
    // Candidate pairs: identical text, or the same smallest shingle (bottom-1 sketch).
    let mut by_exact: HashMap<u64, usize> = HashMap::new();
    let mut by_min: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, (_, exact, sh)) in paras.iter().enumerate() {
        if let Some(&first) = by_exact.get(exact) {
            pairs.push((first, i));
            continue;
        }
        by_exact.insert(*exact, i);
        let key = sh.first().copied().unwrap_or(0);
        let bucket = by_min.entry(key).or_default();
        if let Some(&first) = bucket
            .iter()
            .find(|&&j| jaccard(&paras[j].2, sh) >= p.threshold)
        {
            pairs.push((first, i));
        } else {
            bucket.push(i);
        }
    }
    // Collapse runs of consecutive repeats (a page scraped twice) into one finding.
    let mut hits: Vec<Hit> = Vec::new();
    let mut k = 0;
    while k < pairs.len() {
        let (first, dup) = pairs[k];
        let mut run_end = k;
        while run_end + 1 < pairs.len()
            && pairs[run_end + 1].1 <= pairs[run_end].1 + 2
            && pairs[run_end + 1].0 > pairs[run_end].0
            && pairs[run_end + 1].0 <= pairs[run_end].0 + 2
        {
            run_end += 1;
        }
        let n = run_end - k + 1;
        let first_line = (ctx.line_of)(paras[first].0.start);
        let span = paras[dup].0.clone();
        let detail = if n == 1 {
            detail(
                format!("(copie du paragraphe de la ligne {first_line})"),
                format!("(kopie van de alinea op regel {first_line})"),
                format!("(copy of the paragraph on line {first_line})"),
            )
        } else {
            let last_line = (ctx.line_of)(paras[pairs[run_end].1].0.start);
            detail(
                format!(
                    "({n} paragraphes répétés jusqu'à la ligne {last_line}, le premier à la ligne {first_line})"
                ),
                format!(
                    "({n} alinea's herhaald tot regel {last_line}, de eerste op regel {first_line})"
                ),
                format!(
                    "({n} paragraphs repeated up to line {last_line}, the first on line {first_line})"
                ),
            )
        };
        hits.push(Hit {
            span: span.start
                ..span
                    .end
                    .min(span.start + ctx.text[span.clone()].find('\n').unwrap_or(span.len())),
            detail,
            related: Some(paras[first].0.start),
        });
        k = run_end + 1;
    }
    hits
}
