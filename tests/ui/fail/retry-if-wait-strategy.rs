use retry_core::retry;

// Only `retry_core::condition` is in scope for `retry_if`, so a wait strategy
// written there is an unknown function, not a wrong kind of value.
#[retry(stop = attempts(2), retry_if = fixed(1))]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
