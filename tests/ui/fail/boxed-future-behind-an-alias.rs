use retry_core::retry;
use std::future::Future;
use std::pin::Pin;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

#[retry(stop = attempts(3))]
fn fetch(id: u32) -> BoxFuture<'static, Result<u32, std::io::Error>> {
    Box::pin(async move { Ok(id) })
}

fn main() {
    let _ = fetch(1);
}
