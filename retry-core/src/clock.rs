//! The clock retry loops read: a recording scope's virtual clock when one is
//! active on this thread, otherwise tokio's clock (which tests can pause), otherwise
//! the system's monotonic clock.

use std::sync::OnceLock;
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

/// A point in time in 8 bytes instead of an `Instant`'s 16: nanoseconds since an
/// anchor set well before any clock this crate reads (over a year before the
/// anchor was first taken, where the platform's clock allows it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamp(u64);

impl Stamp {
    pub(crate) fn now() -> Self {
        Stamp(since_anchor(now()))
    }

    pub(crate) fn elapsed(self) -> Duration {
        Duration::from_nanos(since_anchor(now()).saturating_sub(self.0))
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
            let start = Stamp::now();
            recording::record_in_scope(Duration::from_secs(42));
            start.elapsed()
        });

        assert_eq!(elapsed, Duration::from_secs(42));
    }
}
