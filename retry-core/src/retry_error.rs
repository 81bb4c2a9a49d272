//! [`RetryError`]: the last error of a call that gave up, with what the call spent.

use std::error::Error;
use std::fmt;
use std::time::Duration;

use crate::RetryContext;
use crate::readable::Readable;

/// The last error of a retried call, with the attempts it made and the time it
/// took; the last error is its [`source`](Error::source).
///
/// A call returns its last error unchanged by default. Wrap it when the caller
/// should see how hard the call tried:
///
/// ```
/// use retry_core::{Retry, RetryContext, RetryError, run_blocking, stop::attempts, wait::none};
///
/// let ctx = RetryContext::new();
/// let policy = Retry::new().stop(attempts(3)).wait(none());
/// let outcome: Result<(), RetryError<std::io::Error>> =
///     run_blocking(policy, &ctx, |_ctx| Err(std::io::ErrorKind::TimedOut.into()))
///         .map_err(|error| RetryError::new(error, &ctx));
///
/// let error = outcome.unwrap_err();
/// assert_eq!(error.attempts(), 3);
/// assert!(error.to_string().starts_with("gave up after 3 attempts in "));
/// assert_eq!(error.into_last().kind(), std::io::ErrorKind::TimedOut);
/// ```
#[derive(Debug)]
pub struct RetryError<E> {
    last: E,
    attempts: u32,
    elapsed: Duration,
    refused_wait: Option<Duration>,
}

impl<E> RetryError<E> {
    /// Wraps `last`, reading the attempts made and the time taken from the call's
    /// context once the call has returned.
    pub fn new(last: E, ctx: &RetryContext) -> Self {
        RetryError {
            last,
            attempts: ctx.attempt(),
            elapsed: ctx.elapsed(),
            refused_wait: ctx.retry_after(),
        }
    }

    /// The wait the server asked for when the call gave up because it was longer
    /// than the policy's [`max_server_wait`](crate::Retry::max_server_wait) allows.
    ///
    /// ```
    /// use retry_core::{Retry, RetryContext, RetryError, run_blocking, stop::attempts};
    /// use std::time::Duration;
    ///
    /// let ctx = RetryContext::new();
    /// let policy = Retry::new().stop(attempts(3)).max_server_wait(60);
    /// let outcome: Result<(), RetryError<&str>> = run_blocking(policy, &ctx, |ctx| {
    ///     ctx.set_retry_after(Duration::from_secs(3600));
    ///     Err("rate limited")
    /// })
    /// .map_err(|error| RetryError::new(error, &ctx));
    ///
    /// let error = outcome.unwrap_err();
    /// assert_eq!(error.refused_server_wait(), Some(Duration::from_secs(3600)));
    /// assert!(error.to_string().ends_with(": the server asked to wait 1h, longer than allowed"));
    /// ```
    pub fn refused_server_wait(&self) -> Option<Duration> {
        self.refused_wait
    }

    /// The attempts the call made, the last one included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The time from the first attempt's start to the end of the last.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The last error.
    pub fn last(&self) -> &E {
        &self.last
    }

    /// The last error, unwrapped.
    pub fn into_last(self) -> E {
        self.last
    }
}

impl<E> fmt::Display for RetryError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.attempts == 1 { "" } else { "s" };
        write!(f, "gave up after {} attempt{plural} in {:?}", self.attempts, self.elapsed)?;
        if let Some(asked) = self.refused_wait {
            write!(f, ": the server asked to wait {}, longer than allowed", Readable(asked))?;
        }
        Ok(())
    }
}

impl<E: Error + 'static> Error for RetryError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.last)
    }
}
