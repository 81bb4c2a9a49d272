//! `?` and `return` inside the body end the attempt, not the call: the error
//! still goes through the retry loop.

use retry_core::sleep::RecordingSleeper;
use retry_core::{RetryContext, retry};
use std::num::ParseIntError;

#[derive(Debug, thiserror::Error)]
enum PortError {
    #[error("empty reply")]
    Empty,
    #[error("bad port: {0}")]
    Parse(#[from] ParseIntError),
}

const REPLIES: [&str; 3] = ["", "eighty", "8080"];

#[retry(stop = attempts(3), wait = none())]
fn read_port(ctx: &RetryContext) -> Result<u16, PortError> {
    let reply = REPLIES[ctx.attempt() as usize - 1];
    if reply.is_empty() {
        return Err(PortError::Empty);
    }
    let port = reply.parse::<u16>()?;
    Ok(port)
}

#[retry(stop = attempts(3), wait = none())]
async fn read_port_async(ctx: &RetryContext) -> Result<u16, PortError> {
    let reply = REPLIES[ctx.attempt() as usize - 1];
    if reply.is_empty() {
        return Err(PortError::Empty);
    }
    tokio::task::yield_now().await;
    Ok(reply.parse::<u16>()?)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let waits = RecordingSleeper::new();

    let port = waits.scope_blocking(read_port);
    let port_async = waits.scope(read_port_async()).await;

    assert_eq!(port.unwrap(), 8080);
    assert_eq!(port_async.unwrap(), 8080);
    assert_eq!(waits.waits().len(), 4);
}
