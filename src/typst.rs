//! The pinned typst CLI (run through `crate::process`, the only module that spawns).
//!
//! Every compile runs in a fresh temporary directory used as `--root`, holding
//! only the generated `.typ`, its JSON data and its assets, so a template (even a
//! workspace override) cannot read anything else on the machine. Fonts are the
//! OFL fonts shipped in `fonts/` (embedded in the binary) plus typst's own, with
//! system fonts ignored, and the PDF creation date is the document's date: the
//! same input gives the same bytes on every machine. A timeout kills a runaway
//! typst.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use chrono::NaiveDate;

use crate::process::Tool;

/// The typst release the templates are written and tested against.
pub const REQUIRED_VERSION: &str = "0.15.1";

/// What to run when typst is missing or the wrong version.
pub const INSTALL_COMMAND: &str = "cargo install typst-cli --locked --version 0.15.1";

/// Environment variable naming the typst binary, for machines where it is not on PATH.
pub const TYPST_ENV: &str = "CLAUSIER_TYPST";

/// Environment variable overriding the compile timeout, in seconds.
pub const TIMEOUT_ENV: &str = "CLAUSIER_TYPST_TIMEOUT";

/// The fonts every document may use, embedded so the binary renders the same anywhere.
const FONTS: &[(&str, &[u8])] = &[
    (
        "Inter-Regular.otf",
        include_bytes!("../fonts/Inter-Regular.otf"),
    ),
    (
        "Inter-Italic.otf",
        include_bytes!("../fonts/Inter-Italic.otf"),
    ),
    (
        "Inter-Medium.otf",
        include_bytes!("../fonts/Inter-Medium.otf"),
    ),
    (
        "Inter-SemiBold.otf",
        include_bytes!("../fonts/Inter-SemiBold.otf"),
    ),
    ("Inter-Bold.otf", include_bytes!("../fonts/Inter-Bold.otf")),
];

/// Why typst did not produce a document.
#[derive(Debug, thiserror::Error)]
pub enum TypstError {
    /// No typst binary where we looked.
    #[error("typst was not found ({0})")]
    NotFound(String),
    /// A typst binary that is not the pinned release.
    #[error("{binary} is typst {found}, clausier needs typst {REQUIRED_VERSION}")]
    WrongVersion {
        /// The binary that answered.
        binary: PathBuf,
        /// What `typst --version` said.
        found: String,
    },
    /// typst ran longer than allowed and was killed.
    #[error("typst did not finish within {0} seconds and was stopped")]
    Timeout(u64),
    /// typst rejected the source; `stderr` holds its diagnostics (paths relative to the sandbox).
    #[error("typst could not compile {main}:\n{stderr}")]
    Compile {
        /// The main file that was compiled, relative to the sandbox.
        main: String,
        /// typst's diagnostics, verbatim.
        stderr: String,
    },
    /// A file could not be written or read around the compile.
    #[error("typst sandbox: {0}")]
    Io(#[from] std::io::Error),
    /// A sandbox file path that is absolute or climbs out with `..`.
    #[error("sandbox path {0} must be relative and stay inside the sandbox")]
    BadPath(PathBuf),
}

impl TypstError {
    /// What the user should do next, for the CLI's `hint:` line.
    pub fn hint(&self) -> String {
        match self {
            TypstError::NotFound(_) | TypstError::WrongVersion { .. } => format!(
                "install it with `{INSTALL_COMMAND}` (or `make setup`), or point {TYPST_ENV} to a typst {REQUIRED_VERSION} binary"
            ),
            TypstError::Timeout(_) => format!(
                "a template loops or the document is huge; raise the limit with {TIMEOUT_ENV}=SECONDS if it is legitimate"
            ),
            TypstError::Compile { .. } => "templates may only read the files clausier puts in the sandbox (the document's JSON data, QR code and logo); fix the template named above or remove your override from the workspace's templates/".to_string(),
            TypstError::Io(_) | TypstError::BadPath(_) => "check that the temporary directory is writable".to_string(),
        }
    }
}

/// Files of one compile: the main `.typ` and what it reads, all by relative path.
///
/// This is what a renderer produces and what `--emit-typst` writes next to the PDF,
/// so the same sandbox can be compiled again by hand with `typst compile --root`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sandbox {
    /// The main Typst file, relative to the sandbox root.
    pub main: PathBuf,
    /// Every file, the main one included, as (relative path, bytes).
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

impl Sandbox {
    /// Writes every file under `dir` (which must exist), refusing paths that escape it.
    pub fn write_to(&self, dir: &Path) -> Result<(), TypstError> {
        for (rel, bytes) in &self.files {
            check_relative(rel)?;
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)?;
        }
        Ok(())
    }

    /// The bytes of one file of the sandbox, for tests and snapshots.
    pub fn file(&self, rel: impl AsRef<Path>) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(p, _)| p == rel.as_ref())
            .map(|(_, b)| b.as_slice())
    }
}

fn check_relative(rel: &Path) -> Result<(), TypstError> {
    let ok =
        !rel.as_os_str().is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(TypstError::BadPath(rel.to_path_buf()))
    }
}

/// How to run typst.
#[derive(Debug, Clone)]
pub struct Options {
    /// The binary; `None` means `$CLAUSIER_TYPST`, then `typst` on PATH, then `~/.cargo/bin/typst`.
    pub binary: Option<PathBuf>,
    /// Kill typst after this long.
    pub timeout: Duration,
    /// A PDF standard to enforce (`--pdf-standard`), e.g. `a-3b` for a hybrid e-invoice.
    pub pdf_standard: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        let secs = std::env::var(TIMEOUT_ENV)
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or(60);
        Options {
            binary: std::env::var_os(TYPST_ENV)
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
            timeout: Duration::from_secs(secs.max(1)),
            pdf_standard: None,
        }
    }
}

/// Finds the typst binary, without running it.
pub fn locate(opts: &Options) -> Result<PathBuf, TypstError> {
    if let Some(bin) = &opts.binary {
        if bin.components().count() > 1 || bin.is_absolute() {
            return if bin.is_file() {
                Ok(bin.clone())
            } else {
                Err(TypstError::NotFound(format!(
                    "{TYPST_ENV} points to {}, which does not exist",
                    bin.display()
                )))
            };
        }
        return search_path(bin.as_os_str()).ok_or_else(|| {
            TypstError::NotFound(format!("{TYPST_ENV}={} is not on PATH", bin.display()))
        });
    }
    if let Some(found) = search_path("typst".as_ref()) {
        return Ok(found);
    }
    if let Some(home) = std::env::var_os("HOME") {
        let cargo_bin = Path::new(&home).join(".cargo/bin/typst");
        if cargo_bin.is_file() {
            return Ok(cargo_bin);
        }
    }
    Err(TypstError::NotFound(
        "not on PATH nor in ~/.cargo/bin".to_string(),
    ))
}

fn search_path(name: &std::ffi::OsStr) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Checks (once per binary and process) that the binary is the pinned typst release.
pub fn check_version(binary: &Path) -> Result<(), TypstError> {
    static CHECKED: OnceLock<Mutex<BTreeMap<PathBuf, String>>> = OnceLock::new();
    let cache = CHECKED.get_or_init(|| Mutex::new(BTreeMap::new()));
    let known = cache.lock().map(|c| c.get(binary).cloned()).unwrap_or(None);
    let version = match known {
        Some(v) => v,
        None => {
            let out = Tool::new(binary)
                .arg("--version")
                .capture_stdout()
                .capture_stderr()
                .output()
                .map_err(|e| {
                    TypstError::NotFound(format!("{} could not be run: {e}", binary.display()))
                })?;
            let text = out.stdout_text().trim().to_string();
            let v = text
                .split_whitespace()
                .nth(1)
                .unwrap_or("unknown")
                .to_string();
            if let Ok(mut c) = cache.lock() {
                c.insert(binary.to_path_buf(), v.clone());
            }
            v
        }
    };
    if version == REQUIRED_VERSION {
        Ok(())
    } else {
        Err(TypstError::WrongVersion {
            binary: binary.to_path_buf(),
            found: version,
        })
    }
}

/// The directory holding the shipped fonts, written once per machine into the temp dir
/// (content-addressed, so concurrent runs and upgrades never see a half-written set).
pub fn fonts_dir() -> Result<PathBuf, TypstError> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for (name, bytes) in FONTS {
        hasher.update(name.as_bytes());
        hasher.update(bytes);
    }
    let digest = hex::encode(hasher.finalize());
    let dir = std::env::temp_dir().join(format!("clausier-fonts-{}", &digest[..16]));
    for (name, bytes) in FONTS {
        let path = dir.join(name);
        let ok = std::fs::metadata(&path)
            .map(|m| m.len() == bytes.len() as u64)
            .unwrap_or(false);
        if !ok {
            crate::output::write_atomic(&path, bytes)?;
        }
    }
    Ok(dir)
}

/// Unix seconds of midnight UTC on `date`: the PDF's creation date.
pub fn creation_timestamp(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0)
        .map(|dt| dt.and_utc().timestamp())
        .unwrap_or(0)
}

/// The arguments shared by single and bundle compiles, after `typst compile`.
fn common_args(
    root: &Path,
    fonts: &Path,
    packages: &Path,
    creation: NaiveDate,
    opts: &Options,
) -> Vec<std::ffi::OsString> {
    // Packages: an empty directory, so `@local` packages of the user cannot be read
    // and `@preview` ones are not fetched.
    let mut args: Vec<std::ffi::OsString> = vec![
        "--root".into(),
        root.into(),
        "--ignore-system-fonts".into(),
        "--font-path".into(),
        fonts.into(),
        "--package-path".into(),
        packages.into(),
        "--package-cache-path".into(),
        packages.into(),
        "--creation-timestamp".into(),
        creation_timestamp(creation).to_string().into(),
        "--diagnostic-format".into(),
        "human".into(),
    ];
    if let Some(standard) = &opts.pdf_standard {
        args.push("--pdf-standard".into());
        args.push(standard.into());
    }
    args
}

/// Runs typst with a timeout; returns its stderr on success.
fn run(
    binary: &Path,
    args: Vec<std::ffi::OsString>,
    cwd: &Path,
    main: &Path,
    timeout: Duration,
) -> Result<String, TypstError> {
    let tool = Tool::new(binary)
        .arg("compile")
        .args(args)
        .current_dir(cwd)
        .env_remove_matching(|key| key.starts_with("TYPST_") || key == "SOURCE_DATE_EPOCH")
        .capture_stderr();
    let running = tool.spawn().map_err(|e| {
        TypstError::NotFound(format!("{} could not be started: {e}", binary.display()))
    })?;
    let Some(done) = running.wait(timeout)? else {
        return Err(TypstError::Timeout(timeout.as_secs()));
    };
    let stderr = done.stderr_text();
    if done.status.success() {
        Ok(stderr)
    } else {
        Err(TypstError::Compile {
            main: main.display().to_string(),
            stderr: stderr.trim_end().to_string(),
        })
    }
}

/// Compiles a sandbox to PDF bytes in a fresh temporary root.
pub fn compile(
    sandbox: &Sandbox,
    creation: NaiveDate,
    opts: &Options,
) -> Result<Vec<u8>, TypstError> {
    compile_with_warnings(sandbox, creation, opts).map(|(pdf, _)| pdf)
}

/// Like [`compile`], also returning typst's warnings (a missing glyph, a font a template
/// asks for that is not shipped), one diagnostic per entry, for the CLI to show.
pub fn compile_with_warnings(
    sandbox: &Sandbox,
    creation: NaiveDate,
    opts: &Options,
) -> Result<(Vec<u8>, Vec<String>), TypstError> {
    let binary = locate(opts)?;
    check_version(&binary)?;
    check_relative(&sandbox.main)?;
    let fonts = fonts_dir()?;
    let tmp = tempfile::Builder::new()
        .prefix("clausier-typst-")
        .tempdir()?;
    let root = tmp.path().join("root");
    let packages = tmp.path().join("packages");
    std::fs::create_dir_all(&root)?;
    std::fs::create_dir_all(&packages)?;
    sandbox.write_to(&root)?;
    let out = tmp.path().join("out.pdf");
    let mut args = common_args(&root, &fonts, &packages, creation, opts);
    args.push(root.join(&sandbox.main).into());
    args.push(out.clone().into());
    let stderr = run(&binary, args, &root, &sandbox.main, opts.timeout)?;
    Ok((std::fs::read(&out)?, warnings(&stderr)))
}

/// Splits typst's human diagnostics into one string per `warning:` (with its context lines).
fn warnings(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if let Some(rest) = line.strip_prefix("warning: ") {
            out.push(rest.to_string());
        } else if line.starts_with("error") {
            break;
        } else if let Some(last) = out.last_mut()
            && !line.trim().is_empty()
        {
            last.push('\n');
            last.push_str(line);
        }
    }
    out
}

/// Compiles a bundle project (typst 0.15 `--format bundle --features bundle`): `main`
/// (relative to `root`) declares several `#document("NAME.pdf")[...]`, and typst writes
/// each into `out_dir`. The batch renderer uses this to render hundreds of invoices per
/// process; `root` must hold only what those documents may read.
pub fn compile_bundle(
    root: &Path,
    main: &Path,
    out_dir: &Path,
    creation: NaiveDate,
    opts: &Options,
) -> Result<(), TypstError> {
    let binary = locate(opts)?;
    check_version(&binary)?;
    check_relative(main)?;
    let fonts = fonts_dir()?;
    let packages = tempfile::Builder::new()
        .prefix("clausier-packages-")
        .tempdir()?;
    std::fs::create_dir_all(out_dir)?;
    let mut args = common_args(root, &fonts, packages.path(), creation, opts);
    args.push("--format".into());
    args.push("bundle".into());
    args.push("--features".into());
    args.push("bundle".into());
    args.push(root.join(main).into());
    args.push(out_dir.into());
    run(&binary, args, root, main, opts.timeout)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creation_timestamp_is_midnight_utc_of_the_document_date() {
        assert_eq!(
            creation_timestamp(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
            1_767_225_600
        );
    }

    #[test]
    fn typst_warnings_are_split_one_per_diagnostic() {
        let stderr =
            "warning: unknown font family: comic\n  ┌─ a.typ:1:17\n  │\n\nwarning: second\n";
        assert_eq!(
            warnings(stderr),
            vec![
                "unknown font family: comic\n  ┌─ a.typ:1:17\n  │".to_string(),
                "second".to_string()
            ]
        );
        assert!(warnings("").is_empty());
    }

    #[test]
    fn sandbox_paths_cannot_escape_the_root() {
        assert!(check_relative(Path::new("a/b.typ")).is_ok());
        assert!(check_relative(Path::new("../etc/passwd")).is_err());
        assert!(check_relative(Path::new("/etc/passwd")).is_err());
        assert!(check_relative(Path::new("")).is_err());
    }

    #[test]
    fn a_missing_binary_named_by_the_environment_is_reported_with_the_install_command() {
        let opts = Options {
            binary: Some(PathBuf::from("/nonexistent/typst")),
            timeout: Duration::from_secs(5),
            pdf_standard: None,
        };
        let err = locate(&opts).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/typst"), "{err}");
        assert!(err.hint().contains(INSTALL_COMMAND));
    }
}
