use retry_core::retry;

#[retry(retry_on = std::io::Error, retry_if = always())]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
