//! `self: &Self` and `self: &mut Self` are the receivers `&self` and `&mut self`.

use retry_core::sleep::RecordingSleeper;
use retry_core::{RetryContext, retry};

struct Counter {
    calls: u32,
}

impl Counter {
    #[retry(stop = attempts(3), wait = none())]
    fn peek(self: &Self, ctx: &RetryContext) -> Result<u32, std::io::Error> {
        if ctx.attempt() < 2 {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        Ok(self.calls + ctx.attempt())
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn bump(self: &mut Self, ctx: &RetryContext) -> Result<u32, std::io::Error> {
        self.calls += 1;
        if ctx.attempt() < 3 {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        Ok(self.calls)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut counter = Counter { calls: 0 };
    let waits = RecordingSleeper::new();

    assert_eq!(waits.scope_blocking(|| counter.peek()).unwrap(), 2);
    assert_eq!(waits.scope(counter.bump()).await.unwrap(), 3);
}
