//! [`Retry`]: a complete retry policy, and the traits the engine drives it through.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

#[cfg(feature = "tokio")]
use crate::IntoDelay;
use crate::condition::{AnyError, RetryIf, RetryOn};
use crate::hooks::{Fallback, Hook, HookSet, Hooks, LastOutcome};
use crate::server_wait::{IntoServerWaitCap, ServerWaitCap};
use crate::sleep::{BlockingSleep, DefaultSleep, Sleep};
use crate::state::CallState;
use crate::stop::{Attempts, Stop, attempts};
#[cfg(feature = "tokio")]
use crate::time_limit::TimeLimits;
use crate::time_limit::{AsyncTimeLimit, NoTimeLimit, TimeLimit};
use crate::wait::{Exponential, Wait, exponential};
use crate::{RetryContext, engine};

/// The attempts a policy makes unless told otherwise.
pub const DEFAULT_ATTEMPTS: u32 = 3;

/// The longest wait a server may ask for before the call gives up instead.
pub const DEFAULT_MAX_SERVER_WAIT: Duration = Duration::from_secs(300);

/// A retry policy: when to stop, how long to wait, which outcomes to retry, what
/// to run along the way, and how to sleep.
///
/// `Retry::new()` makes at most [`DEFAULT_ATTEMPTS`] (3) attempts, waits
/// `exponential(1, 0, 30)` between them (1 s, then 2 s) and retries every error. Each
/// builder method replaces one part. The `#[retry]` attribute builds the same policy
/// from its keys and runs it with the same engine.
///
/// ```
/// use retry_core::{Retry, stop::attempts, wait::fixed, sleep::RecordingSleeper};
/// use std::time::Duration;
///
/// let policy = Retry::new().stop(attempts(4)).wait(fixed(2)).retry_on::<std::io::Error>();
/// let waits = RecordingSleeper::new();
/// let mut calls = 0;
/// let outcome: Result<&str, std::io::Error> = waits.scope_blocking(|| {
///     policy.run_blocking(|ctx| {
///         calls += 1;
///         if ctx.attempt() < 3 { Err(std::io::ErrorKind::TimedOut.into()) } else { Ok("done") }
///     })
/// });
/// assert_eq!(outcome.unwrap(), "done");
/// assert_eq!(calls, 3);
/// assert_eq!(waits.waits(), [Duration::from_secs(2), Duration::from_secs(2)]);
/// ```
#[derive(Clone)]
pub struct Retry<
    S = Attempts,
    W = Exponential,
    C = AnyError,
    H = Hooks,
    Sleeper = DefaultSleep,
    F = LastOutcome,
    L = NoTimeLimit,
> {
    name: &'static str,
    stop: S,
    wait: W,
    retry_if: C,
    hooks: H,
    sleeper: Sleeper,
    fallback: F,
    server_waits: ServerWaitCap,
    limits: L,
}

/// `$retry` with one part replaced, for the builder methods that change a type.
macro_rules! replace {
    ($retry:ident, stop: $value:expr) => {
        Retry {
            name: $retry.name,
            stop: $value,
            wait: $retry.wait,
            retry_if: $retry.retry_if,
            hooks: $retry.hooks,
            sleeper: $retry.sleeper,
            fallback: $retry.fallback,
            server_waits: $retry.server_waits,
            limits: $retry.limits,
        }
    };
    ($retry:ident, wait: $value:expr) => {
        Retry {
            name: $retry.name,
            stop: $retry.stop,
            wait: $value,
            retry_if: $retry.retry_if,
            hooks: $retry.hooks,
            sleeper: $retry.sleeper,
            fallback: $retry.fallback,
            server_waits: $retry.server_waits,
            limits: $retry.limits,
        }
    };
    ($retry:ident, retry_if: $value:expr) => {
        Retry {
            name: $retry.name,
            stop: $retry.stop,
            wait: $retry.wait,
            retry_if: $value,
            hooks: $retry.hooks,
            sleeper: $retry.sleeper,
            fallback: $retry.fallback,
            server_waits: $retry.server_waits,
            limits: $retry.limits,
        }
    };
    ($retry:ident, hooks: $value:expr) => {
        Retry {
            name: $retry.name,
            stop: $retry.stop,
            wait: $retry.wait,
            retry_if: $retry.retry_if,
            hooks: $value,
            sleeper: $retry.sleeper,
            fallback: $retry.fallback,
            server_waits: $retry.server_waits,
            limits: $retry.limits,
        }
    };
    ($retry:ident, sleeper: $value:expr) => {
        Retry {
            name: $retry.name,
            stop: $retry.stop,
            wait: $retry.wait,
            retry_if: $retry.retry_if,
            hooks: $retry.hooks,
            sleeper: $value,
            fallback: $retry.fallback,
            server_waits: $retry.server_waits,
            limits: $retry.limits,
        }
    };
    ($retry:ident, fallback: $value:expr) => {
        Retry {
            name: $retry.name,
            stop: $retry.stop,
            wait: $retry.wait,
            retry_if: $retry.retry_if,
            hooks: $retry.hooks,
            sleeper: $retry.sleeper,
            fallback: $value,
            server_waits: $retry.server_waits,
            limits: $retry.limits,
        }
    };
    ($retry:ident, limits: $value:expr) => {
        Retry {
            name: $retry.name,
            stop: $retry.stop,
            wait: $retry.wait,
            retry_if: $retry.retry_if,
            hooks: $retry.hooks,
            sleeper: $retry.sleeper,
            fallback: $retry.fallback,
            server_waits: $retry.server_waits,
            limits: $value,
        }
    };
}

impl Retry {
    /// The default policy: 3 attempts, exponential waits of 1 s then 2 s, every
    /// error retried, sleeping on the default sleeper.
    #[inline]
    pub fn new() -> Self {
        Retry {
            name: "",
            stop: attempts(DEFAULT_ATTEMPTS),
            wait: exponential(1, 0, 30),
            retry_if: AnyError,
            hooks: Hooks::default(),
            sleeper: DefaultSleep,
            fallback: LastOutcome,
            server_waits: ServerWaitCap::default(),
            limits: NoTimeLimit,
        }
    }
}

impl Default for Retry {
    fn default() -> Self {
        Self::new()
    }
}

impl<S, W, C, H, Z, F, L> Retry<S, W, C, H, Z, F, L> {
    /// Names the call in logs and in [`CallState::function`].
    ///
    /// ```
    /// let policy = retry_core::Retry::new().name("billing::charge");
    /// ```
    #[inline]
    pub fn name(mut self, name: &'static str) -> Self {
        self.name = name;
        self
    }

    /// Replaces the stop condition.
    ///
    /// ```
    /// use retry_core::{Retry, stop::{attempts, elapsed}};
    /// let policy = Retry::new().stop(attempts(10) | elapsed(60));
    /// ```
    #[inline]
    pub fn stop<S2: Stop>(self, stop: S2) -> Retry<S2, W, C, H, Z, F, L> {
        replace!(self, stop: stop)
    }

    /// Replaces the wait strategy.
    ///
    /// ```
    /// use retry_core::{Retry, wait::exponential};
    /// let policy = Retry::new().wait(exponential(0.5, 0, 10));
    /// ```
    #[inline]
    pub fn wait<W2: Wait>(self, wait: W2) -> Retry<S, W2, C, H, Z, F, L> {
        replace!(self, wait: wait)
    }

    /// Retries only errors that are, or were caused by, an `X`; see
    /// [`retry_on`](crate::condition::retry_on).
    ///
    /// ```
    /// let policy = retry_core::Retry::new().retry_on::<std::io::Error>();
    /// ```
    #[inline]
    pub fn retry_on<X: std::error::Error + 'static>(self) -> Retry<S, W, RetryOn<X>, H, Z, F, L> {
        self.retry_if(crate::condition::retry_on::<X>())
    }

    /// Replaces the retry condition.
    ///
    /// ```
    /// use retry_core::{Retry, condition::AnyError};
    /// let policy = Retry::new().retry_if(AnyError);
    /// ```
    #[inline]
    pub fn retry_if<C2>(self, retry_if: C2) -> Retry<S, W, C2, H, Z, F, L> {
        replace!(self, retry_if: retry_if)
    }

    /// Replaces the sleeper, for example with a
    /// [`RecordingSleeper`](crate::sleep::RecordingSleeper) in tests.
    ///
    /// ```
    /// use retry_core::{Retry, sleep::RecordingSleeper};
    /// let waits = RecordingSleeper::new();
    /// let policy = Retry::new().sleeper(waits.clone());
    /// ```
    #[inline]
    pub fn sleeper<Z2>(self, sleeper: Z2) -> Retry<S, W, C, H, Z2, F, L> {
        replace!(self, sleeper: sleeper)
    }

    /// What the call returns when it gives up, computed from the last outcome
    /// instead of returning it unchanged (tenacity's `retry_error_callback`). It
    /// runs only on giving up, not for an error the retry condition declines.
    ///
    /// ```
    /// use retry_core::{CallState, Retry, stop::attempts, wait::none};
    ///
    /// let policy = Retry::new()
    ///     .stop(attempts(3))
    ///     .wait(none())
    ///     .fallback(|_last: Result<&str, &str>, _state: &CallState<'_>| Ok("cached"));
    /// assert_eq!(policy.run_blocking(|_ctx| Err("down")), Ok("cached"));
    /// ```
    #[inline]
    pub fn fallback<F2>(self, fallback: F2) -> Retry<S, W, C, H, Z, F2, L> {
        replace!(self, fallback: fallback)
    }

    /// The most of a server's requested wait the call accepts, whether the wait
    /// was published with [`RetryContext::set_retry_after`] or carried by the error
    /// (see [`RetryIf::server_wait`](crate::condition::RetryIf::server_wait)). A
    /// length of time means [`give_up_over`](crate::server_wait::give_up_over) it: a
    /// longer wait makes the call give up at once, returning the last error, instead
    /// of sleeping. [`clamp`](crate::server_wait::clamp) and
    /// [`unlimited`](crate::server_wait::unlimited) are the other choices. Defaults to
    /// giving up over [`DEFAULT_MAX_SERVER_WAIT`] (five minutes).
    ///
    /// ```
    /// use retry_core::{Retry, server_wait::clamp};
    ///
    /// let strict = Retry::new().max_server_wait(30);
    /// let patient = Retry::new().max_server_wait(clamp(120));
    /// ```
    #[inline]
    pub fn max_server_wait(mut self, cap: impl IntoServerWaitCap) -> Self {
        self.server_waits = cap.into_server_wait_cap();
        self
    }

    /// Cuts each attempt short after `timeout`; the attempt then fails with a
    /// [`TimedOut`](crate::TimedOut) error, which the retry condition sees like any
    /// other (every built-in condition that retries errors retries it). The
    /// function's error type must implement `From<TimedOut>`. Async calls only: a
    /// blocking attempt cannot be interrupted.
    ///
    /// ```
    /// use retry_core::{Retry, RetryContext, TimedOut, stop::attempts, wait::none};
    /// use std::time::Duration;
    ///
    /// #[derive(Debug, thiserror::Error)]
    /// #[error(transparent)]
    /// struct Slow(#[from] TimedOut);
    ///
    /// # #[tokio::main(flavor = "current_thread", start_paused = true)]
    /// # async fn main() {
    /// let policy = Retry::new().stop(attempts(2)).wait(none()).timeout(5);
    /// let ctx = RetryContext::new();
    /// let outcome: Result<(), Slow> = policy
    ///     .run(&ctx, |_ctx| async { tokio::time::sleep(Duration::from_secs(60)).await; Ok(()) })
    ///     .await;
    /// assert_eq!(outcome.unwrap_err().to_string(), "the attempt took longer than its 5s timeout");
    /// assert_eq!(ctx.attempt(), 2);
    /// # }
    /// ```
    #[cfg(feature = "tokio")]
    #[inline]
    pub fn timeout(self, timeout: impl IntoDelay) -> Retry<S, W, C, H, Z, F, TimeLimits>
    where
        L: TimeLimit,
    {
        let limits = self.limits.into_limits().with_timeout(timeout.into_delay());
        replace!(self, limits: limits)
    }

    /// Ends the whole call by `deadline`, counted from the first attempt's start:
    /// an attempt still running then is cut short with a
    /// [`TimedOut`](crate::TimedOut) error, and a wait that would end at or past the
    /// deadline is not slept: the call gives up at once with the last error. The
    /// deadline applies besides the stop condition. The function's error type must
    /// implement `From<TimedOut>`; async calls only.
    ///
    /// ```
    /// use retry_core::{Retry, stop::attempts, wait::fixed};
    ///
    /// // At most 10 attempts, 2 s apart, and never more than 30 s in all.
    /// let policy = Retry::new().stop(attempts(10)).wait(fixed(2)).deadline(30);
    /// ```
    #[cfg(feature = "tokio")]
    #[inline]
    pub fn deadline(self, deadline: impl IntoDelay) -> Retry<S, W, C, H, Z, F, TimeLimits>
    where
        L: TimeLimit,
    {
        let limits = self.limits.into_limits().with_deadline(deadline.into_delay());
        replace!(self, limits: limits)
    }

    /// Calls `attempt` until its future succeeds, the retry condition declines, or
    /// the stop condition gives up; returns the last outcome unchanged.
    ///
    /// `ctx` is the call's [`RetryContext`], made with [`RetryContext::new`] just
    /// before; each attempt's future may borrow it.
    ///
    /// ```
    /// use retry_core::{Retry, RetryContext, stop::attempts, wait::none};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let policy = Retry::new().stop(attempts(3)).wait(none());
    /// let ctx = RetryContext::new();
    /// let outcome: Result<u32, String> = policy
    ///     .run(&ctx, |ctx| async move {
    ///         if ctx.attempt() == 3 { Ok(3) } else { Err("busy".into()) }
    ///     })
    ///     .await;
    /// assert_eq!(outcome, Ok(3));
    /// # }
    /// ```
    pub async fn run<'c, T, E, A, Fut>(&self, ctx: &'c RetryContext, attempt: A) -> Result<T, E>
    where
        Self: AsyncPolicy<T, E>,
        E: fmt::Display,
        A: FnMut(&'c RetryContext) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        engine::run_async(self, ctx, attempt).await
    }

    /// Calls the closure `attempt` until it succeeds, the retry condition declines,
    /// or the stop condition gives up, sleeping on the current thread in between;
    /// returns the last outcome unchanged.
    ///
    /// ```
    /// use retry_core::{Retry, stop::attempts, wait::none};
    ///
    /// let policy = Retry::new().stop(attempts(2)).wait(none());
    /// let outcome: Result<(), &str> = policy.run_blocking(|_ctx| Err("down"));
    /// assert_eq!(outcome, Err("down"));
    /// ```
    pub fn run_blocking<T, E, A>(&self, attempt: A) -> Result<T, E>
    where
        Self: BlockingPolicy<T, E>,
        E: fmt::Display,
        A: FnMut(&RetryContext) -> Result<T, E>,
    {
        engine::run_blocking(self, &RetryContext::new(), attempt)
    }
}

// The return types spell out which hook each method replaces; an alias per method
// would only hide that.
#[allow(clippy::type_complexity)]
impl<S, W, C, BA, BS, AF, OS, GU, Z, F, L> Retry<S, W, C, Hooks<BA, BS, AF, OS, GU>, Z, F, L> {
    /// Runs `hook` before every attempt, the first included.
    ///
    /// ```
    /// use retry_core::{CallState, Retry};
    /// let policy = Retry::new().before_attempt(|state: &CallState<'_>| eprintln!("attempt {}", state.attempt()));
    /// ```
    #[inline]
    pub fn before_attempt<H: Hook>(
        self,
        hook: H,
    ) -> Retry<S, W, C, Hooks<H, BS, AF, OS, GU>, Z, F, L> {
        let Hooks { before_sleep, after_failure, on_success, on_give_up, .. } = self.hooks;
        let hooks =
            Hooks { before_attempt: hook, before_sleep, after_failure, on_success, on_give_up };
        replace!(self, hooks: hooks)
    }

    /// Runs `hook` before every sleep, once the wait is known
    /// ([`CallState::next_wait`]) and with the error that caused it.
    ///
    /// ```
    /// use retry_core::{CallState, Retry};
    /// let policy = Retry::new().before_sleep(|state: &CallState<'_>| {
    ///     eprintln!("retrying in {:?}", state.next_wait().unwrap_or_default());
    /// });
    /// ```
    #[inline]
    pub fn before_sleep<H: Hook>(
        self,
        hook: H,
    ) -> Retry<S, W, C, Hooks<BA, H, AF, OS, GU>, Z, F, L> {
        let Hooks { before_attempt, after_failure, on_success, on_give_up, .. } = self.hooks;
        let hooks =
            Hooks { before_attempt, before_sleep: hook, after_failure, on_success, on_give_up };
        replace!(self, hooks: hooks)
    }

    /// Runs `hook` after every attempt whose outcome is to be retried, before the
    /// stop condition is asked (tenacity's `after`). The state carries the error.
    ///
    /// ```
    /// use retry_core::{CallState, Retry};
    /// let policy = Retry::new().after_failure(|state: &CallState<'_>| {
    ///     eprintln!("attempt {} failed: {}", state.attempt(), state.error().map(ToString::to_string).unwrap_or_default());
    /// });
    /// ```
    #[inline]
    pub fn after_failure<H: Hook>(
        self,
        hook: H,
    ) -> Retry<S, W, C, Hooks<BA, BS, H, OS, GU>, Z, F, L> {
        let Hooks { before_attempt, before_sleep, on_success, on_give_up, .. } = self.hooks;
        let hooks =
            Hooks { before_attempt, before_sleep, after_failure: hook, on_success, on_give_up };
        replace!(self, hooks: hooks)
    }

    /// Runs `hook` once when the call returns a success that the retry condition
    /// does not retry. An error returned without retrying runs no hook.
    ///
    /// ```
    /// use retry_core::{CallState, Retry};
    /// let policy = Retry::new().on_success(|state: &CallState<'_>| eprintln!("done after {} attempts", state.attempt()));
    /// ```
    #[inline]
    pub fn on_success<H: Hook>(self, hook: H) -> Retry<S, W, C, Hooks<BA, BS, AF, H, GU>, Z, F, L> {
        let Hooks { before_attempt, before_sleep, after_failure, on_give_up, .. } = self.hooks;
        let hooks =
            Hooks { before_attempt, before_sleep, after_failure, on_success: hook, on_give_up };
        replace!(self, hooks: hooks)
    }

    /// Runs `hook` once when the call gives up, with the last error.
    ///
    /// ```
    /// use retry_core::{CallState, Retry};
    /// let policy = Retry::new().on_give_up(|state: &CallState<'_>| eprintln!("gave up after {} attempts", state.attempt()));
    /// ```
    #[inline]
    pub fn on_give_up<H: Hook>(self, hook: H) -> Retry<S, W, C, Hooks<BA, BS, AF, OS, H>, Z, F, L> {
        let Hooks { before_attempt, before_sleep, after_failure, on_success, .. } = self.hooks;
        let hooks =
            Hooks { before_attempt, before_sleep, after_failure, on_success, on_give_up: hook };
        replace!(self, hooks: hooks)
    }
}

impl<S, W, C, H, Z, F, L> fmt::Debug for Retry<S, W, C, H, Z, F, L>
where
    S: fmt::Debug,
    W: fmt::Debug,
    C: fmt::Debug,
    L: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Retry")
            .field("name", &self.name)
            .field("stop", &self.stop)
            .field("wait", &self.wait)
            .field("retry_if", &self.retry_if)
            .field("max_server_wait", &self.server_waits)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// Everything the retry engine asks of a policy. [`Retry`] implements it; you
/// rarely need to name it.
pub trait Policy<T, E> {
    /// Whether any part of the policy reads the time; see [`Stop::NEEDS_CLOCK`].
    const NEEDS_CLOCK: bool;
    /// See [`RetryIf::MAY_RETRY_OK`].
    const MAY_RETRY_OK: bool;
    /// Whether [`before_attempt`](Self::before_attempt) does anything.
    const HAS_BEFORE_ATTEMPT: bool;
    /// Whether [`on_success`](Self::on_success) does anything.
    const HAS_ON_SUCCESS: bool;

    /// The policy to consult for one decision: the policy itself, or, for one
    /// built on demand, the policy built once for that decision.
    type Resolved<'a>: Policy<T, E>
    where
        Self: 'a;

    /// See [`Resolved`](Self::Resolved).
    fn resolve(&self) -> Self::Resolved<'_>;

    /// The name used in logs.
    fn function(&self) -> &'static str;
    /// See [`Stop::max_attempts`].
    fn max_attempts(&self) -> Option<u32>;
    /// See [`RetryIf::should_retry`].
    fn should_retry(&self, outcome: &Result<T, E>) -> bool;
    /// See [`Stop::should_stop`].
    fn should_stop(&self, state: &CallState<'_>) -> bool;
    /// Whether the planned wait would end at or past the deadline; see
    /// [`Retry::deadline`].
    fn past_deadline(&self, state: &CallState<'_>) -> bool;
    /// See [`Wait::wait`].
    fn wait(&self, state: &CallState<'_>) -> Duration;
    /// See [`RetryIf::server_wait`](crate::condition::RetryIf::server_wait).
    fn server_wait(&self, outcome: &Result<T, E>) -> Option<Duration>;
    /// See [`Retry::max_server_wait`].
    fn server_wait_cap(&self) -> ServerWaitCap;
    /// Runs before every attempt.
    fn before_attempt(&self, state: &CallState<'_>);
    /// Runs before every sleep.
    fn before_sleep(&self, state: &CallState<'_>);
    /// Runs after every attempt that is to be retried, before the stop check.
    fn after_failure(&self, state: &CallState<'_>);
    /// Runs when the call returns an outcome that is not retried.
    fn on_success(&self, state: &CallState<'_>);
    /// Runs when the call gives up.
    fn on_give_up(&self, state: &CallState<'_>);
    /// What the call returns when it gives up; see [`Fallback`].
    fn fallback(&self, last: Result<T, E>, state: &CallState<'_>) -> Result<T, E>;
}

/// A [`Policy`] that can run attempts and sleep in an async call.
pub trait AsyncPolicy<T, E>: Policy<T, E> {
    /// One attempt's future under the policy's time limits; the attempt's own
    /// future when there are none.
    type Attempt<Fut>: Future
    where
        Fut: Future<Output = Result<T, E>>;

    /// The outcome of an attempt that must not start because no time is left for
    /// it; `None` when it may.
    fn expired_attempt(&self, ctx: &RetryContext) -> Option<Result<T, E>>;

    /// Puts one attempt under the policy's time limits.
    fn limit_attempt<Fut>(&self, ctx: &RetryContext, attempt: Fut) -> Self::Attempt<Fut>
    where
        Fut: Future<Output = Result<T, E>>;

    /// The attempt's outcome from what [`limit_attempt`](Self::limit_attempt)'s
    /// future returned. An attempt its timeout cut short asks the loop to try
    /// again, whatever the retry condition says.
    fn attempt_outcome<Fut>(
        &self,
        ctx: &RetryContext,
        output: <Self::Attempt<Fut> as Future>::Output,
    ) -> Result<T, E>
    where
        Fut: Future<Output = Result<T, E>>;

    /// Sleeps for `wait`. Called only when a retry happens, so boxing costs the
    /// happy path nothing.
    fn sleep(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>>;
}

/// A [`Policy`] that can sleep in a blocking call.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot run a blocking call",
    note = "a blocking call needs a sleeper that can block and no `timeout` or `deadline`, which only an async call can enforce"
)]
pub trait BlockingPolicy<T, E>: Policy<T, E> {
    /// Blocks for `wait`.
    fn sleep(&self, wait: Duration);
}

impl<T, E, S, W, C, H, Z, F, L> Policy<T, E> for Retry<S, W, C, H, Z, F, L>
where
    S: Stop,
    W: Wait,
    C: RetryIf<T, E>,
    H: HookSet,
    F: Fallback<T, E>,
    L: TimeLimit,
{
    const NEEDS_CLOCK: bool =
        S::NEEDS_CLOCK || W::NEEDS_CLOCK || H::ANY || F::ACTIVE || L::NEEDS_CLOCK;
    const MAY_RETRY_OK: bool = C::MAY_RETRY_OK;
    const HAS_BEFORE_ATTEMPT: bool = H::BEFORE_ATTEMPT;
    const HAS_ON_SUCCESS: bool = H::ON_SUCCESS;

    type Resolved<'a>
        = &'a Self
    where
        Self: 'a;

    fn resolve(&self) -> &Self {
        self
    }

    fn function(&self) -> &'static str {
        self.name
    }

    fn max_attempts(&self) -> Option<u32> {
        self.stop.max_attempts()
    }

    fn should_retry(&self, outcome: &Result<T, E>) -> bool {
        self.retry_if.should_retry(outcome)
    }

    fn should_stop(&self, state: &CallState<'_>) -> bool {
        self.stop.should_stop(state)
    }

    fn past_deadline(&self, state: &CallState<'_>) -> bool {
        self.limits.deadline().is_some_and(|deadline| {
            // As `before_elapsed`: a wait ending at the deadline leaves no time.
            let wait = state.next_wait().unwrap_or(Duration::ZERO);
            state.elapsed().saturating_add(wait) >= deadline
        })
    }

    fn wait(&self, state: &CallState<'_>) -> Duration {
        self.wait.wait(state)
    }

    fn server_wait(&self, outcome: &Result<T, E>) -> Option<Duration> {
        self.retry_if.server_wait(outcome)
    }

    fn server_wait_cap(&self) -> ServerWaitCap {
        self.server_waits
    }

    fn before_attempt(&self, state: &CallState<'_>) {
        self.hooks.before_attempt(state);
    }

    fn before_sleep(&self, state: &CallState<'_>) {
        self.hooks.before_sleep(state);
    }

    fn after_failure(&self, state: &CallState<'_>) {
        self.hooks.after_failure(state);
    }

    fn on_success(&self, state: &CallState<'_>) {
        self.hooks.on_success(state);
    }

    fn on_give_up(&self, state: &CallState<'_>) {
        self.hooks.on_give_up(state);
    }

    fn fallback(&self, last: Result<T, E>, state: &CallState<'_>) -> Result<T, E> {
        self.fallback.fallback(last, state)
    }
}

impl<T, E, S, W, C, H, Z, F, L> AsyncPolicy<T, E> for Retry<S, W, C, H, Z, F, L>
where
    Self: Policy<T, E>,
    Z: Sleep,
    L: AsyncTimeLimit<T, E>,
{
    type Attempt<Fut>
        = L::Attempt<Fut>
    where
        Fut: Future<Output = Result<T, E>>;

    #[inline]
    fn expired_attempt(&self, ctx: &RetryContext) -> Option<Result<T, E>> {
        if L::NEEDS_CLOCK { self.limits.expired(ctx.elapsed()) } else { None }
    }

    #[inline]
    fn limit_attempt<Fut>(&self, ctx: &RetryContext, attempt: Fut) -> L::Attempt<Fut>
    where
        Fut: Future<Output = Result<T, E>>,
    {
        let elapsed = if L::NEEDS_CLOCK { ctx.elapsed() } else { Duration::ZERO };
        self.limits.limit(elapsed, attempt)
    }

    #[inline]
    fn attempt_outcome<Fut>(
        &self,
        ctx: &RetryContext,
        output: <L::Attempt<Fut> as Future>::Output,
    ) -> Result<T, E>
    where
        Fut: Future<Output = Result<T, E>>,
    {
        let elapsed = if L::NEEDS_CLOCK { ctx.elapsed() } else { Duration::ZERO };
        let (outcome, cut_short) = self.limits.outcome::<Fut>(elapsed, output);
        if cut_short {
            ctx.try_again();
        }
        outcome
    }

    fn sleep(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        Box::pin(self.sleeper.sleep(wait))
    }
}

impl<T, E, S, W, C, H, Z, F> BlockingPolicy<T, E> for Retry<S, W, C, H, Z, F, NoTimeLimit>
where
    Self: Policy<T, E>,
    Z: BlockingSleep,
{
    fn sleep(&self, wait: Duration) {
        self.sleeper.sleep(wait);
    }
}

macro_rules! delegate_policy {
    (
        $receiver:ident => $target:expr; [$($generics:tt)*] $t:ty where [$($bounds:tt)*];
        resolve: $resolved:ty => $resolve:expr
    ) => {
        impl<$($generics)*> Policy<T, E> for $t where $($bounds)* {
            const NEEDS_CLOCK: bool = P::NEEDS_CLOCK;
            const MAY_RETRY_OK: bool = P::MAY_RETRY_OK;
            const HAS_BEFORE_ATTEMPT: bool = P::HAS_BEFORE_ATTEMPT;
            const HAS_ON_SUCCESS: bool = P::HAS_ON_SUCCESS;

            type Resolved<'r> = $resolved where Self: 'r;

            fn resolve(&$receiver) -> Self::Resolved<'_> { $resolve }

            fn function(&$receiver) -> &'static str { $target.function() }
            fn max_attempts(&$receiver) -> Option<u32> { $target.max_attempts() }
            fn should_retry(&$receiver, outcome: &Result<T, E>) -> bool {
                $target.should_retry(outcome)
            }
            fn should_stop(&$receiver, state: &CallState<'_>) -> bool {
                $target.should_stop(state)
            }
            fn past_deadline(&$receiver, state: &CallState<'_>) -> bool {
                $target.past_deadline(state)
            }
            fn wait(&$receiver, state: &CallState<'_>) -> Duration { $target.wait(state) }
            fn server_wait(&$receiver, outcome: &Result<T, E>) -> Option<Duration> {
                $target.server_wait(outcome)
            }
            fn server_wait_cap(&$receiver) -> ServerWaitCap { $target.server_wait_cap() }
            fn before_attempt(&$receiver, state: &CallState<'_>) {
                $target.before_attempt(state)
            }
            fn before_sleep(&$receiver, state: &CallState<'_>) { $target.before_sleep(state) }
            fn after_failure(&$receiver, state: &CallState<'_>) { $target.after_failure(state) }
            fn on_success(&$receiver, state: &CallState<'_>) { $target.on_success(state) }
            fn on_give_up(&$receiver, state: &CallState<'_>) { $target.on_give_up(state) }
            fn fallback(&$receiver, last: Result<T, E>, state: &CallState<'_>) -> Result<T, E> {
                $target.fallback(last, state)
            }
        }

        impl<$($generics)*> AsyncPolicy<T, E> for $t
        where $($bounds)*, P: AsyncPolicy<T, E> {
            type Attempt<Fut> = P::Attempt<Fut> where Fut: Future<Output = Result<T, E>>;

            fn expired_attempt(&$receiver, ctx: &RetryContext) -> Option<Result<T, E>> {
                $target.expired_attempt(ctx)
            }

            fn limit_attempt<Fut>(&$receiver, ctx: &RetryContext, attempt: Fut) -> P::Attempt<Fut>
            where
                Fut: Future<Output = Result<T, E>>,
            {
                $target.limit_attempt(ctx, attempt)
            }

            fn attempt_outcome<Fut>(
                &$receiver,
                ctx: &RetryContext,
                output: <P::Attempt<Fut> as Future>::Output,
            ) -> Result<T, E>
            where
                Fut: Future<Output = Result<T, E>>,
            {
                $target.attempt_outcome::<Fut>(ctx, output)
            }

            fn sleep(&$receiver, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
                AsyncPolicy::sleep(&$target, wait)
            }
        }

        impl<$($generics)*> BlockingPolicy<T, E> for $t
        where $($bounds)*, P: BlockingPolicy<T, E> {
            fn sleep(&$receiver, wait: Duration) { BlockingPolicy::sleep(&$target, wait) }
        }
    };
}

delegate_policy!(
    self => (**self); ['p, T, E, P: ?Sized] &'p P where [P: Policy<T, E>];
    resolve: P::Resolved<'r> => (**self).resolve()
);

/// A policy built from its recipe for each decision the engine makes (once per
/// failed attempt), so a call that succeeds at once never builds or stores it.
/// The attribute uses it.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Lazy<F>(pub F);

delegate_policy!(
    self => (self.0)(); [T, E, P, F] Lazy<F> where [F: Fn() -> P, P: Policy<T, E>];
    resolve: P => (self.0)()
);
