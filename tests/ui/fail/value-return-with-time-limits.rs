use retry_core::retry;

#[derive(Debug, PartialEq)]
enum JobStatus {
    Pending,
}

#[retry(retry_if = result_matches(Option::is_none), timeout = 5)]
async fn lookup() -> Option<u32> {
    None
}

#[retry(retry_if = result_matches(|s: &JobStatus| *s == JobStatus::Pending), deadline = 30)]
async fn poll() -> JobStatus {
    JobStatus::Pending
}

fn main() {
    let _ = lookup();
    let _ = poll();
}
