//! The retry loop, in an async and a blocking form that share every decision.

use std::fmt::{self, Display};
use std::future::Future;
use std::time::Duration;

use crate::context::RetryContext;
use crate::policy::{AsyncPolicy, BlockingPolicy, Policy};
use crate::readable::Readable;
use crate::state::{CallState, WaitSource};
use crate::{log, overrides};

/// Runs `attempt` under `policy` until it succeeds, the retry condition declines or
/// the stop condition gives up; returns the last outcome unchanged.
///
/// This is the engine behind both [`Retry::run`](crate::Retry::run) and the
/// `#[retry]` attribute on an `async fn`. The caller owns the context, so each
/// attempt's future may borrow it without making the whole call lose `Send`. The
/// sleep is boxed only when a retry happens, so a call whose first attempt succeeds
/// allocates nothing.
///
/// ```
/// use retry_core::{Retry, RetryContext, run_async, stop::attempts, wait::none};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let ctx = RetryContext::new();
/// let outcome: Result<u32, &str> = run_async(
///     Retry::new().stop(attempts(3)).wait(none()),
///     &ctx,
///     |ctx| async move { if ctx.attempt() < 3 { Err("busy") } else { Ok(ctx.attempt()) } },
/// )
/// .await;
/// assert_eq!(outcome, Ok(3));
/// # }
/// ```
// An `async fn` would keep a second copy of its arguments in the future.
#[allow(clippy::manual_async_fn)]
pub fn run_async<'c, P, T, E, F, Fut>(
    policy: P,
    ctx: &'c RetryContext,
    attempt: F,
) -> impl Future<Output = Result<T, E>>
where
    P: AsyncPolicy<T, E>,
    E: Display,
    F: FnMut(&'c RetryContext) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    run_async_inspecting(policy, ctx, attempt, |_, _| {})
}

/// [`run_async`], calling `inspect` with each attempt's outcome before deciding
/// what follows; the attribute inspects errors for a server's wait there.
#[allow(clippy::manual_async_fn)]
#[doc(hidden)]
pub fn run_async_inspecting<'c, P, T, E, F, Fut, I>(
    policy: P,
    ctx: &'c RetryContext,
    mut attempt: F,
    inspect: I,
) -> impl Future<Output = Result<T, E>>
where
    P: AsyncPolicy<T, E>,
    E: Display,
    F: FnMut(&'c RetryContext) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    I: Fn(&RetryContext, &Result<T, E>),
{
    async move {
        if P::NEEDS_CLOCK || overrides::any_open() {
            ctx.start_clock();
        }
        let mut slept = Slept::default();
        loop {
            before_attempt(&policy, ctx, slept.get());
            let wait = {
                // `if let` drops its scrutinee before `else`, so nothing of it is
                // kept across the attempt's await (a `match` would keep it).
                let outcome = if let Some(expired) = policy.expired_attempt(ctx) {
                    expired
                } else {
                    let output = policy.limit_attempt(ctx, attempt(ctx)).await;
                    policy.attempt_outcome::<Fut>(ctx, output)
                };
                inspect(ctx, &outcome);
                match after_attempt(&policy, ctx, slept.get(), outcome) {
                    Step::Sleep(wait) => wait,
                    Step::Done(outcome) => return outcome,
                }
            };
            slept.add(wait);
            policy.sleep(wait).await;
            ctx.next_attempt();
        }
    }
}

/// The blocking form of [`run_async`], behind [`Retry::run_blocking`](crate::Retry::run_blocking)
/// and the `#[retry]` attribute on a plain `fn`.
///
/// ```
/// use retry_core::{Retry, RetryContext, run_blocking, wait::none};
///
/// let outcome: Result<(), &str> = run_blocking(Retry::new().wait(none()), &RetryContext::new(), |_ctx| Err("down"));
/// assert_eq!(outcome, Err("down"));
/// ```
pub fn run_blocking<P, T, E, F>(policy: P, ctx: &RetryContext, attempt: F) -> Result<T, E>
where
    P: BlockingPolicy<T, E>,
    E: Display,
    F: FnMut(&RetryContext) -> Result<T, E>,
{
    run_blocking_inspecting(policy, ctx, attempt, |_, _| {})
}

/// [`run_blocking`] with an `inspect` step, as [`run_async_inspecting`].
#[doc(hidden)]
pub fn run_blocking_inspecting<P, T, E, F, I>(
    policy: P,
    ctx: &RetryContext,
    mut attempt: F,
    inspect: I,
) -> Result<T, E>
where
    P: BlockingPolicy<T, E>,
    E: Display,
    F: FnMut(&RetryContext) -> Result<T, E>,
    I: Fn(&RetryContext, &Result<T, E>),
{
    if P::NEEDS_CLOCK || overrides::any_open() {
        ctx.start_clock();
    }
    let mut slept = Slept::default();
    loop {
        before_attempt(&policy, ctx, slept.get());
        let outcome = attempt(ctx);
        inspect(ctx, &outcome);
        let wait = match after_attempt(&policy, ctx, slept.get(), outcome) {
            Step::Sleep(wait) => wait,
            Step::Done(outcome) => return outcome,
        };
        slept.add(wait);
        policy.sleep(wait);
        ctx.next_attempt();
    }
}

fn before_attempt<P, T, E>(policy: &P, ctx: &RetryContext, slept: Duration)
where
    P: Policy<T, E>,
{
    let logging = log::attempts_enabled();
    if !logging && !P::HAS_BEFORE_ATTEMPT {
        return;
    }
    let policy = policy.resolve();
    let state = CallState {
        function: policy.function(),
        attempt: ctx.attempt(),
        max_attempts: overrides::max_attempts(policy.max_attempts()),
        elapsed: ctx.elapsed(),
        slept,
        next_wait: None,
        error: None,
    };
    if logging {
        log::attempt(&state);
    }
    policy.before_attempt(&state);
}

/// What follows an attempt.
enum Step<T, E> {
    /// The call ends with this outcome.
    Done(Result<T, E>),
    /// Sleep this long, then try again.
    Sleep(Duration),
}

/// Decides what follows an attempt, running the hooks and, on giving up, the
/// policy's fallback.
fn after_attempt<P, T, E>(
    policy: &P,
    ctx: &RetryContext,
    slept: Duration,
    outcome: Result<T, E>,
) -> Step<T, E>
where
    P: Policy<T, E>,
    E: Display,
{
    if outcome.is_ok() && !P::MAY_RETRY_OK && !P::HAS_ON_SUCCESS && !ctx.try_again_requested() {
        return Step::Done(outcome);
    }
    let policy = policy.resolve();
    let (published, try_again) = ctx.take_requests();
    let retry = try_again || policy.should_retry(&outcome);
    let mut state = CallState {
        function: policy.function(),
        attempt: ctx.attempt(),
        max_attempts: overrides::max_attempts(policy.max_attempts()),
        elapsed: ctx.elapsed(),
        slept,
        next_wait: None,
        error: outcome.as_ref().err().map(|error| error as &dyn Display),
    };
    if !retry {
        if outcome.is_ok() {
            policy.on_success(&state);
        } else {
            log::not_retried(&state);
        }
        return Step::Done(outcome);
    }
    policy.after_failure(&state);

    let asked = published.or_else(|| policy.server_wait(&outcome));
    let (mut wait, source) = match asked {
        Some(wait) => (wait, WaitSource::Server),
        None => (policy.wait(&state), WaitSource::Policy),
    };
    let overridden = overrides::wait(&state);
    let mut refused = None;
    match overridden {
        Some(replacement) => wait = replacement,
        None if source == WaitSource::Server => match policy.server_wait_cap().apply(wait) {
            Ok(accepted) => wait = accepted,
            Err(asked) => refused = Some(asked),
        },
        None => {}
    }
    state.next_wait = Some((wait, source));
    let why = if let Some(asked) = refused {
        // Kept for `RetryError`, which tells how long the server asked for.
        ctx.set_retry_after(asked);
        GiveUp::ServerWaitTooLong(asked, policy.server_wait_cap().limit())
    } else if policy.past_deadline(&state) {
        GiveUp::Deadline
    } else if overrides::stop(&state, || policy.should_stop(&state)) {
        GiveUp::Stopped
    } else {
        log::sleeping(&state);
        policy.before_sleep(&state);
        return Step::Sleep(wait);
    };
    // No sleep follows: hooks and the fallback see no planned wait.
    state.next_wait = None;
    log::giving_up(&state, known_elapsed(ctx, &state), &why);
    policy.on_give_up(&state);
    let without_error = CallState { error: None, ..state };
    Step::Done(policy.fallback(outcome, &without_error))
}

/// Why a call gave up.
enum GiveUp {
    /// The stop condition was reached.
    Stopped,
    /// The next attempt could not start before the deadline.
    Deadline,
    /// The server asked for a wait (first) longer than the cap (second) allows.
    ServerWaitTooLong(Duration, Duration),
}

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GiveUp::Stopped => f.write_str("the stop condition was reached"),
            GiveUp::Deadline => {
                f.write_str("the deadline would pass before the next attempt could start")
            }
            GiveUp::ServerWaitTooLong(asked, cap) => write!(
                f,
                "the server asked to wait {}, longer than max_server_wait allows ({})",
                Readable(*asked),
                Readable(*cap)
            ),
        }
    }
}

/// The call's elapsed time, if its clock was started.
fn known_elapsed(ctx: &RetryContext, state: &CallState<'_>) -> Option<Duration> {
    ctx.clock_started().then(|| state.elapsed())
}

/// Total time slept, kept as whole milliseconds (each wait rounded up) so it
/// takes a quarter of a `Duration`'s room in the call's future; it saturates at
/// 49 days.
#[derive(Default, Clone, Copy)]
struct Slept(u32);

impl Slept {
    fn get(self) -> Duration {
        Duration::from_millis(u64::from(self.0))
    }

    fn add(&mut self, wait: Duration) {
        let wait = u32::try_from(wait.as_nanos().div_ceil(1_000_000)).unwrap_or(u32::MAX);
        self.0 = self.0.saturating_add(wait);
    }
}
