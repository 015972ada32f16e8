//! The application header: product name and, later, the document's title and status.

use leptos::prelude::*;

/// The top bar with the product's name and mark.
#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header">
            <h1 class="app-header__brand">
                <img src="favicon.svg" alt="" />
                "Stageline"
            </h1>
            <span class="app-header__title">"Service blueprint editor"</span>
            <span class="app-header__spacer"></span>
        </header>
    }
}
