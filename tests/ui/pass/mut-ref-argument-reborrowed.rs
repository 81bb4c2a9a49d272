//! A `&mut` argument is re-borrowed for every attempt, and the caller has it back
//! once the call returns.

use retry_core::sleep::RecordingSleeper;
use retry_core::{RetryContext, retry};

#[retry(stop = attempts(3), wait = none())]
fn collect(seen: &mut Vec<u32>, ctx: &RetryContext) -> Result<usize, String> {
    seen.push(ctx.attempt());
    if seen.len() < 3 {
        return Err(format!("only {} so far", seen.len()));
    }
    Ok(seen.len())
}

fn main() {
    let waits = RecordingSleeper::new();
    let mut seen = Vec::new();

    let count = waits.scope_blocking(|| collect(&mut seen));
    seen.push(99);

    assert_eq!(count, Ok(3));
    assert_eq!(seen, [1, 2, 3, 99]);
}
