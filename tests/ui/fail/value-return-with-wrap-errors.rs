use retry_core::retry;

#[retry(retry_if = result_matches(Option::is_none), wrap_errors = true)]
fn lookup() -> Option<u32> {
    None
}

fn main() {
    let _ = lookup();
}
