//! The per-call context an attempt uses to talk to the retry loop.

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::clock;

/// The bit of `requests` set by [`RetryContext::try_again`].
const TRY_AGAIN: u32 = 1 << 31;

/// The low bits of `requests` when no wait has been published for the next sleep.
const NOTHING_PUBLISHED: u32 = TRY_AGAIN - 1;

/// The low bits of `requests` for a published wait too long to keep in
/// milliseconds (about 24.8 days or more); read back as [`Duration::MAX`], so a cap
/// on server waits refuses it rather than sleeping a shortened wait.
const TOO_LONG_TO_KEEP: u32 = NOTHING_PUBLISHED - 1;

/// What an attempt knows about its call, and how it tells the retry loop what only
/// it knows: above all the wait a server asked for.
///
/// A `#[retry]` function receives it by declaring a parameter of type
/// `&RetryContext`; callers do not pass it. Each call gets its own context, so
/// concurrent calls never share state.
///
/// ```
/// use retry_core::{RetryContext, retry};
/// use std::time::Duration;
///
/// #[retry(stop = attempts(3), wait = fixed(1))]
/// fn poll(ctx: &RetryContext) -> Result<u32, std::io::Error> {
///     if ctx.attempt() < 3 {
///         // The server said "come back in 5 seconds": that replaces `fixed(1)`.
///         ctx.set_retry_after(Duration::from_secs(5));
///         return Err(std::io::ErrorKind::WouldBlock.into());
///     }
///     Ok(ctx.attempt())
/// }
///
/// let waits = retry_core::sleep::RecordingSleeper::new();
/// assert_eq!(waits.scope_blocking(poll).unwrap(), 3);
/// assert_eq!(waits.waits(), [Duration::from_secs(5), Duration::from_secs(5)]);
/// ```
// The fields are kept small on purpose: the context lives in every retried call's
// future, and a call whose first attempt succeeds should cost almost nothing.
pub struct RetryContext {
    attempt: AtomicU32,
    /// What the running attempt asked of the loop: the published wait in
    /// milliseconds, rounded up (`NOTHING_PUBLISHED` if none), and the
    /// `TRY_AGAIN` bit.
    requests: AtomicU32,
    start: clock::LazyStamp,
}

impl RetryContext {
    /// A context for one call, its clock started now. The attribute makes one for
    /// you; make one yourself only to call [`run_async`](crate::run_async) or
    /// [`run_blocking`](crate::run_blocking) directly, and use it for one call.
    ///
    /// ```
    /// let ctx = retry_core::RetryContext::new();
    /// assert_eq!(ctx.attempt(), 1);
    /// ```
    pub fn new() -> Self {
        let ctx = Self::unclocked();
        ctx.start_clock();
        ctx
    }

    /// A context whose clock starts only if [`start_clock`](Self::start_clock) is
    /// called: reading the clock is most of what a retried call costs when its first
    /// attempt succeeds. The attribute uses it when the function takes no context.
    #[doc(hidden)]
    pub fn unclocked() -> Self {
        RetryContext {
            attempt: AtomicU32::new(1),
            requests: AtomicU32::new(NOTHING_PUBLISHED),
            start: clock::LazyStamp::unset(),
        }
    }

    pub(crate) fn start_clock(&self) {
        self.start.set_if_unset();
    }

    pub(crate) fn clock_started(&self) -> bool {
        self.start.is_set()
    }

    /// The number of the running attempt: 1 for the first call, 2 for the first
    /// retry, and so on.
    pub fn attempt(&self) -> u32 {
        self.attempt.load(Ordering::Relaxed)
    }

    /// Time since the first attempt began, attempts and sleeps included.
    #[inline]
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Asks the retry loop to wait exactly `wait` before the next attempt, for
    /// example the seconds of a server's `Retry-After` header.
    ///
    /// The published wait replaces the policy's wait for the one sleep after this
    /// attempt; the last call before the attempt ends wins, and it takes precedence
    /// over a wait the error carries. It is kept to the millisecond, rounded up;
    /// a wait of about 24.8 days or more is kept as [`Duration::MAX`], longer than
    /// any cap but [`unlimited`](crate::server_wait::unlimited). It never lets the call run past
    /// its stop condition or deadline, and the policy's
    /// [`max_server_wait`](crate::Retry::max_server_wait) decides what happens to a
    /// long one: by default, a wait over five minutes makes the call give up at once
    /// instead of sleeping.
    pub fn set_retry_after(&self, wait: Duration) {
        let millis = wait.as_nanos().div_ceil(1_000_000);
        let millis = u32::try_from(millis).unwrap_or(u32::MAX).min(TOO_LONG_TO_KEEP);
        let _ = self.requests.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |old| {
            Some(old & TRY_AGAIN | millis)
        });
    }

    /// The wait this attempt has published so far, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        published(self.requests.load(Ordering::Relaxed))
    }

    /// Asks the loop for another attempt even though this one succeeds, as
    /// tenacity's `TryAgain` does: the attempt's outcome is treated as one to
    /// retry. The stop condition and waits apply as for any retry, and if the call
    /// gives up, this attempt's outcome is what it returns.
    ///
    /// ```
    /// use retry_core::{RetryContext, retry};
    ///
    /// #[retry(stop = attempts(5), wait = none())]
    /// fn poll(ctx: &RetryContext) -> Result<&'static str, std::io::Error> {
    ///     if ctx.attempt() < 3 {
    ///         ctx.try_again(); // "still pending", which is not an error
    ///         return Ok("pending");
    ///     }
    ///     Ok("done")
    /// }
    ///
    /// assert_eq!(poll().unwrap(), "done");
    /// ```
    pub fn try_again(&self) {
        self.requests.fetch_or(TRY_AGAIN, Ordering::Relaxed);
    }

    pub(crate) fn try_again_requested(&self) -> bool {
        self.requests.load(Ordering::Relaxed) & TRY_AGAIN != 0
    }

    /// The attempt's published wait and whether it asked to try again, clearing
    /// both for the next attempt.
    pub(crate) fn take_requests(&self) -> (Option<Duration>, bool) {
        let requests = self.requests.swap(NOTHING_PUBLISHED, Ordering::Relaxed);
        (published(requests), requests & TRY_AGAIN != 0)
    }

    pub(crate) fn next_attempt(&self) {
        let next = self.attempt().saturating_add(1);
        self.attempt.store(next, Ordering::Relaxed);
    }
}

fn published(requests: u32) -> Option<Duration> {
    match requests & NOTHING_PUBLISHED {
        NOTHING_PUBLISHED => None,
        TOO_LONG_TO_KEEP => Some(Duration::MAX),
        millis => Some(Duration::from_millis(u64::from(millis))),
    }
}

impl fmt::Debug for RetryContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryContext")
            .field("attempt", &self.attempt)
            .field("elapsed", &self.elapsed())
            .field("retry_after", &self.retry_after())
            .finish()
    }
}

impl Default for RetryContext {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_wait_is_read_once_and_then_cleared() {
        let ctx = RetryContext::new();

        ctx.set_retry_after(Duration::from_secs(3));

        assert_eq!(ctx.take_requests().0, Some(Duration::from_secs(3)));
        assert_eq!(ctx.take_requests().0, None);
    }

    #[test]
    fn the_last_published_wait_wins() {
        let ctx = RetryContext::new();

        ctx.set_retry_after(Duration::from_secs(3));
        ctx.set_retry_after(Duration::ZERO);

        assert_eq!(ctx.take_requests().0, Some(Duration::ZERO));
    }

    #[test]
    fn a_wait_too_long_to_keep_is_read_back_as_the_longest_wait_not_shortened() {
        let ctx = RetryContext::new();

        ctx.set_retry_after(Duration::from_secs(365 * 86_400));

        assert_eq!(ctx.retry_after(), Some(Duration::MAX));
    }

    #[test]
    fn the_longest_wait_kept_exactly_is_just_under_twenty_five_days() {
        let ctx = RetryContext::new();
        let longest = Duration::from_millis(u64::from(TOO_LONG_TO_KEEP - 1));

        ctx.set_retry_after(longest);

        assert_eq!(ctx.retry_after(), Some(longest));
        assert_eq!(longest, Duration::from_millis(2_147_483_645));
    }

    #[test]
    fn a_published_wait_is_rounded_up_to_the_millisecond() {
        let ctx = RetryContext::new();

        ctx.set_retry_after(Duration::from_micros(1500));

        assert_eq!(ctx.retry_after(), Some(Duration::from_millis(2)));
    }

    #[test]
    fn try_again_and_a_published_wait_are_kept_side_by_side_and_cleared_together() {
        let ctx = RetryContext::new();

        ctx.try_again();
        ctx.set_retry_after(Duration::from_secs(2));

        assert_eq!(ctx.take_requests(), (Some(Duration::from_secs(2)), true));
        assert_eq!(ctx.take_requests(), (None, false));
    }

    #[test]
    fn the_attempt_number_saturates_instead_of_wrapping() {
        let ctx = RetryContext::new();
        ctx.attempt.store(u32::MAX, Ordering::Relaxed);

        ctx.next_attempt();

        assert_eq!(ctx.attempt(), u32::MAX);
    }
}
