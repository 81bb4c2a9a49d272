use retry_core::retry;

#[derive(Debug, thiserror::Error)]
#[error("busy")]
struct Busy;

#[retry(timeout = 5)]
async fn fetch() -> Result<(), Busy> {
    Err(Busy)
}

fn main() {}
