//! Every async shape `#[retry]` accepts makes a `Send` future when its body's is: each
//! call here runs as a task on a multi-threaded runtime, which only compiles for a
//! `Send + 'static` future, and retries at least once on the way.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use retry_core::{RetryContext, retry};

#[derive(Debug, PartialEq, thiserror::Error)]
#[error("busy on attempt {0}")]
struct Busy(u32);

/// Fails the first attempt after a real suspension, so every call retries once.
async fn second_attempt_succeeds(ctx: &RetryContext) -> Result<u32, Busy> {
    tokio::task::yield_now().await;
    if ctx.attempt() < 2 {
        ctx.set_retry_after(Duration::from_millis(1));
        return Err(Busy(ctx.attempt()));
    }
    Ok(ctx.attempt())
}

/// Runs `call` as a task on the runtime's worker threads.
async fn on_worker<F>(call: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(call).await.unwrap()
}

#[retry(stop = attempts(3), wait = none())]
async fn free(ctx: &RetryContext, label: String, seen: &mut Vec<u32>) -> Result<String, Busy> {
    seen.push(ctx.attempt());
    let attempt = second_attempt_succeeds(ctx).await?;
    Ok(format!("{label} {attempt}"))
}

#[retry(stop = attempts(3), wait = none())]
async fn generic<T>(ctx: &RetryContext, (value, times): (T, usize)) -> Result<Vec<T>, Busy>
where
    // `Send` alone: the call owns its arguments and clones them for each attempt.
    T: Clone + Send,
{
    second_attempt_succeeds(ctx).await?;
    Ok(vec![value; times])
}

/// A `Cell` is `Send` but not `Sync`: the call's future must not share it.
#[retry(stop = attempts(3), wait = none())]
async fn not_sync_argument(ctx: &RetryContext, counter: Cell<u32>) -> Result<u32, Busy> {
    let attempt = second_attempt_succeeds(ctx).await?;
    counter.set(counter.get() + attempt);
    Ok(counter.get())
}

// The shape under test is the manual one.
#[allow(clippy::manual_async_fn)]
#[retry(stop = attempts(3), wait = none())]
fn impl_future(ctx: &RetryContext, id: u32) -> impl Future<Output = Result<u32, Busy>> + Send {
    async move { Ok(id + second_attempt_succeeds(ctx).await?) }
}

#[retry(stop = attempts(3), wait = none())]
fn boxed(ctx: &RetryContext, id: u32) -> Pin<Box<dyn Future<Output = Result<u32, Busy>> + Send>> {
    Box::pin(async move { Ok(id + second_attempt_succeeds(ctx).await?) })
}

#[derive(Clone, Default)]
struct Client {
    calls: Arc<AtomicU32>,
    local: u32,
}

impl Client {
    #[retry(stop = attempts(3), wait = none())]
    async fn by_ref(&self, ctx: &RetryContext) -> Result<u32, Busy> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        second_attempt_succeeds(ctx).await
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn by_mut(&mut self, ctx: &RetryContext) -> Result<u32, Busy> {
        self.local += 1;
        second_attempt_succeeds(ctx).await?;
        Ok(self.local)
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn by_value(mut self, ctx: &RetryContext) -> Result<u32, Busy> {
        self.local += 1;
        second_attempt_succeeds(ctx).await?;
        Ok(self.local)
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn boxed_self(self: Box<Self>, ctx: &RetryContext) -> Result<u32, Busy> {
        second_attempt_succeeds(ctx).await?;
        Ok(self.local)
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn shared(self: Arc<Self>, ctx: &RetryContext) -> Result<usize, Busy> {
        second_attempt_succeeds(ctx).await?;
        Ok(Arc::strong_count(&self))
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn pinned(self: Pin<&mut Self>, ctx: &RetryContext) -> Result<u32, Busy> {
        let this = self.get_mut();
        this.local += 1;
        second_attempt_succeeds(ctx).await?;
        Ok(this.local)
    }
}

trait Fetch {
    fn fetch(&self, id: u32) -> impl Future<Output = Result<u32, Busy>> + Send;
}

impl Fetch for Client {
    #[retry(stop = attempts(3), wait = none())]
    async fn fetch(&self, ctx: &RetryContext, id: u32) -> Result<u32, Busy> {
        Ok(id + second_attempt_succeeds(ctx).await? + self.local)
    }
}

#[async_trait]
trait Store {
    async fn get(&self, key: &str) -> Result<String, Busy>;
    async fn put(&mut self, key: String) -> Result<u32, Busy>;
}

#[async_trait]
impl Store for Client {
    #[retry(stop = attempts(3), wait = none())]
    async fn get(&self, ctx: &RetryContext, key: &str) -> Result<String, Busy> {
        let attempt = second_attempt_succeeds(ctx).await?;
        Ok(format!("{key} {attempt}"))
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn put(&mut self, key: String, ctx: &RetryContext) -> Result<u32, Busy> {
        self.local += u32::try_from(key.len()).unwrap_or(u32::MAX);
        second_attempt_succeeds(ctx).await?;
        Ok(self.local)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_free_async_fn_with_owned_and_mut_arguments_runs_on_a_worker() {
    let outcome = on_worker(async {
        let mut seen = Vec::new();
        let outcome = free("item".to_owned(), &mut seen).await;
        (outcome, seen)
    })
    .await;

    assert_eq!(outcome, (Ok("item 2".to_owned()), vec![1, 2]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generic_async_fn_with_a_pattern_parameter_runs_on_a_worker() {
    let outcome = on_worker(generic(('x', 3))).await;

    assert_eq!(outcome, Ok(vec!['x'; 3]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_argument_that_is_send_but_not_sync_runs_on_a_worker() {
    let outcome = on_worker(not_sync_argument(Cell::new(10))).await;

    assert_eq!(outcome, Ok(12));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fns_returning_an_async_block_run_on_a_worker() {
    let plain = on_worker(impl_future(10)).await;
    let boxed = on_worker(boxed(20)).await;

    assert_eq!((plain, boxed), (Ok(12), Ok(22)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn methods_on_shared_and_mut_references_run_on_a_worker() {
    let client = Client::default();

    let outcome = on_worker(async move {
        let mut client = client;
        let shared = client.by_ref().await;
        let mutated = client.by_mut().await;
        (shared, mutated, client.calls.load(Ordering::SeqCst), client.local)
    })
    .await;

    assert_eq!(outcome, (Ok(2), Ok(2), 2, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn methods_taking_self_by_value_box_arc_and_pin_run_on_a_worker() {
    let client = Client::default();

    let by_value = on_worker(client.clone().by_value()).await;
    let boxed = on_worker(Box::new(client.clone()).boxed_self()).await;
    let shared = on_worker(Arc::new(client.clone()).shared()).await;
    let pinned = on_worker(async move {
        let mut client = client;
        Pin::new(&mut client).pinned().await
    })
    .await;

    // The `Arc` is counted twice during an attempt: the call's and the attempt's clone.
    assert_eq!((by_value, boxed, shared, pinned), (Ok(1), Ok(0), Ok(2), Ok(2)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trait_methods_native_and_under_async_trait_run_on_a_worker() {
    let client = Client::default();

    let outcome = on_worker(async move {
        let mut client = client;
        let fetched = client.fetch(5).await;
        let got = client.get("key").await;
        let put = client.put("four".to_owned()).await;
        (fetched, got, put)
    })
    .await;

    assert_eq!(outcome, (Ok(7), Ok("key 2".to_owned()), Ok(8)));
}
