//! Waits that grow by a constant factor.

use std::time::Duration;

use super::Wait;
use crate::delay::{IntoDelay, secs_f64};
use crate::state::CallState;

/// The factor by which waits grow unless told otherwise, as in tenacity.
pub(super) const DEFAULT_BASE: f64 = 2.0;

/// A usable growth factor: NaN, zero and negative ones give way to the default.
pub(super) fn checked_base(base: f64) -> f64 {
    if base > 0.0 { base } else { DEFAULT_BASE }
}

/// `multiplier × base^(n−1)` seconds for attempt `n` (0 counts as 1): never NaN,
/// possibly infinite. `base` must be positive.
pub(super) fn growth_secs(multiplier: f64, base: f64, attempt: u32) -> f64 {
    if multiplier == 0.0 {
        // Zero times an infinite power would be NaN.
        return 0.0;
    }
    multiplier * base.powf(f64::from(attempt.saturating_sub(1)))
}

/// Waits twice as long after each attempt, within bounds. See [`exponential`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exponential {
    multiplier: f64,
    base: f64,
    min: Duration,
    max: Duration,
}

/// Waits `multiplier × 2^(n−1)` seconds after failed attempt `n`, clamped to
/// `[min, max]`, as Python tenacity's `wait_exponential` does.
///
/// All three arguments are seconds (`1`, `0.5`) or [`Duration`]s. `exponential(1, 4, 10)`
/// waits 4, 4, 4, 8, 10, 10, … seconds. The result never overflows, whatever the attempt
/// number. When `min` is larger than `max`, every wait is `min`. Another growth factor
/// than 2 is set with [`Exponential::base`].
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
        base: DEFAULT_BASE,
        min: min.into_delay(),
        max: max.into_delay(),
    }
}

impl Exponential {
    /// Grows the wait by `base` instead of 2 after each attempt: `multiplier ×
    /// base^(n−1)`, tenacity's `exp_base`.
    ///
    /// A base between 0 and 1 makes the waits shrink towards `min`, and 1 keeps them
    /// at `multiplier`. A base that is zero, negative or NaN is ignored: the waits
    /// keep doubling.
    ///
    /// ```
    /// use retry_core::wait::{Wait, exponential};
    /// use retry_core::CallState;
    /// use std::time::Duration;
    ///
    /// let wait = exponential(1, 0, 100).base(3.0);
    /// let secs = |n| wait.wait(&CallState::new(n, Duration::ZERO)).as_secs_f64();
    /// assert_eq!([secs(1), secs(2), secs(3), secs(4), secs(5)], [1.0, 3.0, 9.0, 27.0, 81.0]);
    /// ```
    #[inline]
    pub fn base(mut self, base: impl Into<f64>) -> Self {
        let base: f64 = base.into();
        self.base = checked_base(base);
        self
    }
}

impl Wait for Exponential {
    const NEEDS_CLOCK: bool = false;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        let raw = secs_f64(growth_secs(self.multiplier, self.base, state.attempt()));
        raw.min(self.max).max(self.min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wait::schedule;

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
    fn exponential_base_3_matches_tenacity_exp_base_3() {
        let wait = exponential(0.5, 1, 20).base(3.0);

        assert_eq!(schedule(&wait, 1..=6), [1.0, 1.5, 4.5, 13.5, 20.0, 20.0]);
    }

    #[test]
    fn exponential_base_below_1_shrinks_towards_min() {
        let wait = exponential(8, 1, 100).base(0.5);

        assert_eq!(schedule(&wait, [1, 2, 3, 4, 5, u32::MAX]), [8.0, 4.0, 2.0, 1.0, 1.0, 1.0]);
    }

    #[test]
    fn exponential_base_1_waits_the_multiplier_every_time() {
        assert_eq!(schedule(&exponential(3, 0, 10).base(1.0), [1, 9, u32::MAX]), [3.0; 3]);
    }

    #[test]
    fn exponential_base_zero_negative_or_nan_keeps_doubling() {
        for base in [0.0, -3.0, f64::NAN, f64::NEG_INFINITY] {
            let wait = exponential(1, 0, 100).base(base);

            assert_eq!(schedule(&wait, 1..=4), [1.0, 2.0, 4.0, 8.0], "base {base}");
        }
    }

    #[test]
    fn exponential_huge_base_saturates_at_max() {
        let wait = exponential(1, 0, 60).base(f64::INFINITY);

        assert_eq!(schedule(&wait, [1, 2, u32::MAX]), [1.0, 60.0, 60.0]);
    }
}
