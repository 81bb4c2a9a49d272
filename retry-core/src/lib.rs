//! Retrying for flaky calls, above all calls to web APIs: stop conditions, waits,
//! retry conditions and hooks in the manner of Python's tenacity, a context through
//! which an attempt passes on a server's `Retry-After`, and nearly no cost when the
//! first attempt succeeds.
//!
//! The [`retry`] attribute turns a function into a retried one:
//!
//! ```
//! use retry_core::{RetryContext, retry};
//! use std::time::Duration;
//!
//! #[derive(Debug, thiserror::Error)]
//! #[error("service busy")]
//! struct Busy;
//!
//! #[retry(stop = attempts(4), wait = exponential(1, 4, 10), retry_on = Busy)]
//! async fn fetch(ctx: &RetryContext, id: u32) -> Result<String, Busy> {
//!     if ctx.attempt() < 3 {
//!         ctx.set_retry_after(Duration::from_secs(2)); // what the server asked for
//!         return Err(Busy);
//!     }
//!     Ok(format!("item {id}"))
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let waits = retry_core::sleep::RecordingSleeper::new();
//! assert_eq!(waits.scope(fetch(7)).await.unwrap(), "item 7");
//! assert_eq!(waits.waits(), [Duration::from_secs(2), Duration::from_secs(2)]);
//! # }
//! ```
//!
//! The same engine runs closures through [`Retry`]:
//!
//! ```
//! use retry_core::{Retry, stop::attempts, wait::fixed};
//!
//! let policy = Retry::new().stop(attempts(3)).wait(fixed(0));
//! let outcome: Result<u32, String> = policy.run_blocking(|ctx| {
//!     if ctx.attempt() < 2 { Err("not yet".to_string()) } else { Ok(ctx.attempt()) }
//! });
//! assert_eq!(outcome, Ok(2));
//! ```
//!
//! # Features
//!
//! - `tokio` (default): async calls sleep on tokio's timer and read its clock.
//! - `tracing` (default): DEBUG events for each attempt and sleep, WARN on giving up,
//!   all under the target `retry`. The library never prints.
//! - `reqwest` (default): the [`http`] helpers for reqwest: an error that keeps a
//!   failed response's status, requested wait and body excerpt, sending with
//!   idempotency rules, and a ready-made HTTP retry condition.

#![deny(missing_docs)]

extern crate self as retry_core;

pub mod condition;
pub mod hooks;
pub mod http;
pub mod server_wait;
pub mod sleep;
pub mod stop;
pub mod wait;

mod clock;
mod context;
mod delay;
mod engine;
mod log;
mod overrides;
mod policy;
mod random;
mod readable;
mod retry_error;
mod state;
mod thread_scope;
mod time_limit;

#[doc(hidden)]
pub mod __private;

pub use context::RetryContext;
pub use delay::IntoDelay;
pub use engine::{run_async, run_blocking};
pub use overrides::Overrides;
pub use policy::{
    AsyncPolicy, BlockingPolicy, DEFAULT_ATTEMPTS, DEFAULT_MAX_SERVER_WAIT, Policy, Retry,
};
pub use retry_error::RetryError;
#[doc = include_str!("retry_attribute.md")]
pub use retry_macros::retry;
pub use state::{CallState, WaitSource};
pub use time_limit::{AsyncTimeLimit, Limit, NoTimeLimit, TimeLimit, TimeLimits, TimedOut};
