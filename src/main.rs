//! The `innsite` command: parses arguments, runs the command, maps the outcome to an exit code.

use clap::Parser;

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
