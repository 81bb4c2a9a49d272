use retry_core::retry;
use std::pin::Pin;

struct Client {
    tries: u32,
}

impl Client {
    #[retry(stop = attempts(self.tries))]
    async fn bump(&mut self) -> Result<u32, std::io::Error> {
        self.tries += 1;
        Ok(self.tries)
    }

    #[retry(stop = attempts(3), wait = fixed(self.tries))]
    fn poll(self: Pin<&mut Self>) -> Result<u32, std::io::Error> {
        Ok(self.tries)
    }
}

fn main() {}
