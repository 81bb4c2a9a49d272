//! Retry conditions: which outcomes are worth another attempt.
//!
//! A condition looks at the outcome of an attempt. When it says no, the outcome is
//! returned to the caller at once, whatever the stop condition would still allow.

use std::error::Error;
use std::fmt;
use std::marker::PhantomData;

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
}

impl<T, E, C: RetryIf<T, E> + ?Sized> RetryIf<T, E> for &C {
    const MAY_RETRY_OK: bool = C::MAY_RETRY_OK;

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        (**self).should_retry(outcome)
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

impl<X: ?Sized> Clone for RetryOn<X> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<X: ?Sized> Copy for RetryOn<X> {}

impl<X: ?Sized> fmt::Debug for RetryOn<X> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RetryOn<{}>", std::any::type_name::<X>())
    }
}

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
}

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
}
