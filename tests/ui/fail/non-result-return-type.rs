use retry_core::retry;

#[retry(stop = attempts(3))]
fn ping() -> Option<u32> {
    Some(1)
}

fn main() {
    let _ = ping();
}
