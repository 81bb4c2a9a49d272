//! The demo: six scenarios against the [mock Slack](crate::mock::MockSlack), each
//! checked against what it should do, then a table of the wait measured before each
//! attempt. It prints to stdout; install a `tracing` subscriber first to see the
//! attempt log in between.

use std::time::{Duration, Instant};

use crate::client::SlackClient;
use crate::error::{Report, SlackError};
use crate::message::Message;
use crate::mock::{KNOWN_CHANNEL, MockSlack, RETRY_AFTER_DATE_SECS, RETRY_AFTER_SECS};

/// The attempts `send_msg` makes before giving up.
const ATTEMPTS: usize = 4;

/// Scenarios that did not behave as the demo says they should.
#[derive(Debug, thiserror::Error)]
#[error("some scenarios did not behave as expected:\n  {}", .0.join("\n  "))]
pub struct Unexpected(Vec<String>);

/// Runs the six scenarios, printing each result and then the table of waits.
///
/// The scenarios that retry sleep for real, about 30 s in all. Fails if any
/// scenario made a different number of attempts, waited differently, or ended
/// differently than stated.
pub async fn run() -> Result<(), Unexpected> {
    let slack = MockSlack::start().await;
    let scenarios = scenarios(&slack);
    let sleeping: Duration = scenarios.iter().map(Scenario::expected_sleep).sum();
    println!("Mock Slack webhook listening on {}.", slack.address());
    println!(
        "Each scenario calls SlackClient::send_msg, which is declared with\n  \
         #[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = SendMsgError)]"
    );
    println!("The retrying scenarios sleep for real between attempts: about {sleeping:?} in all.");

    let mut problems = Vec::new();
    let mut columns = Vec::new();
    for (number, scenario) in scenarios.iter().enumerate() {
        println!("\n== {}. {} ==", number + 1, scenario.title);
        let outcome = scenario.run(&slack).await;
        println!("{}", outcome.summary());
        let found = scenario.check(&outcome);
        if found.is_empty() {
            println!("as expected");
        }
        for problem in &found {
            println!("NOT AS EXPECTED: {problem}");
        }
        problems.extend(found.into_iter().map(|problem| format!("{}: {problem}", scenario.title)));
        if let Expected::GivesUp { .. } = scenario.expected {
            columns.push((scenario.label, outcome.waits()));
        }
    }

    println!("\nWait before each attempt, measured at the mock server (whole seconds):\n");
    print!("{}", wait_table(&columns));
    if problems.is_empty() {
        println!("\nAll {} scenarios behaved as expected.", scenarios.len());
        Ok(())
    } else {
        Err(Unexpected(problems))
    }
}

/// How a scenario should end.
enum Expected {
    /// Delivered at the first attempt.
    Delivered,
    /// Refused at the first attempt with this reason.
    Rejected(&'static str),
    /// Retried until the attempts run out, waiting between `shortest` and
    /// `longest` whole seconds before each retry.
    GivesUp { shortest: u64, longest: u64 },
    /// Given up after the first attempt, the error saying the server asked for
    /// this wait.
    GivesUpAtOnce { asked: &'static str },
}

struct Scenario {
    title: &'static str,
    /// The scenario's column in the table of waits.
    label: &'static str,
    url: String,
    message: Message,
    expected: Expected,
}

fn scenarios(slack: &MockSlack) -> [Scenario; 6] {
    let message = |channel: &str| {
        Message::new("This is a simple text")
            .channel(channel)
            .username("RustProcess")
            .icon_emoji(":smile:")
    };
    [
        Scenario {
            title: "a known channel: delivered at the first attempt",
            label: "ok",
            url: slack.webhook_url(),
            message: message(KNOWN_CHANNEL),
            expected: Expected::Delivered,
        },
        Scenario {
            title: "an unknown channel: rejected at once, not retried",
            label: "Err 404",
            url: slack.webhook_url(),
            message: message("#NA"),
            expected: Expected::Rejected("channel_not_found"),
        },
        Scenario {
            title: "Slack answers 500: 4 attempts 4 s apart, then give up",
            label: "Err 500",
            url: slack.server_error_url(),
            message: message(KNOWN_CHANNEL),
            expected: Expected::GivesUp { shortest: 4, longest: 4 },
        },
        Scenario {
            title: "Slack answers 429 with Retry-After: 3: 4 attempts 3 s apart, then give up",
            label: "Err 429",
            url: slack.rate_limited_url(),
            message: message(KNOWN_CHANNEL),
            expected: Expected::GivesUp { shortest: RETRY_AFTER_SECS, longest: RETRY_AFTER_SECS },
        },
        Scenario {
            title: "Slack answers 429 with Retry-After set to a date 3 s ahead: \
                    each retry waits until then, then give up",
            label: "429 date",
            url: slack.rate_limited_until_url(),
            message: message(KNOWN_CHANNEL),
            // The date has whole seconds, so the wait is a little under 3 s.
            expected: Expected::GivesUp {
                shortest: RETRY_AFTER_DATE_SECS - 1,
                longest: RETRY_AFTER_DATE_SECS,
            },
        },
        Scenario {
            title: "Slack answers 429 with Retry-After: 3600: give up at once, saying why",
            label: "429 1h",
            url: slack.rate_limited_for_an_hour_url(),
            message: message(KNOWN_CHANNEL),
            expected: Expected::GivesUpAtOnce { asked: "asked to wait 1h" },
        },
    ]
}

impl Scenario {
    async fn run(&self, slack: &MockSlack) -> Outcome {
        let result = match SlackClient::new(&self.url) {
            Ok(client) => client.send_msg(&self.message).await,
            Err(error) => Err(error),
        };
        Outcome { result, arrivals: slack.take_arrivals() }
    }

    fn expected_sleep(&self) -> Duration {
        match self.expected {
            Expected::GivesUp { longest, .. } => {
                Duration::from_secs(longest) * (ATTEMPTS as u32 - 1)
            }
            _ => Duration::ZERO,
        }
    }

    /// What differs from the expectation, if anything.
    fn check(&self, outcome: &Outcome) -> Vec<String> {
        let mut problems = Vec::new();
        let ended_as_expected = match (&self.expected, &outcome.result) {
            (Expected::Delivered, Ok(answer)) => answer == "ok",
            (Expected::Rejected(expected), Err(SlackError::Rejected { reason, .. })) => {
                reason == expected
            }
            (Expected::GivesUp { .. }, Err(SlackError::Unavailable(_))) => true,
            (Expected::GivesUpAtOnce { asked }, Err(error @ SlackError::Unavailable(_))) => {
                error.to_string().contains(asked)
            }
            _ => false,
        };
        if !ended_as_expected {
            problems.push(format!("expected {}", self.expected.describe()));
        }
        if outcome.attempts() != self.expected.attempts() {
            problems.push(format!(
                "expected {} attempt(s), the mock saw {}",
                self.expected.attempts(),
                outcome.attempts()
            ));
        }
        if let Expected::GivesUp { shortest, longest } = self.expected {
            let measured: Vec<u64> = outcome.waits().into_iter().map(whole_seconds).collect();
            let in_range = measured.iter().all(|wait| (shortest..=longest).contains(wait));
            if measured.len() != ATTEMPTS - 1 || !in_range {
                let expected = if shortest == longest {
                    format!("{shortest} s")
                } else {
                    format!("{shortest} to {longest} s")
                };
                problems
                    .push(format!("expected every wait to be {expected}, measured {measured:?} s"));
            }
        }
        problems
    }
}

impl Expected {
    fn attempts(&self) -> usize {
        match self {
            Expected::Delivered | Expected::Rejected(_) | Expected::GivesUpAtOnce { .. } => 1,
            Expected::GivesUp { .. } => ATTEMPTS,
        }
    }

    fn describe(&self) -> String {
        match self {
            Expected::Delivered => "Slack to answer \"ok\"".to_string(),
            Expected::Rejected(reason) => format!("Slack to reject the message with {reason}"),
            Expected::GivesUp { .. } => "send_msg to give up on a temporary failure".to_string(),
            Expected::GivesUpAtOnce { asked } => {
                format!("send_msg to give up at once with an error saying \"{asked}\"")
            }
        }
    }
}

struct Outcome {
    result: Result<String, SlackError>,
    /// When each attempt reached the mock.
    arrivals: Vec<Instant>,
}

impl Outcome {
    fn attempts(&self) -> usize {
        self.arrivals.len()
    }

    /// The time between consecutive attempts: the wait before attempts 2, 3, ….
    fn waits(&self) -> Vec<Duration> {
        self.arrivals.windows(2).map(|pair| pair[1].duration_since(pair[0])).collect()
    }

    fn summary(&self) -> String {
        let attempts = match self.attempts() {
            1 => "1 attempt".to_string(),
            n => format!("{n} attempts"),
        };
        match &self.result {
            Ok(answer) => format!("delivered after {attempts}; Slack answered {answer:?}"),
            Err(error) => format!("failed after {attempts}: {}", Report(error)),
        }
    }
}

/// A Markdown table with one row per retry and one column per retrying scenario.
fn wait_table(columns: &[(&str, Vec<Duration>)]) -> String {
    let mut table = String::from("| Attempt |");
    let mut rule = String::from("|:-------:|");
    for (label, _) in columns {
        table.push_str(&format!(" {label:^8} |"));
        rule.push_str(":--------:|");
    }
    table.push('\n');
    table.push_str(&rule);
    table.push('\n');
    let rows = columns.iter().map(|(_, waits)| waits.len()).max().unwrap_or(0);
    for row in 0..rows {
        table.push_str(&format!("| {:^7} |", row + 2));
        for (_, waits) in columns {
            let cell = waits.get(row).map_or("-".to_string(), |w| whole_seconds(*w).to_string());
            table.push_str(&format!(" {cell:^8} |"));
        }
        table.push('\n');
    }
    table
}

fn whole_seconds(wait: Duration) -> u64 {
    wait.saturating_add(Duration::from_millis(500)).as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_a_row_per_retry_in_whole_seconds() {
        let columns = [
            ("Err 500", vec![4004, 3996, 4010].into_iter().map(Duration::from_millis).collect()),
            ("Err 429", vec![3001, 3002, 3003].into_iter().map(Duration::from_millis).collect()),
        ];

        let table = wait_table(&columns);

        assert_eq!(
            table,
            "| Attempt | Err 500  | Err 429  |\n\
             |:-------:|:--------:|:--------:|\n\
             |    2    |    4     |    3     |\n\
             |    3    |    4     |    3     |\n\
             |    4    |    4     |    3     |\n"
        );
    }

    #[test]
    fn a_missing_wait_shows_as_a_dash() {
        let columns = [("Err 500", vec![Duration::from_secs(4)]), ("Err 429", Vec::new())];

        let table = wait_table(&columns);

        assert_eq!(
            table,
            "| Attempt | Err 500  | Err 429  |\n\
             |:-------:|:--------:|:--------:|\n\
             |    2    |    4     |    -     |\n"
        );
    }
}
