//! The Slack example once the status has arrived: an answer whose body then breaks
//! off or stalls is sorted by its status, with the part of the body that arrived,
//! so a delivered message is never posted again. The answers come from a bare TCP
//! server on 127.0.0.1 started by each test. Waits are recorded, never slept.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use retry_core::sleep::RecordingSleeper;
use slack_example::{Message, Report, SlackClient, SlackError};

/// Long enough for the status line to arrive on a loaded machine, short enough
/// that a stalled body fails the attempt quickly.
const TIMEOUT: Duration = Duration::from_millis(500);

/// What the server does after the part of the answer it sends.
#[derive(Clone, Copy)]
enum Then {
    /// Closes its side, so the body ends short of its `Content-Length`.
    BreaksOff,
    /// Sends nothing more until the client gives up.
    Stalls,
}

/// A server on 127.0.0.1 that answers every request with `answer`, a status line,
/// headers and the start of a body, and then breaks off or stalls.
struct CutOffServer {
    url: String,
    requests: Arc<AtomicUsize>,
}

impl CutOffServer {
    fn start(answer: &'static str, then: Then) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free local port");
        let address = listener.local_addr().expect("a bound address");
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counted = Arc::clone(&counted);
                std::thread::spawn(move || answer_one(stream, answer, then, &counted));
            }
        });
        CutOffServer { url: format!("http://{address}/services/T000/B000/XXXXSECRET"), requests }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

fn answer_one(mut stream: TcpStream, answer: &str, then: Then, requests: &AtomicUsize) {
    let mut head = Vec::new();
    let mut buffer = [0; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    requests.fetch_add(1, Ordering::SeqCst);
    if stream.write_all(answer.as_bytes()).is_err() {
        return;
    }
    if let Then::BreaksOff = then {
        let _ = stream.shutdown(Shutdown::Write);
    }
    // Reads the rest of the request, then waits for the client to hang up; closing
    // with unread data would reset the connection instead of ending the body.
    let _ = std::io::copy(&mut stream, &mut std::io::sink());
}

/// Sends one message with waits recorded; returns the outcome with the error shown
/// as its chain of causes, and the waits.
async fn send(server: &CutOffServer) -> (Result<String, String>, Vec<Duration>) {
    let client = SlackClient::new(&server.url).expect("a valid webhook URL").timeout(TIMEOUT);
    let recorder = RecordingSleeper::new();

    let outcome = recorder.scope(client.send_msg(&Message::new("hi"))).await;

    (outcome.map_err(|error: SlackError| Report(&error).to_string()), recorder.waits())
}

#[tokio::test]
async fn a_200_whose_body_stalls_is_delivered_once_with_the_part_that_arrived() {
    let server =
        CutOffServer::start("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nok", Then::Stalls);

    let (outcome, waits) = send(&server).await;

    assert_eq!(outcome, Ok("ok".to_string()));
    assert_eq!(server.requests(), 1);
    assert_eq!(waits, []);
}

#[tokio::test]
async fn a_200_whose_body_breaks_off_is_delivered_once_with_the_part_that_arrived() {
    let server =
        CutOffServer::start("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nok", Then::BreaksOff);

    let (outcome, waits) = send(&server).await;

    assert_eq!(outcome, Ok("ok".to_string()));
    assert_eq!(server.requests(), 1);
    assert_eq!(waits, []);
}

#[tokio::test]
async fn a_200_whose_body_stalls_before_any_byte_is_delivered_once_with_an_empty_answer() {
    let server = CutOffServer::start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", Then::Stalls);

    let (outcome, waits) = send(&server).await;

    assert_eq!(outcome, Ok(String::new()));
    assert_eq!(server.requests(), 1);
    assert_eq!(waits, []);
}

#[tokio::test]
async fn a_404_whose_body_stalls_is_rejected_at_once_with_the_part_that_arrived() {
    let server = CutOffServer::start(
        "HTTP/1.1 404 Not Found\r\nContent-Length: 100\r\n\r\nchannel_not_found",
        Then::Stalls,
    );

    let (outcome, waits) = send(&server).await;

    assert_eq!(
        outcome,
        Err("Slack rejected the message (404 Not Found): channel_not_found".to_string())
    );
    assert_eq!(server.requests(), 1);
    assert_eq!(waits, []);
}

#[tokio::test]
async fn a_404_whose_body_breaks_off_is_rejected_at_once_with_the_part_that_arrived() {
    let server = CutOffServer::start(
        "HTTP/1.1 404 Not Found\r\nContent-Length: 100\r\n\r\nchannel_not",
        Then::BreaksOff,
    );

    let (outcome, waits) = send(&server).await;

    assert_eq!(outcome, Err("Slack rejected the message (404 Not Found): channel_not".to_string()));
    assert_eq!(server.requests(), 1);
    assert_eq!(waits, []);
}

#[tokio::test]
async fn a_500_whose_body_breaks_off_is_still_retried() {
    let server = CutOffServer::start(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 100\r\n\r\ninternal_error",
        Then::BreaksOff,
    );

    let (outcome, waits) = send(&server).await;

    assert_eq!(
        outcome,
        Err("Slack could not take the message for now: Slack had a server error: the server \
             answered the POST request with 500 Internal Server Error (\"internal_error\")"
            .to_string())
    );
    assert_eq!(server.requests(), 4);
    assert_eq!(waits, [4, 4, 4].map(Duration::from_secs));
}

#[tokio::test]
async fn a_429_whose_body_breaks_off_still_waits_as_retry_after_asks() {
    let server = CutOffServer::start(
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nContent-Length: 100\r\n\r\nrate_",
        Then::BreaksOff,
    );

    let (outcome, waits) = send(&server).await;

    assert_eq!(
        outcome,
        Err("Slack could not take the message for now: Slack is rate limiting this webhook: \
             the server answered the POST request with 429 Too Many Requests (\"rate_\") and \
             asked to wait 2s"
            .to_string())
    );
    assert_eq!(server.requests(), 4);
    assert_eq!(waits, [2, 2, 2].map(Duration::from_secs));
}
