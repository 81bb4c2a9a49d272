use retry_core::retry;

struct Client;

impl Client {
    #[retry(stop = attempts(3))]
    fn ping(self) -> Result<(), std::io::Error> {
        Ok(())
    }
}

fn main() {
    let _ = Client.ping();
}
