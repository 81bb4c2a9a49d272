use retry_core::retry;

struct Client {
    id: u32,
}

impl Client {
    #[retry(stop = attempts(3))]
    fn fetch(self: Box<Self>) -> Result<u32, std::io::Error> {
        Ok(self.id)
    }
}

fn main() {
    let _ = Box::new(Client { id: 1 }).fetch();
}
