use retry_core::{RetryContext, retry};

#[retry(stop = attempts(3))]
fn fetch(ctx: &RetryContext, again: &RetryContext) -> Result<u32, std::io::Error> {
    Ok(ctx.attempt() + again.attempt())
}

fn main() {
    let _ = fetch();
}
