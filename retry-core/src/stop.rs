//! Stop conditions: when to give up.
//!
//! A stop condition is asked after every failed attempt, once the wait before the
//! next attempt is known. Combine conditions with `|` (stop when either says so) and
//! `&` (stop when both say so).
//!
//! - [`attempts`]: after a number of attempts.
//! - [`elapsed`]: once a time limit has passed.
//! - [`before_elapsed`]: before a sleep that would end past a time limit.
//! - [`cancelled`]: once a flag is set.
//! - [`stop_if`]: when a closure over the [`CallState`] says so.
//! - [`never()`]: never; the call is retried for as long as the retry condition wants.
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

use std::fmt;
use std::ops::{BitAnd, BitOr, Deref};
use std::sync::atomic::{AtomicBool, Ordering};
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

/// Gives up when the next attempt would start at or past a time limit. See
/// [`before_elapsed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BeforeElapsed(Duration);

/// Gives up as soon as the wait before the next attempt would end at or past
/// `limit`, counted from the start of the first attempt; `limit` is seconds (`30`, `0.5`) or
/// a [`Duration`]. Python's tenacity calls this `stop_before_delay`.
///
/// Where [`elapsed`] lets a wait chosen by the policy run past its limit and gives
/// up only after the attempt that follows, `before_elapsed` does not start a sleep it
/// could not finish in time, whether the policy or the server chose the wait. As in
/// tenacity, a wait that would end exactly at the limit is not taken either. The
/// attempt after a wait may itself run past the limit: nothing interrupts an
/// attempt.
///
/// ```
/// use retry_core::stop::{Stop, before_elapsed};
/// use retry_core::{CallState, WaitSource};
/// use std::time::Duration;
///
/// let stop = before_elapsed(30);
/// let at_20s = CallState::new(2, Duration::from_secs(20));
/// let fits = at_20s.with_next_wait(Duration::from_secs(9), WaitSource::Policy);
/// let overshoots = at_20s.with_next_wait(Duration::from_secs(10), WaitSource::Policy);
/// assert!(!stop.should_stop(&fits));
/// assert!(stop.should_stop(&overshoots));
/// ```
#[inline]
pub fn before_elapsed(limit: impl IntoDelay) -> BeforeElapsed {
    BeforeElapsed(limit.into_delay())
}

impl Stop for BeforeElapsed {
    fn should_stop(&self, state: &CallState<'_>) -> bool {
        // tenacity's rule: stop when the next attempt would start at or past the limit.
        let wait = state.next_wait().unwrap_or(Duration::ZERO);
        state.elapsed().saturating_add(wait) >= self.0
    }
}

/// Never gives up. See [`never()`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Never;

/// Never gives up: the call is retried until the retry condition declines an
/// outcome. Python's tenacity calls this `stop_never`.
///
/// **With the default retry condition, which retries every error, a call that keeps
/// failing is retried forever.** That is never the default here; choose it only on
/// purpose, for example for a worker that must outlive an outage, and prefer
/// combining it with a way out such as [`cancelled`] or [`Stop::and`] on a condition
/// of your own.
///
/// ```
/// use retry_core::stop::{Stop, never};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let late = CallState::new(u32::MAX, Duration::MAX);
/// assert!(!never().should_stop(&late));
/// assert_eq!(never().max_attempts(), None);
/// ```
#[inline]
pub fn never() -> Never {
    Never
}

impl Stop for Never {
    const NEEDS_CLOCK: bool = false;

    fn should_stop(&self, _state: &CallState<'_>) -> bool {
        false
    }
}

/// Gives up once a cancellation flag is set. See [`cancelled`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Cancelled<F>(F);

/// Gives up once `flag` is set to `true`, for example when the program is shutting
/// down. `flag` is anything that dereferences to an [`AtomicBool`]: a
/// `&'static AtomicBool` costs nothing to pass, an `Arc<AtomicBool>` one reference
/// count per decision.
///
/// The flag is read after each failed attempt, once the wait is chosen. Setting it
/// does not interrupt an attempt or a sleep already under way: the call gives up at
/// its next decision and returns that attempt's outcome. The flag is never reset.
///
/// ```
/// use retry_core::stop::{Stop, attempts, cancelled};
/// use retry_core::CallState;
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::time::Duration;
///
/// static SHUTDOWN: AtomicBool = AtomicBool::new(false);
///
/// let stop = attempts(10) | cancelled(&SHUTDOWN);
/// let state = CallState::new(2, Duration::ZERO);
/// assert!(!stop.should_stop(&state));
/// SHUTDOWN.store(true, Ordering::Relaxed);
/// assert!(stop.should_stop(&state));
/// ```
///
/// With the attribute, name a `static` flag:
///
/// ```
/// use std::sync::atomic::{AtomicBool, Ordering};
///
/// static SHUTDOWN: AtomicBool = AtomicBool::new(false);
///
/// #[retry_core::retry(stop = attempts(100) | cancelled(&SHUTDOWN), wait = none())]
/// fn fetch(ctx: &retry_core::RetryContext) -> Result<u32, String> {
///     if ctx.attempt() == 2 {
///         SHUTDOWN.store(true, Ordering::Relaxed);
///     }
///     Err(format!("attempt {} failed", ctx.attempt()))
/// }
///
/// assert_eq!(fetch(), Err("attempt 2 failed".to_string()));
/// ```
#[inline]
pub fn cancelled<F: Deref<Target = AtomicBool>>(flag: F) -> Cancelled<F> {
    Cancelled(flag)
}

impl<F: Deref<Target = AtomicBool>> Stop for Cancelled<F> {
    const NEEDS_CLOCK: bool = false;

    fn should_stop(&self, _state: &CallState<'_>) -> bool {
        // The flag guards no other data, so no ordering beyond the flag's own.
        self.0.load(Ordering::Relaxed)
    }
}

/// Gives up when a function of the call's state says so. See [`stop_if`].
#[derive(Clone, Copy)]
pub struct StopIf<F>(F);

/// Gives up when `predicate` returns `true` for the call's [`CallState`]: a stop
/// condition written as a closure, without a type of its own.
///
/// The predicate may read the time ([`CallState::elapsed`]), so the call's clock
/// always runs; for a condition that never reads it, implement [`Stop`] with
/// `NEEDS_CLOCK = false` instead.
///
/// ```
/// use retry_core::stop::{Stop, stop_if};
/// use retry_core::{CallState, WaitSource};
/// use std::time::Duration;
///
/// let long_waits = stop_if(|state: &CallState<'_>| {
///     state.next_wait().is_some_and(|wait| wait > Duration::from_secs(60))
/// });
/// let state = CallState::new(3, Duration::ZERO);
/// let short = state.with_next_wait(Duration::from_secs(5), WaitSource::Policy);
/// let long = state.with_next_wait(Duration::from_secs(90), WaitSource::Server);
/// assert!(!long_waits.should_stop(&short));
/// assert!(long_waits.should_stop(&long));
/// ```
#[inline]
pub fn stop_if<F: Fn(&CallState<'_>) -> bool>(predicate: F) -> StopIf<F> {
    StopIf(predicate)
}

impl<F: Fn(&CallState<'_>) -> bool> Stop for StopIf<F> {
    fn should_stop(&self, state: &CallState<'_>) -> bool {
        (self.0)(state)
    }
}

impl<F> fmt::Debug for StopIf<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StopIf").finish_non_exhaustive()
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

stop_operators!(
    [] Attempts,
    [] Elapsed,
    [] BeforeElapsed,
    [] Never,
    [F] Cancelled<F>,
    [F] StopIf<F>,
    [A, B] AnyOf<A, B>,
    [A, B] AllOf<A, B>,
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

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

    #[test]
    fn before_elapsed_refuses_any_wait_that_ends_past_the_limit() {
        let policy_wait = at(2, 20).with_next_wait(Duration::from_secs(11), WaitSource::Policy);
        let server_wait = at(2, 20).with_next_wait(Duration::from_secs(11), WaitSource::Server);
        let huge = at(2, 20).with_next_wait(Duration::MAX, WaitSource::Policy);

        assert!(before_elapsed(30).should_stop(&policy_wait));
        assert!(before_elapsed(30).should_stop(&server_wait));
        assert!(before_elapsed(30).should_stop(&huge));
    }

    #[test]
    fn before_elapsed_refuses_a_wait_that_ends_exactly_at_the_limit_as_tenacity_does() {
        let state = at(2, 20).with_next_wait(Duration::from_secs(10), WaitSource::Policy);

        assert!(before_elapsed(30).should_stop(&state));
        assert!(!before_elapsed(31).should_stop(&state));
    }

    #[test]
    fn before_elapsed_stops_once_the_limit_is_reached_even_without_a_wait() {
        assert!(!before_elapsed(30).should_stop(&at(2, 29)));
        assert!(before_elapsed(30).should_stop(&at(2, 30)));
        assert!(
            before_elapsed(30)
                .should_stop(&at(2, 30).with_next_wait(Duration::ZERO, WaitSource::Policy))
        );
    }

    #[test]
    fn never_does_not_stop_at_any_attempt_or_time() {
        let late = at(u32::MAX, u64::MAX).with_next_wait(Duration::MAX, WaitSource::Server);

        assert!(!never().should_stop(&at(1, 0)));
        assert!(!never().should_stop(&late));
        assert_eq!(never().max_attempts(), None);
    }

    #[test]
    fn cancelled_stops_once_a_shared_flag_is_set() {
        let flag = Arc::new(AtomicBool::new(false));
        let stop = cancelled(Arc::clone(&flag));

        let before = stop.should_stop(&at(1, 0));
        flag.store(true, Ordering::Relaxed);
        let after = stop.should_stop(&at(1, 0));

        assert!(!before);
        assert!(after);
    }

    #[test]
    fn cancelled_ends_a_running_call_after_the_attempt_that_saw_the_flag_set() {
        let flag = Arc::new(AtomicBool::new(false));
        let policy = crate::Retry::new()
            .stop(never() | cancelled(Arc::clone(&flag)))
            .wait(crate::wait::none());

        let outcome: Result<(), u32> = policy.run_blocking(|ctx| {
            if ctx.attempt() == 3 {
                flag.store(true, Ordering::Relaxed);
            }
            Err(ctx.attempt())
        });

        assert_eq!(outcome, Err(3));
    }

    #[test]
    fn stop_if_asks_the_closure_with_the_call_state() {
        let stop = stop_if(|state: &CallState<'_>| state.slept() > Duration::from_secs(5));
        let mut state = at(2, 0);

        let early = stop.should_stop(&state);
        state.slept = Duration::from_secs(6);
        let late = stop.should_stop(&state);

        assert!(!early);
        assert!(late);
    }

    #[test]
    fn only_time_based_conditions_need_the_clock() {
        let needs_clock = [
            <Never as Stop>::NEEDS_CLOCK,
            <Cancelled<Arc<AtomicBool>> as Stop>::NEEDS_CLOCK,
            <AnyOf<Attempts, Cancelled<&AtomicBool>> as Stop>::NEEDS_CLOCK,
            <BeforeElapsed as Stop>::NEEDS_CLOCK,
            <StopIf<fn(&CallState<'_>) -> bool> as Stop>::NEEDS_CLOCK,
            <AllOf<Never, BeforeElapsed> as Stop>::NEEDS_CLOCK,
        ];

        assert_eq!(needs_clock, [false, false, false, true, true, true]);
    }

    #[test]
    fn new_conditions_combine_with_the_operators() {
        static FLAG: AtomicBool = AtomicBool::new(false);
        let stop = ((attempts(5) | cancelled(&FLAG)) & before_elapsed(10)) | never();
        let waiting = |attempt, secs| {
            at(attempt, 5).with_next_wait(Duration::from_secs(secs), WaitSource::Policy)
        };

        assert!(!stop.should_stop(&waiting(4, 6)));
        assert!(!stop.should_stop(&waiting(5, 4)));
        assert!(stop.should_stop(&waiting(5, 6)));
        assert_eq!(stop.max_attempts(), None);
    }
}
