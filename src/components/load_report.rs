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

/// The report on a shared link the viewer opened, when there is anything to say: the heading
/// and its notes. `repairs` are what the load path repaired, in words
/// ([`crate::io::in_words`], the same sentences an import lists); `filter_error` why the
/// link's audience filter was ignored; `migrated_from` the older schema version it had.
pub fn link_report(
    repairs: Vec<String>,
    filter_error: Option<String>,
    migrated_from: Option<u32>,
) -> Option<(String, Vec<String>)> {
    let repaired = repairs.len();
    let mut notes = repairs;
    if let Some(e) = filter_error {
        notes.push(format!(
            "The link's audience filter could not be read, so everything is shown: {}",
            crate::io::sentence(&e)
        ));
    }
    if let Some(v) = migrated_from {
        notes.push(format!(
            "The link was made by an older version (schema version {v}); it is shown upgraded."
        ));
    }
    if notes.is_empty() {
        return None;
    }
    let summary = if repaired > 0 {
        format!("Opened the shared link: {}", repaired_count(repaired))
    } else {
        "Opened the shared link".to_string()
    };
    Some((summary, notes))
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
    fn a_link_report_lists_each_repair_in_words() {
        assert_eq!(link_report(Vec::new(), None, None), None);
        let repairs = vec![
            "Removed the link “javascript:alert(1)” from the card “Books online”.".to_string(),
            "Renamed the duplicate ID “c1” of the card “Pays” to “c1-2”.".to_string(),
        ];
        let (summary, notes) = link_report(repairs.clone(), None, None).unwrap();
        assert_eq!(summary, "Opened the shared link: 2 things were repaired");
        assert_eq!(notes, repairs);
        assert!(!summary.contains("problem(s)"));
        let (summary, notes) =
            link_report(Vec::new(), Some("No such preset.".into()), Some(1)).unwrap();
        assert_eq!(summary, "Opened the shared link");
        assert_eq!(
            notes[0],
            "The link's audience filter could not be read, so everything is shown: No such preset."
        );
        assert!(notes[1].contains("schema version 1"));
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(repaired_count(1), "1 thing was repaired");
        assert_eq!(repaired_count(2), "2 things were repaired");
    }
}
