// Should compile: `impl Trait` is allowed in a function's return type, but the
// macro copies the return type into a turbofish, where it is not. Move this case
// to `ui/pass` once the macro handles it.

use retry_core::retry;

#[retry(stop = attempts(2))]
fn answer() -> Result<impl std::fmt::Display, std::io::Error> {
    Ok(42)
}

fn main() {
    assert_eq!(answer().unwrap().to_string(), "42");
}
