//! [`TimedOut`]: the error an attempt ends with when a time limit cuts it short.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::time::Duration;

/// Which time limit ran out.
///
/// ```
/// use retry_core::{Limit, TimedOut};
/// use std::time::Duration;
///
/// let error = TimedOut::new(Limit::Deadline, Duration::from_secs(30));
/// assert_eq!(error.limit(), Limit::Deadline);
/// assert_eq!(error.to_string(), "the call reached its 30s deadline");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The per-attempt timeout: this attempt took too long; the next one may not.
    Attempt,
    /// The deadline of the whole call: no time is left for anything.
    Deadline,
}

/// An attempt cut short by a time limit: its own timeout, or the deadline of the
/// whole call.
///
/// A function whose retry policy has a `timeout` or a `deadline` returns this
/// error through its own error type, so that type implements `From<TimedOut>`.
/// An attempt cut short by its timeout is retried whatever the retry condition
/// says, like an attempt that asked to [`try_again`](crate::RetryContext::try_again);
/// the stop condition still applies. The deadline ends the call.
///
/// ```
/// use retry_core::{Limit, TimedOut};
/// use std::time::Duration;
///
/// let error = TimedOut::new(Limit::Attempt, Duration::from_secs(5));
/// assert_eq!(error.to_string(), "the attempt took longer than its 5s timeout");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut {
    limit: Limit,
    after: Duration,
}

impl TimedOut {
    /// The error for `limit` running out after `after`.
    pub fn new(limit: Limit, after: Duration) -> Self {
        TimedOut { limit, after }
    }

    /// Which limit ran out.
    pub fn limit(&self) -> Limit {
        self.limit
    }

    /// The limit's length: the timeout, or the deadline measured from the call's
    /// start.
    pub fn after(&self) -> Duration {
        self.after
    }
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.limit {
            Limit::Attempt => {
                write!(f, "the attempt took longer than its {:?} timeout", self.after)
            }
            Limit::Deadline => write!(f, "the call reached its {:?} deadline", self.after),
        }
    }
}

impl Error for TimedOut {}

/// No time limit: attempts run as long as they take. The default of a [`Retry`](crate::Retry).
///
/// ```
/// use retry_core::{NoTimeLimit, TimeLimit};
///
/// assert_eq!(NoTimeLimit.deadline(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoTimeLimit;

/// A per-attempt timeout, a deadline for the whole call, or both; set with
/// [`Retry::timeout`](crate::Retry::timeout) and [`Retry::deadline`](crate::Retry::deadline)
/// or the attribute's `timeout` and `deadline` keys.
///
/// ```
/// use retry_core::{NoTimeLimit, TimeLimit};
///
/// let limits = NoTimeLimit.into_limits();
/// assert_eq!((limits.timeout(), limits.deadline()), (None, None));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeLimits {
    timeout: Option<Duration>,
    deadline: Option<Duration>,
}

impl TimeLimits {
    /// The per-attempt timeout, if set.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The deadline of the whole call, measured from its first attempt's start, if
    /// set.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    #[cfg_attr(not(feature = "tokio"), allow(dead_code))]
    pub(crate) fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    #[cfg_attr(not(feature = "tokio"), allow(dead_code))]
    pub(crate) fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// How long the next attempt may run, `elapsed` into the call: the timeout or
    /// what is left before the deadline, whichever is shorter.
    #[cfg_attr(not(feature = "tokio"), allow(dead_code))]
    pub(crate) fn allowance(&self, elapsed: Duration) -> Option<Duration> {
        let left = self.deadline.map(|deadline| deadline.saturating_sub(elapsed));
        match (self.timeout, left) {
            (Some(timeout), Some(left)) => Some(timeout.min(left)),
            (one, other) => one.or(other),
        }
    }

    /// The error for an attempt cut short `elapsed` into the call.
    #[cfg_attr(not(feature = "tokio"), allow(dead_code))]
    pub(crate) fn timed_out(&self, elapsed: Duration) -> TimedOut {
        match (self.deadline, self.timeout) {
            (Some(deadline), _) if elapsed >= deadline => TimedOut::new(Limit::Deadline, deadline),
            (_, Some(timeout)) => TimedOut::new(Limit::Attempt, timeout),
            (deadline, None) => TimedOut::new(Limit::Deadline, deadline.unwrap_or_default()),
        }
    }
}

/// The time limits a [`Retry`](crate::Retry) may carry: [`NoTimeLimit`] or
/// [`TimeLimits`]. The engine asks it; you rarely need to name it.
///
/// ```
/// use retry_core::{NoTimeLimit, TimeLimit};
///
/// assert!(!NoTimeLimit::NEEDS_CLOCK);
/// ```
pub trait TimeLimit {
    /// Whether the limits need the call's clock.
    const NEEDS_CLOCK: bool;

    /// The limits as a [`TimeLimits`], to add one.
    fn into_limits(self) -> TimeLimits;

    /// The deadline of the whole call, if any.
    fn deadline(&self) -> Option<Duration>;
}

impl TimeLimit for NoTimeLimit {
    const NEEDS_CLOCK: bool = false;

    fn into_limits(self) -> TimeLimits {
        TimeLimits::default()
    }

    fn deadline(&self) -> Option<Duration> {
        None
    }
}

impl TimeLimit for TimeLimits {
    const NEEDS_CLOCK: bool = true;

    fn into_limits(self) -> TimeLimits {
        self
    }

    fn deadline(&self) -> Option<Duration> {
        self.deadline
    }
}

/// How an async call runs one attempt under [`TimeLimit`]s: as it is, or raced
/// against the time it is allowed. The engine asks it; you rarely need to name it.
///
/// ```
/// use retry_core::{AsyncTimeLimit, NoTimeLimit};
/// use std::time::Duration;
///
/// let none_expired: Option<Result<(), ()>> =
///     AsyncTimeLimit::<(), ()>::expired(&NoTimeLimit, Duration::from_secs(60));
/// assert_eq!(none_expired, None);
/// ```
pub trait AsyncTimeLimit<T, E>: TimeLimit {
    /// One attempt's future under the limits.
    type Attempt<Fut>: Future
    where
        Fut: Future<Output = Result<T, E>>;

    /// The outcome of an attempt that must not start, `elapsed` into the call,
    /// because no time is left for it: a [`TimedOut`] error.
    fn expired(&self, elapsed: Duration) -> Option<Result<T, E>>;

    /// Puts `attempt`, starting `elapsed` into the call, under the limits.
    fn limit<Fut>(&self, elapsed: Duration, attempt: Fut) -> Self::Attempt<Fut>
    where
        Fut: Future<Output = Result<T, E>>;

    /// The attempt's outcome from what its limited future returned, ending
    /// `elapsed` into the call, and whether a limit cut it short.
    fn outcome<Fut>(
        &self,
        elapsed: Duration,
        output: <Self::Attempt<Fut> as Future>::Output,
    ) -> (Result<T, E>, bool)
    where
        Fut: Future<Output = Result<T, E>>;
}

impl<T, E> AsyncTimeLimit<T, E> for NoTimeLimit {
    type Attempt<Fut>
        = Fut
    where
        Fut: Future<Output = Result<T, E>>;

    #[inline]
    fn expired(&self, _elapsed: Duration) -> Option<Result<T, E>> {
        None
    }

    #[inline]
    fn limit<Fut>(&self, _elapsed: Duration, attempt: Fut) -> Fut
    where
        Fut: Future<Output = Result<T, E>>,
    {
        attempt
    }

    #[inline]
    fn outcome<Fut>(&self, _elapsed: Duration, output: Result<T, E>) -> (Result<T, E>, bool)
    where
        Fut: Future<Output = Result<T, E>>,
    {
        (output, false)
    }
}

#[cfg(feature = "tokio")]
impl<T, E: From<TimedOut>> AsyncTimeLimit<T, E> for TimeLimits {
    type Attempt<Fut>
        = tokio::time::Timeout<Fut>
    where
        Fut: Future<Output = Result<T, E>>;

    fn expired(&self, elapsed: Duration) -> Option<Result<T, E>> {
        let none_left = self.allowance(elapsed) == Some(Duration::ZERO);
        none_left.then(|| Err(E::from(self.timed_out(elapsed))))
    }

    fn limit<Fut>(&self, elapsed: Duration, attempt: Fut) -> tokio::time::Timeout<Fut>
    where
        Fut: Future<Output = Result<T, E>>,
    {
        tokio::time::timeout(self.allowance(elapsed).unwrap_or(Duration::MAX), attempt)
    }

    fn outcome<Fut>(
        &self,
        elapsed: Duration,
        output: Result<Result<T, E>, tokio::time::error::Elapsed>,
    ) -> (Result<T, E>, bool)
    where
        Fut: Future<Output = Result<T, E>>,
    {
        match output {
            Ok(outcome) => (outcome, false),
            Err(_) => (Err(E::from(self.timed_out(elapsed))), true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(seconds: u64) -> Duration {
        Duration::from_secs(seconds)
    }

    #[test]
    fn an_attempt_gets_the_timeout_or_what_is_left_of_the_deadline_whichever_is_shorter() {
        let limits = TimeLimits::default().with_timeout(secs(5)).with_deadline(secs(30));

        assert_eq!(limits.allowance(secs(0)), Some(secs(5)));
        assert_eq!(limits.allowance(secs(27)), Some(secs(3)));
        assert_eq!(limits.allowance(secs(40)), Some(secs(0)));
        assert_eq!(TimeLimits::default().allowance(secs(40)), None);
    }

    #[test]
    fn a_cut_attempt_blames_the_deadline_once_it_has_passed_and_the_timeout_before() {
        let limits = TimeLimits::default().with_timeout(secs(5)).with_deadline(secs(30));

        assert_eq!(limits.timed_out(secs(12)), TimedOut::new(Limit::Attempt, secs(5)));
        assert_eq!(limits.timed_out(secs(30)), TimedOut::new(Limit::Deadline, secs(30)));
    }
}
