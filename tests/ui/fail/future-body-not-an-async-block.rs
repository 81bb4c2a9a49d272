use retry_core::retry;
use std::future::Future;

async fn fetch_once(id: u32) -> Result<u32, std::io::Error> {
    Ok(id)
}

#[retry(stop = attempts(3))]
fn fetch(id: u32) -> impl Future<Output = Result<u32, std::io::Error>> {
    fetch_once(id)
}

fn main() {
    let _ = fetch(1);
}
