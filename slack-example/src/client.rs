//! The webhook client and its retried `send_msg`.

use std::time::Duration;

use reqwest::StatusCode;
use retry_core::http::{self, HttpError, HttpRetry};
use retry_core::{RetryContext, retry};

use crate::error::{SendMsgError, SlackError};
use crate::message::Message;
use crate::webhook_url::WebhookUrl;

/// How long one attempt may take, answer included, before it counts as no answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

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
    /// `http` to this machine, see [`WebhookUrl::parse`]), and with
    /// [`SlackError::Http`] if the HTTP client cannot be set up.
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
    /// Answers are sorted by [`retry_core::http`]'s ready-made condition, as Slack
    /// documents them:
    ///
    /// | Answer                                  | Result                                       | Retried |
    /// |-----------------------------------------|----------------------------------------------|---------|
    /// | 2xx                                     | `Ok(body)`                                   | —       |
    /// | 408, 429, 500, 502, 503, 504, no answer | [`SlackError::Unavailable`]                  | yes     |
    /// | any other status                        | [`SlackError::Rejected`] with Slack's reason | no      |
    ///
    /// A webhook post is not idempotent, so the HTTP condition alone would retry
    /// only what Slack cannot have acted on (429, 503, no connection). Slack asks
    /// clients to retry its 5xx answers and timeouts, which may rarely deliver a
    /// message twice; this client accepts that, as Slack's own advice does.
    ///
    /// The status decides: once it has arrived, an answer whose body then breaks off
    /// or stalls past the timeout is sorted by its status with the part of the body
    /// that did arrive, so a 2xx is never posted twice. The reason or body quoted in
    /// an error is cut to 200 characters, with control characters escaped (a newline
    /// shows as `\n`) and the webhook's secret path, or its last segment, replaced
    /// by `…`.
    ///
    /// It makes up to four attempts. After an answer whose `Retry-After` (or
    /// rate-limit headers) asks for a wait, it waits exactly that: seconds or an
    /// HTTP date, read by [`retry_core::http::server_wait`]; a wait over five
    /// minutes gives up at once instead, with an error that says how long Slack
    /// asked for. Other failures wait `exponential(1, 4, 10)`: 1, 2, 4 s raised to
    /// the 4 s minimum, so 4 s before each retry.
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
        let request = self.http.post(self.webhook.expose().clone()).timeout(self.timeout).json(msg);
        let response = http::send(request).await.map_err(|error| self.sort(ctx, error))?;
        let status = response.status();
        let body = String::from_utf8_lossy(&http::read_capped(response).await).into_owned();
        let said = self.webhook.redact_from(&http::excerpt(body.as_bytes()));
        log_answer(ctx, status, &said);
        if status.is_success() {
            return Ok(body);
        }
        // A redirect or an informational status: webhooks answer neither.
        Err(SlackError::Rejected { status, reason: said })
    }

    /// Sorts a failed exchange into a failure to retry or a final answer, with the
    /// webhook's secret redacted from whatever Slack said.
    fn sort(&self, ctx: &RetryContext, error: HttpError) -> SlackError {
        let error = error.map_body_excerpt(|said| self.webhook.redact_from(said));
        if let Some(status) = error.status() {
            log_answer(ctx, status, error.body_excerpt());
        }
        if slack_retries().would_retry(&error) {
            return SendMsgError::new(error, self.webhook.redacted()).into();
        }
        match error.status() {
            Some(status) => {
                SlackError::Rejected { status, reason: error.body_excerpt().to_string() }
            }
            None => SlackError::NotSent(error),
        }
    }
}

/// The failures worth another post: those [`http::transient`] retries, for a
/// method that is not idempotent too (see [`SlackClient::send_msg`]).
fn slack_retries() -> HttpRetry {
    http::transient().any_method()
}

fn log_answer(ctx: &RetryContext, status: StatusCode, said: &str) {
    let (code, attempt) = (status.as_u16(), ctx.attempt());
    if said.is_empty() {
        tracing::debug!(status = code, attempt, "Slack answered {status} with an empty body");
    } else {
        tracing::debug!(status = code, attempt, "Slack answered {status}: {said}");
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener};
    use std::sync::{Arc, Mutex, PoisonError};

    use httpmock::Method::POST;
    use httpmock::MockServer;
    use retry_core::sleep::RecordingSleeper;
    use tracing::Level;
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;

    use super::*;

    /// The log lines this crate writes, without time, target or colours.
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<Vec<u8>>>);

    impl Log {
        fn lines(&self) -> Vec<String> {
            let bytes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            String::from_utf8_lossy(&bytes).lines().map(str::to_string).collect()
        }
    }

    impl Write for Log {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Sends one message to `url`, with waits recorded and this crate's log, at
    /// every level, captured.
    async fn send_logged(url: &str) -> (Result<String, SlackError>, Vec<String>) {
        // One capturing subscriber at a time: tracing caches which subscribers want
        // a callsite's events, and tests that set their own side by side have lost
        // events to that cache.
        static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
        let _turn = ONE_AT_A_TIME.lock().await;
        let log = Log::default();
        let writer = log.clone();
        let layer = tracing_subscriber::fmt::layer()
            .without_time()
            .with_target(false)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .with_filter(Targets::new().with_target("slack_example", Level::TRACE));
        let _log = tracing::subscriber::set_default(tracing_subscriber::registry().with(layer));
        tracing::callsite::rebuild_interest_cache();
        let client = SlackClient::new(url).expect("a valid webhook URL");

        let outcome = RecordingSleeper::new().scope(client.send_msg(&Message::new("hi"))).await;

        (outcome, log.lines())
    }

    #[test]
    fn debug_output_hides_the_webhook_path() {
        let client = SlackClient::new("https://hooks.slack.com/services/T000/B000/XXXXSECRET")
            .expect("a valid webhook URL");

        let shown = format!("{client:?}");

        assert!(shown.contains(r#"WebhookUrl("https://hooks.slack.com/…")"#), "{shown}");
        assert!(!shown.contains("XXXXSECRET"), "{shown}");
    }

    #[tokio::test]
    async fn an_empty_answer_is_logged_as_such() {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(POST).path("/hook");
                then.status(302);
            })
            .await;

        let (outcome, log) = send_logged(&server.url("/hook")).await;

        assert!(matches!(outcome, Err(SlackError::Rejected { .. })), "{outcome:?}");
        assert_eq!(log, ["DEBUG Slack answered 302 Found with an empty body status=302 attempt=1"]);
    }

    #[tokio::test]
    async fn a_success_whose_body_breaks_off_is_delivered_with_the_part_that_arrived() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free local port");
        let url = format!("http://{}/hook", listener.local_addr().expect("a bound address"));
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("one request");
            let mut request = [0; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok");
            let _ = stream.shutdown(Shutdown::Write);
            let _ = std::io::copy(&mut stream, &mut std::io::sink());
        });

        let (outcome, log) = send_logged(&url).await;

        assert_eq!(outcome.ok(), Some("ok".to_string()));
        assert_eq!(log, ["DEBUG Slack answered 200 OK: ok status=200 attempt=1"]);
    }
}
