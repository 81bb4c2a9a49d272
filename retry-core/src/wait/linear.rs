//! Waits that stay the same or grow by a fixed step.

use std::time::Duration;

use super::Wait;
use crate::delay::IntoDelay;
use crate::state::CallState;

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

/// Waits a little longer after each attempt, up to a cap. See [`incrementing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Incrementing {
    start: Duration,
    step: Duration,
    max: Duration,
}

/// Waits `start + step × (n − 1)` after failed attempt `n`, never more than `max`, as
/// Python tenacity's `wait_incrementing` does.
///
/// All three arguments are seconds (`1`, `0.5`) or [`Duration`]s; a negative step
/// counts as zero. `incrementing(1, 2, 6)` waits 1, 3, 5, 6, 6, … seconds. The cap
/// wins over `start`: when `start` is larger than `max`, every wait is `max`.
///
/// ```
/// use retry_core::wait::{Wait, incrementing};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let wait = incrementing(0.5, 0.25, 1);
/// let secs = |n| wait.wait(&CallState::new(n, Duration::ZERO)).as_secs_f64();
/// assert_eq!([secs(1), secs(2), secs(3), secs(4), secs(u32::MAX)], [0.5, 0.75, 1.0, 1.0, 1.0]);
/// ```
#[inline]
pub fn incrementing(
    start: impl IntoDelay,
    step: impl IntoDelay,
    max: impl IntoDelay,
) -> Incrementing {
    Incrementing { start: start.into_delay(), step: step.into_delay(), max: max.into_delay() }
}

impl Wait for Incrementing {
    const NEEDS_CLOCK: bool = false;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        let steps = state.attempt().saturating_sub(1);
        self.start.saturating_add(self.step.saturating_mul(steps)).min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wait::schedule;

    #[test]
    fn fixed_waits_the_same_time_every_attempt() {
        assert_eq!(schedule(&fixed(1.5), [1, 2, u32::MAX]), [1.5, 1.5, 1.5]);
    }

    #[test]
    fn none_never_waits() {
        assert_eq!(schedule(&none(), [1, u32::MAX]), [0.0, 0.0]);
    }

    #[test]
    fn incrementing_matches_tenacity_for_start_1_increment_2_max_6() {
        assert_eq!(schedule(&incrementing(1, 2, 6), 1..=6), [1.0, 3.0, 5.0, 6.0, 6.0, 6.0]);
    }

    #[test]
    fn incrementing_matches_tenacity_defaults_start_0_increment_100() {
        let wait = incrementing(0, 100, Duration::MAX);

        assert_eq!(schedule(&wait, 1..=4), [0.0, 100.0, 200.0, 300.0]);
    }

    #[test]
    fn incrementing_at_attempt_zero_counts_as_the_first() {
        assert_eq!(schedule(&incrementing(3, 1, 10), [0]), [3.0]);
    }

    #[test]
    fn incrementing_saturates_instead_of_overflowing() {
        let wait = incrementing(Duration::MAX, Duration::MAX, Duration::MAX);

        assert_eq!(wait.wait(&CallState::new(u32::MAX, Duration::ZERO)), Duration::MAX);
        assert_eq!(schedule(&incrementing(1, u64::MAX, 60), [2, u32::MAX]), [60.0, 60.0]);
    }

    #[test]
    fn incrementing_with_start_above_max_always_waits_max() {
        assert_eq!(schedule(&incrementing(20, 1, 10), [1, 5]), [10.0, 10.0]);
    }

    #[test]
    fn incrementing_with_a_negative_step_stays_at_start() {
        assert_eq!(schedule(&incrementing(2, -1, 10), [1, 9]), [2.0, 2.0]);
    }
}
