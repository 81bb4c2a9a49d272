use retry_core::{RetryContext, retry};

#[retry(stop = attempts(3))]
fn fetch(ctx: &mut RetryContext) -> Result<u32, std::io::Error> {
    Ok(ctx.attempt())
}

fn main() {
    let _ = fetch();
}
