//! Doc comments and the function's other attributes, above or below `#[retry]`,
//! stay on the generated function: with `missing_docs` denied the undocumented
//! version would not build, nor would the unused variable without its `allow`.

#![deny(missing_docs, unused_variables, unused_mut)]

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;

/// Reads the answer, retrying when the oracle is busy.
#[must_use = "the answer may be an error"]
#[inline]
#[retry(stop = attempts(2), wait = none())]
#[allow(unused_variables)]
#[deny(unused_mut)]
pub fn answer() -> Result<u32, String> {
    let ignored = 0;
    Ok(42)
}

/// The async form.
#[retry(stop = attempts(2), wait = none())]
#[must_use]
#[inline(always)]
#[allow(clippy::unused_async, unused_variables)]
pub async fn answer_async() -> Result<u32, String> {
    let ignored = 0;
    Ok(42)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let waits = RecordingSleeper::new();

    let answers = (
        waits.scope_blocking(answer),
        waits.scope(answer_async()).await,
    );

    assert_eq!(answers, (Ok(42), Ok(42)));
}
