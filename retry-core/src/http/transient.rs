//! [`transient`]: the retry condition for HTTP failures that another attempt may
//! fix, and only when sending the request again is safe.

use std::error::Error;
use std::fmt;
use std::ops::{BitAnd, BitOr};
use std::time::Duration;

use super::{HttpError, HttpErrorKind};
use crate::condition::{Both, Either, ErrorChain, RetryIf};
use crate::{Limit, TimedOut};

/// The statuses [`transient`] retries unless told otherwise.
const TRANSIENT_STATUSES: [u16; 6] = [408, 429, 500, 502, 503, 504];

/// Statuses by which the server says it did not act on the request and asks for
/// it later, so any method may be sent again.
const NOT_ACTED_ON: [u16; 2] = [TOO_MANY_REQUESTS, 503];

const TOO_MANY_REQUESTS: u16 = 429;
const FORBIDDEN: u16 = 403;

/// The retry condition for HTTP failures that another attempt may fix. See
/// [`transient`].
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRetry {
    statuses: StatusSet,
    any_method: bool,
}

/// Retries the HTTP failures that another attempt may fix, when sending the
/// request again is safe.
///
/// The condition looks for the first [`HttpError`] or [`TimedOut`] in the error's
/// `source()` chain, the error itself included, so it works on an `HttpError` and
/// on an error type that wraps one as its source. An error with neither is not
/// retried, nor is any success.
///
/// What is retried:
///
/// - **Statuses 408, 429, 500, 502, 503 and 504.** Every other 4xx and 5xx,
///   among them 501 Not Implemented and 505 HTTP Version Not Supported, is
///   permanent. [`retry_status`](HttpRetry::retry_status) and
///   [`never_retry_status`](HttpRetry::never_retry_status) change the list.
/// - **A 403 that asks for a wait**, through `Retry-After` or a used-up rate
///   limit, as GitHub answers when its rate limit is reached: it is treated as a
///   429. Any other 403 is permanent.
/// - **A failure to connect**: nothing was sent.
/// - **The HTTP client's timeout and a connection that failed after the request
///   was sent.**
/// - **An attempt cut short by the policy's per-attempt timeout** ([`TimedOut`]
///   with [`Limit::Attempt`]), for any method. Such an attempt may have reached the
///   server, so a POST cut short this way may have been acted on already; give such
///   requests an `Idempotency-Key` header so that the server can recognise the
///   repeat. The call's deadline is never retried: no time is left.
///
/// Whether the method allows it: a failure after which the server may have acted
/// on the request (a 5xx other than 503, a 408, the HTTP client's timeout, a
/// connection that failed after sending) is retried only for a request that is
/// safe to repeat: one whose method is GET, HEAD, OPTIONS, TRACE, PUT or DELETE,
/// or one that carries an `Idempotency-Key` header. A 429 or 503, by which the
/// server says it did not act, and a failure to connect are retried for any
/// method. [`any_method`](HttpRetry::any_method) retries every method alike.
///
/// An error from [`error_for_status`](super::error_for_status) alone does not
/// know the request's method, so it counts as not safe to repeat; send with
/// [`send`](super::send) or [`send_retrying`](super::send_retrying) to keep it.
///
/// The server's wait that an [`HttpError`] carries becomes the wait before the
/// next attempt (see [`RetryIf::server_wait`]).
///
/// ```
/// use retry_core::http::{HttpError, send, transient};
/// use retry_core::{Retry, RetryContext, sleep::RecordingSleeper};
/// use std::time::Duration;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let server = httpmock::MockServer::start_async().await;
/// # server.mock_async(|when, then| {
/// #     when.path("/jobs");
/// #     then.status(503).header("Retry-After", "2");
/// # }).await;
/// # let url = server.url("/jobs");
/// let waits = RecordingSleeper::new();
/// let policy = Retry::new().retry_if(transient()).sleeper(waits.clone());
/// let client = reqwest::Client::new();
///
/// let ctx = RetryContext::new();
/// let outcome = policy.run(&ctx, |_ctx| send(client.post(&url).body("{}"))).await;
///
/// assert_eq!(outcome.unwrap_err().status().map(|s| s.as_u16()), Some(503));
/// assert_eq!(waits.waits(), [Duration::from_secs(2), Duration::from_secs(2)]);
/// # }
/// ```
pub fn transient() -> HttpRetry {
    let mut statuses = StatusSet::default();
    for status in TRANSIENT_STATUSES {
        statuses.insert(status);
    }
    HttpRetry { statuses, any_method: false }
}

impl HttpRetry {
    /// Retries `status` as well. Like every status but 429 and 503, it is
    /// retried only for a request that is safe to repeat, unless
    /// [`any_method`](Self::any_method) is set. A status below 400 never fails a
    /// request, and one outside 100 to 999 never occurs, so neither changes
    /// anything.
    ///
    /// ```
    /// use retry_core::http::transient;
    ///
    /// let condition = transient().retry_status(409);
    /// assert!(condition.retries_status(409));
    /// ```
    #[must_use]
    pub fn retry_status(mut self, status: u16) -> Self {
        self.statuses.insert(status);
        self
    }

    /// Never retries `status`, even one retried by default.
    ///
    /// ```
    /// use retry_core::http::transient;
    ///
    /// let condition = transient().never_retry_status(502);
    /// assert!(!condition.retries_status(502));
    /// assert!(condition.retries_status(503));
    /// ```
    #[must_use]
    pub fn never_retry_status(mut self, status: u16) -> Self {
        self.statuses.remove(status);
        self
    }

    /// Retries failures after which the server may have acted, whatever the
    /// request's method, for requests you know to be safe to repeat, such as a
    /// POST the server deduplicates by a field of its body.
    ///
    /// ```
    /// use retry_core::http::transient;
    ///
    /// let condition = transient().any_method();
    /// ```
    #[must_use]
    pub fn any_method(mut self) -> Self {
        self.any_method = true;
        self
    }

    /// Whether an answer with `status` is retried, at least for a request that
    /// is safe to repeat.
    ///
    /// ```
    /// use retry_core::http::transient;
    ///
    /// assert!(transient().retries_status(503));
    /// assert!(!transient().retries_status(501));
    /// assert!(!transient().retries_status(404));
    /// ```
    pub fn retries_status(&self, status: u16) -> bool {
        self.statuses.contains(status)
    }

    /// Whether this condition retries `error`, for code that sorts errors before
    /// the retry loop sees them.
    ///
    /// ```
    /// use retry_core::http::{HttpError, transient};
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let cut_short = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
    /// assert!(transient().would_retry(&cut_short));
    /// ```
    pub fn would_retry(&self, error: &HttpError) -> bool {
        self.retries_http(error)
    }

    /// Whether `error`, or the first error in its cause chain this condition
    /// knows, is worth another attempt.
    fn retries(&self, error: &(dyn Error + 'static)) -> bool {
        let mut link = Some(error);
        while let Some(error) = link {
            if let Some(http) = error.downcast_ref::<HttpError>() {
                return self.retries_http(http);
            }
            if let Some(timed_out) = error.downcast_ref::<TimedOut>() {
                return timed_out.limit() == Limit::Attempt;
            }
            link = error.source();
        }
        false
    }

    fn retries_http(&self, error: &HttpError) -> bool {
        if error.body_not_replayable() {
            return false;
        }
        let safe_to_repeat = self.any_method || error.is_idempotent();
        match error.kind() {
            HttpErrorKind::Status => error.status().is_some_and(|status| {
                let status = status.as_u16();
                if status == FORBIDDEN && error.server_wait().is_some() {
                    // A rate limit answered as 403, as GitHub does: like a 429.
                    return self.retries_status(TOO_MANY_REQUESTS);
                }
                self.retries_status(status) && (NOT_ACTED_ON.contains(&status) || safe_to_repeat)
            }),
            HttpErrorKind::Connect => true,
            HttpErrorKind::Timeout | HttpErrorKind::Transport => safe_to_repeat,
            HttpErrorKind::TimeLimit => !error.reached_deadline(),
            HttpErrorKind::Request | HttpErrorKind::Redirect => false,
        }
    }
}

impl Default for HttpRetry {
    /// The same as [`transient`].
    fn default() -> Self {
        transient()
    }
}

impl<T, E: ErrorChain> RetryIf<T, E> for HttpRetry {
    const MAY_RETRY_OK: bool = false;

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        outcome.as_ref().is_err_and(|error| self.retries(error.as_error()))
    }

    fn server_wait(&self, outcome: &Result<T, E>) -> Option<Duration> {
        crate::http::wait_in_outcome(outcome)
    }
}

crate::condition::condition_operators!([] HttpRetry);

impl fmt::Debug for HttpRetry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let statuses: Vec<u16> =
            (0..StatusSet::END).filter(|s| self.statuses.contains(*s)).collect();
        f.debug_struct("HttpRetry")
            .field("retry_statuses", &statuses)
            .field("any_method", &self.any_method)
            .finish()
    }
}

/// A set of status codes, one bit for each of 0 to 1023; a response's status is
/// always within 100 to 999, so larger numbers are never in the set.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct StatusSet([u64; 16]);

impl StatusSet {
    const END: u16 = 1024;

    fn insert(&mut self, status: u16) {
        if status < Self::END {
            self.0[usize::from(status / 64)] |= 1 << (status % 64);
        }
    }

    fn remove(&mut self, status: u16) {
        if status < Self::END {
            self.0[usize::from(status / 64)] &= !(1 << (status % 64));
        }
    }

    fn contains(&self, status: u16) -> bool {
        status < Self::END && self.0[usize::from(status / 64)] & (1 << (status % 64)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_out_of_range_change_nothing_and_do_not_panic() {
        let condition = transient().retry_status(u16::MAX).retry_status(1024).never_retry_status(0);

        assert_eq!(condition, transient());
        assert!(!condition.retries_status(u16::MAX));
    }

    #[test]
    fn debug_lists_the_retried_statuses() {
        let shown = format!("{:?}", transient().retry_status(409).never_retry_status(502));

        assert_eq!(
            shown,
            "HttpRetry { retry_statuses: [408, 409, 429, 500, 503, 504], any_method: false }"
        );
    }

    #[test]
    fn a_time_limit_is_retried_for_an_attempt_but_not_for_the_deadline() {
        let attempt = TimedOut::new(Limit::Attempt, Duration::from_secs(5));
        let deadline = TimedOut::new(Limit::Deadline, Duration::from_secs(60));

        let decisions = [
            transient().should_retry(&Err::<(), _>(attempt)),
            transient().should_retry(&Err::<(), _>(deadline)),
            transient().should_retry(&Err::<(), _>(HttpError::from(attempt))),
            transient().should_retry(&Err::<(), _>(HttpError::from(deadline))),
        ];

        assert_eq!(decisions, [true, false, true, false]);
    }

    #[test]
    fn errors_without_an_http_error_or_a_time_limit_are_not_retried() {
        let other = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);

        assert!(!transient().should_retry(&Err::<(), _>(other)));
        assert!(!transient().should_retry(&Ok::<(), HttpError>(())));
    }
}
