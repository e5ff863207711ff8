//! The only module that spawns a process. Every external tool clausier runs (typst,
//! xmllint, java with Saxon-HE, pdftotext) goes through [`Tool`], so the rules are
//! in one place: stdin is always closed, output is read on threads (a chatty tool can
//! never block on a full pipe), a timeout kills the child, and callers choose which
//! environment variables the child must not inherit.
//!
//! What a tool *means* (typst's sandbox, the Peppol rule sets) stays with its caller
//! (`crate::typst`, `crate::peppol::validate`); this module only runs it.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::Duration;

use wait_timeout::ChildExt;

/// One command line to run: program, arguments, working directory, environment.
#[derive(Debug, Clone)]
pub struct Tool {
    program: PathBuf,
    args: Vec<OsString>,
    cwd: Option<PathBuf>,
    env_remove: Vec<OsString>,
    capture_stdout: bool,
    capture_stderr: bool,
}

/// A tool that ran to its end: exit status and what it printed (empty when not captured).
#[derive(Debug, Clone)]
pub struct Finished {
    /// The exit status.
    pub status: ExitStatus,
    /// Standard output, when captured.
    pub stdout: Vec<u8>,
    /// Standard error, when captured.
    pub stderr: Vec<u8>,
}

impl Finished {
    /// Standard output as text (lossy UTF-8).
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Standard error as text (lossy UTF-8).
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// A started tool, so several can run at once (the two Saxon rule sets).
#[derive(Debug)]
pub struct Running {
    child: Child,
    stdout: Option<JoinHandle<Vec<u8>>>,
    stderr: Option<JoinHandle<Vec<u8>>>,
}

impl Tool {
    /// A command running `program` (a path, or a name looked up on PATH).
    pub fn new(program: impl AsRef<Path>) -> Self {
        Tool {
            program: program.as_ref().to_path_buf(),
            args: Vec::new(),
            cwd: None,
            env_remove: Vec::new(),
            capture_stdout: false,
            capture_stderr: false,
        }
    }

    /// Adds one argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Adds several arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Runs the tool in `dir`.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.cwd = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Removes every inherited environment variable whose name `matches`, so a user's
    /// setting (`TYPST_*`, `SOURCE_DATE_EPOCH`) cannot change what the tool produces.
    pub fn env_remove_matching(mut self, matches: impl Fn(&str) -> bool) -> Self {
        for (key, _) in std::env::vars_os() {
            if matches(&key.to_string_lossy()) {
                self.env_remove.push(key);
            }
        }
        self
    }

    /// Keeps standard output (otherwise discarded).
    pub fn capture_stdout(mut self) -> Self {
        self.capture_stdout = true;
        self
    }

    /// Keeps standard error (otherwise discarded).
    pub fn capture_stderr(mut self) -> Self {
        self.capture_stderr = true;
        self
    }

    /// The program this tool runs, for messages.
    pub fn program(&self) -> &Path {
        &self.program
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args).stdin(Stdio::null());
        if let Some(dir) = &self.cwd {
            cmd.current_dir(dir);
        }
        for key in &self.env_remove {
            cmd.env_remove(key);
        }
        let pipe = |keep: bool| if keep { Stdio::piped() } else { Stdio::null() };
        cmd.stdout(pipe(self.capture_stdout))
            .stderr(pipe(self.capture_stderr));
        cmd
    }

    /// True when the tool starts and exits 0 (a presence check such as `java -version`).
    pub fn runs(&self) -> bool {
        let mut cmd = self.command();
        cmd.stdout(Stdio::null()).stderr(Stdio::null());
        cmd.status().map(|s| s.success()).unwrap_or(false)
    }

    /// Starts the tool; the error is the operating system's (not found, not executable).
    pub fn spawn(&self) -> std::io::Result<Running> {
        let mut child = self.command().spawn()?;
        let stdout = child.stdout.take().map(read_on_thread);
        let stderr = child.stderr.take().map(read_on_thread);
        Ok(Running {
            child,
            stdout,
            stderr,
        })
    }

    /// Runs the tool to its end without a time limit (quick, bounded tools only).
    pub fn output(&self) -> std::io::Result<Finished> {
        let mut running = self.spawn()?;
        let status = running.child.wait()?;
        Ok(running.collect(status))
    }

    /// Runs the tool; `Ok(None)` when it ran longer than `timeout` and was killed.
    pub fn run(&self, timeout: Duration) -> std::io::Result<Option<Finished>> {
        self.spawn()?.wait(timeout)
    }
}

impl Running {
    /// Waits at most `timeout`; a tool still running then is killed and `Ok(None)` returned.
    pub fn wait(mut self, timeout: Duration) -> std::io::Result<Option<Finished>> {
        match self.child.wait_timeout(timeout)? {
            Some(status) => Ok(Some(self.collect(status))),
            None => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                // The reader threads end when the pipes close; they are not waited for,
                // so a grandchild holding a pipe open cannot hang the caller.
                Ok(None)
            }
        }
    }

    fn collect(&mut self, status: ExitStatus) -> Finished {
        let join =
            |h: Option<JoinHandle<Vec<u8>>>| h.and_then(|h| h.join().ok()).unwrap_or_default();
        Finished {
            status,
            stdout: join(self.stdout.take()),
            stderr: join(self.stderr.take()),
        }
    }
}

/// Drains a pipe on its own thread, so the child never blocks on a full pipe.
fn read_on_thread(mut pipe: impl Read + Send + 'static) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

/// Extracts the text of a PDF (reading order, UTF-8) with poppler's `pdftotext`; the
/// auditor reads PDF terms through it.
pub fn pdftotext(pdf: &[u8]) -> std::io::Result<String> {
    use std::io::Write;
    let mut input = tempfile::NamedTempFile::new()?;
    input.write_all(pdf)?;
    input.flush()?;
    let tool = Tool::new("pdftotext")
        .args(["-enc", "UTF-8", "-q"])
        .arg(input.path())
        .arg("-")
        .capture_stdout()
        .capture_stderr();
    let running = tool.spawn().map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot run pdftotext ({e}); install poppler-utils"),
        )
    })?;
    let Some(done) = running.wait(Duration::from_secs(60))? else {
        return Err(std::io::Error::other("pdftotext took more than 60 s"));
    };
    if !done.status.success() {
        return Err(std::io::Error::other(format!(
            "pdftotext failed ({}): not a readable PDF",
            done.status
        )));
    }
    Ok(done.stdout_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_fails_to_start_and_does_not_run() {
        let tool = Tool::new("/nonexistent/clausier-tool");
        assert!(!tool.runs());
        let err = tool.spawn().unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn output_is_captured_only_when_asked() {
        let both = Tool::new("sh")
            .args(["-c", "echo out; echo err >&2; exit 3"])
            .capture_stdout()
            .capture_stderr()
            .output()
            .unwrap();
        assert_eq!(both.status.code(), Some(3));
        assert_eq!(
            (both.stdout_text(), both.stderr_text()),
            ("out\n".into(), "err\n".into())
        );
        let none = Tool::new("sh")
            .args(["-c", "echo out; echo err >&2"])
            .output()
            .unwrap();
        assert!(none.status.success());
        assert_eq!((none.stdout.len(), none.stderr.len()), (0, 0));
    }

    #[test]
    fn a_tool_past_its_timeout_is_killed() {
        let done = Tool::new("sh")
            .args(["-c", "exec sleep 30"])
            .run(Duration::from_millis(200))
            .unwrap();
        assert!(done.is_none());
    }

    #[test]
    fn the_working_directory_and_removed_variables_reach_the_child() {
        let dir = tempfile::tempdir().unwrap();
        let done = Tool::new("sh")
            .args(["-c", "pwd; echo \"${HOME:-unset}\""])
            .current_dir(dir.path())
            .env_remove_matching(|k| k == "HOME")
            .capture_stdout()
            .output()
            .unwrap();
        let text = done.stdout_text();
        let mut lines = text.lines();
        assert_eq!(
            std::fs::canonicalize(lines.next().unwrap()).unwrap(),
            std::fs::canonicalize(dir.path()).unwrap()
        );
        assert_eq!(lines.next(), Some("unset"));
    }
}
