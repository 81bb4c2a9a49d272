//! `before` runs before every attempt and `before_sleep` before every sleep; both
//! take closures receiving the call's state, or functions.

use retry_core::sleep::RecordingSleeper;
use retry_core::{CallState, retry};
use std::sync::Mutex;
use std::time::Duration;

static EVENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record(event: String) {
    EVENTS.lock().unwrap().push(event);
}

fn log_sleep(state: &CallState<'_>) {
    record(format!("function sleeps {:?}", state.next_wait().unwrap()));
}

#[retry(
    stop = attempts(3),
    wait = fixed(2),
    before = |state| record(format!("attempt {}", state.attempt())),
    before_sleep = |state| {
        record(format!("after {} sleep {:?}", state.error().unwrap(), state.next_wait().unwrap()))
    },
)]
fn with_closures() -> Result<(), &'static str> {
    Err("timeout")
}

#[retry(stop = attempts(2), wait = fixed(1), before_sleep = log_sleep)]
fn with_function() -> Result<(), &'static str> {
    Err("timeout")
}

fn main() {
    let waits = RecordingSleeper::new();

    let _ = waits.scope_blocking(with_closures);
    let _ = waits.scope_blocking(with_function);

    assert_eq!(
        *EVENTS.lock().unwrap(),
        [
            "attempt 1",
            "after timeout sleep 2s",
            "attempt 2",
            "after timeout sleep 2s",
            "attempt 3",
            "function sleeps 1s",
        ]
    );
    assert_eq!(waits.waits(), [2, 2, 1].map(Duration::from_secs));
}
