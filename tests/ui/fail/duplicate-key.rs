use retry_core::retry;

#[retry(stop = attempts(3), wait = none(), stop = attempts(5))]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
