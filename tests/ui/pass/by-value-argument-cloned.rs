//! A by-value argument is cloned for every attempt: an attempt that changes its
//! copy does not change what the next attempt receives.

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;
use std::sync::Mutex;

static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[retry(stop = attempts(3), wait = none())]
fn shout(mut text: String) -> Result<String, String> {
    text.push('!');
    let mut seen = SEEN.lock().unwrap();
    seen.push(text.clone());
    if seen.len() < 3 {
        return Err(format!("lost {text}"));
    }
    Ok(text)
}

#[retry(stop = attempts(2), wait = none())]
async fn shout_async(text: String) -> Result<String, String> {
    tokio::task::yield_now().await;
    let loud = text + "!";
    if SEEN.lock().unwrap().len() < 4 {
        SEEN.lock().unwrap().push(loud.clone());
        return Err(loud);
    }
    Ok(loud)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let waits = RecordingSleeper::new();

    let shouted = waits.scope_blocking(|| shout("hi".to_owned()));
    let shouted_async = waits.scope(shout_async("ho".to_owned())).await;

    assert_eq!(shouted.unwrap(), "hi!");
    assert_eq!(shouted_async.unwrap(), "ho!");
    assert_eq!(*SEEN.lock().unwrap(), ["hi!", "hi!", "hi!", "ho!"]);
}
