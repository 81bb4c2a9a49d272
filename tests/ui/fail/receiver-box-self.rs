use retry_core::retry;

struct Client;

impl Client {
    #[retry(stop = attempts(3))]
    fn fetch(self: Box<Self>) -> Result<u32, std::io::Error> {
        Ok(1)
    }
}

fn main() {
    let _ = Box::new(Client).fetch();
}
