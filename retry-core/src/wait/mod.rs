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
//!
//! The strategies follow Python tenacity's, under the same names without the `wait_`
//! prefix:
//!
//! | Strategy | Waits after failed attempt `n` |
//! |---|---|
//! | [`none`] | nothing |
//! | [`fixed`] | the same time |
//! | [`incrementing`] | `start + step × (n − 1)`, at most `max` |
//! | [`exponential`] | `multiplier × 2^(n−1)`, within `[min, max]` |
//! | [`random`] | a random time between `min` and `max` |
//! | [`random_exponential`] | a random time up to what [`exponential`] waits ("full jitter") |
//! | [`exponential_jitter`] | `initial × 2^(n−1)` plus up to `jitter`, at most `max` |
//! | [`equal_jitter`] | half of what [`exponential`] waits, plus up to the other half |
//! | [`decorrelated_jitter`] | a random time up to three times the previous wait |
//! | [`chain`] | a different strategy for each of the first attempts |
//!
//! Add strategies with `+` to sleep for the sum of their waits, such as a fixed
//! pause plus some jitter:
//!
//! ```
//! use retry_core::wait::{Wait, fixed, random};
//! use retry_core::CallState;
//! use std::time::Duration;
//!
//! let wait = fixed(1) + random(0, 0.5);
//! let slept = wait.wait(&CallState::new(1, Duration::ZERO));
//! assert!(slept >= Duration::from_secs(1) && slept <= Duration::from_millis(1500));
//! ```
//!
//! The random strategies take `.seed(…)` to make their schedule reproducible, in
//! tests above all. Every strategy works out its wait from the attempt number and its
//! own arguments alone, so the same seed gives the same schedule however often the
//! strategy is rebuilt.

use std::ops::Add;
use std::time::Duration;

use crate::state::CallState;

mod combine;
mod exponential;
mod jitter;
mod linear;
mod uniform;

pub use combine::{Chain, Sum, chain};
pub use exponential::{Exponential, exponential};
pub use jitter::{
    DecorrelatedJitter, EqualJitter, ExponentialJitter, decorrelated_jitter, equal_jitter,
    exponential_jitter,
};
pub use linear::{Fixed, Incrementing, NoWait, fixed, incrementing, none};
pub use uniform::{Random, RandomExponential, random, random_exponential};

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
///
/// The attribute rebuilds the strategy from its expression for every decision, so a
/// strategy should depend only on the [`CallState`] and on its own arguments.
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

    /// Waits for the sum of both strategies' waits; the same as `self + other`, for
    /// strategies of your own, which do not get the `+` operator.
    ///
    /// ```
    /// use retry_core::wait::{Wait, fixed};
    /// use retry_core::CallState;
    /// use std::time::Duration;
    ///
    /// struct TwoSeconds;
    ///
    /// impl Wait for TwoSeconds {
    ///     const NEEDS_CLOCK: bool = false;
    ///
    ///     fn wait(&self, _state: &CallState<'_>) -> Duration {
    ///         Duration::from_secs(2)
    ///     }
    /// }
    ///
    /// let wait = TwoSeconds.plus(fixed(0.5));
    /// assert_eq!(wait.wait(&CallState::new(1, Duration::ZERO)), Duration::from_millis(2500));
    /// ```
    fn plus<B: Wait>(self, other: B) -> Sum<Self, B>
    where
        Self: Sized,
    {
        Sum(self, other)
    }
}

impl<W: Wait + ?Sized> Wait for &W {
    const NEEDS_CLOCK: bool = W::NEEDS_CLOCK;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        (**self).wait(state)
    }
}

macro_rules! wait_operators {
    ($([$($generics:ident),*] $t:ty),* $(,)?) => {$(
        impl<$($generics,)* Rhs: Wait> Add<Rhs> for $t where $t: Wait {
            type Output = Sum<Self, Rhs>;

            fn add(self, rhs: Rhs) -> Self::Output {
                Sum(self, rhs)
            }
        }
    )*};
}

wait_operators!(
    [] NoWait,
    [] Fixed,
    [] Incrementing,
    [] Exponential,
    [] Random,
    [] RandomExponential,
    [] ExponentialJitter,
    [] EqualJitter,
    [] DecorrelatedJitter,
    [A, B] Sum<A, B>,
    [T] Chain<T>,
);

/// The waits of `wait` after each attempt in `attempts`, in seconds.
#[cfg(test)]
fn schedule(wait: &impl Wait, attempts: impl IntoIterator<Item = u32>) -> Vec<f64> {
    attempts
        .into_iter()
        .map(|n| wait.wait(&CallState::new(n, Duration::ZERO)).as_secs_f64())
        .collect()
}

/// The waits of `wait` after each attempt in `attempts`, in nanoseconds.
#[cfg(test)]
fn schedule_nanos(wait: &impl Wait, attempts: impl IntoIterator<Item = u32>) -> Vec<u128> {
    attempts.into_iter().map(|n| wait.wait(&CallState::new(n, Duration::ZERO)).as_nanos()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Elapsed;

    impl Wait for Elapsed {
        fn wait(&self, state: &CallState<'_>) -> Duration {
            state.elapsed()
        }
    }

    #[test]
    fn plus_on_a_user_strategy_adds_the_waits() {
        let wait = Elapsed.plus(fixed(1));

        let slept = wait.wait(&CallState::new(1, Duration::from_secs(4)));

        assert_eq!(slept, Duration::from_secs(5));
    }

    #[test]
    fn every_strategy_can_be_added_to_any_other() {
        let wait = none()
            + fixed(1)
            + incrementing(1, 1, 10)
            + exponential(1, 0, 10)
            + random(1, 1)
            + random_exponential(1, 0)
            + exponential_jitter(1, 1, 0)
            + equal_jitter(0, 10)
            + decorrelated_jitter(1, 1)
            + chain((fixed(1),));

        assert_eq!(schedule(&wait, [1, 2]), [7.0, 9.0]);
    }

    #[test]
    fn needs_clock_is_false_for_the_built_in_strategies() {
        const BUILT_IN: [bool; 10] = [
            NoWait::NEEDS_CLOCK,
            Fixed::NEEDS_CLOCK,
            Incrementing::NEEDS_CLOCK,
            Exponential::NEEDS_CLOCK,
            Random::NEEDS_CLOCK,
            RandomExponential::NEEDS_CLOCK,
            ExponentialJitter::NEEDS_CLOCK,
            EqualJitter::NEEDS_CLOCK,
            DecorrelatedJitter::NEEDS_CLOCK,
            <Sum<Fixed, Chain<(Fixed, Random)>>>::NEEDS_CLOCK,
        ];

        assert_eq!(BUILT_IN, [false; 10]);
    }

    #[test]
    fn needs_clock_of_a_combination_is_true_when_either_part_reads_the_clock() {
        let combinations = [
            <Sum<Fixed, Elapsed>>::NEEDS_CLOCK,
            <Sum<Elapsed, Fixed>>::NEEDS_CLOCK,
            <Chain<(Fixed, Elapsed)>>::NEEDS_CLOCK,
            <Chain<[Elapsed; 2]>>::NEEDS_CLOCK,
        ];

        assert_eq!(combinations, [true; 4]);
    }
}
