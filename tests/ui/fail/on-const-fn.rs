use retry_core::retry;

#[retry(stop = attempts(3))]
const fn fetch() -> Result<u32, u32> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
