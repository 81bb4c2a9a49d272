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

pub use retry_after::{RetryAfter, retry_after, retry_after_all};
