//! `impl Trait` arguments are cloned for each attempt like any by-value argument.

use retry_core::retry;

#[retry(stop = attempts(2))]
fn greet(name: impl AsRef<str> + Clone) -> Result<String, std::io::Error> {
    Ok(format!("hello {}", name.as_ref()))
}

fn main() {
    assert_eq!(greet("ada").unwrap(), "hello ada");
}
