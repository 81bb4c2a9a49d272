//! The retry loop's decisions, observed through the public API with a recording
//! sleeper: nothing here sleeps for real.

use std::cell::Cell;
use std::sync::Mutex;
use std::time::Duration;

use retry_core::sleep::RecordingSleeper;
use retry_core::stop::{attempts, elapsed};
use retry_core::wait::{exponential, fixed};
use retry_core::{CallState, Retry, RetryContext, WaitSource};

#[derive(Debug, PartialEq, thiserror::Error)]
#[error("attempt {0} failed")]
struct Failed(u32);

fn secs(values: &[u64]) -> Vec<Duration> {
    values.iter().copied().map(Duration::from_secs).collect()
}

#[test]
fn a_first_success_is_returned_without_sleeping() {
    let waits = RecordingSleeper::new();
    let calls = Cell::new(0);

    let outcome: Result<&str, Failed> = Retry::new().sleeper(waits.clone()).run_blocking(|_| {
        calls.set(calls.get() + 1);
        Ok("done")
    });

    assert_eq!(outcome, Ok("done"));
    assert_eq!(calls.get(), 1);
    assert_eq!(waits.waits(), secs(&[]));
}

#[test]
fn giving_up_returns_the_last_error_unchanged() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(4)).wait(exponential(1, 4, 10)).sleeper(waits.clone());

    let outcome: Result<(), Failed> = policy.run_blocking(|ctx| Err(Failed(ctx.attempt())));

    assert_eq!(outcome, Err(Failed(4)));
    assert_eq!(waits.waits(), secs(&[4, 4, 4]));
}

#[test]
fn the_default_policy_makes_three_attempts_waiting_one_then_two_seconds() {
    let waits = RecordingSleeper::new();

    let outcome: Result<(), Failed> =
        Retry::new().sleeper(waits.clone()).run_blocking(|ctx| Err(Failed(ctx.attempt())));

    assert_eq!(outcome, Err(Failed(3)));
    assert_eq!(waits.waits(), secs(&[1, 2]));
}

#[test]
fn an_error_the_condition_declines_is_returned_after_one_attempt() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().retry_on::<std::io::Error>().sleeper(waits.clone());

    let outcome: Result<(), Failed> = policy.run_blocking(|ctx| Err(Failed(ctx.attempt())));

    assert_eq!(outcome, Err(Failed(1)));
    assert_eq!(waits.waits(), secs(&[]));
}

#[test]
fn a_published_wait_replaces_the_policy_wait_for_one_sleep() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(4)).wait(fixed(1)).sleeper(waits.clone());

    let _: Result<(), Failed> = policy.run_blocking(|ctx| {
        if ctx.attempt() == 2 {
            ctx.set_retry_after(Duration::from_secs(7));
        }
        Err(Failed(ctx.attempt()))
    });

    assert_eq!(waits.waits(), secs(&[1, 7, 1]));
}

#[test]
fn a_published_wait_is_ignored_when_the_attempt_succeeds() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().sleeper(waits.clone());

    let outcome: Result<u32, Failed> = policy.run_blocking(|ctx| {
        ctx.set_retry_after(Duration::from_secs(30));
        Ok(ctx.attempt())
    });

    assert_eq!(outcome, Ok(1));
    assert_eq!(waits.waits(), secs(&[]));
}

#[test]
fn a_server_wait_above_max_server_wait_gives_up_at_once() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(10)).max_server_wait(60).sleeper(waits.clone());

    let outcome: Result<(), Failed> = policy.run_blocking(|ctx| {
        ctx.set_retry_after(Duration::from_secs(3600));
        Err(Failed(ctx.attempt()))
    });

    assert_eq!(outcome, Err(Failed(1)));
    assert_eq!(waits.waits(), secs(&[]));
}

#[test]
fn a_server_wait_equal_to_max_server_wait_is_honoured() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(2)).max_server_wait(60).sleeper(waits.clone());

    let _: Result<(), Failed> = policy.run_blocking(|ctx| {
        ctx.set_retry_after(Duration::from_secs(60));
        Err(Failed(ctx.attempt()))
    });

    assert_eq!(waits.waits(), secs(&[60]));
}

#[test]
fn the_default_max_server_wait_is_five_minutes() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(3));

    let outcome: Result<(), Failed> = waits.scope_blocking(|| {
        policy.run_blocking(|ctx| {
            let asked = if ctx.attempt() == 1 { 300 } else { 301 };
            ctx.set_retry_after(Duration::from_secs(asked));
            Err(Failed(ctx.attempt()))
        })
    });

    assert_eq!(outcome, Err(Failed(2)));
    assert_eq!(waits.waits(), secs(&[300]));
}

#[test]
fn a_server_wait_that_would_overrun_the_elapsed_limit_gives_up_before_sleeping() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(10) | elapsed(30));

    let outcome: Result<(), Failed> = waits.scope_blocking(|| {
        policy.run_blocking(|ctx| {
            ctx.set_retry_after(Duration::from_secs(12));
            Err(Failed(ctx.attempt()))
        })
    });

    assert_eq!(outcome, Err(Failed(3)));
    assert_eq!(waits.waits(), secs(&[12, 12]));
}

#[test]
fn elapsed_counts_the_sleeps_between_attempts() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(elapsed(10)).wait(fixed(4));

    let outcome: Result<(), Failed> =
        waits.scope_blocking(|| policy.run_blocking(|ctx| Err(Failed(ctx.attempt()))));

    assert_eq!(outcome, Err(Failed(4)));
    assert_eq!(waits.waits(), secs(&[4, 4, 4]));
}

#[test]
fn the_context_reports_elapsed_time_on_the_retry_clock() {
    let waits = RecordingSleeper::new();
    let seen = Mutex::new(Vec::new());
    let policy = Retry::new().stop(attempts(3)).wait(fixed(5));

    let _: Result<(), Failed> = waits.scope_blocking(|| {
        policy.run_blocking(|ctx| {
            seen.lock().unwrap().push(ctx.elapsed().as_secs());
            Err(Failed(ctx.attempt()))
        })
    });

    assert_eq!(*seen.lock().unwrap(), [0, 5, 10]);
}

#[test]
fn hooks_see_each_attempt_and_each_planned_sleep() {
    let events = Mutex::new(Vec::new());
    let policy = Retry::new()
        .stop(attempts(3))
        .wait(fixed(2))
        .sleeper(RecordingSleeper::new())
        .before_attempt(|state: &CallState<'_>| {
            events.lock().unwrap().push(format!("attempt {}", state.attempt()));
        })
        .before_sleep(|state: &CallState<'_>| {
            events.lock().unwrap().push(format!(
                "sleep {:?} after {} ({:?}): {}",
                state.next_wait().unwrap_or_default(),
                state.attempt(),
                state.wait_source().unwrap_or(WaitSource::Policy),
                state.error().map(ToString::to_string).unwrap_or_default(),
            ));
        });

    let _: Result<(), Failed> = policy.run_blocking(|ctx| {
        if ctx.attempt() == 2 {
            ctx.set_retry_after(Duration::from_secs(9));
        }
        Err(Failed(ctx.attempt()))
    });

    assert_eq!(
        *events.lock().unwrap(),
        [
            "attempt 1",
            "sleep 2s after 1 (Policy): attempt 1 failed",
            "attempt 2",
            "sleep 9s after 2 (Server): attempt 2 failed",
            "attempt 3",
        ]
    );
}

#[test]
fn hooks_see_the_stop_conditions_attempt_limit_and_time_slept() {
    let seen = Mutex::new(Vec::new());
    let policy = Retry::new()
        .stop(attempts(3))
        .wait(fixed(2))
        .sleeper(RecordingSleeper::new())
        .before_attempt(|state: &CallState<'_>| {
            seen.lock().unwrap().push((state.max_attempts(), state.slept().as_secs()));
        });

    let _: Result<(), Failed> = policy.run_blocking(|ctx| Err(Failed(ctx.attempt())));

    assert_eq!(*seen.lock().unwrap(), [(Some(3), 0), (Some(3), 2), (Some(3), 4)]);
}

#[tokio::test(start_paused = true)]
async fn async_calls_sleep_on_tokios_clock() {
    let start = tokio::time::Instant::now();
    let policy = Retry::new().stop(attempts(3)).wait(exponential(1, 4, 10));
    let ctx = RetryContext::new();

    let outcome: Result<(), Failed> =
        policy.run(&ctx, |ctx| async move { Err(Failed(ctx.attempt())) }).await;

    assert_eq!(outcome, Err(Failed(3)));
    assert_eq!(start.elapsed(), Duration::from_secs(8));
}

#[tokio::test]
async fn async_calls_record_waits_inside_a_scope() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(4)).wait(exponential(1, 4, 10));
    let ctx = RetryContext::new();

    let outcome: Result<(), Failed> = waits
        .scope(policy.run(&ctx, |ctx| async move {
            tokio::task::yield_now().await;
            Err(Failed(ctx.attempt()))
        }))
        .await;

    assert_eq!(outcome, Err(Failed(4)));
    assert_eq!(waits.waits(), secs(&[4, 4, 4]));
}

#[test]
fn concurrent_calls_keep_their_own_attempt_counts() {
    let policy = Retry::new().stop(attempts(3)).sleeper(RecordingSleeper::new());

    let outcomes: Vec<Result<(), Failed>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| policy.run_blocking(|ctx| Err(Failed(ctx.attempt())))))
            .collect();
        handles.into_iter().map(|handle| handle.join().unwrap()).collect()
    });

    assert_eq!(outcomes, [Err(Failed(3)), Err(Failed(3)), Err(Failed(3)), Err(Failed(3))]);
}

mod attribute {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Duration;

    use retry_core::retry;
    use retry_core::sleep::RecordingSleeper;
    use retry_core::wait::{Fixed, fixed};

    use super::Failed;

    static WAITS_BUILT: AtomicU32 = AtomicU32::new(0);

    fn counted_wait() -> Fixed {
        WAITS_BUILT.fetch_add(1, Ordering::SeqCst);
        fixed(1)
    }

    #[retry(stop = attempts(4), wait = counted_wait())]
    fn always_failing() -> Result<(), Failed> {
        Err(Failed(0))
    }

    #[retry(stop = attempts(4), wait = counted_wait())]
    fn succeeding() -> Result<u32, Failed> {
        Ok(7)
    }

    #[test]
    fn the_policy_is_built_once_per_decision_and_not_for_a_first_success() {
        let waits = RecordingSleeper::new();
        WAITS_BUILT.store(0, Ordering::SeqCst);

        let succeeded = waits.scope_blocking(succeeding);
        let built_for_success = WAITS_BUILT.swap(0, Ordering::SeqCst);
        let failed = waits.scope_blocking(always_failing);

        assert_eq!(succeeded, Ok(7));
        assert_eq!(built_for_success, 0);
        assert_eq!(failed, Err(Failed(0)));
        // One decision after each of the 4 attempts, and one build to sleep
        // after each of the first 3.
        assert_eq!(WAITS_BUILT.load(Ordering::SeqCst), 7);
        assert_eq!(waits.waits(), [Duration::from_secs(1); 3]);
    }
}

#[test]
fn every_hook_runs_at_its_point_of_the_call() {
    let events = Mutex::new(Vec::new());
    let log = |what: &str, state: &CallState<'_>| {
        events.lock().unwrap().push(format!("{what} {}", state.attempt()));
    };
    let policy = Retry::new()
        .stop(attempts(3))
        .wait(fixed(1))
        .sleeper(RecordingSleeper::new())
        .before_attempt(|state: &CallState<'_>| log("before", state))
        .after_failure(|state: &CallState<'_>| log("failed", state))
        .before_sleep(|state: &CallState<'_>| log("sleep", state))
        .on_success(|state: &CallState<'_>| log("success", state))
        .on_give_up(|state: &CallState<'_>| log("give up", state));

    let _: Result<(), Failed> = policy.run_blocking(|ctx| Err(Failed(ctx.attempt())));
    let gave_up = std::mem::take(&mut *events.lock().unwrap());
    let _: Result<u32, Failed> =
        policy.run_blocking(|ctx| if ctx.attempt() < 2 { Err(Failed(1)) } else { Ok(2) });

    assert_eq!(
        gave_up,
        [
            "before 1",
            "failed 1",
            "sleep 1",
            "before 2",
            "failed 2",
            "sleep 2",
            "before 3",
            "failed 3",
            "give up 3",
        ]
    );
    assert_eq!(
        *events.lock().unwrap(),
        ["before 1", "failed 1", "sleep 1", "before 2", "success 2"]
    );
}

/// Retries timeouts only.
struct Timeouts;

impl<T> retry_core::condition::RetryIf<T, std::io::Error> for Timeouts {
    fn should_retry(&self, outcome: &Result<T, std::io::Error>) -> bool {
        matches!(outcome, Err(error) if error.kind() == std::io::ErrorKind::TimedOut)
    }
}

#[test]
fn the_fallback_replaces_the_outcome_only_when_giving_up() {
    let policy = Retry::new()
        .stop(attempts(2))
        .sleeper(RecordingSleeper::new())
        .retry_if(Timeouts)
        .fallback(|last: Result<u32, std::io::Error>, state: &CallState<'_>| {
            Ok(last.map_or(state.attempt() * 10, |value| value))
        });

    let gave_up = policy.run_blocking(|_ctx| Err(std::io::ErrorKind::TimedOut.into()));
    let declined = policy.run_blocking(|_ctx| Err(std::io::Error::other("permanent")));

    assert_eq!(gave_up.unwrap(), 20);
    assert_eq!(declined.unwrap_err().to_string(), "permanent");
}

#[test]
fn try_again_retries_a_success_and_returns_it_if_the_call_gives_up() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(3)).wait(fixed(2)).sleeper(waits.clone());

    let outcome: Result<u32, Failed> = policy.run_blocking(|ctx| {
        ctx.try_again();
        Ok(ctx.attempt())
    });

    assert_eq!(outcome, Ok(3));
    assert_eq!(waits.waits(), secs(&[2, 2]));
}

mod wrapped {
    use std::time::Duration;

    use retry_core::sleep::RecordingSleeper;
    use retry_core::{RetryError, retry};

    #[retry(stop = attempts(3), wait = fixed(5), wrap_errors = true)]
    fn always_timing_out() -> Result<u32, RetryError<std::io::Error>> {
        Err(std::io::ErrorKind::TimedOut.into())
    }

    #[retry(stop = attempts(3), wait = fixed(5), wrap_errors = true)]
    async fn always_timing_out_async() -> Result<u32, RetryError<std::io::Error>> {
        Err(std::io::ErrorKind::TimedOut.into())
    }

    #[test]
    fn wrap_errors_returns_the_last_error_with_the_attempts_and_time_spent() {
        let waits = RecordingSleeper::new();

        let error = waits.scope_blocking(always_timing_out).unwrap_err();

        assert_eq!(error.attempts(), 3);
        assert_eq!(error.elapsed(), Duration::from_secs(10));
        assert_eq!(error.to_string(), "gave up after 3 attempts in 10s");
        assert_eq!(error.into_last().kind(), std::io::ErrorKind::TimedOut);
    }

    #[tokio::test]
    async fn wrap_errors_works_on_async_functions_too() {
        let waits = RecordingSleeper::new();

        let error = waits.scope(always_timing_out_async()).await.unwrap_err();

        assert_eq!((error.attempts(), error.elapsed()), (3, Duration::from_secs(10)));
    }
}

#[test]
fn the_give_up_hook_and_the_fallback_see_no_planned_wait() {
    let seen = Mutex::new(Vec::new());
    let policy = Retry::new()
        .stop(attempts(2))
        .wait(fixed(5))
        .sleeper(RecordingSleeper::new())
        .on_give_up(|state: &CallState<'_>| seen.lock().unwrap().push(state.next_wait()))
        .fallback(|last: Result<(), Failed>, state: &CallState<'_>| {
            seen.lock().unwrap().push(state.next_wait());
            last
        });

    let _ = policy.run_blocking(|ctx| Err(Failed(ctx.attempt())));

    assert_eq!(*seen.lock().unwrap(), [None, None]);
}
