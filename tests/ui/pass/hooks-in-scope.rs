//! Ready-made hooks need no path inside the attribute, like strategies.

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;

#[retry(stop = attempts(2), wait = none(), before_sleep = log(tracing::Level::INFO))]
fn fetch() -> Result<u32, std::io::Error> {
    Err(std::io::ErrorKind::TimedOut.into())
}

fn main() {
    assert!(RecordingSleeper::new().scope_blocking(fetch).is_err());
}
