//! Reading the `Retry-After` header of a 429 answer.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

/// The wait the `Retry-After` headers ask for, read by
/// [`retry_core::http::retry_after_all`]: whole seconds, or an HTTP date from now;
/// a number too large for a `u64` is the longest wait, so the retry loop gives up
/// rather than sleep; a date already past, or anything else, gives no wait, so the
/// policy's wait applies. With several headers the longest valid wait wins.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let values = headers.get_all(RETRY_AFTER).iter().map(HeaderValue::as_bytes);
    retry_core::http::retry_after_all(values, SystemTime::now()).wait()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(values: &[&[u8]]) -> Option<Duration> {
        let mut headers = HeaderMap::new();
        for value in values {
            let value = HeaderValue::from_bytes(value).expect("a value HTTP allows");
            headers.append(RETRY_AFTER, value);
        }
        retry_after(&headers)
    }

    fn read(value: &[u8]) -> Option<Duration> {
        read_all(&[value])
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
    fn seconds_too_many_for_a_u64_are_kept_as_the_largest_u64() {
        let values: [&[u8]; 3] =
            [b"18446744073709551616", b"99999999999999999999999", b"000000000000000000000000007"];

        let read: Vec<_> = values.iter().map(|value| read(value)).collect();

        let longest = Some(Duration::from_secs(u64::MAX));
        assert_eq!(read, [longest, longest, Some(Duration::from_secs(7))]);
    }

    #[test]
    fn a_missing_header_gives_no_wait() {
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn values_that_are_not_whole_seconds_give_no_wait() {
        let values: [&[u8]; 9] = [
            b"",
            b"  ",
            b"soon",
            b"-3",
            b"+3",
            b"3.5",
            b"3 4",
            b"3, 4",
            b"Wed, 21 Oct 2015 07:28:00 GMT",
        ];

        let read: Vec<_> = values.iter().map(|value| read(value)).collect();

        assert_eq!(read, [None; 9]);
    }

    #[test]
    fn an_http_date_still_to_come_is_a_wait_until_then() {
        let wait = read(b"Fri, 31 Dec 9999 23:59:59 GMT").expect("a date far ahead");

        assert!(wait > Duration::from_secs(7_000 * 365 * 86_400), "{wait:?}");
    }

    #[test]
    fn bytes_that_are_not_visible_ascii_give_no_wait() {
        assert_eq!(read(b"\xff3"), None);
        assert_eq!(read("3\u{e9}".as_bytes()), None);
    }

    #[test]
    fn of_several_headers_the_longest_valid_wait_wins() {
        let waits = read_all(&[b"3", b"soon", b"10", b"-20", b"2"]);

        assert_eq!(waits, Some(Duration::from_secs(10)));
    }

    #[test]
    fn several_headers_none_of_them_valid_give_no_wait() {
        let waits = read_all(&[b"soon", b"Wed, 21 Oct 2015 07:28:00 GMT"]);

        assert_eq!(waits, None);
    }
}
