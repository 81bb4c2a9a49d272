//! Hooks: code of yours that runs before each attempt or before each sleep.

use crate::state::CallState;

/// Code run at a point of a retried call, such as before each sleep.
///
/// Any `Fn(&CallState<'_>)` closure is a hook:
///
/// ```
/// use retry_core::{CallState, Retry, stop::attempts, wait::none};
/// use std::sync::Mutex;
///
/// let seen = Mutex::new(Vec::new());
/// let policy = Retry::new()
///     .stop(attempts(3))
///     .wait(none())
///     .before_attempt(|state: &CallState<'_>| seen.lock().unwrap().push(state.attempt()));
/// let _: Result<(), &str> = policy.run_blocking(|_ctx| Err("down"));
/// assert_eq!(*seen.lock().unwrap(), [1, 2, 3]);
/// ```
pub trait Hook {
    /// Whether the hook does anything; the loop skips building a [`CallState`] for
    /// hooks that do not.
    const ACTIVE: bool = true;

    /// Runs the hook.
    fn call(&self, state: &CallState<'_>);
}

impl<F: Fn(&CallState<'_>)> Hook for F {
    fn call(&self, state: &CallState<'_>) {
        self(state);
    }
}

/// The hook that does nothing, which every policy starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoHook;

impl Hook for NoHook {
    const ACTIVE: bool = false;

    fn call(&self, _state: &CallState<'_>) {}
}
