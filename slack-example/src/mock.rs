//! A mock Slack webhook on 127.0.0.1 that answers the way Slack does, for the demo
//! and for trying the client without posting anywhere.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use httpmock::{HttpMockRequest, HttpMockResponse, Method, MockServer};
use serde_json::Value;

/// The only channel the mock webhook knows besides its own.
pub const KNOWN_CHANNEL: &str = "#general";

/// The seconds the rate-limited route asks a client to wait.
pub const RETRY_AFTER_SECS: u64 = 3;

/// How far ahead the date in the dated rate-limited route's `Retry-After` lies, in
/// whole seconds of the clock: the wait it asks for is a little less.
pub const RETRY_AFTER_DATE_SECS: u64 = 3;

/// The seconds the route asking for an hour asks a client to wait.
pub const RETRY_AFTER_HOUR_SECS: u64 = 3600;

const WEBHOOK_PATH: &str = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";
const SERVER_ERROR_PATH: &str = "/err500";
const RATE_LIMITED_PATH: &str = "/err429";
const RATE_LIMITED_DATE_PATH: &str = "/err429-date";
const RATE_LIMITED_HOUR_PATH: &str = "/err429-hour";

/// A mock Slack incoming webhook, served from this process on 127.0.0.1.
///
/// It has five routes, each answering `POST` only:
///
/// - [`webhook_url`](Self::webhook_url) answers like a real webhook: `ok` for a
///   message to its own channel or to [`KNOWN_CHANNEL`], `404 channel_not_found`
///   for any other channel, `400 no_text` or `400 invalid_payload` for a payload
///   Slack would refuse;
/// - [`server_error_url`](Self::server_error_url) always answers
///   `500 internal_error`;
/// - [`rate_limited_url`](Self::rate_limited_url) always answers `429` with
///   `Retry-After: 3`;
/// - [`rate_limited_until_url`](Self::rate_limited_until_url) always answers `429`
///   with a `Retry-After` HTTP date 3 s ahead of the clock's current whole second;
/// - [`rate_limited_for_an_hour_url`](Self::rate_limited_for_an_hour_url) always
///   answers `429` with `Retry-After: 3600`.
///
/// It notes when each request arrives; see [`take_arrivals`](Self::take_arrivals).
pub struct MockSlack {
    server: MockServer,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl MockSlack {
    /// Starts the mock on a free port.
    pub async fn start() -> Self {
        let slack = MockSlack { server: MockServer::start_async().await, arrivals: Arc::default() };
        slack.route(WEBHOOK_PATH, answer_webhook).await;
        slack.route(SERVER_ERROR_PATH, |_| answer(500, "internal_error")).await;
        slack.route(RATE_LIMITED_PATH, |_| rate_limited(RETRY_AFTER_SECS.to_string())).await;
        slack
            .route(RATE_LIMITED_DATE_PATH, |_| rate_limited(date_ahead(RETRY_AFTER_DATE_SECS)))
            .await;
        slack
            .route(RATE_LIMITED_HOUR_PATH, |_| rate_limited(RETRY_AFTER_HOUR_SECS.to_string()))
            .await;
        slack
    }

    /// The address the mock listens on.
    pub fn address(&self) -> SocketAddr {
        *self.server.address()
    }

    /// The URL of the route that answers like a real webhook.
    pub fn webhook_url(&self) -> String {
        self.server.url(WEBHOOK_PATH)
    }

    /// The URL of the route that always answers `500`.
    pub fn server_error_url(&self) -> String {
        self.server.url(SERVER_ERROR_PATH)
    }

    /// The URL of the route that always answers `429` with `Retry-After: 3`.
    pub fn rate_limited_url(&self) -> String {
        self.server.url(RATE_LIMITED_PATH)
    }

    /// The URL of the route that always answers `429` with a `Retry-After` date.
    pub fn rate_limited_until_url(&self) -> String {
        self.server.url(RATE_LIMITED_DATE_PATH)
    }

    /// The URL of the route that always answers `429` with `Retry-After: 3600`.
    pub fn rate_limited_for_an_hour_url(&self) -> String {
        self.server.url(RATE_LIMITED_HOUR_PATH)
    }

    /// When each request arrived since the last call, on any route, oldest first.
    pub fn take_arrivals(&self) -> Vec<Instant> {
        std::mem::take(&mut *lock(&self.arrivals))
    }

    async fn route(&self, path: &str, answer: fn(&HttpMockRequest) -> HttpMockResponse) {
        let arrivals = Arc::clone(&self.arrivals);
        self.server
            .mock_async(|when, then| {
                when.method(Method::POST).path(path);
                then.respond_with(move |request| {
                    lock(&arrivals).push(Instant::now());
                    answer(request)
                });
            })
            .await;
    }
}

fn answer_webhook(request: &HttpMockRequest) -> HttpMockResponse {
    let Ok(payload) = serde_json::from_slice::<Value>(request.body_ref()) else {
        return answer(400, "invalid_payload");
    };
    if !payload.get("text").is_some_and(Value::is_string) {
        return answer(400, "no_text");
    }
    match payload.get("channel").and_then(Value::as_str) {
        None | Some(KNOWN_CHANNEL) => answer(200, "ok"),
        Some(_) => answer(404, "channel_not_found"),
    }
}

fn rate_limited(retry_after: String) -> HttpMockResponse {
    HttpMockResponse::builder()
        .status(429)
        .header("Retry-After", retry_after)
        .body("rate_limited")
        .build()
}

/// An HTTP date `seconds` after the current whole second.
fn date_ahead(seconds: u64) -> String {
    httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(seconds))
}

fn answer(status: u16, body: &str) -> HttpMockResponse {
    HttpMockResponse::builder().status(status).body(body.to_string()).build()
}

fn lock(arrivals: &Mutex<Vec<Instant>>) -> std::sync::MutexGuard<'_, Vec<Instant>> {
    // A push cannot leave the list half-written, so a poisoned lock is still sound.
    arrivals.lock().unwrap_or_else(PoisonError::into_inner)
}
