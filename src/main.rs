//! The `innsite` command: parses arguments, runs the command, maps the outcome to an exit code.

fn main() {
    println!("innsite");
}
