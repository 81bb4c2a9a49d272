//! How the Slack example reads `Retry-After` on a 429: whole seconds and dates
//! replace the policy's wait, a used-up rate limit's reset does when no
//! `Retry-After` asks for a wait, a number too large for a `u64` is a very long wait, anything else
//! leaves the policy's wait in place, the longest of several headers wins, and
//! nothing panics. Waits are recorded, never slept.

use std::time::Duration;

use httpmock::Method::POST;
use httpmock::MockServer;
use retry_core::sleep::RecordingSleeper;
use slack_example::{Message, SlackClient, SlackError};

/// What one call saw when every answer is a 429 with these `Retry-After` headers.
struct RateLimited {
    error: SlackError,
    calls: usize,
    waits: Vec<Duration>,
}

async fn send_while_rate_limited(retry_after: &[&str]) -> RateLimited {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(POST).path("/err429");
            let then = then.status(429).body("rate_limited");
            retry_after.iter().fold(then, |then, value| then.header("Retry-After", *value));
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
        SlackError::Unavailable(error) if error.status().map(|s| s.as_u16()) == Some(429) => {
            error.retry_after()
        }
        other => panic!("expected a rate-limit error, got {other:?}"),
    }
}

#[tokio::test]
async fn rate_limit_without_retry_after_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(&[]).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_with_surrounding_whitespace_is_honoured() {
    let seen = send_while_rate_limited(&[" 2\t"]).await;

    assert_eq!(asked_for(&seen.error), Some(Duration::from_secs(2)));
    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits, [2, 2, 2].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_of_zero_retries_at_once() {
    let seen = send_while_rate_limited(&["0"]).await;

    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits, [0, 0, 0].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_that_is_not_a_number_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(&["soon"]).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_as_an_http_date_already_past_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(&["Wed, 21 Oct 2015 07:28:00 GMT"]).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn negative_retry_after_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(&["-3"]).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_too_large_for_a_u64_gives_up_after_one_attempt() {
    let seen = send_while_rate_limited(&["99999999999999999999999999999999"]).await;

    assert_eq!(asked_for(&seen.error), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(seen.calls, 1);
    assert_eq!(seen.waits, []);
}

#[tokio::test]
async fn retry_after_one_past_the_largest_u64_gives_up_after_one_attempt() {
    let seen = send_while_rate_limited(&["18446744073709551616"]).await;

    assert_eq!(asked_for(&seen.error), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(seen.calls, 1);
    assert_eq!(seen.waits, []);
}

#[tokio::test]
async fn retry_after_with_bytes_beyond_ascii_waits_as_the_policy_says() {
    let seen = send_while_rate_limited(&["3\u{e9}"]).await;

    assert_eq!(asked_for(&seen.error), None);
    assert_eq!(seen.waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn retry_after_longer_than_five_minutes_gives_up_after_one_attempt() {
    let seen = send_while_rate_limited(&["3600"]).await;

    assert_eq!(asked_for(&seen.error), Some(Duration::from_secs(3600)));
    assert!(seen.error.to_string().ends_with("and asked to wait 1h"), "{}", seen.error);
    assert_eq!(seen.calls, 1);
    assert_eq!(seen.waits, []);
}

#[tokio::test]
async fn without_retry_after_a_used_up_rate_limit_waits_for_its_reset() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(httpmock::Method::POST).path("/err429");
            then.status(429)
                .header("X-RateLimit-Remaining", "0")
                .header("X-RateLimit-Reset", "5")
                .body("rate_limited");
        })
        .await;
    let client = SlackClient::new(&server.url("/err429")).expect("a valid webhook URL");
    let recorder = RecordingSleeper::new();

    let outcome = recorder.scope(client.send_msg(&Message::new("hi"))).await;

    assert_eq!(
        asked_for(&outcome.expect_err("every answer is a 429")),
        Some(Duration::from_secs(5))
    );
    assert_eq!(recorder.waits(), [5, 5, 5].map(Duration::from_secs));
}

#[tokio::test]
async fn the_largest_u64_retry_after_gives_up_after_one_attempt() {
    let seen = send_while_rate_limited(&["18446744073709551615"]).await;

    assert_eq!(asked_for(&seen.error), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(seen.calls, 1);
    assert_eq!(seen.waits, []);
}

#[tokio::test]
async fn of_several_retry_after_headers_the_longest_valid_one_is_waited() {
    let seen = send_while_rate_limited(&["1", "soon", "2", "-9"]).await;

    assert_eq!(asked_for(&seen.error), Some(Duration::from_secs(2)));
    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits, [2, 2, 2].map(Duration::from_secs));
}

#[tokio::test]
async fn several_retry_after_headers_one_over_five_minutes_give_up_after_one_attempt() {
    let seen = send_while_rate_limited(&["2", "3600"]).await;

    assert_eq!(asked_for(&seen.error), Some(Duration::from_secs(3600)));
    assert_eq!(seen.calls, 1);
    assert_eq!(seen.waits, []);
}

#[tokio::test]
async fn retry_after_as_an_http_date_still_to_come_waits_until_then() {
    let in_two_minutes = std::time::SystemTime::now() + Duration::from_secs(120);
    let date = httpdate::fmt_http_date(in_two_minutes);

    let seen = send_while_rate_limited(&[&date]).await;

    assert_eq!(seen.calls, 4);
    assert_eq!(seen.waits.len(), 3);
    for wait in &seen.waits {
        // The date has whole seconds; the time it is read at does not.
        assert!(*wait > Duration::from_secs(118) && *wait <= Duration::from_secs(120), "{wait:?}");
    }
}
