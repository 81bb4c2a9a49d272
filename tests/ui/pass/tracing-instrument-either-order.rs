//! `#[tracing::instrument]` above `#[retry]` instruments the body, so each attempt
//! gets a span of its own and the context is among the recorded arguments; below
//! `#[retry]` it instruments the whole call, one span, and sees the signature
//! callers see.

use retry_core::{RetryContext, retry};
use std::sync::Mutex;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[derive(Debug, thiserror::Error)]
#[error("the service is busy")]
struct Busy;

#[tracing::instrument(skip(ctx))]
#[retry(stop = attempts(3), wait = none())]
fn per_attempt(ctx: &RetryContext, id: u32) -> Result<u32, Busy> {
    if ctx.attempt() < 3 {
        return Err(Busy);
    }
    Ok(id)
}

#[retry(stop = attempts(3), wait = none())]
#[tracing::instrument]
fn per_call(ctx: &RetryContext, id: u32) -> Result<u32, Busy> {
    if ctx.attempt() < 3 {
        return Err(Busy);
    }
    Ok(id)
}

#[tracing::instrument]
#[retry(stop = attempts(3), wait = none())]
async fn per_attempt_async(ctx: &RetryContext, label: String) -> Result<String, Busy> {
    tokio::task::yield_now().await;
    if ctx.attempt() < 3 {
        return Err(Busy);
    }
    Ok(label)
}

struct Service;

impl Service {
    #[retry(stop = attempts(3), wait = none())]
    #[tracing::instrument(skip(self))]
    async fn per_call_async(&mut self, ctx: &RetryContext, label: String) -> Result<String, Busy> {
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(label)
    }
}

/// Counts the spans made, by name.
#[derive(Default)]
struct SpanNames(Mutex<Vec<&'static str>>);

impl Subscriber for &'static SpanNames {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut names = self.0.lock().unwrap();
        names.push(span.metadata().name());
        Id::from_u64(names.len() as u64)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn count(names: &SpanNames, name: &str) -> usize {
    names.0.lock().unwrap().iter().filter(|seen| **seen == name).count()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let names: &'static SpanNames = Box::leak(Box::default());
    let _subscriber = tracing::subscriber::set_default(names);

    assert_eq!(per_attempt(1).unwrap(), 1);
    assert_eq!(per_call(2).unwrap(), 2);
    assert_eq!(per_attempt_async("a".to_owned()).await.unwrap(), "a");
    assert_eq!(Service.per_call_async("b".to_owned()).await.unwrap(), "b");

    assert_eq!(count(names, "per_attempt"), 3);
    assert_eq!(count(names, "per_call"), 1);
    assert_eq!(count(names, "per_attempt_async"), 3);
    assert_eq!(count(names, "per_call_async"), 1);
}
