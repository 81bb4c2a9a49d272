//! Methods of trait impls, native `async fn` in traits included: the impl's method
//! takes the context, the trait's declaration does not. A trait's default method
//! with a body can be retried too.

use retry_core::{RetryContext, retry};
use std::future::Future;

#[derive(Debug, thiserror::Error)]
#[error("the service is busy")]
struct Busy;

trait Fetch {
    async fn fetch(&self, id: u32) -> Result<String, Busy>;

    /// Declared the way a trait asks for a `Send` future.
    fn fetch_send(&self, id: u32) -> impl Future<Output = Result<String, Busy>> + Send;

    fn fetch_now(&mut self, id: u32) -> Result<String, Busy>;

    #[retry(stop = attempts(3), wait = none())]
    async fn fetch_twice(&self, ctx: &RetryContext, id: u32) -> Result<String, Busy> {
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(format!("{} and {}", self.fetch(id).await?, self.fetch(id + 1).await?))
    }

    #[retry(stop = attempts(2), wait = none())]
    fn fetch_default(&self, ctx: &RetryContext) -> Result<u32, Busy> {
        if ctx.attempt() < 2 {
            return Err(Busy);
        }
        Ok(ctx.attempt())
    }
}

struct Service {
    calls: u32,
}

impl Fetch for Service {
    #[retry(stop = attempts(3), wait = none())]
    async fn fetch(&self, ctx: &RetryContext, id: u32) -> Result<String, Busy> {
        tokio::task::yield_now().await;
        if ctx.attempt() < 2 {
            return Err(Busy);
        }
        Ok(format!("item {id}"))
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn fetch_send(&self, ctx: &RetryContext, id: u32) -> Result<String, Busy> {
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(format!("item {id} sent"))
    }

    #[retry(stop = attempts(3), wait = none())]
    fn fetch_now(&mut self, ctx: &RetryContext, id: u32) -> Result<String, Busy> {
        self.calls += 1;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(format!("item {id} after {} calls", self.calls))
    }
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut service = Service { calls: 0 };

    assert_eq!(service.fetch(1).await.unwrap(), "item 1");
    assert_eq!(assert_send(service.fetch_send(2)).await.unwrap(), "item 2 sent");
    assert_eq!(service.fetch_now(3).unwrap(), "item 3 after 3 calls");
    assert_eq!(service.fetch_twice(4).await.unwrap(), "item 4 and item 5");
    assert_eq!(service.fetch_default().unwrap(), 2);
}
