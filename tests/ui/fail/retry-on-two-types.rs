use retry_core::retry;

#[derive(Debug, thiserror::Error)]
enum FetchError {
    #[error("io")]
    Io(#[from] std::io::Error),
}

#[retry(retry_on = std::io::Error | std::fmt::Error, stop = attempts(2))]
fn fetch() -> Result<(), FetchError> {
    Ok(())
}

fn main() {}
