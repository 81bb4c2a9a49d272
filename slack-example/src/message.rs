//! The message a webhook posts.

use serde::Serialize;

/// A message for an incoming webhook: its text and, optionally, the channel, the
/// name and the emoji icon to post it under.
///
/// It is sent as Slack's JSON payload; unset fields are left out, so the webhook's
/// own settings apply.
///
/// ```
/// use slack_example::Message;
///
/// let msg = Message::new("Deploy finished").channel("#general").icon_emoji(":smile:");
/// assert_eq!(msg.text(), "Deploy finished");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon_emoji: Option<String>,
}

impl Message {
    /// A message with this text, posted to the webhook's own channel.
    pub fn new(text: impl Into<String>) -> Self {
        Message { text: text.into(), channel: None, username: None, icon_emoji: None }
    }

    /// Posts to `channel`, such as `#general`, instead of the webhook's channel.
    pub fn channel(mut self, channel: impl Into<String>) -> Self {
        self.channel = Some(channel.into());
        self
    }

    /// Posts under this name instead of the webhook's.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// Posts with this emoji as the icon, such as `:smile:`.
    pub fn icon_emoji(mut self, emoji: impl Into<String>) -> Self {
        self.icon_emoji = Some(emoji.into());
        self
    }

    /// The text of the message.
    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_fields_are_left_out_of_the_payload() {
        let msg = Message::new("hi \"there\"").channel("#general");

        let payload = serde_json::to_string(&msg).expect("a message always serializes");

        assert_eq!(payload, r##"{"text":"hi \"there\"","channel":"#general"}"##);
    }
}
