//! [`HttpError`]: a failed HTTP exchange, keeping what is known about it.

use std::error::Error;
use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode, Url};

use super::excerpt::excerpt;
use crate::{Limit, TimedOut};

/// What went wrong in a failed HTTP exchange. See [`HttpError::kind`].
///
/// ```
/// use retry_core::http::{HttpError, HttpErrorKind};
/// use retry_core::{Limit, TimedOut};
/// use std::time::Duration;
///
/// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
/// assert_eq!(error.kind(), HttpErrorKind::TimeLimit);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpErrorKind {
    /// The server answered with an error status: 4xx, 5xx, or a nonstandard 600
    /// to 999.
    Status,
    /// No connection to the server could be made, so nothing was sent.
    Connect,
    /// The HTTP client's own timeout, set on the request or the client, ran out.
    /// The server may have received the request and acted on it.
    Timeout,
    /// The exchange failed after the request was sent, or while it was being
    /// sent: the connection closed, or the answer was not valid HTTP. The server
    /// may have acted on the request.
    Transport,
    /// The answer was a redirect the HTTP client would not follow: a loop, too
    /// many in a row, or one its redirect policy refused. Sending again would be
    /// redirected the same way.
    Redirect,
    /// The retry policy's per-attempt timeout or the call's deadline cut the
    /// attempt short; see [`HttpError::time_limit`].
    TimeLimit,
    /// The request could not be built, for example from an invalid URL or header,
    /// so nothing was sent.
    Request,
}

/// A failed HTTP exchange, with what is known about it: the request's method, the
/// status, the wait the server asked for, an excerpt of the server's answer, and
/// the HTTP client's error as [`source()`](Error::source).
///
/// [`send`](crate::http::send), [`send_retrying`](crate::http::send_retrying) and
/// [`error_for_status`](crate::http::error_for_status) return it; a
/// [`TimedOut`] converts into it. The condition [`transient`](crate::http::transient)
/// decides from it whether another attempt may help.
///
/// Its `Display` is one line that says what happened, with the wait the server
/// asked for and the start of its answer. Neither `Display` nor `Debug` shows the
/// request's URL, which may carry secrets such as a webhook's path or a query
/// string's token; [`url`](Self::url) gives it to those who need it.
///
/// ```
/// use retry_core::http::{HttpErrorKind, error_for_status};
/// use reqwest::StatusCode;
/// use std::time::Duration;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let server = httpmock::MockServer::start_async().await;
/// # server.mock_async(|when, then| {
/// #     when.path("/jobs");
/// #     then.status(503).header("Retry-After", "3600").body("down for maintenance\n");
/// # }).await;
/// # let url = server.url("/jobs");
/// let response = reqwest::get(url).await.unwrap();
/// let error = error_for_status(response).await.unwrap_err();
///
/// assert_eq!(error.kind(), HttpErrorKind::Status);
/// assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
/// assert_eq!(error.server_wait(), Some(Duration::from_secs(3600)));
/// assert_eq!(
///     error.to_string(),
///     r#"the server answered with 503 Service Unavailable ("down for maintenance") and asked to wait 1h"#
/// );
/// # }
/// ```
pub struct HttpError {
    // Boxed so that a `Result` carrying the error stays small.
    inner: Box<Inner>,
}

struct Inner {
    kind: HttpErrorKind,
    method: Option<Method>,
    idempotency_key: bool,
    url: Option<Url>,
    status: Option<StatusCode>,
    server_wait: Option<Duration>,
    body_excerpt: String,
    time_limit: Option<TimedOut>,
    body_not_replayable: bool,
    source: Option<reqwest::Error>,
}

impl HttpError {
    pub(crate) fn new(kind: HttpErrorKind) -> Self {
        HttpError {
            inner: Box::new(Inner {
                kind,
                method: None,
                idempotency_key: false,
                url: None,
                status: None,
                server_wait: None,
                body_excerpt: String::new(),
                time_limit: None,
                body_not_replayable: false,
                source: None,
            }),
        }
    }

    /// The error for an answer with an error status, before its body is read:
    /// the server's wait is measured from when the answer arrived.
    pub(crate) fn from_status(response: &reqwest::Response) -> Self {
        let status = response.status();
        let headers: Vec<(&str, &[u8])> = response
            .headers()
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_bytes()))
            .collect();
        let mut error = HttpError::new(HttpErrorKind::Status);
        error.inner.status = Some(status);
        error.inner.server_wait =
            crate::http::server_wait(headers.iter().copied(), status.as_u16(), SystemTime::now());
        error.inner.url = Some(response.url().clone());
        error
    }

    /// Keeps an excerpt of the failed answer's `body`.
    pub(crate) fn with_body(mut self, body: &[u8]) -> Self {
        self.inner.body_excerpt = excerpt(body);
        self
    }

    /// The error for a request that failed without an answer, or could not be
    /// built; the HTTP client's error loses its URL.
    pub(crate) fn from_client(error: reqwest::Error) -> Self {
        let kind = if error.is_builder() {
            HttpErrorKind::Request
        } else if error.is_connect() {
            HttpErrorKind::Connect
        } else if error.is_timeout() {
            HttpErrorKind::Timeout
        } else if error.is_redirect() {
            HttpErrorKind::Redirect
        } else {
            HttpErrorKind::Transport
        };
        let mut http = HttpError::new(kind);
        http.inner.source = Some(error.without_url());
        http
    }

    /// Records what is known of the request that failed. The URL of an answer,
    /// known already, is kept: it is where redirects led.
    pub(crate) fn with_request(mut self, method: Method, url: Url, idempotency_key: bool) -> Self {
        self.inner.method = Some(method);
        self.inner.url.get_or_insert(url);
        self.inner.idempotency_key = idempotency_key;
        self
    }

    /// Marks an error that would have been retried, had the request's body not
    /// been a stream that is gone once sent.
    pub(crate) fn body_was_not_replayable(mut self) -> Self {
        self.inner.body_not_replayable = true;
        self
    }

    /// Whether the call's deadline, rather than an attempt's own timeout, cut the
    /// attempt short.
    pub(crate) fn reached_deadline(&self) -> bool {
        self.inner.time_limit.is_some_and(|timed_out| timed_out.limit() == Limit::Deadline)
    }

    /// What went wrong.
    ///
    /// ```
    /// use retry_core::http::{HttpError, HttpErrorKind};
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
    /// assert_eq!(error.kind(), HttpErrorKind::TimeLimit);
    /// ```
    pub fn kind(&self) -> HttpErrorKind {
        self.inner.kind
    }

    /// The request's method, when known: an error from [`send`](crate::http::send)
    /// or [`send_retrying`](crate::http::send_retrying) knows it; one from
    /// [`error_for_status`](crate::http::error_for_status) alone, which sees only
    /// the response, or from a [`TimedOut`], does not.
    ///
    /// ```
    /// use retry_core::http::HttpError;
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
    /// assert_eq!(error.method(), None);
    /// ```
    pub fn method(&self) -> Option<&Method> {
        self.inner.method.as_ref()
    }

    /// The status of the server's answer, if one arrived.
    ///
    /// ```
    /// use retry_core::http::HttpError;
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
    /// assert_eq!(error.status(), None);
    /// ```
    pub fn status(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// The wait the server asked for before the next attempt, read from the
    /// answer's headers (such as `Retry-After`) when it arrived; see
    /// [`server_wait`](crate::http::server_wait()). The retry conditions that find
    /// this error in an error's cause chain hand it to the retry loop, so the
    /// attempt need not publish it itself.
    ///
    /// ```
    /// use retry_core::http::HttpError;
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
    /// assert_eq!(error.server_wait(), None);
    /// ```
    pub fn server_wait(&self) -> Option<Duration> {
        self.inner.server_wait
    }

    /// The start of the server's answer, safe to log: at most the first 64 KiB of
    /// the body are read, and of those at most 200 characters are kept, trimmed,
    /// with control characters and other characters that could break or disguise
    /// a log line escaped (a newline shows as `\n`), and `…` at the end when cut.
    /// Empty when no answer arrived or its body was empty.
    ///
    /// ```
    /// use retry_core::http::HttpError;
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
    /// assert_eq!(error.body_excerpt(), "");
    /// ```
    pub fn body_excerpt(&self) -> &str {
        &self.inner.body_excerpt
    }

    /// Replaces the body excerpt with `redact(excerpt)`, for example to hide a
    /// secret that the server echoed back before the error is logged or shown.
    ///
    /// ```
    /// use retry_core::http::HttpError;
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)))
    ///     .map_body_excerpt(|excerpt| excerpt.replace("s3cr3t", "…"));
    /// assert_eq!(error.body_excerpt(), "");
    /// ```
    pub fn map_body_excerpt(mut self, redact: impl FnOnce(&str) -> String) -> Self {
        self.inner.body_excerpt = redact(&self.inner.body_excerpt);
        self
    }

    /// The URL of the request, or of the answer after redirects, when known. It is
    /// kept out of `Display` and `Debug` because URLs often carry secrets.
    ///
    /// ```
    /// use retry_core::http::HttpError;
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
    /// assert_eq!(error.url(), None);
    /// ```
    pub fn url(&self) -> Option<&Url> {
        self.inner.url.as_ref()
    }

    /// Whether the request carried an `Idempotency-Key` header, by which the
    /// server can recognise a repeat and act on it only once. Known only for
    /// errors from [`send`](crate::http::send) and
    /// [`send_retrying`](crate::http::send_retrying).
    ///
    /// ```
    /// use retry_core::http::HttpError;
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
    /// assert!(!error.has_idempotency_key());
    /// ```
    pub fn has_idempotency_key(&self) -> bool {
        self.inner.idempotency_key
    }

    /// Whether sending the request again cannot do more than sending it once:
    /// its method is GET, HEAD, OPTIONS, TRACE, PUT or DELETE, or it carried an
    /// `Idempotency-Key` header. `false` when the method is unknown.
    ///
    /// ```
    /// use retry_core::http::HttpError;
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
    /// assert!(!error.is_idempotent());
    /// ```
    pub fn is_idempotent(&self) -> bool {
        self.inner.idempotency_key || self.inner.method.as_ref().is_some_and(is_idempotent_method)
    }

    /// The time limit that cut the attempt short, for an error of kind
    /// [`TimeLimit`](HttpErrorKind::TimeLimit).
    ///
    /// ```
    /// use retry_core::http::HttpError;
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let timed_out = TimedOut::new(Limit::Attempt, Duration::from_secs(5));
    /// assert_eq!(HttpError::from(timed_out).time_limit(), Some(timed_out));
    /// ```
    pub fn time_limit(&self) -> Option<TimedOut> {
        self.inner.time_limit
    }

    /// Whether the failure would have been retried but was not, because the
    /// request's body was a stream, which is gone once sent. Only
    /// [`send_retrying`](crate::http::send_retrying) sets it.
    ///
    /// ```
    /// use retry_core::http::HttpError;
    /// use retry_core::{Limit, TimedOut};
    /// use std::time::Duration;
    ///
    /// let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));
    /// assert!(!error.body_not_replayable());
    /// ```
    pub fn body_not_replayable(&self) -> bool {
        self.inner.body_not_replayable
    }
}

/// The methods RFC 9110 (section 9.2.2) defines as idempotent.
pub(crate) fn is_idempotent_method(method: &Method) -> bool {
    [Method::GET, Method::HEAD, Method::OPTIONS, Method::TRACE, Method::PUT, Method::DELETE]
        .contains(method)
}

impl From<TimedOut> for HttpError {
    /// An error of kind [`TimeLimit`](HttpErrorKind::TimeLimit), so a retried
    /// function that returns `HttpError` can have a timeout or a deadline.
    fn from(timed_out: TimedOut) -> Self {
        let mut error = HttpError::new(HttpErrorKind::TimeLimit);
        error.inner.time_limit = Some(timed_out);
        error
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        let request = Request(inner.method.as_ref());
        match inner.kind {
            HttpErrorKind::Status => {
                match &inner.method {
                    Some(method) => write!(f, "the server answered the {method} request with")?,
                    None => f.write_str("the server answered with")?,
                }
                if let Some(status) = inner.status {
                    match status.canonical_reason() {
                        Some(reason) => write!(f, " {} {reason}", status.as_u16())?,
                        None => write!(f, " {}", status.as_u16())?,
                    }
                }
                if !inner.body_excerpt.is_empty() {
                    // Quotes escaped, so the excerpt cannot close its quote and go
                    // on as if it were the message.
                    write!(f, " (\"{}\")", inner.body_excerpt.replace('"', "\\\""))?;
                }
            }
            HttpErrorKind::Connect => {
                write!(f, "could not connect to send {request}; nothing was sent")?;
            }
            HttpErrorKind::Timeout => write!(f, "{request} timed out")?,
            HttpErrorKind::Transport => write!(f, "the connection failed during {request}")?,
            HttpErrorKind::Redirect => {
                write!(f, "the redirects of {request} could not be followed")?
            }
            HttpErrorKind::TimeLimit => match inner.time_limit {
                Some(timed_out) => write!(f, "{timed_out}")?,
                None => f.write_str("the attempt ran out of time")?,
            },
            HttpErrorKind::Request => write!(f, "{request} could not be built")?,
        }
        if let Some(wait) = inner.server_wait {
            write!(f, " and asked to wait {}", crate::readable::Readable(wait))?;
        }
        if inner.body_not_replayable {
            f.write_str("; not retried: the request body is a stream and cannot be sent again")?;
        }
        Ok(())
    }
}

/// "the GET request", or "the request" when the method is unknown.
struct Request<'a>(Option<&'a Method>);

impl fmt::Display for Request<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(method) => write!(f, "the {method} request"),
            None => f.write_str("the request"),
        }
    }
}

impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        // The origin only: a URL's path and query may hold secrets.
        let origin = inner.url.as_ref().map(|url| url.origin().ascii_serialization());
        f.debug_struct("HttpError")
            .field("kind", &inner.kind)
            .field("method", &inner.method)
            .field("origin", &origin)
            .field("status", &inner.status)
            .field("server_wait", &inner.server_wait)
            .field("body_excerpt", &inner.body_excerpt)
            .field("idempotency_key", &inner.idempotency_key)
            .field("time_limit", &inner.time_limit)
            .field("body_not_replayable", &inner.body_not_replayable)
            .field("source", &inner.source)
            .finish()
    }
}

impl Error for HttpError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.inner.source.as_ref().map(|error| error as &(dyn Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_limit_an_error_carries_is_its_message() {
        let error = HttpError::from(TimedOut::new(Limit::Attempt, Duration::from_secs(5)));

        assert_eq!(error.to_string(), "the attempt took longer than its 5s timeout");
        assert!(error.source().is_none());
    }

    #[test]
    fn an_http_error_can_cross_threads() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}

        assert_send_sync::<HttpError>();
    }
}
