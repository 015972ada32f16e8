//! The `stageline` binary, run as a process on the shipped examples and on broken files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stageline"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("runs")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("writes");
    child.wait_with_output().expect("waits")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name().is_some_and(|n| n != "index.json")
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 3);
    files
}

/// A scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

const FAILING: &str = r#"{
  "format": "stageline.blueprint", "schema_version": 1, "id": "bp_x",
  "metadata": { "title": "Broken promises" },
  "stages": [ { "id": "st_a", "name": "A" } ],
  "lanes": [ { "id": "ln_c", "kind": "customer", "name": "Customer" },
             { "id": "ln_b", "kind": "backstage", "name": "Back" } ],
  "cards": [ { "id": "cd_1", "lane": "ln_c", "stage": "st_a", "kind": "action", "title": "Asks" },
             { "id": "cd_2", "lane": "ln_b", "stage": "st_a", "kind": "action", "title": "Breaks",
               "fail_point": { "risk": "high" } } ],
  "unknown_field": 1
}"#;

#[test]
fn help_and_usage_errors() {
    let o = run(&["--help"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("validate FILE"));
    for cmd in ["validate", "lint", "metrics", "render", "convert"] {
        let o = run(&[cmd, "--help"]);
        assert_eq!(code(&o), 0, "{cmd}");
        assert!(stdout(&o).starts_with("Usage: stageline"), "{cmd}");
        let o = run(&["help", cmd]);
        assert_eq!(code(&o), 0);
    }
    assert!(stdout(&run(&["convert", "--help"])).contains("fail_point_escalation"));
    assert_eq!(code(&run(&[])), 2);
    assert_eq!(code(&run(&["frobnicate"])), 2);
    assert_eq!(code(&run(&["validate"])), 2);
    assert_eq!(code(&run(&["lint", "a.json", "b.json"])), 2);
    let o = run(&["render", "x.json", "--json"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("does not take"));
    assert_eq!(code(&run(&["render", "x.json", "-o"])), 2);
    assert_eq!(code(&run(&["convert", "x.json", "--from", "xml"])), 2);
}

#[test]
fn validate_examples_and_broken_files() {
    for file in examples() {
        let o = run(&["validate", s(&file)]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(stdout(&o).contains("valid blueprint"));
        let o = run(&["validate", s(&file), "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(v["valid"], true);
    }
    let dir = scratch("validate");
    let warn = dir.join("warn.json");
    std::fs::write(&warn, FAILING).expect("write");
    let o = run(&["validate", s(&warn)]);
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o).contains("warning[unknown_field] unknown_field:"),
        "{}",
        stdout(&o)
    );

    let truncated = dir.join("truncated.json");
    std::fs::write(&truncated, &FAILING[..100]).expect("write");
    let o = run(&["validate", s(&truncated)]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("truncated"), "{}", stderr(&o));
    let o = run(&["validate", s(&truncated), "--json"]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["valid"], false);
    assert_eq!(v["error"]["code"], "truncated");

    let o = run(&["validate", s(&dir.join("missing.json"))]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("cannot read"));

    for bad in [&b"\xff\xfe"[..], b"[]", b"{\"format\": \"other\"}", b""] {
        let o = run_stdin(&["validate", "-"], bad);
        assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(bad));
        assert!(!stderr(&o).contains("panicked"));
    }
    let o = run_stdin(&["validate", "-"], FAILING.as_bytes());
    assert_eq!(code(&o), 0);
}

#[test]
fn lint_examples_and_errors() {
    for file in examples() {
        let o = run(&["lint", s(&file)]);
        assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).contains("0 errors"));
        let o = run(&["lint", s(&file), "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(v["summary"]["errors"], 0);
        assert!(v["findings"].is_array());
    }
    let o = run_stdin(&["lint", "-"], FAILING.as_bytes());
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(
        out.contains("error[fail-point-without-owner-or-escalation]"),
        "{out}"
    );
    assert!(out.contains("1 error,"));
    let o = run_stdin(&["lint", "-", "--json"], FAILING.as_bytes());
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["findings"][0]["severity"], "error");
    assert_eq!(v["findings"][0]["cards"][0], "cd_2");
    assert_eq!(v["load_warnings"][0]["code"], "unknown_field");
    let sentence = v["load_warnings"][0]["sentence"]
        .as_str()
        .unwrap_or_default();
    assert!(
        sentence.starts_with("The field “unknown_field” of the blueprint ")
            && sentence.ends_with('.'),
        "{sentence}"
    );

    // Disabling the check in the blueprint makes the lint pass.
    let disabled = FAILING.replace(
        "\"unknown_field\": 1",
        "\"settings\": { \"disabled_checks\": [\"fail-point-without-owner-or-escalation\"] }",
    );
    let o = run_stdin(&["lint", "-"], disabled.as_bytes());
    assert_eq!(code(&o), 0, "{}", stdout(&o));

    let o = run(&["lint", "--checks", "--json"]);
    assert_eq!(code(&o), 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(9));

    let o = run_stdin(&["lint", "-"], b"{");
    assert_eq!(code(&o), 1);
}

#[test]
fn metrics_text_and_json() {
    for file in examples() {
        let o = run(&["metrics", s(&file)]);
        assert_eq!(code(&o), 0);
        assert!(stdout(&o).contains("End to end"));
        let o = run(&["metrics", s(&file), "--json"]);
        assert_eq!(code(&o), 0);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert!(v["end_to_end"]["time"]["critical_path_secs"].as_u64() > Some(0));
        assert_eq!(v["stages"].as_array().map(Vec::len), Some(5));
    }
    assert_eq!(code(&run_stdin(&["metrics", "-"], b"nope")), 1);
}

#[test]
fn render_writes_svg() {
    let dir = scratch("render");
    for file in examples() {
        let out = dir.join("out.svg");
        let o = run(&["render", s(&file), "-o", s(&out)]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let svg = std::fs::read_to_string(&out).expect("svg written");
        roxmltree::Document::parse(&svg).expect("well-formed");
        let doc = stageline_schema::load_str(&std::fs::read_to_string(&file).expect("read"))
            .expect("loads")
            .blueprint;
        assert_eq!(
            svg,
            stageline_core::svg::render(&doc),
            "same picture as the app"
        );
    }
    let o = run_stdin(&["render", "-"], FAILING.as_bytes());
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).starts_with("<svg"));
    let o = run(&[
        "render",
        s(&examples()[0]),
        "-o",
        s(&dir.join("no/such/dir/x.svg")),
    ]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("cannot write"));
}

#[test]
fn render_draws_the_orchestration_band_when_asked() {
    let dir = scratch("render-band");
    let file = &examples()[0];
    let out = dir.join("band.svg");
    let o = run(&["render", s(file), "--orchestration", "-o", s(&out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let svg = std::fs::read_to_string(&out).expect("svg written");
    roxmltree::Document::parse(&svg).expect("well-formed");
    let doc = stageline_schema::load_str(&std::fs::read_to_string(file).expect("read"))
        .expect("loads")
        .blueprint;
    let options = stageline_core::svg::PictureOptions {
        orchestration_band: true,
    };
    let same = stageline_core::svg::render_with(&doc, &Default::default(), options);
    assert_eq!(svg, same, "same picture as the app with its band on");
    assert_eq!(
        svg.matches(r#"<g class="orchestration__cell""#).count(),
        doc.stages.len()
    );
    let plain = run(&["render", s(file)]);
    assert!(!stdout(&plain).contains("orchestration__cell"));
    // Only `render` takes it.
    assert_eq!(code(&run(&["metrics", s(file), "--orchestration"])), 2);
}

#[test]
fn convert_round_trips_through_csv() {
    let dir = scratch("convert");
    for file in examples() {
        let csv = dir.join("cards.csv");
        let o = run(&["convert", s(&file), "-o", s(&csv)]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let text = std::fs::read_to_string(&csv).expect("csv");
        let original = stageline_schema::load_str(&std::fs::read_to_string(&file).expect("read"))
            .expect("loads")
            .blueprint;
        assert_eq!(text.lines().count(), original.cards.len() + 1);
        assert!(text.starts_with("id,lane,lane_kind,stage,title,"));

        // Into the original: the same cards, arrows and everything else kept.
        let back = dir.join("back.json");
        let o = run(&["convert", s(&csv), "--into", s(&file), "-o", s(&back)]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let merged = stageline_schema::load_str(&std::fs::read_to_string(&back).expect("json"))
            .expect("loads")
            .blueprint;
        assert_eq!(merged.cards, original.cards);
        assert_eq!(merged.connections, original.connections);
        assert_eq!(merged.lanes, original.lanes);
        assert_eq!(merged.stages, original.stages);

        // A new blueprint: lanes and stages made from the names, cards in the same cells.
        let fresh = dir.join("fresh.json");
        let o = run(&["convert", s(&csv), "--title", "From CSV", "-o", s(&fresh)]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let made = stageline_schema::load_str(&std::fs::read_to_string(&fresh).expect("json"))
            .expect("loads")
            .blueprint;
        assert_eq!(made.metadata.title, "From CSV");
        assert_eq!(made.cards.len(), original.cards.len());
        assert_eq!(made.stages.len(), original.stages.len());
        let used_lanes = original
            .lanes
            .iter()
            .filter(|l| original.cards.iter().any(|c| c.lane == l.id))
            .count();
        assert_eq!(made.lanes.len(), used_lanes);
        assert_eq!(made.lines().len(), original.lines().len());
        for (a, b) in made.cards.iter().zip(&original.cards) {
            assert_eq!((&a.id, &a.title, a.emotion), (&b.id, &b.title, b.emotion));
            assert_eq!(a.fail_point, b.fail_point);
        }
    }
}

#[test]
fn csv_to_json_creates_lanes_and_reports_bad_rows() {
    let csv = "\
Title,Lane,Stage,lane_kind,emotion,tags,Fail_Point_Risk,wait_before_secs,extra
Orders,Guest,Order,customer,1,first; happy,,60,x
Cooks,Kitchen,Order,backstage,,,high,,
=SUM(A1),Guest,Pay,,-1,,,,
";
    let o = run_stdin(&["convert", "-", "--from", "csv"], csv.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("ignored unknown CSV column \"extra\""));
    let doc = stageline_schema::load_str(&stdout(&o))
        .expect("loads")
        .blueprint;
    assert_eq!(doc.stages.len(), 2);
    let kinds: Vec<_> = doc.lanes.iter().map(|l| l.kind).collect();
    use stageline_schema::LaneKind;
    assert_eq!(kinds, vec![LaneKind::Customer, LaneKind::Backstage]);
    assert_eq!(doc.cards[0].tags, vec!["first", "happy"]);
    assert_eq!(doc.cards[0].wait_before_secs, Some(60));
    assert!(doc.cards[1].fail_point.is_some());
    assert_eq!(doc.cards[2].title, "=SUM(A1)");
    // The same CSV gives the same IDs.
    let again = run_stdin(&["convert", "-", "--from", "csv"], csv.as_bytes());
    let doc2 = stageline_schema::load_str(&stdout(&again))
        .expect("loads")
        .blueprint;
    assert_eq!(doc.cards, doc2.cards);

    // Formula-looking text is protected in CSV and read back unchanged.
    let dir = scratch("csv-protect");
    let json = dir.join("doc.json");
    std::fs::write(&json, stdout(&o)).expect("write");
    let o = run(&["convert", s(&json)]);
    assert!(stdout(&o).contains(",'=SUM(A1),"), "{}", stdout(&o));

    for (bad, needle) in [
        ("title,stage\nx,y\n", "no `lane` column"),
        ("lane,stage,emotion\nGuest,A,5\n", "row 2, column `emotion`"),
        (
            "lane,stage,typical_duration_secs\nGuest,A,ten\n",
            "whole seconds",
        ),
        ("lane,stage,kind\nGuest,A,dance\n", "column `kind`"),
        ("lane,stage\n,A\n", "needs a lane"),
        ("lane,stage,id\nG,A,cd_1\nG,A,cd_1\n", "earlier row"),
        ("lane,stage,id\nG,A,bad id!\n", "column `id`"),
        ("lane,stage,fail_point_owner\nG,A,Bob\n", "needs a risk"),
        ("lane,stage\nG,A,extra\n", "row"),
        ("lane,lane,stage\n", "twice"),
    ] {
        let o = run_stdin(&["convert", "-", "--from", "csv"], bad.as_bytes());
        assert_eq!(code(&o), 1, "{bad}");
        assert!(stderr(&o).contains(needle), "{bad}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
    let o = run_stdin(&["convert", "-", "--from", "csv"], b"\xff,\xfe\n");
    assert_eq!(code(&o), 1);
}

#[test]
fn generate_is_deterministic_and_validates_cleanly() {
    let dir = scratch("generate");
    let a = dir.join("a.json");
    let o = run(&["generate", "--cards", "250", "--seed", "9", "-o", s(&a)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(&["generate", "--cards", "250", "--seed", "9"]);
    assert_eq!(code(&o), 0);
    assert_eq!(std::fs::read(&a).expect("read"), o.stdout);
    let o = run(&["validate", s(&a), "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["valid"], true);
    assert_eq!(v["warnings"].as_array().map(Vec::len), Some(0), "{v}");
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&a).expect("read")).expect("json");
    assert_eq!(doc["cards"].as_array().map(Vec::len), Some(250));
    assert_eq!(doc["stages"].as_array().map(Vec::len), Some(12));
    assert_eq!(doc["lanes"].as_array().map(Vec::len), Some(7));
    assert_eq!(doc["connections"].as_array().map(Vec::len), Some(375));
    let other = run(&["generate", "--cards", "250", "--seed", "10"]);
    assert_ne!(other.stdout, std::fs::read(&a).expect("read"));

    assert!(stdout(&run(&["generate", "--help"])).starts_with("Usage: stageline generate"));
    assert!(stdout(&run(&["help", "generate"])).contains("--cards N"));
    assert_eq!(code(&run(&["generate"])), 2);
    assert_eq!(code(&run(&["generate", "--cards", "many"])), 2);
    assert_eq!(code(&run(&["generate", "--cards", "1000000"])), 2);
    assert_eq!(code(&run(&["generate", "--cards", "5", "extra"])), 2);
}

#[test]
fn what_a_blueprint_shows_and_its_origin_are_printed() {
    let doc = r#"{
      "format": "stageline.blueprint", "schema_version": 2, "id": "bp_tobe",
      "metadata": { "title": "Hotel to be", "kind": "to_be",
                    "derived_from": { "blueprint": "bp_asis", "title": "Hotel\u001b[31m as is",
                                      "version": "v3" } },
      "stages": [ { "id": "st_a", "name": "A" } ],
      "lanes": [ { "id": "ln_c", "kind": "customer", "name": "Customer" } ]
    }"#;
    let o = run_stdin(&["validate", "-"], doc.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    // The document's text is printed without its control characters.
    let about = out
        .lines()
        .find(|l| l.starts_with("about: "))
        .expect("an about line");
    assert!(
        about.starts_with("about: To be · Derived from “Hotel"),
        "{about}"
    );
    assert!(
        about.ends_with("as is” (v3)") && !about.contains('\u{1b}'),
        "{about}"
    );
    let o = run_stdin(&["metrics", "-"], doc.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().next(), Some(about));
    // The JSON report names both by their JSON names.
    let o = run_stdin(&["validate", "--json", "-"], doc.as_bytes());
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(report["kind"], "to_be");
    assert_eq!(report["derived_from"]["blueprint"], "bp_asis");
    assert_eq!(report["derived_from"]["version"], "v3");
    // A blueprint that says neither prints no such line.
    let mut plain: serde_json::Value = serde_json::from_str(doc).expect("JSON");
    for key in ["kind", "derived_from"] {
        plain["metadata"].as_object_mut().map(|m| m.remove(key));
    }
    let plain = plain.to_string();
    let o = run_stdin(&["validate", "-"], plain.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!stdout(&o).contains("about:"), "{}", stdout(&o));
}

/// A check-in stage where a virtual agent hands over to a person with a copilot and triggers
/// a back-office approval, and a stage with one untyped step.
const ORCHESTRATED: &str = r#"{
  "format": "stageline.blueprint", "schema_version": 1, "id": "bp_o",
  "metadata": { "title": "Orchestrated" },
  "stages": [ { "id": "st_a", "name": "Check in" }, { "id": "st_b", "name": "Stay" } ],
  "lanes": [ { "id": "ln_f", "kind": "frontstage", "name": "Front" },
             { "id": "ln_b", "kind": "backstage", "name": "Back" } ],
  "cards": [
    { "id": "cd_1", "lane": "ln_f", "stage": "st_a", "kind": "action", "title": "Bot greets", "actor_type": "virtual_agent" },
    { "id": "cd_2", "lane": "ln_f", "stage": "st_a", "kind": "action", "title": "Bot checks ID", "actor_type": "virtual_agent" },
    { "id": "cd_3", "lane": "ln_f", "stage": "st_a", "kind": "action", "title": "Agent helps", "actor_type": "human_with_copilot" },
    { "id": "cd_4", "lane": "ln_b", "stage": "st_a", "kind": "action", "title": "Manager approves", "actor_type": "human" },
    { "id": "cd_5", "lane": "ln_b", "stage": "st_b", "kind": "action", "title": "Cleans" }
  ],
  "connections": [
    { "id": "cn_1", "from": "cd_2", "to": "cd_3", "kind": "handoff" },
    { "id": "cn_2", "from": "cd_1", "to": "cd_4", "kind": "handoff" },
    { "id": "cn_3", "from": "cd_1", "to": "cd_2", "kind": "handoff" }
  ]
}"#;

#[test]
fn metrics_print_the_orchestration_level_and_handoffs() {
    let o = run_stdin(&["metrics", "-"], ORCHESTRATED.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(
            "  Check in: Virtual agents with copilots; front 3, back 1; human 1, virtual agent 2, \
             human + copilot 1\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  Stay: Not enough information; front 0, back 1; no actor type 1\n"),
        "{text}"
    );
    assert!(
        text.contains("Arrows between automation and people: 2 (to people 2, to automation 0)"),
        "{text}"
    );
    assert!(
        text.contains(
            "  Check in: \u{201c}Bot checks ID\u{201d} \u{2192} \u{201c}Agent helps\u{201d} \
             (Bot hands over to a person)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "\u{201c}Bot greets\u{201d} \u{2192} \u{201c}Manager approves\u{201d} (Automation \
             triggers a back-office step by a person)"
        ),
        "{text}"
    );

    let o = run_stdin(&["metrics", "-", "--json"], ORCHESTRATED.as_bytes());
    assert_eq!(code(&o), 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let orch = &v["orchestration"];
    assert_eq!(orch["stages"][0]["level"], "virtual_agents_with_copilots");
    assert_eq!(orch["stages"][0]["front"]["virtual_agent"], 2);
    assert_eq!(orch["stages"][0]["back"]["human"], 1);
    assert_eq!(orch["stages"][1]["level"], serde_json::Value::Null);
    let kinds: Vec<&str> = orch["end_to_end"]["handoffs"]
        .as_array()
        .expect("handoffs")
        .iter()
        .filter_map(|h| h["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["automation_to_person", "automation_to_back_office"]);
    // The metrics themselves are still there.
    assert_eq!(v["stages"].as_array().map(Vec::len), Some(2));
}
