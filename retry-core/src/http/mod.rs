//! HTTP helpers: reading the wait a server asks for.
//!
//! [`retry_after`] parses a `Retry-After` value (RFC 9110, section 10.2.3) into a
//! wait.
//!
//! The rules, one per kind of value:
//!
//! - **Delay-seconds** (`120`): that many seconds. Only ASCII digits count, after
//!   leading and trailing spaces and tabs are trimmed. A number too large for any
//!   integer is kept as the largest wait (`u64::MAX` seconds), so a retry policy's
//!   cap on server waits refuses it rather than ignoring it.
//! - **Zero** (`0`): retry at once.
//! - **An HTTP-date** in any of the three formats recipients must accept
//!   (IMF-fixdate, the obsolete RFC 850 form, asctime): the time from `now` until
//!   then. Dates are in GMT by definition, so the machine's time zone plays no part.
//! - **A date in the past, or exactly now**: no wait is asked for, so the policy's
//!   own wait applies. A server whose clock runs behind ours should not make us
//!   retry in a tight loop.
//! - **Anything else**, such as `-5`, `1.5`, `1m0s`, `soon`, an empty value or bytes
//!   that are not text: no wait is asked for; the policy's own wait applies.
//! - **Several `Retry-After` values**: the longest valid wait wins, the most
//!   patient reading of what the server said.
//!
//! # Rate-limit headers
//!
//! [`server_wait`] reads a whole response. When no `Retry-After` value asks for a
//! wait, its rate-limit fields may:
//!
//! - **Fields read**: `RateLimit` (a structured-field list; each item is a quota with
//!   `r` remaining and `t` seconds until it resets), `RateLimit-Remaining` with
//!   `RateLimit-Reset`, and `X-RateLimit-Remaining` with `X-RateLimit-Reset` or
//!   `X-RateLimit-Reset-After` (always seconds from now). `RateLimit-Policy` and
//!   `RateLimit-Limit` give a quota's size and window length, not when it resets, so
//!   they are not read.
//! - **`Retry-After-ms`** (whole milliseconds, sent by some APIs beside or instead
//!   of `Retry-After`) comes after `Retry-After` and before the rate-limit fields.
//! - **Only a used-up quota makes us wait**: one that reports 0 remaining, or, on a
//!   429, one that reports no remaining count. A quota with requests left never does,
//!   whatever the status: a 503 with 40 left and a reset an hour away asks for no wait.
//! - **Each count goes with its own reset**: every `RateLimit` item is one quota, the
//!   `RateLimit-*` pair another and the `X-RateLimit-*` pair a third.
//! - **`t`** is whole seconds. **`RateLimit-Reset` and `X-RateLimit-Reset`** are
//!   seconds, a fraction allowed; from 1_000_000_000 up (over 31 years as a delay)
//!   they are a Unix time, and from 1_000_000_000_000 up a Unix time in milliseconds;
//!   the wait runs from `now` until then. A Unix time now or
//!   past asks for no wait. A reset of 0 on a used-up quota: retry at once.
//! - **Several quotas or values**: the longest reset among used-up quotas wins. A
//!   field given twice is used up by any 0 count and resets at its longest value.
//! - **Odd values** (negative, a fraction where a count is due, units, empty, not
//!   text) are skipped. A `RateLimit` line that is not a valid list is skipped whole;
//!   an item without a whole-number `r`, or with any other `t`, is skipped. A number
//!   too large for any integer is the largest wait, so the cap refuses it.

mod numbers;
mod rate_limit;
mod retry_after;
mod server_wait;

#[cfg(feature = "reqwest")]
mod error;
#[cfg(feature = "reqwest")]
mod excerpt;
#[cfg(feature = "reqwest")]
mod send;
#[cfg(feature = "reqwest")]
mod transient;

use std::error::Error;
use std::time::Duration;

use crate::condition::ErrorChain;

#[cfg(feature = "reqwest")]
pub use error::{HttpError, HttpErrorKind};
#[cfg(feature = "reqwest")]
pub use excerpt::{MAX_BODY_BYTES, MAX_EXCERPT_CHARS, excerpt, read_capped};
pub use retry_after::{RetryAfter, retry_after, retry_after_all};
#[cfg(feature = "reqwest")]
pub use send::{error_for_status, send, send_retrying};
pub use server_wait::server_wait;
#[cfg(feature = "reqwest")]
pub use transient::{HttpRetry, transient};

/// The server's wait carried by the first [`HttpError`] in `error`'s `source()`
/// chain, the error itself included.
///
/// ```
/// let error = std::io::Error::other("not HTTP");
/// assert_eq!(retry_core::http::wait_in_chain(&error), None);
/// ```
pub fn wait_in_chain(error: &(dyn Error + 'static)) -> Option<Duration> {
    #[cfg(feature = "reqwest")]
    {
        let mut link = Some(error);
        while let Some(error) = link {
            if let Some(http) = error.downcast_ref::<HttpError>() {
                return http.server_wait();
            }
            link = error.source();
        }
    }
    #[cfg(not(feature = "reqwest"))]
    let _ = error;
    None
}

/// [`wait_in_chain`] for an attempt's outcome: `None` for a success.
pub(crate) fn wait_in_outcome<T, E: ErrorChain>(outcome: &Result<T, E>) -> Option<Duration> {
    outcome.as_ref().err().and_then(|error| wait_in_chain(error.as_error()))
}
