//! Generic functions: type parameters with bounds and `where` clauses, explicit and
//! elided lifetimes (a result may borrow from a shared argument), const generics,
//! and `impl Trait` in argument and return position.

use retry_core::{RetryContext, retry};
use std::collections::HashMap;
use std::fmt::Display;
use std::hash::Hash;

#[derive(Debug, thiserror::Error)]
#[error("not there yet")]
struct NotYet;

#[retry(stop = attempts(3), wait = none())]
fn longest<'a, T: AsRef<str> + ?Sized>(
    ctx: &RetryContext,
    a: &'a T,
    b: &'a T,
) -> Result<&'a str, NotYet> {
    if ctx.attempt() < 2 {
        return Err(NotYet);
    }
    let (a, b) = (a.as_ref(), b.as_ref());
    Ok(if a.len() >= b.len() { a } else { b })
}

#[retry(stop = attempts(3), wait = none())]
async fn first_word(ctx: &RetryContext, text: &str) -> Result<&str, NotYet> {
    if ctx.attempt() < 2 {
        return Err(NotYet);
    }
    text.split(' ').next().ok_or(NotYet)
}

#[retry(stop = attempts(3), wait = none())]
fn lookup<K, V>(map: &HashMap<K, V>, key: K) -> Result<V, NotYet>
where
    K: Eq + Hash + Clone,
    V: Clone,
{
    map.get(&key).cloned().ok_or(NotYet)
}

#[retry(stop = attempts(3), wait = none())]
async fn lookup_async<K, V>(ctx: &RetryContext, map: &HashMap<K, V>, key: K) -> Result<V, NotYet>
where
    K: Eq + Hash + Clone + Send + Sync,
    V: Clone + Sync,
{
    if ctx.attempt() < 2 {
        return Err(NotYet);
    }
    map.get(&key).cloned().ok_or(NotYet)
}

#[retry(stop = attempts(3), wait = none())]
fn sum<const N: usize>(values: [u32; N]) -> Result<u32, NotYet> {
    Ok(values.iter().sum())
}

#[retry(stop = attempts(3), wait = none())]
async fn sum_async<const N: usize>(ctx: &RetryContext, values: [u32; N]) -> Result<u32, NotYet> {
    if ctx.attempt() < 3 {
        return Err(NotYet);
    }
    Ok(values.iter().sum())
}

#[retry(stop = attempts(3), wait = none())]
fn quote(value: impl Display + Clone) -> Result<impl Display, NotYet> {
    Ok(format!("<{value}>"))
}

#[retry(stop = attempts(3), wait = none())]
async fn quote_async(
    ctx: &RetryContext,
    value: impl Display + Clone + Send,
) -> Result<impl Display, NotYet> {
    if ctx.attempt() < 2 {
        return Err(NotYet);
    }
    Ok(format!("<{value}>"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let map = HashMap::from([(1, "one".to_owned())]);

    assert_eq!(longest("ab", "abc").unwrap(), "abc");
    assert_eq!(first_word("hello world").await.unwrap(), "hello");
    assert_eq!(lookup(&map, 1).unwrap(), "one");
    assert_eq!(lookup_async(&map, 1).await.unwrap(), "one");
    assert_eq!(sum([1, 2, 3]).unwrap(), 6);
    assert_eq!(sum_async([4; 4]).await.unwrap(), 16);
    assert_eq!(quote(5).unwrap().to_string(), "<5>");
    assert_eq!(quote_async("x").await.unwrap().to_string(), "<x>");
}
