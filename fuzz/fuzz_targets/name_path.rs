//! Fuzz target: arbitrary names → page name → key → slug → output path.
//!
//! Takes one input whose lines are file paths and titles; fails (panics, for libFuzzer) only
//! when innsite panics or a slug is unsafe, leaves the output folder, or two keys share one
//! (`checks::check_names`).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = checks::check_names(data) {
        panic!("{e}");
    }
});
