use retry_core::retry;

#[retry(stop = attempts(3))]
fn ping() {
    println!("ping");
}

fn main() {
    ping();
}
