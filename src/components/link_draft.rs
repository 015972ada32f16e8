//! "+ Add link" and the small form it opens. A link goes into the blueprint only with a URL the
//! load path keeps, as one undo step: one added blank, to be filled in later, would be dropped
//! (with a repair report) by the next load of the blueprint.

use leptos::html::Input;
use leptos::prelude::*;

use crate::interaction::dom::focus_now;

/// The DOM id of "+ Add link", where focus returns when the form closes.
const ADD_ID: &str = "add-link";
/// The DOM id of the form's message, which the URL field refers to.
const ERROR_ID: &str = "add-link-error";

/// The button, and once pressed the form: Label (optional), URL, "Add link" and "Cancel".
/// Enter in a field adds, Escape cancels. A refused URL keeps the form open with the reason
/// beside the field, where it can be read in full.
#[component]
pub fn AddLink(
    /// Adds the link from the label and URL as typed; `Err` says why it was not added.
    on_add: Callback<(String, String), Result<(), String>>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let label = NodeRef::<Input>::new();
    let url = NodeRef::<Input>::new();
    Effect::new(move |_| {
        if let Some(el) = url.get() {
            let _ = el.focus();
        }
    });
    let close = move || {
        open.set(false);
        error.set(None);
        request_animation_frame(|| focus_now(ADD_ID));
    };
    let add = move || {
        let text = |r: NodeRef<Input>| r.get_untracked().map(|el| el.value()).unwrap_or_default();
        let address = text(url);
        let result = if address.trim().is_empty() {
            Err("Type the link's address first, for example https://example.com.".to_string())
        } else {
            on_add.run((text(label), address))
        };
        match result {
            Ok(()) => close(),
            Err(why) => {
                error.set(Some(why));
                if let Some(el) = url.get_untracked() {
                    let _ = el.focus();
                }
            }
        }
    };
    let keys = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            add();
        }
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            close();
        }
        _ => {}
    };
    let button = move || {
        view! {
            <button
                type="button"
                class="link-button"
                id=ADD_ID
                on:click=move |_| open.set(true)
            >
                "+ Add link"
            </button>
        }
    };
    view! {
        <Show when=move || open.get() fallback=button>
            <div class="list-row link-draft" role="group" aria-label="New link">
                <label class="field">
                    <span class="field__label">"Label"</span>
                    <input class="field__input" type="text" node_ref=label on:keydown=keys />
                </label>
                <label class="field">
                    <span class="field__label">"URL"</span>
                    <input
                        class="field__input"
                        type="text"
                        inputmode="url"
                        placeholder="https://…"
                        node_ref=url
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby=move || error.with(Option::is_some).then_some(ERROR_ID)
                        on:keydown=keys
                    />
                </label>
                <p class="field__error" id=ERROR_ID role="alert">
                    {move || error.get()}
                </p>
                <button type="button" class="button button--small" on:click=move |_| add()>
                    "Add link"
                </button>
                <button type="button" class="button button--small" on:click=move |_| close()>
                    "Cancel"
                </button>
            </div>
        </Show>
    }
}
