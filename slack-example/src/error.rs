//! What can go wrong sending a message, split the way Slack documents it: failures
//! that may pass on another try, and answers that will not change.

use std::error::Error;
use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use retry_core::http::HttpError;

use crate::webhook_url::InvalidWebhookUrl;

/// A failure that may pass if the message is sent again: Slack rate limiting the
/// webhook (429), a server error (5xx), or no answer at all. `send_msg` retries
/// these.
///
/// It wraps the [`HttpError`] that [`retry_core::http::send`] returned, as its
/// [`source`](Error::source): the retry loop reads the wait Slack asked for from
/// there, so `send_msg` publishes nothing itself.
#[derive(Debug)]
pub struct SendMsgError {
    http: HttpError,
    /// The webhook URL with its secret path redacted.
    endpoint: String,
}

impl SendMsgError {
    pub(crate) fn new(http: HttpError, endpoint: String) -> Self {
        SendMsgError { http, endpoint }
    }

    /// What the HTTP exchange came to. Its [`url`](HttpError::url) is the webhook
    /// URL in full, secret included; everything else in it is safe to show.
    pub fn http(&self) -> &HttpError {
        &self.http
    }

    /// The status Slack answered with, if an answer arrived.
    pub fn status(&self) -> Option<StatusCode> {
        self.http.status()
    }

    /// The wait Slack asked for, from `Retry-After` or its rate-limit headers.
    pub fn retry_after(&self) -> Option<Duration> {
        self.http.server_wait()
    }
}

impl fmt::Display for SendMsgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status() {
            Some(StatusCode::TOO_MANY_REQUESTS) => {
                f.write_str("Slack is rate limiting this webhook")?
            }
            Some(status) if status.is_server_error() => f.write_str("Slack had a server error")?,
            Some(_) => f.write_str("Slack could not take the request")?,
            None => write!(f, "no answer from {}", self.endpoint)?,
        }
        write!(f, ": {}", self.http)
    }
}

impl Error for SendMsgError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.http)
    }
}

/// Everything that can go wrong posting to a Slack webhook.
///
/// Only [`Unavailable`](Self::Unavailable) is retried: it holds a
/// [`SendMsgError`] as its [`source`](Error::source), which is what
/// `retry_on = SendMsgError` looks for. [`Report`] shows an error with its causes.
#[derive(Debug, thiserror::Error)]
pub enum SlackError {
    /// Slack refused the message for a reason that sending it again will not fix,
    /// such as `channel_not_found`: any 4xx other than 408 and 429, 501, 505, or a
    /// status Slack does not document for webhooks.
    #[error("Slack rejected the message ({status}){}", said(.reason))]
    Rejected {
        /// The status Slack answered with.
        status: StatusCode,
        /// Slack's error text, such as `channel_not_found`, cut to 200 characters
        /// with control characters escaped and the webhook's secret redacted.
        reason: String,
    },
    /// A failure that may pass later; it was retried until the policy gave up.
    /// Its message includes the cause's, so a log line of it alone says what
    /// happened, the wait Slack asked for included.
    #[error("Slack could not take the message for now: {0}")]
    Unavailable(#[from] SendMsgError),
    /// The webhook URL is not usable.
    #[error(transparent)]
    InvalidWebhookUrl(#[from] InvalidWebhookUrl),
    /// The HTTP client could not be set up.
    #[error("the HTTP client could not be set up")]
    Http(#[source] reqwest::Error),
    /// The request could not be built, so nothing was sent.
    #[error("the message could not be sent: {0}")]
    NotSent(#[source] HttpError),
}

/// Shows an error followed by each of its causes, `outer: inner: innermost`,
/// leaving out a cause whose message the text already carries.
///
/// ```
/// use slack_example::Report;
///
/// #[derive(Debug, thiserror::Error)]
/// #[error("could not post the release note")]
/// struct PostFailed(#[source] std::io::Error);
///
/// let error = PostFailed(std::io::Error::other("disk full"));
/// assert_eq!(Report(&error).to_string(), "could not post the release note: disk full");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Report<'a>(pub &'a (dyn Error + 'static));

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = self.0.to_string();
        let mut cause = self.0.source();
        while let Some(error) = cause {
            let message = error.to_string();
            if !text.contains(&message) {
                text.push_str(": ");
                text.push_str(&message);
            }
            cause = error.source();
        }
        f.write_str(&text)
    }
}

fn said(text: &str) -> String {
    if text.is_empty() { String::new() } else { format!(": {text}") }
}
