use retry_core::retry;

struct Client {
    name: String,
}

impl Client {
    #[retry(stop = attempts(3))]
    fn ping(self) -> Result<String, std::io::Error> {
        Ok(self.name)
    }
}

fn main() {
    let _ = Client { name: "a".to_owned() }.ping();
}
