//! What a retried call costs when its first attempt succeeds, next to the same call
//! without retry. The target: at most 10% over the bare call.
//!
//! Run with `cargo bench -p retry-core --bench happy_path`. No benchmarking crate:
//! each case is timed in rounds of many calls, bare and retried rounds interleaved,
//! and the median round is reported. Pass `--quick` for fewer, shorter rounds.
//!
//! No tracing subscriber is installed, the normal case for a library call; the
//! engine still asks `tracing::enabled!` before each attempt.

use std::fmt::{self, Write as _};
use std::future::Future;
use std::hash::{DefaultHasher, Hasher};
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use retry_core::{Retry, retry};

/// The happy-path target: retried / bare.
const TARGET: f64 = 1.10;

// ---------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------

#[derive(Debug)]
struct Down;

impl fmt::Display for Down {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("service down")
    }
}

impl std::error::Error for Down {}

thread_local! {
    static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Small but realistic work, about 50-100 ns: formats a request line into a reused
/// buffer and hashes it.
#[inline]
fn work(id: u64) -> u64 {
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        buffer.clear();
        let _ = write!(buffer, "GET /v1/users/{id}/items?page={}&per_page=50", id % 7);
        let mut hasher = DefaultHasher::new();
        hasher.write(buffer.as_bytes());
        hasher.finish()
    })
}

/// About a microsecond of the same work, to show where the fixed overhead fades.
#[inline]
fn work_1us(id: u64) -> u64 {
    (0..12).fold(id, |acc, k| acc ^ work(id.wrapping_add(k)))
}

async fn async_work_bare(id: u64) -> Result<u64, Down> {
    Ok(work(id))
}

#[retry(stop = attempts(4), wait = exponential(1, 4, 10))]
async fn async_work_retried(id: u64) -> Result<u64, Down> {
    Ok(work(id))
}

async fn async_1us_bare(id: u64) -> Result<u64, Down> {
    Ok(work_1us(id))
}

#[retry(stop = attempts(4), wait = exponential(1, 4, 10))]
async fn async_1us_retried(id: u64) -> Result<u64, Down> {
    Ok(work_1us(id))
}

async fn async_empty_bare(id: u64) -> Result<u64, Down> {
    Ok(id)
}

#[retry(stop = attempts(4), wait = exponential(1, 4, 10))]
async fn async_empty_retried(id: u64) -> Result<u64, Down> {
    Ok(id)
}

fn sync_work_bare(id: u64) -> Result<u64, Down> {
    Ok(work(id))
}

#[retry(stop = attempts(4), wait = exponential(1, 4, 10))]
fn sync_work_retried(id: u64) -> Result<u64, Down> {
    Ok(work(id))
}

fn sync_1us_bare(id: u64) -> Result<u64, Down> {
    Ok(work_1us(id))
}

#[retry(stop = attempts(4), wait = exponential(1, 4, 10))]
fn sync_1us_retried(id: u64) -> Result<u64, Down> {
    Ok(work_1us(id))
}

fn sync_empty_bare(id: u64) -> Result<u64, Down> {
    Ok(id)
}

#[retry(stop = attempts(4), wait = exponential(1, 4, 10))]
fn sync_empty_retried(id: u64) -> Result<u64, Down> {
    Ok(id)
}

/// Polls `future` to completion with a no-op waker; every future here completes on
/// its first poll.
#[inline]
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

// ---------------------------------------------------------------------------------
// Measurement
// ---------------------------------------------------------------------------------

struct Settings {
    rounds: usize,
    round_time: Duration,
}

/// Nanoseconds per call of `f` over `iterations` calls.
fn time_round(iterations: u64, f: &mut dyn FnMut(u64) -> u64) -> f64 {
    let start = Instant::now();
    for i in 0..iterations {
        black_box(f(black_box(i)));
    }
    start.elapsed().as_nanos() as f64 / iterations as f64
}

/// How many calls of the slower of the two fill a round.
fn calibrate(
    settings: &Settings,
    a: &mut dyn FnMut(u64) -> u64,
    b: &mut dyn FnMut(u64) -> u64,
) -> u64 {
    let mut iterations = 1_000u64;
    loop {
        let start = Instant::now();
        time_round(iterations, a);
        time_round(iterations, b);
        let spent = start.elapsed();
        if spent >= settings.round_time || iterations >= 1 << 32 {
            return iterations;
        }
        let scale =
            (settings.round_time.as_secs_f64() / spent.as_secs_f64().max(1e-9)).clamp(1.5, 100.0);
        iterations = (iterations as f64 * scale) as u64;
    }
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Times `bare` and `retried` in interleaved rounds; returns the median ns/call of each.
fn compare(
    settings: &Settings,
    mut bare: impl FnMut(u64) -> u64,
    mut retried: impl FnMut(u64) -> u64,
) -> (f64, f64) {
    let iterations = calibrate(settings, &mut bare, &mut retried);
    let (mut bare_ns, mut retried_ns) = (Vec::new(), Vec::new());
    for round in 0..settings.rounds {
        // Alternate which runs first, so neither always gets the warmer cache.
        if round % 2 == 0 {
            bare_ns.push(time_round(iterations, &mut bare));
            retried_ns.push(time_round(iterations, &mut retried));
        } else {
            retried_ns.push(time_round(iterations, &mut retried));
            bare_ns.push(time_round(iterations, &mut bare));
        }
    }
    (median(bare_ns), median(retried_ns))
}

fn row(name: &str, (bare, retried): (f64, f64)) {
    let ratio = retried / bare;
    let verdict = if ratio <= TARGET { "ok" } else { "OVER" };
    println!(
        "{name:<42} {bare:>9.2} {retried:>9.2} {:>+8.2} {ratio:>7.3}  {verdict}",
        retried - bare
    );
}

fn single(settings: &Settings, name: &str, mut f: impl FnMut(u64) -> u64) {
    let mut nothing = |i: u64| i;
    let iterations = calibrate(settings, &mut f, &mut nothing);
    let samples = (0..settings.rounds).map(|_| time_round(iterations, &mut f)).collect();
    println!("{name:<42} {:>9.2}", median(samples));
}

fn ok(outcome: Result<u64, Down>) -> u64 {
    match outcome {
        Ok(value) => value,
        Err(_) => unreachable!("the first attempt always succeeds"),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this without it.
    let args: Vec<String> = std::env::args().collect();
    let benchmarking = args.iter().any(|arg| arg == "--bench");
    let quick = args.iter().any(|arg| arg == "--quick");
    let settings = match (benchmarking, quick) {
        (false, _) => Settings { rounds: 1, round_time: Duration::from_millis(1) },
        (true, true) => Settings { rounds: 7, round_time: Duration::from_millis(20) },
        (true, false) => Settings { rounds: 21, round_time: Duration::from_millis(100) },
    };

    println!(
        "happy path: first attempt succeeds; median of {} rounds of ~{:?}; tracing feature {}, no subscriber",
        settings.rounds,
        settings.round_time,
        if cfg!(feature = "tracing") { "on" } else { "off" },
    );
    println!(
        "{:<42} {:>9} {:>9} {:>8} {:>7}  target <= {TARGET}",
        "case (ns/call)", "bare", "retried", "delta", "ratio"
    );

    row(
        "async fn, small work",
        compare(
            &settings,
            |i| ok(block_on(async_work_bare(i))),
            |i| ok(block_on(async_work_retried(i))),
        ),
    );
    row(
        "async fn, ~1 us work",
        compare(
            &settings,
            |i| ok(block_on(async_1us_bare(i))),
            |i| ok(block_on(async_1us_retried(i))),
        ),
    );
    row(
        "async fn, empty body",
        compare(
            &settings,
            |i| ok(block_on(async_empty_bare(i))),
            |i| ok(block_on(async_empty_retried(i))),
        ),
    );
    row(
        "sync fn, small work",
        compare(&settings, |i| ok(sync_work_bare(i)), |i| ok(sync_work_retried(i))),
    );
    row(
        "sync fn, ~1 us work",
        compare(&settings, |i| ok(sync_1us_bare(i)), |i| ok(sync_1us_retried(i))),
    );
    row(
        "sync fn, empty body",
        compare(&settings, |i| ok(sync_empty_bare(i)), |i| ok(sync_empty_retried(i))),
    );
    row(
        "Retry::run_blocking, small work",
        compare(
            &settings,
            |i| ok(Ok(work(i))),
            |i| ok(Retry::new().run_blocking(|_ctx| Ok(work(i)))),
        ),
    );
    row(
        "Retry::run_blocking, empty body",
        compare(&settings, |i| ok(Ok(i)), |i| ok(Retry::new().run_blocking(|_ctx| Ok(i)))),
    );

    // What the fixed overhead is made of: the engine reads the clock once per call
    // (`RetryContext::new`) and asks tracing once per attempt.
    println!();
    println!("{:<42} {:>9}", "component (ns/op)", "");
    single(&settings, "loop overhead (identity)", |i| i);
    single(&settings, "std::time::Instant::now()", |i| {
        black_box(Instant::now());
        i
    });
    #[cfg(feature = "tokio")]
    single(&settings, "tokio::time::Instant::now()", |i| {
        black_box(tokio::time::Instant::now());
        i
    });
    single(&settings, "RetryContext::new()", |i| {
        black_box(retry_core::RetryContext::new());
        i
    });
    #[cfg(feature = "tracing")]
    single(&settings, "tracing::enabled!(DEBUG), no subscriber", |i| {
        black_box(tracing::enabled!(target: "retry", tracing::Level::DEBUG));
        i
    });
    single(&settings, "work(id) alone", work);
    single(&settings, "work_1us(id) alone", work_1us);
}
