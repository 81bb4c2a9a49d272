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

mod retry_after;
mod server_wait;

#[cfg(feature = "reqwest")]
mod error;

use std::error::Error;
use std::time::Duration;

use crate::condition::ErrorChain;

#[cfg(feature = "reqwest")]
pub use error::HttpError;
pub use retry_after::{RetryAfter, retry_after, retry_after_all};
pub use server_wait::server_wait;

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
