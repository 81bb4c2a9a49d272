use retry_core::retry;

#[retry(crate = "retry_core", stop = attempts(3))]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
