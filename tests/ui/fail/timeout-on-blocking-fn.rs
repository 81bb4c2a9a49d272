use retry_core::{TimedOut, retry};

#[derive(Debug, thiserror::Error)]
#[error(transparent)]
struct Slow(#[from] TimedOut);

#[retry(timeout = 5, deadline = 30)]
fn fetch() -> Result<(), Slow> {
    Ok(())
}

fn main() {}
