//! [`HttpError`]: a failed HTTP exchange, keeping what the response said.

use std::fmt;
use std::time::Duration;

/// A failed HTTP exchange. (Skeleton: being filled in.)
#[derive(Debug)]
pub struct HttpError {
    server_wait: Option<Duration>,
}

impl HttpError {
    /// The wait the server asked for, if any.
    pub fn server_wait(&self) -> Option<Duration> {
        self.server_wait
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HTTP error")
    }
}

impl std::error::Error for HttpError {}
