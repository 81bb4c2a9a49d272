//! Parameters written as patterns: tuples, structs, `_` and `mut` bindings. Each
//! attempt destructures its own clone of the argument, and a `mut` binding starts
//! again from the caller's value.

use retry_core::{RetryContext, retry};

#[derive(Debug, thiserror::Error)]
#[error("not there yet")]
struct NotYet;

#[derive(Clone)]
struct Point {
    x: i64,
    y: i64,
}

#[retry(stop = attempts(3), wait = none())]
fn combine(
    (a, b): (i64, i64),
    Point { x, y }: Point,
    _: u32,
    mut n: i64,
    ctx: &RetryContext,
) -> Result<i64, NotYet> {
    n += 100;
    if ctx.attempt() < 3 {
        return Err(NotYet);
    }
    Ok(a + b + x + y + n)
}

#[retry(stop = attempts(3), wait = none())]
async fn combine_async(
    (a, b): (i64, i64),
    Point { x, y }: Point,
    _: u32,
    mut n: i64,
    ctx: &RetryContext,
) -> Result<i64, NotYet> {
    n += 100;
    tokio::task::yield_now().await;
    if ctx.attempt() < 3 {
        return Err(NotYet);
    }
    Ok(a + b + x + y + n)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let point = Point { x: 3, y: 4 };

    assert_eq!(combine((1, 2), point.clone(), 0, 1000).unwrap(), 1110);
    assert_eq!(combine_async((1, 2), point, 0, 1000).await.unwrap(), 1110);
}
