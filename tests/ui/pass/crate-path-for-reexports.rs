//! `crate = path` names the runtime crate for a crate that re-exports it under
//! another name: every path of the expansion goes through it.

mod deps {
    pub use retry_core as retrying;
}

use deps::retrying::sleep::RecordingSleeper;
use deps::retrying::{RetryContext, retry};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[error("the service is busy")]
struct Busy;

#[retry(crate = deps::retrying, stop = attempts(3), wait = fixed(1), retry_on = Busy)]
async fn fetch(ctx: &RetryContext, seen: &mut Vec<u32>) -> Result<u32, Busy> {
    seen.push(ctx.attempt());
    if ctx.attempt() < 3 {
        return Err(Busy);
    }
    Ok(ctx.attempt())
}

#[deps::retrying::retry(
    crate = deps::retrying,
    stop = attempts(2) | elapsed(60),
    wait = none(),
    before = |state| assert!(state.attempt() <= 2),
    max_server_wait = clamp(5),
    wrap_errors = true,
)]
fn fetch_now(
    ctx: &RetryContext,
    label: String,
) -> Result<String, deps::retrying::RetryError<Busy>> {
    if ctx.attempt() < 2 {
        return Err(Busy);
    }
    Ok(label)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let waits = RecordingSleeper::new();
    let mut seen = Vec::new();

    assert_eq!(waits.scope(fetch(&mut seen)).await.unwrap(), 3);
    assert_eq!(fetch_now("a".to_owned()).unwrap(), "a");
    assert_eq!(seen, [1, 2, 3]);
    assert_eq!(waits.waits(), [Duration::from_secs(1); 2]);
}
