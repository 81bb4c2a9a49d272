//! The wait a server asks for, carried by `HttpError` to the retry loop without
//! the attempt publishing it. Local mock servers only; nothing sleeps for real.

use std::time::Duration;

use httpmock::MockServer;
use reqwest::Client;
use retry_core::condition::retry_on;
use retry_core::http::{HttpError, send, send_retrying, transient};
use retry_core::sleep::RecordingSleeper;
use retry_core::stop::attempts;
use retry_core::{Retry, RetryContext};

/// A client that never goes through a proxy, so requests stay on this machine.
fn client() -> Client {
    Client::builder().no_proxy().build().expect("an HTTP client")
}

/// A server answering every request to `/resource` with `status` and a
/// `Retry-After` of `retry_after`.
async fn server_asking_to_wait(status: u16, retry_after: &str) -> MockServer {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/resource");
            then.status(status).header("Retry-After", retry_after);
        })
        .await;
    server
}

#[tokio::test]
async fn a_429_retry_after_is_the_wait_when_transient_reads_it_from_the_error() {
    let server = server_asking_to_wait(429, "7").await;
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(2)).retry_if(transient()).sleeper(waits.clone());
    let client = client();

    let outcome =
        policy.run(&RetryContext::new(), |_| send(client.get(server.url("/resource")))).await;

    assert_eq!(outcome.err().and_then(|error| error.server_wait()), Some(Duration::from_secs(7)));
    assert_eq!(waits.waits(), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn a_429_retry_after_is_the_wait_when_retry_on_finds_the_http_error() {
    let server = server_asking_to_wait(429, "7").await;
    let waits = RecordingSleeper::new();
    let policy =
        Retry::new().stop(attempts(2)).retry_if(retry_on::<HttpError>()).sleeper(waits.clone());
    let client = client();

    let outcome =
        policy.run(&RetryContext::new(), |_| send(client.get(server.url("/resource")))).await;

    assert!(outcome.is_err());
    assert_eq!(waits.waits(), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn send_retrying_waits_as_the_server_asks_whatever_the_condition() {
    let server = server_asking_to_wait(429, "7").await;
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(3)).sleeper(waits.clone());

    let outcome = send_retrying(policy, client().get(server.url("/resource"))).await;

    assert!(outcome.is_err());
    assert_eq!(waits.waits(), [Duration::from_secs(7), Duration::from_secs(7)]);
}

#[tokio::test]
async fn a_503_asking_for_an_hour_gives_up_after_one_attempt_and_says_how_long() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/resource");
            then.status(503).header("Retry-After", "3600");
        })
        .await;
    let waits = RecordingSleeper::new();
    let policy = Retry::new().retry_if(transient()).sleeper(waits.clone());

    let outcome = send_retrying(policy, client().get(server.url("/resource"))).await;

    let error = outcome.expect_err("a 503");
    assert_eq!(
        error.to_string(),
        "the server answered the GET request with 503 Service Unavailable and asked to wait 1h"
    );
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(waits.waits(), []);
}

#[tokio::test]
async fn a_503_asking_for_an_hour_gives_up_through_run_as_well() {
    let server = server_asking_to_wait(503, "3600").await;
    let waits = RecordingSleeper::new();
    let policy = Retry::new().retry_if(transient()).sleeper(waits.clone());
    let client = client();

    let outcome =
        policy.run(&RetryContext::new(), |_| send(client.get(server.url("/resource")))).await;

    let error = outcome.expect_err("a 503");
    assert_eq!(error.server_wait(), Some(Duration::from_secs(3600)));
    assert!(error.to_string().ends_with("and asked to wait 1h"), "{error}");
    assert_eq!(waits.waits(), []);
}

#[tokio::test]
async fn a_failure_without_a_wait_leaves_the_policys_wait_in_place() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/resource");
            then.status(503);
        })
        .await;
    let waits = RecordingSleeper::new();
    let policy = Retry::new().retry_if(transient()).sleeper(waits.clone());

    let outcome = send_retrying(policy, client().get(server.url("/resource"))).await;

    let error = outcome.expect_err("a 503");
    assert_eq!(
        error.to_string(),
        "the server answered the GET request with 503 Service Unavailable"
    );
    assert_eq!(waits.waits(), [Duration::from_secs(1), Duration::from_secs(2)]);
}
