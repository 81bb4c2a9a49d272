//! The happy path of a retried call, measured deterministically: a call whose first
//! attempt succeeds allocates nothing, and a `#[retry] async fn`'s future is only a
//! little larger than its body's. Timing lives in `retry-core/benches/happy_path.rs`.
//!
//! This file is its own test binary, so it installs a counting global allocator.
//! Allocations are counted per thread, so tests running in parallel do not disturb
//! each other's counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use retry_core::sleep::Sleep;
use retry_core::{Retry, RetryContext, retry, run_async, stop::attempts, wait::none};

// ---------------------------------------------------------------------------------
// Counting allocator and a no-alloc executor
// ---------------------------------------------------------------------------------

struct CountingAlloc;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: the allocator may run while this thread's locals are torn down.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every method forwards to `System` unchanged; counting touches only a
// const-initialised thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Runs `f` and returns its result with the number of allocations (allocs and
/// reallocs) it made on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    let after = ALLOCATIONS.with(Cell::get);
    (result, after - before)
}

/// Polls `future` to completion with a no-op waker. Every future here is ready
/// after a bounded number of polls (at most a `yield_now` or two), so spinning is fine.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
    panic!("the future was still pending after 1000 polls");
}

// ---------------------------------------------------------------------------------
// The functions under test: each retried one next to the same body without retry
// ---------------------------------------------------------------------------------

#[derive(Debug, PartialEq)]
struct Down;

impl fmt::Display for Down {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("service down")
    }
}

impl std::error::Error for Down {}

// Trivial body.

async fn trivial_bare(x: u64) -> Result<u64, Down> {
    Ok(x + 1)
}

#[retry]
async fn trivial_retried(x: u64) -> Result<u64, Down> {
    Ok(x + 1)
}

#[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = Down)]
async fn trivial_configured(x: u64) -> Result<u64, Down> {
    Ok(x + 1)
}

#[retry]
async fn trivial_with_context(ctx: &RetryContext, x: u64) -> Result<u64, Down> {
    Ok(x + u64::from(ctx.attempt()))
}

// A body that really suspends once.

async fn yielding_bare(x: u64) -> Result<u64, Down> {
    tokio::task::yield_now().await;
    Ok(x + 1)
}

#[retry]
async fn yielding_retried(x: u64) -> Result<u64, Down> {
    tokio::task::yield_now().await;
    Ok(x + 1)
}

// A body holding a larger local across an await.

async fn big_local_bare(x: u64) -> Result<u64, Down> {
    let buffer = black_box([x as u8; 256]);
    tokio::task::yield_now().await;
    Ok(buffer.iter().map(|&b| u64::from(b)).sum())
}

#[retry]
async fn big_local_retried(x: u64) -> Result<u64, Down> {
    let buffer = black_box([x as u8; 256]);
    tokio::task::yield_now().await;
    Ok(buffer.iter().map(|&b| u64::from(b)).sum())
}

// A body borrowing its argument.

async fn borrowing_bare(name: &str) -> Result<usize, Down> {
    tokio::task::yield_now().await;
    Ok(name.len())
}

#[retry]
async fn borrowing_retried(name: &str) -> Result<usize, Down> {
    tokio::task::yield_now().await;
    Ok(name.len())
}

// Arguments passed by value: the outer `async fn` keeps each argument twice.

async fn string_arg_bare(path: String) -> Result<usize, Down> {
    tokio::task::yield_now().await;
    Ok(path.len())
}

#[retry]
async fn string_arg_retried(path: String) -> Result<usize, Down> {
    tokio::task::yield_now().await;
    Ok(path.len())
}

async fn array_arg_bare(words: [u64; 8]) -> Result<u64, Down> {
    tokio::task::yield_now().await;
    Ok(words.iter().sum())
}

#[retry]
async fn array_arg_retried(words: [u64; 8]) -> Result<u64, Down> {
    tokio::task::yield_now().await;
    Ok(words.iter().sum())
}

// Blocking.

fn sync_bare(x: u64) -> Result<u64, Down> {
    Ok(x + 1)
}

#[retry(stop = attempts(4), wait = exponential(1, 4, 10))]
fn sync_retried(x: u64) -> Result<u64, Down> {
    Ok(x + 1)
}

#[retry(stop = attempts(3), wait = none())]
fn sync_always_down(x: u64) -> Result<u64, Down> {
    black_box(x);
    Err(Down)
}

/// Never sleeps, but returns a future with state (a ZST future would be boxed
/// without allocating and hide the cost of a retry).
#[derive(Clone, Copy)]
struct NoSleep;

impl Sleep for NoSleep {
    // Not an `async fn`: that would capture `&self` and not be `'static`.
    #[allow(clippy::manual_async_fn)]
    fn sleep(&self, wait: Duration) -> impl Future<Output = ()> + Send + 'static {
        async move {
            black_box(wait);
        }
    }
}

// ---------------------------------------------------------------------------------
// Allocations
// ---------------------------------------------------------------------------------

/// Calls `f` once untimed, so one-off global set-up (the clock's anchor, tracing's
/// callsite registration) is not charged to the measured call.
fn warmed<R>(mut f: impl FnMut() -> R) -> (R, usize) {
    black_box(f());
    allocations(f)
}

#[test]
fn an_async_call_whose_first_attempt_succeeds_allocates_nothing() {
    let (outcome, count) = warmed(|| block_on(trivial_retried(black_box(41))));
    assert_eq!(outcome, Ok(42));
    assert_eq!(count, 0, "trivial #[retry] async fn allocated");

    let (outcome, count) = warmed(|| block_on(trivial_configured(black_box(41))));
    assert_eq!(outcome, Ok(42));
    assert_eq!(count, 0, "configured #[retry] async fn allocated");

    let (outcome, count) = warmed(|| block_on(trivial_with_context(black_box(41))));
    assert_eq!(outcome, Ok(42));
    assert_eq!(count, 0, "#[retry] async fn taking the context allocated");
}

#[test]
fn an_async_call_that_suspends_and_succeeds_allocates_nothing() {
    // The bare body first, to show `yield_now` itself allocates nothing here.
    let (outcome, bare) = warmed(|| block_on(yielding_bare(black_box(41))));
    assert_eq!(outcome, Ok(42));
    assert_eq!(bare, 0, "the bare body allocated; the test is not measuring retry");

    let (outcome, count) = warmed(|| block_on(yielding_retried(black_box(41))));
    assert_eq!(outcome, Ok(42));
    assert_eq!(count, 0);

    let (outcome, count) = warmed(|| block_on(big_local_retried(black_box(1))));
    assert_eq!(outcome, Ok(256));
    assert_eq!(count, 0);
}

#[test]
fn a_blocking_call_whose_first_attempt_succeeds_allocates_nothing() {
    let (outcome, count) = warmed(|| sync_retried(black_box(41)));
    assert_eq!(outcome, Ok(42));
    assert_eq!(count, 0, "#[retry] fn allocated");
    assert_eq!(sync_bare(41), outcome);
}

#[test]
fn run_blocking_whose_first_attempt_succeeds_allocates_nothing() {
    let (outcome, count) = warmed(|| {
        Retry::new().run_blocking(|ctx| Ok::<_, Down>(black_box(41) + u64::from(ctx.attempt())))
    });
    assert_eq!(outcome, Ok(42));
    assert_eq!(count, 0, "Retry::run_blocking allocated");
}

#[test]
fn run_async_whose_first_attempt_succeeds_allocates_nothing() {
    let (outcome, count) = warmed(|| {
        let ctx = RetryContext::new();
        block_on(run_async(Retry::new(), &ctx, |ctx| async move {
            Ok::<_, Down>(black_box(41) + u64::from(ctx.attempt()))
        }))
    });
    assert_eq!(outcome, Ok(42));
    assert_eq!(count, 0, "run_async allocated");
}

/// Informational: only sleeping costs an allocation. A blocking call sleeps in
/// place, so it never allocates; an async call boxes each sleep's future.
#[test]
fn a_failing_call_allocates_only_to_sleep() {
    let (outcome, count) = warmed(|| sync_always_down(black_box(1)));
    assert_eq!(outcome, Err(Down));
    println!("blocking call failing 3 attempts (wait = none): {count} allocation(s)");
    assert_eq!(count, 0);

    let (outcome, count) = warmed(|| {
        let ctx = RetryContext::new();
        let policy = Retry::new().stop(attempts(3)).wait(none()).sleeper(NoSleep);
        block_on(run_async(policy, &ctx, |_ctx| async { Err::<u64, _>(Down) }))
    });
    assert_eq!(outcome, Err(Down));
    println!("async call failing 3 attempts (2 sleeps): {count} allocation(s)");
    assert_eq!(count, 2, "expected exactly one boxed sleep per retry");
}

// ---------------------------------------------------------------------------------
// Future sizes
// ---------------------------------------------------------------------------------

/// The most a `#[retry]` async fn's future may exceed its body's, measured with
/// rustc 1.95 on x86_64 (debug and release alike). Of a trivial body's +64: the
/// context 16, the engine's reference to it 8, the attempt closure's capture 8,
/// the engine's state tag with the time slept 8, the outer fn's state tag 8, the
/// outer fn's argument 8, and a second copy of that argument 8 (rustc keeps an
/// `async fn`'s arguments both as captures and as locals).
const MAX_GROWTH: usize = 64;

/// A body that reads the context holds a reference to it, and a by-value argument
/// is cloned into each attempt while the caller's copy stays: 8 bytes more for
/// the reference; the argument's own size more for the clone.
const MAX_GROWTH_WITH_CONTEXT_OR_OWNED_ARGUMENT: usize = 72;

fn report(shape: &str, retried: usize, bare: usize) -> usize {
    let growth = retried.saturating_sub(bare);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!("[{profile}] {shape}: bare {bare} B, retried {retried} B, delta +{growth} B");
    growth
}

fn over_limit(cases: &[(&str, usize, usize)], limit: usize) -> Vec<String> {
    cases
        .iter()
        .filter_map(|&(shape, retried, bare)| {
            let growth = report(shape, retried, bare);
            (growth > limit).then(|| format!("{shape}: +{growth} B (limit +{limit} B)"))
        })
        .collect()
}

#[test]
fn a_retried_future_is_at_most_64_bytes_larger_than_its_body() {
    let cases = [
        ("trivial body", size_of_val(&trivial_retried(1)), size_of_val(&trivial_bare(1))),
        (
            "trivial body, configured policy",
            size_of_val(&trivial_configured(1)),
            size_of_val(&trivial_bare(1)),
        ),
        (
            "body awaiting yield_now",
            size_of_val(&yielding_retried(1)),
            size_of_val(&yielding_bare(1)),
        ),
        (
            "body holding [u8; 256] across an await",
            size_of_val(&big_local_retried(1)),
            size_of_val(&big_local_bare(1)),
        ),
        (
            "body borrowing a &str across an await",
            size_of_val(&borrowing_retried("x")),
            size_of_val(&borrowing_bare("x")),
        ),
    ];

    let over = over_limit(&cases, MAX_GROWTH);

    assert_eq!(over, Vec::<String>::new());
}

#[test]
fn a_body_reading_the_context_or_owning_an_argument_adds_that_much_more() {
    let cases = [
        (
            "trivial body taking &RetryContext",
            size_of_val(&trivial_with_context(1)),
            size_of_val(&trivial_bare(1)),
        ),
        (
            "body taking a String by value",
            size_of_val(&string_arg_retried(String::new())),
            size_of_val(&string_arg_bare(String::new())),
        ),
    ];

    let over = over_limit(&cases, MAX_GROWTH_WITH_CONTEXT_OR_OWNED_ARGUMENT);

    assert_eq!(over, Vec::<String>::new());
    // Not asserted: a larger by-value argument grows the future by its own size.
    report(
        "body taking [u64; 8] by value (not asserted)",
        size_of_val(&array_arg_retried([0; 8])),
        size_of_val(&array_arg_bare([0; 8])),
    );
}

#[test]
fn the_measured_futures_still_run() {
    assert_eq!(block_on(yielding_bare(1)), Ok(2));
    assert_eq!(block_on(big_local_bare(1)), Ok(256));
    assert_eq!(block_on(borrowing_bare("four")), Ok(4));
    assert_eq!(block_on(borrowing_retried("four")), Ok(4));
    assert_eq!(block_on(trivial_bare(1)), Ok(2));
    assert_eq!(block_on(string_arg_bare("four".into())), Ok(4));
    assert_eq!(block_on(string_arg_retried("four".into())), Ok(4));
    assert_eq!(block_on(array_arg_bare([1; 8])), Ok(8));
    assert_eq!(block_on(array_arg_retried([1; 8])), Ok(8));
}
