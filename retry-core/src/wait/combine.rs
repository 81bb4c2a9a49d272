//! Strategies made of other strategies.

use std::time::Duration;

use super::Wait;
use crate::state::CallState;

/// Waits for the sum of two strategies' waits. Built by `a + b` or [`Wait::plus`].
///
/// ```
/// use retry_core::wait::{Wait, exponential, fixed};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// let wait = fixed(3) + exponential(1, 0, 10);
/// assert_eq!(wait.wait(&CallState::new(3, Duration::ZERO)), Duration::from_secs(7));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sum<A, B>(pub A, pub B);

impl<A: Wait, B: Wait> Wait for Sum<A, B> {
    const NEEDS_CLOCK: bool = A::NEEDS_CLOCK || B::NEEDS_CLOCK;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        self.0.wait(state).saturating_add(self.1.wait(state))
    }
}

/// Uses one strategy per attempt, the last for all later ones. See [`chain`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chain<T>(T);

/// Asks the first strategy after attempt 1, the second after attempt 2, and so on,
/// and the last one after every later attempt, as Python tenacity's `wait_chain`
/// does.
///
/// The strategies come as a tuple of up to 8, of any types, or as an array of one
/// type. Each sees the real attempt number, so an `exponential` third in a chain
/// waits what it would after attempt 3. An empty array never waits.
///
/// ```
/// use retry_core::wait::{Wait, chain, exponential, fixed};
/// use retry_core::CallState;
/// use std::time::Duration;
///
/// // Two quick retries, then back off.
/// let wait = chain((fixed(0.1), fixed(0.1), exponential(1, 0, 30)));
/// let secs = |n| wait.wait(&CallState::new(n, Duration::ZERO)).as_secs_f64();
/// assert_eq!([secs(1), secs(2), secs(3), secs(4), secs(9)], [0.1, 0.1, 4.0, 8.0, 30.0]);
///
/// // tenacity's `wait_chain(*[wait_fixed(3)] * 3 + [wait_fixed(7)] * 2 + [wait_fixed(9)])`
/// let wait = chain([3, 3, 3, 7, 7, 9].map(fixed));
/// let secs = |n| wait.wait(&CallState::new(n, Duration::ZERO)).as_secs();
/// assert_eq!([secs(1), secs(3), secs(4), secs(5), secs(6), secs(100)], [3, 3, 7, 7, 9, 9]);
/// ```
#[inline]
pub fn chain<T>(waits: T) -> Chain<T>
where
    Chain<T>: Wait,
{
    Chain(waits)
}

impl<W: Wait, const N: usize> Wait for Chain<[W; N]> {
    const NEEDS_CLOCK: bool = W::NEEDS_CLOCK;

    fn wait(&self, state: &CallState<'_>) -> Duration {
        let position = usize::try_from(state.attempt().saturating_sub(1)).unwrap_or(usize::MAX);
        let last = self.0.len().saturating_sub(1);
        self.0.get(position.min(last)).map_or(Duration::ZERO, |wait| wait.wait(state))
    }
}

macro_rules! chain_tuples {
    ($(($($each:ident $position:tt),*; $last:ident $last_position:tt)),* $(,)?) => {$(
        impl<$($each: Wait,)* $last: Wait> Wait for Chain<($($each,)* $last,)> {
            const NEEDS_CLOCK: bool = $($each::NEEDS_CLOCK ||)* $last::NEEDS_CLOCK;

            fn wait(&self, state: &CallState<'_>) -> Duration {
                match state.attempt().saturating_sub(1) {
                    $($position => self.0.$position.wait(state),)*
                    _ => self.0.$last_position.wait(state),
                }
            }
        }
    )*};
}

chain_tuples!(
    (; A 0),
    (A 0; B 1),
    (A 0, B 1; C 2),
    (A 0, B 1, C 2; D 3),
    (A 0, B 1, C 2, D 3; E 4),
    (A 0, B 1, C 2, D 3, E 4; F 5),
    (A 0, B 1, C 2, D 3, E 4, F 5; G 6),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6; H 7),
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wait::{Fixed, exponential, fixed, none, random, schedule};

    #[test]
    fn sum_adds_the_waits_of_both_parts() {
        let wait = fixed(1) + exponential(0.5, 0, 4);

        assert_eq!(schedule(&wait, 1..=5), [1.5, 2.0, 3.0, 5.0, 5.0]);
    }

    #[test]
    fn sum_matches_tenacitys_fixed_3_plus_random_0_to_2() {
        let wait = fixed(3) + random(0, 2);

        let waits = schedule(&wait, 1..=200);

        assert!(waits.iter().all(|&secs| (3.0..=5.0).contains(&secs)), "{waits:?}");
    }

    #[test]
    fn sum_saturates_at_the_largest_duration() {
        let wait = fixed(Duration::MAX) + fixed(1) + fixed(Duration::MAX);

        assert_eq!(wait.wait(&CallState::new(1, Duration::ZERO)), Duration::MAX);
    }

    #[test]
    fn chain_of_a_tuple_uses_one_strategy_per_attempt_then_the_last() {
        let wait = chain((none(), fixed(2), exponential(1, 0, 100)));

        assert_eq!(
            schedule(&wait, [0, 1, 2, 3, 4, 10, u32::MAX]),
            [0.0, 0.0, 2.0, 4.0, 8.0, 100.0, 100.0]
        );
    }

    #[test]
    fn chain_of_eight_reaches_its_last_strategy() {
        let wait = chain((
            fixed(1),
            fixed(2),
            fixed(3),
            fixed(4),
            fixed(5),
            fixed(6),
            fixed(7),
            exponential(1, 0, 1000),
        ));

        assert_eq!(schedule(&wait, [7, 8, 9, u32::MAX]), [7.0, 128.0, 256.0, 1000.0]);
    }

    #[test]
    fn chain_of_one_always_uses_it() {
        assert_eq!(schedule(&chain((fixed(4),)), [1, 2, u32::MAX]), [4.0, 4.0, 4.0]);
    }

    #[test]
    fn chain_of_an_array_matches_tenacitys_wait_chain_example() {
        let wait = chain([3, 3, 3, 7, 7, 9].map(fixed));

        assert_eq!(schedule(&wait, 1..=8), [3.0, 3.0, 3.0, 7.0, 7.0, 9.0, 9.0, 9.0]);
        assert_eq!(schedule(&wait, [0, u32::MAX]), [3.0, 9.0]);
    }

    #[test]
    fn chain_of_an_empty_array_never_waits() {
        let wait = chain::<[Fixed; 0]>([]);

        assert_eq!(schedule(&wait, [1, u32::MAX]), [0.0, 0.0]);
    }
}
