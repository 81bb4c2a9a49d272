use retry_core::retry;

trait Job {
    fn id(&self) -> u32;

    #[retry(stop = attempts(3))]
    async fn run(self) -> Result<u32, std::io::Error>
    where
        Self: Sized,
    {
        Ok(self.id())
    }
}

fn main() {}
