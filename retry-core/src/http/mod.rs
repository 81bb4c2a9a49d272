//! HTTP helpers: reading the wait a server asks for.

mod retry_after;

pub use retry_after::{RetryAfter, retry_after, retry_after_all};
