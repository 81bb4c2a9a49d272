//! The attribute on an async free function: a `SendMsgError` is retried on
//! tenacity's exponential schedule (4 s, 4 s, 4 s, …) until the fourth attempt.

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[error("slack is busy")]
struct SendMsgError;

static CALLS: AtomicU32 = AtomicU32::new(0);

#[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = SendMsgError)]
async fn send_msg(channel: &str, text: &str) -> Result<String, SendMsgError> {
    if CALLS.fetch_add(1, Ordering::SeqCst) < 2 {
        return Err(SendMsgError);
    }
    Ok(format!("{channel}: {text}"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let waits = RecordingSleeper::new();

    let sent = waits.scope(send_msg("#ops", "deployed")).await;

    assert_eq!(sent.unwrap(), "#ops: deployed");
    assert_eq!(CALLS.load(Ordering::SeqCst), 3);
    assert_eq!(
        waits.waits(),
        [Duration::from_secs(4), Duration::from_secs(4)]
    );
}
