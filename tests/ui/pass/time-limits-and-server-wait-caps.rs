//! `timeout`, `deadline` and the three forms of `max_server_wait` on an async fn
//! whose error type takes a `TimedOut`; the future stays `Send`.

use retry_core::{RetryContext, TimedOut, retry};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
enum FetchError {
    #[error("busy")]
    Busy,
    #[error(transparent)]
    TimedOut(#[from] TimedOut),
}

#[retry(stop = attempts(3), wait = fixed(1), timeout = 5, deadline = Duration::from_secs(30))]
async fn fetch(ctx: &RetryContext) -> Result<u32, FetchError> {
    if ctx.attempt() < 2 {
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
    Ok(ctx.attempt())
}

#[retry(stop = attempts(2), max_server_wait = clamp(60))]
async fn clamped(ctx: &RetryContext) -> Result<(), FetchError> {
    ctx.set_retry_after(Duration::from_secs(3600));
    Err(FetchError::Busy)
}

#[retry(stop = attempts(2), max_server_wait = unlimited())]
async fn unlimited_waits() -> Result<(), FetchError> {
    Ok(())
}

#[retry(max_server_wait = give_up_over(10))]
async fn strict() -> Result<(), FetchError> {
    Ok(())
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let started = tokio::time::Instant::now();
    assert_eq!(assert_send(fetch()).await.unwrap(), 2);
    assert_eq!(started.elapsed(), Duration::from_secs(5 + 1));

    let started = tokio::time::Instant::now();
    assert!(matches!(clamped().await, Err(FetchError::Busy)));
    assert_eq!(started.elapsed(), Duration::from_secs(60));

    unlimited_waits().await.unwrap();
    strict().await.unwrap();
}
