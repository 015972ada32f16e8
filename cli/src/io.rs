//! Input, output and failure of a command: what every command module shares.

use std::io::{Read, Write};

/// Why a command failed; decides the exit status.
#[derive(Debug)]
pub enum Failure {
    /// The command line is wrong (exit 2).
    Usage(String),
    /// The input is invalid, the lint found errors, or I/O failed (exit 1); the message has
    /// already been printed when empty.
    Failed(String),
    /// Trouble in a command whose status 1 means something else (`diff`: the files differ),
    /// such as a file that does not load (exit 2); the message names the file.
    Trouble(String),
}

impl From<lexopt::Error> for Failure {
    fn from(e: lexopt::Error) -> Failure {
        Failure::Usage(e.to_string())
    }
}

/// The result of a command.
pub type CliResult = Result<(), Failure>;

/// Reads a whole input: a file, or standard input for `-`. At most one byte more than a
/// blueprint may have is read, so the loader reports a too-large file without reading it all.
pub fn read_input(path: &str) -> Result<Vec<u8>, Failure> {
    let limit = stageline_schema::MAX_INPUT_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    match result {
        Ok(_) => Ok(bytes),
        Err(e) => Err(Failure::Failed(format!(
            "cannot read {}: {e}",
            display_path(path)
        ))),
    }
}

/// Writes text to standard output. When the reader has gone away (`stageline metrics --json
/// FILE | head`), the program ends quietly with success, as Unix tools do, instead of
/// panicking on the closed pipe; other write errors end it with status 1.
pub fn print_out(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("stageline: cannot write standard output: {e}");
        std::process::exit(1);
    }
}

/// `print!` through [`print_out`]: a closed pipe ends the program quietly.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::io::print_out(format_args!($($arg)*))
    };
}

/// `println!` through [`print_out`]: a closed pipe ends the program quietly.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::io::print_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {out, outln};

/// Text from a blueprint made safe for a terminal: bidirectional controls (which can reorder
/// what the terminal shows, as in "Trojan Source"), other invisible format characters and
/// control characters are shown escaped as `\u{202e}`; everything else is left as it is.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            safe.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            safe.push(c);
        }
    }
    std::borrow::Cow::Owned(safe)
}

/// Writes a whole output: a file, or standard output for `-`.
pub fn write_output(path: &str, data: &[u8]) -> CliResult {
    let result = if path == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(data).and_then(|()| out.flush())
    } else {
        std::fs::write(path, data)
    };
    match result {
        // The reader of standard output went away (`| head`): nothing more to say.
        Err(e) if path == "-" && e.kind() == std::io::ErrorKind::BrokenPipe => {
            std::process::exit(0)
        }
        other => {
            other.map_err(|e| Failure::Failed(format!("cannot write {}: {e}", display_path(path))))
        }
    }
}

/// How messages name a path.
pub fn display_path(path: &str) -> String {
    if path == "-" {
        "standard input/output".to_string()
    } else {
        format!("`{path}`")
    }
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn bidi_and_control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(terminal_safe("Check in"), "Check in");
        assert_eq!(terminal_safe("Pay \u{202e}txt.exe"), "Pay \\u{202e}txt.exe");
        assert_eq!(terminal_safe("a\u{2066}b\u{2069}"), "a\\u{2066}b\\u{2069}");
        assert_eq!(terminal_safe("bell\u{7}"), "bell\\u{7}");
        assert_eq!(terminal_safe("Café ☕ 受付"), "Café ☕ 受付");
        assert_eq!(terminal_safe("two\nlines"), "two\nlines");
    }
}
