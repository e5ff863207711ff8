//! Embeds the example workspace (`examples/agency`) so `clausier init` works from the binary alone.
//!
//! Generates `$OUT_DIR/scaffold.rs`: a sorted list of (relative path, bytes) for every file
//! under `examples/agency`, except rendered output (`out/`), ledgers and hidden files. New
//! example files (e.g. terms selections) are picked up without editing any list.
//!
//! Also generates `$OUT_DIR/rules.rs`: every audit rule file under `rules/`.

use std::path::{Path, PathBuf};

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        if path.is_dir() {
            if rel == Path::new("out") {
                continue;
            }
            collect(root, &path, out);
        } else if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("pdf" | "db" | "sqlite" | "sqlite3" | "typ" | "lock")
        ) {
            out.push(rel);
        }
    }
}

fn main() {
    embed_rules();
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = manifest.join("examples").join("agency");
    println!("cargo:rerun-if-changed=examples/agency");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut src = String::from(
        "/// Files of the example workspace: (path relative to the workspace, contents).\npub const SCAFFOLD: &[(&str, &[u8])] = &[\n",
    );
    for rel in files {
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let abs = root.join(&rel);
        src.push_str(&format!(
            "    ({rel_str:?}, include_bytes!({:?})),\n",
            abs.to_string_lossy()
        ));
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("scaffold.rs");
    std::fs::write(out, src).expect("write scaffold.rs");
}

/// Embeds every rules/*.yaml (see src/audit/embedded.rs) so adding an audit rule is
/// adding a file: generates `$OUT_DIR/rules.rs`.
fn embed_rules() {
    use std::fmt::Write;
    println!("cargo:rerun-if-changed=rules");
    // At run time, not `env!`: a build script compiled in another checkout (a copied
    // target/) must still read this checkout's rules.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it");
    let dir = std::path::Path::new(&manifest).join("rules");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".yaml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("&[\n");
    for name in &names {
        let path = dir.join(name);
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write to string");
    }
    out.push(']');
    let target = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("rules.rs");
    std::fs::write(target, out).expect("write rules.rs");
}
