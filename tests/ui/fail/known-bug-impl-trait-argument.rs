// Should compile: `impl Trait` is allowed in a function's arguments, but the
// macro copies the argument's type into a `let` inside each attempt, where it is
// not. Move this case to `ui/pass` once the macro handles it.

use retry_core::retry;

#[retry(stop = attempts(2))]
fn greet(name: impl AsRef<str> + Clone) -> Result<String, std::io::Error> {
    Ok(format!("hello {}", name.as_ref()))
}

fn main() {
    assert_eq!(greet("ada").unwrap(), "hello ada");
}
