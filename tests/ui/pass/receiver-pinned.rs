//! `self: Pin<&mut Self>`, and any `Pin<&mut T>` argument, is re-borrowed for each
//! attempt with `Pin::as_mut`; the caller has it back when the call returns.

use retry_core::{RetryContext, retry};
use std::cell::Cell;
use std::marker::PhantomPinned;
use std::pin::{Pin, pin};

#[derive(Debug, thiserror::Error)]
#[error("the device is busy")]
struct Busy;

/// Cannot be moved once pinned, so only a pinned reference reaches it.
struct Device {
    polls: Cell<u32>,
    _pinned: PhantomPinned,
}

impl Device {
    fn touch(self: Pin<&mut Self>) -> u32 {
        self.polls.set(self.polls.get() + 1);
        self.polls.get()
    }

    #[retry(stop = attempts(3), wait = none())]
    fn poll(mut self: Pin<&mut Self>, ctx: &RetryContext) -> Result<u32, Busy> {
        let polls = self.as_mut().touch();
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(polls)
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn poll_async(self: Pin<&mut Self>, ctx: &RetryContext) -> Result<u32, Busy> {
        let polls = self.touch();
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(polls)
    }
}

#[retry(stop = attempts(2), wait = none())]
fn fill(mut items: Pin<&mut Vec<u32>>, ctx: &RetryContext) -> Result<usize, Busy> {
    items.as_mut().get_mut().push(ctx.attempt());
    if ctx.attempt() < 2 {
        return Err(Busy);
    }
    Ok(items.len())
}

#[retry(stop = attempts(2), wait = none())]
async fn fill_async(items: Pin<&mut Vec<u32>>, ctx: &RetryContext) -> Result<usize, Busy> {
    let items = items.get_mut();
    tokio::task::yield_now().await;
    items.push(ctx.attempt() * 10);
    if ctx.attempt() < 2 {
        return Err(Busy);
    }
    Ok(items.len())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut device = pin!(Device { polls: Cell::new(0), _pinned: PhantomPinned });
    let mut items = vec![0];

    assert_eq!(device.as_mut().poll().unwrap(), 3);
    assert_eq!(device.as_mut().poll_async().await.unwrap(), 6);
    assert_eq!(fill(Pin::new(&mut items)).unwrap(), 3);
    assert_eq!(fill_async(Pin::new(&mut items)).await.unwrap(), 5);
    assert_eq!(items, [0, 1, 2, 10, 20]);
}
