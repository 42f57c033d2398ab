//! Command line: one clap `Args` struct per subcommand, and `run`, which maps a parsed
//! command to the library and gives the process exit status.
//!
//! Never prints diagnostics itself beyond what the command's report says; errors that stop a
//! command are returned with their context chain for `main` to print.

use crate::check::Report;
use crate::config::{self, Overrides};
use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Publish a Logseq graph as a fast static website.
#[derive(Debug, Parser)]
#[command(name = "innsite", version, about, long_about = None)]
pub struct Cli {
    /// site.toml to use (default: ./site.toml when present).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Read the graph and report every problem with file:line.
    Check(CheckArgs),
    /// Write a commented site.toml and a GitHub Pages workflow for the graph in DIR.
    Init(InitArgs),
    /// Build the site in memory, serve it with live reload, rebuild on every change.
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The graph folder (default: `content` of site.toml, else ./content).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// The port (default: 1111, or the next free one when it is busy).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// The address to listen on; anything but loopback exposes the preview to the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Poll the file system for changes instead of using native notifications.
    #[arg(long)]
    pub poll: bool,
    /// Print how long each stage of every rebuild took.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The repository or graph folder (default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Replace site.toml and .github/workflows/pages.yml when they exist.
    #[arg(long)]
    pub force: bool,
    /// The git repository the workflow builds innsite from.
    #[arg(long, value_name = "URL", default_value = env!("CARGO_PKG_REPOSITORY"))]
    pub innsite_git: String,
    /// The branch, tag or commit of that repository.
    #[arg(long, value_name = "REF", default_value = "main")]
    pub innsite_ref: String,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The graph folder (default: `content` of site.toml, else ./content).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// The output folder (default: `output` of site.toml, else ./public). Replaced atomically.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Where the site will be served, e.g. https://user.github.io/innbok/ (default: /).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print every warning, not only the summary.
    #[arg(long, short)]
    pub verbose: bool,
    /// Print how long each stage of the build took.
    #[arg(long)]
    pub timings: bool,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The graph folder (default: `content` of site.toml, else ./content).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Output format; JSON is stable (format_version 1) for editors and CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with status 1 on warnings too, not only on errors.
    #[arg(long)]
    pub strict: bool,
    /// Also print informational diagnostics (duplicates kept, skipped files...).
    #[arg(long, short)]
    pub verbose: bool,
}

/// Run a parsed command line; the value is the process exit status.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Check(args) => check(cli.config, args),
        Command::Build(args) => build(cli.config, args),
        Command::Init(args) => init(args),
        Command::Serve(args) => serve(cli.config, args),
    }
}

fn serve(config_file: Option<PathBuf>, args: ServeArgs) -> Result<i32> {
    let source = crate::serve::incremental::Source {
        cwd: std::env::current_dir()?,
        config_file,
        overrides: Overrides {
            content: args.content,
            base_url: Some("/".into()),
            ..Default::default()
        },
    };
    crate::serve::run(crate::serve::Options {
        source,
        port: args.port,
        bind: args.bind,
        open: args.open,
        poll: args.poll,
        timings: args.timings,
    })
}

fn build(config_file: Option<PathBuf>, args: BuildArgs) -> Result<i32> {
    let timings = crate::timings::Timings::new();
    let overrides = Overrides {
        content: args.content,
        output: args.output,
        base_url: args.base_url,
    };
    let (cfg, diags) = timings.time("config", || {
        config::load(config_file.as_deref(), &overrides)
    })?;
    let loaded = crate::load_timed(&crate::LoadOptions::from_config(&cfg), diags, &timings)?;
    let site_dir = match &cfg.config_file {
        Some(f) => f.parent().map(PathBuf::from).unwrap_or_default(),
        None => std::env::current_dir()?,
    };
    let report = crate::build::build(&cfg, &loaded, &site_dir, &timings)?;
    if args.timings {
        eprint!("{}", timings.table());
    }
    for d in report
        .diagnostics
        .iter()
        .filter(|d| args.verbose || d.severity == crate::diagnostics::Severity::Error)
    {
        eprintln!("{d}");
    }
    eprintln!("{} → {}", report.summary(), cfg.output.display());
    if !args.verbose && report.warnings > 0 {
        eprintln!("run `innsite check` (or build with --verbose) to see the warnings");
    }
    // The process ends here: freeing the graph block by block would only delay the exit
    // (55 ms at 10,000 pages, 260 ms at 50,000).
    std::mem::forget(loaded);
    Ok(i32::from(report.errors > 0))
}

fn init(args: InitArgs) -> Result<i32> {
    let source = crate::init::Source {
        git: args.innsite_git,
        reference: args.innsite_ref,
    };
    for file in crate::init::init(&args.dir, args.force, &source)? {
        eprintln!("wrote {}", file.display());
    }
    eprintln!("next: `innsite build` to preview; commit both files and push; in the repository's Settings → Pages, choose \"GitHub Actions\" as the source (README: Deploy)");
    Ok(0)
}

fn check(config_file: Option<PathBuf>, args: CheckArgs) -> Result<i32> {
    let overrides = Overrides {
        content: args.content,
        ..Default::default()
    };
    let (cfg, diags) = config::load(config_file.as_deref(), &overrides)?;
    let options = crate::LoadOptions {
        warm_up: crate::WarmUp::default(),
        ..crate::LoadOptions::from_config(&cfg)
    };
    let loaded = crate::load(&options, diags)?;
    let report = Report::new(&loaded);
    // The process ends after the report: the graph is not freed block by block (see `build`).
    std::mem::forget(loaded);
    match args.format {
        Format::Json => println!("{}", report.to_json()),
        Format::Text => print!("{}", report.to_text(args.verbose)),
    }
    Ok(i32::from(report.failed(args.strict)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
