//! Reading the `Retry-After` header of a 429 answer.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// The wait a `Retry-After` header asks for, if it holds whole seconds.
///
/// Slack sends whole seconds. Anything else is ignored so that the policy's wait
/// applies: a missing header, a value that is not visible ASCII, that is not all
/// digits (a sign, a fraction, an HTTP date) or that does not fit in a `u64`.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    value.parse().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn read(value: &[u8]) -> Option<Duration> {
        let mut headers = HeaderMap::new();
        let value = HeaderValue::from_bytes(value).expect("a value HTTP allows");
        headers.insert(RETRY_AFTER, value);
        retry_after(&headers)
    }

    #[test]
    fn whole_seconds_are_read() {
        assert_eq!(read(b"3"), Some(Duration::from_secs(3)));
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert_eq!(read(b" 3\t"), Some(Duration::from_secs(3)));
    }

    #[test]
    fn zero_means_retry_at_once() {
        assert_eq!(read(b"0"), Some(Duration::ZERO));
    }

    #[test]
    fn the_largest_u64_is_kept() {
        assert_eq!(read(b"18446744073709551615"), Some(Duration::from_secs(u64::MAX)));
    }

    #[test]
    fn a_missing_header_gives_no_wait() {
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn values_that_are_not_whole_seconds_give_no_wait() {
        let values: [&[u8]; 9] = [
            b"",
            b"soon",
            b"-3",
            b"+3",
            b"3.5",
            b"3 4",
            b"Wed, 21 Oct 2015 07:28:00 GMT",
            b"18446744073709551616",
            b"99999999999999999999999999999999999999999",
        ];

        let read: Vec<_> = values.iter().map(|value| read(value)).collect();

        assert_eq!(read, [None; 9]);
    }

    #[test]
    fn bytes_that_are_not_visible_ascii_give_no_wait() {
        assert_eq!(read(b"\xff3"), None);
        assert_eq!(read("3\u{e9}".as_bytes()), None);
    }
}
