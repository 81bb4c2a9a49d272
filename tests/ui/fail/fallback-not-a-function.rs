use retry_core::retry;

#[retry(stop = attempts(2), fallback = 5)]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
