//! Items the `#[retry]` expansion refers to. Not a public API: names and
//! signatures here change without notice.

pub use crate::engine::{
    run_async_inspecting as run_async, run_blocking_inspecting as run_blocking,
};
pub use crate::policy::Lazy;

/// The policy the attribute starts from before applying its keys.
pub fn policy() -> crate::Retry {
    crate::Retry::new()
}

/// Gives a hook closure written in the attribute its parameter type.
pub fn hook_closure<F: Fn(&crate::CallState<'_>)>(hook: F) -> F {
    hook
}

// The checks below hide the value's type behind the trait it must implement, so a
// value of the wrong kind is reported once, at the user's value, and not again by
// every bound that the policy built from it would fail.

/// Checks that the `stop` value is a stop condition.
pub fn stop(stop: impl crate::stop::Stop) -> impl crate::stop::Stop {
    stop
}

/// Checks that the `wait` value is a wait strategy.
pub fn wait(wait: impl crate::wait::Wait) -> impl crate::wait::Wait {
    wait
}

/// Checks that a hook value is a hook.
pub fn hook(hook: impl crate::hooks::Hook) -> impl crate::hooks::Hook {
    hook
}

/// Matches one error type; made by [`error_type`], which checks that the type
/// is an error, so nothing else needs to name it.
#[derive(Clone, Copy)]
pub struct ErrorType(fn(&(dyn std::error::Error + 'static)) -> bool);

/// Checks that the `retry_on` value is an error type.
pub fn error_type<X: std::error::Error + 'static>() -> ErrorType {
    ErrorType(|error| error.is::<X>())
}

/// The condition for `retry_on = X`, checked against the function's error type.
pub fn retry_on<T, E: crate::condition::ErrorChain>(
    error_type: ErrorType,
) -> impl crate::condition::RetryIf<T, E> {
    RetryOnType(error_type)
}

struct RetryOnType(ErrorType);

impl<T, E: crate::condition::ErrorChain> crate::condition::RetryIf<T, E> for RetryOnType {
    const MAY_RETRY_OK: bool = false;

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        match outcome {
            Ok(_) => false,
            Err(error) => crate::condition::caused_by(error.as_error(), self.0.0),
        }
    }

    fn server_wait(&self, outcome: &Result<T, E>) -> Option<std::time::Duration> {
        crate::http::wait_in_outcome(outcome)
    }
}

/// Gives the `fallback` value, often a closure, the function's return type `R`.
pub fn fallback<R, F: Fn(R, &crate::CallState<'_>) -> R>(fallback: F) -> F {
    fallback
}

/// Checks that the `retry_if` value is a retry condition for the function's
/// outcome.
pub fn retry_if<T, E>(
    condition: impl crate::condition::RetryIf<T, E>,
) -> impl crate::condition::RetryIf<T, E> {
    condition
}

/// Checks that the `max_server_wait` value is a length of time or a cap.
pub fn max_server_wait(
    cap: impl crate::server_wait::IntoServerWaitCap,
) -> crate::server_wait::ServerWaitCap {
    cap.into_server_wait_cap()
}

/// Checks that a `timeout` or `deadline` value is a length of time, and that the
/// function's outcome `R` can hold the error of an attempt cut short.
pub fn time_limit<R: TakesTimedOut>(limit: impl crate::IntoDelay) -> std::time::Duration {
    limit.into_delay()
}

/// An outcome whose error type can hold a [`TimedOut`](crate::TimedOut); rustc
/// reports a missing `From<TimedOut>` at the key's value.
pub trait TakesTimedOut {}

impl<T, E: From<crate::TimedOut>> TakesTimedOut for Result<T, E> {}

/// An attempt's outcome, probed for a wait that the error carries: the
/// expansion's inspect step calls `(&&WaitProbe(&outcome)).publish(ctx)`, which resolves to
/// [`ErrorWait`] when the function's error type is a `std::error::Error` and to the
/// do-nothing [`NoErrorWait`] otherwise.
pub struct WaitProbe<'a, R>(pub &'a R);

/// Publishes the wait an [`HttpError`](crate::http::HttpError) in the error's
/// cause chain carries, unless the attempt published one itself.
pub trait ErrorWait {
    /// See [`ErrorWait`].
    fn publish(&self, ctx: &crate::RetryContext);
}

impl<T, E: std::error::Error + 'static> ErrorWait for &WaitProbe<'_, Result<T, E>> {
    #[inline]
    fn publish(&self, ctx: &crate::RetryContext) {
        if let Err(error) = self.0
            && ctx.retry_after().is_none()
            && let Some(wait) = crate::http::wait_in_chain(error)
        {
            ctx.set_retry_after(wait);
        }
    }
}

/// The probe's fallback for outcomes whose error cannot carry a wait.
pub trait NoErrorWait {
    /// Does nothing.
    #[inline]
    fn publish(&self, _ctx: &crate::RetryContext) {}
}

impl<R> NoErrorWait for WaitProbe<'_, R> {}

/// Fixes the output type of an attempt's future to the function's return type, so
/// `?` inside the body knows what to convert into.
pub fn typed_attempt<R, F: std::future::Future<Output = R>>(attempt: F) -> F {
    attempt
}

/// Fixes the return type of a blocking attempt to the function's return type.
pub fn typed_blocking_attempt<R, F: FnMut(&crate::RetryContext) -> R>(attempt: F) -> F {
    attempt
}

/// Holds a `&mut` argument of a retried `async fn` between attempts, so each
/// attempt's future can own it for the attempt's duration and the call's future
/// stays `Send`.
pub struct Lend<'a, T: ?Sized>(std::sync::Mutex<Option<&'a mut T>>);

impl<'a, T: ?Sized> Lend<'a, T> {
    /// Keeps `value` until an attempt borrows it.
    pub fn new(value: &'a mut T) -> Self {
        Lend(std::sync::Mutex::new(Some(value)))
    }

    /// Hands the argument to one attempt; it comes back when the guard drops.
    pub fn lend(&self) -> Lent<'_, 'a, T> {
        let value = self.slot().take();
        // The engine awaits each attempt to completion before starting the next,
        // so the argument is always back by the time it is lent again.
        Lent { from: self, value: Some(value.expect("a retried call runs one attempt at a time")) }
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<&'a mut T>> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// One attempt's hold on a lent `&mut` argument.
pub struct Lent<'s, 'a, T: ?Sized> {
    from: &'s Lend<'a, T>,
    value: Option<&'a mut T>,
}

impl<T: ?Sized> std::ops::Deref for Lent<'_, '_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value.as_deref().expect("present until dropped")
    }
}

impl<T: ?Sized> std::ops::DerefMut for Lent<'_, '_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.value.as_deref_mut().expect("present until dropped")
    }
}

impl<T: ?Sized> Drop for Lent<'_, '_, T> {
    fn drop(&mut self) {
        *self.from.slot() = self.value.take();
    }
}

/// Clones a receiver taken by value (`self`, `self: Box<Self>`, `self: Arc<Self>`, …)
/// for one attempt.
pub fn clone_receiver<T: ClonedForEachAttempt>(receiver: &T) -> T {
    receiver.clone()
}

/// Clones a `self: Box<Self>` receiver for one attempt, asking for `Self: Clone` in
/// so many words.
#[allow(clippy::borrowed_box)] // the receiver is a `Box`, and so is its clone
pub fn clone_boxed_receiver<T: ClonedForEachAttempt>(receiver: &Box<T>) -> Box<T> {
    Box::new(T::clone(receiver))
}

/// A receiver that each attempt gets its own clone of.
#[diagnostic::on_unimplemented(
    message = "`#[retry]` gives each attempt its own clone of `self`, but `{Self}` is not `Clone`",
    label = "cloned for every attempt",
    note = "derive or implement `Clone` for `{Self}`, or take `&self` or `&mut self`"
)]
pub trait ClonedForEachAttempt: Clone {}

impl<T: Clone> ClonedForEachAttempt for T {}

/// The attribute's documentation again, for `cargo test --doc`: rustdoc does not run
/// the examples of documentation attached to a re-export.
#[cfg(doctest)]
#[doc = include_str!("retry_attribute.md")]
pub struct AttributeDocExamples;
