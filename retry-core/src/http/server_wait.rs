//! The wait one response asks for, from all of its headers.

use std::time::{Duration, SystemTime};

use super::numbers::{trim_spaces, whole_number};
use super::rate_limit::RateLimits;
use super::retry_after_all;

/// The wait a response with `status` and `headers` asks for before the next attempt,
/// read at `now`; `None` when it asks for none and the policy's own wait applies.
///
/// `headers` yields each field line as its name and raw value. In short (the
/// [module docs](crate::http) have every rule):
///
/// - Any `Retry-After` value that asks for a wait wins, as [`retry_after_all`] reads it.
/// - Otherwise a `Retry-After-ms` value (whole milliseconds, as some APIs send
///   beside or instead of `Retry-After`) does; the longest of several.
/// - Otherwise the rate-limit fields decide, but only for a used-up quota: one that
///   reports 0 remaining, or, on a 429, one that reports no remaining count at all.
/// - The wait is the longest until such a quota resets: `RateLimit`'s `t`, or
///   `RateLimit-Reset` / `X-RateLimit-Reset`, which are seconds below 1_000_000_000
///   and a Unix time from there up.
/// - Field names match in any case; values that do not parse are skipped, and no
///   input panics.
///
/// ```
/// use retry_core::http::server_wait;
/// use std::time::{Duration, SystemTime};
///
/// let now = SystemTime::now();
/// let used_up: (&str, &[u8]) = ("RateLimit", br#""default";r=0;t=30"#);
/// assert_eq!(server_wait([used_up], 429, now), Some(Duration::from_secs(30)));
/// assert_eq!(
///     server_wait([used_up, ("Retry-After", b"5")], 429, now),
///     Some(Duration::from_secs(5))
/// );
///
/// // Requests are left, so a reset an hour away is no reason to wait.
/// let left: [(&str, &[u8]); 2] =
///     [("X-RateLimit-Remaining", b"40"), ("X-RateLimit-Reset", b"3600")];
/// assert_eq!(server_wait(left, 503, now), None);
/// ```
pub fn server_wait<'h, H>(headers: H, status: u16, now: SystemTime) -> Option<Duration>
where
    H: IntoIterator<Item = (&'h str, &'h [u8])>,
{
    let mut retry_after = Vec::new();
    let mut retry_after_ms = None;
    let mut rate_limits = RateLimits::default();
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("retry-after") {
            retry_after.push(value);
        } else if name.eq_ignore_ascii_case("retry-after-ms") {
            retry_after_ms = retry_after_ms.max(milliseconds(value));
        } else {
            rate_limits.read(name, value, now);
        }
    }
    retry_after_all(retry_after, now).wait().or(retry_after_ms).or_else(|| rate_limits.wait(status))
}

/// A `Retry-After-ms` value: whole milliseconds, spaces and tabs around them
/// trimmed; too many digits for any integer are the longest wait.
fn milliseconds(value: &[u8]) -> Option<Duration> {
    match whole_number(trim_spaces(value))? {
        u64::MAX => Some(Duration::from_secs(u64::MAX)),
        millis => Some(Duration::from_millis(millis)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sun, 06 Nov 1994 08:49:37 GMT, the date RFC 9110 uses in its examples.
    fn rfc_now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)
    }

    fn wait(status: u16, headers: &[(&str, &str)]) -> Option<Duration> {
        let headers = headers.iter().map(|&(name, value)| (name, value.as_bytes()));
        server_wait(headers, status, rfc_now())
    }

    fn secs(seconds: u64) -> Option<Duration> {
        Some(Duration::from_secs(seconds))
    }

    #[test]
    fn retry_after_ms_is_read_when_no_retry_after_asks_for_a_wait() {
        assert_eq!(wait(429, &[("Retry-After-Ms", " 1500 ")]), Some(Duration::from_millis(1500)));
        assert_eq!(wait(429, &[("retry-after-ms", "250"), ("Retry-After", "3")]), secs(3));
        assert_eq!(
            wait(429, &[("retry-after-ms", "250"), ("retry-after-ms", "900")]),
            Some(Duration::from_millis(900))
        );
        assert_eq!(wait(503, &[("retry-after-ms", "1.5")]), None);
        assert_eq!(wait(503, &[("retry-after-ms", &"9".repeat(40))]), secs(u64::MAX));
    }

    #[test]
    fn retry_after_beats_the_rate_limit_fields_longer_or_shorter() {
        let shorter = [("RateLimit", r#""default";r=0;t=30"#), ("Retry-After", "5")];
        let longer = [("X-RateLimit-Reset", "30"), ("Retry-After", "120")];

        assert_eq!(wait(429, &shorter), secs(5));
        assert_eq!(wait(429, &longer), secs(120));
    }

    #[test]
    fn retry_after_zero_wins_as_retry_at_once() {
        let headers = [("Retry-After", "0"), ("RateLimit-Reset", "30")];

        assert_eq!(wait(429, &headers), secs(0));
    }

    #[test]
    fn a_retry_after_that_asks_for_no_wait_leaves_the_rate_limit_fields_to_decide() {
        for retry_after in ["soon", "-5", "Sun, 06 Nov 1994 08:49:00 GMT"] {
            let headers = [("Retry-After", retry_after), ("RateLimit", r#""d";r=0;t=30"#)];

            assert_eq!(wait(503, &headers), secs(30), "{retry_after}");
        }
    }

    #[test]
    fn of_several_retry_after_values_the_longest_valid_one_wins() {
        let headers = [("Retry-After", "1"), ("Retry-After", "nope"), ("retry-after", "4")];

        assert_eq!(wait(503, &headers), secs(4));
    }

    #[test]
    fn header_names_match_whatever_their_case() {
        assert_eq!(wait(503, &[("RETRY-AFTER", "7")]), secs(7));
        assert_eq!(wait(503, &[("rateLIMIT", r#""d";r=0;t=8"#)]), secs(8));
        assert_eq!(wait(429, &[("ratelimit-RESET", "9")]), secs(9));
        assert_eq!(
            wait(503, &[("x-ratelimit-remaining", "0"), ("X-RATELIMIT-RESET", "10")]),
            secs(10)
        );
    }

    #[test]
    fn a_503_with_quota_left_and_an_hour_to_reset_asks_for_no_wait() {
        let headers = [("X-RateLimit-Remaining", "40"), ("X-RateLimit-Reset", "3600")];

        assert_eq!(wait(503, &headers), None);
    }

    #[test]
    fn a_response_without_wait_fields_asks_for_no_wait() {
        let headers = [("Content-Type", "text/plain"), ("RateLimit-Limit", "100")];

        assert_eq!(wait(429, &headers), None);
        assert_eq!(wait(429, &[]), None);
    }

    #[test]
    fn names_that_only_resemble_wait_fields_are_not_read() {
        let headers = [
            ("Retry-Afterwards", "5"),
            ("X-Retry-After", "5"),
            ("X-RateLimit-Resets", "6"),
            ("RateLimits", r#""a";r=0;t=7"#),
        ];

        assert_eq!(wait(429, &headers), None);
    }
}
