//! The root component: the app frame (header and main area) around the blueprint.

use leptos::prelude::*;

use crate::components::{grid::BlueprintGrid, header::AppHeader};

/// The whole application: a header with the product name and the blueprint workspace.
#[component]
pub fn App() -> impl IntoView {
    let stages = RwSignal::new(Vec::<String>::new());
    view! {
        <div class="app">
            <AppHeader />
            <main class="app-main" id="main">
                <BlueprintGrid stages=stages />
            </main>
        </div>
    }
}
