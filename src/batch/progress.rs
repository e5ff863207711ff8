//! Progress while rendering: a bar with rate and ETA on a terminal, plain periodic
//! lines in logs and CI (where a bar would fill the log with control codes).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Receives progress; implementations decide how (or whether) to show it.
pub trait Progress: Sync {
    /// Rendering starts: `total` documents, `already` of them done by an earlier run.
    fn start(&self, total: usize, already: usize);
    /// `n` more documents are done.
    fn advance(&self, n: usize);
    /// Rendering is over.
    fn finish(&self);
}

/// The CLI's progress on stderr: a bar on a terminal, a line every few seconds otherwise.
pub enum Stderr {
    /// indicatif bar.
    Bar(ProgressBar),
    /// Plain lines.
    Lines(Mutex<LineState>),
}

/// State of the plain-line reporter.
pub struct LineState {
    total: usize,
    done: usize,
    started: Instant,
    last: Instant,
}

/// How often the plain reporter prints.
const LINE_EVERY: Duration = Duration::from_secs(2);

impl Stderr {
    /// Picks the bar when stderr is a terminal.
    pub fn new() -> Self {
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} invoices  {per_sec:.0}  ETA {eta}",
                )
                .expect("static template"),
            );
            Stderr::Bar(bar)
        } else {
            let now = Instant::now();
            Stderr::Lines(Mutex::new(LineState {
                total: 0,
                done: 0,
                started: now,
                last: now,
            }))
        }
    }
}

impl Default for Stderr {
    fn default() -> Self {
        Self::new()
    }
}

fn line(s: &LineState) -> String {
    let secs = s.started.elapsed().as_secs_f64().max(0.001);
    let rate = s.done as f64 / secs;
    let left = s.total.saturating_sub(s.done);
    let eta = if rate > 0.0 {
        format!("{:.0}s", left as f64 / rate)
    } else {
        "?".into()
    };
    format!(
        "batch: {}/{} invoices ({}%), {:.0}/s, ETA {eta}",
        s.done,
        s.total,
        (s.done * 100).checked_div(s.total).unwrap_or(100),
        rate
    )
}

impl Progress for Stderr {
    fn start(&self, total: usize, already: usize) {
        match self {
            Stderr::Bar(b) => {
                b.set_length(total as u64);
                b.set_position(already as u64);
                b.reset_eta();
            }
            Stderr::Lines(m) => {
                let mut s = m.lock().expect("progress lock");
                s.total = total;
                s.done = already;
                s.started = Instant::now();
                s.last = s.started;
            }
        }
    }
    fn advance(&self, n: usize) {
        match self {
            Stderr::Bar(b) => b.inc(n as u64),
            Stderr::Lines(m) => {
                let mut s = m.lock().expect("progress lock");
                s.done += n;
                if s.last.elapsed() >= LINE_EVERY {
                    s.last = Instant::now();
                    eprintln!("{}", line(&s));
                }
            }
        }
    }
    fn finish(&self) {
        match self {
            Stderr::Bar(b) => b.finish_and_clear(),
            Stderr::Lines(m) => {
                let s = m.lock().expect("progress lock");
                if s.total > 0 {
                    eprintln!("{}", line(&s));
                }
            }
        }
    }
}
