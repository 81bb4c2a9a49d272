use retry_core::retry;

#[retry(wrap_errors = true)]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
