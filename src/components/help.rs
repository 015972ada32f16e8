//! The keyboard shortcut sheet, opened with `?`: generated from the key table the keyboard
//! handler uses ([`stageline_core::actions::keys::sheet`]), so it lists exactly what the keys do.

use leptos::prelude::*;
use stageline_core::actions::keys::sheet;

use crate::components::dialog::Dialog;
use crate::lazy::{LazyPart, Part};
use crate::state::use_app;

/// A modal dialog listing every keyboard shortcut. It loads on demand ([`crate::lazy`]).
#[component]
pub fn ShortcutSheet() -> impl IntoView {
    let open = use_app().session.help_open;
    view! { <LazyPart what="The list of keyboard shortcuts" load=shortcut_sheet when=open /> }
}

/// The sheet, in a chunk of its own.
#[leptos::wasm_split::wasm_split(shortcuts, fallible, wasm_split_path = ::leptos::wasm_split)]
fn shortcut_sheet() -> Part {
    Ok(view! { <ShortcutSheetInner /> }.into_any())
}

#[component]
fn ShortcutSheetInner() -> impl IntoView {
    let app = use_app();
    let open = app.session.help_open;
    view! {
        <Dialog
            open=open
            on_close=move || open.set(false)
            labelled_by="shortcuts-title"
            initial_focus="shortcuts-close"
        >
            <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
            <table class="shortcuts">
                <tbody>
                    {sheet()
                        .into_iter()
                        .map(|(keys, what)| {
                            view! {
                                <tr>
                                    <th scope="row">
                                        <kbd>{keys}</kbd>
                                    </th>
                                    <td>{what}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p>
                "With a pointer: double-click or double-tap a cell to add a card; drag cards to move them (Ctrl/Shift-click selects several); drag from a card's right-hand dot to another card to draw an arrow; drag stage and lane headers to reorder them; Ctrl + wheel or pinch to zoom."
            </p>
            <button
                type="button"
                id="shortcuts-close"
                class="button"
                on:click=move |_| open.set(false)
            >
                "Close"
            </button>
        </Dialog>
    }
}
