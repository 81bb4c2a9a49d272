//! Helpers shared by the integration tests that watch a call's hooks.

use std::sync::Mutex;

use retry_core::CallState;

/// Appends `event` with the attempt number, and the planned wait and the error
/// when the state has them.
pub fn record(events: &Mutex<Vec<String>>, event: &str, state: &CallState<'_>) {
    let mut line = format!("{event} {}", state.attempt());
    if let Some(wait) = state.next_wait() {
        line.push_str(&format!(" wait {wait:?}"));
    }
    if let Some(error) = state.error() {
        line.push_str(&format!(" error {error}"));
    }
    events.lock().unwrap().push(line);
}
