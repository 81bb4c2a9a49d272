//! The webhook URL, a secret that is never shown in full.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use reqwest::Url;

/// A Slack incoming-webhook URL.
///
/// Anyone who knows the whole URL can post to the channel, so its path is a secret:
/// `Display` and `Debug` show only the scheme, host and port, and errors never
/// carry more than that.
///
/// ```
/// use slack_example::WebhookUrl;
///
/// let url: WebhookUrl = "https://hooks.slack.com/services/T000/B000/secret-token".parse().unwrap();
/// assert_eq!(url.to_string(), "https://hooks.slack.com/…");
/// assert_eq!(format!("{url:?}"), r#"WebhookUrl("https://hooks.slack.com/…")"#);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookUrl(Url);

impl WebhookUrl {
    /// Parses an `https` URL, or an `http` one for a test server on this machine:
    /// `localhost`, `127.0.0.0/8` or `[::1]`.
    ///
    /// Plain `http` to any other host would send the secret path across the network
    /// in clear text, so it is refused.
    pub fn parse(url: &str) -> Result<Self, InvalidWebhookUrl> {
        // The parser's own message never quotes the input, so it is safe to keep.
        let parsed = Url::parse(url)
            .map_err(|error| InvalidWebhookUrl::Malformed { reason: error.to_string() })?;
        match parsed.scheme() {
            "https" => {}
            "http" if is_loopback(&parsed) => {}
            "http" => return Err(InvalidWebhookUrl::PlainHttpOffThisMachine),
            _ => return Err(InvalidWebhookUrl::NotHttp),
        }
        Ok(WebhookUrl(parsed))
    }

    /// The scheme, host and port, with the secret path replaced by `…`:
    /// `https://hooks.slack.com/…`.
    pub fn redacted(&self) -> String {
        let url = &self.0;
        let host = url.host().map(|host| host.to_string()).unwrap_or_default();
        match url.port() {
            Some(port) => format!("{}://{host}:{port}/…", url.scheme()),
            None => format!("{}://{host}/…", url.scheme()),
        }
    }

    /// The full URL, secret included; for sending requests only.
    pub(crate) fn expose(&self) -> &Url {
        &self.0
    }

    /// `text` with every copy of the secret path replaced by `…`: the whole path,
    /// then its last segment (the token) wherever it still appears on its own.
    /// `text` may be an excerpt cut with a closing `…`; a start of the path or the
    /// token of three or more characters just before that cut is redacted too.
    pub(crate) fn redact_from(&self, text: &str) -> String {
        let path = self.0.path();
        let token = path.rsplit('/').next().unwrap_or_default();
        let mut text = text.to_string();
        for secret in [path, token] {
            // A bare `/` is no secret, and replacing it would mangle the text.
            if !secret.is_empty() && secret != "/" {
                text = text.replace(secret, "…");
            }
        }
        if let Some(kept) = text.strip_suffix('…') {
            let cut_secret = [path, token]
                .into_iter()
                .filter_map(|secret| {
                    // The longest start of `secret` that `kept` ends with.
                    (3..secret.len())
                        .rev()
                        .filter(|&len| secret.is_char_boundary(len))
                        .find(|&len| kept.ends_with(&secret[..len]))
                })
                .max();
            if let Some(len) = cut_secret {
                text = format!("{}…", &kept[..kept.len() - len]);
            }
        }
        text
    }
}

/// Whether the URL's host is this machine, so plain `http` never leaves it.
fn is_loopback(url: &Url) -> bool {
    // The URL parser has already lowercased a domain and written an address in
    // its usual form (`127.1` as `127.0.0.1`), with brackets around IPv6.
    let host = url.host_str().unwrap_or_default();
    let address = host.strip_prefix('[').and_then(|host| host.strip_suffix(']')).unwrap_or(host);
    host == "localhost" || address.parse::<IpAddr>().is_ok_and(|address| address.is_loopback())
}

impl FromStr for WebhookUrl {
    type Err = InvalidWebhookUrl;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        WebhookUrl::parse(url)
    }
}

impl fmt::Display for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("WebhookUrl").field(&self.redacted()).finish()
    }
}

/// Why a string is not a usable webhook URL. The message never quotes the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidWebhookUrl {
    /// The string is not a URL at all.
    #[error("the webhook URL is not a valid URL ({reason})")]
    Malformed {
        /// What the URL parser objected to.
        reason: String,
    },
    /// The URL is not `http` or `https`.
    #[error("the webhook URL must start with https:// (or http:// for a local test server)")]
    NotHttp,
    /// The URL is plain `http` to a host other than this machine.
    #[error(
        "the webhook URL must use https:// unless its host is this machine \
         (localhost, 127.0.0.0/8 or [::1]); plain http:// would send its secret in clear text"
    )]
    PlainHttpOffThisMachine,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(url: &str) -> String {
        WebhookUrl::parse(url).map(|url| url.redacted()).unwrap_or_else(|e| e.to_string())
    }

    fn webhook() -> WebhookUrl {
        WebhookUrl::parse("https://hooks.slack.com/services/T000/B000/XXXXSECRET")
            .expect("a valid webhook URL")
    }

    #[test]
    fn the_secret_path_and_its_token_are_redacted_from_text() {
        let shown =
            webhook().redact_from("no hook at /services/T000/B000/XXXXSECRET or XXXXSECRET");

        assert_eq!(shown, "no hook at … or …");
    }

    #[test]
    fn a_start_of_the_secret_cut_off_by_an_excerpt_is_redacted() {
        assert_eq!(webhook().redact_from("no hook at /services/T000/B0…"), "no hook at …");
        assert_eq!(webhook().redact_from("token XXXXSEC…"), "token …");
    }

    #[test]
    fn a_cut_excerpt_ending_in_ordinary_text_is_left_alone() {
        assert_eq!(webhook().redact_from("internal_error…"), "internal_error…");
        assert_eq!(webhook().redact_from("ends in /s…"), "ends in /s…");
    }

    #[test]
    fn the_path_of_a_slack_webhook_is_replaced_by_an_ellipsis() {
        let shown = redacted("https://hooks.slack.com/services/T000/B000/XXXXSECRET");

        assert_eq!(shown, "https://hooks.slack.com/…");
    }

    #[test]
    fn an_explicit_port_is_kept() {
        let shown = redacted("http://127.0.0.1:8080/services/T000/B000/XXXXSECRET");

        assert_eq!(shown, "http://127.0.0.1:8080/…");
    }

    #[test]
    fn the_default_port_is_not_spelled_out() {
        let shown = redacted("https://hooks.slack.com:443/services/XXXXSECRET");

        assert_eq!(shown, "https://hooks.slack.com/…");
    }

    #[test]
    fn credentials_query_and_fragment_are_dropped() {
        let shown = redacted("https://user:pass@hooks.slack.com/services/x?token=SECRET#SECRET");

        assert_eq!(shown, "https://hooks.slack.com/…");
    }

    #[test]
    fn an_ipv6_host_keeps_its_brackets() {
        let shown = redacted("http://[::1]:9000/services/XXXXSECRET");

        assert_eq!(shown, "http://[::1]:9000/…");
    }

    #[test]
    fn a_url_without_a_path_is_shown_the_same_way() {
        let shown = redacted("https://hooks.slack.com");

        assert_eq!(shown, "https://hooks.slack.com/…");
    }

    #[test]
    fn debug_and_display_show_only_the_redacted_form() {
        let url = WebhookUrl::parse("https://hooks.slack.com/services/T000/B000/XXXXSECRET")
            .expect("a valid webhook URL");

        let shown = [url.to_string(), format!("{url:?}"), format!("{url:#?}")];

        assert_eq!(
            shown,
            [
                "https://hooks.slack.com/…",
                r#"WebhookUrl("https://hooks.slack.com/…")"#,
                "WebhookUrl(\n    \"https://hooks.slack.com/…\",\n)",
            ]
        );
    }

    #[test]
    fn a_string_that_is_not_a_url_is_rejected_without_quoting_it() {
        let error = WebhookUrl::parse("hooks.slack.com/services/XXXXSECRET");

        assert_eq!(
            error,
            Err(InvalidWebhookUrl::Malformed { reason: "relative URL without a base".into() })
        );
    }

    #[test]
    fn a_url_that_is_not_http_is_rejected_without_quoting_it() {
        let error = WebhookUrl::parse("ftp://hooks.slack.com/services/XXXXSECRET")
            .expect_err("ftp is not a webhook scheme");

        let message = error.to_string();

        assert_eq!(
            message,
            "the webhook URL must start with https:// (or http:// for a local test server)"
        );
    }

    #[test]
    fn plain_http_is_accepted_for_this_machine() {
        let urls = [
            "http://127.0.0.1:8080/services/XXXXSECRET",
            "http://127.3.4.5/services/XXXXSECRET",
            "http://localhost:8080/services/XXXXSECRET",
            "http://LocalHost/services/XXXXSECRET",
            "http://[::1]:9000/services/XXXXSECRET",
        ];

        let accepted: Vec<_> = urls.iter().map(|url| WebhookUrl::parse(url).is_ok()).collect();

        assert_eq!(accepted, [true; 5]);
    }

    #[test]
    fn plain_http_to_another_host_is_rejected_without_quoting_it() {
        let urls = [
            "http://hooks.slack.com/services/XXXXSECRET",
            "http://192.168.1.10:8080/services/XXXXSECRET",
            "http://0.0.0.0:8080/services/XXXXSECRET",
            "http://[::ffff:127.0.0.1]/services/XXXXSECRET",
            "http://localhost.example.com/services/XXXXSECRET",
            "http://127.0.0.1.example.com/services/XXXXSECRET",
        ];

        let errors: Vec<_> = urls.iter().map(|url| WebhookUrl::parse(url).err()).collect();

        assert_eq!(errors, vec![Some(InvalidWebhookUrl::PlainHttpOffThisMachine); 6]);
        assert_eq!(
            InvalidWebhookUrl::PlainHttpOffThisMachine.to_string(),
            "the webhook URL must use https:// unless its host is this machine \
             (localhost, 127.0.0.0/8 or [::1]); plain http:// would send its secret in clear text"
        );
    }

    #[test]
    fn the_path_and_the_token_are_redacted_from_text() {
        let url = WebhookUrl::parse("https://hooks.slack.com/services/T000/B000/XXXXSECRET")
            .expect("a valid webhook URL");

        let redacted = url.redact_from(
            "no such hook: POST /services/T000/B000/XXXXSECRET (token XXXXSECRET unknown)",
        );

        assert_eq!(redacted, "no such hook: POST … (token … unknown)");
    }

    #[test]
    fn a_url_without_a_path_redacts_nothing() {
        let url = WebhookUrl::parse("https://hooks.slack.com").expect("a valid webhook URL");

        let redacted = url.redact_from("see https://hooks.slack.com/ for help");

        assert_eq!(redacted, "see https://hooks.slack.com/ for help");
    }
}
