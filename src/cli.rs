//! The command line: argument parsing and reporting, nothing else.

use crate::build::{self, Options};
use crate::diag::Diagnostics;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "plenary",
    version,
    about = "A static site generator for United Nations resolutions"
)]
pub struct Cli {
    /// The site's folder (holding content/, themes/ and plenary.yaml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site from content/ into the output folder (default site/).
    Build {
        /// Output folder, relative to the site's folder.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The URL the site is published at, e.g. https://example.org/un/.
        #[arg(long)]
        base_url: Option<String>,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { output, base_url } => {
            let opts = Options {
                root: cli.root,
                output,
                base_url,
            };
            run_build(&opts)
        }
    }
}

fn run_build(opts: &Options) -> ExitCode {
    match build::build(opts) {
        Ok(summary) => {
            report(&summary.warnings);
            println!(
                "Built {} pages ({} files, {} resolutions) in {:.2} s into {}",
                summary.pages,
                summary.files,
                summary.resolutions,
                summary.elapsed.as_secs_f64(),
                summary.output.display()
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report(&diags);
            ExitCode::FAILURE
        }
    }
}

fn report(diags: &Diagnostics) {
    if !diags.is_empty() {
        eprint!("{diags}");
    }
}
