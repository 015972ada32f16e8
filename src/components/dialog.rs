//! The one modal dialog of the app: a native `<dialog>` opened with `showModal()` (the page
//! behind it is inert and out of the accessibility tree), with the same keyboard behaviour
//! everywhere: focus moves in when it opens, Tab and Shift+Tab stay inside, Escape closes it
//! from wherever focus is inside (when it may be dismissed), and focus goes back to the
//! element that opened it when it closes.
//!
//! # Example
//!
//! ```ignore
//! use leptos::prelude::*;
//! use crate::components::dialog::Dialog;
//!
//! let open = RwSignal::new(false);
//! view! {
//!     <button type="button" on:click=move |_| open.set(true)>"Rename…"</button>
//!     <Dialog
//!         open=open
//!         on_close=move || open.set(false)
//!         labelled_by="rename-title"
//!         initial_focus="rename-name"
//!     >
//!         <h2 id="rename-title">"Rename"</h2>
//!         <input id="rename-name" aria-label="Name" />
//!         <button type="button" on:click=move |_| open.set(false)>"Close"</button>
//!     </Dialog>
//! }
//! ```
//!
//! A question that needs an answer is an alert dialog without `on_close`: Escape and the
//! backdrop then do nothing, and only its buttons (which clear `open`) close it:
//!
//! ```ignore
//! view! {
//!     <Dialog open=Signal::derive(asking) alert=true labelled_by="q-title"
//!         described_by="q-detail" initial_focus="q-first">
//!         …
//!     </Dialog>
//! }
//! ```

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A modal dialog, shown while `open` is true. The children are rendered afresh at each
/// opening. Everything it needs to be accessible is built in: the role, the name (from the
/// element `labelled_by` names), the focus trap, Escape, and returning focus.
#[component]
pub fn Dialog(
    /// Whether the dialog is shown. Whoever closes it (its own buttons, or `on_close`) clears
    /// this.
    #[prop(into)]
    open: Signal<bool>,
    /// The id of the element that names the dialog (usually its `<h2>`).
    labelled_by: &'static str,
    /// The id of the element that describes the dialog, if any.
    #[prop(optional)]
    described_by: Option<&'static str>,
    /// An alert dialog (a question that interrupts, such as a conflict) rather than a dialog.
    #[prop(optional)]
    alert: bool,
    /// Dismisses the dialog: run on Escape (wherever focus is inside) and on a click on the
    /// backdrop. Without it the dialog can only be closed by its own buttons.
    #[prop(optional, into)]
    on_close: Option<Callback<()>>,
    /// The id of the control that takes focus when the dialog opens; without it, the first
    /// control in the dialog.
    #[prop(optional)]
    initial_focus: Option<&'static str>,
    /// The id of the element that takes focus when the dialog closes if the element that
    /// opened it is gone (or was the page itself).
    #[prop(optional)]
    return_focus: Option<&'static str>,
    /// Classes added to the dialog's own (`dialog`), such as `dialog--wide`.
    #[prop(optional)]
    class: &'static str,
    /// The content.
    children: ChildrenFn,
) -> impl IntoView {
    let when = Memo::new(move |_| open.get());
    view! {
        <Show when=move || when.get()>
            <OpenDialog
                labelled_by=labelled_by
                described_by=described_by
                alert=alert
                on_close=on_close
                initial_focus=initial_focus
                return_focus=return_focus
                class=class
                content=children.clone()
            />
        </Show>
    }
}

/// The dialog while it is open: shown modally once it is in the document, closed and focus
/// returned when it goes.
#[component]
fn OpenDialog(
    labelled_by: &'static str,
    described_by: Option<&'static str>,
    alert: bool,
    on_close: Option<Callback<()>>,
    initial_focus: Option<&'static str>,
    return_focus: Option<&'static str>,
    class: &'static str,
    content: ChildrenFn,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    // The element that had focus before (the button that opened the dialog, or the grid's
    // card behind the `?` key), and the dialog element once it exists: both are needed again
    // when the dialog closes, after its node ref may be gone.
    let opener = document()
        .active_element()
        .filter(|el| !el.tag_name().eq_ignore_ascii_case("body"));
    let kept = StoredValue::new_local(Kept {
        opener,
        dialog: None,
    });
    Effect::new(move |_| {
        if let Some(dialog) = node.get() {
            kept.update_value(|k| k.dialog = Some(dialog.clone()));
            show_when_connected(dialog, initial_focus, 0);
        }
    });
    on_cleanup(move || {
        // `try_`: when the whole page goes (a new address while the dialog is open), its
        // values may be gone before this runs; the dialog element goes with the page then.
        kept.try_update_value(|k| {
            if let Some(dialog) = k.dialog.take() {
                if dialog.open() {
                    dialog.close();
                }
            }
            restore_focus(k.opener.take(), return_focus);
        });
    });
    let dismiss = move || {
        if let Some(close) = on_close {
            close.run(());
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            // Also keeps the browser from closing the dialog behind our back, and the page's
            // own Escape (which cancels gestures) from seeing it.
            ev.prevent_default();
            ev.stop_propagation();
            dismiss();
        }
        "Tab" => {
            if let Some(dialog) = node.get_untracked() {
                if trap_tab(&dialog, ev.shift_key()) {
                    ev.prevent_default();
                }
            }
        }
        _ => {}
    };
    // The browser's own way to dismiss (Escape, Android's back gesture): the open state is
    // ours, so it only asks.
    let on_cancel = move |ev: web_sys::Event| {
        ev.prevent_default();
        dismiss();
    };
    // A click on the backdrop lands on the dialog element, outside its box.
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(dialog) = node.get_untracked() else {
            return;
        };
        let on_dialog = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|t| t == **dialog);
        if on_dialog {
            let r = dialog.get_bounding_client_rect();
            let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
            let outside = x < r.left() || x > r.right() || y < r.top() || y > r.bottom();
            if outside {
                dismiss();
            }
        }
    };
    let class = if class.is_empty() {
        "dialog".to_string()
    } else {
        format!("dialog {class}")
    };
    view! {
        <dialog
            node_ref=node
            class=class
            role=if alert { "alertdialog" } else { "dialog" }
            aria-modal="true"
            aria-labelledby=labelled_by
            aria-describedby=described_by
            on:keydown=on_keydown
            on:cancel=on_cancel
            on:click=on_click
        >
            {content()}
        </dialog>
    }
}

/// What an open dialog keeps for when it closes.
struct Kept {
    /// The element focused before the dialog opened.
    opener: Option<web_sys::Element>,
    /// The dialog element.
    dialog: Option<web_sys::HtmlDialogElement>,
}

/// How many frames [`show_when_connected`] waits for the dialog to be in the document.
const SHOW_WAIT_FRAMES: u32 = 10;

/// Shows `dialog` modally and moves focus into it, as soon as it is in the document.
fn show_when_connected(
    dialog: web_sys::HtmlDialogElement,
    initial_focus: Option<&'static str>,
    frames: u32,
) {
    if !dialog.is_connected() {
        if frames < SHOW_WAIT_FRAMES {
            request_animation_frame(move || show_when_connected(dialog, initial_focus, frames + 1));
        }
        return;
    }
    if !dialog.open() && dialog.show_modal().is_err() {
        // Not modal (it cannot be, e.g. inside another top-layer element): still shown.
        dialog.set_open(true);
    }
    let named = initial_focus
        .and_then(|id| document().get_element_by_id(id))
        .filter(|el| dialog.contains(Some(el)))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    let target = named.or_else(|| tabbables(&dialog).into_iter().next());
    match target {
        Some(el) => {
            let _ = el.focus();
        }
        None => {
            dialog.set_tab_index(-1);
            let _ = dialog.focus();
        }
    }
}

/// Gives focus back to `opener` if it is still in the document (and not the page itself),
/// else to the element with id `fallback`.
fn restore_focus(opener: Option<web_sys::Element>, fallback: Option<&'static str>) {
    let target = opener
        .filter(|el| el.is_connected())
        .or_else(|| fallback.and_then(|id| document().get_element_by_id(id)))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = target {
        let _ = el.focus();
    }
}

/// Keeps Tab inside `dialog`: from its last control to its first, with Shift from the first
/// to the last, and from anywhere outside back in. Returns true when it moved focus itself.
fn trap_tab(dialog: &web_sys::HtmlDialogElement, back: bool) -> bool {
    let stops = tabbables(dialog);
    let (Some(first), Some(last)) = (stops.first(), stops.last()) else {
        return true;
    };
    let active = document().active_element();
    let inside = active
        .as_ref()
        .is_some_and(|a| stops.iter().any(|s| **s == *a));
    let wrap_to = match (inside, back) {
        (false, false) => Some(first),
        (false, true) => Some(last),
        (true, false) if active.as_ref().is_some_and(|a| **last == *a) => Some(first),
        (true, true) if active.as_ref().is_some_and(|a| **first == *a) => Some(last),
        _ => None,
    };
    match wrap_to {
        Some(el) => {
            let _ = el.focus();
            true
        }
        None => false,
    }
}

/// The elements inside `root` that Tab stops at, in document order: enabled, shown, and not
/// taken out of the tab order.
fn tabbables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let mut found = Vec::new();
    let mut next = root.first_element_child();
    // Depth first, without recursion: go down, else along, else up and along.
    while let Some(el) = next {
        if let Some(html) = el.dyn_ref::<web_sys::HtmlElement>() {
            if is_tabbable(html) {
                found.push(html.clone());
            }
        }
        next = el.first_element_child().or_else(|| {
            let mut at = Some(el);
            while let Some(e) = at {
                if e == *root {
                    return None;
                }
                if let Some(sibling) = e.next_element_sibling() {
                    return Some(sibling);
                }
                at = e.parent_element();
            }
            None
        });
    }
    found
}

/// Whether Tab stops at `el`.
fn is_tabbable(el: &web_sys::HtmlElement) -> bool {
    let tag = el.tag_name().to_ascii_lowercase();
    if tag == "a" && !el.has_attribute("href") {
        return false;
    }
    if el.tab_index() < 0 || el.matches(":disabled").unwrap_or(false) {
        return false;
    }
    let r = el.get_bounding_client_rect();
    r.width() > 0.0 || r.height() > 0.0
}
