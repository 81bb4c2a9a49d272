//! The Slack example's errors: what they say, that the transient one is found by
//! `retry_on`, that neither they nor the client ever show the webhook's secret
//! path, and that an answer quoted in them cannot forge a log line.

use std::error::Error;
use std::net::TcpListener;
use std::time::Duration;

use httpmock::Method::POST;
use httpmock::MockServer;
use retry_core::sleep::RecordingSleeper;
use slack_example::{Message, Report, SendMsgError, SlackClient, SlackError};

const SECRET: &str = "XXXXSECRET";

const WEBHOOK: &str = "/services/T000/B000/XXXXSECRET";

/// The error a webhook that always answers `status` with `body` ends in, and the
/// requests it saw.
async fn error_for_answer(status: u16, body: &str) -> (SlackError, usize) {
    let server = MockServer::start_async().await;
    let hook = server
        .mock_async(|when, then| {
            when.method(POST).path(WEBHOOK);
            then.status(status).body(body);
        })
        .await;
    let client = SlackClient::new(&server.url(WEBHOOK)).expect("a valid webhook URL");
    let recorder = RecordingSleeper::new();

    let outcome = recorder.scope(client.send_msg(&Message::new("hi"))).await;

    (outcome.expect_err("the answer is an error"), hook.calls_async().await)
}

/// A port on 127.0.0.1 that nothing listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free local port");
    listener.local_addr().expect("a bound address").port()
}

/// The error a webhook that always answers 429, with `Retry-After: retry_after`
/// if given, ends in.
async fn error_for_rate_limit(retry_after: Option<&str>) -> SlackError {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(WEBHOOK);
            let then = then.status(429).body("rate_limited");
            if let Some(value) = retry_after {
                then.header("Retry-After", value);
            }
        })
        .await;
    let client = SlackClient::new(&server.url(WEBHOOK)).expect("a valid webhook URL");

    let outcome = RecordingSleeper::new().scope(client.send_msg(&Message::new("hi"))).await;

    outcome.expect_err("every answer is a 429")
}

#[tokio::test]
async fn a_rate_limit_says_how_long_slack_asked_to_wait() {
    let error = error_for_rate_limit(Some("3")).await;

    let SlackError::Unavailable(transient) = &error else { panic!("{error:?}") };
    assert_eq!(transient.retry_after(), Some(Duration::from_secs(3)));
    assert_eq!(
        transient.to_string(),
        "Slack is rate limiting this webhook: the server answered the POST request with \
         429 Too Many Requests (\"rate_limited\") and asked to wait 3s"
    );
}

#[tokio::test]
async fn a_rate_limit_without_retry_after_says_only_that() {
    let error = error_for_rate_limit(None).await;

    let SlackError::Unavailable(transient) = &error else { panic!("{error:?}") };
    assert_eq!(transient.retry_after(), None);
    assert_eq!(
        transient.to_string(),
        "Slack is rate limiting this webhook: the server answered the POST request with \
         429 Too Many Requests (\"rate_limited\")"
    );
}

#[tokio::test]
async fn unavailable_carries_the_transient_errors_message_and_names_it_as_its_source() {
    let error = error_for_rate_limit(None).await;

    let source = error.source().expect("the transient error is the source");

    let expected = "Slack could not take the message for now: \
                    Slack is rate limiting this webhook: the server answered the POST request \
                    with 429 Too Many Requests (\"rate_limited\")";
    assert_eq!(error.to_string(), expected);
    assert!(source.is::<SendMsgError>());
    assert!(source.source().is_some_and(|http| http.is::<retry_core::http::HttpError>()));
    assert_eq!(Report(&error).to_string(), expected);
}

#[test]
fn a_webhook_url_that_is_not_a_url_is_rejected_without_quoting_it() {
    let error = SlackClient::new("hooks.slack.com/services/T000/B000/XXXXSECRET")
        .expect_err("a URL needs a scheme");

    let message = Report(&error).to_string();

    assert_eq!(message, "the webhook URL is not a valid URL (relative URL without a base)");
    assert!(matches!(error, SlackError::InvalidWebhookUrl(_)), "{error:?}");
}

#[test]
fn a_webhook_url_that_is_not_http_is_rejected_without_quoting_it() {
    let error = SlackClient::new("ftp://hooks.slack.com/services/T000/B000/XXXXSECRET")
        .expect_err("ftp is not a webhook scheme");

    let shown = format!("{} {error:?}", Report(&error));

    assert_eq!(
        error.to_string(),
        "the webhook URL must start with https:// (or http:// for a local test server)"
    );
    assert!(!shown.contains(SECRET), "{shown}");
}

#[test]
fn the_client_shows_only_the_scheme_host_and_port_of_its_webhook() {
    let client = SlackClient::new("https://hooks.slack.com/services/T000/B000/XXXXSECRET")
        .expect("a valid webhook URL");

    let shown = [client.webhook_url().to_string(), format!("{client:?}")];

    assert_eq!(shown[0], "https://hooks.slack.com/…");
    assert!(
        shown[1].contains(r#"webhook: WebhookUrl("https://hooks.slack.com/…")"#),
        "{}",
        shown[1]
    );
    assert!(!shown[1].contains(SECRET), "{}", shown[1]);
}

#[tokio::test]
async fn a_refused_connection_is_retried_and_its_error_hides_the_webhook_path() {
    let port = closed_port();
    let client = SlackClient::new(&format!("http://127.0.0.1:{port}/services/T000/B000/{SECRET}"))
        .expect("a valid webhook URL");
    let recorder = RecordingSleeper::new();

    let outcome = recorder.scope(client.send_msg(&Message::new("hi"))).await;

    let error = outcome.expect_err("nothing listens on the port");
    let (report, debug) = (Report(&error).to_string(), format!("{error:?}"));
    assert_eq!(recorder.waits(), [4, 4, 4].map(Duration::from_secs));
    assert!(
        report.starts_with(&format!(
            "Slack could not take the message for now: \
             no answer from http://127.0.0.1:{port}/…: could not connect to send the POST \
             request; nothing was sent: error sending request"
        )),
        "{report}"
    );
    assert!(!report.contains(SECRET), "{report}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(!debug.contains("/services/"), "{debug}");
}

#[tokio::test]
async fn control_characters_in_a_rejection_are_escaped() {
    let (error, calls) = error_for_answer(400, "\x1b[2J\x1b[31mred\nINFO fake\r\x07\x00").await;

    let SlackError::Rejected { reason, .. } = &error else { panic!("{error:?}") };
    assert_eq!(reason, r"\u{1b}[2J\u{1b}[31mred\nINFO fake\r\u{7}\0");
    assert_eq!(calls, 1);
}

#[tokio::test]
async fn a_newline_in_a_server_error_cannot_start_a_fake_log_line() {
    let (error, calls) = error_for_answer(500, "internal_error\nINFO all good").await;

    let SlackError::Unavailable(transient) = &error else { panic!("{error:?}") };
    assert_eq!(transient.http().body_excerpt(), r"internal_error\nINFO all good");
    assert_eq!(calls, 4);
}

#[tokio::test]
async fn a_rejection_that_echoes_the_webhook_path_hides_it() {
    let (error, _) =
        error_for_answer(404, "no such hook: POST /services/T000/B000/XXXXSECRET").await;

    let (report, debug) = (Report(&error).to_string(), format!("{error:?}"));

    assert_eq!(report, "Slack rejected the message (404 Not Found): no such hook: POST …");
    assert!(!debug.contains(SECRET), "{debug}");
}

#[tokio::test]
async fn a_server_error_that_echoes_the_token_alone_hides_it() {
    let (error, _) = error_for_answer(503, "token XXXXSECRET is throttled").await;

    let (report, debug) = (Report(&error).to_string(), format!("{error:?}"));

    assert_eq!(
        report,
        "Slack could not take the message for now: Slack had a server error: the server \
         answered the POST request with 503 Service Unavailable (\"token … is throttled\")"
    );
    assert!(!debug.contains(SECRET), "{debug}");
}
