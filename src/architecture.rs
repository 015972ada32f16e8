//! The app crate's architecture, checked from its sources: the modules that `src/` files
//! reference through `crate::…` paths form no cycle, and the layers point one way: views
//! (`components`, `pages`) import view-models, actions, interaction, state and storage,
//! never the other way round.
//!
//! A unit test of the app's binary rather than an integration test: an integration test would
//! make cargo build the app's binary into `target/debug/stageline`, where the CLI's binary of
//! the same name lives, and the CLI's process tests would then run the app.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file: `src/components/canvas/mod.rs` is
/// `components::canvas`, `src/main.rs` is the crate root (empty).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file
        .strip_prefix(src)
        .unwrap_or_else(|e| panic!("file under src: {e:?}"));
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "main" | "lib")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// The `crate::a::b::c` paths a source text names outside comments, as segment lists. A
/// `use crate::x::{a, b}` group names `x` (its items are within `x` or its children, which the
/// longest-prefix match below resolves from the braces' contents).
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(after.len());
            let path: Vec<String> = after[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            // `crate::x::{a, b}`: each of a, b may be a child module of x.
            if after[end..].starts_with('{') {
                let close = after[end..].find('}').map_or(after.len(), |c| end + c);
                for item in after[end + 1..close].split(',') {
                    let item: Vec<String> = item
                        .trim()
                        .split("::")
                        .map(|s| s.trim().trim_start_matches("self").to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                    let mut full = path.clone();
                    full.extend(item);
                    paths.push(full);
                }
            } else {
                paths.push(path);
            }
            rest = &after[end..];
        }
    }
    paths
}

/// The module graph of the app crate: each module and the modules it references.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    graph_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

/// The module graph of the crate whose sources are in `src`.
fn graph_of(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(src, f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let me = module_of(src, file);
        // This checker's own examples name modules in strings: it is no part of the graph.
        if me == "architecture" {
            continue;
        }
        let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("readable source: {e:?}"));
        let mut refs = BTreeSet::new();
        for path in crate_paths(&text) {
            // The longest prefix of the path that is a module of the crate.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|m| modules.contains(m));
            if let Some(target) = target {
                // A module naming its own children is its structure, not a dependency.
                let is_child = target.starts_with(&format!("{me}::")) || me.is_empty();
                if target != me && !is_child {
                    refs.insert(target);
                }
            }
        }
        graph.insert(me, refs);
    }
    graph
}

/// A cycle in `graph`, if there is one (as the list of modules around it).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, graph, state, stack) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(node, graph, &mut state, &mut stack) {
                return Some(cycle);
            }
        }
    }
    None
}

#[test]
fn the_app_modules_import_each_other_without_a_cycle() {
    let graph = graph();
    assert!(
        graph.len() > 20,
        "the scan found too few modules to mean anything: {:?}",
        graph.keys()
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn view_models_actions_state_and_storage_never_import_views() {
    let views = ["components", "pages", "app"];
    let below = [
        "actions",
        "view_model",
        "state",
        "interaction",
        "storage",
        "io",
        "route",
    ];
    let mut wrong = Vec::new();
    for (module, refs) in graph() {
        let top = module.split("::").next().unwrap_or("");
        if !below.contains(&top) {
            continue;
        }
        for target in refs {
            let target_top = target.split("::").next().unwrap_or("");
            if views.contains(&target_top) {
                wrong.push(format!("{module} -> {target}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports from below the views into them: {wrong:#?}"
    );
}

/// The checker itself finds a cycle and a path in braces (so the tests above can fail).
#[test]
fn the_checker_sees_cycles_and_grouped_imports() {
    let paths = crate_paths(
        "use crate::components::{canvas::CanvasCtx, card};\n// crate::pages::x in a comment\nlet a = crate::state::use_app();",
    );
    assert_eq!(
        paths,
        vec![
            vec![
                "components".to_string(),
                "canvas".into(),
                "CanvasCtx".into()
            ],
            vec!["components".to_string(), "card".into()],
            vec!["state".to_string(), "use_app".into()],
        ]
    );
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    g.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    g.insert("c".to_string(), BTreeSet::new());
    assert_eq!(find_cycle(&g), None);
}

/// The whole pipeline (files, modules, references, cycles) on a small tree with the kind of
/// cycle the app once had: a component and the canvas importing each other.
#[test]
fn the_checker_finds_a_cycle_between_files() {
    let dir = std::env::temp_dir().join(format!("stageline-arch-{}", std::process::id()));
    let components = dir.join("components");
    fs::create_dir_all(&components).unwrap_or_else(|e| panic!("temp dir: {e:?}"));
    let write = |path: PathBuf, text: &str| {
        fs::write(path, text).unwrap_or_else(|e| panic!("write: {e:?}"))
    };
    write(dir.join("main.rs"), "mod components;\nmod state;");
    write(dir.join("state.rs"), "pub struct AppState;");
    write(components.join("mod.rs"), "pub mod canvas;\npub mod card;");
    write(
        components.join("canvas.rs"),
        "use crate::components::card::CardView;\nuse crate::state::AppState;",
    );
    write(
        components.join("card.rs"),
        "use crate::components::canvas::{capture, CanvasCtx};",
    );
    let graph = graph_of(&dir);
    let cycle = find_cycle(&graph);
    fs::remove_dir_all(&dir).ok();
    assert_eq!(
        cycle,
        Some(vec![
            "components::canvas".to_string(),
            "components::card".into(),
            "components::canvas".into(),
        ])
    );
}

/// The length of a line without the text of its string literals: long messages may run on,
/// code may not.
fn code_width(line: &str) -> usize {
    let mut width = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                width += 1;
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        width += 1;
    }
    width
}

/// `view!` bodies are formatted like the rest of the code (rustfmt leaves them alone;
/// `leptosfmt src/` with the repository's `leptosfmt.toml` formats them): no line of the app
/// is wider than 100 characters outside its string literals.
#[test]
fn no_line_of_the_app_is_wider_than_rustfmt_allows() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wide = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("readable source: {e:?}"));
        for (n, line) in text.lines().enumerate() {
            if code_width(line) > 100 {
                wide.push(format!("{}:{}", file.display(), n + 1));
            }
        }
    }
    assert!(
        wide.is_empty(),
        "lines wider than 100 characters: {wide:#?}"
    );
    assert_eq!(code_width(r#"    let s = "a very long message";"#), 15);
    assert_eq!(code_width(&"x".repeat(101)), 101);
}
