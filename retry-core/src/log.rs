//! The `tracing` events of a retried call: DEBUG for each attempt and sleep, WARN
//! on giving up. Without the `tracing` feature every function here is empty.

use std::fmt::Display;
use std::time::Duration;

use crate::state::CallState;

/// Whether the per-attempt DEBUG event would be recorded.
pub(crate) fn attempts_enabled() -> bool {
    #[cfg(feature = "tracing")]
    {
        tracing::enabled!(target: "retry", tracing::Level::DEBUG)
    }
    #[cfg(not(feature = "tracing"))]
    {
        false
    }
}

pub(crate) fn attempt(state: &CallState<'_>) {
    #[cfg(feature = "tracing")]
    match state.max_attempts() {
        Some(max) => tracing::debug!(
            target: "retry",
            function = state.function(),
            attempt = state.attempt(),
            max_attempts = max,
            "attempt {} of {}",
            state.attempt(),
            max
        ),
        None => tracing::debug!(
            target: "retry",
            function = state.function(),
            attempt = state.attempt(),
            "attempt {}",
            state.attempt()
        ),
    }
    #[cfg(not(feature = "tracing"))]
    let _ = state;
}

pub(crate) fn sleeping(state: &CallState<'_>) {
    #[cfg(feature = "tracing")]
    if let (Some(wait), Some(source)) = (state.next_wait(), state.wait_source()) {
        tracing::debug!(
            target: "retry",
            function = state.function(),
            attempt = state.attempt(),
            wait = ?wait,
            source = source.as_str(),
            error = state.error().map(tracing::field::display),
            "attempt {} failed; waiting {:?} ({} wait)",
            state.attempt(),
            wait,
            source.as_str()
        );
    }
    #[cfg(not(feature = "tracing"))]
    let _ = state;
}

/// `elapsed` is `None` when the call's clock was never started: a call that needs
/// no clock does not read one just for this event.
pub(crate) fn giving_up(state: &CallState<'_>, elapsed: Option<Duration>, why: &dyn Display) {
    #[cfg(feature = "tracing")]
    {
        let plural = if state.attempt() == 1 { "" } else { "s" };
        let elapsed = elapsed.map(tracing::field::debug);
        tracing::warn!(
            target: "retry",
            function = state.function(),
            attempts = state.attempt(),
            elapsed,
            slept = ?state.slept(),
            error = state.error().map(tracing::field::display),
            "giving up after {} attempt{plural}: {why}",
            state.attempt(),
        );
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (state, elapsed, why);
}

pub(crate) fn not_retried(state: &CallState<'_>) {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        target: "retry",
        function = state.function(),
        attempt = state.attempt(),
        error = state.error().map(tracing::field::display),
        "attempt {} failed with an error that is not retried",
        state.attempt()
    );
    #[cfg(not(feature = "tracing"))]
    let _ = state;
}
