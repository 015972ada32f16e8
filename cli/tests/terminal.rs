//! The CLI as a good citizen of a terminal and a pipeline: a reader that goes away (`| head`)
//! ends it quietly, and text from a blueprint cannot reorder what the terminal shows.

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stageline"))
}

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../public/examples")
        .join(name)
}

/// Runs the CLI with its standard output a pipe whose reading end is already closed, so the
/// first write fails with a broken pipe (deterministically, whatever the output's size).
fn run_into_closed_pipe(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    bin()
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("the CLI runs")
}

#[test]
fn a_closed_pipe_ends_each_command_quietly() {
    let hotel = example("hotel-stay.json");
    let hotel = hotel.to_str().expect("a UTF-8 path");
    for args in [
        vec!["metrics", "--json", hotel],
        vec!["metrics", hotel],
        vec!["lint", hotel],
        vec!["validate", hotel],
        vec!["render", hotel, "-o", "-"],
        vec!["--help"],
    ] {
        let out = run_into_closed_pipe(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?} complained about the closed pipe: {stderr}"
        );
        assert!(
            out.status.success(),
            "{args:?} ended with {:?}: {stderr}",
            out.status
        );
    }
}

/// Writes the hotel example with `edit` applied to a temporary file and runs the CLI on it.
fn run_on_edited_hotel(args: &[&str], edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let text = std::fs::read_to_string(example("hotel-stay.json")).expect("the example");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    edit(&mut doc);
    let dir = std::env::temp_dir().join(format!(
        "stageline-bidi-{}-{}",
        std::process::id(),
        args.join("-")
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bidi.json");
    std::fs::write(&file, serde_json::to_string(&doc).expect("JSON")).expect("written");
    let out = bin().args(args).arg(&file).output().expect("the CLI runs");
    std::fs::remove_dir_all(&dir).ok();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn lint_shows_bidirectional_controls_in_card_titles_escaped() {
    // "Porter greets and takes bags" is named in a finding of the hotel example: give it a
    // title that would flip the rest of the line on a terminal.
    let stdout = run_on_edited_hotel(&["lint"], |doc| {
        let cards = doc["cards"].as_array_mut().expect("cards");
        let porter = cards
            .iter_mut()
            .find(|c| c["title"] == "Porter greets and takes bags")
            .expect("the porter's card");
        porter["title"] = serde_json::Value::from("Porter \u{202e}sgab sekat");
    });
    assert!(
        stdout.contains("Porter"),
        "the finding is missing: {stdout}"
    );
    assert!(
        !stdout.contains('\u{202e}'),
        "raw bidi control in: {stdout}"
    );
    assert!(
        stdout.contains("Porter \\u{202e}sgab sekat"),
        "not escaped in: {stdout}"
    );
}

#[test]
fn the_metrics_table_shows_bidirectional_controls_in_stage_names_escaped() {
    let stdout = run_on_edited_hotel(&["metrics"], |doc| {
        doc["stages"]
            .as_array_mut()
            .and_then(|stages| stages.first_mut())
            .expect("a stage")["name"] = serde_json::Value::from("Arrive \u{2067}x");
    });
    assert!(
        !stdout.contains('\u{2067}'),
        "raw bidi control in: {stdout}"
    );
    assert!(
        stdout.contains("Arrive \\u{2067}x"),
        "not escaped in: {stdout}"
    );
}
