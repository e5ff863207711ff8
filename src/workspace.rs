//! Finds and loads `clausier.yaml` and the client files of a workspace.
//!
//! A workspace is a directory holding `clausier.yaml` (issuer, defaults, numbering) and
//! `clients/*.yaml`. Commands find it by walking up from the current directory, like git,
//! or take `--workspace DIR`. Everything is validated on load so a command never starts
//! writing documents from a workspace with a bad IBAN or a 90-day B2B term.

// UserError carries file, position, field and hint by design; boxing it would only
// move the allocation, and errors are the cold path.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::error::UserError;
use crate::model::numbering::validate_pattern;
use crate::model::yaml::did_you_mean;
use crate::model::{Client, ClientKind, Config, Source, VatRegime};

/// The configuration file that marks a workspace root.
pub const CONFIG_FILE: &str = "clausier.yaml";

/// Largest payment term a B2B contract may set (Law of 2 August 2002, art. 4, as amended
/// by the Law of 14 August 2021). Fixed by statute, not a rate: kept here with its citation.
pub const B2B_MAX_TERM_DAYS: u32 = 60;

/// The citation shown whenever a B2B term is refused.
pub const B2B_TERM_LAW: &str = "Law of 2 August 2002 on late payment in commercial transactions, art. 4, as amended by the Law of 14 August 2021: a term over 60 days is deemed unwritten";

/// A loaded, validated workspace.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Directory holding `clausier.yaml`.
    pub root: PathBuf,
    /// Parsed `clausier.yaml`.
    pub config: Config,
    /// Clients by id.
    pub clients: BTreeMap<String, Client>,
    /// Text of `clausier.yaml`, for positioned errors.
    pub config_source: Source,
    /// Text of each client file by client id, for positioned errors.
    pub client_sources: BTreeMap<String, Source>,
}

impl Workspace {
    /// Uses `--workspace` when given, otherwise walks up from `cwd`.
    pub fn open(explicit: Option<&Path>, cwd: &Path) -> Result<Self, UserError> {
        match explicit {
            Some(dir) => Workspace::load(dir),
            None => Workspace::discover(cwd),
        }
    }

    /// Walks up from `start` to the first directory holding `clausier.yaml`.
    pub fn discover(start: &Path) -> Result<Self, UserError> {
        match find_root(start) {
            Some(root) => Workspace::load(&root),
            None => Err(UserError::new(format!(
                "no {CONFIG_FILE} found in {} or any parent directory",
                start.display()
            ))
            .hint("run `clausier init DIR` to create a workspace, or pass `--workspace DIR`")),
        }
    }

    /// Loads `dir/clausier.yaml` and `dir/clients/*.yaml`, validating both.
    pub fn load(dir: &Path) -> Result<Self, UserError> {
        let config_path = dir.join(CONFIG_FILE);
        if !config_path.is_file() {
            return Err(
                UserError::new(format!("{} has no {CONFIG_FILE}", dir.display()))
                    .hint("run `clausier init DIR` to create a workspace, or check `--workspace`"),
            );
        }
        let config_source = Source::read(&config_path)?;
        let config: Config = config_source.parse()?;
        let mut ws = Workspace {
            root: dir.to_path_buf(),
            config,
            clients: BTreeMap::new(),
            config_source,
            client_sources: BTreeMap::new(),
        };
        ws.check_config()?;
        ws.load_clients()?;
        Ok(ws)
    }

    /// The client with this id.
    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.get(id)
    }

    /// The error for a document naming a client that does not exist, with the nearest id.
    pub fn unknown_client(&self, id: &str, src: &Source, field: &str) -> UserError {
        let ids: Vec<String> = self.clients.keys().cloned().collect();
        src.error(field, format!("unknown client `{id}`"))
            .hint(did_you_mean(id, &ids, "client ids"))
    }

    /// The payment term that applies to `client`: its own, else the workspace default.
    pub fn payment_term_days(&self, client: &Client) -> u32 {
        client
            .payment_term_days
            .unwrap_or(self.config.defaults.payment_term_days)
    }

    /// Where the term of `client` is written, for errors: (source, field).
    pub fn payment_term_origin(&self, client: &Client) -> (&Source, &'static str) {
        match (
            client.payment_term_days,
            self.client_sources.get(&client.id),
        ) {
            (Some(_), Some(src)) => (src, "payment_term_days"),
            _ => (&self.config_source, "defaults.payment_term_days"),
        }
    }

    /// Resolves a path written in a workspace file (logo, terms) and refuses escapes.
    ///
    /// Relative paths are taken from the workspace root; `..` may not climb above it, and an
    /// absolute path must point inside it (symlinks included), so a shared workspace cannot
    /// make clausier read `/etc/passwd` into a PDF.
    pub fn resolve_path(&self, p: &Path, src: &Source, field: &str) -> Result<PathBuf, UserError> {
        let escape = || {
            src.error(
                field,
                format!("path `{}` points outside the workspace", p.display()),
            )
            .hint(format!(
                "write a path relative to the workspace root ({}), without `..`",
                self.root.display()
            ))
        };
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            let mut depth: i64 = 0;
            for c in p.components() {
                match c {
                    Component::ParentDir => depth -= 1,
                    Component::Normal(_) => depth += 1,
                    Component::CurDir => {}
                    Component::RootDir | Component::Prefix(_) => return Err(escape()),
                }
                if depth < 0 {
                    return Err(escape());
                }
            }
            self.root.join(p)
        };
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        match joined.canonicalize() {
            Ok(real) if real.starts_with(&root) => Ok(real),
            Ok(_) => Err(escape()),
            Err(_) => Err(src
                .error(field, format!("file `{}` not found", p.display()))
                .hint(format!(
                    "paths are relative to the workspace root ({})",
                    self.root.display()
                ))),
        }
    }

    fn check_config(&self) -> Result<(), UserError> {
        let src = &self.config_source;
        let c = &self.config;
        let issuer = &c.issuer;
        match (&issuer.vat_number, c.defaults.vat_regime) {
            (None, VatRegime::Normal) => {
                return Err(src
                    .error("issuer", "missing required field")
                    .field("issuer.vat_number")
                    .hint("a VAT-registered issuer prints its VAT number on every invoice (VAT Code art. 53 §2); set `defaults.vat_regime: franchise` if you are under the small-business franchise"));
            }
            (Some(vat), _) => {
                let expected = format!("BE{}", issuer.enterprise_number.digits());
                if vat.as_str() != expected {
                    return Err(src
                        .error(
                            "issuer.vat_number",
                            format!(
                                "VAT number {vat} does not match enterprise number {}",
                                issuer.enterprise_number
                            ),
                        )
                        .hint(format!(
                            "a Belgian VAT number is `BE` + the enterprise number: `{expected}`"
                        )));
                }
            }
            (None, VatRegime::Franchise) => {}
        }
        if c.defaults.payment_term_days > B2B_MAX_TERM_DAYS {
            return Err(src
                .error(
                    "defaults.payment_term_days",
                    format!(
                        "default payment term of {} days exceeds the {B2B_MAX_TERM_DAYS}-day maximum for business customers",
                        c.defaults.payment_term_days
                    ),
                )
                .hint(format!("{B2B_TERM_LAW}; use at most {B2B_MAX_TERM_DAYS}, and set a longer term on consumer clients only")));
        }
        for (field, pattern) in [
            ("numbering.invoice", &c.numbering.invoice),
            ("numbering.quote", &c.numbering.quote),
            ("numbering.credit_note", &c.numbering.credit_note),
        ] {
            if let Err(msg) = validate_pattern(pattern) {
                return Err(src
                    .error(field, msg)
                    .hint("placeholders are `{year}`, `{seq}` and `{seq:05}` (zero-padded to 5 digits), e.g. \"{year}-{seq:05}\""));
            }
        }
        check_email(&issuer.email, src, "issuer.email")?;
        if let Some(logo) = &issuer.logo {
            self.resolve_path(logo, src, "issuer.logo")?;
        }
        Ok(())
    }

    fn load_clients(&mut self) -> Result<(), UserError> {
        let dir = self.root.join("clients");
        if !dir.is_dir() {
            return Ok(());
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| UserError::new(format!("cannot list clients: {e}")).file(&dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
            })
            .collect();
        files.sort();
        for path in files {
            let src = Source::read(&path)?;
            let client: Client = src.parse()?;
            check_client(&client, &src)?;
            if let Some(other) = self.client_sources.get(&client.id) {
                return Err(src
                    .error("id", format!("client id `{}` is used twice", client.id))
                    .hint(format!(
                        "{} already uses it; give each client its own id",
                        other.path.display()
                    )));
            }
            self.client_sources.insert(client.id.clone(), src);
            self.clients.insert(client.id.clone(), client);
        }
        Ok(())
    }
}

/// Checks what serde cannot: id syntax and the statutory B2B term.
fn check_client(client: &Client, src: &Source) -> Result<(), UserError> {
    let id_ok = !client.id.is_empty()
        && client
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !id_ok {
        return Err(src
            .error("id", format!("client id `{}` is not a valid id", client.id))
            .hint("use letters, digits, `-` and `_` only, e.g. `atelier-dupont`"));
    }
    if let Some(email) = &client.email {
        check_email(email, src, "email")?;
    }
    if let (ClientKind::B2b, Some(days)) = (client.kind, client.payment_term_days)
        && days > B2B_MAX_TERM_DAYS
    {
        return Err(src
                .error(
                    "payment_term_days",
                    format!(
                        "payment term of {days} days exceeds the {B2B_MAX_TERM_DAYS}-day maximum for business customers"
                    ),
                )
                .hint(format!("{B2B_TERM_LAW}; use at most {B2B_MAX_TERM_DAYS}")));
    }
    Ok(())
}

/// A light plausibility check: documents print the address, so a missing `@` is a typo.
fn check_email(email: &str, src: &Source, field: &str) -> Result<(), UserError> {
    let ok = match email.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty() && domain.contains('.') && !email.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(src
            .error(field, format!("`{email}` is not an e-mail address"))
            .hint("write it as name@example.be"))
    }
}

/// The nearest ancestor of `start` (itself included) that holds `clausier.yaml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}
