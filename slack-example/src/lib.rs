//! A Slack incoming-webhook client whose [`SlackClient::send_msg`] retries the
//! failures Slack documents as temporary, declared with one `#[retry]` attribute:
//!
//! ```text
//! #[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = SendMsgError)]
//! pub async fn send_msg(&self, ctx: &RetryContext, msg: &Message) -> Result<String, SlackError>
//! ```
//!
//! It is built on `retry_core::http`: a 2xx answer is returned; 408, 429, 5xx
//! other than 501 and 505, and no answer at all are a [`SendMsgError`] and retried,
//! after exactly the wait the answer's `Retry-After` asks for when it asks for one;
//! any other answer, such as `404 channel_not_found`, is a [`SlackError::Rejected`]
//! and returned at once. The webhook URL is a secret and is never shown in full.
//!
//! ```
//! use slack_example::{Message, SlackClient, mock::MockSlack};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), slack_example::SlackError> {
//! let slack = MockSlack::start().await; // or your https://hooks.slack.com/services/… URL
//! let client = SlackClient::new(&slack.webhook_url())?;
//!
//! let answer = client.send_msg(&Message::new("Deploy finished").channel("#general")).await?;
//!
//! assert_eq!(answer, "ok");
//! // Logs, errors and `Debug` show the webhook URL as `http://127.0.0.1:PORT/…`.
//! assert_eq!(client.webhook_url().to_string(), format!("http://{}/…", slack.address()));
//! # Ok(())
//! # }
//! ```
//!
//! `cargo run -p slack-example` runs the [`demo`] against the embedded [`mock`].

mod client;
mod error;
mod message;
mod webhook_url;

pub mod demo;
pub mod mock;

pub use client::{DEFAULT_TIMEOUT, SlackClient};
pub use error::{Report, SendMsgError, SlackError};
pub use message::Message;
pub use webhook_url::{InvalidWebhookUrl, WebhookUrl};
