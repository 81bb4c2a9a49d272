//! Retry conditions: which outcomes are worth another attempt.
//!
//! A condition looks at the outcome of an attempt. When it says no, the outcome is
//! returned to the caller at once, whatever the stop condition would still allow.
//!
//! - [`AnyError`]: every error and no success; the default.
//! - [`retry_on`]: errors of one type, or caused by one.
//! - [`retry_unless`]: every error except those of one type, or caused by one.
//! - [`error_matches`]: errors for which a closure returns `true`.
//! - [`result_matches`]: successes for which a closure returns `true`, for polling.
//! - [`always`] and [`never_retry`]: every outcome, or none.
//!
//! Combine conditions with `|` (retry when either does) and `&` (retry only when both
//! do), or with the `or` and `and` methods every condition here has:
//!
//! ```
//! use retry_core::condition::{RetryIf, error_matches, retry_on};
//! use std::io;
//!
//! let transient = retry_on::<io::Error>()
//!     & error_matches(|e: &io::Error| e.kind() != io::ErrorKind::PermissionDenied);
//! let timed_out: Result<(), _> = Err(io::Error::from(io::ErrorKind::TimedOut));
//! let denied: Result<(), _> = Err(io::Error::from(io::ErrorKind::PermissionDenied));
//! assert!(transient.should_retry(&timed_out));
//! assert!(!transient.should_retry(&denied));
//! ```

use std::error::Error;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr};
use std::time::Duration;

/// Decides whether an attempt's outcome should be retried.
///
/// ```
/// use retry_core::condition::RetryIf;
///
/// /// Retries only errors whose message mentions a timeout.
/// struct Timeouts;
///
/// impl<T> RetryIf<T, String> for Timeouts {
///     fn should_retry(&self, outcome: &Result<T, String>) -> bool {
///         matches!(outcome, Err(message) if message.contains("timeout"))
///     }
/// }
///
/// assert!(Timeouts.should_retry(&Err::<(), _>("read timeout".to_string())));
/// assert!(!Timeouts.should_retry(&Err::<(), _>("not found".to_string())));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a retry condition for `Result<{T}, {E}>`",
    label = "expected a retry condition",
    note = "use `retry_on = SomeError` for an error type, or implement `RetryIf`"
)]
pub trait RetryIf<T, E> {
    /// Whether the condition may retry a success. When it cannot, a call whose
    /// first attempt succeeds returns without consulting the policy at all.
    const MAY_RETRY_OK: bool = true;

    /// Returns `true` when `outcome` should be retried.
    fn should_retry(&self, outcome: &Result<T, E>) -> bool;

    /// The wait a server asked for, as far as `outcome` tells, such as the
    /// [`HttpError::server_wait`](crate::http::HttpError::server_wait) of an
    /// [`HttpError`](crate::http::HttpError) in the error's `source()` chain. The
    /// engine uses it for the next sleep when the attempt published no wait through
    /// [`RetryContext::set_retry_after`](crate::RetryContext::set_retry_after).
    /// `None` unless the condition overrides it; the conditions that search an
    /// error's cause chain, [`retry_on`] and [`retry_unless`], do.
    ///
    /// ```
    /// use retry_core::condition::{AnyError, RetryIf};
    ///
    /// // An error that is not an HTTP error carries no wait.
    /// assert_eq!(AnyError.server_wait(&Err::<(), _>("busy")), None);
    /// ```
    fn server_wait(&self, outcome: &Result<T, E>) -> Option<Duration> {
        let _ = outcome;
        None
    }
}

impl<T, E, C: RetryIf<T, E> + ?Sized> RetryIf<T, E> for &C {
    const MAY_RETRY_OK: bool = C::MAY_RETRY_OK;

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        (**self).should_retry(outcome)
    }

    fn server_wait(&self, outcome: &Result<T, E>) -> Option<Duration> {
        (**self).server_wait(outcome)
    }
}

/// Retries every error and no success: the default condition.
///
/// ```
/// use retry_core::condition::{AnyError, RetryIf};
///
/// assert!(AnyError.should_retry(&Err::<(), _>("boom")));
/// assert!(!AnyError.should_retry(&Ok::<_, &str>(1)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AnyError;

impl<T, E> RetryIf<T, E> for AnyError {
    const MAY_RETRY_OK: bool = false;

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        outcome.is_err()
    }
}

/// Retries every outcome, successes included. See [`always`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Always;

/// Retries every outcome, successes included, until the stop condition gives up;
/// the call then returns the last outcome, whatever it is. Python's tenacity calls
/// this `retry_always`. To retry every error and no success, use [`AnyError`].
///
/// ```
/// use retry_core::condition::{RetryIf, always};
///
/// assert!(always().should_retry(&Ok::<_, &str>(1)));
/// assert!(always().should_retry(&Err::<u32, _>("boom")));
/// ```
#[inline]
pub fn always() -> Always {
    Always
}

impl<T, E> RetryIf<T, E> for Always {
    fn should_retry(&self, _outcome: &Result<T, E>) -> bool {
        true
    }
}

/// Retries nothing. See [`never_retry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NeverRetry;

/// Retries nothing: every call makes exactly one attempt, as if it were not
/// retried at all. Python's tenacity calls this `retry_never`.
///
/// ```
/// use retry_core::Retry;
/// use retry_core::condition::{RetryIf, never_retry};
///
/// assert!(!never_retry().should_retry(&Err::<(), _>("boom")));
///
/// let mut attempts = 0;
/// let outcome: Result<(), &str> = Retry::new().retry_if(never_retry()).run_blocking(|_ctx| {
///     attempts += 1;
///     Err("boom")
/// });
/// assert_eq!((outcome, attempts), (Err("boom"), 1));
/// ```
#[inline]
pub fn never_retry() -> NeverRetry {
    NeverRetry
}

impl<T, E> RetryIf<T, E> for NeverRetry {
    const MAY_RETRY_OK: bool = false;

    fn should_retry(&self, _outcome: &Result<T, E>) -> bool {
        false
    }
}

/// Retries an error that is an `X`, or that has an `X` anywhere in its
/// [`source()`](Error::source) chain. See [`retry_on`].
pub struct RetryOn<X: ?Sized>(PhantomData<fn() -> Box<X>>);

/// Retries errors that are, or were caused by, an `X`; every other error is
/// returned after one attempt. The attribute's `retry_on = X` builds this.
///
/// The error is matched first, then each error in its `source()` chain. An error
/// type that wraps its cause with `#[error(transparent)]` forwards `source()` to
/// the cause's own source, so wrap the cause with `#[source]` or `#[from]` instead
/// for it to be found.
///
/// ```
/// use retry_core::condition::{RetryIf, retry_on};
/// use std::io;
///
/// #[derive(Debug, thiserror::Error)]
/// enum FetchError {
///     #[error("network trouble")]
///     Network(#[source] io::Error),
///     #[error("bad input")]
///     BadInput,
/// }
///
/// let condition = retry_on::<io::Error>();
/// let network = FetchError::Network(io::ErrorKind::TimedOut.into());
/// assert!(condition.should_retry(&Err::<(), _>(network)));
/// assert!(!condition.should_retry(&Err::<(), _>(FetchError::BadInput)));
/// ```
pub fn retry_on<X: Error + 'static>() -> RetryOn<X> {
    RetryOn(PhantomData)
}

// `derive` would require `X: Clone` and `X: Debug`, which an error type marker
// has no need of.
macro_rules! error_type_marker {
    ($($name:ident),*) => {$(
        impl<X: ?Sized> Clone for $name<X> {
            fn clone(&self) -> Self {
                *self
            }
        }

        impl<X: ?Sized> Copy for $name<X> {}

        impl<X: ?Sized> fmt::Debug for $name<X> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}<{}>", stringify!($name), std::any::type_name::<X>())
            }
        }
    )*};
}

error_type_marker!(RetryOn, RetryUnless);

/// An error whose cause chain [`retry_on`] can search: any [`std::error::Error`].
// Limit: `Box<dyn Error>` is not an `Error` itself, and an impl for it beside the
// blanket one is rejected as overlapping; supporting it needs specialization.
#[diagnostic::on_unimplemented(
    message = "`retry_on` needs the function's error type to be a `std::error::Error`, and `{Self}` is not",
    note = "implement `std::error::Error` for `{Self}`, or leave out `retry_on` to retry every error"
)]
pub trait ErrorChain {
    /// The error as the head of its `source()` chain.
    fn as_error(&self) -> &(dyn Error + 'static);
}

impl<E: Error + 'static> ErrorChain for E {
    fn as_error(&self) -> &(dyn Error + 'static) {
        self
    }
}

impl<T, E, X> RetryIf<T, E> for RetryOn<X>
where
    E: ErrorChain,
    X: Error + 'static,
{
    const MAY_RETRY_OK: bool = false;

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        match outcome {
            Ok(_) => false,
            Err(error) => caused_by(error.as_error(), |cause| cause.is::<X>()),
        }
    }

    fn server_wait(&self, outcome: &Result<T, E>) -> Option<Duration> {
        crate::http::wait_in_outcome(outcome)
    }
}

/// Retries every error except one that is an `X`, or that has an `X` anywhere in its
/// [`source()`](Error::source) chain. See [`retry_unless`].
pub struct RetryUnless<X: ?Sized>(PhantomData<fn() -> Box<X>>);

/// Retries every error except those that are, or were caused by, an `X`: the
/// opposite of [`retry_on`], for the few errors that no retry can fix. Successes are
/// not retried. Python's tenacity calls this `retry_if_not_exception_type`.
///
/// The error and its `source()` chain are searched as [`retry_on`] searches them.
///
/// ```
/// use retry_core::condition::{RetryIf, retry_unless};
///
/// #[derive(Debug, thiserror::Error)]
/// #[error("invalid credentials")]
/// struct Unauthorized;
///
/// #[derive(Debug, thiserror::Error)]
/// enum FetchError {
///     #[error("login failed")]
///     Login(#[source] Unauthorized),
///     #[error("timed out")]
///     Timeout,
/// }
///
/// let condition = retry_unless::<Unauthorized>();
/// assert!(condition.should_retry(&Err::<(), _>(FetchError::Timeout)));
/// assert!(!condition.should_retry(&Err::<(), _>(FetchError::Login(Unauthorized))));
/// ```
pub fn retry_unless<X: Error + 'static>() -> RetryUnless<X> {
    RetryUnless(PhantomData)
}

impl<T, E, X> RetryIf<T, E> for RetryUnless<X>
where
    E: ErrorChain,
    X: Error + 'static,
{
    const MAY_RETRY_OK: bool = false;

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        match outcome {
            Ok(_) => false,
            Err(error) => !caused_by(error.as_error(), |cause| cause.is::<X>()),
        }
    }

    fn server_wait(&self, outcome: &Result<T, E>) -> Option<Duration> {
        crate::http::wait_in_outcome(outcome)
    }
}

/// Retries errors for which a closure returns `true`. See [`error_matches`].
#[derive(Clone, Copy)]
pub struct ErrorMatches<F>(F);

/// Retries the errors for which `predicate` returns `true`; successes are not
/// retried. Python's tenacity calls this `retry_if_exception`.
///
/// Name the error type in the closure's parameter (`|e: &io::Error| …`): nothing
/// else tells the compiler what the closure takes. The error type need not be a
/// [`std::error::Error`].
///
/// ```
/// use retry_core::{Retry, condition::error_matches, stop::attempts, wait::none};
/// use std::io;
///
/// let policy = Retry::new()
///     .stop(attempts(3))
///     .wait(none())
///     .retry_if(error_matches(|e: &io::Error| e.kind() == io::ErrorKind::TimedOut));
///
/// let mut attempts = 0;
/// let outcome: Result<(), io::Error> = policy.run_blocking(|_ctx| {
///     attempts += 1;
///     Err(io::ErrorKind::TimedOut.into())
/// });
/// assert_eq!((outcome.unwrap_err().kind(), attempts), (io::ErrorKind::TimedOut, 3));
///
/// let outcome: Result<(), io::Error> =
///     policy.run_blocking(|_ctx| Err(io::ErrorKind::NotFound.into()));
/// assert_eq!(outcome.unwrap_err().kind(), io::ErrorKind::NotFound);
/// ```
#[inline]
pub fn error_matches<E, F: Fn(&E) -> bool>(predicate: F) -> ErrorMatches<F> {
    ErrorMatches(predicate)
}

impl<T, E, F: Fn(&E) -> bool> RetryIf<T, E> for ErrorMatches<F> {
    const MAY_RETRY_OK: bool = false;

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        outcome.as_ref().is_err_and(|error| (self.0)(error))
    }
}

impl<F> fmt::Debug for ErrorMatches<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMatches").finish_non_exhaustive()
    }
}

/// Retries successes for which a closure returns `true`. See [`result_matches`].
#[derive(Clone, Copy)]
pub struct ResultMatches<F>(F);

/// Retries the successes for which `predicate` returns `true`: polling, such as
/// "try again while the job reports it is pending". Python's tenacity calls this
/// `retry_if_result`.
///
/// Errors are not retried by this condition alone; combine it with [`AnyError`] or
/// [`retry_on`] to retry them too: `result_matches(…) | AnyError`. When the stop
/// condition gives up, the call returns the last success as it is.
///
/// Name the value's type in the closure's parameter (`|status: &Status| …`).
///
/// ```
/// use retry_core::condition::{AnyError, result_matches};
/// use retry_core::{Retry, stop::attempts, wait::none};
///
/// #[derive(Debug, PartialEq)]
/// enum Job {
///     Pending,
///     Done(u32),
/// }
///
/// let policy = Retry::new()
///     .stop(attempts(10))
///     .wait(none())
///     .retry_if(result_matches(|job: &Job| *job == Job::Pending) | AnyError);
///
/// let outcome: Result<Job, String> = policy.run_blocking(|ctx| match ctx.attempt() {
///     1 => Err("connection reset".to_string()),
///     2 => Ok(Job::Pending),
///     n => Ok(Job::Done(n)),
/// });
/// assert_eq!(outcome, Ok(Job::Done(3)));
/// ```
#[inline]
pub fn result_matches<T, F: Fn(&T) -> bool>(predicate: F) -> ResultMatches<F> {
    ResultMatches(predicate)
}

impl<T, E, F: Fn(&T) -> bool> RetryIf<T, E> for ResultMatches<F> {
    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        outcome.as_ref().is_ok_and(|value| (self.0)(value))
    }
}

impl<F> fmt::Debug for ResultMatches<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResultMatches").finish_non_exhaustive()
    }
}

/// Retries when either condition does. Built by `a | b` or `a.or(b)`.
///
/// ```
/// use retry_core::condition::{Either, RetryIf, result_matches, retry_on};
/// use std::io;
///
/// let condition = retry_on::<io::Error>().or(result_matches(|n: &u32| *n == 0));
/// assert!(condition.should_retry(&Ok::<u32, io::Error>(0)));
/// assert!(condition.should_retry(&Err::<u32, _>(io::Error::from(io::ErrorKind::TimedOut))));
/// assert!(!condition.should_retry(&Ok::<u32, io::Error>(1)));
///
/// // A condition of your own, which has no `|`, can still go on the right or in
/// // the tuple struct.
/// let same = Either(retry_on::<io::Error>(), result_matches(|n: &u32| *n == 0));
/// assert!(same.should_retry(&Ok::<u32, io::Error>(0)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Either<A, B>(pub A, pub B);

impl<T, E, A: RetryIf<T, E>, B: RetryIf<T, E>> RetryIf<T, E> for Either<A, B> {
    const MAY_RETRY_OK: bool = A::MAY_RETRY_OK || B::MAY_RETRY_OK;

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        self.0.should_retry(outcome) || self.1.should_retry(outcome)
    }

    fn server_wait(&self, outcome: &Result<T, E>) -> Option<Duration> {
        self.0.server_wait(outcome).or_else(|| self.1.server_wait(outcome))
    }
}

/// Retries only when both conditions do. Built by `a & b` or `a.and(b)`.
///
/// ```
/// use retry_core::condition::{Both, RetryIf, error_matches, retry_unless};
///
/// #[derive(Debug, thiserror::Error)]
/// #[error("status {0}")]
/// struct Status(u16);
///
/// let condition = retry_unless::<std::io::Error>().and(error_matches(|s: &Status| s.0 >= 500));
/// assert!(condition.should_retry(&Err::<(), _>(Status(503))));
/// assert!(!condition.should_retry(&Err::<(), _>(Status(404))));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Both<A, B>(pub A, pub B);

impl<T, E, A: RetryIf<T, E>, B: RetryIf<T, E>> RetryIf<T, E> for Both<A, B> {
    const MAY_RETRY_OK: bool = A::MAY_RETRY_OK && B::MAY_RETRY_OK;

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        self.0.should_retry(outcome) && self.1.should_retry(outcome)
    }

    fn server_wait(&self, outcome: &Result<T, E>) -> Option<Duration> {
        self.0.server_wait(outcome).or_else(|| self.1.server_wait(outcome))
    }
}

// `or` and `and` are inherent methods, not `RetryIf` methods: a condition such as
// `AnyError` implements `RetryIf<T, E>` for every `T` and `E`, so a trait method
// called on it would leave rustc unable to choose `T` and `E`.
macro_rules! condition_operators {
    ($([$($generics:ident),*] $t:ty),* $(,)?) => {$(
        impl<$($generics,)* Rhs> BitOr<Rhs> for $t {
            type Output = Either<Self, Rhs>;

            fn bitor(self, rhs: Rhs) -> Self::Output {
                Either(self, rhs)
            }
        }

        impl<$($generics,)* Rhs> BitAnd<Rhs> for $t {
            type Output = Both<Self, Rhs>;

            fn bitand(self, rhs: Rhs) -> Self::Output {
                Both(self, rhs)
            }
        }

        impl<$($generics),*> $t {
            /// Retries when either `self` or `other` does; the same as `self | other`.
            /// See [`Either`].
            #[inline]
            pub fn or<Rhs>(self, other: Rhs) -> Either<Self, Rhs> {
                Either(self, other)
            }

            /// Retries only when both `self` and `other` do; the same as
            /// `self & other`. See [`Both`].
            #[inline]
            pub fn and<Rhs>(self, other: Rhs) -> Both<Self, Rhs> {
                Both(self, other)
            }
        }
    )*};
}

#[cfg_attr(not(feature = "reqwest"), allow(unused_imports))]
pub(crate) use condition_operators;

condition_operators!(
    [] AnyError,
    [] Always,
    [] NeverRetry,
    [X] RetryOn<X>,
    [X] RetryUnless<X>,
    [F] ErrorMatches<F>,
    [F] ResultMatches<F>,
    [A, B] Either<A, B>,
    [A, B] Both<A, B>,
);

/// Whether the error, or any error in its `source()` chain, satisfies `matches`.
pub(crate) fn caused_by(
    error: &(dyn Error + 'static),
    matches: impl Fn(&(dyn Error + 'static)) -> bool,
) -> bool {
    let mut cause = Some(error);
    while let Some(current) = cause {
        if matches(current) {
            return true;
        }
        cause = current.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    #[derive(Debug)]
    struct Outer(io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("outer")
        }
    }

    impl Error for Outer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }

    #[derive(Debug)]
    struct Unrelated;

    impl fmt::Display for Unrelated {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("unrelated")
        }
    }

    impl Error for Unrelated {}

    #[test]
    fn retry_on_matches_the_error_itself() {
        let outcome: Result<(), io::Error> = Err(io::ErrorKind::Other.into());

        assert!(retry_on::<io::Error>().should_retry(&outcome));
    }

    #[test]
    fn retry_on_matches_a_cause_in_the_source_chain() {
        let outcome: Result<(), Outer> = Err(Outer(io::ErrorKind::Other.into()));

        assert!(retry_on::<io::Error>().should_retry(&outcome));
    }

    #[test]
    fn retry_on_ignores_unrelated_errors_and_successes() {
        let unrelated: Result<(), Unrelated> = Err(Unrelated);
        let success: Result<(), Unrelated> = Ok(());

        assert!(!retry_on::<io::Error>().should_retry(&unrelated));
        assert!(!retry_on::<Unrelated>().should_retry(&success));
    }

    #[test]
    fn retry_unless_retries_errors_of_other_types() {
        let outcome: Result<(), Unrelated> = Err(Unrelated);

        assert!(retry_unless::<io::Error>().should_retry(&outcome));
    }

    #[test]
    fn retry_unless_declines_the_error_itself_and_its_causes() {
        let itself: Result<(), io::Error> = Err(io::ErrorKind::Other.into());
        let caused: Result<(), Outer> = Err(Outer(io::ErrorKind::Other.into()));

        assert!(!retry_unless::<io::Error>().should_retry(&itself));
        assert!(!retry_unless::<io::Error>().should_retry(&caused));
    }

    #[test]
    fn retry_unless_does_not_retry_successes() {
        let success: Result<u32, Unrelated> = Ok(1);

        assert!(!retry_unless::<io::Error>().should_retry(&success));
    }

    #[test]
    fn error_matches_retries_only_errors_the_closure_accepts() {
        let condition = error_matches(|e: &String| e.starts_with("5"));

        let decisions = [
            condition.should_retry(&Err::<u32, _>("503".to_string())),
            condition.should_retry(&Err::<u32, _>("404".to_string())),
            condition.should_retry(&Ok::<u32, String>(5)),
        ];

        assert_eq!(decisions, [true, false, false]);
    }

    #[test]
    fn result_matches_retries_only_successes_the_closure_accepts() {
        let condition = result_matches(|pending: &bool| *pending);

        let decisions = [
            condition.should_retry(&Ok::<_, String>(true)),
            condition.should_retry(&Ok::<_, String>(false)),
            condition.should_retry(&Err::<bool, _>("down".to_string())),
        ];

        assert_eq!(decisions, [true, false, false]);
    }

    #[test]
    fn always_retries_successes_and_errors() {
        assert!(always().should_retry(&Ok::<u32, String>(1)));
        assert!(always().should_retry(&Err::<u32, _>("down".to_string())));
    }

    #[test]
    fn never_retry_retries_nothing() {
        assert!(!never_retry().should_retry(&Ok::<u32, String>(1)));
        assert!(!never_retry().should_retry(&Err::<u32, _>("down".to_string())));
    }

    #[test]
    fn or_retries_when_either_condition_does() {
        let condition = result_matches(|n: &u32| *n == 0) | retry_on::<io::Error>();

        let decisions = [
            condition.should_retry(&Ok::<u32, io::Error>(0)),
            condition.should_retry(&Ok::<u32, io::Error>(1)),
            condition.should_retry(&Err(io::Error::from(io::ErrorKind::TimedOut))),
        ];

        assert_eq!(decisions, [true, false, true]);
    }

    #[test]
    fn and_retries_only_when_both_conditions_do() {
        let timed_out = |e: &io::Error| e.kind() == io::ErrorKind::TimedOut;
        let condition = AnyError & error_matches(timed_out);

        let decisions = [
            condition.should_retry(&Err::<(), _>(io::Error::from(io::ErrorKind::TimedOut))),
            condition.should_retry(&Err::<(), _>(io::Error::from(io::ErrorKind::NotFound))),
            condition.should_retry(&Ok::<(), io::Error>(())),
        ];

        assert_eq!(decisions, [true, false, false]);
    }

    #[test]
    fn or_and_and_methods_build_the_same_conditions_as_the_operators() {
        assert_eq!(AnyError.or(Always), AnyError | Always);
        assert_eq!(AnyError.and(NeverRetry), AnyError & NeverRetry);
    }

    #[test]
    fn only_conditions_that_can_retry_a_success_say_so() {
        type Pending = ResultMatches<fn(&u32) -> bool>;
        type NotFound = ErrorMatches<fn(&io::Error) -> bool>;

        let may_retry_ok = [
            <AnyError as RetryIf<u32, io::Error>>::MAY_RETRY_OK,
            <NeverRetry as RetryIf<u32, io::Error>>::MAY_RETRY_OK,
            <RetryUnless<Unrelated> as RetryIf<u32, io::Error>>::MAY_RETRY_OK,
            <NotFound as RetryIf<u32, io::Error>>::MAY_RETRY_OK,
            <Either<AnyError, NotFound> as RetryIf<u32, io::Error>>::MAY_RETRY_OK,
            <Both<Always, AnyError> as RetryIf<u32, io::Error>>::MAY_RETRY_OK,
            <Always as RetryIf<u32, io::Error>>::MAY_RETRY_OK,
            <Pending as RetryIf<u32, io::Error>>::MAY_RETRY_OK,
            <Either<AnyError, Pending> as RetryIf<u32, io::Error>>::MAY_RETRY_OK,
            <Both<Always, Pending> as RetryIf<u32, io::Error>>::MAY_RETRY_OK,
        ];

        assert_eq!(
            may_retry_ok,
            [false, false, false, false, false, false, true, true, true, true]
        );
    }

    #[test]
    fn polling_retries_a_pending_success_until_the_stop_condition_gives_up() {
        let policy = crate::Retry::new()
            .stop(crate::stop::attempts(4))
            .wait(crate::wait::none())
            .retry_if(result_matches(|status: &&str| *status == "pending"));

        let outcome: Result<&str, String> =
            policy.run_blocking(|ctx| Ok(if ctx.attempt() < 9 { "pending" } else { "done" }));

        assert_eq!(outcome, Ok("pending"));
    }
}
