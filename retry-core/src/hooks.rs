//! Hooks: code of yours that runs at points of a retried call, and what a call
//! returns when it gives up.

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
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a hook",
    label = "expected a hook",
    note = "a hook is a closure `|state: &CallState<'_>| …`, or `retry_core::hooks::log(level)`"
)]
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

/// The hooks of one policy, one per point of a call. Built through
/// [`Retry`](crate::Retry)'s `before_attempt`, `before_sleep`, `after_failure`,
/// `on_success` and `on_give_up`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hooks<
    BeforeAttempt = NoHook,
    BeforeSleep = NoHook,
    AfterFailure = NoHook,
    OnSuccess = NoHook,
    OnGiveUp = NoHook,
> {
    pub(crate) before_attempt: BeforeAttempt,
    pub(crate) before_sleep: BeforeSleep,
    pub(crate) after_failure: AfterFailure,
    pub(crate) on_success: OnSuccess,
    pub(crate) on_give_up: OnGiveUp,
}

/// What the engine asks of a policy's hooks; implemented by [`Hooks`].
pub trait HookSet {
    /// Whether any hook does anything; a hook may read the call's clock.
    const ANY: bool;
    /// Whether the before-attempt hook does anything.
    const BEFORE_ATTEMPT: bool;
    /// Whether the success hook does anything.
    const ON_SUCCESS: bool;

    /// Runs before every attempt, the first included.
    fn before_attempt(&self, state: &CallState<'_>);
    /// Runs before every sleep, with the planned wait.
    fn before_sleep(&self, state: &CallState<'_>);
    /// Runs after every attempt whose outcome will be retried if the stop condition
    /// allows, before the stop condition is asked.
    fn after_failure(&self, state: &CallState<'_>);
    /// Runs once, when the call returns a success that is not retried.
    fn on_success(&self, state: &CallState<'_>);
    /// Runs once, when the call gives up, with the last error.
    fn on_give_up(&self, state: &CallState<'_>);
}

impl<BA: Hook, BS: Hook, AF: Hook, OS: Hook, GU: Hook> HookSet for Hooks<BA, BS, AF, OS, GU> {
    const ANY: bool = BA::ACTIVE || BS::ACTIVE || AF::ACTIVE || OS::ACTIVE || GU::ACTIVE;
    const BEFORE_ATTEMPT: bool = BA::ACTIVE;
    const ON_SUCCESS: bool = OS::ACTIVE;

    fn before_attempt(&self, state: &CallState<'_>) {
        self.before_attempt.call(state);
    }

    fn before_sleep(&self, state: &CallState<'_>) {
        self.before_sleep.call(state);
    }

    fn after_failure(&self, state: &CallState<'_>) {
        self.after_failure.call(state);
    }

    fn on_success(&self, state: &CallState<'_>) {
        self.on_success.call(state);
    }

    fn on_give_up(&self, state: &CallState<'_>) {
        self.on_give_up.call(state);
    }
}

/// What the call returns when it gives up, computed from the last outcome
/// (tenacity's `retry_error_callback`). Any
/// `Fn(Result<T, E>, &CallState<'_>) -> Result<T, E>` closure is one.
///
/// ```
/// use retry_core::{CallState, Retry, stop::attempts, wait::none};
///
/// let policy = Retry::new()
///     .stop(attempts(2))
///     .wait(none())
///     .fallback(|_last: Result<u32, String>, state: &CallState<'_>| Ok(state.attempt() * 100));
/// assert_eq!(policy.run_blocking(|_ctx| Err("down".to_string())), Ok(200));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a fallback for `Result<{T}, {E}>`",
    label = "expected a fallback",
    note = "a fallback is a closure `|last, state| …` returning what the function returns"
)]
pub trait Fallback<T, E> {
    /// Whether the fallback replaces the last outcome at all.
    const ACTIVE: bool = true;

    /// The outcome the call returns instead of `last`.
    fn fallback(&self, last: Result<T, E>, state: &CallState<'_>) -> Result<T, E>;
}

impl<T, E, F: Fn(Result<T, E>, &CallState<'_>) -> Result<T, E>> Fallback<T, E> for F {
    fn fallback(&self, last: Result<T, E>, state: &CallState<'_>) -> Result<T, E> {
        self(last, state)
    }
}

/// Returns the last outcome unchanged: the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LastOutcome;

impl<T, E> Fallback<T, E> for LastOutcome {
    const ACTIVE: bool = false;

    fn fallback(&self, last: Result<T, E>, _state: &CallState<'_>) -> Result<T, E> {
        last
    }
}

/// A hook that writes a `tracing` event at `level` describing the call at that
/// point: the attempt, the error and the planned wait. See [`log`].
#[cfg(feature = "tracing")]
#[derive(Debug, Clone, Copy)]
pub struct Log(tracing::Level);

/// The levels [`log`] takes, re-exported so that a hook key can name
/// `log(Level::INFO)` without a `tracing` dependency of your own.
#[cfg(feature = "tracing")]
pub use tracing::Level;

/// A ready-made hook that logs through `tracing` at `level`, under the target
/// `retry`, for use at any hook point (the loop's own events are DEBUG and WARN;
/// this one lets you choose, e.g. INFO before each sleep).
///
/// ```
/// use retry_core::{Retry, hooks::log, stop::attempts, wait::none};
///
/// let policy = Retry::new().stop(attempts(2)).wait(none()).before_sleep(log(tracing::Level::INFO));
/// let _: Result<(), &str> = policy.run_blocking(|_ctx| Err("down"));
/// ```
#[cfg(feature = "tracing")]
pub fn log(level: tracing::Level) -> Log {
    Log(level)
}

#[cfg(feature = "tracing")]
impl Hook for Log {
    fn call(&self, state: &CallState<'_>) {
        macro_rules! event {
            ($level:expr) => {
                tracing::event!(
                    target: "retry",
                    $level,
                    function = state.function(),
                    attempt = state.attempt(),
                    error = state.error().map(tracing::field::display),
                    wait = state.next_wait().map(tracing::field::debug),
                    "{}",
                    describe(state)
                )
            };
        }
        match self.0 {
            tracing::Level::ERROR => event!(tracing::Level::ERROR),
            tracing::Level::WARN => event!(tracing::Level::WARN),
            tracing::Level::INFO => event!(tracing::Level::INFO),
            tracing::Level::DEBUG => event!(tracing::Level::DEBUG),
            tracing::Level::TRACE => event!(tracing::Level::TRACE),
        }
    }
}

/// "attempt 2 failed: …; retrying in 4s", or as much of it as is known.
#[cfg(feature = "tracing")]
fn describe(state: &CallState<'_>) -> String {
    let mut text = format!("attempt {}", state.attempt());
    if let Some(error) = state.error() {
        text.push_str(&format!(" failed: {error}"));
    }
    if let Some(wait) = state.next_wait() {
        text.push_str(&format!("; retrying in {wait:?}"));
    }
    text
}
