//! Sleeping between attempts, behind traits so tests never wait for real.
//!
//! [`DefaultSleep`] sleeps on tokio's timer in async calls and with
//! [`std::thread::sleep`] in blocking ones. [`RecordingSleeper`] takes no time and
//! remembers every wait, for tests.

use std::future::Future;
use std::time::Duration;

pub(crate) mod recording;

pub use recording::RecordingSleeper;

/// Sleeps between attempts of an async call.
///
/// ```
/// use retry_core::sleep::Sleep;
/// use std::time::Duration;
///
/// /// Never sleeps: every retry happens at once.
/// #[derive(Clone, Copy)]
/// struct Impatient;
///
/// impl Sleep for Impatient {
///     fn sleep(&self, _wait: Duration) -> impl Future<Output = ()> + Send + 'static {
///         std::future::ready(())
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let policy = retry_core::Retry::new().wait(retry_core::wait::fixed(3600)).sleeper(Impatient);
/// let ctx = retry_core::RetryContext::new();
/// let outcome: Result<(), &str> = policy.run(&ctx, |_ctx| async { Err("down") }).await;
/// assert_eq!(outcome, Err("down"));
/// # }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot sleep in an async retry loop",
    note = "async calls need a sleeper that implements `Sleep`, such as `DefaultSleep` with the `tokio` feature"
)]
pub trait Sleep {
    /// Returns a future that completes once `wait` has passed.
    fn sleep(&self, wait: Duration) -> impl Future<Output = ()> + Send + 'static;
}

/// Sleeps between attempts of a blocking call.
///
/// ```
/// use retry_core::sleep::BlockingSleep;
/// use std::time::Duration;
///
/// struct Impatient;
///
/// impl BlockingSleep for Impatient {
///     fn sleep(&self, _wait: Duration) {}
/// }
///
/// let policy = retry_core::Retry::new().wait(retry_core::wait::fixed(3600)).sleeper(Impatient);
/// let outcome: Result<(), &str> = policy.run_blocking(|_ctx| Err("down"));
/// assert_eq!(outcome, Err("down"));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot sleep in a blocking retry loop",
    note = "blocking calls need a sleeper that implements `BlockingSleep`, such as `DefaultSleep`"
)]
pub trait BlockingSleep {
    /// Blocks the current thread until `wait` has passed.
    fn sleep(&self, wait: Duration);
}

/// The sleeper every policy starts with.
///
/// Async calls sleep on tokio's timer (feature `tokio`, on by default), so tests on
/// a paused tokio clock run instantly; they therefore need a tokio runtime with its
/// timer enabled (`#[tokio::main]` has one) whenever a wait is not zero. On another
/// executor, give the policy a sleeper of your own. A zero wait never touches the
/// timer. Blocking calls use [`std::thread::sleep`]. Inside
/// [`RecordingSleeper::scope`] both record the wait instead of sleeping.
///
/// ```
/// use retry_core::sleep::{BlockingSleep, DefaultSleep, RecordingSleeper};
/// use std::time::Duration;
///
/// let recorder = RecordingSleeper::new();
/// recorder.scope_blocking(|| DefaultSleep.sleep(Duration::from_secs(60)));
/// assert_eq!(recorder.waits(), [Duration::from_secs(60)]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DefaultSleep;

#[cfg(feature = "tokio")]
impl Sleep for DefaultSleep {
    fn sleep(&self, wait: Duration) -> impl Future<Output = ()> + Send + 'static {
        let recorded = recording::record_in_scope(wait);
        async move {
            // A zero wait needs no timer, so `wait = none()` runs on any executor.
            if !recorded && !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
        }
    }
}

impl BlockingSleep for DefaultSleep {
    fn sleep(&self, wait: Duration) {
        if !recording::record_in_scope(wait) {
            std::thread::sleep(wait);
        }
    }
}

impl<S: Sleep + ?Sized> Sleep for &S {
    fn sleep(&self, wait: Duration) -> impl Future<Output = ()> + Send + 'static {
        (**self).sleep(wait)
    }
}

impl<S: BlockingSleep + ?Sized> BlockingSleep for &S {
    fn sleep(&self, wait: Duration) {
        (**self).sleep(wait);
    }
}
