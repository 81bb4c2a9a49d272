//! `impl Trait` in the return type: the attempt's output type is inferred.

use retry_core::retry;

#[retry(stop = attempts(2))]
fn answer() -> Result<impl std::fmt::Display, std::io::Error> {
    Ok(42)
}

fn main() {
    assert_eq!(answer().unwrap().to_string(), "42");
}
