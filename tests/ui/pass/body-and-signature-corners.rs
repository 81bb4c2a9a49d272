//! Corners of bodies and signatures: `{self}` captured by a format string, an
//! `impl Fn(…) -> …` or an array of `impl Trait` in the return type, a function
//! written by `macro_rules!` with `$t:ty` fragments, a hook closure whose parameter
//! shares a `&mut` argument's name, an inner attribute at the top of the body, and
//! async bodies that never reach their end (`todo!()`, a final `return`), which must
//! build without warnings.

#![deny(warnings)]

use retry_core::{RetryContext, RetryError, retry};
use std::fmt::Display;

#[derive(Debug, thiserror::Error)]
#[error("down")]
struct Down;

fn fail_first(ctx: &RetryContext) -> Result<(), Down> {
    if ctx.attempt() < 2 { Err(Down) } else { Ok(()) }
}

#[derive(Clone, Debug)]
struct Service {
    name: String,
}

impl Service {
    #[retry(wait = none())]
    fn describe(mut self, ctx: &RetryContext) -> Result<String, Down> {
        self.name.push('!');
        fail_first(ctx)?;
        let template = String::from("{self}");
        Ok(format!("{self:?} {{self}} {} {} {}", self.name, template, "{self:?}"))
    }

    #[retry(wait = none())]
    async fn describe_async(&mut self, ctx: &RetryContext) -> Result<String, Down> {
        self.name.push('?');
        fail_first(ctx)?;
        Ok(format!("{self:?}"))
    }
}

#[retry(wait = none())]
fn adder(ctx: &RetryContext, n: u32) -> Result<impl Fn(u32) -> u32, Down> {
    fail_first(ctx)?;
    Ok(move |x| x + n)
}

#[retry(wait = none())]
fn pair(ctx: &RetryContext) -> Result<[impl Display; 2], Down> {
    fail_first(ctx)?;
    Ok([1, 2])
}

macro_rules! endpoint {
    ($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block) => {
        #[retry(wait = none(), wrap_errors = true)]
        fn $name($($arg: $ty),*) -> $ret $body
    };
}

endpoint!(get(ctx: &RetryContext, id: u32) -> Result<u32, RetryError<Down>> {
    fail_first(ctx)?;
    Ok(id + ctx.attempt())
});

#[retry(wait = none(), before = |state| assert!(state.attempt() >= 1))]
async fn save(ctx: &RetryContext, state: &mut Vec<u32>) -> Result<usize, Down> {
    state.push(ctx.attempt());
    fail_first(ctx)?;
    Ok(state.len())
}

#[retry(wait = none())]
#[allow(dead_code)]
async fn sketch(ctx: &RetryContext) -> Result<u32, Down> {
    todo!("attempt {}", ctx.attempt())
}

#[retry(wait = none())]
#[allow(dead_code)]
async fn early(ctx: &RetryContext) -> Result<u32, Down> {
    return Ok(ctx.attempt());
}

#[retry(wait = none())]
fn quiet(ctx: &RetryContext) -> Result<u32, Down> {
    #![allow(unused_variables)]
    let unused = 1;
    fail_first(ctx)?;
    Ok(ctx.attempt())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let service = Service { name: "n".into() };
    assert_eq!(
        service.clone().describe().unwrap(),
        r#"Service { name: "n!" } {self} n! {self} {self:?}"#
    );
    let mut service = service;
    assert_eq!(service.describe_async().await.unwrap(), r#"Service { name: "n??" }"#);
    assert_eq!(adder(3).unwrap()(4), 7);
    assert_eq!(pair().unwrap().map(|n| n.to_string()), ["1", "2"]);
    assert_eq!(get(40).unwrap(), 42);
    let mut seen = Vec::new();
    assert_eq!(save(&mut seen).await.unwrap(), 2);
    assert_eq!(quiet().unwrap(), 2);
}
