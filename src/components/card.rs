//! A touchpoint card: title (edited in place), markers for fail point, wait, emotion, actor
//! type and channel, and the handle arrows are drawn from.

use leptos::html::Textarea;
use leptos::prelude::*;
use stageline_core::fields::defaults::shown_title;
use stageline_core::labels::{actor_chip, actor_label, emotion_chip, format_duration, risk_label};
use stageline_core::layout::marker_rows;
use stageline_core::nav::Focus;
use stageline_core::ops;
use stageline_schema::{Card, CardId};

use crate::interaction::dom::{capture, card_dom_id, focus_now};
use crate::interaction::pointer;
use crate::state::use_app;
use crate::view_model::canvas::CanvasCtx;
use crate::view_model::checks::{count_checks, use_checks};
use crate::view_model::compare::{card_classes, use_compare};
use crate::view_model::focus::use_focus_stop;

/// The name of a fail-point marker, as the legend says it: "Fail point (high risk)".
fn fail_name(risk: stageline_schema::Risk) -> String {
    format!("Fail point ({} risk)", risk_label(risk))
}

/// The spoken summary of a card. It starts with exactly what the card shows, the title and
/// then its chips, so a voice-control user can say what they see (WCAG 2.5.3: the name holds
/// the visible text, in order: the count on the check marker too, "! 2", when the card has
/// more than one finding); then it says the markers in words.
#[cfg(test)]
fn card_label(card: &Card, findings: usize) -> String {
    card_label_marked(card, findings, None)
}

/// The card's name as above, with a comparison's mark, whose words follow the chips as its
/// badge follows them on the card ("Greets, VA, Changed: actor type: Virtual agent").
fn card_label_marked(card: &Card, findings: usize, change: Option<&str>) -> String {
    let mut name = if card.title.trim().is_empty() {
        "Untitled card".to_string()
    } else {
        card.title.clone()
    };
    for chip in chip_texts(card, findings) {
        if chip.chars().any(char::is_alphanumeric) {
            name.push_str(", ");
            name.push_str(&chip);
        }
    }
    if let Some(words) = change {
        name.push_str(", ");
        name.push_str(words);
    }
    let mut words = Vec::new();
    if let Some(fp) = &card.fail_point {
        words.push(format!("fail point, {} risk", risk_label(fp.risk)));
    }
    if let Some(w) = card.wait_before_secs {
        words.push(format!("wait {}", format_duration(w)));
    }
    if let Some(e) = card.emotion {
        words.push(format!("emotion {e:+}"));
    }
    if let Some(a) = card.actor_type {
        words.push(actor_label(a).to_string());
    }
    if let Some(c) = &card.channel {
        words.push(format!("channel {}", c.label()));
    }
    if !words.is_empty() {
        name.push_str(": ");
        name.push_str(&words.join(", "));
    }
    name
}

/// The texts of a card's marker chips, in their order (the check marker first, when the card
/// has findings): what decides whether they need a second row.
fn chip_texts(card: &Card, findings: usize) -> Vec<String> {
    let mut chips = Vec::new();
    match findings {
        0 => {}
        1 => chips.push("!".to_string()),
        n => chips.push(format!("! {n}")),
    }
    if card.fail_point.is_some() {
        chips.push("⚠".to_string());
    }
    if let Some(w) = card.wait_before_secs {
        chips.push(format!("wait {}", format_duration(w)));
    }
    if let Some(e) = card.emotion {
        chips.push(emotion_chip(e));
    }
    if let Some(a) = card.actor_type {
        chips.push(actor_chip(a).to_string());
    }
    if let Some(c) = &card.channel {
        chips.push(c.label().to_string());
    }
    chips
}

/// The inline title editor: Enter commits, Shift+Enter breaks the line, Escape cancels.
#[component]
fn TitleEditor(id: CardId, value: String) -> impl IntoView {
    let app = use_app();
    let area = NodeRef::<Textarea>::new();
    let done = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(el) = area.get() {
            let _ = el.focus();
            el.select();
        }
    });
    // `refocus`: Enter or Escape hand focus back to the card at once (so the next key acts
    // on it); a blur means the user went elsewhere, which keeps its focus.
    let finish = move |commit: bool, refocus: bool| {
        // Once only; and never after the field is gone (removing it fires a last blur).
        if done.try_get_value() != Some(false) {
            return;
        }
        done.set_value(true);
        if commit {
            if let Some(el) = area.get_untracked() {
                let text = el.value().trim().to_string();
                let command = app.doc_now(|d| {
                    let same = d.card(&id).is_some_and(|c| c.title == text);
                    if same {
                        None
                    } else {
                        Some(ops::edit_card(d, &id, |c| c.title = text))
                    }
                });
                if let Some(command) = command {
                    app.run("Edit title", command);
                }
            }
        }
        app.session.editing.set(None);
        if refocus {
            focus_now(&card_dom_id(&id));
        }
    };
    let finish_blur = finish.clone();
    view! {
        <textarea
            class="card__title-editor"
            aria-label="Card title"
            node_ref=area
            prop:value=value
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                ev.stop_propagation();
                match ev.key().as_str() {
                    "Enter" if !ev.shift_key() => {
                        ev.prevent_default();
                        finish(true, true);
                    }
                    "Escape" => {
                        ev.prevent_default();
                        finish(false, true);
                    }
                    _ => {}
                }
            }
            on:blur=move |_| finish_blur(true, false)
            on:pointerdown=|ev: web_sys::PointerEvent| ev.stop_propagation()
        ></textarea>
    }
}

/// One card in its cell, at `position`.
#[component]
pub fn CardView(
    /// The card.
    id: CardId,
    /// Its position in the cell (0 = top); changes when cards above it come or go.
    #[prop(into)]
    position: Signal<usize>,
) -> impl IntoView {
    let app = use_app();
    let ctx = expect_context::<CanvasCtx>();
    let s = app.session;
    let me = Focus::Card(id.clone());
    // Each edit re-runs this for every rendered card: a direct lookup, and the previous value
    // kept (not cloned again) when this card did not change.
    let card = Memo::new_owning({
        let id = id.clone();
        move |previous: Option<Option<Card>>| {
            app.card(&id, |now| match previous {
                Some(before) if before.as_ref() == now => (before, false),
                _ => (now.cloned(), true),
            })
        }
    });
    // The check findings about this card, from the checks computed once for the document.
    let findings = use_checks().card_findings(id.clone());
    // In a comparison: whether this card was added, removed, moved or changed (fixed).
    let change = use_compare().and_then(|c| c.card(&id));
    let change_classes = change.as_ref().map(card_classes).unwrap_or_default();
    let change_words = change.as_ref().map(|m| m.words.clone());
    let change_kind = change.as_ref().map(|m| m.kind.as_str());
    let change_badge = change.as_ref().map(|m| m.badge());
    let selected = {
        let id = id.clone();
        Memo::new(move |_| s.selection.with(|sel| sel.contains(&id)))
    };
    let editing = {
        let id = id.clone();
        Memo::new(move |_| s.editing.with(|e| e.as_ref() == Some(&id)))
    };
    let connect_source = {
        let id = id.clone();
        Memo::new(move |_| ctx.arrow_source.with(|c| c.as_ref() == Some(&id)))
    };
    // While dragged: offset from the press point. Only a dragged card reads the pointer, so
    // only it re-runs as the pointer moves.
    let dragged = {
        let id = id.clone();
        Memo::new(move |_| ctx.dragged.with(|cards| cards.contains(&id)))
    };
    let offset = Memo::new(move |_| {
        if !dragged.get() {
            return None;
        }
        let origin = s
            .drag
            .with(|d| d.as_ref().filter(|d| d.active).map(|d| d.origin))?;
        let at = s.pointer.get();
        Some((at.x - origin.x, at.y - origin.y))
    });
    // Chips that do not fit one row wrap into two, and the title keeps one line.
    let two_rows = Memo::new(move |_| {
        let n = findings.with(Vec::len);
        card.with(|c| {
            c.as_ref().is_some_and(|c| {
                let texts = chip_texts(c, n);
                let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                app.metrics.with(|m| marker_rows(&texts, m)) > 1
            })
        })
    });
    let top = move || {
        let m = app.metrics.get();
        m.cell_padding + position.get() as f64 * (m.card_height + m.card_gap)
    };
    let title = move || card.with(|c| c.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let id_press = id.clone();
    let id_handle = id.clone();
    let id_edit = id.clone();
    let id_dbl = id.clone();
    let me_focus = me.clone();
    let me_tab = me.clone();

    view! {
        <div
            class=move || {
                let mut class = String::from("card");
                for (on, name) in [
                    (selected.get(), " card--selected"),
                    (offset.with(Option::is_some), " card--dragging"),
                    (connect_source.get(), " card--connect-source"),
                    (
                        card.with(|c| c.as_ref().is_some_and(|c| c.fail_point.is_some())),
                        " card--fail",
                    ),
                    (two_rows.get(), " card--chips-wrap"),
                ] {
                    if on {
                        class.push_str(name);
                    }
                }
                class.push_str(&change_classes);
                class
            }
            id=card_dom_id(&id)
            // While its title is edited the card holds a text field: a group then, not a button
            // (a control inside a button is unreachable to assistive technology).
            role=move || if editing.get() { "group" } else { "button" }
            aria-roledescription="card"
            aria-pressed=move || {
                (!editing.get()).then(|| if selected.get() { "true" } else { "false" })
            }
            aria-label=move || {
                let n = findings.with(Vec::len);
                card.with(|c| {
                    c.as_ref()
                        .map(|c| card_label_marked(c, n, change_words.as_deref()))
                        .unwrap_or_default()
                })
            }
            data-change=change_kind
            aria-description=move || {
                findings
                    .with(|list| {
                        (!list.is_empty())
                            .then(|| {
                                let messages = list
                                    .iter()
                                    .map(|f| f.message.as_str())
                                    .collect::<Vec<_>>();
                                format!("{}: {}", count_checks(list.len()), messages.join(" "))
                            })
                    })
            }
            tabindex={
                let stop = use_focus_stop();
                move || stop.tab_index(&me_tab)
            }
            data-kind=move || {
                card.with(|c| c.as_ref().map(|c| format!("{:?}", c.kind).to_lowercase()))
            }
            style=move || {
                let height = app.metrics.with(|m| m.card_height);
                let mut style = format!("top: {}px; height: {height}px;", top());
                if let Some((dx, dy)) = offset.get() {
                    style.push_str(&format!(" transform: translate({dx}px, {dy}px);"));
                }
                style
            }
            on:focus=move |_| s.focus.set(Some(me_focus.clone()))
            on:pointerdown=move |ev: web_sys::PointerEvent| {
                if ev.button() != 0 || editing.get_untracked() {
                    return;
                }
                if let Some(at) = ctx.point(&app, &ev) {
                    ev.prevent_default();
                    capture(&ev);
                    pointer::press_card(&app, &id_press, &ev, at);
                    crate::interaction::dom::focus_now(&card_dom_id(&id_press));
                }
            }
            on:dblclick=move |_| {
                if !app.read_only {
                    s.editing.set(Some(id_dbl.clone()))
                }
            }
        >
            <Show
                when=move || editing.get()
                fallback=move || {
                    view! {
                        <span
                            class="card__title"
                            class:card__title--empty=move || title().trim().is_empty()
                        >
                        {move || {
                            let t = title();
                            shown_title(&t).to_string()
                        }}
                    </span>
                    }
                }
            >
                <TitleEditor id=id_edit.clone() value=title() />
            </Show>
            // Whitespace between the title and each chip (a flex container does not render
            // it): text runs joined without it read as one word ("onlineWeb") to whatever takes
            // the visible text, as axe's label-content-name-mismatch does, and the card's name
            // then no longer holds what it shows.
            " "
            // Hidden from assistive technology: the card's name says every marker in words
            // (chip text outside the name would break WCAG 2.5.3).
            <span class="card__markers" aria-hidden="true">
                {move || {
                    findings
                        .with(|list| {
                            let worst = list.iter().map(|f| f.severity).min()?;
                            let text = if list.len() == 1 {
                                "!".to_string()
                            } else {
                                format!("! {}", list.len())
                            };
                            let title = list
                                .iter()
                                .map(|f| f.message.as_str())
                                .collect::<Vec<_>>()
                                .join("\n");
                            Some(
                                view! {
                                    " "
                                    <span
                                        class="marker marker--check"
                                        data-severity=worst.as_str()
                                        title=title
                                    >
                                        {text}
                                    </span>
                                },
                            )
                        })
                }}
                {move || {
                    card.get()
                        .map(|c| {
                            view! {
                                {c
                                    .fail_point
                                    .as_ref()
                                    .map(|fp| {
                                        view! {
                                            " "
                                            <span
                                                class="marker marker--fail"
                                                data-risk=risk_label(fp.risk)
                                                title=fail_name(fp.risk)
                                            >
                                                "⚠"
                                            </span>
                                        }
                                    })}
                                {c
                                    .wait_before_secs
                                    .map(|w| {
                                        view! {
                                            " "
                                            <span
                                                class="marker marker--wait"
                                                title="Wait before this step"
                                            >
                                                {format!("wait {}", format_duration(w))}
                                            </span>
                                        }
                                    })}
                                {c
                                    .emotion
                                    .map(|e| {
                                        view! {
                                            " "
                                            <span
                                                class="marker marker--emotion"
                                                data-emotion=e.to_string()
                                                title=format!("Customer emotion {e:+}")
                                            >
                                                {emotion_chip(e)}
                                            </span>
                                        }
                                    })}
                                {c
                                    .actor_type
                                    .map(|a| {
                                        view! {
                                            " "
                                            <span
                                                class="marker marker--actor"
                                                title=actor_label(a)
                                            >
                                                {actor_chip(a)}
                                            </span>
                                        }
                                    })}
                                {c
                                    .channel
                                    .as_ref()
                                    .map(|ch| {
                                        view! {
                                            " "
                                            <span
                                                class="marker marker--channel"
                                                title="Channel"
                                            >
                                                {ch.label().to_string()}
                                            </span>
                                        }
                                    })}
                            }
                        })
                }}
            </span>
            {change_badge
                .map(|badge| {
                    view! {
                        " "
                        <span class="card__change" aria-hidden="true">
                            {badge}
                        </span>
                    }
                })}
            <span
                class="card__handle"
                aria-hidden="true"
                title="Drag to another card to draw an arrow (keyboard: C)"
                on:pointerdown=move |ev: web_sys::PointerEvent| {
                    ev.stop_propagation();
                    ev.prevent_default();
                    if let Some(at) = ctx.point(&app, &ev) {
                        capture(&ev);
                        pointer::press_handle(&app, &id_handle, &ev, at);
                    }
                }
            ></span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stageline_schema::{ActorType, Channel};

    /// The words of `text` as axe-core's label-content-name-mismatch compares them: lower case,
    /// anything but letters and digits a separator.
    fn words(text: &str) -> Vec<String> {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_name_holds_the_visible_words_in_order() {
        let mut card: Card = serde_json::from_value(serde_json::json!({
            "id": "c1", "lane": "l1", "stage": "s1", "kind": "action", "title": "Books online"
        }))
        .expect("a card");
        card.wait_before_secs = Some(300);
        card.emotion = Some(-2);
        card.actor_type = Some(ActorType::HumanWithCopilot);
        card.channel = Some(Channel::Web);
        card.fail_point = Some(stageline_core::fields::defaults::new_fail_point());
        for findings in [0, 1, 3] {
            // What the card shows, title then chips, with whitespace between (as rendered).
            let shown = std::iter::once(card.title.clone())
                .chain(chip_texts(&card, findings))
                .collect::<Vec<_>>()
                .join(" ");
            let (shown, name) = (words(&shown), words(&card_label(&card, findings)));
            assert!(
                name.windows(shown.len()).any(|w| w == shown.as_slice()),
                "{shown:?} not in {name:?}"
            );
        }
    }
}
