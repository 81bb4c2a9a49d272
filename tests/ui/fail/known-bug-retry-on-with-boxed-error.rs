// Should compile, or fail with an error at `retry_on`: `Box<dyn Error>` is the
// usual error type of a function whose `?` meets several error types, and
// `retry_on` could look inside the box. Today rustc reports an unsized
// `dyn Error` against the whole attribute.

use retry_core::retry;

#[retry(stop = attempts(2), retry_on = std::num::ParseIntError)]
fn parse(text: &str) -> Result<u32, Box<dyn std::error::Error>> {
    Ok(text.parse::<u32>()?)
}

fn main() {
    assert!(parse("x").is_err());
}
