//! How much of a server's requested wait a policy accepts: [`ServerWaitCap`].
//!
//! A server asks for a wait through `Retry-After` and similar headers, which an
//! attempt passes on with [`RetryContext::set_retry_after`](crate::RetryContext::set_retry_after)
//! or inside an [`HttpError`](crate::http::HttpError). Whatever the server asks, the
//! cap decides:
//!
//! - [`give_up_over`] (the default, at five minutes): a longer wait makes the call
//!   give up at once with its last error, which for an `HttpError` says how long the
//!   server asked for. No server can park a client for hours.
//! - [`clamp`]: a longer wait is cut to the cap and the call goes on.
//! - [`unlimited`]: every wait is honoured as asked; only the stop condition limits it.
//!
//! In the attribute, `max_server_wait = 60` means `give_up_over(60)`, and the other
//! two are written `max_server_wait = clamp(60)` and `max_server_wait = unlimited()`.

use std::fmt;
use std::time::Duration;

use crate::IntoDelay;

/// The most of a server's requested wait a policy accepts, and what happens to a
/// longer one. See the [module docs](self).
///
/// ```
/// use retry_core::server_wait::{clamp, give_up_over};
/// use std::time::Duration;
///
/// assert_eq!(give_up_over(60).limit(), Duration::from_secs(60));
/// assert!(clamp(60).clamps());
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ServerWaitCap {
    limit: Duration,
    clamp: bool,
}

/// Accepts server waits up to `limit` and gives up at once when a server asks for
/// longer: the default, with a limit of
/// [`DEFAULT_MAX_SERVER_WAIT`](crate::DEFAULT_MAX_SERVER_WAIT) (five minutes).
///
/// ```
/// use retry_core::{Retry, server_wait::give_up_over};
/// let policy = Retry::new().max_server_wait(give_up_over(30)); // same as `.max_server_wait(30)`
/// ```
pub fn give_up_over(limit: impl IntoDelay) -> ServerWaitCap {
    ServerWaitCap { limit: limit.into_delay(), clamp: false }
}

/// Accepts server waits up to `limit` and waits only `limit` when a server asks
/// for longer.
///
/// ```
/// use retry_core::{Retry, server_wait::clamp};
/// let policy = Retry::new().max_server_wait(clamp(60));
/// ```
pub fn clamp(limit: impl IntoDelay) -> ServerWaitCap {
    ServerWaitCap { limit: limit.into_delay(), clamp: true }
}

/// Honours every server wait in full, however long; the stop condition still
/// applies (an [`elapsed`](crate::stop::elapsed) limit refuses a wait that would end
/// past it). Choose it only for a server you trust, with such a stop condition.
///
/// ```
/// use retry_core::{Retry, server_wait::unlimited, stop::elapsed};
/// let policy = Retry::new().max_server_wait(unlimited()).stop(elapsed(3600));
/// ```
pub fn unlimited() -> ServerWaitCap {
    ServerWaitCap { limit: Duration::MAX, clamp: false }
}

impl ServerWaitCap {
    /// The longest wait accepted as asked.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Whether a longer wait is cut to the limit rather than refused.
    pub fn clamps(&self) -> bool {
        self.clamp
    }

    /// The wait to sleep for a server's request, or `Err` with the request when
    /// the call must give up instead.
    pub(crate) fn apply(self, asked: Duration) -> Result<Duration, Duration> {
        match (asked <= self.limit, self.clamp) {
            (true, _) => Ok(asked),
            (false, true) => Ok(self.limit),
            (false, false) => Err(asked),
        }
    }
}

impl Default for ServerWaitCap {
    fn default() -> Self {
        give_up_over(crate::DEFAULT_MAX_SERVER_WAIT)
    }
}

impl fmt::Debug for ServerWaitCap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.limit, self.clamp) {
            (Duration::MAX, false) => f.write_str("unlimited()"),
            (limit, false) => write!(f, "give_up_over({limit:?})"),
            (limit, true) => write!(f, "clamp({limit:?})"),
        }
    }
}

/// What [`Retry::max_server_wait`](crate::Retry::max_server_wait) accepts: a
/// [`ServerWaitCap`], or a length of time meaning [`give_up_over`] it.
///
/// ```
/// use retry_core::server_wait::{IntoServerWaitCap, give_up_over};
/// assert_eq!(30.into_server_wait_cap(), give_up_over(30));
/// ```
pub trait IntoServerWaitCap {
    /// The cap this value stands for.
    fn into_server_wait_cap(self) -> ServerWaitCap;
}

impl IntoServerWaitCap for ServerWaitCap {
    fn into_server_wait_cap(self) -> ServerWaitCap {
        self
    }
}

impl<D: IntoDelay> IntoServerWaitCap for D {
    fn into_server_wait_cap(self) -> ServerWaitCap {
        give_up_over(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);
    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn a_wait_within_the_cap_is_taken_as_asked_by_every_cap() {
        for cap in [give_up_over(60), clamp(60), unlimited()] {
            assert_eq!(cap.apply(MINUTE), Ok(MINUTE), "{cap:?}");
        }
    }

    #[test]
    fn a_longer_wait_is_refused_clamped_or_honoured_as_the_cap_says() {
        assert_eq!(give_up_over(60).apply(HOUR), Err(HOUR));
        assert_eq!(clamp(60).apply(HOUR), Ok(MINUTE));
        assert_eq!(unlimited().apply(Duration::MAX), Ok(Duration::MAX));
    }

    #[test]
    fn the_default_gives_up_over_five_minutes() {
        assert_eq!(ServerWaitCap::default(), give_up_over(300));
        assert_eq!(format!("{:?}", ServerWaitCap::default()), "give_up_over(300s)");
    }
}
