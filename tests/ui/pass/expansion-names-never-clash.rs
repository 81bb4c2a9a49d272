//! Parameters and locals named like the expansion's own bindings, or like the words
//! a retry loop would use, are the user's: the expansion's names are hygienic and
//! never clash with them.

#![allow(non_upper_case_globals)]

use retry_core::{RetryContext, RetryError, retry};
use std::pin::Pin;

#[derive(Debug, thiserror::Error)]
#[error("the service is busy")]
struct Busy;

/// A constant named like a closure parameter would turn that parameter into a
/// pattern that matches the constant.
const error: u8 = 0;
const outcome: u8 = 1;

#[retry(stop = attempts(3), wait = none(), wrap_errors = true)]
#[allow(clippy::too_many_arguments)]
fn sync_names(
    __retry_ctx: &RetryContext,
    (left, right): (u32, u32),
    __retry_arg1: u32,
    ctx: u32,
    attempt: u32,
    policy: String,
    state: &mut Vec<u32>,
    result: (u32, u32),
    f: fn(u32) -> u32,
    __retry_outcome: &str,
    __retry_self: u32,
) -> Result<u32, RetryError<Busy>> {
    let __retry_error = __retry_ctx.attempt();
    state.push(__retry_error);
    if __retry_ctx.attempt() < 3 {
        return Err(Busy);
    }
    let sizes = policy.len() + __retry_outcome.len();
    let pair = left * right + __retry_arg1;
    Ok(pair + ctx + attempt + result.0 + f(result.1) + sizes as u32 + __retry_self)
}

#[retry(stop = attempts(3), wait = none())]
async fn async_names(
    __retry_ctx: &RetryContext,
    state: &mut Vec<u32>,
    __retry_lend1: String,
    __retry_lent1: u32,
    mut pinned: Pin<&mut u32>,
    __retry_pinned4: u32,
) -> Result<usize, Busy> {
    *pinned.as_mut().get_mut() += 1;
    let policy = __retry_ctx.attempt();
    state.push(policy);
    tokio::task::yield_now().await;
    if __retry_ctx.attempt() < 3 {
        return Err(Busy);
    }
    Ok(__retry_lend1.len() + (*pinned + __retry_lent1 + __retry_pinned4) as usize)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut state = Vec::new();

    let mut polls = 0;

    let sum =
        sync_names((2, 3), 4, 1, 2, "ab".to_owned(), &mut state, (3, 4), |x| x * 10, "xyz", 6);
    let len = async_names(&mut state, "abc".to_owned(), 2, Pin::new(&mut polls), 3).await;

    assert_eq!(sum.unwrap(), 2 * 3 + 4 + 1 + 2 + 3 + 40 + 5 + 6);
    assert_eq!(len.unwrap(), 3 + 3 + 2 + 3);
    assert_eq!(state, [1, 2, 3, 1, 2, 3]);
    assert_eq!((error, outcome), (0, 1));
}
