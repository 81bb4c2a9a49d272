//! Reading the rate-limit fields of a response: which quotas it reports used up and
//! how long until each resets. The rules are in the parent module's docs.

use std::time::{Duration, SystemTime};

use super::numbers::{trim_spaces, whole_number};

/// From this many seconds up, a separate reset field is read as a Unix time: as a
/// delay it would be over 31 years, and as a time it is September 2001.
const UNIX_TIME_FROM_SECS: u64 = 1_000_000_000;

/// From this many up, a separate reset field is read as a Unix time in
/// milliseconds, as some services send it: in seconds it would be over 31 000
/// years away, and in milliseconds it is September 2001 again.
const UNIX_TIME_MILLIS_FROM: u64 = 1_000_000_000_000;

const TOO_MANY_REQUESTS: u16 = 429;

/// What the rate-limit fields of one response say, gathered one field line at a time.
#[derive(Debug, Default)]
pub(super) struct RateLimits {
    /// The items of every `RateLimit` line.
    items: Vec<Quota>,
    /// `RateLimit-Remaining` with `RateLimit-Reset`.
    unprefixed: Quota,
    /// `X-RateLimit-Remaining` with `X-RateLimit-Reset` or `X-RateLimit-Reset-After`.
    prefixed: Quota,
}

impl RateLimits {
    /// Takes in one field line, read at `now`; lines of other fields are passed over.
    pub(super) fn read(&mut self, name: &str, value: &[u8], now: SystemTime) {
        let is = |field: &str| name.eq_ignore_ascii_case(field);
        if is("ratelimit") {
            self.items.extend(service_limits(value));
        } else if is("ratelimit-remaining") {
            self.unprefixed.count(value);
        } else if is("ratelimit-reset") {
            self.unprefixed.reset(value, now);
        } else if is("x-ratelimit-remaining") {
            self.prefixed.count(value);
        } else if is("x-ratelimit-reset") {
            self.prefixed.reset(value, now);
        } else if is("x-ratelimit-reset-after") {
            self.prefixed.reset_after(value);
        }
    }

    /// The longest wait until a used-up quota resets, for a response with `status`.
    pub(super) fn wait(self, status: u16) -> Option<Duration> {
        self.items
            .into_iter()
            .chain([self.unprefixed, self.prefixed])
            .filter(|quota| quota.used_up(status))
            .filter_map(|quota| quota.reset)
            .max()
    }
}

/// What a response says about one quota.
#[derive(Debug, Default)]
struct Quota {
    /// Some valid remaining count was given.
    counted: bool,
    /// Some remaining count was zero.
    zero_left: bool,
    /// The longest wait until the quota resets; `None` when no reset was given or
    /// every one given has passed.
    reset: Option<Duration>,
}

impl Quota {
    fn used_up(&self, status: u16) -> bool {
        // On a 429 a quota that says requests are left is not the one refusing us, and
        // its reset may be a day away.
        self.zero_left || (status == TOO_MANY_REQUESTS && !self.counted)
    }

    fn count(&mut self, value: &[u8]) {
        if let Some(remaining) = whole_number(trim_spaces(value)) {
            self.counted = true;
            self.zero_left |= remaining == 0;
        }
    }

    fn reset(&mut self, value: &[u8], now: SystemTime) {
        self.reset = self.reset.max(reset_wait(value, now));
    }

    /// A reset given as seconds from now, however many (`X-RateLimit-Reset-After`).
    fn reset_after(&mut self, value: &[u8]) {
        self.reset = self.reset.max(seconds(value).map(|(secs, nanos)| Duration::new(secs, nanos)));
    }
}

/// Seconds with an optional fraction, as whole seconds and nanoseconds; too many
/// digits for any integer saturate.
fn seconds(value: &[u8]) -> Option<(u64, u32)> {
    let value = trim_spaces(value);
    let (whole, fraction) = match value.iter().position(|&byte| byte == b'.') {
        Some(dot) => (&value[..dot], Some(&value[dot + 1..])),
        None => (value, None),
    };
    Some((whole_number(whole)?, fraction.map_or(Some(0), nanos)?))
}

/// The wait a `RateLimit-Reset` or `X-RateLimit-Reset` value asks for: seconds with an
/// optional fraction, a Unix time from [`UNIX_TIME_FROM_SECS`] up, in milliseconds
/// from [`UNIX_TIME_MILLIS_FROM`] up.
fn reset_wait(value: &[u8], now: SystemTime) -> Option<Duration> {
    let (secs, nanos) = seconds(value)?;
    let reset = match secs {
        ..UNIX_TIME_FROM_SECS => return Some(Duration::new(secs, nanos)),
        UNIX_TIME_FROM_SECS..UNIX_TIME_MILLIS_FROM => Duration::new(secs, nanos),
        // Too many digits for any integer: the longest wait, for the cap to refuse.
        u64::MAX => return Some(Duration::from_secs(u64::MAX)),
        millis => Duration::from_millis(millis),
    };

    match SystemTime::UNIX_EPOCH.checked_add(reset) {
        Some(at) => at.duration_since(now).ok().filter(|wait| !wait.is_zero()),
        None => Some(Duration::from_secs(u64::MAX)),
    }
}

/// The service limits of one `RateLimit` field line, as quotas. A line that is not a
/// structured-field list yields none; an item without a valid `r`, or with a `t` that
/// is not a whole number, is skipped.
fn service_limits(line: &[u8]) -> Vec<Quota> {
    let mut parser = Parser { rest: trim_spaces(line) };
    let mut limits = Vec::new();
    while !parser.rest.is_empty() {
        let Some(params) = parser.member() else {
            return Vec::new();
        };
        limits.extend(params.quota());

        parser.skip_spaces_and_tabs();
        if parser.rest.is_empty() {
            break;
        }
        if !parser.eat(b',') {
            return Vec::new();
        }
        parser.skip_spaces_and_tabs();
        if parser.rest.is_empty() {
            return Vec::new();
        }
    }
    limits
}

/// A bare item, only as finely as the rate-limit rules tell them apart.
#[derive(Debug, Clone, Copy)]
enum Bare {
    WholeNumber(u64),
    Other,
}

/// The parameters of one list member that say something about its quota.
#[derive(Debug, Default)]
struct Params {
    remaining: Option<Bare>,
    reset: Option<Bare>,
}

impl Params {
    fn quota(&self) -> Option<Quota> {
        let Some(Bare::WholeNumber(remaining)) = self.remaining else {
            return None;
        };
        let reset = match self.reset {
            None => None,
            Some(Bare::WholeNumber(secs)) => Some(Duration::from_secs(secs)),
            Some(Bare::Other) => return None,
        };
        Some(Quota { counted: true, zero_left: remaining == 0, reset })
    }
}

/// A reader of the structured-field list syntax (RFC 9651, section 4.2) over one field
/// line. Every method returns `None` on a syntax error.
struct Parser<'v> {
    rest: &'v [u8],
}

impl<'v> Parser<'v> {
    /// One list member's parameters. An inner list is not a service limit, so its
    /// parameters are dropped.
    fn member(&mut self) -> Option<Params> {
        if self.eat(b'(') {
            self.inner_list()?;
            self.parameters()?;
            return Some(Params::default());
        }
        self.bare_item()?;
        self.parameters()
    }

    fn inner_list(&mut self) -> Option<()> {
        loop {
            while self.eat(b' ') {}
            if self.eat(b')') {
                return Some(());
            }
            self.bare_item()?;
            self.parameters()?;
            if !matches!(self.peek()?, b' ' | b')') {
                return None;
            }
        }
    }

    /// The parameters after an item; a key given twice keeps its last value.
    fn parameters(&mut self) -> Option<Params> {
        let mut params = Params::default();
        while self.eat(b';') {
            while self.eat(b' ') {}
            let key = self.key()?;
            let value = if self.eat(b'=') { self.bare_item()? } else { Bare::Other };
            match key {
                b"r" => params.remaining = Some(value),
                b"t" => params.reset = Some(value),
                _ => {}
            }
        }
        Some(params)
    }

    fn key(&mut self) -> Option<&'v [u8]> {
        if !matches!(self.peek()?, b'a'..=b'z' | b'*') {
            return None;
        }
        Some(self.take_while(
            |byte| matches!(byte, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.' | b'*'),
        ))
    }

    fn bare_item(&mut self) -> Option<Bare> {
        match self.peek()? {
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => {
                self.rest = &self.rest[1..];
                self.string()
            }
            // A display string, read as leniently as a string: only its end matters here.
            b'%' => {
                self.rest = &self.rest[1..];
                if !self.eat(b'"') {
                    return None;
                }
                self.string()
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'*' => {
                self.take_while(is_token_byte);
                Some(Bare::Other)
            }
            b':' => {
                self.rest = &self.rest[1..];
                self.take_while(|byte| byte.is_ascii_alphanumeric() || b"+/=".contains(&byte));
                self.eat(b':').then_some(Bare::Other)
            }
            b'?' => {
                self.rest = &self.rest[1..];
                (self.eat(b'0') || self.eat(b'1')).then_some(Bare::Other)
            }
            b'@' => {
                self.rest = &self.rest[1..];
                self.eat(b'-');
                whole_number(self.take_while(|byte| byte.is_ascii_digit()))?;
                (self.peek() != Some(b'.')).then_some(Bare::Other)
            }
            _ => None,
        }
    }

    /// An integer or decimal. Structured fields allow at most 15 integer digits; longer
    /// numbers are read here too, saturated, so a huge reset stays a huge wait.
    fn number(&mut self) -> Option<Bare> {
        let negative = self.eat(b'-');
        let whole = whole_number(self.take_while(|byte| byte.is_ascii_digit()))?;
        if self.eat(b'.') {
            return (!self.take_while(|byte| byte.is_ascii_digit()).is_empty())
                .then_some(Bare::Other);
        }
        Some(if negative { Bare::Other } else { Bare::WholeNumber(whole) })
    }

    /// The rest of a string after its opening quote, through the closing one.
    fn string(&mut self) -> Option<Bare> {
        loop {
            let (&byte, rest) = self.rest.split_first()?;
            self.rest = rest;
            match byte {
                b'"' => return Some(Bare::Other),
                b'\\' => {
                    if !(self.eat(b'"') || self.eat(b'\\')) {
                        return None;
                    }
                }
                b' '..=b'~' => {}
                _ => return None,
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.rest.first() == Some(&byte);
        if found {
            self.rest = &self.rest[1..];
        }
        found
    }

    fn skip_spaces_and_tabs(&mut self) {
        while self.eat(b' ') || self.eat(b'\t') {}
    }

    fn take_while(&mut self, keep: impl Fn(u8) -> bool) -> &'v [u8] {
        let end = self.rest.iter().position(|&byte| !keep(byte)).unwrap_or(self.rest.len());
        let (taken, rest) = self.rest.split_at(end);
        self.rest = rest;
        taken
    }
}

fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~:/".contains(&byte)
}

/// The nanoseconds a non-empty run of digits after a decimal point stands for; digits
/// past the ninth are dropped.
fn nanos(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let padded = digits.iter().chain(std::iter::repeat(&b'0')).take(9);
    Some(padded.fold(0, |nanos, &digit| nanos * 10 + u32::from(digit - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sun, 06 Nov 1994 08:49:37 GMT, the date RFC 9110 uses in its examples.
    fn rfc_now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)
    }

    fn rate_limit_wait<'h>(
        headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
        status: u16,
        now: SystemTime,
    ) -> Option<Duration> {
        let mut limits = RateLimits::default();
        for (name, value) in headers {
            limits.read(name, value, now);
        }
        limits.wait(status)
    }

    fn wait(status: u16, headers: &[(&str, &str)]) -> Option<Duration> {
        let headers = headers.iter().map(|&(name, value)| (name, value.as_bytes()));
        rate_limit_wait(headers, status, rfc_now())
    }

    fn secs(seconds: u64) -> Option<Duration> {
        Some(Duration::from_secs(seconds))
    }

    #[test]
    fn ratelimit_item_with_nothing_remaining_waits_until_its_reset() {
        let headers = [("RateLimit", r#""default";r=0;t=30"#)];

        assert_eq!(wait(503, &headers), secs(30));
        assert_eq!(wait(200, &headers), secs(30));
    }

    #[test]
    fn ratelimit_item_with_quota_left_asks_for_no_wait_even_on_a_429() {
        let headers = [("RateLimit", r#""default";r=5;t=30"#)];

        assert_eq!(wait(429, &headers), None);
        assert_eq!(wait(503, &headers), None);
    }

    #[test]
    fn ratelimit_item_used_up_without_a_reset_asks_for_no_wait() {
        assert_eq!(wait(429, &[("RateLimit", r#""default";r=0"#)]), None);
    }

    #[test]
    fn ratelimit_reset_of_zero_on_a_used_up_quota_means_retry_at_once() {
        assert_eq!(wait(429, &[("RateLimit", r#""default";r=0;t=0"#)]), secs(0));
    }

    #[test]
    fn ratelimit_parameters_are_found_in_any_order_among_others() {
        let line = r#"peruser;pk=:cHsdsRa894==:;t=12;acme-note="a, b; c";r=0;x;y=?1"#;

        assert_eq!(wait(503, &[("RateLimit", line)]), secs(12));
        assert_eq!(wait(503, &[("RateLimit", r#""p";r=5;t=3;r=0"#)]), secs(3));
    }

    #[test]
    fn ratelimit_items_split_over_several_lines_are_all_read() {
        let headers = [("RateLimit", r#""burst";r=0;t=5"#), ("ratelimit", r#""day";r=0;t=60"#)];

        assert_eq!(wait(429, &headers), secs(60));
    }

    #[test]
    fn of_several_used_up_policies_the_longest_reset_wins() {
        let both = [("RateLimit", r#""burst";r=0;t=5, "daily";r=0;t=3600"#)];
        let one = [("RateLimit", r#""burst";r=0;t=5,"daily";r=100;t=80000"#)];

        assert_eq!(wait(429, &both), secs(3600));
        assert_eq!(wait(429, &one), secs(5));
    }

    #[test]
    fn ratelimit_items_without_a_whole_remaining_count_or_reset_are_skipped() {
        for item in [
            r#""a";t=30"#,
            r#""a";r;t=30"#,
            r#""a";r=-1;t=30"#,
            r#""a";r=0.0;t=30"#,
            r#""a";r="0";t=30"#,
            r#""a";r=0;t=-30"#,
            r#""a";r=0;t=1.5"#,
            r#""a";r=0;t=?1"#,
            r#"("a" "b");r=0;t=30"#,
        ] {
            let line = format!("{item}, \"good\";r=0;t=7");

            assert_eq!(wait(429, &[("RateLimit", item)]), None, "{item}");
            assert_eq!(wait(429, &[("RateLimit", &line)]), secs(7), "{line}");
        }
    }

    #[test]
    fn malformed_ratelimit_lines_are_ignored_whole() {
        for line in [
            "",
            " ",
            r#""a";r=0;t="#,
            r#""a";r=0;t=30,"#,
            r#","a";r=0;t=30"#,
            r#""a";r=0;t=30 "b""#,
            r#""a";R=0;t=30"#,
            r#""a";r=0;t=30;"#,
            r#""unterminated;r=0;t=30"#,
            r#""bad \q";r=0;t=30"#,
            "default r=0 t=30",
            "limit=100, remaining=0, reset=30",
            "\"a\";r=0;t=30\t\"b\";r=0;t=30",
            "\"caf\u{e9}\";r=0;t=30",
        ] {
            assert_eq!(wait(429, &[("RateLimit", line)]), None, "{line:?}");
        }
        let not_text: &[u8] = b"\"a\xff\";r=0;t=30";
        assert_eq!(rate_limit_wait([("RateLimit", not_text)], 429, rfc_now()), None);
    }

    #[test]
    fn ratelimit_policy_alone_asks_for_no_wait() {
        let headers = [("RateLimit-Policy", r#""default";q=100;w=60"#)];

        assert_eq!(wait(429, &headers), None);
    }

    #[test]
    fn ratelimit_reset_counts_once_ratelimit_remaining_is_zero() {
        let used_up =
            [("RateLimit-Limit", "100"), ("RateLimit-Remaining", "0"), ("RateLimit-Reset", "30")];
        let left =
            [("RateLimit-Limit", "100"), ("RateLimit-Remaining", "40"), ("RateLimit-Reset", "30")];

        assert_eq!(wait(503, &used_up), secs(30));
        assert_eq!(wait(503, &left), None);
        assert_eq!(wait(429, &left), None);
    }

    #[test]
    fn on_a_429_a_reset_without_any_remaining_count_is_waited_for() {
        assert_eq!(wait(429, &[("RateLimit-Reset", "30")]), secs(30));
        assert_eq!(wait(429, &[("X-RateLimit-Reset", "30")]), secs(30));
        assert_eq!(wait(503, &[("RateLimit-Reset", "30")]), None);
        assert_eq!(wait(503, &[("X-RateLimit-Reset", "30")]), None);
    }

    #[test]
    fn a_503_with_quota_left_and_an_hour_to_reset_asks_for_no_wait() {
        let headers = [("X-RateLimit-Remaining", "40"), ("X-RateLimit-Reset", "3600")];

        assert_eq!(wait(503, &headers), None);
    }

    #[test]
    fn x_ratelimit_reset_below_a_billion_is_delay_seconds() {
        let headers = [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "999999999")];

        assert_eq!(wait(503, &headers), secs(999_999_999));
    }

    #[test]
    fn x_ratelimit_reset_as_epoch_seconds_is_the_time_until_then() {
        let headers = [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "1000000000")];

        assert_eq!(wait(403, &headers), secs(1_000_000_000 - 784_111_777));
    }

    #[test]
    fn ratelimit_reset_as_epoch_seconds_is_the_time_until_then_too() {
        assert_eq!(
            wait(429, &[("RateLimit-Reset", "1000000060")]),
            secs(1_000_000_060 - 784_111_777)
        );
    }

    #[test]
    fn a_reset_epoch_in_the_past_or_exactly_now_asks_for_no_wait() {
        // The fixed clock above is in 1994, before any epoch reset; this one is in 2023.
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let read = |reset: &'static str| {
            let headers: [(&str, &[u8]); 2] =
                [("X-RateLimit-Remaining", b"0"), ("X-RateLimit-Reset", reset.as_bytes())];
            rate_limit_wait(headers, 429, now)
        };

        assert_eq!(read("1699999999"), None);
        assert_eq!(read("1700000000"), None);
        assert_eq!(read("1000000000"), None);
        assert_eq!(read("1700000045"), secs(45));
    }

    #[test]
    fn x_ratelimit_reset_after_is_seconds_from_now_however_many() {
        let headers = [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "2.5")];
        let long = [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "1000000000")];

        assert_eq!(wait(429, &headers), Some(Duration::from_millis(2500)));
        assert_eq!(wait(429, &long), secs(1_000_000_000));
        assert_eq!(wait(503, &[("X-RateLimit-Reset-After", "9")]), None);
    }

    #[test]
    fn a_reset_in_unix_milliseconds_is_the_time_until_then() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let read = |reset: &'static str| {
            let headers: [(&str, &[u8]); 2] =
                [("X-RateLimit-Remaining", b"0"), ("X-RateLimit-Reset", reset.as_bytes())];
            rate_limit_wait(headers, 429, now)
        };

        assert_eq!(read("1700000030000"), secs(30));
        assert_eq!(read("1699999999000"), None);
    }

    #[test]
    fn reset_seconds_may_carry_a_fraction() {
        let delay = [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "1.25")];
        let epoch = [("RateLimit-Reset", "1000000000.5")];

        assert_eq!(wait(429, &delay), Some(Duration::from_millis(1250)));
        assert_eq!(wait(429, &epoch), Some(Duration::from_millis(215_888_223_500)));
        assert_eq!(
            wait(429, &[("RateLimit-Reset", "0.1234567891")]),
            Some(Duration::from_nanos(123_456_789))
        );
    }

    #[test]
    fn digits_too_many_for_any_integer_become_the_longest_wait() {
        let huge = "9".repeat(400);

        assert_eq!(wait(429, &[("RateLimit-Reset", &huge)]), secs(u64::MAX));
        assert_eq!(wait(429, &[("X-RateLimit-Reset", "18446744073709551616")]), secs(u64::MAX));
        assert_eq!(wait(429, &[("RateLimit", &format!("\"a\";r=0;t={huge}"))]), secs(u64::MAX));
        assert_eq!(wait(429, &[("RateLimit", &format!("\"a\";r={huge};t=9"))]), None);
    }

    #[test]
    fn surrounding_spaces_and_tabs_are_trimmed() {
        let headers = [("X-RateLimit-Remaining", " \t0 "), ("X-RateLimit-Reset", "\t30 ")];

        assert_eq!(wait(503, &headers), secs(30));
        assert_eq!(wait(503, &[("RateLimit", " \"a\";r=0;t=8 ,\t\"b\";r=0;t=9\t")]), secs(9));
    }

    #[test]
    fn odd_resets_ask_for_no_wait() {
        let odd = ["", " ", "-5", "+5", "1.", ".5", "1e3", "30s", "0x10", "5 5", "１２", "soon"];
        for reset in odd {
            assert_eq!(wait(429, &[("X-RateLimit-Reset", reset)]), None, "{reset:?}");
        }
        let not_text: [(&str, &[u8]); 1] = [("RateLimit-Reset", b"\xff30")];
        assert_eq!(rate_limit_wait(not_text, 429, rfc_now()), None);
    }

    #[test]
    fn odd_remaining_counts_are_as_if_not_given() {
        for remaining in ["", "-0", "0.0", "zero", "0 0", "\u{ff10}"] {
            let headers = [("X-RateLimit-Remaining", remaining), ("X-RateLimit-Reset", "30")];

            assert_eq!(wait(503, &headers), None, "{remaining:?}");
            assert_eq!(wait(429, &headers), secs(30), "{remaining:?}");
        }
    }

    #[test]
    fn each_remaining_count_goes_with_the_reset_of_its_own_family() {
        let headers = [("X-RateLimit-Remaining", "0"), ("RateLimit-Reset", "30")];

        assert_eq!(wait(503, &headers), None);
    }

    #[test]
    fn a_field_given_twice_is_used_up_by_any_zero_and_resets_at_its_longest() {
        let headers = [
            ("X-RateLimit-Remaining", "5"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "10"),
            ("X-RateLimit-Reset", "nonsense"),
            ("X-RateLimit-Reset", "40"),
        ];

        assert_eq!(wait(503, &headers), secs(40));
    }

    #[test]
    fn of_all_used_up_quotas_in_every_family_the_longest_reset_wins() {
        let headers = [
            ("RateLimit", r#""a";r=0;t=10"#),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "20"),
            ("RateLimit-Remaining", "3"),
            ("RateLimit-Reset", "999"),
        ];

        assert_eq!(wait(429, &headers), secs(20));
    }

    #[test]
    fn no_field_value_makes_the_reader_panic() {
        let alphabet: &[u8] = b"\"r=0t;,( ):?@%-.9a\\\xff";
        let mut value = Vec::new();
        for len in 0..=4_u32 {
            for mut index in 0..alphabet.len().pow(len) {
                value.clear();
                for _ in 0..len {
                    value.push(alphabet[index % alphabet.len()]);
                    index /= alphabet.len();
                }
                let suffixed = [br#""p";r=0;t="#.as_slice(), &value].concat();
                for name in ["RateLimit", "RateLimit-Reset", "X-RateLimit-Remaining"] {
                    let _ = rate_limit_wait([(name, value.as_slice())], 429, rfc_now());
                    let _ = rate_limit_wait([(name, suffixed.as_slice())], 429, rfc_now());
                }
            }
        }
    }
}
