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

/// Writes a whole output: a file, or standard output for `-`.
pub fn write_output(path: &str, data: &[u8]) -> CliResult {
    let result = if path == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(data).and_then(|()| out.flush())
    } else {
        std::fs::write(path, data)
    };
    result.map_err(|e| Failure::Failed(format!("cannot write {}: {e}", display_path(path))))
}

/// How messages name a path.
pub fn display_path(path: &str) -> String {
    if path == "-" {
        "standard input/output".to_string()
    } else {
        format!("`{path}`")
    }
}
