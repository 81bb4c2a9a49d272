//! Exponential waits with random jitter, which spread out clients that failed together.

use std::time::Duration;

use super::Wait;
use super::exponential::{DEFAULT_BASE, Exponential, checked_base, exponential, growth_secs};
use super::uniform::{between, draw};
use crate::delay::{IntoDelay, secs_f64};
use crate::random;
use crate::state::CallState;

/// Waits an exponential time plus a random extra. See [`exponential_jitter`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExponentialJitter {
    initial: f64,
    base: f64,
    max: Duration,
    jitter: Duration,
    seed: Option<u64>,
}

/// Waits `initial × 2^(n−1)` seconds plus a random extra of up to `jitter` after
/// failed attempt `n`, never more than `max`, as Python tenacity's
/// `wait_exponential_jitter` does.
///
/// All three arguments are seconds (`1`, `0.5`) or [`Duration`]s; tenacity's defaults
/// are `exponential_jitter(1, max, 1)`. Change the growth factor with
/// [`ExponentialJitter::base`] and make the draws reproducible with
/// [`ExponentialJitter::seed`].
///
/// ```
/// use retry_core::wait::{Wait, exponential_jitter};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let wait = exponential_jitter(1, 60, 1);
/// let third = wait.wait(&CallState::new(3, Duration::ZERO));
/// assert!(third >= Duration::from_secs(4) && third <= Duration::from_secs(5));
/// assert_eq!(wait.wait(&CallState::new(9, Duration::ZERO)), Duration::from_secs(60));
/// ```
#[inline]
pub fn exponential_jitter(
    initial: impl IntoDelay,
    max: impl IntoDelay,
    jitter: impl IntoDelay,
) -> ExponentialJitter {
    ExponentialJitter {
        initial: initial.into_delay().as_secs_f64(),
        base: DEFAULT_BASE,
        max: max.into_delay(),
        jitter: jitter.into_delay(),
        seed: None,
    }
}

impl ExponentialJitter {
    /// Grows the wait by `base` instead of 2 after each attempt, as
    /// [`Exponential::base`] does (tenacity's `exp_base`).
    ///
    /// ```
    /// use retry_core::wait::{Wait, exponential_jitter};
    /// use retry_core::CallState;
    /// use std::time::Duration;
    ///
    /// let wait = exponential_jitter(1, 60, 0).base(3.0);
    /// assert_eq!(wait.wait(&CallState::new(3, Duration::ZERO)), Duration::from_secs(9));
    /// ```
    #[inline]
    pub fn base(mut self, base: impl Into<f64>) -> Self {
        let base: f64 = base.into();
        self.base = checked_base(base);
        self
    }

    /// Draws the extra for each attempt from `seed` and the attempt number, so the
    /// schedule is the same on every run.
    ///
    /// ```
    /// use retry_core::wait::{Wait, exponential_jitter};
    /// use retry_core::CallState;
    /// use std::time::Duration;
    ///
    /// let wait = exponential_jitter(1, 60, 1).seed(42);
    /// let at = |n| CallState::new(n, Duration::ZERO);
    /// assert_eq!(wait.wait(&at(2)), wait.wait(&at(2)));
    /// ```
    #[inline]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }
}

impl Wait for ExponentialJitter {
    const NEEDS_CLOCK: bool = false;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        let attempt = state.attempt();
        let exponential = secs_f64(growth_secs(self.initial, self.base, attempt));
        let extra = between(Duration::ZERO, self.jitter, draw(self.seed, attempt));
        exponential.saturating_add(extra).min(self.max)
    }
}

/// Waits at least half an exponential time, and a random part of the other half. See
/// [`equal_jitter`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EqualJitter {
    bound: Exponential,
    seed: Option<u64>,
}

/// Waits half of `e = min(max, multiplier × 2^(n−1))` seconds after failed attempt
/// `n`, plus a random part of the other half: between `e / 2` and `e`. Known as
/// "equal jitter"; tenacity has no counterpart.
///
/// Both arguments are seconds (`1`, `0.5`) or [`Duration`]s. `e` is what
/// [`exponential(multiplier, 0, max)`](crate::wait::exponential) waits; change its
/// growth factor with [`EqualJitter::base`] and make the draws reproducible with
/// [`EqualJitter::seed`].
///
/// ```
/// use retry_core::wait::{Wait, equal_jitter};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let wait = equal_jitter(1, 60);
/// let third = wait.wait(&CallState::new(3, Duration::ZERO));
/// assert!(third >= Duration::from_secs(2) && third <= Duration::from_secs(4));
/// ```
#[inline]
pub fn equal_jitter(multiplier: impl IntoDelay, max: impl IntoDelay) -> EqualJitter {
    EqualJitter { bound: exponential(multiplier, 0, max), seed: None }
}

impl EqualJitter {
    /// Grows the exponential part by `base` instead of 2 after each attempt, as
    /// [`Exponential::base`] does.
    ///
    /// ```
    /// use retry_core::wait::{Wait, equal_jitter};
    /// use retry_core::CallState;
    /// use std::time::Duration;
    ///
    /// let third = equal_jitter(1, 60).base(3.0).wait(&CallState::new(3, Duration::ZERO));
    /// assert!(third >= Duration::from_secs_f64(4.5) && third <= Duration::from_secs(9));
    /// ```
    #[inline]
    pub fn base(mut self, base: impl Into<f64>) -> Self {
        self.bound = self.bound.base(base);
        self
    }

    /// Draws the random half for each attempt from `seed` and the attempt number, so
    /// the schedule is the same on every run.
    ///
    /// ```
    /// use retry_core::wait::{Wait, equal_jitter};
    /// use retry_core::CallState;
    /// use std::time::Duration;
    ///
    /// let wait = equal_jitter(1, 60).seed(42);
    /// let at = |n| CallState::new(n, Duration::ZERO);
    /// assert_eq!(wait.wait(&at(4)), wait.wait(&at(4)));
    /// ```
    #[inline]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }
}

impl Wait for EqualJitter {
    const NEEDS_CLOCK: bool = false;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        let whole = self.bound.wait(state);
        let half = whole / 2;
        half + between(Duration::ZERO, whole - half, draw(self.seed, state.attempt()))
    }
}

/// How many earlier waits [`DecorrelatedJitter`] replays at most. Each step can
/// triple the wait, so well before this many the waits have reached the cap.
const REPLAYED_WAITS: u32 = 64;

/// Waits a random time up to three times the previous wait. See
/// [`decorrelated_jitter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecorrelatedJitter {
    base: Duration,
    max: Duration,
    seed: Option<u64>,
}

/// Waits a random time between `base` and three times the previous wait, never more
/// than `max`: "decorrelated jitter", as described in the AWS Architecture Blog's
/// "Exponential Backoff And Jitter". Tenacity has no counterpart.
///
/// The wait before the first is taken to be `base`, so after failed attempt `n`:
/// `wait(n) = min(max, random(base, 3 × wait(n − 1)))`. Both arguments are seconds
/// (`1`, `0.5`) or [`Duration`]s. A `base` of zero never waits; a `base` above `max`
/// always waits `max`.
///
/// The strategy keeps no memory between attempts: it recomputes the earlier waits
/// from their draws, at most the last 64 of them, starting from `base`. Seeded with
/// [`DecorrelatedJitter::seed`], each wait is the one that follows its predecessors;
/// unseeded, each decision draws a whole new path, so consecutive waits are each
/// distributed as decorrelated jitter but not linked to one another.
///
/// ```
/// use retry_core::wait::{Wait, decorrelated_jitter};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let wait = decorrelated_jitter(1, 20);
/// let first = wait.wait(&CallState::new(1, Duration::ZERO));
/// assert!(first >= Duration::from_secs(1) && first <= Duration::from_secs(3));
/// let tenth = wait.wait(&CallState::new(10, Duration::ZERO));
/// assert!(tenth >= Duration::from_secs(1) && tenth <= Duration::from_secs(20));
/// ```
#[inline]
pub fn decorrelated_jitter(base: impl IntoDelay, max: impl IntoDelay) -> DecorrelatedJitter {
    DecorrelatedJitter { base: base.into_delay(), max: max.into_delay(), seed: None }
}

impl DecorrelatedJitter {
    /// Draws each attempt's randomness from `seed` and the attempt number, so the
    /// schedule is the same on every run and each wait follows from the one before.
    ///
    /// ```
    /// use retry_core::wait::{Wait, decorrelated_jitter};
    /// use retry_core::CallState;
    /// use std::time::Duration;
    ///
    /// let wait = decorrelated_jitter(1, 20).seed(42);
    /// let at = |n| CallState::new(n, Duration::ZERO);
    /// assert_eq!(wait.wait(&at(6)), wait.wait(&at(6)));
    /// ```
    #[inline]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }
}

impl Wait for DecorrelatedJitter {
    const NEEDS_CLOCK: bool = false;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        let seed = self.seed.unwrap_or_else(random::fresh);
        let last = state.attempt().max(1);
        let first = last.saturating_sub(REPLAYED_WAITS - 1).max(1);
        let mut wait = self.base;
        for attempt in first..=last {
            let fraction = random::unit(random::seeded(seed, attempt));
            wait = between(self.base, wait.saturating_mul(3), fraction).min(self.max);
        }
        wait
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
    fn exponential_jitter_stays_within_tenacitys_formula() {
        let wait = exponential_jitter(1, 30, 1);

        for attempt in 1..=200 {
            let exponential = [1.0, 2.0, 4.0, 8.0, 16.0].get(attempt as usize - 1).copied();
            let secs = wait.wait(&at(attempt)).as_secs_f64();

            match exponential {
                Some(low) => assert!(low <= secs && secs <= low + 1.0, "{attempt}: {secs}"),
                None => assert_eq!(secs, 30.0, "attempt {attempt}"),
            }
        }
    }

    #[test]
    fn exponential_jitter_without_jitter_is_tenacitys_exponential_capped_at_max() {
        let wait = exponential_jitter(0.5, 5, 0);

        assert_eq!(
            schedule(&wait, [0, 1, 2, 3, 4, 5, u32::MAX]),
            [0.5, 0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
        );
    }

    #[test]
    fn exponential_jitter_seeded_gives_the_same_schedule_every_time() {
        let waits = schedule_nanos(&exponential_jitter(1, 10, 1).seed(7), 1..=5);

        assert_eq!(
            waits,
            [1_389_829_748, 2_016_788_295, 4_900_760_681, 8_582_930_293, 10_000_000_000]
        );
    }

    #[test]
    fn exponential_jitter_never_exceeds_max_even_with_large_jitter() {
        let wait = exponential_jitter(1, 3, 1000);

        assert!((1..=500).all(|attempt| wait.wait(&at(attempt)) <= Duration::from_secs(3)));
        assert_eq!(
            exponential_jitter(1, 3, Duration::MAX).wait(&at(u32::MAX)),
            Duration::from_secs(3)
        );
    }

    #[test]
    fn exponential_jitter_base_3_grows_by_3() {
        let wait = exponential_jitter(1, 100, 0).base(3.0);

        assert_eq!(schedule(&wait, 1..=5), [1.0, 3.0, 9.0, 27.0, 81.0]);
        assert_eq!(schedule(&wait.base(f64::NAN), 1..=3), [1.0, 2.0, 4.0]);
    }

    #[test]
    fn equal_jitter_stays_between_half_and_all_of_the_exponential() {
        let wait = equal_jitter(1, 10);

        for attempt in (1..=300).chain([0, u32::MAX]) {
            let whole = [1.0, 2.0, 4.0, 8.0].get(attempt.max(1) as usize - 1).copied();
            let whole = whole.unwrap_or(10.0);
            let secs = wait.wait(&at(attempt)).as_secs_f64();

            assert!(whole / 2.0 <= secs && secs <= whole, "attempt {attempt}: {secs}");
        }
    }

    #[test]
    fn equal_jitter_seeded_gives_the_same_schedule_every_time() {
        let waits = schedule_nanos(&equal_jitter(1, 10).seed(7), 1..=5);

        assert_eq!(
            waits,
            [694_914_874, 1_016_788_295, 3_801_521_361, 6_331_721_172, 7_262_209_475]
        );
    }

    #[test]
    fn equal_jitter_with_zero_multiplier_or_max_never_waits() {
        assert_eq!(schedule(&equal_jitter(0, 10), [1, u32::MAX]), [0.0, 0.0]);
        assert_eq!(schedule(&equal_jitter(1, 0), [1, u32::MAX]), [0.0, 0.0]);
    }

    #[test]
    fn equal_jitter_with_the_largest_durations_does_not_overflow() {
        let wait = equal_jitter(Duration::MAX, Duration::MAX);

        assert!(wait.wait(&at(u32::MAX)) >= Duration::MAX / 2);
    }

    #[test]
    fn decorrelated_jitter_follows_the_aws_recurrence() {
        let seed = 7;
        let wait = decorrelated_jitter(1, 1000).seed(seed);

        let mut previous = 1.0;
        for attempt in 1..=8 {
            let fraction = random::unit(random::seeded(seed, attempt));
            let expected = (1.0 + (3.0 * previous - 1.0) * fraction).min(1000.0);
            let secs = wait.wait(&at(attempt)).as_secs_f64();

            assert!((secs - expected).abs() < 1e-6, "attempt {attempt}: {secs} vs {expected}");
            previous = secs;
        }
    }

    #[test]
    fn decorrelated_jitter_seeded_gives_the_same_schedule_every_time() {
        let waits = schedule_nanos(&decorrelated_jitter(1, 20).seed(7), 1..=6);

        assert_eq!(
            waits,
            [
                1_779_659_497,
                1_072_844_049,
                2_998_366_527,
                5_660_585_742,
                8_230_816_525,
                6_909_643_764
            ]
        );
    }

    #[test]
    fn decorrelated_jitter_stays_between_base_and_max() {
        let wait = decorrelated_jitter(0.5, 20);

        let waits = schedule(&wait, (1..=300).chain([0, u32::MAX]));

        assert!(waits.iter().all(|&secs| (0.5..=20.0).contains(&secs)), "{waits:?}");
    }

    #[test]
    fn decorrelated_jitter_at_huge_attempts_replays_only_the_last_64_waits() {
        let uncapped = decorrelated_jitter(1, Duration::MAX).seed(7);

        let waits = schedule_nanos(&uncapped, [64, 65, u32::MAX]);

        assert_eq!(waits, [89_645_195_057_567, 123_032_122_526_667, 83_115_327_674_692_601]);
        assert_eq!(decorrelated_jitter(1, 20).seed(7).wait(&at(u32::MAX)), Duration::from_secs(20));
    }

    #[test]
    fn decorrelated_jitter_with_zero_base_never_waits() {
        assert_eq!(schedule(&decorrelated_jitter(0, 20), [1, 50, u32::MAX]), [0.0; 3]);
    }

    #[test]
    fn decorrelated_jitter_with_base_above_max_always_waits_max() {
        assert_eq!(schedule(&decorrelated_jitter(30, 20), [1, 2, 70, u32::MAX]), [20.0; 4]);
    }

    #[test]
    fn decorrelated_jitter_with_the_largest_durations_does_not_overflow() {
        let wait = decorrelated_jitter(Duration::MAX, Duration::MAX);

        assert_eq!(wait.wait(&at(u32::MAX)), Duration::MAX);
    }
}
