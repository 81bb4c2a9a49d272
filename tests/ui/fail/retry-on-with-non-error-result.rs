use retry_core::retry;

#[retry(retry_on = std::io::Error)]
async fn fetch() -> Result<u32, String> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
