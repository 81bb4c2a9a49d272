//! The webhook URL, a secret that is never shown in full.

use std::fmt;
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
/// let url: WebhookUrl = "https://hooks.slack.com/services/T000/B000/XXXX".parse().unwrap();
/// assert_eq!(url.to_string(), "https://hooks.slack.com/…");
/// assert_eq!(format!("{url:?}"), r#"WebhookUrl("https://hooks.slack.com/…")"#);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookUrl(Url);

impl WebhookUrl {
    /// Parses an `https` URL, or an `http` one for a local test server.
    pub fn parse(url: &str) -> Result<Self, InvalidWebhookUrl> {
        // The parser's own message never quotes the input, so it is safe to keep.
        let parsed = Url::parse(url)
            .map_err(|error| InvalidWebhookUrl::Malformed { reason: error.to_string() })?;
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(InvalidWebhookUrl::NotHttp);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(url: &str) -> String {
        WebhookUrl::parse(url).map(|url| url.redacted()).unwrap_or_else(|e| e.to_string())
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
}
