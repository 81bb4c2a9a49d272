use retry_core::retry;

#[retry(retry_if = always())]
fn label() -> impl std::fmt::Display {
    "label"
}

#[retry(retry_if = always())]
fn forever() -> ! {
    loop {}
}

fn main() {
    let _ = label();
}
