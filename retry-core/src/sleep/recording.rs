//! A sleeper that takes no time and remembers every wait, and the thread-local
//! scope that lets it stand in for the default sleeper.

use std::cell::RefCell;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{BlockingSleep, Sleep};
use crate::thread_scope::ThreadScope;

thread_local! {
    static ACTIVE: RefCell<Option<RecordingSleeper>> = const { RefCell::new(None) };
}

/// The recorder standing in for the default sleeper and clock on each thread.
static RECORDING: ThreadScope<RecordingSleeper> = ThreadScope::new(&ACTIVE);

/// A sleeper for tests: it returns at once and remembers every wait it was asked
/// for, in order.
///
/// Use it directly as a policy's sleeper, or run code that uses the default sleeper
/// (such as a `#[retry]` function) inside [`scope`](Self::scope) or
/// [`scope_blocking`](Self::scope_blocking). Inside a scope the retry clock is
/// virtual as well: it starts when the recorder is created and moves forward only
/// by the recorded waits, so `elapsed` stop conditions see exactly the waits.
/// Clones share one record.
///
/// ```
/// use retry_core::{retry, sleep::RecordingSleeper};
/// use std::time::Duration;
///
/// #[retry(stop = attempts(4), wait = exponential(1, 4, 10))]
/// fn always_down() -> Result<(), std::io::Error> {
///     Err(std::io::ErrorKind::ConnectionRefused.into())
/// }
///
/// let recorder = RecordingSleeper::new();
/// assert!(recorder.scope_blocking(always_down).is_err());
/// assert_eq!(recorder.waits(), [4, 4, 4].map(Duration::from_secs));
/// ```
#[derive(Debug, Clone)]
pub struct RecordingSleeper {
    record: Arc<Mutex<Record>>,
}

#[derive(Debug)]
struct Record {
    origin: Instant,
    waits: Vec<Duration>,
    total: Duration,
}

impl RecordingSleeper {
    /// A recorder with no waits recorded and its virtual clock at the present.
    pub fn new() -> Self {
        RecordingSleeper {
            record: Arc::new(Mutex::new(Record {
                origin: Instant::now(),
                waits: Vec::new(),
                total: Duration::ZERO,
            })),
        }
    }

    /// Every wait recorded so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.with_record(|record| record.waits.clone())
    }

    /// The sum of the recorded waits.
    pub fn total(&self) -> Duration {
        self.with_record(|record| record.total)
    }

    /// Runs `future` with this recorder standing in for the default sleeper and the
    /// retry clock while the future is polled on this thread.
    ///
    /// Work the future hands to other tasks or threads is not covered; run the test
    /// on a current-thread runtime (the default for `#[tokio::test]`) and await the
    /// retried call inside the scope. The returned future does not borrow the
    /// recorder, so it can be spawned.
    ///
    /// ```
    /// use retry_core::{retry, sleep::RecordingSleeper};
    /// use std::time::Duration;
    ///
    /// #[retry(stop = attempts(3), wait = fixed(2))]
    /// async fn flaky() -> Result<(), std::io::Error> {
    ///     Err(std::io::ErrorKind::TimedOut.into())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let recorder = RecordingSleeper::new();
    /// let outcome = recorder.scope(flaky()).await;
    /// assert!(outcome.is_err());
    /// assert_eq!(recorder.waits(), [Duration::from_secs(2), Duration::from_secs(2)]);
    /// # }
    /// ```
    pub fn scope<F: Future>(&self, future: F) -> impl Future<Output = F::Output> + use<F> {
        RECORDING.run_future(self.clone(), future)
    }

    /// Runs `f` with this recorder standing in for the default sleeper and the retry
    /// clock on this thread.
    ///
    /// ```
    /// use retry_core::sleep::{BlockingSleep, DefaultSleep, RecordingSleeper};
    /// use std::time::Duration;
    ///
    /// let recorder = RecordingSleeper::new();
    /// let answer = recorder.scope_blocking(|| {
    ///     DefaultSleep.sleep(Duration::from_secs(1));
    ///     42
    /// });
    /// assert_eq!((answer, recorder.total()), (42, Duration::from_secs(1)));
    /// ```
    pub fn scope_blocking<R>(&self, f: impl FnOnce() -> R) -> R {
        RECORDING.run(self.clone(), f)
    }

    fn record(&self, wait: Duration) {
        self.with_record(|record| {
            record.waits.push(wait);
            record.total = record.total.saturating_add(wait);
        });
    }

    fn now(&self) -> Instant {
        self.with_record(|record| saturating_add(record.origin, record.total))
    }

    fn with_record<R>(&self, f: impl FnOnce(&mut Record) -> R) -> R {
        // A panic while the lock was held cannot leave the record half-written.
        let mut record = self.record.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut record)
    }
}

impl Default for RecordingSleeper {
    fn default() -> Self {
        Self::new()
    }
}

impl Sleep for RecordingSleeper {
    fn sleep(&self, wait: Duration) -> impl Future<Output = ()> + Send + 'static {
        self.record(wait);
        std::future::ready(())
    }
}

impl BlockingSleep for RecordingSleeper {
    fn sleep(&self, wait: Duration) {
        self.record(wait);
    }
}

/// `instant + duration`, or the latest instant this platform can add to
/// `instant` when the sum does not fit: time on the virtual clock never goes back.
fn saturating_add(instant: Instant, duration: Duration) -> Instant {
    if let Some(sum) = instant.checked_add(duration) {
        return sum;
    }
    // Binary search for the largest addition that fits, from whole seconds down.
    let (mut fits, mut step) = (Duration::ZERO, duration);
    while step >= Duration::from_secs(1) {
        step /= 2;
        if let Some(longer) = fits.checked_add(step).filter(|d| instant.checked_add(*d).is_some()) {
            fits = longer;
        }
    }
    instant.checked_add(fits).unwrap_or(instant)
}

/// Records `wait` in the recorder active on this thread, if any; returns whether
/// it did.
pub(crate) fn record_in_scope(wait: Duration) -> bool {
    with_active(|recorder| recorder.record(wait)).is_some()
}

/// The virtual time of the recorder active on this thread, if any.
pub(crate) fn virtual_now() -> Option<Instant> {
    with_active(RecordingSleeper::now)
}

fn with_active<R>(f: impl FnOnce(&RecordingSleeper) -> R) -> Option<R> {
    RECORDING.with(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_waits_in_order_and_sums_them() {
        let recorder = RecordingSleeper::new();

        BlockingSleep::sleep(&recorder, Duration::from_secs(4));
        BlockingSleep::sleep(&recorder, Duration::from_millis(500));

        assert_eq!(recorder.waits(), [Duration::from_secs(4), Duration::from_millis(500)]);
        assert_eq!(recorder.total(), Duration::from_millis(4500));
    }

    #[test]
    fn the_virtual_clock_moves_only_by_recorded_waits() {
        let recorder = RecordingSleeper::new();
        let start = recorder.scope_blocking(virtual_now);

        let later = recorder.scope_blocking(|| {
            record_in_scope(Duration::from_secs(90));
            virtual_now()
        });

        assert_eq!(later.zip(start).map(|(b, a)| b - a), Some(Duration::from_secs(90)));
    }

    #[test]
    fn the_virtual_clock_saturates_instead_of_going_back() {
        let recorder = RecordingSleeper::new();

        let (before, after) = recorder.scope_blocking(|| {
            record_in_scope(Duration::from_secs(3600));
            let before = virtual_now();
            record_in_scope(Duration::MAX);
            (before, virtual_now())
        });

        assert!(after > before, "{after:?} should be later than {before:?}");
    }

    #[test]
    fn scopes_nest_and_restore_the_outer_recorder() {
        let outer = RecordingSleeper::new();
        let inner = RecordingSleeper::new();

        outer.scope_blocking(|| {
            inner.scope_blocking(|| record_in_scope(Duration::from_secs(1)));
            record_in_scope(Duration::from_secs(2));
        });

        assert_eq!(inner.waits(), [Duration::from_secs(1)]);
        assert_eq!(outer.waits(), [Duration::from_secs(2)]);
        assert!(!record_in_scope(Duration::from_secs(3)));
    }
}
