//! `stop = attempts(3) | elapsed(30)` gives up on whichever limit comes first.

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;
use std::time::Duration;

#[retry(stop = attempts(3) | elapsed(30), wait = fixed(1))]
fn short_waits() -> Result<(), &'static str> {
    Err("down")
}

#[retry(stop = attempts(3) | elapsed(30), wait = fixed(40))]
fn long_waits() -> Result<(), &'static str> {
    Err("down")
}

fn main() {
    let attempts_first = RecordingSleeper::new();
    let elapsed_first = RecordingSleeper::new();

    let _ = attempts_first.scope_blocking(short_waits);
    let _ = elapsed_first.scope_blocking(long_waits);

    assert_eq!(
        attempts_first.waits(),
        [Duration::from_secs(1), Duration::from_secs(1)]
    );
    assert_eq!(elapsed_first.waits(), [Duration::from_secs(40)]);
}
