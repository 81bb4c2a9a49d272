//! How the Slack example reads `Retry-After` on a 429: whole seconds replace the
//! policy's wait, anything else leaves the policy's wait in place, and nothing
//! panics. Waits are recorded, never slept.

use std::time::Duration;

use httpmock::Method::POST;
use httpmock::MockServer;
use retry_core::sleep::RecordingSleeper;
use slack_example::{Message, SendMsgError, SlackClient, SlackError};

/// What one call saw when every answer is a 429 with this `Retry-After`, if any.
struct RateLimited {
    error: SlackError,
    calls: usize,
    waits: Vec<Duration>,
}

async fn send_while_rate_limited(retry_after: Option<&str>) -> RateLimited {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(POST).path("/err429");
            let then = then.status(429).body("rate_limited");
            if let Some(value) = retry_after {
                then.header("Retry-After", value);
            }
        })
        .await;
    let client = SlackClient::new(&server.url("/err429")).expect("a valid webhook URL");
    let recorder = RecordingSleeper::new();

    let outcome = recorder.scope(client.send_msg(&Message::new("hi"))).await;

    RateLimited {
        error: outcome.expect_err("every answer is a 429"),
        calls: limited.calls_async().await,
        waits: recorder.waits(),
    }
}

/// The wait the error says the server asked for.
fn asked_for(error: &SlackError) -> Option<Duration> {
    match error {
        SlackError::Unavailable(SendMsgError::RateLimited { retry_after }) => *retry_after,
        other => panic!("expected a rate-limit error, got {other:?}"),
    }
}

#[tokio::test]
async fn rate_limit_without_retry_after_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(None).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_with_surrounding_whitespace_is_honoured() {
    let seen = send_while_rate_limited(Some(" 2\t")).await;

    assert_eq!(asked_for(&seen.error), Some(Duration::from_secs(2)));
    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits, [2, 2, 2].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_of_zero_retries_at_once() {
    let seen = send_while_rate_limited(Some("0")).await;

    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits, [0, 0, 0].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_that_is_not_a_number_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(Some("soon")).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_as_an_http_date_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(Some("Wed, 21 Oct 2015 07:28:00 GMT")).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn negative_retry_after_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(Some("-3")).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_too_large_for_a_u64_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(Some("99999999999999999999999999999999")).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_with_bytes_beyond_ascii_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(Some("3\u{e9}")).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_longer_than_five_minutes_gives_up_after_one_attempt() {
    let seen = send_while_rate_limited(Some("3600")).await;

    assert_eq!(asked_for(&seen.error), Some(Duration::from_secs(3600)));
    assert_eq!(seen.calls, 1);
    assert_eq!(seen.waits, []);
}

#[tokio::test]
async fn the_largest_u64_retry_after_gives_up_after_one_attempt() {
    let seen = send_while_rate_limited(Some("18446744073709551615")).await;

    assert_eq!(asked_for(&seen.error), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(seen.calls, 1);
    assert_eq!(seen.waits, []);
}
