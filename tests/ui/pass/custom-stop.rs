//! A user's own `Stop` implementation is accepted as the `stop` value.

use retry_core::sleep::RecordingSleeper;
use retry_core::stop::Stop;
use retry_core::{CallState, RetryContext, retry};

/// Gives up once the given attempt has failed.
struct GiveUpAfter(u32);

impl Stop for GiveUpAfter {
    fn should_stop(&self, state: &CallState<'_>) -> bool {
        state.attempt() >= self.0
    }
}

#[retry(stop = GiveUpAfter(2), wait = none())]
fn flaky(ctx: &RetryContext) -> Result<(), u32> {
    Err(ctx.attempt())
}

fn main() {
    let waits = RecordingSleeper::new();

    let outcome = waits.scope_blocking(flaky);

    assert_eq!(outcome, Err(2));
}
