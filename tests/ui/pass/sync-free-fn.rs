//! The attribute on a plain function: four attempts, then the last error is
//! returned unchanged.

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[error("slack is busy")]
struct SendMsgError;

static CALLS: AtomicU32 = AtomicU32::new(0);

#[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = SendMsgError)]
fn send_msg(channel: &str, text: &str) -> Result<String, SendMsgError> {
    CALLS.fetch_add(1, Ordering::SeqCst);
    if channel.is_empty() {
        return Err(SendMsgError);
    }
    Ok(format!("{channel}: {text}"))
}

fn main() {
    let waits = RecordingSleeper::new();

    let sent = waits.scope_blocking(|| send_msg("", "deployed"));

    assert_eq!(sent.unwrap_err().to_string(), "slack is busy");
    assert_eq!(CALLS.load(Ordering::SeqCst), 4);
    assert_eq!(waits.waits(), [4, 4, 4].map(Duration::from_secs));
}
