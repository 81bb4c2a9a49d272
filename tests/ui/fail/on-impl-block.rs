use async_trait::async_trait;
use retry_core::retry;

#[async_trait]
trait Fetch {
    async fn fetch(&self) -> Result<u32, std::io::Error>;
}

struct Client;

#[retry(stop = attempts(3))]
#[async_trait]
impl Fetch for Client {
    async fn fetch(&self) -> Result<u32, std::io::Error> {
        Ok(1)
    }
}

fn main() {}
