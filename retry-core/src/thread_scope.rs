//! A value that stands in for a default while code runs on one thread: the
//! machinery behind `RecordingSleeper::scope` and `Overrides::scope`.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::thread::LocalKey;

/// One kind of scoped value: which is active on each thread, and how many scopes
/// are open anywhere, so that looking for one costs a single load when none is.
pub(crate) struct ThreadScope<T: 'static> {
    open: AtomicUsize,
    active: &'static LocalKey<RefCell<Option<T>>>,
}

impl<T: Clone + 'static> ThreadScope<T> {
    pub(crate) const fn new(active: &'static LocalKey<RefCell<Option<T>>>) -> Self {
        ThreadScope { open: AtomicUsize::new(0), active }
    }

    /// Whether a scope of this kind is open on any thread.
    pub(crate) fn any_open(&self) -> bool {
        self.open.load(Ordering::Relaxed) != 0
    }

    /// Runs `f` on the value active on this thread, if any.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        if !self.any_open() {
            return None;
        }
        let active = self.active.try_with(|active| active.borrow().clone()).ok().flatten()?;
        Some(f(&active))
    }

    /// Runs `f` with `value` active on this thread.
    pub(crate) fn run<R>(&'static self, value: T, f: impl FnOnce() -> R) -> R {
        let _active = Guard::enter(self, value);
        f()
    }

    /// `future`, with `value` active on this thread while it is polled.
    pub(crate) fn run_future<F: Future>(&'static self, value: T, future: F) -> Scoped<T, F> {
        Scoped { scope: self, value, future: Box::pin(future) }
    }
}

/// Makes a value the active one until dropped, then restores whichever was
/// active before, so scopes nest.
struct Guard<T: Clone + 'static> {
    scope: &'static ThreadScope<T>,
    previous: Option<T>,
}

impl<T: Clone + 'static> Guard<T> {
    fn enter(scope: &'static ThreadScope<T>, value: T) -> Self {
        scope.open.fetch_add(1, Ordering::Relaxed);
        let previous = scope.active.with(|active| active.replace(Some(value)));
        Guard { scope, previous }
    }
}

impl<T: Clone + 'static> Drop for Guard<T> {
    fn drop(&mut self) {
        let previous = self.previous.take();
        let _ = self.scope.active.try_with(|active| active.replace(previous));
        self.scope.open.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A future polled with a value active on its thread; see
/// [`ThreadScope::run_future`].
pub(crate) struct Scoped<T: 'static, F> {
    scope: &'static ThreadScope<T>,
    value: T,
    future: Pin<Box<F>>,
}

impl<T: Clone + Unpin + 'static, F: Future> Future for Scoped<T, F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _active = Guard::enter(self.scope, self.value.clone());
        self.future.as_mut().poll(cx)
    }
}
