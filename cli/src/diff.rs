//! `stageline diff OLD NEW`: what changed between two blueprints and what it does to the
//! service (`stageline_core::diff`), for people or as JSON; exit status as the Unix `diff`.

use std::ffi::OsString;

use serde::Serialize;
use stageline_core::diff::{deltas, diff, text, BlueprintDiff, Deltas};

use crate::args::start;
use crate::io::{display_path, outln, terminal_safe, CliResult, Failure};
use crate::loading::{load, pretty, print_load_warnings};

pub(crate) const DIFF_HELP: &str = "\
Usage: stageline diff OLD NEW [--json]

Compares two blueprints (`-` for standard input, for one of them): stages, lanes, cards and
arrows added, removed, renamed, moved (cards from which cell to which), reordered within a
cell and changed (which fields, old and new value), then what the change does: critical-path
time against the target, waits, handoffs, line crossings, fail points, the steps by actor
type, per stage and end to end, and the check findings fixed and introduced.

Elements are matched by ID (a to-be copied from the as-is keeps them). Where IDs are not
shared (two blueprints made apart), stages are matched by name, lanes by kind and name and
cards by lane, stage and title; the last line says how many matches are such guesses.

Options:
  --json      Print {\"format\": \"stageline.diff\", \"version\": 1, \"equal\", ..., \"deltas\"}
              (docs/diff-format.md describes every field)
  -h, --help  Show this help

Exit status: 0 the blueprints are the same, 1 they differ, 2 a file does not load or a usage
error.
";

/// The JSON output: the diff's own fields, whether the blueprints are equal, and the deltas.
#[derive(Serialize)]
struct Json<'a> {
    #[serde(flatten)]
    diff: &'a BlueprintDiff,
    equal: bool,
    deltas: Deltas,
}

/// `stageline diff`.
pub(crate) fn run(args: Vec<OsString>) -> CliResult {
    let Some((opts, old_file)) = start("diff", DIFF_HELP, args, &["--json", "SECOND"])? else {
        return Ok(());
    };
    let new_file = opts.second.clone().ok_or_else(|| {
        Failure::Usage("`diff` needs two files: OLD NEW (`-` for standard input)".into())
    })?;
    if old_file == "-" && new_file == "-" {
        return Err(Failure::Usage(
            "`diff` can read only one of OLD and NEW from standard input".into(),
        ));
    }
    let trouble = |f: Failure| match f {
        Failure::Failed(m) | Failure::Trouble(m) => Failure::Trouble(m),
        usage => usage,
    };
    let old = load(&old_file, false).map_err(trouble)?;
    let new = load(&new_file, false).map_err(trouble)?;
    print_load_warnings(&old);
    print_load_warnings(&new);
    let d = diff(&old.blueprint, &new.blueprint);
    let equal = d.is_empty();
    if opts.json {
        let out = Json {
            diff: &d,
            equal,
            deltas: deltas(&old.blueprint, &new.blueprint),
        };
        outln!("{}", pretty(&out));
    } else {
        let (a, b) = (display_path(&old_file), display_path(&new_file));
        if equal {
            outln!("{a} and {b} are the same blueprint (no changes).");
        } else {
            let lines = text::describe(&d);
            outln!("Changes from {a} to {b} ({}):", d.len());
            for line in &lines {
                outln!("  {}", terminal_safe(line));
            }
            outln!("");
            outln!("What it does:");
            for line in text::describe_deltas(&deltas(&old.blueprint, &new.blueprint)) {
                outln!("  {}", terminal_safe(&line));
            }
        }
    }
    if equal {
        Ok(())
    } else {
        Err(Failure::Failed(String::new()))
    }
}
