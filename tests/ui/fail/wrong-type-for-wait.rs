// A value of the wrong type is reported at the value; rustc also repeats it at the
// attribute, where the policy built from it is used.
// Limit: the repeat goes once the value's type can be hidden from the policy
// without a trait object, which `Wait`'s associated constant rules out.
use retry_core::retry;

#[retry(wait = std::time::Duration::from_secs(1))]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
