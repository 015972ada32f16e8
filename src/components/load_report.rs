//! What opening a blueprint changed or found, where it can be read in full and dismissed:
//! what the load path repaired (each in words, naming where), an upgrade from an older schema
//! version, a blueprint in the trash. A status line would cut it off at the toolbar's edge.

use leptos::prelude::*;

/// "1 thing was repaired" or "3 things were repaired".
pub fn repaired_count(n: usize) -> String {
    match n {
        1 => "1 thing was repaired".into(),
        n => format!("{n} things were repaired"),
    }
}

/// The report above the canvas: a heading, one item per note, and "Dismiss".
#[component]
pub fn LoadReport(
    /// The heading: what happened ("Imported “Hotel stay” from hotel.json: 2 things were
    /// repaired").
    summary: String,
    /// Each repair or note, a sentence in words a user understands.
    notes: Vec<String>,
) -> impl IntoView {
    let open = RwSignal::new(true);
    view! {
        <Show when=move || open.get()>
            <section class="load-report" aria-labelledby="load-report-title">
                <h2 id="load-report-title">{summary.clone()}</h2>
                <ul>{notes.iter().map(|note| view! { <li>{note.clone()}</li> }).collect_view()}</ul>
                <button
                    type="button"
                    class="button button--small"
                    on:click=move |_| open.set(false)
                >
                    "Dismiss"
                </button>
            </section>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words() {
        assert_eq!(repaired_count(1), "1 thing was repaired");
        assert_eq!(repaired_count(2), "2 things were repaired");
    }
}
