// `retry_on` needs the function's error type to implement `std::error::Error`,
// and `Box<dyn Error>` does not. The error points at the `retry_on` value.
// Limit: looking inside the box needs an impl beside the blanket one for every
// `Error`, which coherence rejects until specialization is stable.

use retry_core::retry;

#[retry(stop = attempts(2), retry_on = std::num::ParseIntError)]
fn parse(text: &str) -> Result<u32, Box<dyn std::error::Error>> {
    Ok(text.parse::<u32>()?)
}

fn main() {
    assert!(parse("x").is_err());
}
