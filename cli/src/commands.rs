//! The commands: argument parsing, loading, and output for people (text) and machines (JSON).

use std::ffi::OsString;

use serde_json::json;
use stageline_core::checks::{self, Finding, Severity};
use stageline_core::metrics::{self, format_duration, JourneyMetrics, SlaStatus, Timing};
use stageline_core::orchestration::{self, orchestrate, JourneyOrchestration, Orchestration};
use stageline_schema::{ActorType, Named};

use crate::args::start;
use crate::cards_csv;
use crate::io::{out, outln};
use crate::io::{read_input, write_output, CliResult, Failure};
use crate::loading::{load, pretty, print_load_warnings, warning_line, warnings_json};

const VALIDATE_HELP: &str = "\
Usage: stageline validate FILE [--json]

Loads FILE (a Stageline blueprint JSON, or `-` for standard input) through the same load path
as the editor: size and nesting limits, format and version checks, migration, typing, repair.
Prints what was repaired or ignored, each with its JSON path.

Options:
  --json      Print the result as JSON: {\"valid\", \"warnings\": [{path, code, message, sentence}], ...}
  -h, --help  Show this help

Exit status: 0 the file loads (warnings allowed), 1 it does not, 2 usage error.
";

const LINT_HELP: &str = "\
Usage: stageline lint FILE [--json]

Runs the blueprint checks on FILE (`-` for standard input) and prints the findings, errors
first. Checks listed in the blueprint's settings.disabled_checks are skipped.

Options:
  --json      Print {\"findings\": [{code, severity, message, cards, connections, stages}],
              \"summary\": {errors, warnings, infos}, \"load_warnings\": [...]}
  --checks    List every check (code, severity, title, explanation) and exit
  -h, --help  Show this help

Exit status: 0 no finding of severity error, 1 errors found or the file does not load,
2 usage error.
";

const METRICS_HELP: &str = "\
Usage: stageline metrics FILE [--json]

Measures FILE (`-` for standard input) per stage and end to end: critical-path time through
the arrows (waits and arrow latencies included, parallel work counted once, feedback arrows
ignored, remaining cycles broken and reported) against the stage targets; arrows, handoffs
and line crossings; the mix of actor types among service steps; the customer's emotions; the
orchestration: each stage's level (all manual, IVR and routing, natural-language bots, virtual
agents with copilots, automation first) and the arrows between automation and people (the rule
is in docs/orchestration.md).

Options:
  --json      Print the full metrics as JSON (durations in seconds), with an `orchestration`
              object: {stages, end_to_end}, each with actors, front, back, level, handoffs
  -h, --help  Show this help

Exit status: 0 success, 1 the file does not load, 2 usage error.
";

const RENDER_HELP: &str = "\
Usage: stageline render FILE [-o OUT.svg] [--lanes PRESET] [--hide IDS] [--fail] [--dim]
                       [--orchestration]

Draws FILE (`-` for standard input) as a standalone SVG, the same picture as the editor's
SVG export: lanes coloured by kind, stage headers with time against target, the three lines,
cards with fail point, wait and emotion markers, arrows with line-crossing dots. The audience
options draw what one audience sees, as the viewer does.

Options:
  -o, --output OUT  Where to write the SVG (default `-`, standard output)
  --lanes PRESET    Show only the lanes of a preset: everyone, customer-facing (evidence,
                    customer, frontstage), executives (customer, frontstage), operations
                    (all but evidence)
  --hide IDS        Hide these lanes too (lane IDs separated by commas)
  --fail            Highlight fail points
  --dim             Dim everything below the line of visibility
  --orchestration   Draw the orchestration band under the stage headers (per stage, the
                    steps by actor type, front and back of house, the level and handoffs;
                    docs/orchestration.md) and mark arrows between automation and people
  -h, --help        Show this help

Exit status: 0 success, 1 the file does not load or cannot be written, 2 usage error.
";

/// `convert`'s help, with the CSV columns from [`cards_csv::COLUMNS`].
fn convert_help() -> String {
    let mut columns = String::new();
    for name in cards_csv::COLUMNS {
        let about = cards_csv::column_help(name);
        columns.push_str(&format!("  {name:<24}{about}\n"));
    }
    format!(
        "\
Usage: stageline convert FILE.json [-o OUT.csv]
       stageline convert FILE.csv [--into BASE.json] [--title TITLE] [-o OUT.json]

Converts between a blueprint and a CSV of its cards (one row per card, for spreadsheets).
The direction follows --from, else FILE's extension (`.csv` reads CSV, anything else JSON).

JSON to CSV writes one row per card in document order (arrows, KPIs, notes, links and the
other card fields not listed below are not exported).

CSV to JSON builds a blueprint: rows become cards in row order; lanes and stages are matched
by ID or by name (ignoring case) and created when missing (new lanes go below the last lane
of their zone, new stages at the end). With --into, the cards of BASE.json are replaced: a
row whose `id` names an existing card updates that card's listed fields and keeps the others
(KPIs, notes, links...), other existing cards are removed with their arrows. Without --into a
new blueprint is made. Text cells that a spreadsheet would run as a formula (starting with
= + - @) are written with a leading ' which is removed again on reading.

Options:
  -o, --output OUT   Where to write (default `-`, standard output)
  --from json|csv    The input format (needed for CSV on standard input)
  --into BASE.json   CSV to JSON: update this blueprint instead of making a new one
  --title TITLE      CSV to JSON without --into: the new blueprint's title
  -h, --help         Show this help

CSV columns (header row required, names ignore case, any order; only lane and stage are
required; unknown columns are reported and ignored):
{columns}
Exit status: 0 success, 1 an invalid file or row, 2 usage error.
"
    )
}

/// The help text of one of this module's commands, if `command` is one.
pub fn help(command: &str) -> Option<String> {
    Some(match command {
        "validate" => VALIDATE_HELP.to_string(),
        "lint" => LINT_HELP.to_string(),
        "metrics" => METRICS_HELP.to_string(),
        "render" => RENDER_HELP.to_string(),
        "convert" => convert_help(),
        _ => return None,
    })
}

/// `stageline validate`.
pub fn validate(args: Vec<OsString>) -> CliResult {
    let Some((opts, file)) = start("validate", VALIDATE_HELP, args, &["--json"])? else {
        return Ok(());
    };
    let loaded = load(&file, opts.json)?;
    let doc = &loaded.blueprint;
    if opts.json {
        let out = json!({
            "valid": true,
            "migrated_from": loaded.migrated_from,
            "kind": doc.metadata.kind.map(Named::json_name),
            "derived_from": doc.metadata.derived_from,
            "warnings": warnings_json(&loaded),
            "counts": {
                "stages": doc.stages.len(),
                "lanes": doc.lanes.len(),
                "cards": doc.cards.len(),
                "connections": doc.connections.len(),
            },
        });
        outln!("{}", pretty(&out));
        return Ok(());
    }
    for w in &loaded.warnings {
        outln!("{}", warning_line(w));
    }
    if let Some(v) = loaded.migrated_from {
        outln!("note: migrated from schema version {v}");
    }
    outln!(
        "{}: valid blueprint ({} stages, {} lanes, {} cards, {} connections; {} warning{})",
        display_name(&file),
        doc.stages.len(),
        doc.lanes.len(),
        doc.cards.len(),
        doc.connections.len(),
        loaded.warnings.len(),
        if loaded.warnings.len() == 1 { "" } else { "s" }
    );
    print_about(doc);
    Ok(())
}

/// What the blueprint shows and where it was copied from, as one line, when it says either
/// (`about: To be · Derived from “Hotel stay” (v3)`).
fn print_about(doc: &stageline_schema::Blueprint) {
    let about = doc.metadata.about();
    if !about.is_empty() {
        outln!("about: {}", crate::io::terminal_safe(&about));
    }
}

fn display_name(file: &str) -> &str {
    if file == "-" {
        "<stdin>"
    } else {
        file
    }
}

/// `stageline lint`.
pub fn lint(args: Vec<OsString>) -> CliResult {
    let Some((opts, file)) = start("lint", LINT_HELP, args, &["--json", "--checks"])? else {
        return Ok(());
    };
    if opts.list_checks {
        if opts.json {
            outln!("{}", pretty(&checks::CHECKS));
        } else {
            for c in checks::CHECKS {
                outln!("{:<40} {:<8} {}", c.code, c.severity, c.title);
                outln!("{:<40} {}", "", c.explanation);
            }
        }
        return Ok(());
    }
    let loaded = load(&file, opts.json)?;
    let doc = &loaded.blueprint;
    let findings = checks::run_checks(doc);
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if opts.json {
        let out = json!({
            "findings": findings,
            "summary": { "errors": errors, "warnings": warnings, "infos": infos },
            "load_warnings": warnings_json(&loaded),
        });
        outln!("{}", pretty(&out));
    } else {
        print_load_warnings(&loaded);
        for f in &findings {
            outln!("{}", finding_line(f));
        }
        outln!(
            "{}: {errors} error{}, {warnings} warning{}, {infos} info",
            display_name(&file),
            plural(errors),
            plural(warnings)
        );
    }
    if errors > 0 {
        Err(Failure::Failed(String::new()))
    } else {
        Ok(())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn finding_line(f: &Finding) -> String {
    let mut refs: Vec<String> = f.cards.iter().map(|c| c.to_string()).collect();
    refs.extend(f.connections.iter().map(|c| c.to_string()));
    if f.cards.is_empty() {
        refs.extend(f.stages.iter().map(|s| s.to_string()));
    }
    format!(
        "{}[{}] {} ({})",
        f.severity,
        f.code,
        crate::io::terminal_safe(&f.message),
        refs.join(", ")
    )
}

/// `stageline metrics`.
pub fn metrics(args: Vec<OsString>) -> CliResult {
    let Some((opts, file)) = start("metrics", METRICS_HELP, args, &["--json"])? else {
        return Ok(());
    };
    let loaded = load(&file, opts.json)?;
    let m = metrics::compute(&loaded.blueprint);
    let o = orchestrate(&loaded.blueprint);
    if opts.json {
        let mut v = serde_json::to_value(&m).unwrap_or_default();
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "orchestration".to_string(),
                serde_json::to_value(&o).unwrap_or_default(),
            );
        }
        outln!("{}", pretty(&v));
    } else {
        print_load_warnings(&loaded);
        print_about(&loaded.blueprint);
        out!("{}", metrics_table(&m));
        out!("{}", orchestration_text(&loaded.blueprint, &o));
    }
    Ok(())
}

fn time_cells(t: &Timing) -> [String; 3] {
    let status = match t.status {
        SlaStatus::NoTarget => "-",
        SlaStatus::Within => "ok",
        SlaStatus::Over => "OVER",
    };
    [
        format_duration(t.critical_path_secs),
        t.target_secs.map_or("-".to_string(), format_duration),
        status.to_string(),
    ]
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The share of steps an actor type performs, for the metrics table's actor columns.
fn actor_share(shares: &metrics::ActorShares, actor: ActorType) -> f64 {
    match actor {
        ActorType::Human => shares.human,
        ActorType::IvrBot => shares.ivr_bot,
        ActorType::VirtualAgent => shares.virtual_agent,
        ActorType::HumanWithCopilot => shares.human_with_copilot,
    }
}

/// The metrics as a text table, one row per stage and one end to end; the actor columns are
/// headed by the schema's actor-type labels.
fn metrics_table(m: &JourneyMetrics) -> String {
    let mut header: Vec<String> = [
        "Stage", "Time", "Target", "SLA", "Arrows", "Handoffs", "Int", "Vis", "IntInt",
    ]
    .map(str::to_string)
    .to_vec();
    header.extend(ActorType::ALL.iter().map(|a| a.label().to_string()));
    header.extend(["Unknown".to_string(), "Emotion".to_string()]);
    let columns = header.len();
    let mut rows: Vec<Vec<String>> = vec![header];
    let row = |name: String,
               time: &Timing,
               flow: &metrics::Flow,
               actors: &metrics::ActorMix,
               emotion: String| {
        let [t, target, status] = time_cells(time);
        let mut cells = vec![
            name,
            t,
            target,
            status,
            flow.arrows.to_string(),
            flow.handoffs.to_string(),
            flow.interaction.to_string(),
            flow.visibility.to_string(),
            flow.internal_interaction.to_string(),
        ];
        cells.extend(
            ActorType::ALL
                .iter()
                .map(|&a| percent(actor_share(&actors.shares, a))),
        );
        cells.extend([percent(actors.shares.unknown), emotion]);
        cells
    };
    for s in &m.stages {
        let curve: Vec<String> = s
            .emotions
            .iter()
            .map(|p| format!("{:+}", p.emotion))
            .collect();
        let name: String = crate::io::terminal_safe(&s.name).chars().take(24).collect();
        rows.push(row(name, &s.time, &s.flow, &s.actors, curve.join(" ")));
    }
    let e = &m.end_to_end;
    rows.push(row(
        "End to end".to_string(),
        &e.time,
        &e.flow,
        &e.actors,
        String::new(),
    ));
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "\nStages over target: {}. Int/Vis/IntInt: arrows crossing the line of interaction, \
         visibility, internal interaction. Actor shares are of service steps.\n",
        e.stages_over_target
    ));
    if !m.broken_cycles.is_empty() {
        let ids: Vec<String> = m.broken_cycles.iter().map(|c| c.to_string()).collect();
        out.push_str(&format!(
            "Cycles not marked as feedback: ignored arrows {} for timing.\n",
            ids.join(", ")
        ));
    }
    if !m.backward_arrows.is_empty() {
        let ids: Vec<String> = m.backward_arrows.iter().map(|c| c.to_string()).collect();
        out.push_str(&format!(
            "Arrows to an earlier stage (ignored for timing): {}.\n",
            ids.join(", ")
        ));
    }
    out
}

/// The orchestration section of `stageline metrics`: one line per stage and end to end with
/// the counts, front and back of house and the level, then the handoffs between automation
/// and people, one per line.
fn orchestration_text(doc: &stageline_schema::Blueprint, o: &JourneyOrchestration) -> String {
    let line = |name: &str, x: &Orchestration| {
        let counts = orchestration::mix_parts(&x.actors);
        let counts = if counts.is_empty() {
            "no service steps".to_string()
        } else {
            counts.join(", ")
        };
        format!(
            "  {name}: {}; front {}, back {}; {counts}\n",
            orchestration::level_label(x.level),
            x.front.total,
            x.back.total,
        )
    };
    let mut out = String::from("\nOrchestration (service steps; rule in docs/orchestration.md):\n");
    for s in &o.stages {
        out.push_str(&line(&crate::io::terminal_safe(&s.name), &s.orchestration));
    }
    out.push_str(&line("End to end", &o.end_to_end));
    let title = |id: &stageline_schema::CardId| {
        let t = doc.card(id).map_or("", |c| c.title.as_str());
        crate::io::terminal_safe(t).into_owned()
    };
    if o.end_to_end.handoffs.is_empty() {
        out.push_str("No arrows between automation and people.\n");
    } else {
        out.push_str(&format!(
            "Arrows between automation and people: {} (to people {}, to automation {}):\n",
            o.end_to_end.handoffs.len(),
            o.end_to_end.handoffs_to_people(),
            o.end_to_end.handoffs_to_automation(),
        ));
        for s in &o.stages {
            for h in &s.orchestration.handoffs {
                out.push_str(&format!(
                    "  {}: \u{201c}{}\u{201d} \u{2192} \u{201c}{}\u{201d} ({}{})\n",
                    crate::io::terminal_safe(&s.name),
                    title(&h.from),
                    title(&h.to),
                    h.kind.label(),
                    if h.two_way { ", both ways" } else { "" },
                ));
            }
        }
    }
    out
}

/// `stageline render`.
pub fn render(args: Vec<OsString>) -> CliResult {
    let Some((opts, file)) = start(
        "render",
        RENDER_HELP,
        args,
        &[
            "--output",
            "--lanes",
            "--hide",
            "--fail",
            "--dim",
            "--orchestration",
        ],
    )?
    else {
        return Ok(());
    };
    let loaded = load(&file, false)?;
    print_load_warnings(&loaded);
    let filter = opts.audience.filter(&loaded.blueprint)?;
    let options = stageline_core::svg::PictureOptions {
        orchestration_band: opts.orchestration,
    };
    let svg = stageline_core::svg::render_with(&loaded.blueprint, &filter, options);
    write_output(opts.output.as_deref().unwrap_or("-"), svg.as_bytes())
}

/// `stageline convert`.
pub fn convert(args: Vec<OsString>) -> CliResult {
    let Some((opts, file)) = start(
        "convert",
        &convert_help(),
        args,
        &["--output", "--from", "--into", "--title"],
    )?
    else {
        return Ok(());
    };
    let from_csv = match opts.from.as_deref() {
        Some("csv") => true,
        Some("json") => false,
        Some(other) => {
            return Err(Failure::Usage(format!(
                "--from takes `json` or `csv`, found `{other}`"
            )))
        }
        None => file.to_ascii_lowercase().ends_with(".csv"),
    };
    let output = opts.output.as_deref().unwrap_or("-");
    if !from_csv {
        if opts.into.is_some() || opts.title.is_some() {
            return Err(Failure::Usage(
                "--into and --title apply when converting CSV to JSON".into(),
            ));
        }
        let loaded = load(&file, false)?;
        print_load_warnings(&loaded);
        let csv = cards_csv::to_csv(&loaded.blueprint).map_err(Failure::Failed)?;
        return write_output(output, &csv);
    }
    let bytes = read_input(&file)?;
    let base = match &opts.into {
        Some(path) => {
            let loaded = load(path, false)?;
            print_load_warnings(&loaded);
            Some(loaded.blueprint)
        }
        None => None,
    };
    let title = opts.title.clone().unwrap_or_else(|| default_title(&file));
    let imported = cards_csv::from_csv(&bytes, base, &title, now()).map_err(Failure::Failed)?;
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
    let json = stageline_schema::to_json_pretty(&imported.blueprint);
    // The result goes through the load path once, and what it repaired is what is written:
    // exactly the document the editor would open, with the repairs reported.
    let loaded = stageline_schema::load_str(&json)
        .map_err(|e| Failure::Failed(format!("the converted blueprint does not load: {e}")))?;
    print_load_warnings(&loaded);
    let repaired = stageline_schema::to_json_pretty(&loaded.blueprint);
    write_output(output, repaired.as_bytes())
}

fn default_title(file: &str) -> String {
    std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| *s != "-" && !s.is_empty())
        .map_or_else(|| "Imported cards".to_string(), str::to_string)
}

fn now() -> stageline_schema::Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_millis()).ok())
        .unwrap_or(0);
    stageline_schema::Timestamp::from_unix_millis(millis)
        .unwrap_or(stageline_schema::Timestamp::UNIX_EPOCH)
}
