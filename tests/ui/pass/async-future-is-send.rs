//! The future of a retried async function is `Send` even though each attempt
//! borrows the context across an `.await`, so it can be spawned on a
//! multi-threaded runtime.

use retry_core::sleep::RecordingSleeper;
use retry_core::{RetryContext, retry};
use std::time::Duration;

#[retry(stop = attempts(3), wait = fixed(5))]
async fn fetch(id: u32, ctx: &RetryContext, label: String) -> Result<String, String> {
    tokio::task::yield_now().await;
    if ctx.attempt() < 3 {
        ctx.set_retry_after(Duration::from_secs(1));
        return Err("busy".to_owned());
    }
    Ok(format!("{label} {id} on attempt {}", ctx.attempt()))
}

fn assert_send<T: Send + 'static>(value: T) -> T {
    value
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let waits = RecordingSleeper::new();

    let call = assert_send(fetch(7, "item".to_owned()));
    let recorder = waits.clone();
    let fetched = tokio::spawn(async move { recorder.scope(call).await })
        .await
        .unwrap();

    assert_eq!(fetched.unwrap(), "item 7 on attempt 3");
    assert_eq!(
        waits.waits(),
        [Duration::from_secs(1), Duration::from_secs(1)]
    );
}
