//! The `innsite` command: parses arguments, runs the command, maps the outcome to an exit code.

use clap::Parser;

/// mimalloc instead of the system allocator: a build makes and drops millions of small strings,
/// and glibc's malloc/free were a fifth of its instructions (callgrind, 1,000-page graph).
/// Built without transparent huge pages (`no_thp`): with them, a sixth of an innbok build's
/// time went to the kernel zeroing 2 MB pages that mimalloc freed and took again, and the
/// peak memory was 200 MB instead of 120 MB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = innsite::cli::Cli::parse();
    match innsite::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    }
}
