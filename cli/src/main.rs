//! `stageline`: validate, lint, measure, render and convert Stageline service blueprints.
//!
//! The same Rust code as the editor: loading goes through `stageline_schema::load_bytes`,
//! checks through `stageline_core::checks`, metrics through `stageline_core::metrics` and
//! pictures through `stageline_core::svg`, comparisons through `stageline_core::diff`. Exit
//! status: 0 success, 1 an invalid file, a lint error or an I/O failure, 2 a usage mistake;
//! `diff` as the Unix `diff`: 0 equal, 1 different, 2 trouble. Run `stageline help` for the commands.

mod args;
mod cards_csv;
mod commands;
mod diff;
mod generate;
mod io;
mod loading;
mod share;

use std::ffi::OsString;
use std::process::ExitCode;

use crate::io::{out, outln};
use io::{CliResult, Failure};

const USAGE: &str = "\
stageline: check, measure, draw and convert Stageline service blueprints

Usage: stageline <COMMAND> [OPTIONS]

Commands:
  validate FILE [--json]         Load a blueprint and report what the loader repaired
  lint FILE [--json]             Run the blueprint checks (exit 1 when any has severity error)
  metrics FILE [--json]          Critical-path time vs SLA, handoffs, crossings, actors, emotion
  diff OLD NEW [--json]          What changed between two versions and what it does
                                 (exit 0 equal, 1 different, 2 trouble)
  render FILE [-o OUT.svg]       Draw the blueprint as a standalone SVG (audience filters)
  convert FILE [-o OUT] [...]    Convert between blueprint JSON and a CSV of cards
  generate --cards N [...]       Write a realistic synthetic blueprint of N cards
  share FILE [--base URL] [...]  Print a read-only link holding the whole blueprint
  open-link LINK [-o OUT.json]   Recover the blueprint from a read-only link
  help [COMMAND]                 Show help for a command

FILE may be `-` for standard input; OUT may be `-` (the default) for standard output.
Exit status: 0 success, 1 invalid file / lint errors / I/O error, 2 usage error
(`diff`: 0 equal, 1 different, 2 a file that does not load or a usage error).
Run `stageline <COMMAND> --help` for details.
";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("stageline: {message}");
            eprintln!("Run `stageline --help` for usage.");
            ExitCode::from(2)
        }
        Err(Failure::Trouble(message)) => {
            eprintln!("stageline: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            if !message.is_empty() {
                eprintln!("stageline: {message}");
            }
            ExitCode::from(1)
        }
    }
}

fn run(args: Vec<OsString>) -> CliResult {
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        out!("{USAGE}");
        return Err(Failure::Usage("missing command".into()));
    };
    let command = command
        .into_string()
        .map_err(|_| Failure::Usage("the command is not valid UTF-8".into()))?;
    let rest: Vec<OsString> = args.collect();
    match command.as_str() {
        "-h" | "--help" => {
            out!("{USAGE}");
            Ok(())
        }
        "-V" | "--version" => {
            outln!("stageline {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        "help" => match rest.first().and_then(|s| s.to_str()) {
            None => {
                out!("{USAGE}");
                Ok(())
            }
            Some("generate") => {
                out!("{}", generate::GENERATE_HELP);
                Ok(())
            }
            Some(name) => match help(name) {
                Some(text) => {
                    out!("{text}");
                    Ok(())
                }
                None => Err(Failure::Usage(format!("unknown command `{name}`"))),
            },
        },
        "validate" => commands::validate(rest),
        "lint" => commands::lint(rest),
        "metrics" => commands::metrics(rest),
        "diff" => diff::run(rest),
        "render" => commands::render(rest),
        "convert" => commands::convert(rest),
        "generate" => generate::run(rest),
        "share" => share::share(rest),
        "open-link" => share::open_link(rest),
        other => Err(Failure::Usage(format!("unknown command `{other}`"))),
    }
}

/// The help text of a command, if it exists.
fn help(command: &str) -> Option<String> {
    match command {
        "share" => Some(share::SHARE_HELP.to_string()),
        "open-link" => Some(share::OPEN_LINK_HELP.to_string()),
        "diff" => Some(diff::DIFF_HELP.to_string()),
        other => commands::help(other),
    }
}
