//! Which HTTP failures `transient()` retries, against local mock servers: nothing
//! here sleeps for real or talks to any host but 127.0.0.1.

use std::time::Duration;

use httpmock::MockServer;
use reqwest::{Client, Method, RequestBuilder};
use retry_core::condition::RetryIf;
use retry_core::http::{
    HttpError, HttpErrorKind, HttpRetry, error_for_status, send, send_retrying, transient,
};
use retry_core::sleep::RecordingSleeper;
use retry_core::stop::attempts;
use retry_core::wait::fixed;
use retry_core::{Limit, Retry, RetryContext, TimedOut};

/// A client that never goes through a proxy, so requests stay on this machine.
fn client() -> Client {
    Client::builder().no_proxy().build().expect("an HTTP client")
}

/// How many requests reach a server that answers every one with `status`, when
/// `request` is sent with up to three attempts under `condition`.
async fn attempts_made(
    status: u16,
    condition: HttpRetry,
    request: impl FnOnce(&Client, String) -> RequestBuilder,
) -> usize {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/resource");
            then.status(status);
        })
        .await;
    let policy = Retry::new()
        .stop(attempts(3))
        .wait(fixed(1))
        .retry_if(condition)
        .sleeper(RecordingSleeper::new());

    let outcome = send_retrying(policy, request(&client(), server.url("/resource"))).await;

    assert_eq!(outcome.err().and_then(|error| error.status()).map(|s| s.as_u16()), Some(status));
    mock.calls_async().await
}

async fn get_attempts(status: u16, condition: HttpRetry) -> usize {
    attempts_made(status, condition, |client, url| client.get(url)).await
}

async fn post_attempts(status: u16, condition: HttpRetry) -> usize {
    attempts_made(status, condition, |client, url| client.post(url).body("{}")).await
}

/// A URL on this machine where nothing listens: the port was free a moment ago.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
    let port = listener.local_addr().expect("a bound address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}/resource")
}

#[tokio::test]
async fn each_transient_status_is_retried_for_a_get() {
    let mut made = Vec::new();
    for status in [408, 429, 500, 502, 503, 504] {
        made.push((status, get_attempts(status, transient()).await));
    }

    assert_eq!(made, [(408, 3), (429, 3), (500, 3), (502, 3), (503, 3), (504, 3)]);
}

#[tokio::test]
async fn every_other_error_status_is_returned_after_one_attempt() {
    let mut made = Vec::new();
    for status in [400, 401, 403, 404, 409, 410, 422, 451, 501, 505, 507] {
        made.push((status, get_attempts(status, transient()).await));
    }

    assert_eq!(
        made,
        [
            (400, 1),
            (401, 1),
            (403, 1),
            (404, 1),
            (409, 1),
            (410, 1),
            (422, 1),
            (451, 1),
            (501, 1),
            (505, 1),
            (507, 1)
        ]
    );
}

#[tokio::test]
async fn a_success_is_returned_after_one_attempt() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/resource");
            then.status(200).body("fine");
        })
        .await;
    let policy = Retry::new().retry_if(transient()).sleeper(RecordingSleeper::new());

    let response = send_retrying(policy, client().get(server.url("/resource"))).await;

    assert_eq!(response.expect("a success").text().await.ok().as_deref(), Some("fine"));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn retry_status_adds_a_status_and_never_retry_status_removes_one() {
    let condition = transient().retry_status(409).never_retry_status(502);

    let made = [get_attempts(409, condition.clone()).await, get_attempts(502, condition).await];

    assert_eq!(made, [3, 1]);
}

#[tokio::test]
async fn a_post_answered_500_is_not_retried() {
    assert_eq!(post_attempts(500, transient()).await, 1);
}

#[tokio::test]
async fn a_post_answered_with_a_status_where_the_server_may_have_acted_is_not_retried() {
    let made = [
        post_attempts(408, transient()).await,
        post_attempts(502, transient()).await,
        post_attempts(504, transient()).await,
    ];

    assert_eq!(made, [1, 1, 1]);
}

#[tokio::test]
async fn a_post_answered_429_or_503_is_retried() {
    let made = [post_attempts(429, transient()).await, post_attempts(503, transient()).await];

    assert_eq!(made, [3, 3]);
}

#[tokio::test]
async fn a_post_with_an_idempotency_key_is_retried_after_a_500() {
    let with_key = |client: &Client, url: String| {
        client.post(url).header("Idempotency-Key", "order-1138").body("{}")
    };
    let shouted_key =
        |client: &Client, url: String| client.post(url).header("IDEMPOTENCY-KEY", "order-1138");

    let made = [
        attempts_made(500, transient(), with_key).await,
        attempts_made(500, transient(), shouted_key).await,
    ];

    assert_eq!(made, [3, 3]);
}

#[tokio::test]
async fn any_method_retries_a_post_answered_500() {
    assert_eq!(post_attempts(500, transient().any_method()).await, 3);
}

#[tokio::test]
async fn put_and_delete_are_retried_after_a_500_but_patch_is_not() {
    let made = [
        attempts_made(500, transient(), |client, url| client.put(url).body("{}")).await,
        attempts_made(500, transient(), |client, url| client.delete(url)).await,
        attempts_made(500, transient(), |client, url| client.patch(url).body("{}")).await,
    ];

    assert_eq!(made, [3, 3, 1]);
}

#[tokio::test]
async fn a_post_that_could_not_connect_is_retried_because_nothing_was_sent() {
    let waits = RecordingSleeper::new();
    let policy =
        Retry::new().stop(attempts(3)).wait(fixed(1)).retry_if(transient()).sleeper(waits.clone());

    let outcome = send_retrying(policy, client().post(closed_port_url()).body("{}")).await;

    let error = outcome.expect_err("nothing listens on the port");
    assert_eq!(error.kind(), HttpErrorKind::Connect);
    assert_eq!(error.to_string(), "could not connect to send the POST request; nothing was sent");
    assert_eq!(waits.waits(), [Duration::from_secs(1), Duration::from_secs(1)]);
}

#[tokio::test]
async fn an_error_from_error_for_status_alone_counts_as_a_request_not_safe_to_repeat() {
    let server = MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.path("/failing");
            then.status(500);
        })
        .await;
    let busy = server
        .mock_async(|when, then| {
            when.path("/busy");
            then.status(503);
        })
        .await;
    let client = client();
    let policy = Retry::new().wait(fixed(1)).retry_if(transient()).sleeper(RecordingSleeper::new());
    let checked = |path: &'static str| {
        let request = client.get(server.url(path));
        async move { error_for_status(request.send().await.expect("an answer")).await }
    };

    let failed = policy.run(&RetryContext::new(), |_| checked("/failing")).await;
    let was_busy = policy.run(&RetryContext::new(), |_| checked("/busy")).await;

    assert_eq!(failed.err().map(|error| error.method().cloned()), Some(None));
    assert!(was_busy.is_err());
    assert_eq!([failing.calls_async().await, busy.calls_async().await], [1, 3]);
}

#[tokio::test]
async fn send_keeps_the_method_that_error_for_status_cannot_know() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/failing");
            then.status(500);
        })
        .await;

    let error = send(client().get(server.url("/failing"))).await.expect_err("a 500");

    assert_eq!(error.method(), Some(&Method::GET));
    assert!(error.is_idempotent());
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_not_sent_nor_retried() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().retry_if(transient()).sleeper(waits.clone());

    let outcome = send_retrying(policy, client().get("not a url")).await;

    let error = outcome.expect_err("an invalid URL");
    assert_eq!(error.kind(), HttpErrorKind::Request);
    assert_eq!(error.to_string(), "the request could not be built");
    assert_eq!(waits.waits(), []);
}

/// A server on this machine that accepts connections and never answers.
async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free local port");
    let url = format!("http://{}/resource", listener.local_addr().expect("a bound address"));
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    url
}

#[tokio::test(start_paused = true)]
async fn the_http_clients_timeout_is_retried_for_a_get_but_not_for_a_post() {
    let url = silent_server().await;
    let client = client();
    let policy = || Retry::new().stop(attempts(3)).wait(fixed(1)).retry_if(transient());
    let waits_for_get = RecordingSleeper::new();
    let waits_for_post = RecordingSleeper::new();
    let timeout = Duration::from_secs(5);

    let get = client.get(&url).timeout(timeout);
    let get = send_retrying(policy().sleeper(waits_for_get.clone()), get).await;
    let post = client.post(&url).timeout(timeout).body("{}");
    let post = send_retrying(policy().sleeper(waits_for_post.clone()), post).await;

    assert_eq!(get.err().map(|error| error.kind()), Some(HttpErrorKind::Timeout));
    assert_eq!(waits_for_get.waits(), [Duration::from_secs(1), Duration::from_secs(1)]);
    let post = post.expect_err("no answer");
    assert_eq!(post.kind(), HttpErrorKind::Timeout);
    assert_eq!(post.to_string(), "the POST request timed out");
    assert_eq!(waits_for_post.waits(), []);
}

#[derive(Debug, thiserror::Error)]
enum AppError {
    #[error("could not fetch the report")]
    Fetch(#[source] HttpError),
    #[error("the report is malformed")]
    Malformed,
}

#[test]
fn an_attempt_timeout_is_retried_for_any_method_and_found_inside_another_error() {
    let timed_out = TimedOut::new(Limit::Attempt, Duration::from_secs(5));
    let condition = transient();

    let decisions = [
        condition.should_retry(&Err::<(), _>(timed_out)),
        condition.should_retry(&Err::<(), _>(AppError::Fetch(HttpError::from(timed_out)))),
        condition.should_retry(&Err::<(), _>(AppError::Malformed)),
    ];

    assert_eq!(decisions, [true, true, false]);
}

/// Requests that reach a server answering `403` with `headers`, for a POST.
async fn post_attempts_at_403(headers: &[(&str, &str)]) -> usize {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/resource");
            let then = then.status(403).body("API rate limit exceeded");
            headers.iter().fold(then, |then, (name, value)| then.header(*name, *value));
        })
        .await;
    let policy =
        Retry::new().stop(attempts(3)).retry_if(transient()).sleeper(RecordingSleeper::new());

    let request = client().post(server.url("/resource")).body("{}");
    let outcome = send_retrying(policy, request).await;

    assert!(outcome.is_err());
    mock.calls_async().await
}

#[tokio::test]
async fn a_403_for_a_used_up_rate_limit_is_retried_like_a_429_for_any_method() {
    let limited = [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "7")];

    assert_eq!(post_attempts_at_403(&limited).await, 3);
    assert_eq!(post_attempts_at_403(&[("X-RateLimit-Remaining", "12")]).await, 1);
    assert_eq!(post_attempts_at_403(&[]).await, 1);
}
