//! Reading a failed response's body without trusting it: at most
//! [`MAX_BODY_BYTES`] are read, and at most [`MAX_EXCERPT_CHARS`] of them, made
//! safe for a log line, are kept.

/// The most of a failed response's body that is read. A server sending more is
/// cut off, and its connection closed rather than drained, so that it cannot
/// exhaust memory or hold the call.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The most characters of a body an excerpt shows, escapes counted in full.
pub const MAX_EXCERPT_CHARS: usize = 200;

/// Reads the first [`MAX_BODY_BYTES`] of `response`'s body, consuming the
/// response.
///
/// A body read to its end lets the connection go back to the pool for the next
/// attempt. A body that breaks off, or stalls past the request's timeout, yields
/// the part that arrived: the status has already said what happened.
///
/// ```
/// use retry_core::http::{excerpt, read_capped};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let server = httpmock::MockServer::start_async().await;
/// # server.mock_async(|when, then| { when.path("/huge"); then.status(200).body("x".repeat(100_000)); }).await;
/// # let url = server.url("/huge");
/// let body = read_capped(reqwest::get(url).await.unwrap()).await;
/// assert_eq!(body.len(), 64 * 1024);
/// assert_eq!(excerpt(&body).chars().count(), 201); // 200 characters and `…`
/// # }
/// ```
pub async fn read_capped(mut response: reqwest::Response) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = MAX_BODY_BYTES - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if body.len() == MAX_BODY_BYTES {
                    break;
                }
            }
            Ok(None) => break,
            Err(error) => {
                broke_off(body.len(), &error.without_url());
                break;
            }
        }
    }
    body
}

fn broke_off(read: usize, error: &reqwest::Error) {
    #[cfg(feature = "tracing")]
    tracing::debug!(target: "retry", error = %error, "a response's body broke off after {read} bytes");
    #[cfg(not(feature = "tracing"))]
    let _ = (read, error);
}

/// What of a body goes into an error: invalid UTF-8 replaced, surrounding
/// whitespace trimmed, the characters that could break or disguise a log line
/// escaped, and cut after [`MAX_EXCERPT_CHARS`] with `…`. An escape such as
/// `\u{1b}` counts as all of its characters and is never split by the cut.
///
/// ```
/// assert_eq!(retry_core::http::excerpt(b" busy\n\x1b[2J "), r"busy\n\u{1b}[2J");
/// ```
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut excerpt = String::new();
    let mut shown = 0;
    for c in text.trim().chars() {
        let escaped = is_hazardous(c).then(|| c.escape_debug());
        let width = escaped.as_ref().map_or(1, ExactSizeIterator::len);
        if shown + width > MAX_EXCERPT_CHARS {
            excerpt.push('…');
            break;
        }
        shown += width;
        match escaped {
            Some(escaped) => excerpt.extend(escaped),
            None => excerpt.push(c),
        }
    }
    excerpt
}

/// Whether `c` must be escaped before it reaches a log: the control characters
/// (terminal escapes, line breaks, NUL), the Unicode line and paragraph
/// separators, the marks and overrides that change the direction text reads in, and
/// the invisible characters (zero-width spaces and joiners, word joiners, the byte
/// order mark) that can hide text.
fn is_hazardous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{180e}' | '\u{feff}')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_body_is_kept_whole_without_surrounding_whitespace() {
        assert_eq!(excerpt(b"  rate_limited\r\n"), "rate_limited");
    }

    #[test]
    fn invisible_and_direction_marks_are_escaped() {
        let body = "a\u{61c}b\u{200b}c\u{feff}d\u{2060}e\u{180e}f";

        assert_eq!(excerpt(body.as_bytes()), r"a\u{61c}b\u{200b}c\u{feff}d\u{2060}e\u{180e}f");
    }

    #[test]
    fn an_empty_or_blank_body_gives_an_empty_excerpt() {
        assert_eq!(excerpt(b""), "");
        assert_eq!(excerpt(b" \n\t "), "");
    }

    #[test]
    fn a_body_of_exactly_the_limit_is_not_cut() {
        let body = "x".repeat(MAX_EXCERPT_CHARS);

        assert_eq!(excerpt(body.as_bytes()), body);
    }

    #[test]
    fn a_longer_body_is_cut_at_a_character_boundary_and_marked() {
        let body = "é".repeat(MAX_EXCERPT_CHARS + 1);

        assert_eq!(excerpt(body.as_bytes()), format!("{}…", "é".repeat(MAX_EXCERPT_CHARS)));
    }

    #[test]
    fn terminal_escapes_and_line_breaks_are_shown_escaped() {
        let body = b"\x1b[2J\x1b[31mred\nINFO forged\r\x07\x00";

        assert_eq!(excerpt(body), r"\u{1b}[2J\u{1b}[31mred\nINFO forged\r\u{7}\0");
    }

    #[test]
    fn separators_and_direction_overrides_are_shown_escaped() {
        let body = "a\u{2028}b\u{202e}c\u{2066}d\te\u{7f}f\u{85}g";

        assert_eq!(excerpt(body.as_bytes()), r"a\u{2028}b\u{202e}c\u{2066}d\te\u{7f}f\u{85}g");
    }

    #[test]
    fn the_cut_counts_an_escape_in_full_and_never_splits_it() {
        let body = format!("{}\x1bxyz", "x".repeat(MAX_EXCERPT_CHARS - 3));

        assert_eq!(excerpt(body.as_bytes()), format!("{}…", "x".repeat(MAX_EXCERPT_CHARS - 3)));
    }

    #[test]
    fn invalid_utf8_is_replaced_not_rejected() {
        assert_eq!(excerpt(b"bad \xff\xfe bytes"), "bad \u{fffd}\u{fffd} bytes");
    }
}
