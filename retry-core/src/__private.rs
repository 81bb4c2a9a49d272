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

/// Clones an argument taken by value for one attempt.
pub fn clone_argument<T: ArgumentClonedForEachAttempt>(argument: &T) -> T {
    argument.clone()
}

/// An argument taken by value, which each attempt gets its own clone of.
#[diagnostic::on_unimplemented(
    message = "`#[retry]` gives each attempt its own clone of an argument taken by value, but `{Self}` is not `Clone`",
    label = "cloned for every attempt",
    note = "derive or implement `Clone` for `{Self}`, or take the argument by reference (`&{Self}`)"
)]
pub trait ArgumentClonedForEachAttempt: Clone {}

impl<T: Clone> ArgumentClonedForEachAttempt for T {}

/// A receiver that each attempt gets its own clone of.
#[diagnostic::on_unimplemented(
    message = "`#[retry]` gives each attempt its own clone of `self`, but `{Self}` is not `Clone`",
    label = "cloned for every attempt",
    note = "derive or implement `Clone` for `{Self}`, or take `&self` or `&mut self`"
)]
pub trait ClonedForEachAttempt: Clone {}

impl<T: Clone> ClonedForEachAttempt for T {}

// A function that returns something other than a `Result` runs the engine on
// `Result<R, Infallible>`: each attempt's value is wrapped in `Ok`, the retry
// condition sees `Ok(value)`, and the call unwraps the last outcome. Whether the
// return type is a `Result` is decided by its type, not by its name, so an alias of
// a `Result` keeps its errors.

/// The function's return type `R`, probed for being a `Result`: the expansion calls
/// `(&&ReturnProbe::<R>(PhantomData)).return_mode()`, which resolves to
/// [`ResultReturn`] for a `Result<T, E>`, written through any alias, and to
/// [`ValueReturn`] for anything else, a generic `R` included. The method's name is
/// one a trait of the caller's, in scope at the function, is unlikely to share.
pub struct ReturnProbe<R>(pub std::marker::PhantomData<fn() -> R>);

/// The probe's answer for a `Result<T, E>`.
pub trait ResultReturn<T, E> {
    /// See [`ResultMode`].
    fn return_mode(&self) -> ResultMode<T, E>;
}

impl<T, E> ResultReturn<T, E> for &ReturnProbe<Result<T, E>> {
    #[inline]
    fn return_mode(&self) -> ResultMode<T, E> {
        ResultMode(std::marker::PhantomData)
    }
}

/// The probe's answer for any other return type.
pub trait ValueReturn<R> {
    /// See [`ValueMode`].
    fn return_mode(&self) -> ValueMode<R>;
}

impl<R> ValueReturn<R> for ReturnProbe<R> {
    #[inline]
    fn return_mode(&self) -> ValueMode<R> {
        ValueMode(std::marker::PhantomData)
    }
}

/// A function returning `Result<T, E>`: the engine runs on its outcome unchanged.
pub struct ResultMode<T, E>(std::marker::PhantomData<fn() -> Result<T, E>>);

impl<T, E> ResultMode<T, E> {
    /// An attempt's future, made by `make`, as it is.
    #[inline]
    pub fn attempt<M, F>(self, make: M) -> F
    where
        M: FnOnce() -> F,
        F: std::future::Future<Output = Result<T, E>>,
    {
        make()
    }

    /// Fixes a blocking attempt to the function's return type.
    #[inline]
    pub fn blocking<F: FnMut(&crate::RetryContext) -> Result<T, E>>(self, attempt: F) -> F {
        attempt
    }

    /// Gives the inspect step its parameter types.
    #[inline]
    pub fn inspect<I: Fn(&crate::RetryContext, &Result<T, E>)>(self, inspect: I) -> I {
        inspect
    }

    /// The call's outcome, as it is.
    #[inline]
    pub fn finish(self, outcome: Result<T, E>) -> Result<T, E> {
        outcome
    }

    /// Gives the `fallback` value the function's return type.
    #[inline]
    pub fn fallback<F>(self, fallback: F) -> F
    where
        F: Fn(Result<T, E>, &crate::CallState<'_>) -> Result<T, E>,
    {
        fallback
    }

    /// Checks the `retry_if` value against the function's outcome.
    #[inline]
    pub fn retry_if(
        self,
        condition: impl crate::condition::RetryIf<T, E>,
    ) -> impl crate::condition::RetryIf<T, E> {
        condition
    }

    /// Errors are retried by default, so no `retry_if` is needed.
    #[inline]
    pub fn without_retry_if(self) {}

    /// `retry_on` matches errors, which a `Result` has.
    #[inline]
    pub fn with_retry_on(self) {}

    /// An attempt cut short ends with a `TimedOut` error, so the error type must
    /// hold one.
    #[inline]
    pub fn with_timeout(self)
    where
        E: From<crate::TimedOut>,
    {
    }

    /// As [`with_timeout`](Self::with_timeout).
    #[inline]
    pub fn with_deadline(self)
    where
        E: From<crate::TimedOut>,
    {
    }

    /// Adds the `timeout` key's limit.
    #[cfg(feature = "tokio")]
    #[inline]
    pub fn timeout<S, W, C, H, Z, F, L: crate::time_limit::TimeLimit>(
        self,
        policy: crate::Retry<S, W, C, H, Z, F, L>,
        limit: impl crate::IntoDelay,
    ) -> crate::Retry<S, W, C, H, Z, F, crate::TimeLimits> {
        policy.timeout(limit)
    }

    /// Adds the `deadline` key's limit.
    #[cfg(feature = "tokio")]
    #[inline]
    pub fn deadline<S, W, C, H, Z, F, L: crate::time_limit::TimeLimit>(
        self,
        policy: crate::Retry<S, W, C, H, Z, F, L>,
        limit: impl crate::IntoDelay,
    ) -> crate::Retry<S, W, C, H, Z, F, crate::TimeLimits> {
        policy.deadline(limit)
    }
}

/// A function returning a value `R` that is not a `Result`: the engine runs on
/// `Result<R, Infallible>`, and only the retry condition or `try_again` retries.
pub struct ValueMode<R>(std::marker::PhantomData<fn() -> R>);

impl<R> ValueMode<R> {
    /// An attempt's future, made by `make`, its value wrapped in `Ok`. The future
    /// is made inside the wrapping one, so it is kept once, not twice.
    // An `async fn` would keep `make` twice.
    #[allow(clippy::manual_async_fn)]
    #[inline]
    pub fn attempt<M, F>(
        self,
        make: M,
    ) -> impl std::future::Future<Output = Result<R, std::convert::Infallible>>
    where
        M: FnOnce() -> F,
        F: std::future::Future<Output = R>,
    {
        async move { Ok(make().await) }
    }

    /// A blocking attempt, its value wrapped in `Ok`.
    #[inline]
    pub fn blocking<F: FnMut(&crate::RetryContext) -> R>(
        self,
        mut attempt: F,
    ) -> impl FnMut(&crate::RetryContext) -> Result<R, std::convert::Infallible> {
        move |ctx| Ok(attempt(ctx))
    }

    /// Gives the inspect step its parameter types.
    #[inline]
    pub fn inspect<I>(self, inspect: I) -> I
    where
        I: Fn(&crate::RetryContext, &Result<R, std::convert::Infallible>),
    {
        inspect
    }

    /// The last attempt's value.
    #[inline]
    pub fn finish(self, outcome: Result<R, std::convert::Infallible>) -> R {
        let Ok(value) = outcome;
        value
    }

    /// A `fallback` written over the value, `|last: R, state| -> R`, as one over the
    /// engine's outcome.
    #[inline]
    pub fn fallback<F>(
        self,
        fallback: F,
    ) -> impl Fn(
        Result<R, std::convert::Infallible>,
        &crate::CallState<'_>,
    ) -> Result<R, std::convert::Infallible>
    where
        F: Fn(R, &crate::CallState<'_>) -> R,
    {
        move |last, state| {
            let Ok(value) = last;
            Ok(fallback(value, state))
        }
    }

    /// Checks the `retry_if` value against the function's value, which the
    /// condition sees as `Ok(value)`.
    #[inline]
    pub fn retry_if(
        self,
        condition: impl crate::condition::RetryIf<R, std::convert::Infallible>,
    ) -> impl crate::condition::RetryIf<R, std::convert::Infallible> {
        condition
    }

    /// Without `retry_if`, nothing would ever retry a value.
    #[inline]
    pub fn without_retry_if(self)
    where
        R: ValueNeedsRetryIf,
    {
    }

    /// `retry_on` matches errors, and a value has none.
    #[inline]
    pub fn with_retry_on(self)
    where
        R: RetryOnNeedsResult,
    {
    }

    /// An attempt cut short would have no value to return.
    #[inline]
    pub fn with_timeout(self)
    where
        R: TimeoutNeedsResult,
    {
    }

    /// An attempt cut short would have no value to return.
    #[inline]
    pub fn with_deadline(self)
    where
        R: DeadlineNeedsResult,
    {
    }

    /// Leaves the policy as it is: [`with_timeout`](Self::with_timeout) has
    /// already reported why a value cannot be cut short.
    #[inline]
    pub fn timeout<P>(self, policy: P, _limit: impl crate::IntoDelay) -> P {
        policy
    }

    /// See [`timeout`](Self::timeout).
    #[inline]
    pub fn deadline<P>(self, policy: P, _limit: impl crate::IntoDelay) -> P {
        policy
    }
}

// The traits below have no implementations: each one, required of a return
// type that is not a `Result`, turns a key that cannot work for it into one
// compile error that says why.

/// A return type that is not a `Result`, on a function without `retry_if`.
#[diagnostic::on_unimplemented(
    message = "`#[retry]` on a function returning `{Self}` needs `retry_if = result_matches(…)` to say which values to retry",
    label = "not a `Result`, so there is no error to retry",
    note = "a function returning a `Result` retries its errors; any other return type is retried only when `retry_if` or `ctx.try_again()` asks for it (with `try_again()` called from a helper, write `retry_if = never_retry()`)"
)]
pub trait ValueNeedsRetryIf {}

/// A return type that is not a `Result`, on a function with `retry_on`.
#[diagnostic::on_unimplemented(
    message = "`retry_on` needs a function that returns a `Result`, and `{Self}` is not one",
    label = "matches errors, which a `{Self}` does not have",
    note = "say which values to retry with `retry_if = result_matches(…)`"
)]
pub trait RetryOnNeedsResult {}

/// A return type that is not a `Result`, on a function with a `timeout`.
#[diagnostic::on_unimplemented(
    message = "`timeout` needs a function that returns a `Result`, and `{Self}` is not one",
    label = "an attempt cut short has no `{Self}` to return",
    note = "return `Result<{Self}, E>` with an error type `E: From<TimedOut>`"
)]
pub trait TimeoutNeedsResult {}

/// A return type that is not a `Result`, on a function with a `deadline`.
#[diagnostic::on_unimplemented(
    message = "`deadline` needs a function that returns a `Result`, and `{Self}` is not one",
    label = "an attempt cut short has no `{Self}` to return",
    note = "return `Result<{Self}, E>` with an error type `E: From<TimedOut>`"
)]
pub trait DeadlineNeedsResult {}

/// The attribute's documentation again, for `cargo test --doc`: rustdoc does not run
/// the examples of documentation attached to a re-export.
#[cfg(doctest)]
#[doc = include_str!("retry_attribute.md")]
pub struct AttributeDocExamples;
