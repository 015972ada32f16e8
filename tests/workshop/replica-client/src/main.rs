//! A workshop participant for tests: Stageline's own engine ([`stageline_collab::Replica`])
//! joined to a room of the real workshop server over a plain WebSocket, driven line by line.
//!
//! ```text
//! replica-client <room WebSocket URL> <client ID> seed <blueprint.json> | join
//! ```
//!
//! `seed` makes this participant the room's creator (it seeds the room with the blueprint);
//! `join` starts empty and waits for the room's state. Commands arrive on stdin as JSON lines,
//! events leave on stdout as JSON lines:
//!
//! | command | event |
//! |---|---|
//! | (none: on start) | `{"event":"synced"}` once the server's state has arrived |
//! | `{"cmd":"presence","name":N,"color":C}` | `{"event":"presence_sent"}` |
//! | `{"cmd":"dump"}` | `{"event":"doc","doc":<blueprint>,"warnings":[...],"peers":[names]}` |
//! | `{"cmd":"set_card_title","card":ID,"title":T}` | `{"event":"committed","sent":bool}` |
//! | `{"cmd":"state"}` | `{"event":"state","bytes":"1,2,..."}`: `encode_state()`, for debugging |
//! | `{"cmd":"close"}` | `{"event":"closed"}`, then the process exits |
//!
//! Every message from the server goes through `Replica::on_message` and its replies go back;
//! each document change prints `{"event":"changed"}`. Errors print `{"event":"error",...}`
//! and exit with status 1.

use std::io::{BufRead, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use stageline_collab::{Presence, Replica};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn emit(event: Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{event}");
    let _ = out.flush();
}

fn fail(message: String) -> ! {
    emit(json!({ "event": "error", "message": message }));
    std::process::exit(1);
}

fn send(socket: &mut WebSocket<MaybeTlsStream<TcpStream>>, bytes: Vec<u8>) {
    if let Err(e) = socket.send(Message::binary(bytes)) {
        fail(format!("cannot send: {e}"));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        fail("usage: replica-client <room url> <client id> seed <file> | join".into());
    }
    let client_id: u64 = args[2]
        .parse()
        .unwrap_or_else(|_| fail("the client ID must be a number".into()));
    let mut replica = match (args[3].as_str(), args.get(4)) {
        ("seed", Some(file)) => {
            let text = std::fs::read_to_string(file)
                .unwrap_or_else(|e| fail(format!("cannot read {file}: {e}")));
            let loaded = stageline_schema::load_str(&text)
                .unwrap_or_else(|e| fail(format!("{file} does not load: {e}")));
            Replica::seed(&loaded.blueprint, client_id, now_ms)
        }
        ("join", None) => Replica::empty(client_id, now_ms),
        _ => fail("the mode is `seed <file>` or `join`".into()),
    };

    let (mut socket, _) =
        tungstenite::connect(&args[1]).unwrap_or_else(|e| fail(format!("cannot connect: {e}")));
    if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
        // Short reads, so commands are handled between messages.
        let _ = stream.set_read_timeout(Some(Duration::from_millis(10)));
    }
    for m in replica.on_open() {
        send(&mut socket, m);
    }

    let (commands, inbox) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if commands.send(line).is_err() {
                break;
            }
        }
    });

    loop {
        match socket.read() {
            Ok(Message::Binary(bytes)) => match replica.on_message(&bytes) {
                Ok(reaction) => {
                    for reply in reaction.replies {
                        send(&mut socket, reply);
                    }
                    if reaction.synced_now {
                        emit(json!({ "event": "synced" }));
                    }
                    if reaction.doc_changed {
                        emit(json!({ "event": "changed" }));
                    }
                }
                Err(e) => emit(json!({ "event": "refused", "message": e.to_string() })),
            },
            Ok(Message::Close(_)) => fail("the server closed the connection".into()),
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => fail(format!("connection lost: {e}")),
        }
        while let Ok(line) = inbox.try_recv() {
            let cmd: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| fail(format!("bad command {line:?}: {e}")));
            match cmd["cmd"].as_str() {
                Some("presence") => {
                    let presence = Presence {
                        name: cmd["name"].as_str().unwrap_or("").to_string(),
                        color: cmd["color"].as_str().unwrap_or("#000000").to_string(),
                        ..Presence::default()
                    };
                    if let Some(m) = replica.set_presence(&presence) {
                        send(&mut socket, m);
                    }
                    emit(json!({ "event": "presence_sent" }));
                }
                Some("dump") => match replica.materialize() {
                    Ok(loaded) => {
                        let doc: Value = serde_json::from_str(&stageline_schema::to_json_compact(
                            &loaded.blueprint,
                        ))
                        .unwrap_or(Value::Null);
                        let warnings: Vec<String> =
                            loaded.warnings.iter().map(|w| w.to_string()).collect();
                        let peers: Vec<String> = replica
                            .peers()
                            .into_iter()
                            .map(|p| p.presence.name)
                            .collect();
                        emit(
                            json!({ "event": "doc", "doc": doc, "warnings": warnings, "peers": peers }),
                        );
                    }
                    Err(e) => emit(json!({ "event": "no_doc", "message": e.to_string() })),
                },
                Some("set_card_title") => {
                    let before = replica
                        .materialize()
                        .unwrap_or_else(|e| fail(format!("no document to edit: {e}")))
                        .blueprint;
                    let mut after = before.clone();
                    let card = cmd["card"].as_str().unwrap_or("");
                    let Some(c) = after.cards.iter_mut().find(|c| c.id.as_str() == card) else {
                        fail(format!("no card {card}"));
                    };
                    c.title = cmd["title"].as_str().unwrap_or("").to_string();
                    let message = replica.commit_local(&before, &after, "Edit title");
                    let sent = message.is_some();
                    if let Some(m) = message {
                        send(&mut socket, m);
                    }
                    emit(json!({ "event": "committed", "sent": sent }));
                }
                Some("state") => {
                    let state: Vec<String> = replica
                        .encode_state()
                        .iter()
                        .map(|b| b.to_string())
                        .collect();
                    emit(json!({ "event": "state", "bytes": state.join(",") }));
                }
                Some("close") => {
                    if let Some(m) = replica.leave() {
                        send(&mut socket, m);
                    }
                    let _ = socket.close(None);
                    let _ = socket.flush();
                    emit(json!({ "event": "closed" }));
                    return;
                }
                _ => fail(format!("unknown command {line:?}")),
            }
        }
    }
}
