use retry_core::retry;

#[derive(Debug, thiserror::Error)]
#[error("down")]
struct Down;

#[retry]
#[track_caller]
fn fetch() -> Result<u32, Down> {
    Ok(std::panic::Location::caller().line())
}

fn main() {}
