//! The Slack example's `send_msg` against local mock webhooks: what it retries, how
//! often, and how long it waits. Waits are recorded, never slept.

use std::time::Duration;

use httpmock::Method::POST;
use httpmock::MockServer;
use retry_core::sleep::RecordingSleeper;
use slack_example::{Message, Report, SlackClient, SlackError};

const WEBHOOK: &str = "/services/T000/B000/XXXXSECRET";

fn client(server: &MockServer, path: &str) -> SlackClient {
    SlackClient::new(&server.url(path)).expect("a mock server URL is a valid webhook URL")
}

/// The outcome with the error shown as its full chain of causes.
fn shown(outcome: Result<String, SlackError>) -> Result<String, String> {
    outcome.map_err(|error| Report(&error).to_string())
}

#[tokio::test]
async fn known_channel_is_delivered_after_one_attempt() {
    let server = MockServer::start_async().await;
    let general = server
        .mock_async(|when, then| {
            when.method(POST).path(WEBHOOK).json_body_includes(r##"{"channel":"#general"}"##);
            then.status(200).body("ok");
        })
        .await;
    let recorder = RecordingSleeper::new();

    let outcome = recorder
        .scope(client(&server, WEBHOOK).send_msg(&Message::new("hi").channel("#general")))
        .await;

    assert_eq!(shown(outcome), Ok("ok".to_string()));
    assert_eq!(general.calls_async().await, 1);
    assert_eq!(recorder.waits(), []);
}

#[tokio::test]
async fn unknown_channel_fails_after_one_attempt_with_channel_not_found() {
    let server = MockServer::start_async().await;
    let not_found = server
        .mock_async(|when, then| {
            when.method(POST).path(WEBHOOK).json_body_includes(r##"{"channel":"#NA"}"##);
            then.status(404).body("channel_not_found");
        })
        .await;
    let recorder = RecordingSleeper::new();

    let outcome =
        recorder.scope(client(&server, WEBHOOK).send_msg(&Message::new("hi").channel("#NA"))).await;

    let error = outcome.expect_err("an unknown channel is rejected");
    assert!(
        matches!(&error, SlackError::Rejected { status, reason }
            if status.as_u16() == 404 && reason == "channel_not_found"),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "Slack rejected the message (404 Not Found): channel_not_found");
    assert_eq!(not_found.calls_async().await, 1);
    assert_eq!(recorder.waits(), []);
}

#[tokio::test]
async fn server_error_is_tried_four_times_waiting_four_seconds_before_each_retry() {
    let server = MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.method(POST).path("/err500");
            then.status(500).body("internal_error");
        })
        .await;
    let recorder = RecordingSleeper::new();

    let outcome = recorder.scope(client(&server, "/err500").send_msg(&Message::new("hi"))).await;

    assert_eq!(
        shown(outcome),
        Err("Slack could not take the message for now: Slack had a server error: the server \
             answered the POST request with 500 Internal Server Error (\"internal_error\")"
            .to_string())
    );
    assert_eq!(failing.calls_async().await, 4);
    assert_eq!(recorder.waits(), [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn rate_limit_is_tried_four_times_waiting_the_three_seconds_retry_after_asks() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(POST).path("/err429");
            then.status(429).header("Retry-After", "3").body("rate_limited");
        })
        .await;
    let recorder = RecordingSleeper::new();

    let outcome = recorder.scope(client(&server, "/err429").send_msg(&Message::new("hi"))).await;

    assert_eq!(
        shown(outcome),
        Err("Slack could not take the message for now: Slack is rate limiting this webhook: \
             the server answered the POST request with 429 Too Many Requests \
             (\"rate_limited\") and asked to wait 3s"
            .to_string())
    );
    assert_eq!(limited.calls_async().await, 4);
    assert_eq!(recorder.waits(), [3, 3, 3].map(Duration::from_secs));
}

#[tokio::test]
async fn success_after_two_503s_is_delivered_at_the_third_attempt() {
    let server = MockServer::start_async().await;
    let unavailable = server
        .mock_async(|when, then| {
            when.method(POST).path(WEBHOOK);
            then.status(503).body("service_unavailable").up_to_n_times(2);
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.method(POST).path(WEBHOOK);
            then.status(200).body("ok");
        })
        .await;
    let recorder = RecordingSleeper::new();

    let outcome = recorder.scope(client(&server, WEBHOOK).send_msg(&Message::new("hi"))).await;

    assert_eq!(shown(outcome), Ok("ok".to_string()));
    assert_eq!((unavailable.calls_async().await, ok.calls_async().await), (2, 1));
    assert_eq!(recorder.waits(), [4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn every_4xx_but_429_is_returned_after_one_attempt() {
    let server = MockServer::start_async().await;
    let answers = [
        (400, "invalid_payload"),
        (403, "action_prohibited"),
        (404, "channel_not_found"),
        (410, "channel_is_archived"),
    ];
    let mut mocks = Vec::new();
    for (status, reason) in answers {
        let mock = server
            .mock_async(|when, then| {
                when.method(POST).path(format!("/{status}"));
                then.status(status).body(reason);
            })
            .await;
        mocks.push(mock);
    }
    let recorder = RecordingSleeper::new();

    let mut outcomes = Vec::new();
    for (status, _) in answers {
        let client = client(&server, &format!("/{status}"));
        outcomes.push(shown(recorder.scope(client.send_msg(&Message::new("hi"))).await));
    }

    assert_eq!(
        outcomes,
        [
            Err("Slack rejected the message (400 Bad Request): invalid_payload".to_string()),
            Err("Slack rejected the message (403 Forbidden): action_prohibited".to_string()),
            Err("Slack rejected the message (404 Not Found): channel_not_found".to_string()),
            Err("Slack rejected the message (410 Gone): channel_is_archived".to_string()),
        ]
    );
    for mock in &mocks {
        assert_eq!(mock.calls_async().await, 1);
    }
    assert_eq!(recorder.waits(), []);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_is_retried() {
    let server = MockServer::start_async().await;
    let slow = server
        .mock_async(|when, then| {
            when.method(POST).path(WEBHOOK);
            then.status(200).body("ok").delay(Duration::from_secs(2));
        })
        .await;
    let client = client(&server, WEBHOOK).timeout(Duration::from_millis(100));
    let recorder = RecordingSleeper::new();

    let outcome = recorder.scope(client.send_msg(&Message::new("hi"))).await;

    let error = outcome.expect_err("every attempt times out");
    assert!(matches!(&error, SlackError::Unavailable(_)), "{error:?}");
    assert_eq!(slow.calls_async().await, 4);
    assert_eq!(recorder.waits(), [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn a_huge_error_page_is_read_only_in_part_and_quoted_in_200_characters() {
    let server = MockServer::start_async().await;
    let huge = server
        .mock_async(|when, then| {
            when.method(POST).path(WEBHOOK);
            then.status(400).body("x".repeat(8 * 1024 * 1024));
        })
        .await;
    let recorder = RecordingSleeper::new();

    let outcome = recorder.scope(client(&server, WEBHOOK).send_msg(&Message::new("hi"))).await;

    let Err(SlackError::Rejected { reason, .. }) = outcome else { panic!("{outcome:?}") };
    assert_eq!(reason, format!("{}…", "x".repeat(200)));
    assert_eq!(huge.calls_async().await, 1);
}
