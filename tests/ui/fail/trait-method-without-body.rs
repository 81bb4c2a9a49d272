use retry_core::retry;

trait Fetch {
    #[retry(stop = attempts(3))]
    fn fetch(&self) -> Result<u32, std::io::Error>;
}

fn main() {}
