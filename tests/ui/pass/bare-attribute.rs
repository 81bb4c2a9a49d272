//! A bare `#[retry]` uses the defaults: three attempts, waits of 1 s then 2 s,
//! every error retried.

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

static CALLS: AtomicU32 = AtomicU32::new(0);

#[retry]
fn always_down() -> Result<(), std::io::Error> {
    CALLS.fetch_add(1, Ordering::SeqCst);
    Err(std::io::ErrorKind::ConnectionRefused.into())
}

fn main() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(always_down);

    assert!(outcome.is_err());
    assert_eq!(CALLS.load(Ordering::SeqCst), 3);
    assert_eq!(
        waits.waits(),
        [Duration::from_secs(1), Duration::from_secs(2)]
    );
}
