use retry_core::retry;

#[retry(max_server_wait = exponential(1, 0, 10))]
fn fetch() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
