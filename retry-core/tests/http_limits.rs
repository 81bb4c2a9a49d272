//! The HTTP helpers at their limits: time limits on a request sent once, statuses
//! beyond 599, quotes in an answer, and waits longer than any cap. Local servers
//! only; nothing sleeps for real.

use std::time::Duration;

use httpmock::MockServer;
use reqwest::{Body, Client};
use retry_core::http::{HttpError, send, send_retrying, transient};
use retry_core::server_wait::give_up_over;
use retry_core::sleep::RecordingSleeper;
use retry_core::stop::attempts;
use retry_core::{Limit, Retry, RetryContext, TimedOut};
use tokio::net::TcpListener;

fn client() -> Client {
    Client::builder().no_proxy().build().expect("an HTTP client")
}

/// A server on 127.0.0.1 that accepts connections and never answers.
async fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free local port");
    let address = listener.local_addr().expect("a bound address");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    format!("http://{address}/jobs")
}

async fn server_answering(status: u16, body: &str, retry_after: Option<&str>) -> MockServer {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/jobs");
            let then = then.status(status).body(body);
            if let Some(value) = retry_after {
                then.header("Retry-After", value);
            }
        })
        .await;
    server
}

#[tokio::test(start_paused = true)]
async fn a_streamed_body_sent_once_is_still_cut_short_by_the_timeout() {
    let url = silent_server().await;
    let policy = Retry::new().retry_if(transient()).timeout(2);
    let body = Body::wrap(String::from("{}"));

    let error = send_retrying(policy, client().post(url).body(body)).await.unwrap_err();

    assert_eq!(error.time_limit(), Some(TimedOut::new(Limit::Attempt, Duration::from_secs(2))));
    assert!(error.body_not_replayable(), "{error}");
}

#[tokio::test]
async fn a_nonstandard_status_above_599_is_an_error() {
    let server = server_answering(999, "request denied", None).await;

    let error = send(client().get(server.url("/jobs"))).await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(999));
    assert!(!transient().would_retry(&error));
}

#[tokio::test]
async fn quotes_in_an_answer_cannot_close_the_quoted_excerpt() {
    let server = server_answering(400, r#"oops") and asked to wait 0s; retried OK (""#, None).await;

    let error = send(client().get(server.url("/jobs"))).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        r#"the server answered the GET request with 400 Bad Request ("oops\") and asked to wait 0s; retried OK (\"")"#
    );
}

#[tokio::test]
async fn a_year_long_wait_passed_on_through_the_context_is_refused_by_a_forty_day_cap() {
    let server = server_answering(503, "", Some("31536000")).await;
    let waits = RecordingSleeper::new();
    let policy = Retry::new()
        .stop(attempts(3))
        .max_server_wait(give_up_over(Duration::from_secs(40 * 86_400)))
        .sleeper(waits.clone());

    let error = send_retrying(policy, client().get(server.url("/jobs"))).await.unwrap_err();

    assert_eq!(error.server_wait(), Some(Duration::from_secs(31_536_000)));
    assert_eq!(waits.waits(), Vec::<Duration>::new());
}

#[derive(Debug, thiserror::Error)]
enum JobError {
    // `transparent` hides the wrapped error from the `source()` chain.
    #[error(transparent)]
    TimedOut(#[from] TimedOut),
    #[error(transparent)]
    Http(#[from] HttpError),
}

#[tokio::test(start_paused = true)]
async fn a_timeout_behind_a_transparent_wrapper_is_retried_all_the_same() {
    let url = silent_server().await;
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(attempts(3)).retry_if(transient()).timeout(1);
    let client = client();

    let outcome: Result<reqwest::Response, JobError> =
        policy.run(&ctx, |_| async { Ok(send(client.get(&url)).await?) }).await;

    assert!(matches!(outcome, Err(JobError::TimedOut(_))), "{outcome:?}");
    assert_eq!(ctx.attempt(), 3);
}

#[tokio::test]
async fn a_redirect_loop_is_not_retried() {
    let server = MockServer::start_async().await;
    let loop_mock = server
        .mock_async(|when, then| {
            when.path("/jobs");
            then.status(302).header("Location", "/jobs");
        })
        .await;
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(3)).retry_if(transient()).sleeper(waits.clone());

    let error = send_retrying(policy, client().get(server.url("/jobs"))).await.unwrap_err();

    assert_eq!(error.kind(), retry_core::http::HttpErrorKind::Redirect);
    assert_eq!(error.to_string(), "the redirects of the GET request could not be followed");
    assert_eq!(loop_mock.calls_async().await, 11);
    assert_eq!(waits.waits(), Vec::<Duration>::new());
}
