//! The clock retry loops read: a recording scope's virtual clock when one is
//! active on this thread, otherwise tokio's clock (which tests can pause), otherwise
//! the system's monotonic clock.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::sleep::recording;

pub(crate) fn now() -> Instant {
    if let Some(virtual_now) = recording::virtual_now() {
        return virtual_now;
    }
    #[cfg(feature = "tokio")]
    {
        tokio::time::Instant::now().into_std()
    }
    #[cfg(not(feature = "tokio"))]
    {
        Instant::now()
    }
}

/// A point in time taken at most once, in 8 bytes instead of an `Instant`'s 16:
/// nanoseconds since an anchor set well before any clock this crate reads (over a
/// year before the anchor was first taken, where the platform's clock allows it).
#[derive(Debug)]
pub(crate) struct LazyStamp(AtomicU64);

const UNSET: u64 = u64::MAX;

impl LazyStamp {
    pub(crate) fn unset() -> Self {
        LazyStamp(AtomicU64::new(UNSET))
    }

    pub(crate) fn set_if_unset(&self) {
        if !self.is_set() {
            self.0.store(since_anchor(now()).min(UNSET - 1), Ordering::Relaxed);
        }
    }

    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed) != UNSET
    }

    /// Time since the stamp was taken; zero if it never was.
    pub(crate) fn elapsed(&self) -> Duration {
        match self.0.load(Ordering::Relaxed) {
            UNSET => Duration::ZERO,
            start => Duration::from_nanos(since_anchor(now()).saturating_sub(start)),
        }
    }
}

fn since_anchor(instant: Instant) -> u64 {
    let nanos = instant.saturating_duration_since(anchor()).as_nanos();
    u64::try_from(nanos).unwrap_or(u64::MAX)
}

fn anchor() -> Instant {
    static ANCHOR: OnceLock<Instant> = OnceLock::new();
    *ANCHOR.get_or_init(|| {
        let now = Instant::now();
        [400 * 86_400, 86_400, 3_600, 60, 1]
            .into_iter()
            .find_map(|secs| now.checked_sub(Duration::from_secs(secs)))
            .unwrap_or(now)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sleep::RecordingSleeper;

    #[test]
    fn a_stamp_measures_virtual_time_inside_a_recording_scope() {
        let recorder = RecordingSleeper::new();

        let elapsed = recorder.scope_blocking(|| {
            let start = LazyStamp::unset();
            start.set_if_unset();
            recording::record_in_scope(Duration::from_secs(42));
            start.elapsed()
        });

        assert_eq!(elapsed, Duration::from_secs(42));
    }

    #[test]
    fn an_unset_stamp_reads_as_zero_and_never_reads_the_clock() {
        let recorder = RecordingSleeper::new();

        let elapsed = recorder.scope_blocking(|| {
            let start = LazyStamp::unset();
            recording::record_in_scope(Duration::from_secs(42));
            (start.is_set(), start.elapsed())
        });

        assert_eq!(elapsed, (false, Duration::ZERO));
    }
}
