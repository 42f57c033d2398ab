//! Fuzz target: arbitrary bytes → the page parser, the whiteboard parser and the inline scanner.
//!
//! Takes one input of any bytes; fails (panics, for libFuzzer) only when innsite panics or an
//! invariant of `checks::check_page` breaks. Run with a timeout (`-timeout=5`) so that
//! super-linear inputs are reported too.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = checks::check_page(data) {
        panic!("{e}");
    }
});
