use retry_core::retry;

#[retry(stop = attempts(4) wait = fixed(1))]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
