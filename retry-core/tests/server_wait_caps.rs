//! How much of a server's requested wait a policy accepts, and where the engine
//! finds that wait: published on the context, or carried by the error.

use std::time::Duration;

use retry_core::condition::RetryIf;
use retry_core::server_wait::{clamp, unlimited};
use retry_core::sleep::RecordingSleeper;
use retry_core::stop::{attempts, elapsed};
use retry_core::wait::fixed;
use retry_core::{Retry, RetryContext, RetryError, run_blocking};

const HOUR: Duration = Duration::from_secs(3600);

fn secs(values: &[u64]) -> Vec<Duration> {
    values.iter().copied().map(Duration::from_secs).collect()
}

/// An error that says how long the server asked to wait, as an HTTP error would.
#[derive(Debug, PartialEq)]
struct Busy(Option<Duration>);

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("busy")
    }
}

/// Retries every `Busy` and reads its wait.
struct BusyWaits;

impl<T> RetryIf<T, Busy> for BusyWaits {
    fn should_retry(&self, outcome: &Result<T, Busy>) -> bool {
        outcome.is_err()
    }

    fn server_wait(&self, outcome: &Result<T, Busy>) -> Option<Duration> {
        outcome.as_ref().err().and_then(|busy| busy.0)
    }
}

#[test]
fn a_clamped_cap_sleeps_the_cap_when_the_server_asks_for_longer() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(3)).max_server_wait(clamp(60)).sleeper(waits.clone());

    let outcome: Result<(), &str> = policy.run_blocking(|ctx| {
        ctx.set_retry_after(HOUR);
        Err("rate limited")
    });

    assert_eq!(outcome, Err("rate limited"));
    assert_eq!(waits.waits(), secs(&[60, 60]));
}

#[test]
fn an_unlimited_cap_honours_the_server_in_full() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(2)).max_server_wait(unlimited()).sleeper(waits.clone());

    let _: Result<(), &str> = policy.run_blocking(|ctx| {
        ctx.set_retry_after(HOUR);
        Err("rate limited")
    });

    assert_eq!(waits.waits(), secs(&[3600]));
}

#[test]
fn an_unlimited_cap_still_yields_to_an_elapsed_limit() {
    let waits = RecordingSleeper::new();
    let policy =
        Retry::new().stop(elapsed(600)).max_server_wait(unlimited()).sleeper(waits.clone());

    let _: Result<(), &str> = policy.run_blocking(|ctx| {
        ctx.set_retry_after(HOUR);
        Err("rate limited")
    });

    assert_eq!(waits.waits(), secs(&[]));
}

#[test]
fn giving_up_over_the_cap_is_explained_by_a_wrapped_error() {
    let waits = RecordingSleeper::new();
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(attempts(5)).max_server_wait(300).sleeper(waits.clone());

    let outcome: Result<(), RetryError<&str>> = run_blocking(policy, &ctx, |ctx| {
        ctx.set_retry_after(HOUR);
        Err("rate limited")
    })
    .map_err(|error| RetryError::new(error, &ctx));

    let error = outcome.unwrap_err();
    assert_eq!(error.attempts(), 1);
    assert_eq!(error.refused_server_wait(), Some(HOUR));
    assert!(
        error.to_string().ends_with(": the server asked to wait 1h, longer than allowed"),
        "{error}"
    );
    assert_eq!(waits.waits(), secs(&[]));
}

#[test]
fn a_wrapped_error_of_a_call_that_merely_ran_out_of_attempts_names_no_server_wait() {
    let ctx = RetryContext::new();
    let policy = Retry::new().stop(attempts(2)).sleeper(RecordingSleeper::new());

    let error = run_blocking(policy, &ctx, |ctx| {
        ctx.set_retry_after(Duration::from_secs(1));
        Err::<(), _>("busy")
    })
    .map_err(|error| RetryError::new(error, &ctx))
    .unwrap_err();

    assert_eq!(error.refused_server_wait(), None);
}

#[test]
fn the_condition_reads_the_wait_the_error_carries() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(3)).wait(fixed(1)).retry_if(BusyWaits);

    let outcome: Result<(), Busy> = waits.scope_blocking(|| {
        policy.run_blocking(|ctx| match ctx.attempt() {
            1 => Err(Busy(Some(Duration::from_secs(7)))),
            _ => Err(Busy(None)),
        })
    });

    assert_eq!(outcome, Err(Busy(None)));
    assert_eq!(waits.waits(), secs(&[7, 1]));
}

#[test]
fn a_wait_published_on_the_context_beats_the_one_the_error_carries() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(2)).retry_if(BusyWaits).sleeper(waits.clone());

    let _: Result<(), Busy> = policy.run_blocking(|ctx| {
        ctx.set_retry_after(Duration::from_secs(2));
        Err(Busy(Some(Duration::from_secs(7))))
    });

    assert_eq!(waits.waits(), secs(&[2]));
}

#[test]
fn a_wait_the_error_carries_is_capped_like_any_server_wait() {
    let waits = RecordingSleeper::new();
    let policy = Retry::new().stop(attempts(4)).retry_if(BusyWaits).sleeper(waits.clone());

    let outcome: Result<(), Busy> = policy.run_blocking(|_| Err(Busy(Some(HOUR))));

    assert_eq!(outcome, Err(Busy(Some(HOUR))));
    assert_eq!(waits.waits(), secs(&[]));
}
