//! What `#[retry]` accepts and what it rejects: every program in `ui/pass` must
//! build and run, every program in `ui/fail` must fail to build with exactly the
//! error in its `.stderr` file.

use std::process::Command;

/// The compiler release the `.stderr` files were written with. rustc's wording and
/// spans change between releases, so under any other compiler the compile-fail
/// cases are skipped. To move to a new compiler, change this prefix, run
/// `TRYBUILD=overwrite cargo test -p retry-tests --test ui` and review every changed
/// `.stderr` file before committing it.
const PINNED_RUSTC: &str = "rustc 1.95.";

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");

    let version = rustc_version();
    if version.starts_with(PINNED_RUSTC) {
        cases.compile_fail("ui/fail/*.rs");
    } else {
        eprintln!(
            "skipping the compile-fail ui cases: their .stderr files were written with \
             `{PINNED_RUSTC}*` but this compiler is `{version}`; \
             see PINNED_RUSTC in tests/tests/ui.rs"
        );
    }
}

/// The first line of `rustc --version` for the compiler cargo builds with, or why
/// it could not be read.
fn rustc_version() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    match Command::new(&rustc).arg("--version").output() {
        Ok(output) => String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        Err(error) => format!("unknown (running `{rustc} --version` failed: {error})"),
    }
}
