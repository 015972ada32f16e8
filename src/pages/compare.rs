//! The comparison of two versions: of one blueprint (a version from its history and now, or two
//! versions) or of two blueprints (an as-is and its to-be). One read-only grid shows both, with
//! what was added, removed, moved and changed marked in colour, by a symbol and in words; a
//! filter shows only the changes; the list of changes (each a button that leads to the element)
//! and what the change does to time, handoffs, automation and checks sit beside it.
//!
//! The address names both sides, `#/compare/<old>/<new>`, each a blueprint ID with an
//! optional `@<version>` (none: the blueprint as it is now), so a comparison can be
//! bookmarked and reloaded. Opening it reads from local storage and writes nothing.

use std::sync::Arc;

use leptos::prelude::*;
use stageline_core::diff::compare::{compare, ChangeKind, Target};
use stageline_core::diff::{deltas, text};
use stageline_core::library::{file_name, title_or_untitled};
use stageline_core::nav::Focus;
use stageline_core::share::{is_long, ShareLink, LONG_LINK_CHARS};
use stageline_schema::Blueprint;

use crate::actions;
use crate::components::canvas::Canvas;
use crate::components::help::ShortcutSheet;
use crate::components::orchestration::OrchestrationToggle;
use crate::components::share::app_base;
use crate::components::toolbar::{Brand, SkipLink, ZoomButtons};
use crate::interaction::keys;
use crate::io::{copy_text, download};
use crate::pages::problem::Problem;
use crate::route::{Route, Side};
use crate::state::AppState;
use crate::storage::{library, local_time};
use crate::view_model::compare::{marks_css, CompareCtx};

/// A side's document and how to name it ("“Hotel stay”, now", "“Hotel stay”, As is (3 Dec…)").
fn load_side(side: &Side) -> Result<(Blueprint, String), String> {
    let mut lib = library();
    let doc = match &side.version {
        None => lib
            .open(&side.blueprint)
            .map(|o| o.blueprint)
            .map_err(|e| e.to_string())?,
        Some(v) => lib.version(&side.blueprint, v).map_err(|e| e.to_string())?,
    };
    let title = title_or_untitled(&doc).to_string();
    let when = match &side.version {
        None => "now".to_string(),
        Some(v) => {
            let meta = lib
                .versions(&side.blueprint)
                .ok()
                .and_then(|list| list.versions.into_iter().find(|m| &m.id == v));
            match meta {
                Some(m) => match m.name {
                    Some(name) => format!("{name} ({})", local_time(m.at)),
                    None => local_time(m.at),
                },
                None => format!("version {v}"),
            }
        }
    };
    Ok((doc, format!("“{title}”, {when}")))
}

/// The comparison page for everything after `#/compare/`.
#[component]
pub fn ComparePage(
    /// The address after `#/compare/`: `<old>/<new>`.
    rest: String,
) -> impl IntoView {
    let sides = rest
        .split_once('/')
        .and_then(|(a, b)| Some((Side::parse(a)?, Side::parse(b)?)));
    let Some((old_side, new_side)) = sides else {
        return view! {
            <Problem
                title="This comparison's address is not complete".to_string()
                detail=format!(
                    "“#/compare/{rest}” should name two blueprints, each with an optional version."
                )
            />
        }
        .into_any();
    };
    match (load_side(&old_side), load_side(&new_side)) {
        (Ok(old), Ok(new)) => {
            let preview = old_side == new_side;
            let back = Route::Blueprint(new_side.blueprint.clone()).to_hash();
            view! { <Comparing old=old new=new back=Some(back) preview=preview /> }.into_any()
        }
        (Err(e), _) | (_, Err(e)) => view! {
            <Problem title="One of the two versions cannot be opened".to_string() detail=e />
        }
        .into_any(),
    }
}

/// The comparison of two loaded documents with their names (the comparison page's, and the
/// read-only viewer's for a comparison link).
#[component]
pub fn Comparing(
    /// The old version and how to name it.
    old: (Blueprint, String),
    /// The new version and how to name it.
    new: (Blueprint, String),
    /// Where "Back to the blueprint" leads; `None` (a shared link) shows no such link.
    back: Option<String>,
    /// Both sides are the same version: a preview of it, without marks or changes.
    preview: bool,
) -> impl IntoView {
    let (old_doc, old_name) = old;
    let (new_doc, new_name) = new;
    let comparison = Arc::new(compare(&old_doc, &new_doc));
    let effects = text::describe_deltas(&deltas(&old_doc, &new_doc));
    let only_changes = RwSignal::new(false);
    provide_context(CompareCtx {
        comparison: comparison.clone(),
    });
    let app = AppState::new_read_only_with_band(comparison.doc.clone(), RwSignal::new(false));
    provide_context(app);
    crate::view_model::checks::provide_checks(app);
    keys::listen_on_window(app);
    let css = marks_css(&comparison);
    let share = {
        let (old_doc, new_doc) = (old_doc.clone(), new_doc.clone());
        move |_| {
            let link = ShareLink::comparing(old_doc.clone(), new_doc.clone(), Default::default())
                .to_url(&app_base());
            let long = is_long(&link);
            copy_text(link, move |r| {
                app.say(match r {
                    Ok(()) if long => format!(
                        "Link copied; it is over {LONG_LINK_CHARS} characters, and chat tools may cut it"
                    ),
                    Ok(()) => "Link to this comparison copied: it opens read-only, with the changes marked".into(),
                    Err(e) => format!("Could not copy: {e}"),
                })
            });
        }
    };
    let picture = {
        let comparison = comparison.clone();
        let (old_name, new_name) = (old_name.clone(), new_name.clone());
        move |_| {
            let options = stageline_core::svg::PictureOptions {
                orchestration_band: app.session.orchestration.get_untracked(),
            };
            let svg =
                stageline_core::svg::render_comparison(&comparison, &old_name, &new_name, options);
            let name = format!(
                "{}-comparison.svg",
                file_name(title_or_untitled(&comparison.doc)).trim_end_matches(".json")
            );
            match download(&name, &svg, "image/svg+xml") {
                Ok(()) => app.say(format!("Downloaded {name}")),
                Err(e) => app.say(format!("Could not download: {e}")),
            }
        }
    };
    // Matches made by name where IDs differ (two blueprints made apart) are said, once.
    let guesses = (!preview)
        .then(|| text::guesses(&comparison.diff))
        .flatten();
    let total = comparison.changes.len();
    let summary = if total == 0 {
        "No changes: the two versions are the same.".to_string()
    } else {
        let parts: Vec<String> = ChangeKind::ALL
            .iter()
            .map(|k| (k, comparison.count(*k)))
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {}", k.label().to_lowercase()))
            .collect();
        format!(
            "{total} {}: {}.",
            if total == 1 { "change" } else { "changes" },
            parts.join(", ")
        )
    };
    app.say(if preview {
        format!("Preview of {new_name}: read-only")
    } else {
        summary.clone()
    });
    let legend = ChangeKind::ALL
        .iter()
        .map(|k| {
            let n = comparison.count(*k);
            view! {
                <span class=format!("compare__key compare__key--{}", k.as_str())>
                    <span class="compare__symbol" aria-hidden="true">
                        {k.symbol()}
                    </span>
                    {format!(" {} {n}", k.label())}
                </span>
            }
        })
        .collect_view();
    let changes = comparison
        .changes
        .iter()
        .map(|change| {
            let target = change.target.clone();
            let kind = change.kind;
            let go = move |_| reveal(&app, &target);
            view! {
                <li class=format!("compare__change compare__change--{}", kind.as_str())>
                    <button type="button" class="compare__go" on:click=go>
                        <span class="compare__symbol" aria-hidden="true">
                            {kind.symbol()}
                        </span>
                        " "
                        {change.words.clone()}
                    </button>
                </li>
            }
        })
        .collect_view();
    let effects = effects
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view();
    view! {
        <div class="app viewer compare" class:compare--only=move || only_changes.get()>
            <style>{css}</style>
            <SkipLink />
            <header class="app-banner">
                <div class="app-header">
                    <Brand />
                    <span class="app-header__title">
                        {if preview { "Preview of a version" } else { "Compare" }}
                    </span>
                    <span class="viewer__badge">"Read-only"</span>
                    <span class="app-header__spacer"></span>
                    {back
                        .map(|href| {
                            view! {
                                <a class="button button--small" href=href>
                                    "Back to the blueprint"
                                </a>
                            }
                        })}
                </div>
                {if preview {
                    view! {
                        <p class="viewer__banner compare__sides">
                            {format!(
                                "{new_name}. Nothing here changes anything; restore it or copy it from the blueprint's History.",
                            )}
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="viewer__banner compare__sides">
                            <span class="compare__side">
                                <span class="compare__side-label">"From "</span>
                                {old_name}
                            </span>
                            <span aria-hidden="true">" → "</span>
                            <span class="compare__side">
                                <span class="compare__side-label">" to "</span>
                                {new_name.clone()}
                            </span>
                        </p>
                    }
                        .into_any()
                }}
                {guesses.map(|g| view! { <p class="compare__guesses">{g}</p> })}
            </header>
            <section class="app-tools" aria-label="Comparison controls">
                <div class="toolbar" role="toolbar" aria-label="View">
                    <ZoomButtons />
                    <OrchestrationToggle />
                    <span class="toolbar__sep" aria-hidden="true"></span>
                    {(!preview)
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button"
                                    aria-pressed=move || only_changes.get().to_string()
                                    on:click=move |_| only_changes.update(|o| *o = !*o)
                                >
                                    "Only changes"
                                </button>
                                <span class="compare__legend" aria-label="Marks">
                                    {legend}
                                </span>
                                <button type="button" class="button" on:click=picture>
                                    "Download picture (SVG)"
                                </button>
                                <button type="button" class="button" on:click=share>
                                    "Copy link"
                                </button>
                            }
                        })}
                    <span class="toolbar__status" role="status" aria-live="polite">
                        {move || app.session.status.get()}
                    </span>
                </div>
            </section>
            <div class="app-main">
                <main class="app-canvas" id="main">
                    <Canvas />
                </main>
                {(!preview)
                    .then(|| {
                        view! {
                            <aside class="details compare__panel" aria-labelledby="changes-title">
                                <h2 id="changes-title">"Changes"</h2>
                                <p class="compare__summary">{summary}</p>
                                <ol class="compare__changes">{changes}</ol>
                                <h2>"What the change does"</h2>
                                <ul class="compare__effects">{effects}</ul>
                            </aside>
                        }
                    })}
            </div>
            <ShortcutSheet />
        </div>
    }
    .into_any()
}

/// Takes the focus to the element a change is about (a removed element is still drawn).
fn reveal(app: &AppState, target: &Target) {
    match target {
        Target::Card(id) => {
            app.select_only(vec![id.clone()]);
            actions::go(app, Focus::Card(id.clone()));
        }
        Target::Stage(id) => actions::go(app, Focus::StageHeader(id.clone())),
        Target::Lane(id) => actions::go(app, Focus::LaneHeader(id.clone())),
        Target::Connection(id) => app.select_arrow(id.clone()),
        Target::Blueprint => {}
    }
}
