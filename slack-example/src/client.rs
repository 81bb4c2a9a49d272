//! The webhook client and its retried `send_msg`.

use std::time::Duration;

use reqwest::StatusCode;
use retry_core::{RetryContext, retry};

use crate::error::{Report, SendMsgError, SlackError};
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
    /// Answers are sorted as Slack documents them:
    ///
    /// | Answer              | Result                                       | Retried |
    /// |---------------------|----------------------------------------------|---------|
    /// | 2xx                 | `Ok(body)`                                   | —       |
    /// | 429, 5xx, no answer | [`SlackError::Unavailable`]                  | yes     |
    /// | any other status    | [`SlackError::Rejected`] with Slack's reason | no      |
    ///
    /// The status decides: once it has arrived, an answer whose body then breaks off
    /// or stalls past the timeout is sorted by its status with the part of the body
    /// that did arrive, so a 2xx is never posted twice. Only a failure before the
    /// status is "no answer". The reason or body quoted in an error is cut to 200
    /// characters, with control characters escaped (a newline shows as `\n`) and
    /// the webhook's secret path, or its last segment, replaced by `…`.
    ///
    /// It makes up to four attempts. After a 429 it waits exactly as long as the
    /// `Retry-After` header asks, in whole seconds (the longest, if there are
    /// several); a wait over five minutes gives up at once instead. Other failures
    /// wait `exponential(1, 4, 10)`: 1, 2, 4 s raised to the 4 s minimum, so 4 s
    /// before each retry.
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
        let body = read_capped(response).await;
        let said = excerpt(&body, &self.webhook);
        if said.is_empty() {
            tracing::debug!(status = status.as_u16(), "Slack answered {status} with an empty body");
        } else {
            tracing::debug!(status = status.as_u16(), "Slack answered {status}: {said}");
        }

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
///
/// A body that breaks off or stalls past the timeout yields the part that arrived:
/// the status has already said what happened, so the failure is only logged.
async fn read_capped(mut response: reqwest::Response) -> String {
    let mut bytes = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = MAX_BODY_BYTES - bytes.len();
                bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if bytes.len() == MAX_BODY_BYTES {
                    break;
                }
            }
            Ok(None) => break,
            Err(error) => {
                let error = error.without_url();
                let read = bytes.len();
                tracing::debug!(error = %Report(&error), "the answer broke off after {read} bytes");
                break;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// What of the answer goes into errors and logs: trimmed, the webhook's secret
/// path redacted, control characters escaped, and cut to `MAX_BODY_CHARS`, so an
/// answer can neither flood nor forge a log line, nor reveal the secret.
fn excerpt(body: &str, webhook: &WebhookUrl) -> String {
    let body = webhook.redact_from(body.trim());
    let mut excerpt = String::new();
    let mut shown = 0;
    for c in body.chars() {
        let escaped = is_hazardous(c).then(|| c.escape_debug());
        // An escape counts in full and is never split by the cut.
        let width = escaped.as_ref().map_or(1, ExactSizeIterator::len);
        if shown + width > MAX_BODY_CHARS {
            excerpt.push('…');
            break;
        }
        shown += width;
        match escaped {
            Some(escaped) => excerpt.extend(escaped),
            None => excerpt.push(c),
        }
    }
    excerpt
}

/// Whether a character of an answer must be escaped before it reaches a log: the
/// control characters, and the separators and bidirectional overrides that can
/// break a line or make it read differently from its bytes.
fn is_hazardous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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
        let log = Log::default();
        let writer = log.clone();
        let layer = tracing_subscriber::fmt::layer()
            .without_time()
            .with_target(false)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .with_filter(Targets::new().with_target("slack_example", Level::TRACE));
        let _log = tracing::subscriber::set_default(tracing_subscriber::registry().with(layer));
        let client = SlackClient::new(url).expect("a valid webhook URL");

        let outcome = RecordingSleeper::new().scope(client.send_msg(&Message::new("hi"))).await;

        (outcome, log.lines())
    }

    fn webhook() -> WebhookUrl {
        WebhookUrl::parse("https://hooks.slack.com/services/T000/B000/XXXXSECRET")
            .expect("a valid webhook URL")
    }

    #[test]
    fn a_short_answer_is_kept_whole_without_surrounding_whitespace() {
        assert_eq!(excerpt(" channel_not_found\n", &webhook()), "channel_not_found");
    }

    #[test]
    fn a_long_answer_is_cut_at_a_character_boundary() {
        let page = "é".repeat(MAX_BODY_CHARS + 1);

        let shortened = excerpt(&page, &webhook());

        assert_eq!(shortened, format!("{}…", "é".repeat(MAX_BODY_CHARS)));
    }

    #[test]
    fn an_answer_of_exactly_200_characters_is_not_cut() {
        let page = "x".repeat(MAX_BODY_CHARS);

        let shortened = excerpt(&page, &webhook());

        assert_eq!(shortened, page);
    }

    #[test]
    fn control_characters_are_escaped_so_an_answer_cannot_forge_a_log_line() {
        let answer = "\x1b[2J\x1b[31mred\nINFO fake\r\x07\x00";

        let shown = excerpt(answer, &webhook());

        assert_eq!(shown, r"\u{1b}[2J\u{1b}[31mred\nINFO fake\r\u{7}\0");
    }

    #[test]
    fn line_separators_and_bidirectional_overrides_are_escaped() {
        let answer = "a\u{2028}b\u{202e}c\u{2066}d\te\u{7f}f\u{85}g";

        let shown = excerpt(answer, &webhook());

        assert_eq!(shown, r"a\u{2028}b\u{202e}c\u{2066}d\te\u{7f}f\u{85}g");
    }

    #[test]
    fn the_cut_counts_escapes_in_full_and_never_splits_one() {
        let answer = format!("{}\x1bxyz", "x".repeat(MAX_BODY_CHARS - 3));

        let shown = excerpt(&answer, &webhook());

        assert_eq!(shown, format!("{}…", "x".repeat(MAX_BODY_CHARS - 3)));
    }

    #[test]
    fn the_webhook_path_and_token_are_redacted_before_the_cut() {
        let answer = format!("{} /services/T000/B000/XXXXSECRET", "x".repeat(MAX_BODY_CHARS - 3));

        let shown = excerpt(&answer, &webhook());

        assert_eq!(shown, format!("{} …", "x".repeat(MAX_BODY_CHARS - 3)));
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
        assert_eq!(log, ["DEBUG Slack answered 302 Found with an empty body status=302"]);
    }

    #[tokio::test]
    async fn an_answer_that_breaks_off_is_logged_at_debug_only() {
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
        assert_eq!(
            log,
            [
                "DEBUG the answer broke off after 2 bytes error=error decoding response body: \
                 request or response body error: error reading a body from connection: \
                 end of file before message length reached",
                "DEBUG Slack answered 200 OK: ok status=200",
            ]
        );
    }
}
