//! Functions that return a value other than a `Result` (an `Option`, a `bool`, a
//! status being polled, a struct, `()`), sync and async, retried while `retry_if`
//! names the value or the body asks with `ctx.try_again()`; with a `fallback` over
//! the plain value, with hooks, and with a server's wait.

use retry_core::sleep::RecordingSleeper;
use retry_core::{RetryContext, retry};
use std::cell::Cell;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JobStatus {
    Pending,
    Done(u32),
    Abandoned,
}

#[derive(Debug, PartialEq)]
struct Page {
    items: Vec<u32>,
    complete: bool,
}

#[retry(stop = attempts(3), wait = none(), retry_if = result_matches(Option::is_none))]
fn lookup(ctx: &RetryContext, key: &str) -> Option<usize> {
    (ctx.attempt() == 2).then_some(key.len())
}

#[retry(stop = attempts(3), wait = none(), retry_if = result_matches(Option::is_none))]
async fn lookup_async(ctx: &RetryContext, key: &str) -> Option<usize> {
    tokio::task::yield_now().await;
    (ctx.attempt() == 2).then_some(key.len())
}

#[retry(stop = attempts(4), wait = none(), retry_if = result_matches(|ok: &bool| !ok))]
fn healthy(ctx: &RetryContext) -> bool {
    ctx.attempt() >= 3
}

#[retry(stop = attempts(4), wait = none(), retry_if = result_matches(|ok: &bool| !ok))]
async fn healthy_async(ctx: &RetryContext) -> bool {
    ctx.attempt() >= 3
}

#[retry(
    stop = attempts(5),
    wait = fixed(1),
    retry_if = result_matches(|s: &JobStatus| *s == JobStatus::Pending),
)]
fn poll(ctx: &RetryContext, id: u32) -> JobStatus {
    if ctx.attempt() < 3 { JobStatus::Pending } else { JobStatus::Done(id) }
}

#[retry(
    stop = attempts(5),
    wait = fixed(1),
    retry_if = result_matches(|s: &JobStatus| *s == JobStatus::Pending),
)]
async fn poll_async(ctx: &RetryContext, id: u32) -> JobStatus {
    tokio::task::yield_now().await;
    if ctx.attempt() < 3 { JobStatus::Pending } else { JobStatus::Done(id) }
}

#[retry(stop = attempts(3), wait = none(), retry_if = result_matches(|page: &Page| !page.complete))]
async fn page(ctx: &RetryContext) -> Page {
    Page { items: vec![ctx.attempt()], complete: ctx.attempt() == 2 }
}

// `return` and `?` end the attempt with the value, as they end a `Result`'s.
#[retry(stop = attempts(3), wait = none(), retry_if = result_matches(Option::is_none))]
async fn parse_first(ctx: &RetryContext, words: &[&str]) -> Option<u32> {
    if ctx.attempt() == 1 {
        return None;
    }
    let word = words.first()?;
    word.parse().ok()
}

#[retry(
    stop = attempts(2),
    wait = none(),
    retry_if = result_matches(|s: &JobStatus| *s == JobStatus::Pending),
    fallback = |last, state| {
        assert_eq!((last, state.attempt()), (JobStatus::Pending, 2));
        JobStatus::Abandoned
    },
)]
async fn poll_or_abandon() -> JobStatus {
    JobStatus::Pending
}

#[retry(
    stop = attempts(2),
    wait = none(),
    retry_if = result_matches(Option::is_none),
    fallback = |_last, _state| Some(0),
)]
fn cached() -> Option<u32> {
    None
}

#[retry(
    stop = attempts(3),
    wait = none(),
    retry_if = result_matches(|n: &u32| *n < 2),
    before = |state| assert!(state.attempt() <= 3),
    after = |state| assert!(state.error().is_none()),
    before_sleep = |state| assert!(state.next_wait().is_some()),
    on_success = |state| assert_eq!(state.attempt(), 2),
    on_give_up = |_state| unreachable!("the second attempt is kept"),
)]
fn counted(ctx: &RetryContext) -> u32 {
    ctx.attempt()
}

#[retry(stop = attempts(5), wait = none())]
fn drained(ctx: &RetryContext, left: &Cell<u32>) -> u32 {
    left.set(left.get().saturating_sub(10));
    if left.get() > 0 {
        ctx.try_again();
    }
    left.get()
}

#[retry(stop = attempts(5), wait = none())]
async fn settled(ctx: &RetryContext) {
    if ctx.attempt() < 3 {
        ctx.try_again();
    }
}

#[retry(stop = attempts(2), wait = fixed(1), retry_if = result_matches(|n: &u8| *n == 0))]
async fn not_yet(ctx: &RetryContext) -> u8 {
    ctx.set_retry_after(Duration::from_secs(9));
    0
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let waits = RecordingSleeper::new();

    assert_eq!(lookup("key"), Some(3));
    assert_eq!(lookup_async("key").await, Some(3));
    assert!(healthy());
    assert!(healthy_async().await);
    assert_eq!(waits.scope_blocking(|| poll(7)), JobStatus::Done(7));
    assert_eq!(waits.scope(poll_async(8)).await, JobStatus::Done(8));
    assert_eq!(page().await, Page { items: vec![2], complete: true });
    assert_eq!(parse_first(&["42"]).await, Some(42));
    assert_eq!(parse_first(&[]).await, None);
    assert_eq!(poll_or_abandon().await, JobStatus::Abandoned);
    assert_eq!(cached(), Some(0));
    assert_eq!(counted(), 2);
    assert_eq!(drained(&Cell::new(25)), 0);
    settled().await;
    assert_eq!(waits.scope(not_yet()).await, 0);
    assert_eq!(waits.waits(), [1, 1, 1, 1, 9].map(Duration::from_secs));
}
