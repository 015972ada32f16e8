//! The command line's options: one parser for every command (each says which options it
//! takes), and the audience options that `render` and `share` have in common
//! (`stageline_core::audience`).

use std::ffi::OsString;

use lexopt::ValueExt;
use stageline_core::audience::{AudienceFilter, Preset};
use stageline_schema::{Blueprint, LaneId};

use crate::io::out;
use crate::io::Failure;

/// The options any command may take; each command says which it accepts.
#[derive(Default)]
pub(crate) struct Opts {
    pub(crate) file: Option<String>,
    /// The second FILE, for commands that take two (`diff`: the new version).
    pub(crate) second: Option<String>,
    pub(crate) json: bool,
    pub(crate) list_checks: bool,
    pub(crate) output: Option<String>,
    pub(crate) from: Option<String>,
    pub(crate) into: Option<String>,
    pub(crate) title: Option<String>,
    /// Draw the orchestration band (`render --orchestration`).
    pub(crate) orchestration: bool,
    /// Audience filter and share-link options (`share`, `render`).
    pub(crate) audience: AudienceOpts,
    pub(crate) help: bool,
}

/// Parses `args` for `command`, which accepts the options in `accepts` (and a second FILE when
/// it lists `SECOND`).
fn parse(command: &str, args: Vec<OsString>, accepts: &[&str]) -> Result<Opts, Failure> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut opts = Opts::default();
    let allowed = |name: &str| -> Result<(), Failure> {
        if accepts.contains(&name) {
            Ok(())
        } else {
            Err(Failure::Usage(format!(
                "`{command}` does not take the option {name}"
            )))
        }
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => opts.help = true,
            Long("json") => {
                allowed("--json")?;
                opts.json = true;
            }
            Long("checks") => {
                allowed("--checks")?;
                opts.list_checks = true;
            }
            Short('o') | Long("output") => {
                allowed("--output")?;
                opts.output = Some(parser.value()?.string()?);
            }
            Long("from") => {
                allowed("--from")?;
                opts.from = Some(parser.value()?.string()?);
            }
            Long("into") => {
                allowed("--into")?;
                opts.into = Some(parser.value()?.string()?);
            }
            Long("title") => {
                allowed("--title")?;
                opts.title = Some(parser.value()?.string()?);
            }
            Long("orchestration") => {
                allowed("--orchestration")?;
                opts.orchestration = true;
            }
            Long(name @ ("lanes" | "hide" | "fail" | "dim" | "base")) => {
                let name = name.to_string();
                allowed(&format!("--{name}"))?;
                opts.audience.set(&name, &mut parser)?;
            }
            Value(v) if opts.file.is_none() => opts.file = Some(v.string()?),
            Value(v) if accepts.contains(&"SECOND") && opts.second.is_none() => {
                opts.second = Some(v.string()?);
            }
            Value(v) => {
                return Err(Failure::Usage(format!(
                    "`{command}` takes one FILE; unexpected {:?}",
                    v.to_string_lossy()
                )))
            }
            other => return Err(other.unexpected().into()),
        }
    }
    Ok(opts)
}

/// Parses the options, handles `--help` (printing `help`), and returns them with the FILE
/// argument.
pub(crate) fn start(
    command: &str,
    help: &str,
    args: Vec<OsString>,
    accepts: &[&str],
) -> Result<Option<(Opts, String)>, Failure> {
    let opts = parse(command, args, accepts)?;
    if opts.help {
        out!("{help}");
        return Ok(None);
    }
    if opts.list_checks {
        return Ok(Some((opts, String::new())));
    }
    let file = opts.file.clone().ok_or_else(|| {
        Failure::Usage(format!(
            "`{command}` needs a FILE (use `-` for standard input)"
        ))
    })?;
    Ok(Some((opts, file)))
}

/// The audience and link options as given on the command line.
#[derive(Debug, Default)]
pub(crate) struct AudienceOpts {
    lanes: Option<String>,
    hide: Vec<String>,
    fail: bool,
    dim: bool,
    /// `--base`: where Stageline is served, for `share`'s link.
    pub(crate) base: Option<String>,
}

impl AudienceOpts {
    /// Records `--{name}` (one of lanes, hide, fail, dim, base), reading its value if it has
    /// one.
    pub(crate) fn set(&mut self, name: &str, parser: &mut lexopt::Parser) -> Result<(), Failure> {
        match name {
            "fail" => self.fail = true,
            "dim" => self.dim = true,
            "lanes" => self.lanes = Some(parser.value()?.string()?),
            "base" => self.base = Some(parser.value()?.string()?),
            _ => {
                let ids = parser.value()?.string()?;
                self.hide
                    .extend(ids.split(',').filter(|s| !s.is_empty()).map(str::to_string));
            }
        }
        Ok(())
    }

    /// The filter these options ask for; lane IDs `doc` lacks are reported on standard error.
    pub(crate) fn filter(&self, doc: &Blueprint) -> Result<AudienceFilter, Failure> {
        let preset = match &self.lanes {
            None => Preset::Everyone,
            Some(code) => Preset::from_code(code).ok_or_else(|| {
                let names: Vec<&str> = Preset::ALL.iter().map(|p| p.code()).collect();
                Failure::Usage(format!(
                    "unknown lane preset `{code}`; expected one of {}",
                    names.join(", ")
                ))
            })?,
        };
        let mut filter = AudienceFilter {
            preset,
            highlight_fail_points: self.fail,
            dim_below_visibility: self.dim,
            ..AudienceFilter::default()
        };
        for id in &self.hide {
            let lane = LaneId::new(id.as_str())
                .map_err(|e| Failure::Usage(format!("--hide: `{id}` is not a lane ID: {e}")))?;
            if doc.lane(&lane).is_none() {
                eprintln!("warning: --hide: the blueprint has no lane `{id}`; ignored");
                continue;
            }
            filter.hidden.insert(lane);
        }
        Ok(filter)
    }
}
