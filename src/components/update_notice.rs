//! The notice that a new version of Stageline is ready (installed by the service worker in the
//! background, see [`crate::offline`]). Polite: it never takes focus, and waits for the user to
//! reload or dismiss it.

use leptos::prelude::*;

use crate::offline::use_updates;

/// "A new version of Stageline is ready." with Reload (saves, then loads the new version) and
/// Not now (hides the notice until the next visit).
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let Some(updates) = use_updates() else {
        return ().into_any();
    };
    // The live region is always in the page, so that screen readers announce what appears in it.
    view! {
        <div class="update-notice-region" role="status">
            <Show when=move || updates.notice_open()>
                <section class="update-notice" aria-label="New version">
                    <p>"A new version of Stageline is ready."</p>
                    <div class="update-notice__actions">
                        <button
                            type="button"
                            class="button button--primary"
                            on:click=move |_| updates.apply()
                        >
                            "Reload"
                        </button>
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| updates.dismissed.set(true)
                        >
                            "Not now"
                        </button>
                    </div>
                </section>
            </Show>
        </div>
    }
    .into_any()
}
