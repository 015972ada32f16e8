//! `stageline diff` as a process: equal, different, JSON and trouble, with `diff`'s statuses.

mod support;

use std::path::{Path, PathBuf};

use support::{code, run, s, scratch, stderr, stdout};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/examples/hotel-stay.json")
}

/// A copy of the example with its first stage renamed and one card's actor type changed.
fn edited(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(example()).expect("example");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    doc["stages"][0]["name"] = "Booking".into();
    let cards = doc["cards"].as_array_mut().expect("cards");
    let card = cards
        .iter_mut()
        .find(|c| c["kind"] == "touchpoint")
        .expect("a touchpoint");
    card["actor_type"] = "virtual_agent".into();
    let path = dir.join("to-be.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).expect("json")).expect("writes");
    path
}

#[test]
fn equal_files_exit_0_and_say_so() {
    let e = example();
    let o = run(&["diff", s(&e), s(&e)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("are the same blueprint"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn different_files_exit_1_and_list_the_changes_then_the_deltas() {
    let dir = scratch("diff-different");
    let (a, b) = (example(), edited(&dir));
    let o = run(&["diff", s(&a), s(&b)]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Stage renamed: \"Book\" → \"Booking\""),
        "{out}"
    );
    assert!(out.contains("actor_type (none) → Virtual agent"), "{out}");
    assert!(out.contains("What it does:"), "{out}");
    assert!(out.contains("Virtual agent 0 → 1"), "{out}");
}

#[test]
fn json_has_the_format_the_version_and_the_deltas() {
    let dir = scratch("diff-json");
    let (a, b) = (example(), edited(&dir));
    let o = run(&["diff", s(&a), s(&b), "--json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["format"], "stageline.diff");
    assert_eq!(v["version"], 1);
    assert_eq!(v["equal"], false);
    assert_eq!(v["stages"]["renamed"][0]["new_name"], "Booking");
    assert!(v["deltas"]["end_to_end"]["new"]["critical_path_secs"].is_u64());
    let o = run(&["diff", s(&a), s(&a), "--json"]);
    assert_eq!(code(&o), 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["equal"], true);
}

#[test]
fn trouble_exits_2_naming_the_file() {
    let dir = scratch("diff-trouble");
    let missing = dir.join("missing.json");
    let o = run(&["diff", s(&example()), s(&missing)]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("missing.json"), "{}", stderr(&o));
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{ not json").expect("writes");
    let o = run(&["diff", s(&bad), s(&example())]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("bad.json"), "{}", stderr(&o));
    let o = run(&["diff", s(&example())]);
    assert_eq!(code(&o), 2, "one file is a usage error");
    let o = run(&["diff", "a", "b", "c"]);
    assert_eq!(code(&o), 2, "three files are a usage error");
}

#[test]
fn one_side_may_come_from_standard_input_and_the_help_lists_diff() {
    let e = example();
    let text = std::fs::read(&e).expect("example");
    let o = support::run_stdin(&["diff", s(&e), "-"], &text);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(&["diff", "-", "-"]);
    assert_eq!(code(&o), 2, "both from standard input is a usage error");
    let help = stdout(&run(&["--help"]));
    assert!(help.contains("diff OLD NEW [--json]"), "{help}");
    let o = run(&["diff", "--help"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("Exit status: 0 the blueprints are the same, 1 they differ"));
}

#[test]
fn the_deltas_name_the_orchestration_level_before_and_after() {
    let dir = scratch("diff-orchestration");
    let text = std::fs::read_to_string(example()).expect("example");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    // The as-is: the first stage's service steps by people, the first by an IVR.
    let first = doc["stages"][0]["id"].clone();
    let service: Vec<serde_json::Value> = doc["lanes"]
        .as_array()
        .expect("lanes")
        .iter()
        .filter(|l| {
            ["frontstage", "backstage", "support", "system"]
                .contains(&l["kind"].as_str().unwrap_or(""))
        })
        .map(|l| l["id"].clone())
        .collect();
    let is_service = |c: &serde_json::Value| {
        c["stage"] == first
            && service.contains(&c["lane"])
            && ["touchpoint", "action", "system"].contains(&c["kind"].as_str().unwrap_or(""))
    };
    let mut steps = 0;
    for c in doc["cards"].as_array_mut().expect("cards") {
        if is_service(c) {
            c["actor_type"] = if steps == 0 { "ivr_bot" } else { "human" }.into();
            steps += 1;
        }
    }
    assert!(steps >= 2, "the example's first stage has service steps");
    let old = dir.join("as-is.json");
    std::fs::write(&old, doc.to_string()).expect("writes");
    // The to-be: all of them by a virtual agent.
    for c in doc["cards"].as_array_mut().expect("cards") {
        if is_service(c) {
            c["actor_type"] = "virtual_agent".into();
        }
    }
    let new = dir.join("to-be.json");
    std::fs::write(&new, doc.to_string()).expect("writes");
    let o = run(&["diff", s(&old), s(&new)]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.contains("; level IVR and routing → Automation first")),
        "{out}"
    );
    let o = run(&["diff", s(&old), s(&new), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["deltas"]["stages"][0]["old"]["level"], "ivr_routing");
    assert_eq!(v["deltas"]["stages"][0]["new"]["level"], "automation_first");
}
