//! An async body's last expression coerces to the declared return type, as in an
//! async fn without the attribute.

use std::error::Error;

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;

#[retry(stop = attempts(2), wait = none())]
async fn boxed(fail: bool) -> Result<u32, Box<dyn Error + Send + Sync>> {
    if fail {
        Err(Box::new(std::io::Error::other("down")))
    } else {
        Ok(7)
    }
}

#[retry(stop = attempts(2), wait = none())]
async fn make_adder(n: u32) -> Result<Box<dyn Fn(u32) -> u32 + Send>, std::io::Error> {
    Ok(Box::new(move |x| x + n))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let waits = RecordingSleeper::new();

    assert_eq!(waits.scope(boxed(false)).await.unwrap(), 7);
    assert_eq!(waits.scope(boxed(true)).await.unwrap_err().to_string(), "down");
    assert_eq!(waits.scope(make_adder(2)).await.unwrap()(3), 5);
}
