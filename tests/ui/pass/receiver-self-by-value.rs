//! A method taking `self` by value gets its own clone of the receiver for every
//! attempt, so what one attempt does to `self` is gone by the next; the attribute's
//! keys can still read `self`.

use retry_core::{RetryContext, retry};

#[derive(Debug, thiserror::Error)]
#[error("the queue is busy")]
struct Busy;

#[derive(Clone)]
struct Job {
    steps: Vec<&'static str>,
    tries: u32,
}

impl Job {
    #[retry(stop = attempts(self.tries), wait = none())]
    fn run(mut self, ctx: &RetryContext) -> Result<Vec<&'static str>, Busy> {
        self.steps.push("ran");
        if ctx.attempt() < self.tries {
            return Err(Busy);
        }
        Ok(self.steps)
    }

    #[retry(stop = attempts(3), wait = none())]
    async fn run_async(mut self, ctx: &RetryContext) -> Result<Vec<&'static str>, Busy> {
        self.steps.push("ran");
        tokio::task::yield_now().await;
        if ctx.attempt() < 3 {
            return Err(Busy);
        }
        Ok(self.steps)
    }

    /// A key reading the receiver of an async fn: the policy borrows `self` while
    /// each attempt clones it.
    #[retry(stop = attempts(self.tries), wait = none())]
    async fn run_async_keyed(mut self, ctx: &RetryContext) -> Result<usize, Busy> {
        self.steps.push("ran");
        tokio::task::yield_now().await;
        if ctx.attempt() < self.tries {
            return Err(Busy);
        }
        Ok(self.steps.len())
    }

    /// The body's own `use … {self, …}` and `impl` blocks keep their `self`.
    #[retry(stop = attempts(2), wait = none())]
    async fn describe(self, ctx: &RetryContext) -> Result<String, Busy> {
        use std::fmt::{self, Write};

        struct Label(u32);
        impl fmt::Display for Label {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "attempt {}", self.0)
            }
        }

        let mut text = String::new();
        write!(text, "{} after {}", Label(ctx.attempt()), self.steps.len()).map_err(|_| Busy)?;
        if ctx.attempt() < 2 {
            return Err(Busy);
        }
        Ok(text)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let job = Job { steps: vec!["queued"], tries: 2 };

    assert_eq!(job.clone().run().unwrap(), ["queued", "ran"]);
    assert_eq!(job.clone().run_async().await.unwrap(), ["queued", "ran"]);
    assert_eq!(job.clone().run_async_keyed().await.unwrap(), 2);
    assert_eq!(job.describe().await.unwrap(), "attempt 2 after 1");
}
