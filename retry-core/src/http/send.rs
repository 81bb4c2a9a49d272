//! Sending a request and sorting what comes back: [`send`], [`error_for_status`]
//! and [`send_retrying`].

use std::future::Future;

use reqwest::{Client, Request, RequestBuilder, Response};

use super::HttpError;
use super::error::HttpErrorKind;
use super::excerpt::read_capped;
use crate::{AsyncPolicy, RetryContext};

/// Passes a success through untouched and turns an error status (4xx, 5xx, or a
/// nonstandard 600 to 999) into an [`HttpError`].
///
/// The failed response's body is read, at most its first 64 KiB, and kept as a
/// short excerpt; a body read to its end lets the connection go back to the pool
/// for the next attempt, while a longer one is cut off and its connection closed.
/// Reading is bounded in time only by the request's timeout, so set one.
///
/// The error knows the status, the server's wait and the URL, but not the
/// request's method, which a response does not tell: [`transient`](super::transient)
/// then treats the request as not idempotent. Use [`send`] to keep the method.
///
/// ```
/// use retry_core::http::error_for_status;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let server = httpmock::MockServer::start_async().await;
/// # server.mock_async(|when, then| { when.path("/ok"); then.status(200).body("fine"); }).await;
/// # server.mock_async(|when, then| { when.path("/missing"); then.status(404).body("no such job"); }).await;
/// # let (ok_url, missing_url) = (server.url("/ok"), server.url("/missing"));
/// let fine = error_for_status(reqwest::get(ok_url).await.unwrap()).await.unwrap();
/// assert_eq!(fine.text().await.unwrap(), "fine");
///
/// let missing = error_for_status(reqwest::get(missing_url).await.unwrap()).await.unwrap_err();
/// assert_eq!(missing.to_string(), r#"the server answered with 404 Not Found ("no such job")"#);
/// # }
/// ```
pub async fn error_for_status(response: Response) -> Result<Response, HttpError> {
    // 1xx to 3xx pass; 4xx, 5xx and the nonstandard 600 to 999 (such as 999,
    // which some services answer to clients they block) are errors.
    if response.status().as_u16() < 400 {
        return Ok(response);
    }
    let error = HttpError::from_status(&response);
    let body = read_capped(response).await;
    Err(error.with_body(&body))
}

/// Sends `request` and sorts the outcome: a success is returned untouched; an
/// error status, as by [`error_for_status`], or a failure to get any answer
/// becomes an [`HttpError`] that knows the request's method and whether it carried
/// an `Idempotency-Key` header, which [`transient`](super::transient) needs.
///
/// A failure to connect is [`Connect`](HttpErrorKind::Connect): nothing was sent.
/// The HTTP client's timeout is [`Timeout`](HttpErrorKind::Timeout), and any other
/// failure [`Transport`](HttpErrorKind::Transport); after those two the server may
/// have acted on the request.
///
/// ```
/// use retry_core::http::{HttpErrorKind, send};
/// use reqwest::Method;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let server = httpmock::MockServer::start_async().await;
/// # server.mock_async(|when, then| { when.path("/jobs"); then.status(500); }).await;
/// # let url = server.url("/jobs");
/// let client = reqwest::Client::new();
/// let error = send(client.post(url).body("{}")).await.unwrap_err();
///
/// assert_eq!(error.kind(), HttpErrorKind::Status);
/// assert_eq!(error.method(), Some(&Method::POST));
/// assert_eq!(error.to_string(), "the server answered the POST request with 500 Internal Server Error");
/// # }
/// ```
pub async fn send(request: RequestBuilder) -> Result<Response, HttpError> {
    let (client, request) = request.build_split();
    let request = request.map_err(HttpError::from_client)?;
    execute(&client, request).await
}

/// Sends `request` under `policy`, a fresh copy of it for each attempt, and
/// returns the first success or the error the policy gives up with.
///
/// Each attempt is sent as by [`send`]. The wait a failed attempt's server asked
/// for replaces the policy's wait for the next sleep, whatever the retry
/// condition, and a wait longer than the policy's
/// [`max_server_wait`](crate::Retry::max_server_wait) makes the call give up with
/// that error. Use [`transient`](super::transient) as the policy's condition to
/// retry only what another attempt can fix.
///
/// A request whose body is a stream cannot be copied, so it is sent once. If that
/// attempt fails and the policy would have retried it, the error says so: its
/// [`body_not_replayable`](HttpError::body_not_replayable) is `true` and its
/// message ends with "not retried: the request body is a stream and cannot be sent
/// again". No hook of the policy runs for such a request. A request that cannot be
/// built is not sent at all.
///
/// ```
/// use retry_core::http::{send_retrying, transient};
/// use retry_core::{Retry, sleep::RecordingSleeper};
/// use std::time::Duration;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let server = httpmock::MockServer::start_async().await;
/// # server.mock_async(|when, then| {
/// #     when.path("/jobs");
/// #     then.status(429).header("Retry-After", "7");
/// # }).await;
/// # let url = server.url("/jobs");
/// let waits = RecordingSleeper::new();
/// let policy = Retry::new().retry_if(transient()).sleeper(waits.clone());
/// let client = reqwest::Client::new();
///
/// let outcome = send_retrying(policy, client.get(url)).await;
///
/// let error = outcome.unwrap_err();
/// assert_eq!(error.to_string(), "the server answered the GET request with 429 Too Many Requests and asked to wait 7s");
/// assert_eq!(waits.waits(), [Duration::from_secs(7), Duration::from_secs(7)]);
/// # }
/// ```
pub async fn send_retrying<P>(policy: P, request: RequestBuilder) -> Result<Response, HttpError>
where
    P: AsyncPolicy<Response, HttpError>,
{
    let (client, request) = request.build_split();
    let request = request.map_err(HttpError::from_client)?;
    if request.try_clone().is_none() {
        return send_once(&policy, &client, request).await;
    }

    let ctx = RetryContext::new();
    let (client, request) = (&client, &request);
    let attempt = move |_: &RetryContext| {
        let copy = request.try_clone();
        async move {
            match copy {
                Some(copy) => execute(client, copy).await,
                // Not reached: a body that could be copied once is bytes in memory.
                None => Err(HttpError::unsent(request).body_was_not_replayable()),
            }
        }
    };
    // The server's wait goes to the loop whatever the policy's condition, as the
    // attribute's inspection does for an `HttpError`.
    let publish_wait = |ctx: &RetryContext, outcome: &Result<Response, HttpError>| {
        if let Some(wait) = outcome.as_ref().err().and_then(HttpError::server_wait) {
            ctx.set_retry_after(wait);
        }
    };
    crate::engine::run_async_inspecting(policy, &ctx, attempt, publish_wait).await
}

/// Sends a request whose body is a stream, the one time it can be sent.
async fn send_once<P>(policy: &P, client: &Client, request: Request) -> Result<Response, HttpError>
where
    P: AsyncPolicy<Response, HttpError>,
{
    let ctx = RetryContext::new();
    let outcome = match policy.expired_attempt(&ctx) {
        Some(expired) => expired,
        None => limited(policy, &ctx, execute(client, request)).await,
    };
    if outcome.is_err() && policy.should_retry(&outcome) {
        return outcome.map_err(HttpError::body_was_not_replayable);
    }
    outcome
}

/// Runs one attempt under `policy`'s time limits.
async fn limited<P, Fut>(
    policy: &P,
    ctx: &RetryContext,
    attempt: Fut,
) -> Result<Response, HttpError>
where
    P: AsyncPolicy<Response, HttpError>,
    Fut: Future<Output = Result<Response, HttpError>>,
{
    let output = policy.limit_attempt(ctx, attempt).await;
    policy.attempt_outcome::<Fut>(ctx, output)
}

/// Sends a built request, as [`send`] does.
async fn execute(client: &Client, request: Request) -> Result<Response, HttpError> {
    let method = request.method().clone();
    let url = request.url().clone();
    let idempotency_key = request.headers().contains_key("idempotency-key");
    let outcome = match client.execute(request).await {
        Ok(response) => error_for_status(response).await,
        Err(error) => Err(HttpError::from_client(error)),
    };
    outcome.map_err(|error| error.with_request(method, url, idempotency_key))
}

impl HttpError {
    /// The error for a request that was never sent.
    fn unsent(request: &Request) -> Self {
        let idempotency_key = request.headers().contains_key("idempotency-key");
        HttpError::new(HttpErrorKind::Request).with_request(
            request.method().clone(),
            request.url().clone(),
            idempotency_key,
        )
    }
}
