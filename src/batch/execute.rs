//! Rendering allocated documents to PDFs, in parallel chunks, moving each document
//! through `allocated → rendered → done` so that a crash anywhere can be finished
//! by running the same command again.
//!
//! A chunk is one typst process in bundle mode (`#document(...)` per invoice, at
//! most [`MAX_CHUNK`] per process, see there for why).
//! A chunk that fails is compiled again one document at a time, so one bad document
//! is reported by its number and the others are delivered. A lone document is
//! also compiled as a bundle of one: bundle and single-file exports differ in
//! metadata, and a re-render after a crash must give the same bytes as the first.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::ledger::{DocState, DocumentRecord, Ledger, sha256_hex};

use super::hook;
use super::progress::Progress;

/// Most invoices per typst bundle. typst keeps every document of a bundle in memory
/// until it exports (about 3.3 MB per invoice measured with our templates: 650 MB
/// for 200) and overflows its default stack before 250. 50 keeps each typst process
/// near 200 MB while its start-up (≈0.2 s) stays under 10 % of the chunk's time.
pub const MAX_CHUNK: usize = 50;

pub use crate::typst::Sandbox;

/// Turns the recorded inputs of a numbered document into its Typst project.
pub trait DocumentSource: Sync {
    /// Builds the sandbox; an error is reported against the document's number.
    fn sandbox(&self, doc: &DocumentRecord) -> Result<Sandbox, String>;
}

/// Compiles a bundle project; production uses `crate::typst::compile_bundle`.
pub trait BundleCompiler: Sync {
    /// Checks the tool is there before any number is allocated.
    fn check(&self) -> anyhow::Result<()>;
    /// Compiles `root/main` in bundle mode into `out_dir`. The inner error is typst's
    /// diagnostics about the documents (the chunk falls back to one at a time); the
    /// outer error is a tool problem (typst missing, wrong version) that stops the batch.
    fn compile_bundle(
        &self,
        root: &Path,
        main: &Path,
        out_dir: &Path,
        creation: NaiveDate,
    ) -> anyhow::Result<Result<(), String>>;
}

/// A document that could not be delivered, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Its number (allocated and kept: a rerun finishes it).
    pub number: String,
    /// Client id.
    pub client_id: String,
    /// What went wrong (typst's diagnostics for a template error).
    pub message: String,
}

/// What the renderer needs around it.
pub struct Renderer<'a> {
    /// The register (shared by the worker threads).
    pub ledger: &'a Mutex<Ledger>,
    /// Workspace root the PDF paths are relative to.
    pub root: &'a Path,
    /// Recorded inputs to Typst projects.
    pub source: &'a dyn DocumentSource,
    /// typst.
    pub compiler: &'a dyn BundleCompiler,
    /// Worker threads (`--jobs`).
    pub jobs: usize,
    /// Progress display.
    pub progress: &'a dyn Progress,
    /// Copy each chunk's Typst project here (`--keep-typst`, for the benchmark and debugging).
    pub keep_typst: Option<&'a Path>,
}

fn lock(ledger: &Mutex<Ledger>) -> std::sync::MutexGuard<'_, Ledger> {
    // A worker that panicked cannot leave the ledger half-written (SQLite
    // transactions), so a poisoned lock is still safe to use.
    ledger.lock().unwrap_or_else(|e| e.into_inner())
}

/// Chunk size: spread the work over all workers, at most [`MAX_CHUNK`] per process.
pub fn chunk_size(documents: usize, jobs: usize) -> usize {
    let per_worker = documents.div_ceil(jobs.max(1) * 2);
    per_worker.clamp(1, MAX_CHUNK)
}

impl Renderer<'_> {
    /// Brings every document of `docs` to `done`, or reports why it could not.
    pub fn run(&self, docs: &[DocumentRecord]) -> anyhow::Result<Vec<Failure>> {
        let mut already = 0;
        let mut settled = Vec::new();
        let mut todo: Vec<&DocumentRecord> = Vec::new();
        for d in docs {
            match d.state {
                DocState::Done => already += 1,
                DocState::Rendered if self.file_matches(d) => settled.push(d.id),
                _ => todo.push(d),
            }
        }
        // A crash between the rename and `done`: the file is the recorded one.
        lock(self.ledger).mark_done(&settled)?;
        already += settled.len();
        self.progress.start(docs.len(), already);

        let size = chunk_size(todo.len(), self.jobs);
        let mut chunks: Vec<Vec<&DocumentRecord>> = Vec::new();
        // One creation date per bundle: chunks never mix issue dates.
        todo.sort_by_key(|d| (d.issue_date, d.kind, d.year, d.seq));
        for d in todo {
            match chunks.last_mut() {
                Some(c) if c.len() < size && c[0].issue_date == d.issue_date => c.push(d),
                _ => chunks.push(vec![d]),
            }
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs.max(1))
            .build()?;
        let results: Vec<anyhow::Result<Vec<Failure>>> =
            pool.install(|| chunks.par_iter().map(|c| self.chunk(c)).collect());
        self.progress.finish();
        let mut failures = Vec::new();
        for r in results {
            failures.extend(r?);
        }
        failures.sort_by(|a, b| a.number.cmp(&b.number));
        Ok(failures)
    }

    fn file_matches(&self, d: &DocumentRecord) -> bool {
        match (&d.pdf_sha256, std::fs::read(self.root.join(&d.pdf_path))) {
            (Some(sha), Ok(bytes)) => &sha256_hex(&bytes) == sha,
            _ => false,
        }
    }

    fn chunk(&self, docs: &[&DocumentRecord]) -> anyhow::Result<Vec<Failure>> {
        let rendered = render_chunk(self.source, self.compiler, docs, self.keep_typst)?;
        hook::pass("render");
        let mut failures = Vec::new();
        let mut good: Vec<(&DocumentRecord, Vec<u8>, String)> = Vec::new();
        for (d, result) in docs.iter().zip(rendered) {
            match result {
                Err(message) => failures.push(failure(d, message)),
                Ok(bytes) => {
                    let sha = sha256_hex(&bytes);
                    match &d.pdf_sha256 {
                        Some(recorded) if *recorded != sha => failures.push(failure(
                            d,
                            format!(
                                "the PDF rendered again from the recorded inputs differs from the one \
                                 recorded (sha256 {recorded}); the template, fonts or typst changed \
                                 since: restore them to finish this number"
                            ),
                        )),
                        _ => good.push((d, bytes, sha)),
                    }
                }
            }
        }
        let hashes: Vec<(i64, String)> = good.iter().map(|(d, _, s)| (d.id, s.clone())).collect();
        lock(self.ledger).mark_rendered(&hashes)?;
        hook::pass("rendered");
        for (d, bytes, _) in &good {
            crate::output::write_atomic(&self.root.join(&d.pdf_path), bytes).map_err(|e| {
                anyhow::anyhow!("{}: cannot write {}: {e}", d.number, d.pdf_path.display())
            })?;
            hook::pass("write");
        }
        let ids: Vec<i64> = good.iter().map(|(d, _, _)| d.id).collect();
        lock(self.ledger).mark_done(&ids)?;
        self.progress.advance(docs.len());
        Ok(failures)
    }
}

fn failure(d: &DocumentRecord, message: String) -> Failure {
    Failure {
        number: d.number.clone(),
        client_id: d.client_id.clone(),
        message,
    }
}

/// Escapes a string for a Typst string literal.
fn typst_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Directory (under the chunk root) and output name of a document: from the row
/// id, so no user text reaches a path.
fn slug(d: &DocumentRecord) -> String {
    format!("doc-{}", d.id)
}

fn bundle_main(docs: &[(&DocumentRecord, &Sandbox)]) -> String {
    let mut main = String::new();
    for (d, sb) in docs {
        let include = Path::new("d").join(slug(d)).join(&sb.main);
        main.push_str(&format!(
            "#document({}, title: {})[#include {}]\n",
            typst_string(&format!("{}.pdf", slug(d))),
            typst_string(&d.number),
            typst_string(&include.to_string_lossy()),
        ));
    }
    main
}

/// Compiles one chunk, falling back to one document at a time when the bundle fails.
/// Returns one result per document, in order.
pub fn render_chunk(
    source: &dyn DocumentSource,
    compiler: &dyn BundleCompiler,
    docs: &[&DocumentRecord],
    keep_typst: Option<&Path>,
) -> anyhow::Result<Vec<Result<Vec<u8>, String>>> {
    let tmp = tempfile::Builder::new()
        .prefix("clausier-batch-")
        .tempdir()?;
    let root = tmp.path().join("root");
    std::fs::create_dir_all(&root)?;
    let mut results: Vec<Option<Result<Vec<u8>, String>>> = vec![None; docs.len()];
    let mut ready: Vec<(usize, Sandbox)> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        match source.sandbox(d) {
            Err(e) => results[i] = Some(Err(e)),
            Ok(sb) => {
                let dir = root.join("d").join(slug(d));
                for (rel, bytes) in &sb.files {
                    let path = dir.join(rel);
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent)?;
                    }
                    std::fs::write(&path, bytes)?;
                }
                ready.push((i, sb));
            }
        }
    }
    let creation = docs.first().map(|d| d.issue_date).unwrap_or_default();
    let compile =
        |name: &str, members: &[(usize, Sandbox)]| -> anyhow::Result<Result<PathBuf, String>> {
            let pairs: Vec<(&DocumentRecord, &Sandbox)> =
                members.iter().map(|(i, sb)| (docs[*i], sb)).collect();
            let main = PathBuf::from(format!("{name}.typ"));
            std::fs::write(root.join(&main), bundle_main(&pairs))?;
            let out = tmp.path().join(format!("out-{name}"));
            Ok(compiler
                .compile_bundle(&root, &main, &out, creation)?
                .map(|()| out))
        };
    let read = |out: &Path, i: usize| -> Result<Vec<u8>, String> {
        std::fs::read(out.join(format!("{}.pdf", slug(docs[i]))))
            .map_err(|e| format!("typst produced no PDF for this document: {e}"))
    };
    if !ready.is_empty() {
        let outcome = compile("main", &ready)?;
        if let (Some(keep), Some(first)) = (keep_typst, docs.first()) {
            copy_tree(&root, &keep.join(format!("chunk-{}", first.id)))?;
        }
        match outcome {
            Ok(out) => {
                for (i, _) in &ready {
                    results[*i] = Some(read(&out, *i));
                }
            }
            Err(e) if ready.len() == 1 => results[ready[0].0] = Some(Err(e)),
            Err(_) => {
                for (i, sb) in ready {
                    let name = slug(docs[i]);
                    let one = [(i, sb)];
                    results[i] = Some(match compile(&name, &one)? {
                        Ok(out) => read(&out, i),
                        Err(e) => Err(e),
                    });
                }
            }
        }
    }
    Ok(results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not rendered".into())))
        .collect())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(from)
            .expect("inside the walked tree");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_spread_work_over_workers_and_never_exceed_the_bundle_limit() {
        assert_eq!(chunk_size(1000, 2), MAX_CHUNK);
        assert_eq!(chunk_size(60, 2), 15);
        assert_eq!(chunk_size(10_000, 8), MAX_CHUNK);
        assert_eq!(chunk_size(0, 2), 1);
    }

    #[test]
    fn numbers_reach_typst_only_inside_escaped_string_literals() {
        assert_eq!(typst_string(r#"2026-"1"\"#), r#""2026-\"1\"\\""#);
    }
}
