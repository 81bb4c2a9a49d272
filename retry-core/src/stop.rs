//! Stop conditions: when to give up.
//!
//! A stop condition is asked after every failed attempt, once the wait before the
//! next attempt is known. Combine conditions with `|` (stop when either says so) and
//! `&` (stop when both say so).
//!
//! ```
//! use retry_core::stop::{Stop, attempts, elapsed};
//! use retry_core::CallState;
//! use std::time::Duration;
//!
//! let stop = attempts(5) | elapsed(30);
//! assert!(!stop.should_stop(&CallState::new(2, Duration::from_secs(10))));
//! assert!(stop.should_stop(&CallState::new(2, Duration::from_secs(31))));
//! assert!(stop.should_stop(&CallState::new(5, Duration::from_secs(1))));
//! ```

use std::ops::{BitAnd, BitOr};
use std::time::Duration;

use crate::delay::IntoDelay;
use crate::state::{CallState, WaitSource};

/// Decides whether a retried call gives up after a failed attempt.
///
/// Implement it for your own condition and pass the value to `stop = …` or
/// [`Retry::stop`](crate::Retry::stop):
///
/// ```
/// use retry_core::stop::Stop;
/// use retry_core::CallState;
///
/// /// Gives up once more than a minute has been spent sleeping.
/// struct SleptTooLong;
///
/// impl Stop for SleptTooLong {
///     fn should_stop(&self, state: &CallState<'_>) -> bool {
///         state.slept().as_secs() > 60
///     }
/// }
///
/// #[retry_core::retry(stop = SleptTooLong)]
/// fn fetch() -> Result<u32, std::io::Error> {
///     Ok(7)
/// }
/// assert_eq!(fetch().unwrap(), 7);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a stop condition",
    label = "expected a stop condition",
    note = "stop conditions come from `retry_core::stop`, such as `attempts(3)` or `elapsed(30)`"
)]
pub trait Stop {
    /// Whether the condition reads the time ([`CallState::elapsed`]). When no part of
    /// a policy does, a call whose first attempt succeeds never reads the clock.
    /// Leave it `true` unless you are sure.
    const NEEDS_CLOCK: bool = true;

    /// Returns `true` when the call should give up instead of trying again.
    fn should_stop(&self, state: &CallState<'_>) -> bool;

    /// The largest number of attempts this condition allows, if it counts attempts.
    /// Used only to write "attempt 2 of 4" in logs.
    fn max_attempts(&self) -> Option<u32> {
        None
    }

    /// Stops when either `self` or `other` says so; the same as `self | other`.
    ///
    /// ```
    /// use retry_core::stop::{Stop, attempts, elapsed};
    /// let stop = attempts(3).or(elapsed(10));
    /// assert_eq!(stop.max_attempts(), Some(3));
    /// ```
    fn or<B: Stop>(self, other: B) -> AnyOf<Self, B>
    where
        Self: Sized,
    {
        AnyOf(self, other)
    }

    /// Stops only when both `self` and `other` say so; the same as `self & other`.
    ///
    /// ```
    /// use retry_core::stop::{Stop, attempts, elapsed};
    /// let stop = attempts(3).and(elapsed(10));
    /// assert_eq!(stop.max_attempts(), None);
    /// ```
    fn and<B: Stop>(self, other: B) -> AllOf<Self, B>
    where
        Self: Sized,
    {
        AllOf(self, other)
    }
}

impl<S: Stop + ?Sized> Stop for &S {
    const NEEDS_CLOCK: bool = S::NEEDS_CLOCK;

    fn should_stop(&self, state: &CallState<'_>) -> bool {
        (**self).should_stop(state)
    }

    fn max_attempts(&self) -> Option<u32> {
        (**self).max_attempts()
    }
}

/// Gives up after `n` attempts, the first one included. See [`attempts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts(u32);

/// Gives up after `n` attempts in all, the first one included.
///
/// `attempts(1)` never retries. `attempts(0)` behaves as `attempts(1)`: a call
/// always makes its first attempt.
///
/// ```
/// use retry_core::stop::{Stop, attempts};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let stop = attempts(4);
/// assert!(!stop.should_stop(&CallState::new(3, Duration::ZERO)));
/// assert!(stop.should_stop(&CallState::new(4, Duration::ZERO)));
/// ```
#[inline]
pub fn attempts(n: u32) -> Attempts {
    Attempts(n.max(1))
}

impl Stop for Attempts {
    const NEEDS_CLOCK: bool = false;

    fn should_stop(&self, state: &CallState<'_>) -> bool {
        state.attempt() >= self.0
    }

    fn max_attempts(&self) -> Option<u32> {
        Some(self.0)
    }
}

/// Gives up once a time limit has passed since the first attempt began. See
/// [`elapsed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed(Duration);

/// Gives up once `limit` has passed since the first attempt began, attempts and
/// sleeps included. `limit` is seconds (`30`, `0.5`) or a [`Duration`].
///
/// The check runs after each failed attempt. A wait the server asked for (through
/// [`RetryContext::set_retry_after`](crate::RetryContext::set_retry_after)) that
/// would end past the limit stops the call at once instead of sleeping first.
///
/// ```
/// use retry_core::stop::{Stop, elapsed};
/// use retry_core::{CallState, WaitSource};
/// use std::time::Duration;
///
/// let stop = elapsed(30);
/// let at_20s = CallState::new(2, Duration::from_secs(20));
/// assert!(!stop.should_stop(&at_20s));
/// assert!(stop.should_stop(&at_20s.with_next_wait(Duration::from_secs(11), WaitSource::Server)));
/// ```
#[inline]
pub fn elapsed(limit: impl IntoDelay) -> Elapsed {
    Elapsed(limit.into_delay())
}

impl Stop for Elapsed {
    fn should_stop(&self, state: &CallState<'_>) -> bool {
        if state.elapsed() >= self.0 {
            return true;
        }
        match state.next_wait {
            Some((wait, WaitSource::Server)) => state.elapsed().saturating_add(wait) > self.0,
            _ => false,
        }
    }
}

/// Stops when either condition says so. Built by `a | b` or [`Stop::or`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnyOf<A, B>(pub A, pub B);

impl<A: Stop, B: Stop> Stop for AnyOf<A, B> {
    const NEEDS_CLOCK: bool = A::NEEDS_CLOCK || B::NEEDS_CLOCK;

    fn should_stop(&self, state: &CallState<'_>) -> bool {
        self.0.should_stop(state) || self.1.should_stop(state)
    }

    fn max_attempts(&self) -> Option<u32> {
        match (self.0.max_attempts(), self.1.max_attempts()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Stops only when both conditions say so. Built by `a & b` or [`Stop::and`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllOf<A, B>(pub A, pub B);

impl<A: Stop, B: Stop> Stop for AllOf<A, B> {
    const NEEDS_CLOCK: bool = A::NEEDS_CLOCK || B::NEEDS_CLOCK;

    fn should_stop(&self, state: &CallState<'_>) -> bool {
        self.0.should_stop(state) && self.1.should_stop(state)
    }

    fn max_attempts(&self) -> Option<u32> {
        Some(self.0.max_attempts()?.max(self.1.max_attempts()?))
    }
}

macro_rules! stop_operators {
    ($([$($generics:ident),*] $t:ty),* $(,)?) => {$(
        impl<$($generics,)* Rhs: Stop> BitOr<Rhs> for $t where $t: Stop {
            type Output = AnyOf<Self, Rhs>;

            fn bitor(self, rhs: Rhs) -> Self::Output {
                AnyOf(self, rhs)
            }
        }

        impl<$($generics,)* Rhs: Stop> BitAnd<Rhs> for $t where $t: Stop {
            type Output = AllOf<Self, Rhs>;

            fn bitand(self, rhs: Rhs) -> Self::Output {
                AllOf(self, rhs)
            }
        }
    )*};
}

stop_operators!([] Attempts, [] Elapsed, [A, B] AnyOf<A, B>, [A, B] AllOf<A, B>);

#[cfg(test)]
mod tests {
    use super::*;

    fn at(attempt: u32, secs: u64) -> CallState<'static> {
        CallState::new(attempt, Duration::from_secs(secs))
    }

    #[test]
    fn attempts_stops_at_the_limit_and_not_before() {
        let stop = attempts(4);

        let decisions: Vec<bool> = (1..=5).map(|n| stop.should_stop(&at(n, 0))).collect();

        assert_eq!(decisions, [false, false, false, true, true]);
    }

    #[test]
    fn attempts_zero_means_a_single_attempt() {
        assert!(attempts(0).should_stop(&at(1, 0)));
        assert_eq!(attempts(0).max_attempts(), Some(1));
    }

    #[test]
    fn attempts_handles_the_largest_attempt_number() {
        assert!(attempts(u32::MAX).should_stop(&at(u32::MAX, 0)));
        assert!(!attempts(u32::MAX).should_stop(&at(u32::MAX - 1, 0)));
    }

    #[test]
    fn elapsed_stops_once_the_limit_is_reached() {
        let stop = elapsed(30);

        assert!(!stop.should_stop(&at(9, 29)));
        assert!(stop.should_stop(&at(2, 30)));
    }

    #[test]
    fn elapsed_lets_a_policy_wait_run_past_the_limit() {
        let state = at(2, 29).with_next_wait(Duration::from_secs(10), WaitSource::Policy);

        assert!(!elapsed(30).should_stop(&state));
    }

    #[test]
    fn elapsed_refuses_a_server_wait_that_ends_past_the_limit() {
        let fits = at(2, 20).with_next_wait(Duration::from_secs(10), WaitSource::Server);
        let overshoots = at(2, 20).with_next_wait(Duration::from_secs(11), WaitSource::Server);
        let huge = at(2, 20).with_next_wait(Duration::MAX, WaitSource::Server);

        assert!(!elapsed(30).should_stop(&fits));
        assert!(elapsed(30).should_stop(&overshoots));
        assert!(elapsed(30).should_stop(&huge));
    }

    #[test]
    fn or_stops_when_either_stops() {
        let stop = attempts(3) | elapsed(10);

        assert!(!stop.should_stop(&at(2, 9)));
        assert!(stop.should_stop(&at(3, 0)));
        assert!(stop.should_stop(&at(1, 10)));
        assert_eq!(stop.max_attempts(), Some(3));
    }

    #[test]
    fn and_stops_only_when_both_stop() {
        let stop = attempts(3) & elapsed(10);

        assert!(!stop.should_stop(&at(3, 0)));
        assert!(!stop.should_stop(&at(1, 10)));
        assert!(stop.should_stop(&at(3, 10)));
    }

    #[test]
    fn combinations_nest_and_report_the_tightest_attempt_limit() {
        let stop = (attempts(5) | attempts(3)) & (attempts(4) | elapsed(1));

        assert_eq!(stop.max_attempts(), Some(4));
        assert!(stop.should_stop(&at(4, 0)));
        assert!(!stop.should_stop(&at(3, 0)));
    }
}
