//! Waits written for people, in errors and logs.

use std::fmt;
use std::time::Duration;

const A_YEAR: Duration = Duration::from_secs(365 * 86_400);

/// A wait as people write it: `1h`, `2m 30s`, `7s`, `250ms`. Waits of a second or
/// more are rounded up to whole seconds, shorter ones to whole milliseconds; a year
/// or more is "more than a year".
pub(crate) struct Readable(pub(crate) Duration);

impl fmt::Display for Readable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wait = self.0;
        if wait < Duration::from_secs(1) {
            let millis = wait.as_nanos().div_ceil(1_000_000);
            return match millis {
                0 => f.write_str("0s"),
                1000 => f.write_str("1s"),
                _ => write!(f, "{millis}ms"),
            };
        }
        if wait >= A_YEAR {
            return f.write_str("more than a year");
        }
        let seconds = wait.as_secs().saturating_add(u64::from(wait.subsec_nanos() > 0));
        let parts = [
            (seconds / 86_400, "d"),
            (seconds / 3600 % 24, "h"),
            (seconds / 60 % 60, "m"),
            (seconds % 60, "s"),
        ];
        let mut separator = "";
        for (amount, unit) in parts.into_iter().filter(|(amount, _)| *amount > 0) {
            write!(f, "{separator}{amount}{unit}")?;
            separator = " ";
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readable(seconds: u64) -> String {
        Readable(Duration::from_secs(seconds)).to_string()
    }

    #[test]
    fn waits_read_as_the_units_people_use() {
        let shown = [0, 7, 60, 90, 3600, 5400, 86_400, 90_061].map(readable);

        assert_eq!(shown, ["0s", "7s", "1m", "1m 30s", "1h", "1h 30m", "1d", "1d 1h 1m 1s"]);
    }

    #[test]
    fn waits_are_rounded_up_never_down() {
        let shown = [
            Duration::from_micros(1),
            Duration::from_millis(250),
            Duration::from_nanos(999_999_999),
            Duration::from_millis(1500),
        ]
        .map(|wait| Readable(wait).to_string());

        assert_eq!(shown, ["1ms", "250ms", "1s", "2s"]);
    }

    #[test]
    fn a_year_or_more_is_said_plainly() {
        let shown = [364 * 86_400, 365 * 86_400, u64::MAX].map(readable);

        assert_eq!(shown, ["364d", "more than a year", "more than a year"]);
    }
}
