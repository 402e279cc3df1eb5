//! The `blog` binary: reads the command line and the settings, then serves the site (the
//! default) or runs one of the management commands in `server::doors::cli`.

use std::{io::IsTerminal, process::ExitCode};

use blog::server::{
    doors::cli::{self, Cli},
    settings::Settings,
};
use clap::Parser;
use tracing_subscriber::EnvFilter;

/// Rendering a page allocates a great deal from many threads at once; glibc's allocator spent
/// a quarter of the CPU time of a home-page benchmark in its own locks (README, "Measured").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return refused(&error),
    };
    init_tracing(cli.serves());
    let result = match Settings::load() {
        Ok(settings) => cli::run(cli, settings).await,
        Err(error) => Err(error.into()),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// A command line the parser refused (an unknown role, a missing argument) exits with 1, as
/// every other failure does (docs/cli.md); asking for help or the version is no failure.
fn refused(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    // Printing to a closed terminal leaves nothing better to do.
    let _ = error.print();
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

/// The server logs `info` and up to stdout; a one-off command keeps stdout for its own
/// output and logs only warnings, to stderr. `RUST_LOG` overrides the level either way.
fn init_tracing(serves: bool) {
    let default_level = if serves { "info" } else { "warn" };
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    if serves {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(std::io::stdout().is_terminal())
            .init();
    } else {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(std::io::stderr().is_terminal())
            .with_writer(std::io::stderr)
            .init();
    }
}
