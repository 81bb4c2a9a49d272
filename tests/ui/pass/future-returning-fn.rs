//! A plain `fn` whose body is one `async` block, returned as `impl Future` or boxed
//! with `Box::pin`, is an `async fn` written out: each attempt runs the block again.

use retry_core::{RetryContext, retry};
use std::future::Future;
use std::pin::Pin;

#[derive(Debug, thiserror::Error)]
#[error("the service is busy")]
struct Busy;

#[retry(stop = attempts(3), wait = none())]
fn fetch(ctx: &RetryContext, id: u32) -> impl Future<Output = Result<String, Busy>> + Send {
    async move {
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(format!("item {id}"))
    }
}

#[retry(stop = attempts(3), wait = none())]
fn fetch_boxed<'a>(
    ctx: &RetryContext,
    name: &'a str,
) -> Pin<Box<dyn Future<Output = Result<String, Busy>> + Send + 'a>> {
    Box::pin(async move {
        if ctx.attempt() < 2 {
            return Err(Busy);
        }
        Ok(format!("{name} on attempt {}", ctx.attempt()))
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    assert_eq!(fetch(7).await.unwrap(), "item 7");
    assert_eq!(fetch_boxed("ada").await.unwrap(), "ada on attempt 2");
}
