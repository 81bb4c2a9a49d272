//! The runtime's waits, stop conditions, retry conditions, hooks, fallback and
//! `try_again`, each reached through the `#[retry]` attribute rather than through
//! `Retry`. Every call runs under a `RecordingSleeper`, so nothing sleeps and the
//! retry clock moves only by the recorded waits.

use std::num::ParseIntError;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use retry_core::sleep::RecordingSleeper;
use retry_core::{RetryContext, retry};
use support::record;

mod support;

fn secs(waits: &[f64]) -> Vec<Duration> {
    waits.iter().map(|&secs| Duration::from_secs_f64(secs)).collect()
}

fn nanos(waits: &[u64]) -> Vec<Duration> {
    waits.iter().map(|&nanos| Duration::from_nanos(nanos)).collect()
}

// ---------------------------------------------------------------------------------
// Waits
// ---------------------------------------------------------------------------------

#[retry(stop = attempts(4), wait = incrementing(1, 2, 6))]
fn incrementing_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn wait_incrementing_grows_by_its_step_up_to_max() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(incrementing_down);

    assert_eq!(outcome, Err(4));
    assert_eq!(waits.waits(), secs(&[1.0, 3.0, 5.0]));
}

#[retry(stop = attempts(6), wait = exponential(0.5, 1, 20).base(3.0))]
fn exponential_base_3_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn wait_exponential_with_base_3_triples_within_min_and_max() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(exponential_base_3_down);

    assert_eq!(outcome, Err(6));
    assert_eq!(waits.waits(), secs(&[1.0, 1.5, 4.5, 13.5, 20.0]));
}

#[retry(stop = attempts(6), wait = random(1, 3).seed(7))]
fn seeded_random_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn wait_random_seeded_stays_within_bounds_and_repeats_across_calls() {
    let first = RecordingSleeper::new();
    let second = RecordingSleeper::new();

    let outcome = first.scope_blocking(seeded_random_down);
    let _ = second.scope_blocking(seeded_random_down);

    assert_eq!(outcome, Err(6));
    assert_eq!(first.waits().len(), 5);
    let (low, high) = (Duration::from_secs(1), Duration::from_secs(3));
    assert!(first.waits().iter().all(|wait| (low..=high).contains(wait)), "{:?}", first.waits());
    assert_eq!(first.waits(), second.waits());
}

#[retry(stop = attempts(4), wait = exponential_jitter(1, 10, 1).seed(7))]
fn exponential_jitter_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn wait_exponential_jitter_seeded_gives_its_known_schedule() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(exponential_jitter_down);

    assert_eq!(outcome, Err(4));
    assert_eq!(waits.waits(), nanos(&[1_389_829_748, 2_016_788_295, 4_900_760_681]));
}

#[retry(stop = attempts(4), wait = equal_jitter(1, 10).seed(7))]
fn equal_jitter_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn wait_equal_jitter_seeded_gives_its_known_schedule() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(equal_jitter_down);

    assert_eq!(outcome, Err(4));
    assert_eq!(waits.waits(), nanos(&[694_914_874, 1_016_788_295, 3_801_521_361]));
}

#[retry(stop = attempts(4), wait = decorrelated_jitter(1, 20).seed(7))]
fn decorrelated_jitter_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn wait_decorrelated_jitter_seeded_gives_its_known_schedule() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(decorrelated_jitter_down);

    assert_eq!(outcome, Err(4));
    assert_eq!(waits.waits(), nanos(&[1_779_659_497, 1_072_844_049, 2_998_366_527]));
}

#[retry(stop = attempts(5), wait = chain([3, 3, 7].map(fixed)))]
fn chain_of_array_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[retry(stop = attempts(5), wait = chain((fixed(3), fixed(3), fixed(7))))]
fn chain_of_tuple_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn wait_chain_uses_one_strategy_per_attempt_then_repeats_the_last() {
    let array = RecordingSleeper::new();
    let tuple = RecordingSleeper::new();

    let array_outcome = array.scope_blocking(chain_of_array_down);
    let tuple_outcome = tuple.scope_blocking(chain_of_tuple_down);

    assert_eq!((array_outcome, tuple_outcome), (Err(5), Err(5)));
    assert_eq!(array.waits(), secs(&[3.0, 3.0, 7.0, 7.0]));
    assert_eq!(tuple.waits(), secs(&[3.0, 3.0, 7.0, 7.0]));
}

#[retry(stop = attempts(6), wait = fixed(1) + random(0, 0.5).seed(1))]
fn fixed_plus_random_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn wait_fixed_plus_random_sleeps_between_the_fixed_time_and_the_sum() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(fixed_plus_random_down);

    assert_eq!(outcome, Err(6));
    assert_eq!(waits.waits().len(), 5);
    let (low, high) = (Duration::from_secs(1), Duration::from_millis(1500));
    assert!(waits.waits().iter().all(|wait| (low..=high).contains(wait)), "{:?}", waits.waits());
}

// ---------------------------------------------------------------------------------
// Stop conditions
// ---------------------------------------------------------------------------------

#[retry(stop = before_elapsed(10), wait = fixed(4))]
fn before_elapsed_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn stop_before_elapsed_gives_up_before_a_sleep_that_would_overrun() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(before_elapsed_down);

    assert_eq!(outcome, Err(3));
    assert_eq!(waits.waits(), secs(&[4.0, 4.0]));
}

#[retry(stop = never() | attempts(5), wait = fixed(1))]
fn never_or_attempts_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn stop_never_or_attempts_stops_at_the_attempt_limit() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(never_or_attempts_down);

    assert_eq!(outcome, Err(5));
    assert_eq!(waits.waits(), secs(&[1.0, 1.0, 1.0, 1.0]));
}

static SHUTDOWN: AtomicBool = AtomicBool::new(false);

#[retry(stop = attempts(100) | cancelled(&SHUTDOWN), wait = fixed(1))]
fn cancelled_on_attempt_2(ctx: &RetryContext) -> Result<(), u32> {
    if ctx.attempt() == 2 {
        SHUTDOWN.store(true, Ordering::Relaxed);
    }
    Err(ctx.attempt())
}

#[test]
fn stop_cancelled_gives_up_after_the_attempt_that_set_the_flag() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(cancelled_on_attempt_2);

    assert_eq!(outcome, Err(2));
    assert_eq!(waits.waits(), secs(&[1.0]));
}

#[retry(stop = stop_if(|s| s.attempt() == 2), wait = fixed(1))]
fn stop_if_down(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn stop_if_gives_up_when_the_closure_says_so() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(stop_if_down);

    assert_eq!(outcome, Err(2));
    assert_eq!(waits.waits(), secs(&[1.0]));
}

// ---------------------------------------------------------------------------------
// Retry conditions
// ---------------------------------------------------------------------------------

#[derive(Debug, thiserror::Error)]
enum ParseOrBusy {
    #[error("bad number")]
    Parse(#[from] ParseIntError),
    #[error("busy on attempt {0}")]
    Busy(u32),
}

#[retry(stop = attempts(4), wait = fixed(1), retry_if = retry_unless::<ParseIntError>())]
fn busy_then_bad_number(ctx: &RetryContext) -> Result<u32, ParseOrBusy> {
    if ctx.attempt() < 3 {
        return Err(ParseOrBusy::Busy(ctx.attempt()));
    }
    Ok("seven".parse::<u32>()?)
}

#[test]
fn retry_unless_retries_other_errors_and_returns_the_excluded_one_at_once() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(busy_then_bad_number);

    assert!(matches!(outcome, Err(ParseOrBusy::Parse(_))), "{outcome:?}");
    assert_eq!(waits.waits(), secs(&[1.0, 1.0]));
}

#[retry(
    stop = attempts(5),
    wait = fixed(1),
    retry_if = error_matches(|e: &std::io::Error| e.kind() == std::io::ErrorKind::TimedOut),
)]
fn timed_out_twice_then_refused(ctx: &RetryContext) -> Result<(), std::io::Error> {
    if ctx.attempt() < 3 {
        return Err(std::io::ErrorKind::TimedOut.into());
    }
    Err(std::io::ErrorKind::ConnectionRefused.into())
}

#[test]
fn error_matches_retries_only_the_errors_the_closure_accepts() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(timed_out_twice_then_refused);

    assert_eq!(outcome.unwrap_err().kind(), std::io::ErrorKind::ConnectionRefused);
    assert_eq!(waits.waits(), secs(&[1.0, 1.0]));
}

static POLLS: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[retry(
    stop = attempts(10),
    wait = fixed(2),
    retry_if = result_matches(|v: &&str| *v == "pending"),
    before = |state| record(&POLLS, "poll", state),
)]
fn job_status_text(ctx: &RetryContext) -> Result<&'static str, String> {
    Ok(if ctx.attempt() < 3 { "pending" } else { "done" })
}

#[test]
fn result_matches_polls_until_the_value_is_no_longer_pending() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(job_status_text);

    assert_eq!(outcome, Ok("done"));
    assert_eq!(*POLLS.lock().unwrap(), ["poll 1", "poll 2", "poll 3"]);
    assert_eq!(waits.waits(), secs(&[2.0, 2.0]));
}

#[retry(stop = attempts(3), wait = fixed(1), retry_if = always())]
fn always_succeeds(ctx: &RetryContext) -> Result<u32, String> {
    Ok(ctx.attempt())
}

#[test]
fn always_retries_successes_until_the_stop_condition_and_returns_the_last() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(always_succeeds);

    assert_eq!(outcome, Ok(3));
    assert_eq!(waits.waits(), secs(&[1.0, 1.0]));
}

#[retry(stop = attempts(5), wait = fixed(1), retry_if = never_retry())]
fn never_retried(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

#[test]
fn never_retry_makes_exactly_one_attempt() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(never_retried);

    assert_eq!(outcome, Err(1));
    assert_eq!(waits.waits(), []);
}

#[retry(
    stop = attempts(10),
    wait = fixed(1),
    retry_if = retry_on::<std::io::Error>() | result_matches(|n: &u32| *n == 0),
)]
fn io_error_then_zero_then_answer(ctx: &RetryContext) -> Result<u32, std::io::Error> {
    match ctx.attempt() {
        1 => Err(std::io::ErrorKind::TimedOut.into()),
        2 => Ok(0),
        n => Ok(n * 10),
    }
}

#[test]
fn conditions_combined_with_or_retry_what_either_accepts() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(io_error_then_zero_then_answer);

    assert_eq!(outcome.unwrap(), 30);
    assert_eq!(waits.waits(), secs(&[1.0, 1.0]));
}

#[retry(
    stop = attempts(10),
    wait = fixed(1),
    retry_if = retry_on::<std::io::Error>()
        & error_matches(|e: &std::io::Error| e.kind() != std::io::ErrorKind::PermissionDenied),
)]
fn timed_out_then_denied(ctx: &RetryContext) -> Result<(), std::io::Error> {
    match ctx.attempt() {
        1 => Err(std::io::ErrorKind::TimedOut.into()),
        _ => Err(std::io::ErrorKind::PermissionDenied.into()),
    }
}

#[test]
fn conditions_combined_with_and_retry_only_what_both_accept() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(timed_out_then_denied);

    assert_eq!(outcome.unwrap_err().kind(), std::io::ErrorKind::PermissionDenied);
    assert_eq!(waits.waits(), secs(&[1.0]));
}

// ---------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------

static SYNC_RECOVERS: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[retry(
    stop = attempts(5),
    wait = fixed(2),
    before = |state| record(&SYNC_RECOVERS, "before", state),
    after = |state| record(&SYNC_RECOVERS, "after", state),
    before_sleep = |state| record(&SYNC_RECOVERS, "before_sleep", state),
    on_success = |state| record(&SYNC_RECOVERS, "on_success", state),
    on_give_up = |state| record(&SYNC_RECOVERS, "on_give_up", state),
)]
fn sync_fails_twice(ctx: &RetryContext) -> Result<u32, String> {
    if ctx.attempt() < 3 {
        return Err(format!("down{}", ctx.attempt()));
    }
    Ok(ctx.attempt())
}

const RECOVERS_EVENTS: [&str; 8] = [
    "before 1",
    "after 1 error down1",
    "before_sleep 1 wait 2s error down1",
    "before 2",
    "after 2 error down2",
    "before_sleep 2 wait 2s error down2",
    "before 3",
    "on_success 3",
];

#[test]
fn hooks_run_in_order_for_a_sync_call_that_fails_twice_then_succeeds() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(sync_fails_twice);

    assert_eq!(outcome, Ok(3));
    assert_eq!(*SYNC_RECOVERS.lock().unwrap(), RECOVERS_EVENTS);
    assert_eq!(waits.waits(), secs(&[2.0, 2.0]));
}

static ASYNC_RECOVERS: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[retry(
    stop = attempts(5),
    wait = fixed(2),
    before = |state| record(&ASYNC_RECOVERS, "before", state),
    after = |state| record(&ASYNC_RECOVERS, "after", state),
    before_sleep = |state| record(&ASYNC_RECOVERS, "before_sleep", state),
    on_success = |state| record(&ASYNC_RECOVERS, "on_success", state),
    on_give_up = |state| record(&ASYNC_RECOVERS, "on_give_up", state),
)]
async fn async_fails_twice(ctx: &RetryContext) -> Result<u32, String> {
    if ctx.attempt() < 3 {
        return Err(format!("down{}", ctx.attempt()));
    }
    Ok(ctx.attempt())
}

#[tokio::test]
async fn hooks_run_in_order_for_an_async_call_that_fails_twice_then_succeeds() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope(async_fails_twice()).await;

    assert_eq!(outcome, Ok(3));
    assert_eq!(*ASYNC_RECOVERS.lock().unwrap(), RECOVERS_EVENTS);
    assert_eq!(waits.waits(), secs(&[2.0, 2.0]));
}

static SYNC_GIVES_UP: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[retry(
    stop = attempts(3),
    wait = fixed(2),
    before = |state| record(&SYNC_GIVES_UP, "before", state),
    after = |state| record(&SYNC_GIVES_UP, "after", state),
    before_sleep = |state| record(&SYNC_GIVES_UP, "before_sleep", state),
    on_success = |state| record(&SYNC_GIVES_UP, "on_success", state),
    on_give_up = |state| record(&SYNC_GIVES_UP, "on_give_up", state),
)]
fn sync_always_down(ctx: &RetryContext) -> Result<u32, String> {
    Err(format!("down{}", ctx.attempt()))
}

const GIVES_UP_EVENTS: [&str; 9] = [
    "before 1",
    "after 1 error down1",
    "before_sleep 1 wait 2s error down1",
    "before 2",
    "after 2 error down2",
    "before_sleep 2 wait 2s error down2",
    "before 3",
    "after 3 error down3",
    "on_give_up 3 error down3",
];

#[test]
fn hooks_run_in_order_for_a_sync_call_that_gives_up() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(sync_always_down);

    assert_eq!(outcome, Err("down3".to_string()));
    assert_eq!(*SYNC_GIVES_UP.lock().unwrap(), GIVES_UP_EVENTS);
    assert_eq!(waits.waits(), secs(&[2.0, 2.0]));
}

static ASYNC_GIVES_UP: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[retry(
    stop = attempts(3),
    wait = fixed(2),
    before = |state| record(&ASYNC_GIVES_UP, "before", state),
    after = |state| record(&ASYNC_GIVES_UP, "after", state),
    before_sleep = |state| record(&ASYNC_GIVES_UP, "before_sleep", state),
    on_success = |state| record(&ASYNC_GIVES_UP, "on_success", state),
    on_give_up = |state| record(&ASYNC_GIVES_UP, "on_give_up", state),
)]
async fn async_always_down(ctx: &RetryContext) -> Result<u32, String> {
    Err(format!("down{}", ctx.attempt()))
}

#[tokio::test]
async fn hooks_run_in_order_for_an_async_call_that_gives_up() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope(async_always_down()).await;

    assert_eq!(outcome, Err("down3".to_string()));
    assert_eq!(*ASYNC_GIVES_UP.lock().unwrap(), GIVES_UP_EVENTS);
    assert_eq!(waits.waits(), secs(&[2.0, 2.0]));
}

static DECLINED: Mutex<Vec<String>> = Mutex::new(Vec::new());

// `on_success` means "ends without giving up": it also runs for an error the retry
// condition declines, and `on_give_up` does not.
#[retry(
    stop = attempts(3),
    wait = fixed(1),
    retry_if = never_retry(),
    on_success = |state| record(&DECLINED, "on_success", state),
    on_give_up = |state| record(&DECLINED, "on_give_up", state),
)]
fn declined_at_once() -> Result<(), String> {
    Err("bad request".to_string())
}

#[test]
fn on_success_does_not_run_for_an_error_the_condition_declines() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(declined_at_once);

    assert_eq!(outcome, Err("bad request".to_string()));
    assert_eq!(*DECLINED.lock().unwrap(), Vec::<String>::new());
    assert_eq!(waits.waits(), []);
}

// ---------------------------------------------------------------------------------
// Fallback
// ---------------------------------------------------------------------------------

#[derive(Debug, PartialEq, thiserror::Error)]
enum FetchError {
    #[error("busy")]
    Busy,
    #[error("not found")]
    NotFound,
}

impl FetchError {
    fn retried(&self) -> bool {
        *self == FetchError::Busy
    }
}

#[retry(
    stop = attempts(3),
    wait = fixed(1),
    retry_if = error_matches(FetchError::retried),
    fallback = |last, state| match last {
        Err(FetchError::Busy) => Ok(format!("cached after {}", state.attempt())),
        other => other,
    },
)]
fn sync_fetch(found: bool) -> Result<String, FetchError> {
    Err(if found { FetchError::NotFound } else { FetchError::Busy })
}

#[test]
fn fallback_replaces_the_last_error_when_a_sync_call_gives_up() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(|| sync_fetch(false));

    assert_eq!(outcome, Ok("cached after 3".to_string()));
    assert_eq!(waits.waits(), secs(&[1.0, 1.0]));
}

static SYNC_FALLBACK_CALLS: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[retry(
    stop = attempts(3),
    wait = fixed(1),
    retry_if = error_matches(FetchError::retried),
    fallback = |_last, state| {
        record(&SYNC_FALLBACK_CALLS, "fallback", state);
        Ok("cached".to_string())
    },
)]
fn sync_not_found() -> Result<String, FetchError> {
    Err(FetchError::NotFound)
}

#[test]
fn fallback_is_not_called_for_an_error_the_condition_declines_sync() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(sync_not_found);

    assert_eq!(outcome, Err(FetchError::NotFound));
    assert!(SYNC_FALLBACK_CALLS.lock().unwrap().is_empty());
    assert_eq!(waits.waits(), []);
}

#[retry(
    stop = attempts(3),
    wait = fixed(1),
    retry_if = error_matches(FetchError::retried),
    fallback = |_last, state| Ok(format!("cached after {}", state.attempt())),
)]
async fn async_fetch(found: bool) -> Result<String, FetchError> {
    Err(if found { FetchError::NotFound } else { FetchError::Busy })
}

#[tokio::test]
async fn fallback_replaces_the_last_error_when_an_async_call_gives_up() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope(async_fetch(false)).await;

    assert_eq!(outcome, Ok("cached after 3".to_string()));
    assert_eq!(waits.waits(), secs(&[1.0, 1.0]));
}

#[tokio::test]
async fn fallback_is_not_called_for_an_error_the_condition_declines_async() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope(async_fetch(true)).await;

    assert_eq!(outcome, Err(FetchError::NotFound));
    assert_eq!(waits.waits(), []);
}

// ---------------------------------------------------------------------------------
// try_again
// ---------------------------------------------------------------------------------

#[retry(stop = attempts(5), wait = fixed(3))]
fn pending_twice(ctx: &RetryContext) -> Result<&'static str, std::io::Error> {
    if ctx.attempt() < 3 {
        ctx.try_again();
        return Ok("pending");
    }
    Ok("done")
}

#[test]
fn try_again_retries_a_success_with_the_policys_wait() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(pending_twice);

    assert_eq!(outcome.unwrap(), "done");
    assert_eq!(waits.waits(), secs(&[3.0, 3.0]));
}

#[retry(stop = attempts(2), wait = fixed(3))]
async fn always_pending(ctx: &RetryContext) -> Result<u32, std::io::Error> {
    ctx.try_again();
    Ok(ctx.attempt())
}

#[tokio::test]
async fn try_again_returns_the_last_success_when_an_async_call_gives_up() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope(always_pending()).await;

    assert_eq!(outcome.unwrap(), 2);
    assert_eq!(waits.waits(), secs(&[3.0]));
}
