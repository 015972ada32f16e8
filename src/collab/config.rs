//! Which workshop server this copy of Stageline uses, as the build wrote it into the page:
//! `<meta name="stageline-workshop-server" content="ws://127.0.0.1:8081">` (the page's
//! Content-Security-Policy allows connections to exactly that server), and how a room's
//! WebSocket address is made from it: y-sweet's `/d/<room>/ws/<room>` unless the page says
//! otherwise with `<meta name="stageline-workshop-path" content="/{room}">` (the y-websocket
//! reference server's convention).

/// The server used when the page names none (the one `scripts/workshop-server` starts).
pub const DEFAULT_SERVER: &str = "ws://127.0.0.1:8081";
/// y-sweet's room path; `{room}` is replaced by the room ID.
pub const DEFAULT_PATH: &str = "/d/{room}/ws/{room}";

/// The workshop server this page may connect to.
pub fn server() -> String {
    meta("stageline-workshop-server").unwrap_or_else(|| DEFAULT_SERVER.to_string())
}

/// The WebSocket address of `room` on `server`.
pub fn room_url(server: &str, room: &str) -> String {
    let path = meta("stageline-workshop-path").unwrap_or_else(|| DEFAULT_PATH.to_string());
    join(server, &path, room)
}

/// `server` (without a trailing `/`) followed by `path` with every `{room}` replaced.
pub fn join(server: &str, path: &str, room: &str) -> String {
    let path = path.replace("{room}", room);
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    format!("{}{path}", server.trim_end_matches('/'))
}

fn meta(name: &str) -> Option<String> {
    let element = web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??;
    let content = element.get_attribute("content")?;
    let content = content.trim();
    (!content.is_empty()).then(|| content.to_string())
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn a_room_address_is_the_server_and_the_path_with_the_room() {
        assert_eq!(
            join("ws://127.0.0.1:8081", super::DEFAULT_PATH, "abc"),
            "ws://127.0.0.1:8081/d/abc/ws/abc"
        );
        assert_eq!(
            join("wss://x.example/", "/{room}", "abc"),
            "wss://x.example/abc"
        );
        assert_eq!(join("ws://h:1", "{room}", "r"), "ws://h:1/r");
    }
}
