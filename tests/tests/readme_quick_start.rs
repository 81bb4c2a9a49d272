//! The README's quick start, word for word between the markers, run against a
//! local mock webhook: a 503 asking for 2 s, then a 500, then success.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use httpmock::{HttpMockResponse, MockServer};
use retry_core::sleep::RecordingSleeper;

// README quick start: begin
use retry_core::http::{self, HttpError};
use retry_core::retry;

/// A failure another try may fix. It keeps the `HttpError` as its source, where
/// the retry loop finds the wait the server asked for.
#[derive(Debug, thiserror::Error)]
#[error("Slack could not take the message")]
pub struct SendMsgError(#[source] HttpError);

#[derive(Debug, thiserror::Error)]
pub enum SlackError {
    #[error("Slack is unavailable for now")]
    Unavailable(#[from] SendMsgError),
    #[error("Slack rejected the message")]
    Rejected(#[source] HttpError),
}

impl SlackError {
    /// 408, 429, 500, 502, 503, 504 and no answer may pass: Slack asks clients to
    /// retry them, so even this POST is sent again. Anything else is final.
    fn sort(error: HttpError) -> Self {
        if http::transient().any_method().would_retry(&error) {
            SendMsgError(error).into()
        } else {
            SlackError::Rejected(error)
        }
    }
}

#[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = SendMsgError)]
pub async fn send_msg(
    client: &reqwest::Client,
    url: &str,
    text: &str,
) -> Result<String, SlackError> {
    let body = serde_json::json!({ "text": text });
    let request = client.post(url).json(&body).timeout(std::time::Duration::from_secs(10));
    let response = http::send(request).await.map_err(SlackError::sort)?;
    Ok(response.text().await.unwrap_or_default())
}
// README quick start: end

#[tokio::test]
async fn the_quick_start_waits_as_the_server_asks_then_as_the_policy_says() {
    let server = MockServer::start_async().await;
    let served = AtomicUsize::new(0);
    let answers = [
        HttpMockResponse::builder().status(503).header("Retry-After", "2").build(),
        HttpMockResponse::builder().status(500).build(),
        HttpMockResponse::builder().status(200).body("ok").build(),
    ];
    server
        .mock_async(move |when, then| {
            when.path("/hook");
            then.respond_with(move |_| answers[served.fetch_add(1, Ordering::SeqCst)].clone());
        })
        .await;
    let client = reqwest::Client::builder().no_proxy().build().expect("an HTTP client");
    let waits = RecordingSleeper::new();

    let reply = waits.scope(send_msg(&client, &server.url("/hook"), "Deploy finished")).await;

    assert_eq!(reply.unwrap(), "ok");
    assert_eq!(waits.waits(), [Duration::from_secs(2), Duration::from_secs(4)]);
}

#[tokio::test]
async fn the_quick_start_returns_a_rejection_at_once() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/hook");
            then.status(404).body("channel_not_found");
        })
        .await;
    let client = reqwest::Client::builder().no_proxy().build().expect("an HTTP client");
    let waits = RecordingSleeper::new();

    let reply = waits.scope(send_msg(&client, &server.url("/hook"), "hello?")).await;

    let Err(SlackError::Rejected(error)) = reply else { panic!("{reply:?}") };
    assert_eq!(error.body_excerpt(), "channel_not_found");
    assert_eq!(waits.waits(), Vec::<Duration>::new());
}

#[test]
fn the_readme_shows_this_quick_start_word_for_word() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("the README");
    let this = std::fs::read_to_string(format!("{root}/tests/tests/readme_quick_start.rs"))
        .expect("this file");
    let begin = "// README quick start: begin\n";
    let start = this.find(begin).expect("the begin marker") + begin.len();
    let end = this.find("// README quick start: end").expect("the end marker");

    assert!(readme.contains(&this[start..end]), "README.md's quick start differs from this file's");
}
