//! `base` takes an integer as well as a float, like the strategies' other
//! arguments: tenacity's `exp_base=3` is `base(3)`.

use std::time::Duration;

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;

#[retry(stop = attempts(4), wait = exponential(0.5, 1, 20).base(3))]
fn fetch() -> Result<u32, std::io::Error> {
    Err(std::io::ErrorKind::TimedOut.into())
}

fn main() {
    let waits = RecordingSleeper::new();

    assert!(waits.scope_blocking(fetch).is_err());
    assert_eq!(waits.waits(), [1000, 1500, 4500].map(Duration::from_millis));
}
