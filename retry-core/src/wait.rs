//! Wait strategies: how long to sleep between attempts.
//!
//! A wait strategy is asked after every failed attempt that will be retried. A wait
//! published by the attempt itself (a server's `Retry-After`, through
//! [`RetryContext::set_retry_after`](crate::RetryContext::set_retry_after)) replaces
//! the strategy's answer for that one sleep.
//!
//! ```
//! use retry_core::wait::{Wait, exponential};
//! use retry_core::CallState;
//! use std::time::Duration;
//!
//! let wait = exponential(1, 4, 10);
//! let schedule: Vec<u64> = (1..=6)
//!     .map(|attempt| wait.wait(&CallState::new(attempt, Duration::ZERO)).as_secs())
//!     .collect();
//! assert_eq!(schedule, [4, 4, 4, 8, 10, 10]);
//! ```

use std::time::Duration;

use crate::delay::{IntoDelay, secs_f64};
use crate::state::CallState;

/// Chooses the wait after a failed attempt.
///
/// Implement it for your own strategy and pass the value to `wait = …` or
/// [`Retry::wait`](crate::Retry::wait):
///
/// ```
/// use retry_core::wait::Wait;
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// /// Waits one more second after every attempt: 1 s, 2 s, 3 s, …
/// struct Linear;
///
/// impl Wait for Linear {
///     fn wait(&self, state: &CallState<'_>) -> Duration {
///         Duration::from_secs(u64::from(state.attempt()))
///     }
/// }
///
/// assert_eq!(Linear.wait(&CallState::new(3, Duration::ZERO)), Duration::from_secs(3));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a wait strategy",
    label = "expected a wait strategy",
    note = "wait strategies come from `retry_core::wait`, such as `fixed(1)` or `exponential(1, 4, 10)`"
)]
pub trait Wait {
    /// Whether the strategy reads the time ([`CallState::elapsed`]). When no part of
    /// a policy does, a call whose first attempt succeeds never reads the clock.
    /// Leave it `true` unless you are sure.
    const NEEDS_CLOCK: bool = true;

    /// The time to sleep after the failed attempt `state.attempt()`.
    fn wait(&self, state: &CallState<'_>) -> Duration;
}

impl<W: Wait + ?Sized> Wait for &W {
    const NEEDS_CLOCK: bool = W::NEEDS_CLOCK;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        (**self).wait(state)
    }
}

/// Retries at once. See [`none`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoWait;

/// Retries at once, with no sleep between attempts.
///
/// ```
/// use retry_core::wait::{Wait, none};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// assert_eq!(none().wait(&CallState::new(7, Duration::ZERO)), Duration::ZERO);
/// ```
#[inline]
pub fn none() -> NoWait {
    NoWait
}

impl Wait for NoWait {
    const NEEDS_CLOCK: bool = false;

    fn wait(&self, _state: &CallState<'_>) -> Duration {
        Duration::ZERO
    }
}

/// Waits the same time after every attempt. See [`fixed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed(Duration);

/// Waits `delay` after every failed attempt; seconds (`2`, `0.25`) or a [`Duration`].
///
/// ```
/// use retry_core::wait::{Wait, fixed};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let wait = fixed(0.25);
/// assert_eq!(wait.wait(&CallState::new(1, Duration::ZERO)), Duration::from_millis(250));
/// assert_eq!(wait.wait(&CallState::new(9, Duration::ZERO)), Duration::from_millis(250));
/// ```
#[inline]
pub fn fixed(delay: impl IntoDelay) -> Fixed {
    Fixed(delay.into_delay())
}

impl Wait for Fixed {
    const NEEDS_CLOCK: bool = false;

    fn wait(&self, _state: &CallState<'_>) -> Duration {
        self.0
    }
}

/// Waits twice as long after each attempt, within bounds. See [`exponential`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exponential {
    multiplier: f64,
    min: Duration,
    max: Duration,
}

/// Waits `multiplier × 2^(n−1)` seconds after failed attempt `n`, clamped to
/// `[min, max]`, as Python tenacity's `wait_exponential` does.
///
/// All three arguments are seconds (`1`, `0.5`) or [`Duration`]s. `exponential(1, 4, 10)`
/// waits 4, 4, 4, 8, 10, 10, … seconds. The result never overflows, whatever the attempt
/// number. When `min` is larger than `max`, every wait is `min`.
///
/// ```
/// use retry_core::wait::{Wait, exponential};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let wait = exponential(0.5, 0, 30);
/// let secs = |n| wait.wait(&CallState::new(n, Duration::ZERO)).as_secs_f64();
/// assert_eq!([secs(1), secs(2), secs(3), secs(7), secs(u32::MAX)], [0.5, 1.0, 2.0, 30.0, 30.0]);
/// ```
#[inline]
pub fn exponential(
    multiplier: impl IntoDelay,
    min: impl IntoDelay,
    max: impl IntoDelay,
) -> Exponential {
    Exponential {
        multiplier: multiplier.into_delay().as_secs_f64(),
        min: min.into_delay(),
        max: max.into_delay(),
    }
}

impl Wait for Exponential {
    const NEEDS_CLOCK: bool = false;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        // 2^1100 is already infinite as an f64, so larger exponents change nothing.
        let exponent = state.attempt().saturating_sub(1).min(1100) as i32;
        let raw = if self.multiplier == 0.0 {
            Duration::ZERO
        } else {
            secs_f64(self.multiplier * 2f64.powi(exponent))
        };
        raw.min(self.max).max(self.min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(wait: &impl Wait, attempts: impl IntoIterator<Item = u32>) -> Vec<f64> {
        attempts
            .into_iter()
            .map(|n| wait.wait(&CallState::new(n, Duration::ZERO)).as_secs_f64())
            .collect()
    }

    #[test]
    fn exponential_matches_tenacity_for_multiplier_1_min_4_max_10() {
        assert_eq!(schedule(&exponential(1, 4, 10), 1..=6), [4.0, 4.0, 4.0, 8.0, 10.0, 10.0]);
    }

    #[test]
    fn exponential_doubles_from_the_multiplier_without_bounds_in_the_way() {
        assert_eq!(schedule(&exponential(1, 0, 1000), 1..=5), [1.0, 2.0, 4.0, 8.0, 16.0]);
    }

    #[test]
    fn exponential_never_overflows_at_huge_attempt_numbers() {
        let waits = schedule(&exponential(1, 0, 10), [64, 65, 1024, 1101, u32::MAX]);

        assert_eq!(waits, [10.0; 5]);
    }

    #[test]
    fn exponential_without_a_cap_saturates_at_the_largest_duration() {
        let wait = exponential(1, 0, Duration::MAX);

        assert_eq!(wait.wait(&CallState::new(u32::MAX, Duration::ZERO)), Duration::MAX);
    }

    #[test]
    fn exponential_with_min_above_max_always_waits_min() {
        assert_eq!(schedule(&exponential(1, 20, 10), [1, 5, 50]), [20.0, 20.0, 20.0]);
    }

    #[test]
    fn exponential_with_zero_or_negative_multiplier_waits_min() {
        assert_eq!(schedule(&exponential(0, 2, 10), [1, 2000]), [2.0, 2.0]);
        assert_eq!(schedule(&exponential(-1, 0, 10), [1, 2000]), [0.0, 0.0]);
    }

    #[test]
    fn exponential_at_attempt_zero_counts_as_the_first() {
        assert_eq!(schedule(&exponential(1, 0, 10), [0]), [1.0]);
    }

    #[test]
    fn fixed_waits_the_same_time_every_attempt() {
        assert_eq!(schedule(&fixed(1.5), [1, 2, u32::MAX]), [1.5, 1.5, 1.5]);
    }

    #[test]
    fn none_never_waits() {
        assert_eq!(schedule(&none(), [1, u32::MAX]), [0.0, 0.0]);
    }
}
