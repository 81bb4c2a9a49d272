use retry_core::retry;

mod deps {
    pub use retry_core as retrying;
}

#[retry(crate = deps::retry, stop = attempts(3), wait = fixed(1))]
fn fetch(id: &mut u32) -> Result<u32, std::io::Error> {
    Ok(*id)
}

fn main() {
    let _ = fetch(&mut 1);
}
