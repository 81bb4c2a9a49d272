//! The `tracing` events a retried call emits.

use std::io;
use std::sync::{Arc, Mutex};

use retry_core::retry;
use retry_core::sleep::RecordingSleeper;

#[derive(Debug, thiserror::Error)]
#[error("server said 503")]
struct Unavailable;

#[retry(stop = attempts(3), wait = exponential(1, 4, 10))]
fn always_unavailable() -> Result<(), Unavailable> {
    Err(Unavailable)
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn log_lines(run: impl FnOnce()) -> Vec<String> {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .without_time()
        .finish();
    tracing::subscriber::with_default(subscriber, run);
    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    text.lines().map(str::to_owned).collect()
}

#[test]
fn each_attempt_sleep_and_the_give_up_are_logged_with_the_function_path() {
    let lines = log_lines(|| {
        let _ = RecordingSleeper::new().scope_blocking(always_unavailable);
    });

    assert_eq!(
        lines,
        [
            "DEBUG retry: attempt 1 of 3 function=\"logging::always_unavailable\" attempt=1 max_attempts=3",
            "DEBUG retry: attempt 1 failed; waiting 4s (policy wait) function=\"logging::always_unavailable\" attempt=1 wait=4s source=\"policy\" error=server said 503",
            "DEBUG retry: attempt 2 of 3 function=\"logging::always_unavailable\" attempt=2 max_attempts=3",
            "DEBUG retry: attempt 2 failed; waiting 4s (policy wait) function=\"logging::always_unavailable\" attempt=2 wait=4s source=\"policy\" error=server said 503",
            "DEBUG retry: attempt 3 of 3 function=\"logging::always_unavailable\" attempt=3 max_attempts=3",
            " WARN retry: giving up after 3 attempts: the stop condition was reached function=\"logging::always_unavailable\" attempts=3 slept=8s error=server said 503",
        ]
    );
}

#[test]
fn the_ready_made_log_hook_writes_at_the_chosen_level() {
    let policy = retry_core::Retry::new()
        .name("billing::charge")
        .stop(retry_core::stop::attempts(2))
        .wait(retry_core::wait::fixed(4))
        .sleeper(RecordingSleeper::new())
        .before_sleep(retry_core::hooks::log(tracing::Level::INFO));

    let lines = log_lines(|| {
        let _: Result<(), Unavailable> = policy.run_blocking(|_ctx| Err(Unavailable));
    });

    let info: Vec<&String> = lines.iter().filter(|line| line.starts_with(" INFO")).collect();
    assert_eq!(
        info,
        [
            " INFO retry: attempt 1 failed: server said 503; retrying in 4s function=\"billing::charge\" attempt=1 error=server said 503 wait=4s"
        ]
    );
}
