//! Form fields for the details panel. Each commits on `change` (blur or Enter, or at once for
//! selects and checkboxes), so one edited field is one undo step, and shows the document's
//! value reactively without being re-created, so focus stays where the user put it.
//!
//! These are only inputs: what typed text means (minutes, lists, numbers) is the core's
//! [`stageline_core::fields::values`].

use leptos::prelude::*;
use stageline_core::fields::values::{format_minutes, parse_minutes};

/// A labelled single-line or multi-line text field.
#[component]
pub fn TextField(
    /// The visible label.
    label: &'static str,
    /// The value in the document.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text when the user commits a change.
    on_commit: Callback<String>,
    /// A textarea instead of an input.
    #[prop(optional)]
    multiline: bool,
    /// A hint shown under the field.
    #[prop(optional)]
    hint: &'static str,
    /// Suggestions offered while typing (a datalist id).
    #[prop(optional)]
    list: &'static str,
) -> impl IntoView {
    let commit = move |ev: web_sys::Event| on_commit.run(event_target_value(&ev));
    view! {
        <label class="field">
            <span class="field__label">{label}</span>
            {if multiline {
                view! {
                    <textarea
                        class="field__input"
                        rows="3"
                        prop:value=move || value.get()
                        on:change=commit
                    ></textarea>
                }
                    .into_any()
            } else {
                view! {
                    <input
                        class="field__input"
                        type="text"
                        list=(!list.is_empty()).then_some(list)
                        prop:value=move || value.get()
                        on:change=commit
                    />
                }
                    .into_any()
            }}
            {(!hint.is_empty()).then(|| view! { <span class="field__hint">{hint}</span> })}
        </label>
    }
}

/// A labelled select among `(value, label)` options; the empty value means "none".
#[component]
pub fn SelectField(
    /// The visible label.
    label: &'static str,
    /// The options: JSON value and display label.
    options: Vec<(&'static str, &'static str)>,
    /// The selected value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the newly chosen value.
    on_commit: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field__label">{label}</span>
            <select
                class="field__input"
                prop:value=move || value.get()
                on:change=move |ev| on_commit.run(event_target_value(&ev))
            >
                {options
                    .into_iter()
                    .map(|(v, l)| view! { <option value=v>{l}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A duration in minutes (stored as seconds): empty means unknown. Input that is not a
/// duration is refused: the field says why under itself, whole (`role="alert"`, tied to the
/// input by `aria-describedby`, the input marked invalid), and `on_error` reports it too; the
/// message goes once the field holds a duration again.
#[component]
pub fn DurationField(
    /// The visible label.
    label: &'static str,
    /// The value in seconds.
    #[prop(into)]
    value: Signal<Option<u64>>,
    /// Called with the new value in seconds (None when cleared).
    on_commit: Callback<Option<u64>>,
    /// Where else to report input that is not a duration (the status line).
    on_error: Callback<String>,
) -> impl IntoView {
    let shown = move || value.get().map(format_minutes).unwrap_or_default();
    let problem = RwSignal::new(None::<String>);
    // A new value from elsewhere (undo, another participant) replaces what was refused.
    Effect::new(move |_| {
        value.track();
        problem.set(None);
    });
    let error_id = format!("duration-error-{}", next_field_id());
    view! {
        <label class="field field--narrow">
            <span class="field__label">{label}" (min)"</span>
            <input
                class="field__input"
                type="text"
                inputmode="decimal"
                prop:value=shown
                aria-invalid=move || if problem.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=error_id.clone()
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    match parse_minutes(&text) {
                        Ok(v) => {
                            problem.set(None);
                            on_commit.run(v);
                        }
                        Err(msg) => {
                            let msg = format!("{label}: {msg}");
                            problem.set(Some(msg.clone()));
                            on_error.run(msg);
                        }
                    }
                }
            />
            // A span: a label holds phrasing content only.
            <span class="field__error" id=error_id role="alert">
                {move || problem.get()}
            </span>
        </label>
    }
}

/// A number for element IDs that must be unique in the page (a field's error message).
fn next_field_id() -> u32 {
    thread_local! {
        static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    NEXT.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    })
}
