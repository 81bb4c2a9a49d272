use retry_core::{RetryError, retry};

#[retry(wrap_errors = 1)]
fn fetch() -> Result<u32, RetryError<std::io::Error>> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
