//! The rest of a function's header and attributes stays as written: restricted
//! visibility, `unsafe fn`, an `extern "C"` ABI, `#[cfg]` above or below `#[retry]`,
//! and lint attributes that apply to the body.

#![deny(unused_variables)]

mod store {
    use retry_core::{RetryContext, retry};

    /// Reads through a raw pointer.
    ///
    /// # Safety
    ///
    /// `value` must point to a live `u32`.
    #[retry(stop = attempts(3), wait = none())]
    pub(crate) unsafe fn read(ctx: &RetryContext, value: *const u32) -> Result<u32, String> {
        if ctx.attempt() < 2 {
            return Err("not yet".to_owned());
        }
        // SAFETY: the caller promises `value` is live.
        Ok(unsafe { *value })
    }

    #[retry(stop = attempts(3), wait = none())]
    pub(super) async unsafe fn read_async(value: *const u32) -> Result<u32, String> {
        // SAFETY: as for `read`.
        Ok(unsafe { *value })
    }

    /// A Rust function with the C calling convention, for a callback table; its
    /// `Result` is not FFI-safe, hence the `allow`.
    #[allow(improper_ctypes_definitions)]
    #[retry(stop = attempts(2), wait = none())]
    pub(crate) extern "C" fn callback(ctx: &RetryContext, code: i32) -> Result<i32, String> {
        if ctx.attempt() < 2 {
            return Err("not yet".to_owned());
        }
        Ok(code * 2)
    }

    #[cfg(any())]
    #[retry(stop = attempts(2))]
    pub(crate) fn configured_out() -> Result<u32, String> {
        compile_error!("removed before `#[retry]` runs")
    }

    #[retry(stop = attempts(2))]
    #[cfg(any())]
    pub(crate) fn configured_out_below() -> Result<u32, String> {
        compile_error!("removed after `#[retry]` runs")
    }

    #[retry(stop = attempts(2))]
    #[allow(unused_variables)]
    pub(crate) fn with_lint_allowed() -> Result<u32, String> {
        let ignored = 0;
        Ok(7)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let value = 42;

    // SAFETY: `value` lives to the end of `main`.
    assert_eq!(unsafe { store::read(&value) }.unwrap(), 42);
    // SAFETY: as above.
    assert_eq!(unsafe { store::read_async(&value) }.await.unwrap(), 42);
    let callback: extern "C" fn(i32) -> Result<i32, String> = store::callback;
    assert_eq!(callback(21).unwrap(), 42);
    assert_eq!(store::with_lint_allowed().unwrap(), 7);
}
