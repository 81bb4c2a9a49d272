use retry_core::retry;

#[derive(Debug, PartialEq)]
enum JobStatus {
    Pending,
}

#[retry(retry_on = std::io::Error)]
fn ready() -> bool {
    false
}

#[retry(retry_on = std::io::Error)]
async fn poll() -> JobStatus {
    JobStatus::Pending
}

fn main() {
    let _ = ready();
    let _ = poll();
}
