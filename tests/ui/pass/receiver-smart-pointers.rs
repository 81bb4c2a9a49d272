//! `self: Box<Self>`, `self: Rc<Self>` and `self: Arc<Self>` are cloned for every
//! attempt: a new reference to the same value for `Rc` and `Arc`, a new box holding
//! a clone for `Box`, which therefore needs `Self: Clone`.

use retry_core::{RetryContext, retry};
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

#[derive(Debug, thiserror::Error)]
#[error("the store is busy")]
struct Busy;

#[derive(Clone)]
struct Draft {
    words: Vec<&'static str>,
}

impl Draft {
    #[retry(stop = attempts(3), wait = none())]
    fn publish(mut self: Box<Self>, ctx: &RetryContext) -> Result<String, Busy> {
        self.words.push("!");
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(self.words.concat())
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn publish_async(self: Box<Self>, ctx: &RetryContext) -> Result<String, Busy> {
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(self.words.concat())
    }
}

struct Counter {
    local: Cell<u32>,
    shared: AtomicU32,
}

impl Counter {
    #[retry(stop = attempts(3), wait = none())]
    fn bump_rc(self: Rc<Self>, ctx: &RetryContext) -> Result<u32, Busy> {
        self.local.set(self.local.get() + 1);
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(self.local.get())
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn bump_rc_async(self: Rc<Self>, ctx: &RetryContext) -> Result<u32, Busy> {
        self.local.set(self.local.get() + 1);
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(self.local.get())
    }

    #[retry(stop = attempts(3), wait = none())]
    fn bump_arc(self: Arc<Self>, ctx: &RetryContext) -> Result<u32, Busy> {
        let seen = self.shared.fetch_add(1, Ordering::SeqCst) + 1;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(seen)
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn bump_arc_async(self: Arc<Self>, ctx: &RetryContext) -> Result<u32, Busy> {
        let seen = self.shared.fetch_add(1, Ordering::SeqCst) + 1;
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(seen)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let draft = Box::new(Draft { words: vec!["hello"] });
    let counter = Counter { local: Cell::new(0), shared: AtomicU32::new(0) };
    let rc = Rc::new(counter);

    assert_eq!(draft.clone().publish().unwrap(), "hello!");
    assert_eq!(draft.publish_async().await.unwrap(), "hello");
    assert_eq!(rc.clone().bump_rc().unwrap(), 3);
    assert_eq!(rc.clone().bump_rc_async().await.unwrap(), 6);

    let arc = Arc::new(Counter { local: Cell::new(0), shared: AtomicU32::new(0) });
    assert_eq!(arc.clone().bump_arc().unwrap(), 3);
    assert_eq!(arc.clone().bump_arc_async().await.unwrap(), 6);
    assert_eq!(Arc::strong_count(&arc), 1);
}
