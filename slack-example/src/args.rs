//! The command line of the `slack-example` binary.

use std::ffi::OsString;

use slack_example::{Message, WebhookUrl};

pub(crate) const HELP: &str = "\
slack-example: post to a Slack incoming webhook, retrying what Slack calls temporary

Usage:
  slack-example                                  run the demo against a mock Slack
  slack-example --text TEXT [--webhook-url URL] [--channel CHANNEL]
                                                 post one message to a real webhook
  slack-example --help                           show this help

Demo (no arguments):
  Starts a mock Slack webhook on 127.0.0.1 and sends through SlackClient::send_msg,
  declared with
    #[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = SendMsgError)]
  in four scenarios: a known channel (delivered), an unknown channel (rejected at
  once), a 500 answer (4 attempts, 4 s apart) and a 429 answer with Retry-After: 3
  (4 attempts, 3 s apart). Prints the attempt log and a table of the measured waits.
  It sleeps for real between attempts, about 21 s in all; nothing leaves this machine.

Posting a message:
  --webhook-url URL   the webhook to post to; defaults to $SLACK_WEBHOOK_URL. It must
                      be https://, or http:// to this machine (localhost, 127.0.0.0/8
                      or [::1]) for a test server
  --text TEXT         the text of the message, not empty
  --channel CHANNEL   post to CHANNEL (such as #general) instead of the webhook's own
  Uses the same policy as the demo and prints Slack's answer (ok) on success. The
  webhook URL is a secret: logs and errors show only its scheme, host and port.

Exit status:
  0  delivered, or every demo scenario behaved as expected
  1  not delivered, or a demo scenario did not behave as expected
  2  invalid arguments or webhook URL
";

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub(crate) enum Command {
    Demo,
    Send { webhook_url: String, message: Message },
    Help,
}

/// Reads the arguments after the program name; `env_webhook_url` is the value of
/// `SLACK_WEBHOOK_URL`, if set. The error explains what is wrong without quoting
/// anything that could be the webhook URL.
pub(crate) fn parse(
    args: impl IntoIterator<Item = OsString>,
    env_webhook_url: Option<String>,
) -> Result<Command, String> {
    let (mut webhook_url, mut text, mut channel) = (None, None, None);
    let mut args = args.into_iter().map(utf8);
    while let Some(arg) = args.next() {
        let arg = arg?;
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.into())),
            _ => (arg, None),
        };
        let slot = match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--webhook-url" => &mut webhook_url,
            "--text" => &mut text,
            "--channel" => &mut channel,
            unknown if unknown.starts_with('-') => {
                return Err(format!("unknown option `{unknown}`"));
            }
            _ => return Err("unexpected argument; every value follows its option".into()),
        };
        let value = match inline_value {
            Some(value) => value,
            None => args.next().ok_or_else(|| format!("`{flag}` needs a value"))??,
        };
        if slot.replace(value).is_some() {
            return Err(format!("`{flag}` is given more than once"));
        }
    }

    let Some(text) = text else {
        if webhook_url.is_some() || channel.is_some() {
            return Err("posting a message needs `--text`".into());
        }
        return Ok(Command::Demo);
    };
    if text.trim().is_empty() {
        return Err("`--text` is empty; Slack posts no message without text".into());
    }
    let webhook_url = webhook_url.or(env_webhook_url).ok_or(
        "posting a message needs a webhook URL; pass `--webhook-url` or set SLACK_WEBHOOK_URL",
    )?;
    // The error never quotes the URL.
    WebhookUrl::parse(&webhook_url).map_err(|error| error.to_string())?;
    let message = match channel {
        Some(channel) => Message::new(text).channel(channel),
        None => Message::new(text),
    };
    Ok(Command::Send { webhook_url, message })
}

fn utf8(arg: OsString) -> Result<String, String> {
    arg.into_string().map_err(|_| "arguments must be valid UTF-8".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";

    fn parse_args(args: &[&str], env_webhook_url: Option<&str>) -> Result<Command, String> {
        parse(args.iter().map(OsString::from), env_webhook_url.map(String::from))
    }

    #[test]
    fn no_arguments_run_the_demo_even_with_a_webhook_url_in_the_environment() {
        assert_eq!(parse_args(&[], Some(URL)), Ok(Command::Demo));
    }

    #[test]
    fn help_wins_over_everything_else() {
        assert_eq!(parse_args(&["--text", "hi", "-h"], None), Ok(Command::Help));
    }

    #[test]
    fn text_and_webhook_url_post_a_message() {
        let command = parse_args(&["--webhook-url", URL, "--text=hi", "--channel", "#ops"], None);

        let expected = Message::new("hi").channel("#ops");
        assert_eq!(command, Ok(Command::Send { webhook_url: URL.into(), message: expected }));
    }

    #[test]
    fn the_webhook_url_can_come_from_the_environment() {
        let command = parse_args(&["--text", "hi"], Some(URL));

        assert_eq!(
            command,
            Ok(Command::Send { webhook_url: URL.into(), message: Message::new("hi") })
        );
    }

    #[test]
    fn text_without_any_webhook_url_is_an_error() {
        let error = parse_args(&["--text", "hi"], None);

        assert_eq!(
            error,
            Err("posting a message needs a webhook URL; pass `--webhook-url` or set SLACK_WEBHOOK_URL"
                .into())
        );
    }

    #[test]
    fn a_webhook_url_without_text_is_an_error() {
        assert_eq!(
            parse_args(&["--webhook-url", URL], None),
            Err("posting a message needs `--text`".into())
        );
    }

    #[test]
    fn an_unknown_option_is_named_but_not_its_value() {
        let error = parse_args(&["--webhok-url=https://hooks.slack.com/XXXXSECRET"], None);

        assert_eq!(error, Err("unknown option `--webhok-url`".into()));
    }

    #[test]
    fn a_stray_value_is_not_quoted() {
        assert_eq!(
            parse_args(&[URL], None),
            Err("unexpected argument; every value follows its option".into())
        );
    }

    #[test]
    fn an_option_at_the_end_without_its_value_is_an_error() {
        assert_eq!(parse_args(&["--text"], None), Err("`--text` needs a value".into()));
    }

    #[test]
    fn an_option_given_twice_is_an_error() {
        let error = parse_args(&["--text", "a", "--text", "b"], Some(URL));

        assert_eq!(error, Err("`--text` is given more than once".into()));
    }

    #[test]
    fn empty_or_blank_text_is_an_error() {
        let errors = [
            parse_args(&["--text", ""], Some(URL)),
            parse_args(&["--text=", "--webhook-url", URL], None),
            parse_args(&["--text", " \t\n"], Some(URL)),
        ];

        let empty = "`--text` is empty; Slack posts no message without text";
        assert_eq!(errors.map(Result::unwrap_err), [empty; 3]);
    }

    #[test]
    fn plain_http_to_this_machine_posts_a_message() {
        let url = "http://127.0.0.1:8080/services/T000/B000/XXXXSECRET";

        let command = parse_args(&["--webhook-url", url, "--text", "hi"], None);

        assert_eq!(
            command,
            Ok(Command::Send { webhook_url: url.into(), message: Message::new("hi") })
        );
    }

    #[test]
    fn plain_http_to_another_host_is_an_error_that_does_not_quote_the_url() {
        let url = "http://hooks.slack.com/services/T000/B000/XXXXSECRET";

        let from_the_flag = parse_args(&["--webhook-url", url, "--text", "hi"], None);
        let from_the_environment = parse_args(&["--text", "hi"], Some(url));

        let in_clear = "the webhook URL must use https:// unless its host is this machine \
                        (localhost, 127.0.0.0/8 or [::1]); plain http:// would send its secret \
                        in clear text";
        assert_eq!([from_the_flag, from_the_environment].map(Result::unwrap_err), [in_clear; 2]);
    }

    #[test]
    fn a_webhook_url_that_is_not_a_url_is_an_error_that_does_not_quote_it() {
        let error =
            parse_args(&["--webhook-url", "hooks.slack.com/XXXXSECRET", "--text", "hi"], None);

        assert_eq!(
            error,
            Err("the webhook URL is not a valid URL (relative URL without a base)".into())
        );
    }
}
