//! Per-attempt timeouts and the call's deadline, on tokio's paused clock: the
//! times asserted are exact, and nothing sleeps for real.

use std::time::Duration;

use retry_core::stop::{attempts, elapsed};
use retry_core::wait::fixed;
use retry_core::{Limit, Retry, RetryContext, TimedOut};
use tokio::time::{Instant, sleep};

#[derive(Debug, PartialEq, thiserror::Error)]
enum Failure {
    #[error("attempt {0} failed")]
    Failed(u32),
    #[error(transparent)]
    TimedOut(#[from] TimedOut),
}

fn secs(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

/// An attempt that takes `took` and then fails.
async fn slow_failure(ctx: &RetryContext, took: Duration) -> Result<(), Failure> {
    sleep(took).await;
    Err(Failure::Failed(ctx.attempt()))
}

#[tokio::test(start_paused = true)]
async fn an_attempt_past_its_timeout_is_cut_short_and_retried() {
    let started = Instant::now();
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(attempts(3)).wait(fixed(1)).timeout(5);

    let outcome = policy.run(&ctx, |ctx| slow_failure(ctx, secs(60))).await;

    assert_eq!(outcome, Err(Failure::TimedOut(TimedOut::new(Limit::Attempt, secs(5)))));
    assert_eq!(ctx.attempt(), 3);
    assert_eq!(started.elapsed(), secs(5 + 1 + 5 + 1 + 5));
}

#[tokio::test(start_paused = true)]
async fn an_attempt_within_its_timeout_is_untouched() {
    let started = Instant::now();
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(attempts(3)).wait(fixed(1)).timeout(5);

    let outcome: Result<u32, Failure> = policy
        .run(&ctx, |ctx| async move {
            sleep(secs(4)).await;
            Ok(ctx.attempt())
        })
        .await;

    assert_eq!(outcome, Ok(1));
    assert_eq!(started.elapsed(), secs(4));
}

#[tokio::test(start_paused = true)]
async fn the_deadline_cuts_a_running_attempt_and_ends_the_call() {
    let started = Instant::now();
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(attempts(5)).wait(fixed(1)).deadline(10);

    let outcome = policy.run(&ctx, |ctx| slow_failure(ctx, secs(60))).await;

    assert_eq!(outcome, Err(Failure::TimedOut(TimedOut::new(Limit::Deadline, secs(10)))));
    assert_eq!(ctx.attempt(), 1);
    assert_eq!(started.elapsed(), secs(10));
}

#[tokio::test(start_paused = true)]
async fn a_sleep_that_would_end_past_the_deadline_is_skipped() {
    let started = Instant::now();
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(attempts(5)).wait(fixed(4)).deadline(10);

    // Attempts take 2 s: fail at 2 s, sleep to 6 s, fail at 8 s; a 4 s sleep would
    // end at 12 s, past the deadline, so the call gives up at 8 s.
    let outcome = policy.run(&ctx, |ctx| slow_failure(ctx, secs(2))).await;

    assert_eq!(outcome, Err(Failure::Failed(2)));
    assert_eq!(started.elapsed(), secs(8));
}

#[tokio::test(start_paused = true)]
async fn an_elapsed_limit_alone_overshoots_where_a_deadline_does_not() {
    let started = Instant::now();
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(elapsed(10) | attempts(5)).wait(fixed(4));

    let outcome = policy.run(&ctx, |ctx| slow_failure(ctx, secs(2))).await;

    assert_eq!(outcome, Err(Failure::Failed(3)));
    assert_eq!(started.elapsed(), secs(14));
}

#[tokio::test(start_paused = true)]
async fn a_server_wait_past_the_deadline_ends_the_call_at_once() {
    let started = Instant::now();
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(attempts(5)).deadline(30);

    let outcome: Result<(), Failure> = policy
        .run(&ctx, |ctx| async move {
            ctx.set_retry_after(secs(60));
            Err(Failure::Failed(ctx.attempt()))
        })
        .await;

    assert_eq!(outcome, Err(Failure::Failed(1)));
    assert_eq!(started.elapsed(), secs(0));
}

#[tokio::test(start_paused = true)]
async fn an_attempt_gets_the_shorter_of_its_timeout_and_the_time_left() {
    let started = Instant::now();
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(attempts(5)).wait(fixed(1)).timeout(5).deadline(8);

    // 0–5 s: timed out; sleep to 6 s; 6–8 s: cut by the deadline.
    let outcome = policy.run(&ctx, |ctx| slow_failure(ctx, secs(60))).await;

    assert_eq!(outcome, Err(Failure::TimedOut(TimedOut::new(Limit::Deadline, secs(8)))));
    assert_eq!(ctx.attempt(), 2);
    assert_eq!(started.elapsed(), secs(8));
}

#[tokio::test(start_paused = true)]
async fn an_attempt_cut_by_its_timeout_is_retried_whatever_the_condition() {
    let ctx = RetryContext::new();
    let policy = Retry::new()
        .stop(attempts(3))
        .wait(fixed(1))
        .retry_if(retry_core::condition::never_retry())
        .timeout(5);

    let outcome = policy.run(&ctx, |ctx| slow_failure(ctx, secs(60))).await;

    assert_eq!(outcome, Err(Failure::TimedOut(TimedOut::new(Limit::Attempt, secs(5)))));
    assert_eq!(ctx.attempt(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_zero_deadline_starts_no_attempt() {
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(attempts(3)).deadline(0);
    let started = std::sync::atomic::AtomicU32::new(0);

    let outcome: Result<(), Failure> = policy
        .run(&ctx, |_| {
            started.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async { Ok(()) }
        })
        .await;

    assert_eq!(outcome, Err(Failure::TimedOut(TimedOut::new(Limit::Deadline, secs(0)))));
    assert_eq!(started.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[tokio::test(start_paused = true)]
async fn an_override_of_the_stop_condition_keeps_the_deadline() {
    let started = Instant::now();
    let policy = Retry::new().stop(attempts(2)).wait(fixed(20)).deadline(30);
    let overrides = retry_core::Overrides::new().stop(attempts(5));

    let outcome = overrides
        .scope(async {
            let ctx = RetryContext::new();
            policy.run(&ctx, |ctx| slow_failure(ctx, secs(1))).await
        })
        .await;

    // Fail at 1 s, sleep to 21 s, fail at 22 s; a 20 s sleep would pass 30 s.
    assert_eq!(outcome, Err(Failure::Failed(2)));
    assert_eq!(started.elapsed(), secs(22));
}
