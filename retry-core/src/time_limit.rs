//! [`TimedOut`]: the error an attempt ends with when a time limit cuts it short.

use std::error::Error;
use std::fmt;
use std::time::Duration;

/// Which time limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The per-attempt timeout: this attempt took too long; the next one may not.
    Attempt,
    /// The deadline of the whole call: no time is left for anything.
    Deadline,
}

/// An attempt cut short by a time limit: its own timeout, or the deadline of the
/// whole call.
///
/// A function whose retry policy has a `timeout` or a `deadline` returns this
/// error through its own error type, so that type implements `From<TimedOut>`.
/// Every condition that retries errors at all treats an attempt timeout as a
/// failure to retry; a deadline also stops the call.
///
/// ```
/// use retry_core::{Limit, TimedOut};
/// use std::time::Duration;
///
/// let error = TimedOut::new(Limit::Attempt, Duration::from_secs(5));
/// assert_eq!(error.to_string(), "the attempt took longer than its 5s timeout");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut {
    limit: Limit,
    after: Duration,
}

impl TimedOut {
    /// The error for `limit` running out after `after`.
    pub fn new(limit: Limit, after: Duration) -> Self {
        TimedOut { limit, after }
    }

    /// Which limit ran out.
    pub fn limit(&self) -> Limit {
        self.limit
    }

    /// The limit's length: the timeout, or the deadline measured from the call's
    /// start.
    pub fn after(&self) -> Duration {
        self.after
    }
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.limit {
            Limit::Attempt => {
                write!(f, "the attempt took longer than its {:?} timeout", self.after)
            }
            Limit::Deadline => write!(f, "the call reached its {:?} deadline", self.after),
        }
    }
}

impl Error for TimedOut {}
