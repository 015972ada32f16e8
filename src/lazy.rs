//! Parts of the app that load on demand. Each part is a function marked
//! `#[wasm_split(<part>, fallible, …)]`: the release build cuts it, with the code only it
//! reaches, out of the main module into a chunk of its own (wasm-split, see ARCHITECTURE.md,
//! "Parts that load on demand"), and the first call fetches that chunk. Natively (tests) the
//! function is simply called.
//!
//! A chunk can fail to load: the network went down before the service worker had cached it,
//! or a new release replaced it on the host. A failed load never takes the app down (an
//! infallible split point would panic, and `panic = "abort"` ends the module): [`LazyPart`]
//! says in words what could not be loaded and offers to try again.

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use send_wrapper::SendWrapper;

/// A part's chunk could not be loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadFailed;

impl From<SplitLoaderError> for LoadFailed {
    fn from(_: SplitLoaderError) -> Self {
        LoadFailed
    }
}

/// What a split function returns: the part's view, or the failed load.
pub type Part = Result<AnyView, LoadFailed>;

/// Shows the part that `load` (a call of a split function) returns once its chunk has arrived,
/// and nothing before (on a fast connection the wait is not visible). Without `when` the part
/// loads as soon as it is mounted (a panel, a page); with it, only once `when` has been true
/// (a dialog: when it is first opened), and it stays loaded. `what` names the part for the
/// message shown when its chunk cannot be loaded ("The share dialog"), whose button tries
/// again; for a part loaded on demand the message floats above the page, where the part would
/// have appeared, unless `in_place` (a part of a panel that is always there).
#[component]
pub fn LazyPart<F, Fut>(
    what: &'static str,
    load: F,
    #[prop(optional, into)] when: Option<Signal<bool>>,
    #[prop(optional)] in_place: bool,
) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Part> + 'static,
{
    let floating = when.is_some() && !in_place;
    // Once wanted, always wanted: closing a dialog keeps its part.
    let wanted = Memo::new(move |before: Option<&bool>| {
        before.copied().unwrap_or(false) || when.is_none_or(|w| w.get())
    });
    let attempt = RwSignal::new(0u32);
    move || {
        if !wanted.get() {
            return None;
        }
        attempt.track();
        let part = SendWrapper::new(load());
        Some(Suspend::new(async move {
            match part.await {
                Ok(view) => view,
                Err(LoadFailed) => view! {
                    <p class="lazy-failed" class:lazy-failed--floating=floating role="alert">
                        {what}
                        " could not be loaded: the connection may be down. "
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| attempt.update(|n| *n += 1)
                        >
                            "Try again"
                        </button>
                    </p>
                }
                .into_any(),
            }
        }))
    }
}
