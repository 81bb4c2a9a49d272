use retry_core::retry;

#[retry(stop = atempts(4))]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
