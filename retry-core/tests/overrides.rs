//! Overrides change the stop condition and waits of every retried call in a scope.

use std::time::Duration;

use retry_core::sleep::RecordingSleeper;
use retry_core::stop::attempts;
use retry_core::wait::fixed;
use retry_core::{Overrides, RetryContext, retry};

#[derive(Debug, PartialEq, thiserror::Error)]
#[error("attempt {0} failed")]
struct Failed(u32);

#[retry(stop = attempts(5), wait = fixed(30))]
fn slow_to_fail(ctx: &RetryContext) -> Result<(), Failed> {
    Err(Failed(ctx.attempt()))
}

#[retry(stop = attempts(4), wait = fixed(30))]
async fn slow_to_fail_async(ctx: &RetryContext) -> Result<(), Failed> {
    tokio::task::yield_now().await;
    Err(Failed(ctx.attempt()))
}

#[retry(stop = attempts(3), wait = fixed(1))]
fn rate_limited(ctx: &RetryContext) -> Result<(), Failed> {
    ctx.set_retry_after(Duration::from_secs(3600));
    Err(Failed(ctx.attempt()))
}

#[test]
fn no_waits_and_max_attempts_make_a_slow_policy_instant() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(|| {
        Overrides::new().no_waits().max_attempts(2).scope_blocking(slow_to_fail)
    });

    assert_eq!(outcome, Err(Failed(2)));
    assert_eq!(waits.waits(), [Duration::ZERO]);
}

#[test]
fn a_stop_and_a_wait_given_at_the_call_site_replace_the_policys() {
    let waits = RecordingSleeper::new();
    let other_policy = Overrides::new().stop(attempts(3)).wait(fixed(2));

    let outcome = waits.scope_blocking(|| other_policy.scope_blocking(slow_to_fail));

    assert_eq!(outcome, Err(Failed(3)));
    assert_eq!(waits.waits(), [Duration::from_secs(2); 2]);
}

#[test]
fn a_replaced_wait_replaces_the_servers_too() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(|| Overrides::new().no_waits().scope_blocking(rate_limited));

    assert_eq!(outcome, Err(Failed(3)));
    assert_eq!(waits.waits(), [Duration::ZERO; 2]);
}

#[test]
fn outside_the_scope_the_policy_applies_again() {
    let waits = RecordingSleeper::new();

    Overrides::new().max_attempts(1).scope_blocking(|| ());
    let outcome = waits.scope_blocking(slow_to_fail);

    assert_eq!(outcome, Err(Failed(5)));
    assert_eq!(waits.waits(), [Duration::from_secs(30); 4]);
}

#[tokio::test]
async fn async_calls_follow_the_overrides_of_their_scope() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope(Overrides::new().wait(fixed(0.5)).scope(slow_to_fail_async())).await;

    assert_eq!(outcome, Err(Failed(4)));
    assert_eq!(waits.waits(), [Duration::from_millis(500); 3]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scoped_call_can_be_spawned() {
    let spawned = tokio::spawn(Overrides::new().max_attempts(1).scope(slow_to_fail_async()));

    assert_eq!(spawned.await.unwrap(), Err(Failed(1)));
}

#[test]
fn hooks_and_logs_see_the_attempt_limit_the_overrides_set() {
    let seen = std::sync::Mutex::new(Vec::new());
    let policy = retry_core::Retry::new().stop(attempts(3)).wait(fixed(0)).before_attempt(
        |state: &retry_core::CallState<'_>| {
            seen.lock().unwrap().push(state.max_attempts());
        },
    );

    let _: Result<(), Failed> = Overrides::new()
        .max_attempts(2)
        .scope_blocking(|| policy.run_blocking(|ctx| Err(Failed(ctx.attempt()))));

    assert_eq!(*seen.lock().unwrap(), [Some(2), Some(2)]);
}
