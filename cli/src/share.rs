//! `stageline share` and `stageline open-link`: read-only links with the whole blueprint in
//! the URL fragment (`stageline_core::share`).

use stageline_core::share::{is_long, ShareLink, LONG_LINK_CHARS};

use crate::args::start;
use crate::io::{read_input, write_output, CliResult, Failure};
use crate::loading::{load, print_load_warnings, warning_line};

/// The help text of `stageline share`.
pub const SHARE_HELP: &str = "\
Usage: stageline share FILE [--base URL] [--lanes PRESET] [--hide IDS] [--fail] [--dim]

Prints a read-only link to FILE (`-` for standard input): the blueprint, compressed, in the
link's fragment (`#/view/...`), which browsers never send to a server. Whoever opens it sees
the blueprint in Stageline's viewer and can make an editable copy; the original never
changes. The link's length goes to standard error, with a warning above 8000 characters,
where chat and email tools may cut links (share the JSON file instead; it opens in view mode
from the home view).

Options:
  --base URL      Where Stageline is served, e.g. https://example.org/stageline/ (default:
                  none; only the fragment is printed)
  --lanes PRESET  Open with the lanes of a preset: everyone, customer-facing, executives,
                  operations
  --hide IDS      Open with these lanes hidden too (lane IDs separated by commas)
  --fail          Open with fail points highlighted
  --dim           Open with everything below the line of visibility dimmed
  -h, --help      Show this help

Exit status: 0 success, 1 the file does not load, 2 usage error.
";

/// The help text of `stageline open-link`.
pub const OPEN_LINK_HELP: &str = "\
Usage: stageline open-link LINK [-o OUT.json]

Recovers the blueprint from a read-only link (a whole URL, or its `#/view/...` fragment; `-`
reads the link from standard input) and writes it as pretty JSON, through the same checks as
the viewer: size limit on decompression, format and version checks, repair. What was
repaired and the link's audience filter go to standard error.

Options:
  -o, --output OUT  Where to write the JSON (default `-`, standard output)
  -h, --help        Show this help

Exit status: 0 success, 1 the link is damaged or holds no valid blueprint, 2 usage error.
";

/// `stageline share`.
pub fn share(args: Vec<std::ffi::OsString>) -> CliResult {
    let accepts = ["--base", "--lanes", "--hide", "--fail", "--dim"];
    let Some((opts, file)) = start("share", SHARE_HELP, args, &accepts)? else {
        return Ok(());
    };
    let loaded = load(&file, false)?;
    print_load_warnings(&loaded);
    let filter = opts.audience.filter(&loaded.blueprint)?;
    let base = opts.audience.base.as_deref().unwrap_or("");
    let link = ShareLink::new(loaded.blueprint, filter).to_url(base);
    write_output("-", format!("{link}\n").as_bytes())?;
    eprintln!("The link is {} characters long.", link.len());
    if is_long(&link) {
        eprintln!(
            "warning: the link is longer than {LONG_LINK_CHARS} characters; chat and email tools \
             may cut it. Share the JSON file instead: anyone can open it in view mode from \
             Stageline's home view."
        );
    }
    Ok(())
}

/// `stageline open-link`.
pub fn open_link(args: Vec<std::ffi::OsString>) -> CliResult {
    let Some((opts, arg)) = start("open-link", OPEN_LINK_HELP, args, &["--output"])? else {
        return Ok(());
    };
    let link = if arg == "-" {
        String::from_utf8_lossy(&read_input("-")?).into_owned()
    } else {
        arg
    };
    let opened = ShareLink::parse_fragment(&link)
        .map_err(|e| Failure::Failed(format!("the link cannot be opened: {e}")))?;
    for w in &opened.warnings {
        eprintln!("{}", warning_line(w));
    }
    if let Some(v) = opened.migrated_from {
        eprintln!("note: migrated from schema version {v}");
    }
    if let Some(e) = &opened.filter_error {
        eprintln!("warning: the link's audience filter was ignored: {e}");
    } else if !opened.link.filter.is_default() {
        eprintln!(
            "note: the link opens with the audience filter {}",
            opened.link.filter.to_query()
        );
    }
    let json = stageline_schema::to_json_pretty(&opened.link.blueprint);
    write_output(opts.output.as_deref().unwrap_or("-"), json.as_bytes())
}
