//! Waits drawn uniformly at random between two bounds.

use std::time::Duration;

use super::Wait;
use super::exponential::{Exponential, exponential};
use crate::delay::{IntoDelay, secs_f64};
use crate::random;
use crate::state::CallState;

/// A number in `[0, 1)` for attempt `attempt`: derived from the seed when there is
/// one, so that a rebuilt strategy draws it again, else fresh from this thread.
pub(super) fn draw(seed: Option<u64>, attempt: u32) -> f64 {
    random::unit(match seed {
        Some(seed) => random::seeded(seed, attempt),
        None => random::fresh(),
    })
}

/// The point at `fraction` (in `[0, 1)`) of the way between `a` and `b`, in either
/// order; never outside them.
pub(super) fn between(a: Duration, b: Duration, fraction: f64) -> Duration {
    let (low, high) = if a <= b { (a, b) } else { (b, a) };
    let span = high - low;
    low.saturating_add(secs_f64(span.as_secs_f64() * fraction).min(span))
}

/// Waits a random time between two bounds. See [`random`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Random {
    min: Duration,
    max: Duration,
    seed: Option<u64>,
}

/// Waits a random time between `min` and `max`, drawn uniformly, as Python tenacity's
/// `wait_random` does.
///
/// Both bounds are seconds (`1`, `0.5`) or [`Duration`]s. As in tenacity, bounds in
/// the wrong order are taken the other way round: `random(5, 1)` waits between 1 and
/// 5 seconds. [`Random::seed`] makes the draws reproducible.
///
/// ```
/// use retry_core::wait::{Wait, random};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let wait = random(0.5, 2);
/// for attempt in 1..=100 {
///     let slept = wait.wait(&CallState::new(attempt, Duration::ZERO));
///     assert!(slept >= Duration::from_millis(500) && slept <= Duration::from_secs(2));
/// }
/// ```
#[inline]
pub fn random(min: impl IntoDelay, max: impl IntoDelay) -> Random {
    Random { min: min.into_delay(), max: max.into_delay(), seed: None }
}

impl Random {
    /// Draws the wait for each attempt from `seed` and the attempt number, so the
    /// schedule is the same on every run.
    ///
    /// ```
    /// use retry_core::wait::{Wait, random};
    /// use retry_core::CallState;
    /// use std::time::Duration;
    ///
    /// let at = |n| CallState::new(n, Duration::ZERO);
    /// assert_eq!(random(0, 10).seed(7).wait(&at(3)), random(0, 10).seed(7).wait(&at(3)));
    /// ```
    #[inline]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }
}

impl Wait for Random {
    const NEEDS_CLOCK: bool = false;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        between(self.min, self.max, draw(self.seed, state.attempt()))
    }
}

/// Waits a random time up to an exponentially growing bound. See
/// [`random_exponential`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RandomExponential {
    bound: Exponential,
    seed: Option<u64>,
}

/// Waits a random time between 0 and `multiplier × 2^(n−1)` seconds after failed
/// attempt `n`, never more than `max`, as Python tenacity's `wait_random_exponential`
/// does. Known as "full jitter".
///
/// Both arguments are seconds (`1`, `0.5`) or [`Duration`]s. The upper bound is what
/// [`exponential(multiplier, 0, max)`](crate::wait::exponential) waits; change its
/// growth factor with [`RandomExponential::base`] and make the draws reproducible with
/// [`RandomExponential::seed`].
///
/// ```
/// use retry_core::wait::{Wait, random_exponential};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let wait = random_exponential(1, 60);
/// let third = wait.wait(&CallState::new(3, Duration::ZERO));
/// assert!(third <= Duration::from_secs(4));
/// let twentieth = wait.wait(&CallState::new(20, Duration::ZERO));
/// assert!(twentieth <= Duration::from_secs(60));
/// ```
#[inline]
pub fn random_exponential(multiplier: impl IntoDelay, max: impl IntoDelay) -> RandomExponential {
    RandomExponential { bound: exponential(multiplier, 0, max), seed: None }
}

impl RandomExponential {
    /// Grows the bound by `base` instead of 2 after each attempt, as
    /// [`Exponential::base`] does (tenacity's `exp_base`).
    ///
    /// ```
    /// use retry_core::wait::{Wait, random_exponential};
    /// use retry_core::CallState;
    /// use std::time::Duration;
    ///
    /// let wait = random_exponential(1, 60).base(3.0);
    /// assert!(wait.wait(&CallState::new(3, Duration::ZERO)) <= Duration::from_secs(9));
    /// ```
    #[inline]
    pub fn base(mut self, base: impl Into<f64>) -> Self {
        self.bound = self.bound.base(base);
        self
    }

    /// Draws the wait for each attempt from `seed` and the attempt number, so the
    /// schedule is the same on every run.
    ///
    /// ```
    /// use retry_core::wait::{Wait, random_exponential};
    /// use retry_core::CallState;
    /// use std::time::Duration;
    ///
    /// let wait = random_exponential(1, 60).seed(42);
    /// let at = |n| CallState::new(n, Duration::ZERO);
    /// assert_eq!(wait.wait(&at(5)), wait.wait(&at(5)));
    /// ```
    #[inline]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }
}

impl Wait for RandomExponential {
    const NEEDS_CLOCK: bool = false;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        let bound = self.bound.wait(state);
        between(Duration::ZERO, bound, draw(self.seed, state.attempt()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wait::{schedule, schedule_nanos};

    fn at(attempt: u32) -> CallState<'static> {
        CallState::new(attempt, Duration::ZERO)
    }

    #[test]
    fn between_reaches_both_ends_and_accepts_either_order() {
        let one = Duration::from_secs(1);
        let three = Duration::from_secs(3);

        assert_eq!(between(one, three, 0.0), one);
        assert_eq!(between(one, three, 0.5), Duration::from_secs(2));
        assert_eq!(between(three, one, 0.5), Duration::from_secs(2));
        assert!(between(one, three, random::unit(u64::MAX)) <= three);
        assert_eq!(between(Duration::ZERO, Duration::MAX, 1.0), Duration::MAX);
    }

    #[test]
    fn random_stays_between_min_and_max() {
        let wait = random(1, 3);

        let waits = schedule(&wait, (1..=1000).chain([0, u32::MAX]));

        assert!(waits.iter().all(|&secs| (1.0..=3.0).contains(&secs)), "{waits:?}");
    }

    #[test]
    fn random_unseeded_does_not_repeat_one_value() {
        let waits = schedule(&random(0, 1000), [1; 8]);

        assert!(waits.iter().any(|&secs| secs != waits[0]), "{waits:?}");
    }

    #[test]
    fn random_seeded_gives_the_same_schedule_every_time() {
        let waits = schedule_nanos(&random(0, 10).seed(7), 1..=4);

        assert_eq!(waits, schedule_nanos(&random(0, 10).seed(7), 1..=4));
        assert_eq!(waits, [3_898_297_484, 167_882_945, 9_007_606_806, 5_829_302_930]);
        assert_ne!(waits, schedule_nanos(&random(0, 10).seed(8), 1..=4));
    }

    #[test]
    fn random_with_min_above_max_draws_between_them() {
        let waits = schedule_nanos(&random(10, 2).seed(7), 1..=4);

        assert_eq!(waits, [5_118_637_987, 2_134_306_356, 9_206_085_445, 6_663_442_344]);
    }

    #[test]
    fn random_with_equal_bounds_waits_exactly_that() {
        assert_eq!(schedule(&random(2.5, 2.5), [1, u32::MAX]), [2.5, 2.5]);
    }

    #[test]
    fn random_handles_extreme_bounds() {
        let wait = random(Duration::ZERO, Duration::MAX);

        for attempt in [0, 1, u32::MAX] {
            assert!(wait.wait(&at(attempt)) <= Duration::MAX);
        }
        assert_eq!(schedule(&random(f64::NAN, -1), [1]), [0.0]);
        assert_eq!(random(Duration::MAX, Duration::MAX).wait(&at(3)), Duration::MAX);
    }

    #[test]
    fn random_exponential_stays_under_tenacitys_bound() {
        let wait = random_exponential(1, 10);

        for attempt in 1..=2000 {
            let bound = [1.0, 2.0, 4.0, 8.0].get(attempt as usize - 1).copied().unwrap_or(10.0);
            let secs = wait.wait(&at(attempt)).as_secs_f64();

            assert!((0.0..=bound).contains(&secs), "attempt {attempt}: {secs}");
        }
        assert!(wait.wait(&at(u32::MAX)) <= Duration::from_secs(10));
    }

    #[test]
    fn random_exponential_seeded_gives_the_same_schedule_every_time() {
        let waits = schedule_nanos(&random_exponential(1, 10).seed(7), 1..=5);

        assert_eq!(waits, [389_829_748, 33_576_589, 3_603_042_722, 4_663_442_344, 4_524_418_950]);
    }

    #[test]
    fn random_exponential_base_3_stays_under_3_to_the_n() {
        let waits = schedule_nanos(&random_exponential(1, 100).base(3.0).seed(7), 1..=4);

        assert_eq!(waits, [389_829_748, 50_364_884, 8_106_846_125, 15_739_117_912]);
    }

    #[test]
    fn random_exponential_with_zero_multiplier_or_max_never_waits() {
        assert_eq!(schedule(&random_exponential(0, 10), [1, u32::MAX]), [0.0, 0.0]);
        assert_eq!(schedule(&random_exponential(1, 0), [1, u32::MAX]), [0.0, 0.0]);
    }
}
