//! `stageline share`, `open-link` and `render`'s audience options, run as a process.

mod support;

use std::path::{Path, PathBuf};

use support::{code, run, run_stdin, s, scratch, stderr, stdout};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../public/examples")
        .join(name)
}

/// The canonical pretty JSON of a file, as the load path reads it.
fn canonical(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("reads");
    let doc = stageline_schema::load_str(&text).expect("loads").blueprint;
    stageline_schema::to_json_pretty(&doc)
}

#[test]
fn share_and_open_link_round_trip_the_examples() {
    for name in [
        "hotel-stay.json",
        "pharmacy-prescription.json",
        "bank-loan.json",
    ] {
        let file = example(name);
        let o = run(&[
            "share",
            s(&file),
            "--base",
            "https://example.org/stageline/",
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let link = stdout(&o).trim_end().to_string();
        assert!(
            link.starts_with("https://example.org/stageline/#/view/1"),
            "{link}"
        );
        assert!(
            stderr(&o).contains(&format!("The link is {} characters long.", link.len())),
            "{}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));

        let o = run(&["open-link", &link]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(stdout(&o), canonical(&file), "{name}");

        // From standard input, the fragment alone, with a trailing newline.
        let fragment = &link[link.find('#').expect("fragment")..];
        let o = run_stdin(&["open-link", "-"], format!("{fragment}\n").as_bytes());
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(stdout(&o), canonical(&file));
    }
}

#[test]
fn share_carries_the_audience_filter_and_writes_files() {
    let dir = scratch("share-filter");
    let file = example("bank-loan.json");
    let o = run(&[
        "share",
        s(&file),
        "--lanes",
        "executives",
        "--fail",
        "--dim",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let link = stdout(&o).trim_end().to_string();
    assert!(link.starts_with("#/view/1"), "no base: the fragment alone");
    assert!(link.ends_with("?lanes=executives&fail=1&dim=1"), "{link}");
    let out = dir.join("back.json");
    let o = run(&["open-link", &link, "-o", s(&out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("lanes=executives&fail=1&dim=1"));
    assert_eq!(
        std::fs::read_to_string(&out).expect("written"),
        canonical(&file)
    );

    // Unknown presets are usage errors; unknown lanes a warning.
    let o = run(&["share", s(&file), "--lanes", "board"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("customer-facing"), "{}", stderr(&o));
    let o = run(&["share", s(&file), "--hide", "ln_nowhere"]);
    assert_eq!(code(&o), 0);
    assert!(stderr(&o).contains("no lane `ln_nowhere`"));
    assert!(!stdout(&o).contains('?'));
    let o = run(&["share", s(&file), "--hide", "<bad>"]);
    assert_eq!(code(&o), 2);
    let o = run(&["share", s(&file), "--json"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn long_links_warn() {
    let dir = scratch("share-long");
    let big = dir.join("big.json");
    let o = run(&["generate", "--cards", "300", "-o", s(&big)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(&["share", s(&big)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).len() > 8_000);
    assert!(
        stderr(&o).contains("longer than 8000 characters"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("JSON file"));
    // It still round-trips.
    let link = stdout(&o);
    let o = run_stdin(&["open-link", "-"], link.as_bytes());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), canonical(&big));
}

#[test]
fn hostile_links_fail_cleanly() {
    let file = example("hotel-stay.json");
    let link = stdout(&run(&["share", s(&file)])).trim_end().to_string();
    let cases: [(String, &str); 6] = [
        ("hello".into(), "not a Stageline view link"),
        ("#/view/".into(), "holds no blueprint"),
        (link.replacen("#/view/1", "#/view/9", 1), "link format '9'"),
        (link[..link.len() / 2].to_string(), "cut off"),
        (format!("{link}<script>"), "damaged"),
        ("#/view/1AAAA".into(), "cannot be opened"),
    ];
    for (bad, expected) in cases {
        let o = run(&["open-link", &bad]);
        assert_eq!(code(&o), 1, "{bad}");
        assert!(stdout(&o).is_empty());
        assert!(stderr(&o).contains(expected), "{bad}: {}", stderr(&o));
    }
    assert_eq!(code(&run(&["open-link"])), 2);
}

#[test]
fn render_draws_what_an_audience_sees() {
    let file = example("bank-loan.json");
    let count_cards = |svg: &str| {
        roxmltree::Document::parse(svg)
            .expect("xml")
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("rx") == Some("6"))
            .count()
    };
    let all = stdout(&run(&["render", s(&file)]));
    let o = run(&[
        "render",
        s(&file),
        "--lanes",
        "customer-facing",
        "--fail",
        "--dim",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let some = stdout(&o);
    assert!(count_cards(&some) < count_cards(&all));
    assert!(some.contains("fail-highlight"));
    let o = run(&["render", s(&file), "--lanes", "nobody"]);
    assert_eq!(code(&o), 2);
    for cmd in ["share", "open-link"] {
        let o = run(&[cmd, "--help"]);
        assert_eq!(code(&o), 0);
        assert!(stdout(&o).starts_with("Usage: stageline"), "{cmd}");
        assert_eq!(code(&run(&["help", cmd])), 0);
    }
}
