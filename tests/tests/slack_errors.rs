//! The Slack example's errors: what they say, that the transient one is found by
//! `retry_on`, and that neither they nor the client ever show the webhook's secret
//! path.

use std::error::Error;
use std::net::TcpListener;
use std::time::Duration;

use retry_core::sleep::RecordingSleeper;
use slack_example::{Message, Report, SendMsgError, SlackClient, SlackError};

const SECRET: &str = "XXXXSECRET";

/// A port on 127.0.0.1 that nothing listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free local port");
    listener.local_addr().expect("a bound address").port()
}

#[test]
fn a_rate_limit_says_how_long_slack_asked_to_wait() {
    let error = SendMsgError::RateLimited { retry_after: Some(Duration::from_secs(3)) };

    let message = error.to_string();

    assert_eq!(
        message,
        "Slack is rate limiting this webhook (429 Too Many Requests); it asked to wait 3s"
    );
}

#[test]
fn a_rate_limit_without_retry_after_says_only_that() {
    let error = SendMsgError::RateLimited { retry_after: None };

    let message = error.to_string();

    assert_eq!(message, "Slack is rate limiting this webhook (429 Too Many Requests)");
}

#[test]
fn unavailable_carries_the_transient_errors_message_and_names_it_as_its_source() {
    let error = SlackError::from(SendMsgError::RateLimited { retry_after: None });

    let source = error.source().expect("the transient error is the source");

    assert_eq!(
        error.to_string(),
        "Slack could not take the message for now: \
         Slack is rate limiting this webhook (429 Too Many Requests)"
    );
    assert!(source.is::<SendMsgError>());
    assert_eq!(
        Report(&error).to_string(),
        "Slack could not take the message for now: \
         Slack is rate limiting this webhook (429 Too Many Requests)"
    );
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
             no answer from http://127.0.0.1:{port}/…: error sending request"
        )),
        "{report}"
    );
    assert!(!report.contains(SECRET), "{report}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(!debug.contains("/services/"), "{debug}");
}
