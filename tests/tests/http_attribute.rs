//! `#[retry]` functions built on `retry_core::http`: the wait a server asks for
//! reaches the loop from the error alone, whatever the retry condition. Local mock
//! servers only; nothing sleeps for real.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use httpmock::{HttpMockResponse, MockServer};
use retry_core::http::{HttpError, send, transient};
use retry_core::retry;
use retry_core::sleep::RecordingSleeper;

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().expect("an HTTP client")
}

/// A server whose `/jobs` answers `answers` in turn, then repeats the last one.
async fn server_answering(answers: Vec<HttpMockResponse>) -> MockServer {
    let server = MockServer::start_async().await;
    let served = AtomicUsize::new(0);
    server
        .mock_async(move |when, then| {
            when.path("/jobs");
            then.respond_with(move |_| {
                let turn = served.fetch_add(1, Ordering::SeqCst).min(answers.len() - 1);
                answers[turn].clone()
            });
        })
        .await;
    server
}

fn status(code: u16) -> HttpMockResponse {
    HttpMockResponse::builder().status(code).build()
}

fn asking_to_wait(code: u16, retry_after: &str) -> HttpMockResponse {
    HttpMockResponse::builder().status(code).header("Retry-After", retry_after).build()
}

/// Every error retried (the default condition); the body publishes nothing.
#[retry(stop = attempts(4), wait = fixed(1))]
async fn get_status(client: &reqwest::Client, url: &str) -> Result<u16, HttpError> {
    let response = send(client.get(url)).await?;
    Ok(response.status().as_u16())
}

#[derive(Debug, thiserror::Error)]
enum JobError {
    #[error("could not fetch the job")]
    Http(#[from] HttpError),
}

/// The HTTP error wrapped in an error of the caller's own.
#[retry(stop = attempts(4), wait = fixed(1), retry_on = JobError)]
async fn get_job(client: &reqwest::Client, url: &str) -> Result<u16, JobError> {
    let response = send(client.get(url)).await?;
    Ok(response.status().as_u16())
}

/// The ready-made HTTP condition, on a POST.
#[retry(stop = attempts(4), wait = fixed(1), retry_if = transient())]
async fn post_job(client: &reqwest::Client, url: &str) -> Result<u16, HttpError> {
    let response = send(client.post(url).body("{}")).await?;
    Ok(response.status().as_u16())
}

#[tokio::test]
async fn the_default_condition_sleeps_the_retry_after_an_http_error_carries() {
    let server =
        server_answering(vec![asking_to_wait(429, "7"), asking_to_wait(503, "2"), status(200)])
            .await;
    let waits = RecordingSleeper::new();

    let outcome = waits.scope(get_status(&client(), &server.url("/jobs"))).await;

    assert_eq!(outcome.unwrap(), 200);
    assert_eq!(waits.waits(), [Duration::from_secs(7), Duration::from_secs(2)]);
}

#[tokio::test]
async fn a_wait_is_found_through_the_callers_own_error_type() {
    let server = server_answering(vec![asking_to_wait(429, "5"), status(500), status(200)]).await;
    let waits = RecordingSleeper::new();

    let outcome = waits.scope(get_job(&client(), &server.url("/jobs"))).await;

    assert_eq!(outcome.unwrap(), 200);
    assert_eq!(waits.waits(), [Duration::from_secs(5), Duration::from_secs(1)]);
}

#[tokio::test]
async fn a_server_asking_for_an_hour_ends_the_call_at_once_with_an_error_that_says_so() {
    let server = server_answering(vec![asking_to_wait(503, "3600")]).await;
    let waits = RecordingSleeper::new();

    let error = waits.scope(get_status(&client(), &server.url("/jobs"))).await.unwrap_err();

    assert_eq!(error.server_wait(), Some(Duration::from_secs(3600)));
    assert!(error.to_string().contains("asked to wait 1h"), "{error}");
    assert_eq!(waits.waits(), Vec::<Duration>::new());
}

#[tokio::test]
async fn a_post_is_retried_after_429_but_not_after_500() {
    let server = server_answering(vec![asking_to_wait(429, "3"), status(500), status(200)]).await;
    let waits = RecordingSleeper::new();

    let error = waits.scope(post_job(&client(), &server.url("/jobs"))).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
    assert_eq!(waits.waits(), [Duration::from_secs(3)]);
}
