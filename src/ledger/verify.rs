//! `ledger verify`: the register proves itself — no gap, no duplicate, every PDF
//! on disk is the one recorded.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use rayon::prelude::*;

use super::{DocKind, DocState, DocumentRecord, Ledger, sha256_hex};

/// One thing wrong with the register, stated so an accountant can act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Sequence numbers missing from a series.
    Gap {
        /// Series kind.
        kind: DocKind,
        /// Series year.
        year: i32,
        /// Missing sequence numbers.
        missing: Vec<u32>,
    },
    /// The same sequence number recorded twice (impossible with the schema's
    /// unique keys; checked anyway because the file could be edited by hand).
    Duplicate {
        /// Series kind.
        kind: DocKind,
        /// Series year.
        year: i32,
        /// Duplicated sequence number.
        seq: u32,
    },
    /// A document whose number is allocated but whose PDF is not finished.
    Unfinished {
        /// Document number.
        number: String,
        /// Where it stopped.
        state: DocState,
    },
    /// A finished document whose PDF is missing.
    MissingPdf {
        /// Document number.
        number: String,
        /// Expected file.
        path: PathBuf,
    },
    /// A PDF on disk that is not the recorded one.
    PdfMismatch {
        /// Document number.
        number: String,
        /// File checked.
        path: PathBuf,
        /// Recorded SHA-256.
        expected: String,
        /// SHA-256 of the file.
        found: String,
    },
    /// The recorded inputs no longer match their hash (the database was edited).
    InputsAltered {
        /// Document number.
        number: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Gap {
                kind,
                year,
                missing,
            } => {
                let list: Vec<String> = missing.iter().map(u32::to_string).collect();
                write!(
                    f,
                    "{kind} series {year}: gap, sequence numbers missing: {}",
                    list.join(", ")
                )
            }
            Problem::Duplicate { kind, year, seq } => {
                write!(f, "{kind} series {year}: sequence number {seq} used twice")
            }
            Problem::Unfinished { number, state } => write!(
                f,
                "{number}: {} but its PDF is not finished (rerun the batch to finish it)",
                state.as_str()
            ),
            Problem::MissingPdf { number, path } => {
                write!(f, "{number}: PDF missing at {}", path.display())
            }
            Problem::PdfMismatch {
                number,
                path,
                expected,
                found,
            } => write!(
                f,
                "{number}: {} is not the issued PDF (recorded sha256 {expected}, file {found})",
                path.display()
            ),
            Problem::InputsAltered { number } => {
                write!(f, "{number}: recorded inputs do not match their hash")
            }
        }
    }
}

/// What `verify` looked at and what it found.
#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    /// Documents checked.
    pub documents: usize,
    /// Series checked, with their last sequence number.
    pub series: Vec<(DocKind, i32, u32)>,
    /// Everything wrong; empty means the register is sound.
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    /// True when nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

pub(super) fn verify(ledger: &Ledger) -> anyhow::Result<VerifyReport> {
    let docs = ledger.list(None, None)?;
    let series = ledger.series()?;
    let mut problems = Vec::new();

    let mut by_series: BTreeMap<(DocKind, i32), Vec<u32>> = BTreeMap::new();
    for d in &docs {
        by_series.entry((d.kind, d.year)).or_default().push(d.seq);
    }
    for &(kind, year, last) in &series {
        let mut seqs = by_series.remove(&(kind, year)).unwrap_or_default();
        seqs.sort_unstable();
        let mut missing = Vec::new();
        let mut expected = 1;
        for pair in seqs.windows(2) {
            if pair[0] == pair[1] {
                problems.push(Problem::Duplicate {
                    kind,
                    year,
                    seq: pair[0],
                });
            }
        }
        seqs.dedup();
        for &s in &seqs {
            while expected < s {
                missing.push(expected);
                expected += 1;
            }
            expected = s + 1;
        }
        while expected <= last {
            missing.push(expected);
            expected += 1;
        }
        // Quotes are not tax documents and may carry the number their author wrote, so
        // only invoices and credit notes must be gap-free (VAT Code art. 53 §2).
        if !missing.is_empty() && kind != DocKind::Quote {
            problems.push(Problem::Gap {
                kind,
                year,
                missing,
            });
        }
    }

    let root = ledger.root().to_path_buf();
    let mut file_problems: Vec<(usize, Problem)> = docs
        .par_iter()
        .enumerate()
        .filter_map(|(i, d)| check_document(&root, d).map(|p| (i, p)))
        .collect();
    file_problems.sort_by_key(|(i, _)| *i);
    problems.extend(file_problems.into_iter().map(|(_, p)| p));

    Ok(VerifyReport {
        documents: docs.len(),
        series,
        problems,
    })
}

fn check_document(root: &std::path::Path, d: &DocumentRecord) -> Option<Problem> {
    if sha256_hex(d.inputs.as_bytes()) != d.inputs_sha256 {
        return Some(Problem::InputsAltered {
            number: d.number.clone(),
        });
    }
    if d.state != DocState::Done {
        return Some(Problem::Unfinished {
            number: d.number.clone(),
            state: d.state,
        });
    }
    let path = root.join(&d.pdf_path);
    let expected = d.pdf_sha256.clone().unwrap_or_default();
    match std::fs::read(&path) {
        Err(_) => Some(Problem::MissingPdf {
            number: d.number.clone(),
            path: d.pdf_path.clone(),
        }),
        Ok(bytes) => {
            let found = sha256_hex(&bytes);
            (found != expected).then(|| Problem::PdfMismatch {
                number: d.number.clone(),
                path: d.pdf_path.clone(),
                expected,
                found,
            })
        }
    }
}
