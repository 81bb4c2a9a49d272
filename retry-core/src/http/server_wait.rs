//! The wait one response asks for, from all of its headers.

use std::time::{Duration, SystemTime};

use super::retry_after_all;

/// The wait a response with `status` and `headers` asks for, read at `now`.
/// (Skeleton: reads `Retry-After` only so far.)
pub fn server_wait<'h, H>(headers: H, status: u16, now: SystemTime) -> Option<Duration>
where
    H: IntoIterator<Item = (&'h str, &'h [u8])> + Clone,
{
    let _ = status;
    let values = headers
        .into_iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("retry-after"))
        .map(|(_, value)| value);
    retry_after_all(values, now).wait()
}
