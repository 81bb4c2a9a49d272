//! The attribute on an async method taking `&self`.

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[error("slack is busy")]
struct SendMsgError;

struct Slack {
    busy_replies: AtomicU32,
}

impl Slack {
    #[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = SendMsgError)]
    async fn send_msg(&self, text: &str) -> Result<String, SendMsgError> {
        let busy = self.busy_replies.load(Ordering::SeqCst);
        if busy > 0 {
            self.busy_replies.store(busy - 1, Ordering::SeqCst);
            return Err(SendMsgError);
        }
        Ok(format!("sent {text}"))
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let slack = Slack {
        busy_replies: AtomicU32::new(3),
    };
    let waits = RecordingSleeper::new();

    let sent = waits.scope(slack.send_msg("hello")).await;

    assert_eq!(sent.unwrap(), "sent hello");
    assert_eq!(waits.waits(), [4, 4, 4].map(Duration::from_secs));
}
