//! Items the `#[retry]` expansion refers to. Not a public API: names and
//! signatures here change without notice.

pub use crate::engine::{run_async, run_blocking};
pub use crate::policy::Lazy;

/// The policy the attribute starts from before applying its keys.
pub fn policy() -> crate::Retry {
    crate::Retry::new()
}

/// Gives a hook closure written in the attribute its parameter type.
pub fn hook<F: Fn(&crate::CallState<'_>)>(hook: F) -> F {
    hook
}

/// Fixes the output type of an attempt's future to the function's return type, so
/// `?` inside the body knows what to convert into.
pub fn typed_attempt<R, F: std::future::Future<Output = R>>(attempt: F) -> F {
    attempt
}

/// Fixes the return type of a blocking attempt to the function's return type.
pub fn typed_blocking_attempt<R, F: FnMut(&crate::RetryContext) -> R>(attempt: F) -> F {
    attempt
}
