//! Crash-test hook: `CLAUSIER_TEST_PAUSE_AT=PHASE:N` stops the process at the N-th
//! passage through PHASE so a test can SIGKILL it there.
//!
//! Killing at a random instant rarely lands inside a short window (the allocation
//! transaction lasts milliseconds); pausing first makes every phase reachable.
//! Phases: `allocate` (after the N-th document is inserted, inside the allocation
//! transaction), `render` (after the N-th chunk is compiled, before its hashes are
//! recorded), `rendered` (after the N-th chunk's hashes are recorded, before any
//! file is written), `write` (after the N-th PDF is renamed into place, before it
//! is marked done) and `finish` (all done, batch not yet closed). Unset, it costs
//! one atomic load.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Environment variable naming the pause point; for tests only.
pub const PAUSE_ENV: &str = "CLAUSIER_TEST_PAUSE_AT";

/// Line printed on stderr when paused, so the test knows when to kill.
pub const PAUSED_MARK: &str = "clausier: test pause at";

struct Pause {
    phase: String,
    at: usize,
    count: AtomicUsize,
}

fn pause() -> Option<&'static Pause> {
    static PAUSE: OnceLock<Option<Pause>> = OnceLock::new();
    PAUSE
        .get_or_init(|| {
            let v = std::env::var(PAUSE_ENV).ok()?;
            let (phase, at) = v.split_once(':')?;
            Some(Pause {
                phase: phase.to_string(),
                at: at.parse().ok()?,
                count: AtomicUsize::new(0),
            })
        })
        .as_ref()
}

/// Marks one passage through `phase`; blocks forever at the configured one.
pub fn pass(phase: &str) {
    let Some(p) = pause() else { return };
    if p.phase != phase {
        return;
    }
    let n = p.count.fetch_add(1, Ordering::SeqCst) + 1;
    if n == p.at {
        eprintln!("{PAUSED_MARK} {phase}:{n}");
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}
