//! The checks panel: the blueprint's check findings, live as the document changes, with a
//! button per finding that selects and focuses the cards involved, and the per-blueprint
//! settings that turn checks off.
//!
//! Checks and metrics are computed once edits pause in
//! [`crate::view_model::checks::ChecksCtx`] (provided by the root component) and shared by the
//! panel, the cards' markers, the stage headers' time against SLA and the emotion curve.

use leptos::prelude::*;
use stageline_core::checks::{Finding, Severity, CHECKS};
use stageline_core::fields::set_check_enabled;
use stageline_core::nav::Focus;

use crate::actions;
use crate::components::icons;
use crate::state::{use_app, AppState};
use crate::view_model::checks::{count_checks, severity_label, use_checks};

/// A button that shows or hides the element `controls`.
#[component]
fn Disclosure(
    /// Whether the element is shown.
    open: RwSignal<bool>,
    /// The DOM id of the element it shows or hides.
    controls: &'static str,
    /// The button's class.
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=class
            aria-expanded=move || if open.get() { "true" } else { "false" }
            aria-controls=controls
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {children()}
        </button>
    }
}

/// Selects the cards of a finding and moves focus to the first (or to its stage's header).
fn reveal(app: &AppState, finding: &Finding) {
    if let Some(first) = finding.cards.first() {
        app.select_only(finding.cards.clone());
        actions::go(app, Focus::Card(first.clone()));
        let title = finding.check().map_or(finding.code, |c| c.title);
        let n = finding.cards.len();
        app.say(if n == 1 {
            format!("{title}: card selected")
        } else {
            format!("{title}: {n} cards selected")
        });
    } else if let Some(stage) = finding.stages.first() {
        app.select_only(Vec::new());
        actions::go(app, Focus::StageHeader(stage.clone()));
    }
}

/// Turns one check on or off for this blueprint, as one undo step
/// ([`stageline_core::fields::set_check_enabled`]); nothing when it already is.
fn set_enabled(app: &AppState, code: &'static str, on: bool) {
    let command = app.doc_now(|d| set_check_enabled(d, code, on));
    if command.is_noop() {
        return;
    }
    let label = if on {
        "Turn on check"
    } else {
        "Turn off check"
    };
    if app.run(label, Ok(command)) {
        let title = stageline_core::checks::check(code).map_or(code, |c| c.title);
        app.say(format!(
            "{}: {title}",
            if on {
                "Check turned on"
            } else {
                "Check turned off"
            }
        ));
    }
}

/// One finding in the list.
#[component]
fn FindingItem(finding: Finding) -> impl IntoView {
    let app = use_app();
    let severity = finding.severity.as_str();
    let explanation = finding.check().map(|c| c.explanation).unwrap_or_default();
    let message = finding.message.clone();
    let code = finding.code;
    let target = !finding.cards.is_empty() || !finding.stages.is_empty();
    let body = view! {
        <span class="checks__severity" data-severity=severity>
            {severity_label(finding.severity)}
        </span>
        <span class="checks__message">{message}</span>
    };
    view! {
        <li class="checks__item" data-code=code data-severity=severity>
            {if target {
                view! {
                    <button
                        type="button"
                        class="checks__go"
                        title=explanation
                        on:click=move |_| reveal(&app, &finding)
                    >
                        {body}
                    </button>
                }
                    .into_any()
            } else {
                view! {
                    <div class="checks__go checks__go--static" title=explanation>
                        {body}
                    </div>
                }
                    .into_any()
            }}
        </li>
    }
}

/// The list of checks with a checkbox each, to turn checks off for this blueprint.
#[component]
fn ChecksSettings() -> impl IntoView {
    let app = use_app();
    let disabled = Memo::new(move |_| app.doc(|d| d.settings.disabled_checks.clone()));
    view! {
        <ul class="plain-list checks__settings-list" id="checks-settings">
            {CHECKS
                .iter()
                .map(|check| {
                    let code = check.code;
                    let on = move || !disabled.with(|d| d.iter().any(|c| c == code));
                    view! {
                        <li>
                            <label class="checks__setting" title=check.explanation>
                                <input
                                    type="checkbox"
                                    prop:checked=on
                                    data-code=code
                                    on:change=move |ev| set_enabled(
                                        &app,
                                        code,
                                        event_target_checked(&ev),
                                    )
                                />
                                <span class="checks__setting-title">{check.title}</span>
                                <span
                                    class="checks__severity"
                                    data-severity=check.severity.as_str()
                                >
                                    {severity_label(check.severity)}
                                </span>
                            </label>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// How many findings the panel lists before "Show all": the worst come first, so these are
/// the ones to fix first; every finding still marks its cards on the canvas.
const FINDINGS_SHOWN: usize = 50;

/// The collapsible checks panel.
#[component]
pub fn ChecksPanel() -> impl IntoView {
    let app = use_app();
    let ctx = use_checks();
    let open = RwSignal::new(true);
    let settings_open = RwSignal::new(false);
    let count = Memo::new(move |_| ctx.findings.with(Vec::len));
    // How many findings the list shows: the first few by default, so a large blueprint with
    // hundreds of findings does not build (and lay out) hundreds of list items up front.
    let shown = RwSignal::new(FINDINGS_SHOWN);
    let more = move || count.get() > FINDINGS_SHOWN;
    let worst = Memo::new(move |_| ctx.findings.with(|f| f.iter().map(|f| f.severity).min()));
    let tally = Memo::new(move |_| {
        ctx.findings.with(|all| {
            [Severity::Error, Severity::Warning, Severity::Info]
                .into_iter()
                .filter_map(|s| {
                    let n = all.iter().filter(|f| f.severity == s).count();
                    (n > 0).then(|| {
                        let name = s.as_str();
                        if n == 1 {
                            format!("1 {name}")
                        } else {
                            format!("{n} {name}s")
                        }
                    })
                })
                .collect::<Vec<_>>()
                .join(" · ")
        })
    });
    let off = Memo::new(move |_| {
        app.doc(|d| {
            CHECKS
                .iter()
                .filter(|c| d.settings.disabled_checks.iter().any(|x| x == c.code))
                .count()
        })
    });
    let key = |f: &Finding| (f.code, f.message.clone(), f.cards.clone());

    view! {
        <section class="checks" aria-labelledby="checks-heading">
            <h2 class="checks__heading" id="checks-heading">
                <Disclosure open=open controls="checks-body" class="checks__toggle">
                    <span class="checks__chevron" aria-hidden="true">
                        {move || {
                            if open.get() {
                                icons::chevron_down().into_any()
                            } else {
                                icons::chevron_right().into_any()
                            }
                        }}
                    </span>
                    <span class="checks__title">"Blueprint checks"</span>
                    <span
                        class="checks__badge"
                        data-severity=move || worst.get().map_or("none", Severity::as_str)
                    >
                        {move || match count.get() {
                            0 => "All clear".to_string(),
                            n => count_checks(n),
                        }}
                    </span>
                </Disclosure>
            </h2>
            <div class="checks__body" id="checks-body" hidden=move || !open.get()>
                <p class="checks__summary">
                    {move || {
                        let t = tally.get();
                        if t.is_empty() {
                            if off.get() == CHECKS.len() {
                                "All checks are turned off for this blueprint.".to_string()
                            } else {
                                "Nothing to review: every enabled check passes.".to_string()
                            }
                        } else {
                            t
                        }
                    }}
                </p>
                <ul
                    class="plain-list checks__list"
                    aria-label="Findings"
                    tabindex=app.read_only.then_some("0")
                >
                    <For
                        each=move || {
                            let n = shown.get();
                            ctx.findings.with(|all| all.iter().take(n).cloned().collect::<Vec<_>>())
                        }
                        key=key
                        children=move |f| view! { <FindingItem finding=f /> }
                    />
                </ul>
                <Show when=more>
                    <button
                        type="button"
                        class="link-button checks__more"
                        on:click=move |_| {
                            if shown.get_untracked() > FINDINGS_SHOWN {
                                shown.set(FINDINGS_SHOWN);
                            } else {
                                shown.set(usize::MAX);
                            }
                        }
                    >
                        {move || {
                            let n = count.get();
                            if shown.get() > FINDINGS_SHOWN {
                                format!("Show the first {FINDINGS_SHOWN} only")
                            } else {
                                format!("Show all {n} findings ({} more)", n - FINDINGS_SHOWN)
                            }
                        }}
                    </button>
                </Show>
                <div class="checks__settings">
                    <Disclosure open=settings_open controls="checks-settings" class="link-button">
                        {move || match off.get() {
                            0 => "Checks settings".to_string(),
                            n => format!("Checks settings ({n} off)"),
                        }}
                    </Disclosure>
                    <Show when=move || settings_open.get()>
                        <ChecksSettings />
                    </Show>
                </div>
            </div>
        </section>
    }
}
