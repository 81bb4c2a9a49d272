//! Changing the policy of every retried call inside a scope: waits off and fewer
//! attempts for a test suite, or a different stop or wait at one call site
//! (tenacity's `retry_with`), without a second definition of the function.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use crate::state::CallState;
use crate::stop::Stop;
use crate::thread_scope::ThreadScope;
use crate::wait::Wait;

thread_local! {
    static ACTIVE: RefCell<Option<Arc<Overrides>>> = const { RefCell::new(None) };
}

/// The overrides in force on each thread.
static OVERRIDES: ThreadScope<Arc<Overrides>> = ThreadScope::new(&ACTIVE);

type StopFn = Box<dyn Fn(&CallState<'_>) -> bool + Send + Sync>;
type WaitFn = Box<dyn Fn(&CallState<'_>) -> Duration + Send + Sync>;

/// Replacements for the stop condition and waits of every retried call run inside
/// [`scope`](Self::scope) or [`scope_blocking`](Self::scope_blocking) on this
/// thread, whatever its policy says.
///
/// A stop given here replaces the policy's; [`max_attempts`](Self::max_attempts)
/// caps attempts on top of whichever stop applies; a wait given here replaces the
/// policy's and the server's. Retry conditions, hooks and the cap on server waits
/// stay as the policy has them.
///
/// ```
/// use retry_core::{Overrides, retry};
///
/// #[retry(stop = attempts(10), wait = exponential(1, 4, 60))]
/// fn flaky() -> Result<u32, std::io::Error> {
///     Err(std::io::ErrorKind::TimedOut.into())
/// }
///
/// // In a test: two attempts, no sleeping.
/// let fast = Overrides::new().max_attempts(2).no_waits();
/// assert!(fast.scope_blocking(flaky).is_err());
/// ```
#[derive(Default)]
pub struct Overrides {
    stop: Option<StopFn>,
    stop_max_attempts: Option<u32>,
    max_attempts: Option<u32>,
    wait: Option<WaitFn>,
}

impl Overrides {
    /// Overrides that change nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces every call's stop condition.
    ///
    /// ```
    /// use retry_core::{Overrides, stop::attempts};
    /// let once = Overrides::new().stop(attempts(1));
    /// ```
    pub fn stop(mut self, stop: impl Stop + Send + Sync + 'static) -> Self {
        self.stop_max_attempts = stop.max_attempts();
        self.stop = Some(Box::new(move |state| stop.should_stop(state)));
        self
    }

    /// Caps every call at `n` attempts (at least 1), whatever its stop condition.
    ///
    /// ```
    /// let at_most_two = retry_core::Overrides::new().max_attempts(2);
    /// ```
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = Some(n.max(1));
        self
    }

    /// Replaces every wait, the server's included.
    ///
    /// ```
    /// use retry_core::{Overrides, wait::fixed};
    /// let short = Overrides::new().wait(fixed(0.01));
    /// ```
    pub fn wait(mut self, wait: impl Wait + Send + Sync + 'static) -> Self {
        self.wait = Some(Box::new(move |state| wait.wait(state)));
        self
    }

    /// Retries at once: every wait becomes zero.
    ///
    /// ```
    /// let instant = retry_core::Overrides::new().no_waits();
    /// ```
    pub fn no_waits(self) -> Self {
        self.wait(crate::wait::none())
    }

    /// Runs `f` with these overrides applying to the retried calls it makes on
    /// this thread. Scopes nest; the innermost applies.
    pub fn scope_blocking<R>(self, f: impl FnOnce() -> R) -> R {
        OVERRIDES.run(Arc::new(self), f)
    }

    /// Runs `future` with these overrides applying to the retried calls it makes
    /// while it is polled on this thread. Work handed to other tasks is not covered.
    ///
    /// ```
    /// use retry_core::{Overrides, retry};
    ///
    /// #[retry(stop = attempts(5), wait = fixed(30))]
    /// async fn fetch() -> Result<u32, std::io::Error> {
    ///     Err(std::io::ErrorKind::TimedOut.into())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let outcome = Overrides::new().max_attempts(1).scope(fetch()).await;
    /// assert!(outcome.is_err());
    /// # }
    /// ```
    pub fn scope<F: Future>(self, future: F) -> impl Future<Output = F::Output> + use<F> {
        OVERRIDES.run_future(Arc::new(self), future)
    }
}

impl fmt::Debug for Overrides {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Overrides")
            .field("stop", &self.stop.is_some())
            .field("max_attempts", &self.max_attempts)
            .field("wait", &self.wait.is_some())
            .finish()
    }
}

/// Whether an override scope is open on any thread; cheap enough for every call.
pub(crate) fn any_open() -> bool {
    OVERRIDES.any_open()
}

/// The wait to use instead of `wait`, if an override on this thread replaces it.
pub(crate) fn wait(state: &CallState<'_>) -> Option<Duration> {
    with_active(|overrides| overrides.wait.as_ref().map(|wait| wait(state))).flatten()
}

/// The attempt limit logs and hooks should show: the overriding stop's, capped by
/// `max_attempts`, when an override on this thread applies.
pub(crate) fn max_attempts(policy: Option<u32>) -> Option<u32> {
    with_active(|overrides| {
        let stop = if overrides.stop.is_some() { overrides.stop_max_attempts } else { policy };
        match (stop, overrides.max_attempts) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    })
    .unwrap_or(policy)
}

/// Whether to stop, if an override on this thread decides it.
pub(crate) fn stop(state: &CallState<'_>, policy_stops: impl FnOnce() -> bool) -> bool {
    let decided = with_active(|overrides| {
        let capped = overrides.max_attempts.is_some_and(|max| state.attempt() >= max);
        let stops = match &overrides.stop {
            Some(stop) => stop(state),
            None => return capped.then_some(true),
        };
        Some(capped || stops)
    })
    .flatten();
    decided.unwrap_or_else(policy_stops)
}

fn with_active<R>(f: impl FnOnce(&Overrides) -> R) -> Option<R> {
    OVERRIDES.with(|active| f(active))
}
