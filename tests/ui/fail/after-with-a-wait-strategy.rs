use retry_core::retry;
use retry_core::wait::fixed;

#[retry(stop = attempts(2), after = fixed(1))]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
