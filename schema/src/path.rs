//! JSON paths in messages, written like `cards[3].emotion` (the root is the empty string).

use std::fmt::Write;

/// One step into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// Appends one segment to a path string.
pub(crate) fn push(out: &mut String, seg: &Seg) {
    match seg {
        Seg::Index(i) => {
            let _ = write!(out, "[{i}]");
        }
        Seg::Key(k)
            if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(k);
        }
        Seg::Key(k) => {
            let quoted = serde_json::to_string(k).unwrap_or_default();
            let _ = write!(out, "[{quoted}]");
        }
    }
}

/// Renders a list of segments.
pub(crate) fn render(segs: &[Seg]) -> String {
    let mut out = String::new();
    for seg in segs {
        push(&mut out, seg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_paths() {
        let segs = [
            Seg::Key("cards".into()),
            Seg::Index(3),
            Seg::Key("emotion".into()),
            Seg::Key("odd key".into()),
        ];
        assert_eq!(render(&segs), r#"cards[3].emotion["odd key"]"#);
        assert_eq!(render(&[Seg::Index(0)]), "[0]");
    }
}
