//! Return types written through aliases: `io::Result<T>` and a crate's own
//! `Result<T>`, with the default retry condition and with `retry_on`.

use retry_core::sleep::RecordingSleeper;
use retry_core::{RetryContext, retry};
use std::io;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
enum StoreError {
    #[error("the disk is busy")]
    Disk(#[from] io::Error),
    #[error("no such key")]
    Missing,
}

type Result<T> = std::result::Result<T, StoreError>;

fn timed_out() -> io::Error {
    io::ErrorKind::TimedOut.into()
}

#[retry(stop = attempts(3), wait = none())]
fn read(ctx: &RetryContext) -> io::Result<u32> {
    if ctx.attempt() < 3 {
        return Err(timed_out());
    }
    Ok(ctx.attempt())
}

#[retry(stop = attempts(3), wait = none(), retry_on = io::Error)]
async fn read_async(ctx: &RetryContext) -> io::Result<u32> {
    if ctx.attempt() < 3 {
        return Err(timed_out());
    }
    Ok(ctx.attempt())
}

#[retry(stop = attempts(3), wait = none())]
fn load(ctx: &RetryContext) -> Result<u32> {
    if ctx.attempt() < 3 {
        return Err(StoreError::Missing);
    }
    Ok(ctx.attempt())
}

#[retry(stop = attempts(3), wait = fixed(1), retry_on = io::Error)]
async fn load_async(ctx: &RetryContext, key: &str) -> Result<u32> {
    if key.is_empty() {
        return Err(StoreError::Missing); // not retried: no io::Error in it
    }
    if ctx.attempt() < 3 {
        Err(timed_out())?;
    }
    Ok(ctx.attempt())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    assert_eq!(read().unwrap(), 3);
    assert_eq!(read_async().await.unwrap(), 3);
    assert_eq!(load().unwrap(), 3);

    let waits = RecordingSleeper::new();
    assert_eq!(waits.scope(load_async("key")).await.unwrap(), 3);
    assert!(matches!(waits.scope(load_async("")).await, Err(StoreError::Missing)));
    assert_eq!(waits.waits(), [Duration::from_secs(1); 2]);
}
