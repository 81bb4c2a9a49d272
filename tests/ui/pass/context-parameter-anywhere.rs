//! The `&RetryContext` parameter may come first, in the middle or last, under any
//! name; callers never pass it.

use retry_core::sleep::RecordingSleeper;
use retry_core::{RetryContext, retry};

#[retry(stop = attempts(3), wait = none())]
fn first(ctx: &RetryContext, a: u32, b: u32) -> Result<u32, &'static str> {
    if ctx.attempt() < 3 {
        Err("not yet")
    } else {
        Ok(a + b + ctx.attempt())
    }
}

#[retry(stop = attempts(3), wait = none())]
fn middle(a: u32, ctx: &RetryContext, b: u32) -> Result<u32, &'static str> {
    if ctx.attempt() < 3 {
        Err("not yet")
    } else {
        Ok(a + b + ctx.attempt())
    }
}

#[retry(stop = attempts(3), wait = none())]
fn last(a: u32, b: u32, ctx: &RetryContext) -> Result<u32, &'static str> {
    if ctx.attempt() < 3 {
        Err("not yet")
    } else {
        Ok(a + b + ctx.attempt())
    }
}

#[retry(stop = attempts(3), wait = none())]
fn renamed(a: u32, call: &retry_core::RetryContext, b: u32) -> Result<u32, &'static str> {
    if call.attempt() < 3 {
        Err("not yet")
    } else {
        Ok(a + b + call.attempt())
    }
}

#[retry(stop = attempts(3), wait = none())]
async fn in_async(a: u32, attempt_info: &RetryContext, b: u32) -> Result<u32, &'static str> {
    if attempt_info.attempt() < 3 {
        Err("not yet")
    } else {
        Ok(a + b + attempt_info.attempt())
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let waits = RecordingSleeper::new();

    let sums =
        waits.scope_blocking(|| [first(10, 20), middle(10, 20), last(10, 20), renamed(10, 20)]);
    let async_sum = waits.scope(in_async(10, 20)).await;

    assert_eq!(sums, [Ok(33), Ok(33), Ok(33), Ok(33)]);
    assert_eq!(async_sum, Ok(33));
}
