//! What the user sees when a blueprint cannot be opened: what happened, that nothing was
//! changed, and what to do next.

use leptos::prelude::*;
use stageline_core::library::Broken;

use crate::io::download;
use crate::storage::{human_size, library};

/// A full-page explanation with a way back to the library.
#[component]
pub fn Problem(
    /// The headline.
    title: String,
    /// What happened and what to do.
    detail: String,
    /// Extra actions under the explanation.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <main class="problem" id="main">
            <h1 class="problem__title">{title}</h1>
            <p class="problem__detail">{detail}</p>
            {children.map(|c| c())}
            <p>
                <a class="button" href="#/">
                    "Open the library"
                </a>
            </p>
        </main>
    }
}

/// A stored blueprint that fails to load: kept as it is, with its raw text downloadable.
#[component]
pub fn BrokenEntry(
    /// The entry.
    broken: Broken,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let key = broken.key.clone();
    let download_raw = move |_| {
        let result = library()
            .raw(&key)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                let text = text.ok_or_else(|| "it is no longer stored".to_string())?;
                download("unreadable-blueprint.json", &text, "application/json")
            });
        status.set(match result {
            Ok(()) => "Downloaded the stored text".into(),
            Err(e) => format!("Could not download it: {e}"),
        });
    };
    view! {
        <Problem
            title="This blueprint cannot be opened".to_string()
            detail=format!(
                "The stored copy cannot be read: {}. It is kept exactly as it is ({}) under the key “{}”; nothing was overwritten. Download it to repair it by hand or to send it to someone who can.",
                broken.reason,
                human_size(broken.size),
                broken.key,
            )
        >
            <p>
                <button type="button" class="button" on:click=download_raw>
                    "Download the stored text"
                </button>
                <span role="status" class="problem__status">
                    {move || status.get()}
                </span>
            </p>
        </Problem>
    }
}
