//! The command line: argument parsing and reporting, nothing else.

use crate::build::{self, Mode, Options};
use crate::diag::Diagnostics;
use crate::import;
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
    /// Print errors only.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print how long each stage of a build takes.
    #[arg(long, short, global = true)]
    pub verbose: bool,
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
        /// Keep watching the sources and rebuild what each change affects.
        #[arg(long)]
        watch: bool,
        /// With --watch: poll the file system instead of waiting for events
        /// (for network and container file systems).
        #[arg(long)]
        poll: bool,
        /// Ignore every cache (the last build's manifest, the parse cache)
        /// and build the whole site anew.
        #[arg(long)]
        full: bool,
    },
    /// Preview the site: build in memory, serve it, rebuild on change and
    /// reload open pages.
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; loopback unless you mean otherwise.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Poll the file system instead of waiting for events.
        #[arg(long)]
        poll: bool,
    },
    /// Write a deterministic collection of made-up resolutions for benchmarks.
    BenchCorpus {
        /// How many resolutions.
        count: usize,
        /// The site folder to create (content goes to DIR/content).
        dir: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also write the same pages as a Hugo site into DIR/hugo.
        #[arg(long)]
        hugo: bool,
    },
    /// Check the content without building: errors, warnings, and citations
    /// left unlinked because their issuing body is not certain.
    Check,
    /// Create a new site in DIR: configuration, a sample resolution and
    /// the default theme, ready to build.
    Init {
        /// A folder that does not exist yet, or is empty.
        dir: PathBuf,
    },
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Turn official resolution text (PDF-to-text output) into content files.
    Import {
        /// Text files to import, or folders (their `.txt` files, sorted, with a table of results); `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Content folder to write into, relative to the site's folder.
        #[arg(long, default_value = "content")]
        out: PathBuf,
        /// Replace content files that exist and differ.
        #[arg(long)]
        force: bool,
        /// Treat warnings (uncertain markers or paragraphs) as errors.
        #[arg(long)]
        strict: bool,
    },
}

/// What to print besides errors.
#[derive(Debug, Clone, Copy)]
struct Voice {
    quiet: bool,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    build::set_verbose(cli.verbose);
    let voice = Voice { quiet: cli.quiet };
    match cli.command {
        Command::Init { dir } => match crate::init::run(&dir) {
            Ok(files) => {
                if !voice.quiet {
                    println!(
                        "{} a site in {} ({} files). Next: `plenary --root {} serve`",
                        console::style("Created").green().bold(),
                        dir.display(),
                        files.len(),
                        dir.display()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprint!("{d}");
                ExitCode::FAILURE
            }
        },
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "plenary", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Build {
            output,
            base_url,
            watch,
            poll,
            full,
        } => {
            let opts = Options {
                root: cli.root,
                output,
                base_url,
                full,
            };
            let code = run_build(&opts, voice);
            if watch {
                // --full applies to the first build; later ones follow edits.
                let opts = Options { full: false, ..opts };
                watch_and_build(&opts, poll, voice)
            } else {
                code
            }
        }
        Command::Serve { port, bind, open, poll } => crate::serve::run(crate::serve::ServeOptions {
            build: Options {
                root: cli.root,
                ..Options::default()
            },
            bind,
            port,
            open,
            poll,
        }),
        Command::BenchCorpus { count, dir, seed, hugo } => match crate::bench::generate(count, &dir, seed, hugo) {
            Ok(()) => {
                println!("Wrote {count} resolutions into {}", dir.join("content").display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write the collection into {}: {e}", dir.display());
                ExitCode::FAILURE
            }
        },
        Command::Check => {
            let diags = crate::check::run(&Options {
                root: cli.root,
                ..Options::default()
            });
            report(&diags);
            if diags.has_errors() {
                ExitCode::FAILURE
            } else {
                println!("Checked: {} warnings", diags.warning_count());
                ExitCode::SUCCESS
            }
        }
        Command::Import {
            files,
            out,
            force,
            strict,
        } => run_import(&import::command::Options {
            root: cli.root,
            files,
            out,
            force,
            strict,
        }),
    }
}

fn run_import(opts: &import::command::Options) -> ExitCode {
    let (outcomes, diags) = import::command::run(opts);
    report(&diags);
    if import::command::has_folder(&opts.files) {
        print!("{}", import_table(&outcomes));
        return if diags.has_errors() {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
    for o in &outcomes {
        if o.failed.is_some() {
            continue;
        }
        match &o.written {
            Some(dest) => println!("Imported {} -> {} ({})", o.input.display(), dest.display(), o.summary),
            None => println!("Unchanged {} ({})", o.input.display(), o.summary),
        }
    }
    if diags.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `plenary import DIR`'s report: file, symbol, result, in columns.
fn import_table(outcomes: &[import::command::Outcome]) -> String {
    let rows: Vec<[String; 3]> = outcomes
        .iter()
        .map(|o| {
            [
                o.input.display().to_string(),
                o.symbol.clone().unwrap_or_else(|| "-".into()),
                o.result(),
            ]
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).chain([6]).max().unwrap_or(6);
    let (w0, w1) = (width(0), width(1));
    let mut out = format!("{:w0$}  {:w1$}  RESULT\n", "FILE", "SYMBOL");
    for [file, symbol, result] in &rows {
        out.push_str(&format!("{file:w0$}  {symbol:w1$}  {result}\n"));
    }
    let failed = outcomes.iter().filter(|o| o.failed.is_some()).count();
    out.push_str(&format!(
        "{} files: {} imported, {failed} failed\n",
        outcomes.len(),
        outcomes.len() - failed
    ));
    out
}

fn run_build(opts: &Options, voice: Voice) -> ExitCode {
    match build::build(opts) {
        Ok(s) => {
            if voice.quiet {
                return ExitCode::SUCCESS;
            }
            report(&s.warnings);
            let secs = s.elapsed.as_secs_f64();
            let out = s.output.display();
            let (built, updated) = (
                console::style("Built").green().bold(),
                console::style("Updated").green().bold(),
            );
            match s.mode {
                Mode::Full => println!(
                    "{built} {} pages ({} files, {} resolutions) in {secs:.2} s into {out}",
                    s.pages, s.files, s.resolutions
                ),
                Mode::Incremental => println!(
                    "{updated} {out}: {} of {} files changed ({} resolutions) in {secs:.2} s",
                    s.written, s.files, s.resolutions
                ),
                Mode::Unchanged => println!("Nothing changed since the last build of {out} ({secs:.2} s)"),
            }
            if !s.warnings.is_empty() {
                println!(
                    "{}",
                    console::style(format!("{} warnings", s.warnings.warning_count())).yellow()
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report(&diags);
            ExitCode::FAILURE
        }
    }
}

/// `build --watch`: rebuilds (incrementally, on disk) after each change.
fn watch_and_build(opts: &Options, poll: bool, voice: Voice) -> ExitCode {
    let config = crate::config::Config::load(&opts.root).unwrap_or_default();
    let mut watching = match crate::serve::watch::watch(&opts.root, config, poll) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", opts.root.display());
            return ExitCode::FAILURE;
        }
    };
    println!("Watching {} for changes (Ctrl-C to stop)", opts.root.display());
    while watching.next_burst().is_some() {
        run_build(opts, voice);
    }
    ExitCode::SUCCESS
}

fn report(diags: &Diagnostics) {
    if !diags.is_empty() {
        eprint!("{diags}");
    }
}
