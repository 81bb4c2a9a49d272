//! The read-only view of a retried call that strategies and hooks receive.

use std::fmt;
use std::time::Duration;

/// Where the wait before the next attempt comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitSource {
    /// The policy's wait strategy chose it.
    Policy,
    /// The attempt published it, usually from a server's `Retry-After`, through
    /// [`RetryContext::set_retry_after`](crate::RetryContext::set_retry_after).
    Server,
}

impl WaitSource {
    /// A lowercase word for logs: `"policy"` or `"server"`.
    ///
    /// ```
    /// assert_eq!(retry_core::WaitSource::Server.as_str(), "server");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            WaitSource::Policy => "policy",
            WaitSource::Server => "server",
        }
    }
}

/// What is known about a retried call at a decision point.
///
/// Stop conditions, wait strategies and hooks all read the call through this view.
/// Attempts are numbered from 1.
///
/// ```
/// use retry_core::{CallState, Retry, stop::attempts};
///
/// let policy = Retry::new()
///     .stop(attempts(2))
///     .before_sleep(|state: &CallState<'_>| {
///         assert_eq!(state.attempt(), 1);
///         assert!(state.next_wait().is_some());
///     });
/// let outcome: Result<(), &str> = policy.run_blocking(|_ctx| Err("down"));
/// assert_eq!(outcome, Err("down"));
/// ```
#[derive(Clone, Copy)]
pub struct CallState<'a> {
    pub(crate) function: &'static str,
    pub(crate) attempt: u32,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) elapsed: Duration,
    pub(crate) slept: Duration,
    pub(crate) next_wait: Option<(Duration, WaitSource)>,
    pub(crate) error: Option<&'a dyn fmt::Display>,
}

impl<'a> CallState<'a> {
    /// A state for testing strategies: `attempt` attempts have been made and
    /// `elapsed` has passed since the first began.
    ///
    /// ```
    /// use retry_core::CallState;
    /// use retry_core::stop::{Stop, attempts};
    /// use std::time::Duration;
    ///
    /// let state = CallState::new(4, Duration::from_secs(12));
    /// assert!(attempts(4).should_stop(&state));
    /// ```
    pub fn new(attempt: u32, elapsed: Duration) -> Self {
        CallState {
            function: "",
            attempt,
            max_attempts: None,
            elapsed,
            slept: Duration::ZERO,
            next_wait: None,
            error: None,
        }
    }

    /// The same state with the wait that is planned before the next attempt.
    ///
    /// ```
    /// use retry_core::{CallState, WaitSource};
    /// use std::time::Duration;
    ///
    /// let state = CallState::new(1, Duration::ZERO)
    ///     .with_next_wait(Duration::from_secs(3), WaitSource::Server);
    /// assert_eq!(state.wait_source(), Some(WaitSource::Server));
    /// ```
    pub fn with_next_wait(mut self, wait: Duration, source: WaitSource) -> Self {
        self.next_wait = Some((wait, source));
        self
    }

    /// The path of the retried function (`crate::module::name`) for the attribute,
    /// or the name given with [`Retry::name`](crate::Retry::name); empty if unnamed.
    pub fn function(&self) -> &'static str {
        self.function
    }

    /// The number of the attempt that has just run or is about to run, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The most attempts the stop condition allows, when it counts attempts.
    pub fn max_attempts(&self) -> Option<u32> {
        self.max_attempts
    }

    /// Time since the first attempt began, attempts and sleeps included.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// Total time slept between attempts so far.
    pub fn slept(&self) -> Duration {
        self.slept
    }

    /// The wait planned before the next attempt, once it has been chosen.
    pub fn next_wait(&self) -> Option<Duration> {
        self.next_wait.map(|(wait, _)| wait)
    }

    /// Whether the planned wait came from the policy or from the server.
    pub fn wait_source(&self) -> Option<WaitSource> {
        self.next_wait.map(|(_, source)| source)
    }

    /// The error of the attempt that has just failed, if any.
    pub fn error(&self) -> Option<&'a dyn fmt::Display> {
        self.error
    }
}

impl fmt::Debug for CallState<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallState")
            .field("function", &self.function)
            .field("attempt", &self.attempt)
            .field("max_attempts", &self.max_attempts)
            .field("elapsed", &self.elapsed)
            .field("slept", &self.slept)
            .field("next_wait", &self.next_wait)
            .field("error", &self.error.map(ToString::to_string))
            .finish()
    }
}
