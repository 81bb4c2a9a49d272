//! The attribute on a plain method taking `&self`.

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;
use std::cell::Cell;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[error("slack is busy")]
struct SendMsgError;

struct Slack {
    busy_replies: Cell<u32>,
}

impl Slack {
    #[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = SendMsgError)]
    fn send_msg(&self, text: &str) -> Result<String, SendMsgError> {
        if self.busy_replies.get() > 0 {
            self.busy_replies.set(self.busy_replies.get() - 1);
            return Err(SendMsgError);
        }
        Ok(format!("sent {text}"))
    }
}

fn main() {
    let slack = Slack {
        busy_replies: Cell::new(1),
    };
    let waits = RecordingSleeper::new();

    let sent = waits.scope_blocking(|| slack.send_msg("hello"));

    assert_eq!(sent.unwrap(), "sent hello");
    assert_eq!(waits.waits(), [Duration::from_secs(4)]);
}
