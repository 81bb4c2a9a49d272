//! What can go wrong sending a message, split the way Slack documents it: failures
//! that may pass on another try, and answers that will not change.

use std::error::Error;
use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

use crate::webhook_url::InvalidWebhookUrl;

/// A failure that may pass if the message is sent again. `send_msg` retries these.
#[derive(Debug, thiserror::Error)]
pub enum SendMsgError {
    /// Slack answered `429 Too Many Requests`.
    #[error("Slack is rate limiting this webhook (429 Too Many Requests){}", asked_to_wait(.retry_after))]
    RateLimited {
        /// The wait the `Retry-After` header asked for, if it held whole seconds; the
        /// longest, if there were several.
        retry_after: Option<Duration>,
    },
    /// Slack answered with a 5xx status.
    #[error("Slack had a server error ({status}){}", said(.body))]
    ServerError {
        /// The status Slack answered with.
        status: StatusCode,
        /// The start of Slack's answer.
        body: String,
    },
    /// Slack could not be reached, or no status arrived: in time, or before the
    /// connection broke. Once the status has arrived, the status decides.
    #[error("no answer from {endpoint}: {source}")]
    NoAnswer {
        /// The webhook URL with its secret path redacted.
        endpoint: String,
        /// What the HTTP client saw; it never holds the webhook URL.
        #[source]
        source: reqwest::Error,
    },
}

/// Everything that can go wrong posting to a Slack webhook.
///
/// Only [`Unavailable`](Self::Unavailable) is retried: it holds a
/// [`SendMsgError`] as its [`source`](Error::source), which is what
/// `retry_on = SendMsgError` looks for. [`Report`] shows an error with its causes.
#[derive(Debug, thiserror::Error)]
pub enum SlackError {
    /// Slack refused the message for a reason that sending it again will not fix,
    /// such as `channel_not_found`: any 4xx other than 429, or a status Slack does
    /// not document for webhooks.
    #[error("Slack rejected the message ({status}){}", said(.reason))]
    Rejected {
        /// The status Slack answered with.
        status: StatusCode,
        /// Slack's error text, such as `channel_not_found`.
        reason: String,
    },
    /// A failure that may pass later; it was retried until the policy gave up.
    /// Its message includes the cause's, so a log line of it alone says what
    /// happened.
    #[error("Slack could not take the message for now: {0}")]
    Unavailable(#[from] SendMsgError),
    /// The webhook URL is not usable.
    #[error(transparent)]
    InvalidWebhookUrl(#[from] InvalidWebhookUrl),
    /// The HTTP client could not be set up or could not build the request.
    #[error("the HTTP client failed before sending anything")]
    Http(#[source] reqwest::Error),
}

/// Shows an error followed by each of its causes, `outer: inner: innermost`,
/// leaving out a cause whose message the text already carries.
///
/// ```
/// use slack_example::{Report, SendMsgError, SlackError};
///
/// let error = SlackError::from(SendMsgError::RateLimited { retry_after: None });
/// assert_eq!(
///     Report(&error).to_string(),
///     "Slack could not take the message for now: \
///      Slack is rate limiting this webhook (429 Too Many Requests)"
/// );
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

fn asked_to_wait(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!("; it asked to wait {wait:?}"),
        None => String::new(),
    }
}

fn said(text: &str) -> String {
    if text.is_empty() { String::new() } else { format!(": {text}") }
}
