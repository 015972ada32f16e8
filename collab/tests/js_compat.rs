//! Byte compatibility with JavaScript Yjs: our seed update is read by Yjs, and a Yjs client's
//! sync step 2, update and awareness messages are read by the engine. Runs
//! `tests/js/yjs_roundtrip.mjs` with Node when `node` and the npm packages `yjs`,
//! `y-protocols` and `lib0` are installed (the repository's node_modules); skipped, saying so,
//! otherwise.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use stageline_collab::Replica;
use stageline_schema::{Blueprint, Card, CardKind, SeededIds, Timestamp};

fn now() -> u64 {
    1_000
}

fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
        }
        for _ in chunk.len()..3 {
            out.push('=');
        }
    }
    out
}

fn unb64(text: &str) -> Vec<u8> {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = A.iter().position(|&x| x == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn javascript_yjs_reads_ours_and_we_read_theirs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let have_modules = ["yjs", "y-protocols", "lib0"]
        .iter()
        .all(|m| root.join("node_modules").join(m).is_dir());
    let have_node = Command::new("node").arg("--version").output().is_ok();
    if !have_modules || !have_node {
        eprintln!("js_compat: skipped (needs node and the npm packages yjs, y-protocols, lib0)");
        return;
    }
    let mut doc = Blueprint::new_blank(
        &mut SeededIds::new(11),
        Timestamp::from_unix_millis(1_700_000_000_000).unwrap(),
        "Café à emporter",
    );
    for i in 0..2 {
        doc.cards.push(Card::new(
            &mut SeededIds::new(50 + i),
            doc.lanes[1].id.clone(),
            doc.stages[0].id.clone(),
            CardKind::Action,
            format!("Étape {i}"),
        ));
    }
    let ours = Replica::seed(&doc, 5, now);
    let mut child = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/yjs_roundtrip.mjs"))
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b64(&ours.encode_state()).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    // Yjs read our state: the layout, the text, the order.
    assert_eq!(v["fromRust"]["id"], doc.id.as_str());
    assert_eq!(v["fromRust"]["title"], "Café à emporter");
    let titles: Vec<&str> = v["fromRust"]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Étape 0", "Étape 1"]);

    // We read Yjs: a joiner syncing from the JavaScript client's step 2.
    let mut joiner = Replica::empty(6, now);
    joiner.on_open();
    let r = joiner
        .on_message(&unb64(v["step2"].as_str().unwrap()))
        .unwrap();
    assert!(r.synced_now && r.doc_changed);
    let loaded = joiner.materialize().unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let bp = loaded.blueprint;
    assert_eq!(bp.cards.len(), 3);
    assert_eq!(bp.cards[0].title, "Renamed in JavaScript");
    assert_eq!(bp.cards[0].typical_duration_secs, Some(90));
    assert_eq!(bp.cards[2].title, "Added in JavaScript");
    assert_eq!(bp.cards[2].emotion, Some(-1));

    // And the JavaScript client's update applies to our copy.
    let mut ours = ours;
    ours.on_message(&unb64(v["update"].as_str().unwrap()))
        .unwrap();
    assert_eq!(ours.materialize().unwrap().blueprint, bp);

    // Its awareness: name and colour by the convention (the colour lowercased, checked).
    let r = ours
        .on_message(&unb64(v["awareness"].as_str().unwrap()))
        .unwrap();
    assert!(r.presence_changed);
    let peers = ours.peers();
    assert_eq!(peers.len(), 1);
    assert_eq!(peers[0].client_id, v["clientID"].as_u64().unwrap());
    assert_eq!(peers[0].presence.name, "Jo");
    assert_eq!(peers[0].presence.color, "#ff0000");
    assert_eq!(peers[0].presence.pointer, Some((1.5, 2.0)));
}
