//! Crash safety: SIGKILL at many points (allocation, rendering, renaming), rerun,
//! and the ledger still holds 1..N with no gap, no duplicate, one matching PDF each.
//! Also two batches at once on one ledger.

mod ledger_support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use ledger_support::*;

const PAUSED: &str = "clausier: test pause at";

fn batch(dir: &std::path::Path, feed: &str) -> Command {
    let mut cmd = clausier(dir);
    cmd.args([
        "batch",
        "invoices",
        feed,
        "--date",
        "2026-11-05",
        "--jobs",
        "2",
    ]);
    cmd
}

/// Runs the batch until it pauses at `point` (`PHASE:N`), then SIGKILLs it.
fn kill_at(dir: &std::path::Path, feed: &str, point: &str) {
    let mut child = batch(dir, feed)
        .env("CLAUSIER_TEST_PAUSE_AT", point)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = Vec::new();
    let mut paused = false;
    for line in stderr.lines() {
        let line = line.unwrap();
        if line.starts_with(PAUSED) {
            paused = true;
            break;
        }
        seen.push(line);
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(paused, "{feed}: never reached {point}; stderr: {seen:?}");
}

/// Runs the batch and SIGKILLs it after `ms` milliseconds, wherever it is.
fn kill_after(dir: &std::path::Path, feed: &str, ms: u64) {
    let mut child = batch(dir, feed)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(ms));
    let _ = child.kill();
    child.wait().unwrap();
}

/// After any kill: what is recorded is a gap-free prefix, and only unfinished
/// documents may lack their PDF.
fn assert_sound_prefix(dir: &std::path::Path, context: &str) {
    let numbers = numbers(dir);
    assert_eq!(numbers, expected_numbers(numbers.len()), "{context}");
    let (_, report) = verify(dir);
    for line in report.lines().filter(|l| l.starts_with("error:")) {
        assert!(
            line.contains("but its PDF is not finished"),
            "{context}: {line}\n{report}"
        );
    }
}

fn finish(dir: &std::path::Path, feed: &str) {
    let out = batch(dir, feed).output().unwrap();
    assert!(
        out.status.success(),
        "{feed}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A small deterministic generator, seeded from the clock and printed, so a failing
/// run can be replayed with CLAUSIER_CRASH_SEED.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn sigkill_at_a_dozen_points_then_rerun_leaves_numbers_1_to_n_each_with_its_own_pdf() {
    let seed = std::env::var("CLAUSIER_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("CLAUSIER_CRASH_SEED={seed}");
    let mut rng = Lcg(seed);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    workspace(d, 24);
    for (name, period) in [
        ("f1.csv", "2026-08"),
        ("f2.csv", "2026-09"),
        ("f3.csv", "2026-10"),
    ] {
        std::fs::write(d.join(name), feed(24, period, |c| 1 + c % 4)).unwrap();
    }
    // 24 invoices per feed, 2 workers → chunks of 6; every phase is hit at least once,
    // at a position drawn at random. A kill after a random delay comes last for its feed:
    // on an idle machine the batch may already be complete by then, and a later
    // "pause at" point would never be reached.
    let plan: Vec<(&str, String)> = vec![
        ("f1.csv", format!("allocate:{}", 1 + rng.next(24))),
        ("f1.csv", format!("render:{}", 1 + rng.next(4))),
        ("f1.csv", "rendered:1".to_string()),
        ("f1.csv", format!("write:{}", 1 + rng.next(6))),
        ("f1.csv", "finish:1".to_string()),
        ("f2.csv", format!("write:{}", 1 + rng.next(12))),
        ("f2.csv", "rendered:1".to_string()),
        ("f2.csv", "random".to_string()),
        ("f3.csv", format!("allocate:{}", 1 + rng.next(24))),
        ("f3.csv", "render:1".to_string()),
        ("f3.csv", "random".to_string()),
        ("f3.csv", "random".to_string()),
    ];
    for (i, (feed, point)) in plan.iter().enumerate() {
        if point == "random" {
            kill_after(d, feed, 30 + rng.next(400));
        } else {
            kill_at(d, feed, point);
        }
        assert_sound_prefix(
            d,
            &format!("after SIGKILL of {feed} at {point} (seed {seed})"),
        );
        // Finish a feed once the plan moves past it.
        if plan.get(i + 1).is_none_or(|(f, _)| f != feed) {
            finish(d, feed);
            assert_sound_prefix(d, &format!("after finishing {feed}"));
        }
    }
    let (ok, report) = verify(d);
    assert!(ok, "seed {seed}: {report}");
    assert_eq!(numbers(d), expected_numbers(72));
    let expected_files: Vec<String> = expected_numbers(72)
        .iter()
        .map(|n| format!("{n}.pdf"))
        .collect();
    assert_eq!(pdfs(d), expected_files);

    // Every feed is done: running any of them again changes nothing.
    let out = batch(d, "f2.csv").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to do"));
    assert_eq!(numbers(d).len(), 72);
}

#[test]
fn batches_started_at_the_same_time_on_one_ledger_never_share_a_number() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    workspace(d, 15);
    std::fs::write(d.join("october.csv"), feed(15, "2026-10", |c| 1 + c % 3)).unwrap();
    std::fs::write(d.join("november.csv"), feed(15, "2026-11", |c| 1 + c % 2)).unwrap();
    // The same feed under another name is the same batch: it must wait, then do nothing.
    std::fs::copy(d.join("october.csv"), d.join("october-copy.csv")).unwrap();
    let children: Vec<_> = ["october.csv", "november.csv", "october-copy.csv"]
        .iter()
        .map(|f| {
            batch(d, f)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(numbers(d), expected_numbers(30));
    let (ok, report) = verify(d);
    assert!(ok, "{report}");
}
