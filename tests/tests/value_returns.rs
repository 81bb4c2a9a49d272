//! Functions that return a value other than a `Result` (an `Option`, a `bool`, a
//! status being polled, a struct) and retry the values their `retry_if` names, and
//! aliases of a `Result`, which keep retrying their errors. Every call runs under a
//! `RecordingSleeper`, so nothing sleeps and the retry clock moves only by the
//! recorded waits.

use std::io;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use retry_core::sleep::RecordingSleeper;
use retry_core::{RetryContext, retry};
use support::record;

mod support;

fn secs(waits: &[u64]) -> Vec<Duration> {
    waits.iter().copied().map(Duration::from_secs).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JobStatus {
    Pending,
    Done(u32),
    Abandoned,
}

// ---------------------------------------------------------------------------------
// Options, booleans, a status, a struct
// ---------------------------------------------------------------------------------

#[retry(stop = attempts(3), wait = fixed(1), retry_if = result_matches(Option::is_none))]
fn lookup(ctx: &RetryContext, key: &str) -> Option<usize> {
    (ctx.attempt() == 3).then_some(key.len())
}

#[test]
fn an_option_is_retried_while_it_is_none() {
    let waits = RecordingSleeper::new();

    let found = waits.scope_blocking(|| lookup("key"));

    assert_eq!(found, Some(3));
    assert_eq!(waits.waits(), secs(&[1, 1]));
}

#[retry(stop = attempts(4), wait = fixed(2), retry_if = result_matches(|ready: &bool| !ready))]
fn ready(ctx: &RetryContext) -> bool {
    ctx.attempt() > 10
}

#[test]
fn a_value_still_retried_when_the_stop_condition_gives_up_is_returned_as_it_is() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(ready);

    assert!(!outcome);
    assert_eq!(waits.waits(), secs(&[2, 2, 2]));
}

#[retry(
    stop = attempts(5),
    wait = exponential(1, 1, 10),
    retry_if = result_matches(|status: &JobStatus| *status == JobStatus::Pending),
)]
async fn poll(ctx: &RetryContext, id: u32) -> JobStatus {
    tokio::task::yield_now().await;
    if ctx.attempt() < 4 { JobStatus::Pending } else { JobStatus::Done(id) }
}

#[tokio::test]
async fn a_status_is_polled_until_it_is_no_longer_pending() {
    let waits = RecordingSleeper::new();

    let status = waits.scope(poll(7)).await;

    assert_eq!(status, JobStatus::Done(7));
    assert_eq!(waits.waits(), secs(&[1, 2, 4]));
}

#[derive(Debug, PartialEq)]
struct Reading {
    celsius: i32,
    stale: bool,
}

#[retry(stop = attempts(3), wait = fixed(5), retry_if = result_matches(|r: &Reading| r.stale))]
async fn read_sensor(ctx: &RetryContext) -> Reading {
    Reading { celsius: 20 + ctx.attempt() as i32, stale: ctx.attempt() == 1 }
}

#[tokio::test]
async fn a_struct_is_retried_by_what_the_condition_reads_in_it() {
    let waits = RecordingSleeper::new();

    let reading = waits.scope(read_sensor()).await;

    assert_eq!(reading, Reading { celsius: 22, stale: false });
    assert_eq!(waits.waits(), secs(&[5]));
}

#[retry(stop = attempts(3), wait = fixed(1), retry_if = result_matches(Option::is_none))]
fn first_long_word<'a>(ctx: &RetryContext, words: &'a [&'a str]) -> Option<&'a str> {
    let min = 6 - ctx.attempt() as usize;
    words.iter().copied().find(|word| word.len() >= min)
}

#[test]
fn a_value_may_borrow_from_an_argument() {
    let waits = RecordingSleeper::new();
    let words = ["tide", "harbor"];

    let found = waits.scope_blocking(|| first_long_word(&words));

    assert_eq!(found, Some("harbor"));
    assert_eq!(waits.waits(), secs(&[]));
}

// ---------------------------------------------------------------------------------
// Server waits and the stop condition
// ---------------------------------------------------------------------------------

#[retry(stop = attempts(3), wait = fixed(1), retry_if = result_matches(Option::is_none))]
fn not_ready_yet(ctx: &RetryContext) -> Option<u32> {
    ctx.set_retry_after(Duration::from_secs(7)); // "come back in 7 seconds"
    None
}

#[test]
fn a_published_wait_replaces_the_policys_wait_for_a_value() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(not_ready_yet);

    assert_eq!(outcome, None);
    assert_eq!(waits.waits(), secs(&[7, 7]));
}

#[retry(stop = elapsed(10), wait = fixed(4), retry_if = result_matches(|n: &u32| *n == 0))]
async fn zero_forever() -> u32 {
    0
}

#[tokio::test]
async fn an_elapsed_stop_condition_ends_a_poll() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope(zero_forever()).await;

    assert_eq!(outcome, 0);
    assert_eq!(waits.waits(), secs(&[4, 4, 4])); // the fourth attempt ends at 12 s
}

// ---------------------------------------------------------------------------------
// fallback
// ---------------------------------------------------------------------------------

static LAST_SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[retry(
    stop = attempts(3),
    wait = fixed(1),
    retry_if = result_matches(|status: &JobStatus| *status == JobStatus::Pending),
    fallback = |last, state| {
        LAST_SEEN.lock().unwrap().push(format!("{last:?} after {}", state.attempt()));
        JobStatus::Abandoned
    },
)]
async fn poll_or_abandon(ctx: &RetryContext, done_at: u32) -> JobStatus {
    if ctx.attempt() < done_at { JobStatus::Pending } else { JobStatus::Done(ctx.attempt()) }
}

#[tokio::test]
async fn fallback_gets_the_last_value_and_returns_the_callers_value_when_the_call_gives_up() {
    let waits = RecordingSleeper::new();

    let abandoned = waits.scope(poll_or_abandon(9)).await;
    let done = waits.scope(poll_or_abandon(2)).await;

    assert_eq!(abandoned, JobStatus::Abandoned);
    assert_eq!(done, JobStatus::Done(2));
    assert_eq!(*LAST_SEEN.lock().unwrap(), ["Pending after 3"]);
    assert_eq!(waits.waits(), secs(&[1, 1, 1]));
}

#[retry(
    stop = attempts(2),
    wait = none(),
    retry_if = result_matches(Option::is_none),
    fallback = |_last, state| Some(state.attempt() * 100),
)]
fn cached(_ctx: &RetryContext) -> Option<u32> {
    None
}

#[test]
fn fallback_of_a_blocking_function_replaces_the_value() {
    assert_eq!(cached(), Some(200));
}

// ---------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------

static POLL_EVENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[retry(
    stop = attempts(5),
    wait = fixed(2),
    retry_if = result_matches(|done: &bool| !done),
    before = |state| record(&POLL_EVENTS, "before", state),
    after = |state| record(&POLL_EVENTS, "after", state),
    before_sleep = |state| record(&POLL_EVENTS, "before_sleep", state),
    on_success = |state| record(&POLL_EVENTS, "on_success", state),
    on_give_up = |state| record(&POLL_EVENTS, "on_give_up", state),
)]
fn done_on_the_second(ctx: &RetryContext) -> bool {
    ctx.attempt() == 2
}

#[test]
fn hooks_run_for_a_retried_value_as_for_an_error_but_see_no_error() {
    let waits = RecordingSleeper::new();

    let done = waits.scope_blocking(done_on_the_second);

    assert!(done);
    assert_eq!(
        *POLL_EVENTS.lock().unwrap(),
        ["before 1", "after 1", "before_sleep 1 wait 2s", "before 2", "on_success 2"]
    );
    assert_eq!(waits.waits(), secs(&[2]));
}

static GIVE_UP_EVENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[retry(
    stop = attempts(2),
    wait = fixed(3),
    retry_if = result_matches(Option::is_none),
    on_give_up = |state| record(&GIVE_UP_EVENTS, "on_give_up", state),
)]
async fn never_found() -> Option<u32> {
    None
}

#[tokio::test]
async fn on_give_up_runs_once_when_the_last_value_is_still_retried() {
    let waits = RecordingSleeper::new();

    let found = waits.scope(never_found()).await;

    assert_eq!(found, None);
    assert_eq!(*GIVE_UP_EVENTS.lock().unwrap(), ["on_give_up 2"]);
    assert_eq!(waits.waits(), secs(&[3]));
}

// ---------------------------------------------------------------------------------
// try_again
// ---------------------------------------------------------------------------------

#[retry(stop = attempts(5), wait = fixed(3))]
fn queue_length(ctx: &RetryContext) -> usize {
    let length = 30 - 10 * ctx.attempt() as usize;
    if length > 10 {
        ctx.try_again(); // not drained enough yet
    }
    length
}

#[test]
fn try_again_retries_a_value_without_retry_if() {
    let waits = RecordingSleeper::new();

    let length = waits.scope_blocking(queue_length);

    assert_eq!(length, 10);
    assert_eq!(waits.waits(), secs(&[3]));
}

#[retry(stop = attempts(3), wait = fixed(1), retry_if = result_matches(|n: &u32| *n == 0))]
async fn zero_or_asked_again(ctx: &RetryContext) -> u32 {
    match ctx.attempt() {
        1 => 0,
        2 => {
            ctx.try_again();
            5
        }
        n => n,
    }
}

#[tokio::test]
async fn try_again_and_retry_if_each_retry_a_value() {
    let waits = RecordingSleeper::new();

    let value = waits.scope(zero_or_asked_again()).await;

    assert_eq!(value, 3);
    assert_eq!(waits.waits(), secs(&[1, 1]));
}

/// Takes one from `left`, and asks for another attempt while some are left.
fn take_one(ctx: &RetryContext, left: &AtomicU32) -> u32 {
    let left = left.fetch_sub(1, Ordering::Relaxed) - 1;
    if left > 0 {
        ctx.try_again();
    }
    left
}

#[retry(stop = attempts(5), wait = fixed(1), retry_if = never_retry())]
fn take_all(ctx: &RetryContext, left: &AtomicU32) -> u32 {
    take_one(ctx, left)
}

#[test]
fn try_again_from_a_helper_retries_a_value_under_never_retry() {
    let waits = RecordingSleeper::new();
    let left = AtomicU32::new(3);

    let outcome = waits.scope_blocking(|| take_all(&left));

    assert_eq!(outcome, 0);
    assert_eq!(waits.waits(), secs(&[1, 1]));
}

// ---------------------------------------------------------------------------------
// Aliases of a `Result` and generic return types
// ---------------------------------------------------------------------------------

type Reply = Result<u32, io::Error>;

fn timed_out() -> io::Error {
    io::ErrorKind::TimedOut.into()
}

#[retry(stop = attempts(3), wait = fixed(1))]
fn aliased(ctx: &RetryContext) -> Reply {
    if ctx.attempt() < 3 {
        return Err(timed_out());
    }
    Ok(ctx.attempt())
}

#[test]
fn an_alias_of_a_result_named_otherwise_still_retries_its_errors() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(aliased);

    assert_eq!(outcome.unwrap(), 3);
    assert_eq!(waits.waits(), secs(&[1, 1]));
}

#[retry(stop = attempts(3), wait = fixed(1), retry_on = io::Error)]
async fn aliased_retry_on(ctx: &RetryContext) -> Reply {
    Err(if ctx.attempt() < 2 { timed_out() } else { io::Error::other("bad request") })
}

#[tokio::test]
async fn an_alias_of_a_result_takes_retry_on() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope(aliased_retry_on()).await;

    assert_eq!(outcome.unwrap_err().to_string(), "bad request");
    assert_eq!(waits.waits(), secs(&[1, 1]));
}

#[retry(
    stop = attempts(3),
    wait = fixed(1),
    retry_if = error_matches(|e: &io::Error| e.kind() == io::ErrorKind::TimedOut),
    fallback = |last, _state| last.or(Ok(0)),
)]
fn aliased_error_matches(ctx: &RetryContext) -> Reply {
    if ctx.attempt() < 2 {
        return Err(timed_out());
    }
    Err(io::ErrorKind::NotFound.into())
}

#[test]
fn an_alias_of_a_result_takes_error_matches_and_a_fallback_over_the_result() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(aliased_error_matches);

    assert_eq!(outcome.unwrap_err().kind(), io::ErrorKind::NotFound);
    assert_eq!(waits.waits(), secs(&[1]));
}

#[retry(stop = attempts(3), wait = fixed(1), retry_if = result_matches(|value: &R| value == skip))]
fn echo<R: Clone + PartialEq>(attempts: &AtomicU32, value: R, skip: &R) -> R {
    attempts.fetch_add(1, Ordering::Relaxed);
    value
}

#[test]
fn a_generic_return_type_is_a_value_even_when_the_caller_picks_a_result() {
    let waits = RecordingSleeper::new();
    let attempts = AtomicU32::new(0);
    let skipped: Result<u32, String> = Err("skip".to_string());

    let failed = waits.scope_blocking(|| echo(&attempts, Err("down".to_string()), &skipped));
    let skipped_again = waits.scope_blocking(|| echo(&attempts, skipped.clone(), &skipped));

    assert_eq!(failed, Err("down".to_string()));
    assert_eq!(skipped_again, skipped);
    assert_eq!(attempts.load(Ordering::Relaxed), 1 + 3);
    assert_eq!(waits.waits(), secs(&[1, 1]));
}
