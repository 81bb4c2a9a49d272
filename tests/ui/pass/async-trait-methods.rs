//! Methods under `#[async_trait]`, which rewrites every `async fn` of the impl into a
//! `fn` returning `Pin<Box<dyn Future + Send>>` before `#[retry]` sees it: the
//! attribute retries the boxed `async` block, above or below the method's other
//! attributes, on `&self`, `&mut self` and `self: Arc<Self>` methods, with the
//! context left out of the trait's declaration, and on the trait's default methods.

use async_trait::async_trait;
use retry_core::{RetryContext, retry};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
#[error("the store is busy")]
struct Busy;

#[async_trait]
trait Store {
    async fn get(&self, key: &str) -> Result<String, Busy>;
    async fn put(&mut self, key: String) -> Result<usize, Busy>;
    async fn shared(self: Arc<Self>) -> Result<usize, Busy>;

    #[retry(stop = attempts(2), wait = none())]
    async fn get_default(&self, ctx: &RetryContext, key: &str) -> Result<String, Busy> {
        if ctx.attempt() < 2 {
            return Err(Busy);
        }
        Ok(format!("default {key}"))
    }
}

#[derive(Default)]
struct Memory {
    keys: Vec<String>,
}

#[async_trait]
impl Store for Memory {
    #[retry(stop = attempts(3), wait = none())]
    #[inline]
    async fn get(&self, ctx: &RetryContext, key: &str) -> Result<String, Busy> {
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(format!("{key} on attempt {}", ctx.attempt()))
    }

    /// Adds a key; `#[retry]` below another attribute.
    #[inline]
    #[retry(stop = attempts(3), wait = none())]
    async fn put(&mut self, key: String, ctx: &RetryContext) -> Result<usize, Busy> {
        self.keys.push(key);
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(self.keys.len())
    }

    #[retry(stop = attempts(2), wait = none())]
    async fn shared(self: Arc<Self>, ctx: &RetryContext) -> Result<usize, Busy> {
        if ctx.attempt() < 2 {
            return Err(Busy);
        }
        Ok(Arc::strong_count(&self))
    }
}

#[async_trait(?Send)]
trait LocalStore {
    async fn peek(&self) -> Result<u32, Busy>;
}

#[async_trait(?Send)]
impl LocalStore for Memory {
    #[retry(stop = attempts(2), wait = none())]
    async fn peek(&self, ctx: &RetryContext) -> Result<u32, Busy> {
        if ctx.attempt() < 2 {
            return Err(Busy);
        }
        Ok(ctx.attempt())
    }
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut store = Memory::default();

    assert_eq!(assert_send(store.get("a")).await.unwrap(), "a on attempt 3");
    assert_eq!(store.put("b".to_owned()).await.unwrap(), 3);
    assert_eq!(store.get_default("c").await.unwrap(), "default c");
    assert_eq!(store.peek().await.unwrap(), 2);
    assert_eq!(Arc::new(store).shared().await.unwrap(), 2);
}
