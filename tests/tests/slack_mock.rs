//! The demo's embedded mock Slack answers each of its routes as documented, so the
//! demo's six scenarios hold. Waits are recorded, never slept.

use std::time::Duration;

use retry_core::sleep::RecordingSleeper;
use slack_example::mock::{KNOWN_CHANNEL, MockSlack};
use slack_example::{Message, Report, SlackClient, SlackError};

/// Sends `msg` to `url` with waits recorded; returns the outcome with the error
/// shown as its chain of causes, the requests the mock saw, and the waits.
async fn send(
    slack: &MockSlack,
    url: &str,
    msg: Message,
) -> (Result<String, String>, usize, Vec<Duration>) {
    let client = SlackClient::new(url).expect("the mock's URLs are valid webhook URLs");
    let recorder = RecordingSleeper::new();
    let outcome = recorder.scope(client.send_msg(&msg)).await;
    let shown = outcome.map_err(|error: SlackError| Report(&error).to_string());
    (shown, slack.take_arrivals().len(), recorder.waits())
}

#[tokio::test]
async fn the_webhook_route_accepts_the_known_channel_and_its_own() {
    let slack = MockSlack::start().await;

    let known = send(&slack, &slack.webhook_url(), Message::new("hi").channel(KNOWN_CHANNEL)).await;
    let own = send(&slack, &slack.webhook_url(), Message::new("hi")).await;

    assert_eq!(known, (Ok("ok".to_string()), 1, vec![]));
    assert_eq!(own, (Ok("ok".to_string()), 1, vec![]));
}

#[tokio::test]
async fn the_webhook_route_rejects_an_unknown_channel_at_once() {
    let slack = MockSlack::start().await;

    let seen = send(&slack, &slack.webhook_url(), Message::new("hi").channel("#NA")).await;

    assert_eq!(
        seen,
        (
            Err("Slack rejected the message (404 Not Found): channel_not_found".to_string()),
            1,
            vec![]
        )
    );
}

#[tokio::test]
async fn the_server_error_route_is_tried_four_times_four_seconds_apart() {
    let slack = MockSlack::start().await;

    let seen = send(&slack, &slack.server_error_url(), Message::new("hi")).await;

    assert_eq!(
        seen,
        (
            Err("Slack could not take the message for now: Slack had a server error: the server \
                 answered the POST request with 500 Internal Server Error (\"internal_error\")"
                .to_string()),
            4,
            [4, 4, 4].map(Duration::from_secs).to_vec()
        )
    );
}

#[tokio::test]
async fn the_rate_limited_route_is_tried_four_times_three_seconds_apart() {
    let slack = MockSlack::start().await;

    let seen = send(&slack, &slack.rate_limited_url(), Message::new("hi")).await;

    assert_eq!(
        seen,
        (
            Err("Slack could not take the message for now: Slack is rate limiting this webhook: \
                 the server answered the POST request with 429 Too Many Requests \
                 (\"rate_limited\") and asked to wait 3s"
                .to_string()),
            4,
            [3, 3, 3].map(Duration::from_secs).to_vec()
        )
    );
}

#[tokio::test]
async fn the_dated_rate_limited_route_is_waited_until_its_date_each_time() {
    let slack = MockSlack::start().await;

    let (outcome, attempts, waits) =
        send(&slack, &slack.rate_limited_until_url(), Message::new("hi")).await;

    assert!(outcome.is_err_and(|error| error.contains("429 Too Many Requests")));
    assert_eq!(attempts, 4);
    assert_eq!(waits.len(), 3);
    for wait in waits {
        // A date 3 s past the mock's current whole second: 2 to 3 s away, less the
        // moment the answer takes to arrive.
        assert!(wait > Duration::from_secs(1) && wait <= Duration::from_secs(3), "{wait:?}");
    }
}

#[tokio::test]
async fn the_route_asking_for_an_hour_is_given_up_on_at_once_saying_so() {
    let slack = MockSlack::start().await;

    let seen = send(&slack, &slack.rate_limited_for_an_hour_url(), Message::new("hi")).await;

    assert_eq!(
        seen,
        (
            Err("Slack could not take the message for now: Slack is rate limiting this webhook: \
                 the server answered the POST request with 429 Too Many Requests \
                 (\"rate_limited\") and asked to wait 1h"
                .to_string()),
            1,
            vec![]
        )
    );
}
