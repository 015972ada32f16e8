//! The details panel: every field of the selected card or arrow, the selection's actions, or
//! the blueprint's own description when nothing is selected.

use leptos::prelude::*;
use stageline_core::actions::Action;
use stageline_core::fields::defaults::shown_title;
use stageline_core::fields::values::EMOTION_CHOICES;
use stageline_core::fields::{
    self, choices, BlueprintField, CardDuration, CardEdit, CardField, ConnectionEdit,
    ConnectionField, FailField, FieldError, KpiField, LinkField, List, NoteField,
};
use stageline_core::{ops, Command};
use stageline_schema::{
    ActorType, BlueprintKind, Card, CardId, CardKind, ConnectionId, ConnectionKind, Direction,
    KnownChannel, Named, Privacy, Risk,
};

use crate::actions::perform;
use crate::components::checks::ChecksPanel;
use crate::components::fields::{DurationField, SelectField, TextField};
use crate::components::icons;
use crate::components::link_draft::AddLink;
use crate::lazy::{LazyPart, Part};
use crate::state::{use_app, AppState};

/// What the panel shows.
#[derive(Debug, Clone, PartialEq)]
enum Subject {
    Blueprint,
    Card(CardId),
    Cards(usize),
    Connection(ConnectionId),
}

/// The details panel beside the canvas: the checks, and the fields of what is selected. The
/// fields (most of the panel's code) are a part of their own ([`fields`]) that loads right
/// after the first frame: the checks are computed then too, so the panel's first content
/// and the fields arrive together (docs/design/first-screen.md).
#[component]
pub fn DetailsPanel() -> impl IntoView {
    let app = use_app();
    let painted = RwSignal::new(false);
    crate::idle::after_next_frame(move || {
        let _ = painted.try_set(true);
    });
    let panel = move || {
        view! {
            <ChecksPanel />
            <LazyPart what="The details panel's fields" load=fields when=painted in_place=true />
        }
    };
    view! {
        // In a read-only view nothing inside can take focus (its fields are disabled): the
        // panel itself does, so that a keyboard can scroll it.
        <aside class="details" aria-label="Details" tabindex=app.read_only.then_some("0")>
            {if app.read_only {
                view! {
                    <fieldset class="details__readonly" disabled>
                        <legend class="visually-hidden">"Details (read-only)"</legend>
                        {panel()}
                    </fieldset>
                }
                    .into_any()
            } else {
                panel().into_any()
            }}
        </aside>
    }
}

/// The fields of what is selected: the blueprint's, a card's, a selection's or an arrow's.
#[leptos::wasm_split::wasm_split(details, fallible, wasm_split_path = ::leptos::wasm_split)]
fn fields() -> Part {
    Ok(view! { <SubjectDetails /> }.into_any())
}

/// The fields of the panel's [`Subject`], following the selection.
#[component]
fn SubjectDetails() -> impl IntoView {
    let s = use_app().session;
    let subject = Memo::new(move |_| {
        if let Some(c) = s.selected_connection.get() {
            return Subject::Connection(c);
        }
        s.selection.with(|sel| match sel.as_slice() {
            [] => Subject::Blueprint,
            [one] => Subject::Card(one.clone()),
            many => Subject::Cards(many.len()),
        })
    });
    move || match subject.get() {
        Subject::Blueprint => view! { <BlueprintDetails /> }.into_any(),
        Subject::Card(id) => view! { <CardDetails id=id /> }.into_any(),
        Subject::Cards(n) => view! { <SelectionDetails count=n /> }.into_any(),
        Subject::Connection(id) => view! { <ConnectionDetails id=id /> }.into_any(),
    }
}

#[component]
fn BlueprintDetails() -> impl IntoView {
    let app = use_app();
    let meta = Memo::new(move |_| app.doc(|d| d.metadata.clone()));
    let counts = Memo::new(move |_| {
        app.doc(|d| {
            (
                d.stages.len(),
                d.lanes.len(),
                d.cards.len(),
                d.connections.len(),
            )
        })
    });
    let show = move |field: BlueprintField| {
        Signal::derive(move || meta.with(|m| field.show(m).to_string()))
    };
    let set = move |field: BlueprintField| {
        Callback::new(move |text: String| {
            let command = app.doc_now(|d| fields::set_metadata(d, field, &text));
            commit(&app, field.label(), Ok(command));
        })
    };
    view! {
        <h2 class="details__heading">"Blueprint"</h2>
        <p class="details__summary">
            {move || {
                let (s, l, c, a) = counts.get();
                format!("{s} stages · {l} lanes · {c} cards · {a} arrows")
            }}
        </p>
        <TextField
            label="Title"
            value=show(BlueprintField::Title)
            on_commit=set(BlueprintField::Title)
        />
        <TextField
            label="Description"
            multiline=true
            value=show(BlueprintField::Description)
            on_commit=set(BlueprintField::Description)
        />
        <TextField
            label="Persona"
            value=show(BlueprintField::Persona)
            on_commit=set(BlueprintField::Persona)
            hint="Who the blueprint is drawn for"
        />
        <TextField
            label="Scenario"
            multiline=true
            value=show(BlueprintField::Scenario)
            on_commit=set(BlueprintField::Scenario)
        />
        <SelectField
            label="What it shows"
            options={with_none("Not said", choices::<BlueprintKind>())}
            value=Signal::derive(move || meta.with(|m| fields::show_kind(m).to_string()))
            on_commit=Callback::new(move |name: String| {
                let command = app.doc_now(|d| fields::set_kind(d, &name));
                commit(&app, fields::blueprint::SET_KIND_LABEL, command);
            })
        />
        {move || {
            meta.with(|m| m.kind.map(BlueprintKind::description))
                .map(|line| view! { <p class="details__hint">{line}</p> })
        }}
        {move || {
            meta.with(|m| m.derived_from.as_ref().map(|from| from.summary()))
                .map(|line| view! { <p class="details__summary">{line}</p> })
        }}
        <p class="details__hint">
            "Select a card to edit it. Double-click or double-tap a cell to add one; "
            "press ? for keyboard shortcuts."
        </p>
    }
}

#[component]
fn SelectionDetails(count: usize) -> impl IntoView {
    let app = use_app();
    view! {
        <h2 class="details__heading">{format!("{count} cards selected")}</h2>
        <p class="details__hint">"Drag any of them to move them together, or use the buttons."</p>
        <div class="details__actions">
            <button
                type="button"
                class="button"
                on:click=move |_| {
                    perform(&app, Action::Duplicate);
                }
            >
                "Duplicate"
            </button>
            <button
                type="button"
                class="button button--danger"
                on:click=move |_| {
                    perform(&app, Action::Delete);
                }
            >
                "Delete"
            </button>
            <button type="button" class="button" on:click=move |_| app.select_only(Vec::new())>
                "Clear selection"
            </button>
        </div>
    }
}

/// `choices` with a first option for "none" (the empty value), for optional fields.
fn with_none(
    none: &'static str,
    choices: impl IntoIterator<Item = (&'static str, &'static str)>,
) -> Vec<(&'static str, &'static str)> {
    std::iter::once(("", none)).chain(choices).collect()
}

/// Runs a field edit's command as one undo step labelled `label`, unless it changes nothing;
/// an edit the rules refuse is explained in the status line.
fn commit(app: &AppState, label: &str, command: Result<Command, FieldError>) {
    match command {
        Ok(command) if command.is_noop() => {}
        Ok(command) => {
            app.run(label, Ok(command));
        }
        Err(FieldError::Command(e)) => {
            app.run(label, Err(e));
        }
        Err(e) => app.say(e.to_string()),
    }
}

/// Makes one edit of a card as one undo step (see [`fields::edit_card`]).
fn edit_card(app: &AppState, id: StoredValue<CardId>, edit: CardEdit) {
    let command = id.with_value(|id| app.doc_now(|d| fields::edit_card(d, id, &edit)));
    commit(app, edit.label(), command);
}

#[component]
fn CardDetails(id: CardId) -> impl IntoView {
    let app = use_app();
    let card = Memo::new({
        let id = id.clone();
        move |_| app.doc(|d| d.card(&id).cloned())
    });
    let place = Memo::new({
        let id = id.clone();
        move |_| {
            app.doc(|d| {
                let c = d.card(&id)?;
                Some(format!(
                    "{} · {}",
                    d.lane(&c.lane).map(|l| l.name.clone()).unwrap_or_default(),
                    d.stage(&c.stage)
                        .map(|s| s.name.clone())
                        .unwrap_or_default()
                ))
            })
        }
    });
    let stored = StoredValue::new(id.clone());
    let edit = move |e: CardEdit| edit_card(&app, stored, e);
    let show = move |field: CardField| {
        Signal::derive(move || card.with(|c| c.as_ref().map(|c| field.show(c)).unwrap_or_default()))
    };
    let text = move |field: CardField| Callback::new(move |t| edit(CardEdit::Text(field, t)));
    let seconds = move |field: CardDuration| {
        Signal::derive(move || card.with(|c| c.as_ref().and_then(|c| field.get(c))))
    };
    let dur = move |field: CardDuration| Callback::new(move |v| edit(CardEdit::Duration(field, v)));
    let on_error = Callback::new(move |msg: String| app.say(msg));
    let has_fail = move || card.with(|c| c.as_ref().is_some_and(|c| c.fail_point.is_some()));
    let toggle_fail =
        move |ev: web_sys::Event| edit(CardEdit::FailPoint(event_target_checked(&ev)));
    let fail_text = move |field: FailField| Callback::new(move |t| edit(CardEdit::Fail(field, t)));
    let get_fail = move |field: FailField| {
        Signal::derive(move || card.with(|c| c.as_ref().map(|c| field.show(c)).unwrap_or_default()))
    };
    let connections = Memo::new({
        let id = id.clone();
        move |_| {
            app.doc(|d| {
                d.connections_of(&id)
                    .map(|c| {
                        let outgoing = c.from == id;
                        let other = if outgoing { &c.to } else { &c.from };
                        let name = d.card(other).map_or("", |o| &o.title);
                        let arrow = if outgoing { "→" } else { "←" };
                        (c.id.clone(), format!("{arrow} {}", shown_title(name)))
                    })
                    .collect::<Vec<_>>()
            })
        }
    });

    view! {
        <h2 class="details__heading">"Card"</h2>
        <p class="details__summary">{move || place.get().unwrap_or_default()}</p>
        <TextField
            label="Title"
            multiline=true
            value=show(CardField::Title)
            on_commit=text(CardField::Title)
        />
        <TextField
            label="Description"
            multiline=true
            value=show(CardField::Description)
            on_commit=text(CardField::Description)
        />
        <div class="field-row">
            <SelectField
                label="Kind"
                options={choices::<CardKind>()}
                value=show(CardField::Kind)
                on_commit=text(CardField::Kind)
            />
            <SelectField
                label="Actor type"
                options={with_none("—", choices::<ActorType>())}
                value=show(CardField::ActorType)
                on_commit=text(CardField::ActorType)
            />
        </div>
        <div class="field-row">
            <TextField
                label="Owner"
                value=show(CardField::Owner)
                on_commit=text(CardField::Owner)
            />
            <TextField
                label="Channel"
                list="channel-names"
                value=show(CardField::Channel)
                on_commit=text(CardField::Channel)
            />
        </div>
        <datalist id="channel-names">
            {KnownChannel::ALL
                .iter()
                .map(|k| view! { <option value=k.label()></option> })
                .collect_view()}
        </datalist>
        <div class="field-row">
            <DurationField
                label="Duration"
                value=seconds(CardDuration::Typical)
                on_commit=dur(CardDuration::Typical)
                on_error=on_error
            />
            <DurationField
                label="Wait before"
                value=seconds(CardDuration::WaitBefore)
                on_commit=dur(CardDuration::WaitBefore)
                on_error=on_error
            />
            <DurationField
                label="SLA"
                value=seconds(CardDuration::Sla)
                on_commit=dur(CardDuration::Sla)
                on_error=on_error
            />
        </div>
        <div class="field-row">
            <DurationField
                label="Wait tolerance"
                value=seconds(CardDuration::WaitTolerance)
                on_commit=dur(CardDuration::WaitTolerance)
                on_error=on_error
            />
        </div>
        <div class="field-row">
            <SelectField
                label="Customer emotion"
                options=with_none("—", EMOTION_CHOICES)
                value=show(CardField::Emotion)
                on_commit=text(CardField::Emotion)
            />
            <SelectField
                label="Personal data"
                options={with_none("None", choices::<Privacy>())}
                value=show(CardField::Privacy)
                on_commit=text(CardField::Privacy)
            />
        </div>
        <fieldset class="fieldset">
            <legend>
                <label class="check">
                    <input type="checkbox" prop:checked=has_fail on:change=toggle_fail />
                    " Fail point"
                </label>
            </legend>
            <Show when=has_fail>
                <SelectField
                    label="Risk"
                    options={choices::<Risk>()}
                    value=get_fail(FailField::Risk)
                    on_commit=fail_text(FailField::Risk)
                />
                <TextField
                    label="What can go wrong"
                    multiline=true
                    value=get_fail(FailField::Description)
                    on_commit=fail_text(FailField::Description)
                />
                <TextField
                    label="Fail point owner"
                    value=get_fail(FailField::Owner)
                    on_commit=fail_text(FailField::Owner)
                />
                <TextField
                    label="Escalation"
                    value=get_fail(FailField::Escalation)
                    on_commit=fail_text(FailField::Escalation)
                />
            </Show>
        </fieldset>
        <TextField
            label="Tags"
            value=show(CardField::Tags)
            hint="Separated by commas"
            on_commit=text(CardField::Tags)
        />
        <TextField
            label="Regulations"
            value=show(CardField::Regulations)
            hint="e.g. GDPR, PSD2; separated by commas"
            on_commit=text(CardField::Regulations)
        />
        <ListEditor id=id.clone() />
        <section class="details__section">
            <h3>"Arrows"</h3>
            <ul class="plain-list">
                <For
                    each=move || connections.get()
                    key=|c| c.clone()
                    children=move |(cid, label)| {
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="link-button"
                                    on:click=move |_| app.select_arrow(cid.clone())
                                >
                                    {label}
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            <p class="details__hint">
                "Drag from the card's right-hand dot to another card, "
                "or press C and then Enter on the target."
            </p>
        </section>
        <div class="details__actions">
            <button
                type="button"
                class="button"
                on:click=move |_| {
                    perform(&app, Action::Duplicate);
                }
            >
                "Duplicate"
            </button>
            <button
                type="button"
                class="button button--danger"
                on:click=move |_| {
                    perform(&app, Action::Delete);
                }
            >
                "Delete card"
            </button>
        </div>
    }
}

/// KPIs, links and notes: lists of small records with add and remove.
#[component]
fn ListEditor(id: CardId) -> impl IntoView {
    let app = use_app();
    let card = Memo::new({
        let id = id.clone();
        move |_| app.doc(|d| d.card(&id).cloned())
    });
    let stored = StoredValue::new(id);
    let edit = move |e: CardEdit| edit_card(&app, stored, e);
    let len =
        move |list: List| Memo::new(move |_| card.with(|c| c.as_ref().map_or(0, |c| list.len(c))));
    let (kpis, links, notes) = (len(List::Kpis), len(List::Links), len(List::Notes));
    let add = move |list: List| move |_| edit(CardEdit::Add(list));
    let remove = move |list: List, i: usize| move |_| edit(CardEdit::Remove(list, i));
    let kpi_field = move |i: usize, label: &'static str, f: KpiField| {
        let value = Signal::derive(move || {
            card.with(|c| c.as_ref().and_then(|c| c.kpis.get(i)).map(|k| f.show(k)))
                .unwrap_or_default()
        });
        let commit = Callback::new(move |t| edit(CardEdit::Kpi(i, f, t)));
        view! { <TextField label=label value=value on_commit=commit /> }
    };
    let link_field = move |i: usize, label: &'static str, f: LinkField| {
        let value = Signal::derive(move || {
            card.with(|c| c.as_ref().and_then(|c| c.links.get(i)).map(|l| f.show(l)))
                .unwrap_or_default()
        });
        let commit = Callback::new(move |t| edit(CardEdit::Link(i, f, t)));
        view! { <TextField label=label value=value on_commit=commit /> }
    };
    let note = move |i: usize, f: NoteField| {
        Signal::derive(move || {
            card.with(|c| c.as_ref().and_then(|c| c.notes.get(i)).map(|n| f.show(n)))
                .unwrap_or_default()
        })
    };
    let note_commit =
        move |i: usize, f: NoteField| Callback::new(move |t| edit(CardEdit::Note(i, f, t)));
    let add_link = Callback::new(move |(label, url): (String, String)| {
        let edit = CardEdit::AddLink { label, url };
        match stored.with_value(|id| app.doc_now(|d| fields::edit_card(d, id, &edit))) {
            Ok(command) => {
                app.run(edit.label(), Ok(command));
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        }
    });
    view! {
        <section class="details__section">
            <h3>"KPIs"</h3>
            <For
                each=move || 0..kpis.get()
                key=|i| *i
                children=move |i| {
                    view! {
                        <div class="list-row">
                            {kpi_field(i, "Name", KpiField::Name)}
                            {kpi_field(i, "Value", KpiField::Value)}
                            {kpi_field(i, "Target", KpiField::Target)}
                            {kpi_field(i, "Unit", KpiField::Unit)}
                            <button
                                type="button"
                                class="icon-button"
                                aria-label="Remove KPI"
                                on:click=remove(List::Kpis, i)
                            >
                                {icons::cross()}
                            </button>
                        </div>
                    }
                }
            />
            <button type="button" class="link-button" on:click=add(List::Kpis)>
                "+ Add KPI"
            </button>
        </section>
        <section class="details__section">
            <h3>"Links"</h3>
            <For
                each=move || 0..links.get()
                key=|i| *i
                children=move |i| {
                    view! {
                        <div class="list-row">
                            {link_field(i, "Label", LinkField::Label)}
                            {link_field(i, "URL", LinkField::Url)}
                            <button
                                type="button"
                                class="icon-button"
                                aria-label="Remove link"
                                on:click=remove(List::Links, i)
                            >
                                {icons::cross()}
                            </button>
                        </div>
                    }
                }
            />
            <AddLink on_add=add_link />
        </section>
        <section class="details__section">
            <h3>"Notes"</h3>
            <For
                each=move || 0..notes.get()
                key=|i| *i
                children=move |i| {
                    view! {
                        <div class="list-row list-row--stacked">
                            <TextField
                                label="Note"
                                multiline=true
                                value=note(i, NoteField::Text)
                                on_commit=note_commit(i, NoteField::Text)
                            />
                            <TextField
                                label="Source"
                                value=note(i, NoteField::Source)
                                hint="Interview, observation, data…"
                                on_commit=note_commit(i, NoteField::Source)
                            />
                            <button
                                type="button"
                                class="icon-button"
                                aria-label="Remove note"
                                on:click=remove(List::Notes, i)
                            >
                                {icons::cross()}
                            </button>
                        </div>
                    }
                }
            />
            <button type="button" class="link-button" on:click=add(List::Notes)>
                "+ Add note"
            </button>
        </section>
    }
}

#[component]
fn ConnectionDetails(id: ConnectionId) -> impl IntoView {
    let app = use_app();
    let conn = Memo::new({
        let id = id.clone();
        move |_| app.doc(|d| d.connection(&id).cloned())
    });
    let ends = Memo::new({
        let id = id.clone();
        move |_| {
            app.doc(|d| {
                let c = d.connection(&id)?;
                let name = |cid| {
                    d.card(cid)
                        .map(|x: &Card| shown_title(&x.title).to_string())
                };
                let crossings: Vec<&str> = d
                    .crossings(&c.from, &c.to)
                    .into_iter()
                    .map(|l| l.label())
                    .collect();
                Some((name(&c.from)?, name(&c.to)?, crossings))
            })
        }
    });
    let stored = StoredValue::new(id.clone());
    let edit = move |e: ConnectionEdit| {
        let command = stored.with_value(|id| app.doc_now(|d| fields::edit_connection(d, id, &e)));
        commit(&app, e.label(), command);
    };
    let text =
        move |field: ConnectionField| Callback::new(move |t| edit(ConnectionEdit::Text(field, t)));
    let show = move |field: ConnectionField| {
        Signal::derive(move || conn.with(|c| c.as_ref().map(|c| field.show(c)).unwrap_or_default()))
    };
    let latency =
        Signal::derive(move || conn.with(|c| c.as_ref().and_then(|c| c.expected_latency_secs)));
    let delete = move |_| {
        let ids = std::slice::from_ref(&id);
        app.run(
            "Delete arrow",
            app.doc_now(|d| ops::delete_connections(d, ids)),
        );
    };
    view! {
        <h2 class="details__heading">"Arrow"</h2>
        <p class="details__summary">{move || ends.get().map(|(a, b, _)| format!("{a} → {b}"))}</p>
        {move || {
            ends
                .get()
                .and_then(|(_, _, x)| {
                    (!x.is_empty())
                        .then(|| {
                            view! {
                                <p class="details__warning">
                                    {format!("Crosses the {}", x.join(" and the "))}
                                </p>
                            }
                        })
                })
        }}
        <TextField
            label="Label"
            value=show(ConnectionField::Label)
            on_commit=text(ConnectionField::Label)
        />
        <div class="field-row">
            <SelectField
                label="Kind"
                options={choices::<ConnectionKind>()}
                value=show(ConnectionField::Kind)
                on_commit=text(ConnectionField::Kind)
            />
            <SelectField
                label="Direction"
                options={choices::<Direction>()}
                value=show(ConnectionField::Direction)
                on_commit=text(ConnectionField::Direction)
            />
        </div>
        <DurationField
            label="Expected latency"
            value=latency
            on_commit=Callback::new(move |v| edit(ConnectionEdit::Latency(v)))
            on_error=Callback::new(move |m: String| app.say(m))
        />
        <div class="details__actions">
            <button type="button" class="button button--danger" on:click=delete>
                "Delete arrow"
            </button>
        </div>
    }
}
