//! Value returns in every function shape: methods on `&self`, `&mut self` and
//! `self`, a `fn` returning an `async` block, `#[async_trait]` methods, values that
//! borrow from an argument or hold an `impl Trait`, a generic return type, a
//! re-exported crate, a future that can be spawned, and a trait of the caller's
//! with methods of the expansion's names. An alias of a `Result` named otherwise is
//! still a `Result`: its errors are retried.

use async_trait::async_trait;
use retry_core::sleep::RecordingSleeper;
use retry_core::{RetryContext, retry};
use std::fmt::Display;
use std::future::Future;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JobStatus {
    Pending,
    Done(u32),
}

#[derive(Clone, Default)]
struct Queue {
    polls: u32,
}

impl Queue {
    #[retry(stop = attempts(3), wait = none(), retry_if = result_matches(Option::is_none))]
    fn peek(&self, ctx: &RetryContext) -> Option<u32> {
        (ctx.attempt() == 2).then_some(self.polls)
    }

    #[retry(stop = attempts(3), wait = none(), retry_if = result_matches(|n: &u32| *n < 3))]
    async fn poll(&mut self) -> u32 {
        self.polls += 1;
        self.polls
    }

    #[retry(stop = attempts(3), wait = none(), retry_if = result_matches(|s: &Self| s.polls < 2))]
    fn bumped(mut self, ctx: &RetryContext) -> Self {
        self.polls += ctx.attempt();
        self
    }
}

#[retry(
    stop = attempts(3),
    wait = none(),
    retry_if = result_matches(|s: &JobStatus| *s == JobStatus::Pending),
)]
fn status(ctx: &RetryContext, id: u32) -> impl Future<Output = JobStatus> + Send {
    async move {
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 { JobStatus::Pending } else { JobStatus::Done(id) }
    }
}

#[async_trait]
trait Jobs {
    async fn status(&self, id: u32) -> JobStatus;
}

struct Remote;

#[async_trait]
impl Jobs for Remote {
    #[retry(
        stop = attempts(3),
        wait = none(),
        retry_if = result_matches(|s: &JobStatus| *s == JobStatus::Pending),
    )]
    async fn status(&self, ctx: &RetryContext, id: u32) -> JobStatus {
        if ctx.attempt() < 2 { JobStatus::Pending } else { JobStatus::Done(id) }
    }
}

#[retry(stop = attempts(3), wait = none(), retry_if = result_matches(Option::is_none))]
fn longest<'a>(ctx: &RetryContext, words: &'a [&'a str]) -> Option<&'a str> {
    words.iter().copied().find(|word| word.len() as u32 > 3 - ctx.attempt())
}

#[retry(stop = attempts(3), wait = none(), retry_if = result_matches(Option::is_none))]
fn label(ctx: &RetryContext, id: u32) -> Option<impl Display> {
    (ctx.attempt() == 2).then(|| format!("#{id}"))
}

#[retry(stop = attempts(3), wait = none(), retry_if = result_matches(|v: &T| v == retry))]
fn echo<T: Clone + PartialEq>(value: T, retry: &T) -> T {
    value
}

mod deps {
    pub use retry_core as retrying;
}

#[deps::retrying::retry(
    crate = deps::retrying,
    stop = attempts(3),
    wait = none(),
    retry_if = result_matches(|ok: &bool| !ok),
)]
fn through_reexport(ctx: &deps::retrying::RetryContext) -> bool {
    ctx.attempt() == 3
}

type Reply = Result<u32, std::io::Error>;

#[retry(stop = attempts(3), wait = fixed(2))]
async fn aliased(ctx: &RetryContext, label: String) -> Reply {
    tokio::task::yield_now().await;
    if ctx.attempt() < 3 {
        return Err(std::io::ErrorKind::TimedOut.into());
    }
    Ok(label.len() as u32)
}

/// A trait of the caller's, in scope at every function above, for every type: its
/// methods must not be taken for the expansion's own.
trait Describe {
    fn mode(&self) -> &'static str {
        "described"
    }

    fn finish(&self) -> &'static str {
        "finished"
    }
}

impl<T: ?Sized> Describe for T {}

fn assert_send<T: Send + 'static>(value: T) -> T {
    value
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut queue = Queue::default();
    assert_eq!(queue.peek(), Some(0));
    assert_eq!(queue.poll().await, 3);
    assert_eq!(Queue::default().bumped().polls, 2); // each attempt bumps a fresh clone
    assert_eq!(status(7).await, JobStatus::Done(7));
    assert_eq!(Remote.status(8).await, JobStatus::Done(8));
    assert_eq!(longest(&["a", "abc"]), Some("abc"));
    assert_eq!(label(5).map(|label| label.to_string()).as_deref(), Some("#5"));
    assert_eq!(echo(Err::<u32, _>("down"), &Ok(0)), Err("down"));
    assert!(through_reexport());
    assert_eq!((JobStatus::Pending.mode(), queue.finish()), ("described", "finished"));

    let waits = RecordingSleeper::new();
    let recorder = waits.clone();
    let spawned = assert_send(async move { recorder.scope(aliased("four".to_owned())).await });
    assert_eq!(tokio::spawn(spawned).await.unwrap().unwrap(), 4);
    let status = assert_send(async move { status(9).await });
    assert_eq!(tokio::spawn(status).await.unwrap(), JobStatus::Done(9));
    assert_eq!(waits.waits(), [Duration::from_secs(2); 2]);
}
