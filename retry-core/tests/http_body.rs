//! What `HttpError` keeps of a failed answer's body and of the request: bounded,
//! escaped, free of the URL's secrets; the answer read so its connection is reused;
//! a streamed body sent once. Servers run on 127.0.0.1 only.

use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use httpmock::MockServer;
use reqwest::{Body, Client};
use retry_core::condition::RetryIf;
use retry_core::http::{HttpError, error_for_status, send, send_retrying, transient};
use retry_core::sleep::RecordingSleeper;
use retry_core::stop::attempts;
use retry_core::wait::fixed;
use retry_core::{Retry, RetryContext};
use tokio::net::{TcpListener, TcpStream};

/// A client that never goes through a proxy, so requests stay on this machine.
fn client() -> Client {
    Client::builder().no_proxy().build().expect("an HTTP client")
}

/// The error for a GET answered with `status` and `body`.
async fn error_for_body(status: u16, body: &[u8]) -> HttpError {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/resource");
            then.status(status).body(body);
        })
        .await;

    send(client().get(server.url("/resource"))).await.expect_err("an error status")
}

#[tokio::test]
async fn terminal_escapes_and_line_breaks_in_a_body_are_shown_escaped_on_one_line() {
    let body = b"\x1b[2J\x1b[31mpanic\x1b[0m\nINFO forged entry\r\n";

    let error = error_for_body(500, body).await;

    assert_eq!(error.body_excerpt(), r"\u{1b}[2J\u{1b}[31mpanic\u{1b}[0m\nINFO forged entry");
    assert_eq!(
        error.to_string(),
        r#"the server answered the GET request with 500 Internal Server Error ("\u{1b}[2J\u{1b}[31mpanic\u{1b}[0m\nINFO forged entry")"#
    );
}

#[tokio::test]
async fn a_one_mebibyte_body_is_cut_to_200_characters() {
    let body = vec![b'x'; 1024 * 1024];

    let error = error_for_body(502, &body).await;

    assert_eq!(error.body_excerpt(), format!("{}…", "x".repeat(200)));
}

#[tokio::test]
async fn a_body_of_invalid_utf8_is_shown_with_replacement_characters() {
    let error = error_for_body(400, b"\xff\xfe\x00bad\x80").await;

    assert_eq!(error.body_excerpt(), "\u{fffd}\u{fffd}\\0bad\u{fffd}");
}

#[tokio::test]
async fn escapes_count_toward_the_limit_and_are_never_split() {
    let body = format!("{}\x07tail", "y".repeat(197));

    let error = error_for_body(503, body.as_bytes()).await;

    assert_eq!(error.body_excerpt(), format!("{}…", "y".repeat(197)));
}

#[tokio::test]
async fn the_url_stays_out_of_the_message_the_debug_output_and_the_source() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/services/T0/B0/PATHSECRET");
            then.status(404);
        })
        .await;
    let url = server.url("/services/T0/B0/PATHSECRET?token=QUERYSECRET");
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
        listener.local_addr().expect("a bound address").port()
    };

    let answered = send(client().post(&url)).await.expect_err("a 404");
    let unanswered = send(client().post(format!("http://127.0.0.1:{closed}/x?token=QUERYSECRET")))
        .await
        .expect_err("nothing listens");

    for error in [&answered, &unanswered] {
        let source = error.source().map(ToString::to_string).unwrap_or_default();
        let shown = format!("{error} {error:?} {source}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }
    assert_eq!(answered.url().map(|url| url.as_str()), Some(url.as_str()));
    assert!(format!("{answered:?}").contains(r#"origin: Some("http://127.0.0.1:"#));
}

/// Reads one request's head from `stream`; `false` once the client has closed it.
async fn read_request_head(stream: &TcpStream) -> bool {
    let mut head = Vec::new();
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        if stream.readable().await.is_err() {
            return false;
        }
        let mut buf = [0; 1024];
        match stream.try_read(&mut buf) {
            Ok(0) => return false,
            Ok(read) => head.extend_from_slice(&buf[..read]),
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(_) => return false,
        }
    }
    true
}

async fn write_all(stream: &TcpStream, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        if stream.writable().await.is_err() {
            return;
        }
        match stream.try_write(bytes) {
            Ok(written) => bytes = &bytes[written..],
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(_) => return,
        }
    }
}

/// A keep-alive HTTP/1.1 server on this machine giving `answers` in turn, one per
/// request, on as few connections as the client allows; counts the connections.
/// Each answer's head goes out a moment before its body, so a client that drops
/// an answer unread cannot find the body already buffered.
async fn keep_alive_server(
    answers: Vec<(&'static str, &'static str)>,
) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free local port");
    let url = format!("http://{}/resource", listener.local_addr().expect("a bound address"));
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    tokio::spawn(async move {
        let mut answers = answers.into_iter();
        while let Ok((stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            while read_request_head(&stream).await {
                let Some((status, body)) = answers.next() else { return };
                let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n\r\n", body.len());
                write_all(&stream, head.as_bytes()).await;
                tokio::time::sleep(Duration::from_millis(100)).await;
                write_all(&stream, body.as_bytes()).await;
            }
        }
    });
    (url, connections)
}

#[tokio::test(start_paused = true)]
async fn a_failed_answer_is_read_so_the_retry_reuses_its_connection() {
    let (url, connections) =
        keep_alive_server(vec![("503 Service Unavailable", "busy"), ("200 OK", "ok")]).await;
    let policy = Retry::new().wait(fixed(1)).retry_if(transient());

    let response = send_retrying(policy, client().get(url)).await.expect("a success");

    assert_eq!(response.text().await.ok().as_deref(), Some("ok"));
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn error_for_status_passes_a_success_through_with_its_body_unread() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/resource");
            then.status(201).body("created");
        })
        .await;
    let response = client().get(server.url("/resource")).send().await.expect("an answer");

    let response = error_for_status(response).await.expect("a success");

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.text().await.ok().as_deref(), Some("created"));
}

/// A body that reqwest cannot copy, as a stream read from a file or a socket.
fn stream_body() -> Body {
    Body::wrap(String::from(r#"{"amount": 100}"#))
}

#[tokio::test]
async fn a_request_with_a_stream_body_is_sent_once_and_the_error_says_why() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/payments");
            then.status(503);
        })
        .await;
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(3)).retry_if(transient()).sleeper(waits.clone());
    let request = client().post(server.url("/payments")).body(stream_body());

    let outcome = send_retrying(policy, request).await;

    let error = outcome.expect_err("a 503");
    assert!(error.body_not_replayable());
    assert_eq!(
        error.to_string(),
        "the server answered the POST request with 503 Service Unavailable; \
         not retried: the request body is a stream and cannot be sent again"
    );
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(waits.waits(), []);
    assert!(!transient().should_retry(&Err::<(), _>(error)));
}

#[tokio::test]
async fn a_stream_body_that_would_not_be_retried_anyway_is_not_marked() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/payments");
            then.status(404);
        })
        .await;
    let policy = Retry::new().retry_if(transient()).sleeper(RecordingSleeper::new());
    let request = client().post(server.url("/payments")).body(stream_body());

    let error = send_retrying(policy, request).await.expect_err("a 404");

    assert!(!error.body_not_replayable());
    assert_eq!(error.to_string(), "the server answered the POST request with 404 Not Found");
}

#[tokio::test]
async fn a_stream_body_is_sent_and_its_success_returned() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/payments").body(r#"{"amount": 100}"#);
            then.status(200);
        })
        .await;
    let policy = Retry::new().retry_if(transient()).sleeper(RecordingSleeper::new());
    let request = client().post(server.url("/payments")).body(stream_body());

    let outcome = send_retrying(policy, request).await;

    assert_eq!(outcome.map(|response| response.status().as_u16()).ok(), Some(200));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn the_wait_asked_for_reaches_the_loop_through_a_wrapping_error() {
    #[derive(Debug, thiserror::Error)]
    #[error("could not fetch the report")]
    struct FetchFailed(#[source] HttpError);

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/report");
            then.status(429).header("Retry-After", "4");
        })
        .await;
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(2)).retry_if(transient()).sleeper(waits.clone());
    let client = client();

    let outcome = policy
        .run(&RetryContext::new(), |_| async {
            send(client.get(server.url("/report"))).await.map_err(FetchFailed)
        })
        .await;

    assert!(outcome.is_err());
    assert_eq!(waits.waits(), [Duration::from_secs(4)]);
}
