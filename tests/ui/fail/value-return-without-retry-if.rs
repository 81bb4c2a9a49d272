use retry_core::retry;

#[derive(Debug, PartialEq)]
enum JobStatus {
    Pending,
    Done,
}

#[retry(stop = attempts(5), wait = fixed(1))]
async fn poll() -> JobStatus {
    JobStatus::Pending
}

#[retry(stop = attempts(5))]
fn ready() -> (bool, u32) {
    (false, 0)
}

fn main() {
    let _ = poll();
    let _ = ready();
    let _ = JobStatus::Done;
}
