use retry_core::retry;

#[retry(stop = attempts(2), on_give_up = |state, error| eprintln!("{state:?} {error}"))]
fn fetch() -> Result<u32, std::io::Error> {
    Ok(1)
}

fn main() {
    let _ = fetch();
}
