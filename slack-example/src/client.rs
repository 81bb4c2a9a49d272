//! The webhook client and its retried `send_msg`.

use std::time::Duration;

use reqwest::StatusCode;
use retry_core::{RetryContext, retry};

use crate::error::{SendMsgError, SlackError};
use crate::message::Message;
use crate::retry_after::retry_after;
use crate::webhook_url::WebhookUrl;

/// How long one attempt may take, answer included, before it counts as no answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest part of an answer kept in an error.
const MAX_BODY_CHARS: usize = 200;

/// The most of an answer read at all. Slack answers with a few bytes; a server
/// sending more is not Slack, and reading it all could exhaust memory.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// Posts messages to one Slack incoming webhook, retrying the failures Slack
/// documents as temporary.
///
/// Its `Debug` output shows the webhook URL redacted, like every error it returns.
#[derive(Debug, Clone)]
pub struct SlackClient {
    http: reqwest::Client,
    webhook: WebhookUrl,
    timeout: Duration,
}

impl SlackClient {
    /// A client for the webhook at `webhook_url`, with its own HTTP client.
    ///
    /// Fails with [`SlackError::InvalidWebhookUrl`] if the URL is not `https` (or
    /// `http`), and with [`SlackError::Http`] if the HTTP client cannot be set up.
    pub fn new(webhook_url: &str) -> Result<Self, SlackError> {
        let webhook = WebhookUrl::parse(webhook_url)?;
        // Slack never redirects a webhook; following one would post elsewhere.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| SlackError::Http(error.without_url()))?;
        Ok(Self::with_http_client(webhook, http))
    }

    /// A client for `webhook` that sends through `http`, for sharing one connection
    /// pool among several clients.
    pub fn with_http_client(webhook: WebhookUrl, http: reqwest::Client) -> Self {
        SlackClient { http, webhook, timeout: DEFAULT_TIMEOUT }
    }

    /// Replaces the time one attempt may take ([`DEFAULT_TIMEOUT`] unless changed).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The webhook this client posts to.
    pub fn webhook_url(&self) -> &WebhookUrl {
        &self.webhook
    }

    /// Posts `msg` and returns Slack's answer, which is `ok` on success.
    ///
    /// Answers are sorted as Slack documents them:
    ///
    /// | Answer              | Result                                       | Retried |
    /// |---------------------|----------------------------------------------|---------|
    /// | 2xx                 | `Ok(body)`                                   | —       |
    /// | 429, 5xx, no answer | [`SlackError::Unavailable`]                  | yes     |
    /// | any other status    | [`SlackError::Rejected`] with Slack's reason | no      |
    ///
    /// It makes up to four attempts. After a 429 it waits exactly as long as the
    /// `Retry-After` header asks, in whole seconds; a wait over five minutes gives
    /// up at once instead. Other failures wait `exponential(1, 4, 10)`: 1, 2, 4 s
    /// raised to the 4 s minimum, so 4 s before each retry.
    ///
    /// ```
    /// use slack_example::{Message, SlackClient, SlackError, mock::MockSlack};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), SlackError> {
    /// let slack = MockSlack::start().await;
    /// let client = SlackClient::new(&slack.webhook_url())?;
    ///
    /// let answer = client.send_msg(&Message::new("Deploy finished")).await?;
    /// assert_eq!(answer, "ok");
    ///
    /// let lost = client.send_msg(&Message::new("hello?").channel("#nowhere")).await;
    /// let Err(SlackError::Rejected { reason, .. }) = lost else { panic!("{lost:?}") };
    /// assert_eq!(reason, "channel_not_found");
    /// # Ok(())
    /// # }
    /// ```
    #[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = SendMsgError)]
    pub async fn send_msg(&self, ctx: &RetryContext, msg: &Message) -> Result<String, SlackError> {
        let response = self
            .http
            .post(self.webhook.expose().clone())
            .timeout(self.timeout)
            .json(msg)
            .send()
            .await
            .map_err(|error| self.no_answer(error))?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let body = read_capped(response).await.map_err(|error| self.no_answer(error))?;
        let said = shorten(&body);
        tracing::debug!(status = status.as_u16(), "Slack answered {status}: {said}");

        if status.is_success() {
            return Ok(body);
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            if let Some(wait) = retry_after {
                ctx.set_retry_after(wait);
            }
            return Err(SendMsgError::RateLimited { retry_after }.into());
        }
        if status.is_server_error() {
            return Err(SendMsgError::ServerError { status, body: said }.into());
        }
        Err(SlackError::Rejected { status, reason: said })
    }

    /// Classifies an HTTP client error, dropping the URL it carries.
    fn no_answer(&self, error: reqwest::Error) -> SlackError {
        let error = error.without_url();
        if error.is_builder() {
            return SlackError::Http(error);
        }
        let endpoint = self.webhook.redacted();
        SendMsgError::NoAnswer { endpoint, source: error }.into()
    }
}

/// The answer's first `MAX_BODY_BYTES`, as text (invalid UTF-8 replaced).
async fn read_capped(mut response: reqwest::Response) -> Result<String, reqwest::Error> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_BODY_BYTES - bytes.len();
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if bytes.len() == MAX_BODY_BYTES {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The answer trimmed and cut to `MAX_BODY_CHARS`, so an error page cannot flood
/// an error message.
fn shorten(body: &str) -> String {
    let body = body.trim();
    match body.char_indices().nth(MAX_BODY_CHARS) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_answer_is_kept_whole_without_surrounding_whitespace() {
        assert_eq!(shorten(" channel_not_found\n"), "channel_not_found");
    }

    #[test]
    fn a_long_answer_is_cut_at_a_character_boundary() {
        let page = "é".repeat(MAX_BODY_CHARS + 1);

        let shortened = shorten(&page);

        assert_eq!(shortened, format!("{}…", "é".repeat(MAX_BODY_CHARS)));
    }

    #[test]
    fn debug_output_hides_the_webhook_path() {
        let client = SlackClient::new("https://hooks.slack.com/services/T000/B000/XXXXSECRET")
            .expect("a valid webhook URL");

        let shown = format!("{client:?}");

        assert!(shown.contains(r#"WebhookUrl("https://hooks.slack.com/…")"#), "{shown}");
        assert!(!shown.contains("XXXXSECRET"), "{shown}");
    }
}
