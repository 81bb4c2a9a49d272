//! Random numbers for jittered waits, without dependencies or allocation.
//!
//! Wait strategies are rebuilt for every decision, so they cannot carry a generator
//! from one attempt to the next. A seeded strategy instead takes the `n`-th output of
//! SplitMix64 started from its seed as the draw for attempt `n`: the same seed gives
//! the same schedule however often the strategy is rebuilt. An unseeded one draws from
//! a per-thread SplitMix64 seeded once from the standard library's hash keys.

use std::cell::Cell;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

/// SplitMix64's increment: 2^64 divided by the golden ratio, made odd.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `n`-th output of SplitMix64 started from `seed`, computed directly.
pub(crate) fn seeded(seed: u64, n: u32) -> u64 {
    mix(seed.wrapping_add(u64::from(n).wrapping_mul(GAMMA)))
}

thread_local! {
    static STATE: Cell<u64> = Cell::new(RandomState::new().hash_one(0x5EED_u64));
}

/// The next output of this thread's generator.
pub(crate) fn fresh() -> u64 {
    // Only reachable while the thread is tearing down its locals; the shared
    // fallback is predictable but still spreads the draws.
    static FALLBACK: AtomicU64 = AtomicU64::new(0);

    STATE
        .try_with(|state| {
            let next = state.get().wrapping_add(GAMMA);
            state.set(next);
            mix(next)
        })
        .unwrap_or_else(|_| mix(FALLBACK.fetch_add(GAMMA, Ordering::Relaxed).wrapping_add(GAMMA)))
}

/// Maps 64 random bits to a number in `[0, 1)`, using the top 53 bits.
pub(crate) fn unit(bits: u64) -> f64 {
    const SCALE: f64 = 1.0 / (1u64 << 53) as f64;

    (bits >> 11) as f64 * SCALE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_matches_the_published_splitmix64_outputs_for_seed_0() {
        let outputs: Vec<u64> = (1..=3).map(|n| seeded(0, n)).collect();

        assert_eq!(outputs, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F]);
    }

    #[test]
    fn unit_stays_below_one_for_all_ones() {
        assert_eq!(unit(0), 0.0);
        assert!(unit(u64::MAX) < 1.0);
    }

    #[test]
    fn fresh_draws_differ_from_one_call_to_the_next() {
        assert_ne!(fresh(), fresh());
    }
}
