//! Errors a user can act on: they name the file, line, column and field, with a hint.

use std::fmt;
use std::path::PathBuf;

/// An input or usage problem; the CLI prints it and exits with code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    /// File the problem is in, when there is one.
    pub file: Option<PathBuf>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// Field (YAML key path or CSV column) at fault.
    pub field: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do next.
    pub hint: Option<String>,
}

impl UserError {
    /// Starts an error from a message so call sites read like prose.
    pub fn new(message: impl Into<String>) -> Self {
        UserError {
            file: None,
            line: None,
            column: None,
            field: None,
            message: message.into(),
            hint: None,
        }
    }
    /// Attaches the file the problem was found in.
    pub fn file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }
    /// Attaches a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
    /// Attaches the field name.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
    /// Attaches a hint that tells the user what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        write!(f, "error: ")?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UserError {}
