//! Parsing `Retry-After`; the rules are in the parent module's docs.

use std::time::{Duration, SystemTime};

use super::numbers::{trim_spaces, whole_number};

/// The wait a `Retry-After` value asks for. See the [module docs](crate::http) for the
/// rule applied to each kind of value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// Wait this long before the next attempt.
    Wait(Duration),
    /// The value does not ask for a wait (invalid, or a date already past); the
    /// policy's own wait applies.
    NoWait,
}

impl RetryAfter {
    /// The wait, if one was asked for.
    ///
    /// ```
    /// use retry_core::http::RetryAfter;
    /// use std::time::Duration;
    ///
    /// assert_eq!(RetryAfter::Wait(Duration::from_secs(3)).wait(), Some(Duration::from_secs(3)));
    /// assert_eq!(RetryAfter::NoWait.wait(), None);
    /// ```
    pub fn wait(self) -> Option<Duration> {
        match self {
            RetryAfter::Wait(wait) => Some(wait),
            RetryAfter::NoWait => None,
        }
    }
}

/// Reads one `Retry-After` value, as raw header bytes, relative to `now`.
///
/// ```
/// use retry_core::http::{RetryAfter, retry_after};
/// use std::time::{Duration, SystemTime};
///
/// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
/// assert_eq!(retry_after(b" 120 ", now), RetryAfter::Wait(Duration::from_secs(120)));
/// assert_eq!(
///     retry_after(b"Sun, 06 Nov 1994 08:50:07 GMT", now),
///     RetryAfter::Wait(Duration::from_secs(30))
/// );
/// assert_eq!(retry_after(b"-5", now), RetryAfter::NoWait);
/// ```
pub fn retry_after(value: &[u8], now: SystemTime) -> RetryAfter {
    let value = trim_spaces(value);
    if let Some(seconds) = whole_number(value) {
        return RetryAfter::Wait(Duration::from_secs(seconds));
    }
    let Ok(text) = std::str::from_utf8(value) else {
        return RetryAfter::NoWait;
    };
    match httpdate::parse_http_date(text) {
        Ok(date) => match date.duration_since(now) {
            Ok(wait) if !wait.is_zero() => RetryAfter::Wait(wait),
            _ => RetryAfter::NoWait,
        },
        Err(_) => RetryAfter::NoWait,
    }
}

/// Reads several `Retry-After` values of one response: the longest valid wait
/// wins.
///
/// ```
/// use retry_core::http::{RetryAfter, retry_after_all};
/// use std::time::{Duration, SystemTime};
///
/// let values: [&[u8]; 3] = [b"1", b"soon", b"4"];
/// assert_eq!(retry_after_all(values, SystemTime::now()), RetryAfter::Wait(Duration::from_secs(4)));
/// ```
pub fn retry_after_all<'v>(
    values: impl IntoIterator<Item = &'v [u8]>,
    now: SystemTime,
) -> RetryAfter {
    values
        .into_iter()
        .filter_map(|value| retry_after(value, now).wait())
        .max()
        .map_or(RetryAfter::NoWait, RetryAfter::Wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sun, 06 Nov 1994 08:49:37 GMT, the date RFC 9110 uses in its examples.
    fn rfc_now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)
    }

    fn read(value: &str) -> RetryAfter {
        retry_after(value.as_bytes(), rfc_now())
    }

    fn secs(seconds: u64) -> RetryAfter {
        RetryAfter::Wait(Duration::from_secs(seconds))
    }

    #[test]
    fn delay_seconds_are_read_with_surrounding_whitespace_trimmed() {
        assert_eq!(read("120"), secs(120));
        assert_eq!(read(" \t3 "), secs(3));
    }

    #[test]
    fn zero_means_retry_at_once() {
        assert_eq!(read("0"), secs(0));
    }

    #[test]
    fn digits_too_many_for_any_integer_become_the_longest_wait() {
        assert_eq!(read("18446744073709551616"), secs(u64::MAX));
        assert_eq!(read(&"9".repeat(400)), secs(u64::MAX));
    }

    #[test]
    fn all_three_http_date_formats_are_read_as_the_time_until_then() {
        assert_eq!(read("Sun, 06 Nov 1994 08:50:37 GMT"), secs(60));
        assert_eq!(read("Sunday, 06-Nov-94 08:50:37 GMT"), secs(60));
        assert_eq!(read("Sun Nov  6 08:50:37 1994"), secs(60));
    }

    #[test]
    fn a_date_in_the_past_or_exactly_now_asks_for_no_wait() {
        assert_eq!(read("Sun, 06 Nov 1994 08:49:36 GMT"), RetryAfter::NoWait);
        assert_eq!(read("Sun, 06 Nov 1994 08:49:37 GMT"), RetryAfter::NoWait);
        assert_eq!(read("Thu, 01 Jan 1970 00:00:00 GMT"), RetryAfter::NoWait);
    }

    #[test]
    fn a_far_future_date_is_a_long_wait_that_does_not_overflow() {
        assert_eq!(read("Fri, 31 Dec 9999 23:59:59 GMT"), secs(253_402_300_799 - 784_111_777));
    }

    #[test]
    fn values_that_are_not_a_delay_or_a_date_ask_for_no_wait() {
        for value in ["", " ", "-5", "+5", "1.5", "1m0s", "soon", "0x10", "5 5", "１２"] {
            assert_eq!(read(value), RetryAfter::NoWait, "{value:?}");
        }
        assert_eq!(retry_after(b"\xff\xfe12", rfc_now()), RetryAfter::NoWait);
        assert_eq!(retry_after(b"\x1b[2J", rfc_now()), RetryAfter::NoWait);
    }

    #[test]
    fn of_several_values_the_longest_valid_wait_wins() {
        let values: [&[u8]; 4] = [b"1", b"soon", b"Sun, 06 Nov 1994 08:49:47 GMT", b"-9"];

        assert_eq!(retry_after_all(values, rfc_now()), secs(10));
        assert_eq!(retry_after_all([b"nope".as_slice()], rfc_now()), RetryAfter::NoWait);
    }
}
