//! The details panel: every field of the selected card or arrow, the selection's actions, or
//! the blueprint's own description when nothing is selected.

use leptos::prelude::*;
use stageline_core::nav::Focus;
use stageline_core::ops;
use stageline_schema::{
    ActorType, Card, CardId, CardKind, Channel, ConnectionId, ConnectionKind, Direction, FailPoint,
    Kpi, Link, Note, Privacy, Risk,
};

use crate::components::checks::ChecksPanel;
use crate::components::fields::{split_list, DurationField, SelectField, TextField};
use crate::interaction::keys;
use crate::state::{use_app, AppState};

/// What the panel shows.
#[derive(Debug, Clone, PartialEq)]
enum Subject {
    Blueprint,
    Card(CardId),
    Cards(usize),
    Connection(ConnectionId),
}

/// The details panel beside the canvas.
#[component]
pub fn DetailsPanel() -> impl IntoView {
    let app = use_app();
    let s = app.session;
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
    view! {
        <aside class="details" aria-label="Details">
            <ChecksPanel />
            {move || match subject.get() {
                Subject::Blueprint => view! { <BlueprintDetails /> }.into_any(),
                Subject::Card(id) => view! { <CardDetails id=id /> }.into_any(),
                Subject::Cards(n) => view! { <SelectionDetails count=n /> }.into_any(),
                Subject::Connection(id) => view! { <ConnectionDetails id=id /> }.into_any(),
            }}
        </aside>
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
    let set = move |label: &'static str, f: fn(&mut stageline_schema::Metadata, String)| {
        Callback::new(move |text: String| {
            let mut m = meta.get_untracked();
            f(&mut m, text.trim().to_string());
            if m != meta.get_untracked() {
                app.run(
                    label,
                    Ok(stageline_core::Command::SetMetadata { metadata: m }),
                );
            }
        })
    };
    view! {
        <h2 class="details__heading">"Blueprint"</h2>
        <p class="details__summary">{move || {
            let (s, l, c, a) = counts.get();
            format!("{s} stages · {l} lanes · {c} cards · {a} arrows")
        }}</p>
        <TextField label="Title" value=Signal::derive(move || meta.with(|m| m.title.clone()))
            on_commit=set("Edit title", |m, t| m.title = t) />
        <TextField label="Description" multiline=true value=Signal::derive(move || meta.with(|m| m.description.clone()))
            on_commit=set("Edit description", |m, t| m.description = t) />
        <TextField label="Persona" value=Signal::derive(move || meta.with(|m| m.persona.clone()))
            on_commit=set("Edit persona", |m, t| m.persona = t) hint="Who the blueprint is drawn for" />
        <TextField label="Scenario" multiline=true value=Signal::derive(move || meta.with(|m| m.scenario.clone()))
            on_commit=set("Edit scenario", |m, t| m.scenario = t) />
        <p class="details__hint">"Select a card to edit it. Double-click or double-tap a cell to add one; press ? for keyboard shortcuts."</p>
    }
}

#[component]
fn SelectionDetails(count: usize) -> impl IntoView {
    let app = use_app();
    let focus = move || {
        app.session
            .focus
            .get_untracked()
            .unwrap_or_else(|| app.doc_now(stageline_core::nav::first_focus))
    };
    view! {
        <h2 class="details__heading">{format!("{count} cards selected")}</h2>
        <p class="details__hint">"Drag any of them to move them together, or use the buttons."</p>
        <div class="details__actions">
            <button type="button" class="button" on:click=move |_| keys::duplicate(&app, &focus())>"Duplicate"</button>
            <button type="button" class="button button--danger" on:click=move |_| keys::delete(&app, &focus())>"Delete"</button>
            <button type="button" class="button" on:click=move |_| app.select_only(Vec::new())>"Clear selection"</button>
        </div>
    }
}

fn card_kind_options() -> Vec<(&'static str, &'static str)> {
    vec![
        ("touchpoint", "Touchpoint"),
        ("action", "Action"),
        ("evidence", "Evidence"),
        ("system", "System"),
        ("policy", "Policy"),
        ("note", "Note"),
    ]
}

/// The JSON name of a unit enum value, e.g. `"data_flow"` (the compact JSON writer is in the
/// build already for saving, so this adds no serializer code).
fn enum_value<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v)
        .ok()
        .and_then(|s| Some(s.strip_prefix('"')?.strip_suffix('"')?.to_string()))
        .unwrap_or_default()
}

/// The unit enum value with this JSON name, through serde's small string deserializer.
fn enum_parse<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    use serde::de::IntoDeserializer;
    let name: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        s.into_deserializer();
    T::deserialize(name).ok()
}

/// Applies an edit to a card as one undo step.
fn edit_card(app: &AppState, id: &CardId, label: &str, f: impl FnOnce(&mut Card)) {
    let command = app.doc_now(|d| {
        let mut copy = d.card(id)?.clone();
        f(&mut copy);
        (d.card(id) != Some(&copy)).then(|| ops::edit_card(d, id, |c| *c = copy))
    });
    if let Some(command) = command {
        app.run(label, command);
    }
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
    let get = move |f: fn(&Card) -> String| {
        Signal::derive(move || card.with(|c| c.as_ref().map(f).unwrap_or_default()))
    };
    let text = {
        let id = id.clone();
        move |label: &'static str, f: fn(&mut Card, String)| {
            let id = id.clone();
            Callback::new(move |t: String| {
                edit_card(&app, &id, label, |c| f(c, t.trim().to_string()))
            })
        }
    };
    let dur = {
        let id = id.clone();
        move |label: &'static str, f: fn(&mut Card, Option<u64>)| {
            let id = id.clone();
            Callback::new(move |v: Option<u64>| edit_card(&app, &id, label, |c| f(c, v)))
        }
    };
    let on_error = Callback::new(move |msg: String| app.say(msg));
    let has_fail = move || card.with(|c| c.as_ref().is_some_and(|c| c.fail_point.is_some()));
    let id_fail = id.clone();
    let toggle_fail = move |ev: web_sys::Event| {
        let on = event_target_checked(&ev);
        edit_card(&app, &id_fail, "Fail point", |c| {
            c.fail_point = on.then(|| {
                c.fail_point.clone().unwrap_or(FailPoint {
                    risk: Risk::Medium,
                    description: String::new(),
                    owner: None,
                    escalation: None,
                })
            });
        });
    };
    let fail_text = {
        let id = id.clone();
        move |label: &'static str, f: fn(&mut FailPoint, String)| {
            let id = id.clone();
            Callback::new(move |t: String| {
                edit_card(&app, &id, label, |c| {
                    if let Some(fp) = c.fail_point.as_mut() {
                        f(fp, t.trim().to_string());
                    }
                })
            })
        }
    };
    let get_fail = move |f: fn(&FailPoint) -> String| {
        Signal::derive(move || {
            card.with(|c| {
                c.as_ref()
                    .and_then(|c| c.fail_point.as_ref())
                    .map(f)
                    .unwrap_or_default()
            })
        })
    };
    let id_actions = id.clone();
    let connections = Memo::new({
        let id = id.clone();
        move |_| {
            app.doc(|d| {
                d.connections_of(&id)
                    .map(|c| {
                        let outgoing = c.from == id;
                        let other = if outgoing { &c.to } else { &c.from };
                        let name = d.card(other).map(|o| o.title.clone()).unwrap_or_default();
                        (
                            c.id.clone(),
                            format!(
                                "{} {}",
                                if outgoing { "→" } else { "←" },
                                if name.is_empty() {
                                    "Untitled".into()
                                } else {
                                    name
                                }
                            ),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        }
    });

    view! {
        <h2 class="details__heading">"Card"</h2>
        <p class="details__summary">{move || place.get().unwrap_or_default()}</p>
        <TextField label="Title" multiline=true value=get(|c| c.title.clone()) on_commit=text("Edit title", |c, t| c.title = t) />
        <TextField label="Description" multiline=true value=get(|c| c.description.clone())
            on_commit=text("Edit description", |c, t| c.description = t) />
        <div class="field-row">
            <SelectField label="Kind" options=card_kind_options() value=get(|c| enum_value(&c.kind))
                on_commit=text("Change kind", |c, t| if let Some(k) = enum_parse::<CardKind>(&t) { c.kind = k }) />
            <SelectField label="Actor type"
                options=vec![("", "—"), ("human", "Human"), ("ivr_bot", "IVR / bot"), ("virtual_agent", "Virtual agent"), ("human_with_copilot", "Human + copilot")]
                value=get(|c| c.actor_type.as_ref().map(enum_value).unwrap_or_default())
                on_commit=text("Change actor type", |c, t| c.actor_type = enum_parse::<ActorType>(&t)) />
        </div>
        <div class="field-row">
            <TextField label="Owner" value=get(|c| c.owner.clone().unwrap_or_default())
                on_commit=text("Edit owner", |c, t| c.owner = if t.is_empty() { None } else { Some(t) }) />
            <TextField label="Channel" list="channel-names" value=get(|c| c.channel.as_ref().map(|ch| ch.name().to_string()).unwrap_or_default())
                on_commit=text("Edit channel", |c, t| c.channel = if t.is_empty() { None } else { Some(Channel::from_name(&t.to_lowercase().replace(' ', "_"))) }) />
        </div>
        <datalist id="channel-names">
            {Channel::KNOWN.iter().map(|(n, _)| view! { <option value=*n></option> }).collect_view()}
        </datalist>
        <div class="field-row">
            <DurationField label="Duration" value=Signal::derive(move || card.with(|c| c.as_ref().and_then(|c| c.typical_duration_secs)))
                on_commit=dur("Edit duration", |c, v| c.typical_duration_secs = v) on_error=on_error />
            <DurationField label="Wait before" value=Signal::derive(move || card.with(|c| c.as_ref().and_then(|c| c.wait_before_secs)))
                on_commit=dur("Edit wait", |c, v| c.wait_before_secs = v) on_error=on_error />
            <DurationField label="SLA" value=Signal::derive(move || card.with(|c| c.as_ref().and_then(|c| c.sla_secs)))
                on_commit=dur("Edit SLA", |c, v| c.sla_secs = v) on_error=on_error />
        </div>
        <div class="field-row">
            <DurationField label="Wait tolerance" value=Signal::derive(move || card.with(|c| c.as_ref().and_then(|c| c.wait_tolerance_secs)))
                on_commit=dur("Edit wait tolerance", |c, v| c.wait_tolerance_secs = v) on_error=on_error />
        </div>
        <div class="field-row">
            <SelectField label="Customer emotion"
                options=vec![("", "—"), ("-2", "−2 very negative"), ("-1", "−1 negative"), ("0", "0 neutral"), ("1", "+1 positive"), ("2", "+2 very positive")]
                value=get(|c| c.emotion.map(|e| e.to_string()).unwrap_or_default())
                on_commit=text("Edit emotion", |c, t| c.emotion = t.parse::<i8>().ok().map(|e| e.clamp(-2, 2))) />
            <SelectField label="Personal data"
                options=vec![("", "None"), ("personal", "Personal"), ("sensitive", "Sensitive")]
                value=get(|c| c.privacy.as_ref().map(enum_value).unwrap_or_default())
                on_commit=text("Edit privacy", |c, t| c.privacy = enum_parse::<Privacy>(&t)) />
        </div>
        <fieldset class="fieldset">
            <legend>
                <label class="check">
                    <input type="checkbox" prop:checked=has_fail on:change=toggle_fail />
                    " Fail point"
                </label>
            </legend>
            <Show when=has_fail>
                <SelectField label="Risk" options=vec![("low", "Low"), ("medium", "Medium"), ("high", "High")]
                    value=get_fail(|f| enum_value(&f.risk))
                    on_commit=fail_text("Edit risk", |f, t| if let Some(r) = enum_parse::<Risk>(&t) { f.risk = r }) />
                <TextField label="What can go wrong" multiline=true value=get_fail(|f| f.description.clone())
                    on_commit=fail_text("Edit fail point", |f, t| f.description = t) />
                <TextField label="Fail point owner" value=get_fail(|f| f.owner.clone().unwrap_or_default())
                    on_commit=fail_text("Edit fail point owner", |f, t| f.owner = if t.is_empty() { None } else { Some(t) }) />
                <TextField label="Escalation" value=get_fail(|f| f.escalation.clone().unwrap_or_default())
                    on_commit=fail_text("Edit escalation", |f, t| f.escalation = if t.is_empty() { None } else { Some(t) }) />
            </Show>
        </fieldset>
        <TextField label="Tags" value=get(|c| c.tags.join(", ")) hint="Separated by commas"
            on_commit=text("Edit tags", |c, t| c.tags = split_list(&t)) />
        <TextField label="Regulations" value=get(|c| c.regulations.join(", ")) hint="e.g. GDPR, PSD2; separated by commas"
            on_commit=text("Edit regulations", |c, t| c.regulations = split_list(&t)) />
        <ListEditor id=id.clone() />
        <section class="details__section">
            <h3>"Arrows"</h3>
            <ul class="plain-list">
                <For each=move || connections.get() key=|c| c.clone() children=move |(cid, label)| view! {
                    <li><button type="button" class="link-button"
                        on:click=move |_| app.select_arrow(cid.clone())>
                        {label}</button></li>
                } />
            </ul>
            <p class="details__hint">"Drag from the card's right-hand dot to another card, or press C and then Enter on the target."</p>
        </section>
        <div class="details__actions">
            <button type="button" class="button" on:click={
                let id = id_actions.clone();
                move |_| keys::duplicate(&app, &Focus::Card(id.clone()))
            }>"Duplicate"</button>
            <button type="button" class="button button--danger" on:click={
                let id = id_actions.clone();
                move |_| keys::delete(&app, &Focus::Card(id.clone()))
            }>"Delete card"</button>
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
    let len =
        move |f: fn(&Card) -> usize| Memo::new(move |_| card.with(|c| c.as_ref().map_or(0, f)));
    let kpis = len(|c| c.kpis.len());
    let links = len(|c| c.links.len());
    let notes = len(|c| c.notes.len());
    let edit = {
        let id = id.clone();
        move |label: &'static str, f: Box<dyn FnOnce(&mut Card)>| edit_card(&app, &id, label, f)
    };
    let e1 = edit.clone();
    let e2 = edit.clone();
    let e3 = edit.clone();
    let e4 = edit.clone();
    let e5 = edit.clone();
    let e6 = edit.clone();
    let kpi_field = move |i: usize,
                          label: &'static str,
                          get: fn(&Kpi) -> String,
                          set: fn(&mut Kpi, String)| {
        let e = edit.clone();
        view! {
            <TextField label=label value=Signal::derive(move || card.with(|c| c.as_ref().and_then(|c| c.kpis.get(i)).map(get).unwrap_or_default()))
                on_commit=Callback::new(move |t: String| e("Edit KPI", Box::new(move |c: &mut Card| if let Some(k) = c.kpis.get_mut(i) { set(k, t.trim().to_string()) }))) />
        }
    };
    let link_error = move |url: &str| {
        app.say(format!(
            "Link not saved: \"{url}\" must start with https://, http:// or mailto:"
        ))
    };
    view! {
        <section class="details__section">
            <h3>"KPIs"</h3>
            <For each=move || 0..kpis.get() key=|i| *i children=move |i| {
                let e = e1.clone();
                view! {
                    <div class="list-row">
                        {kpi_field(i, "Name", |k| k.name.clone(), |k, t| k.name = t)}
                        {kpi_field(i, "Value", |k| num_str(k.value), |k, t| k.value = parse_num(&t))}
                        {kpi_field(i, "Target", |k| num_str(k.target), |k, t| k.target = parse_num(&t))}
                        {kpi_field(i, "Unit", |k| k.unit.clone().unwrap_or_default(), |k, t| k.unit = if t.is_empty() { None } else { Some(t) })}
                        <button type="button" class="icon-button" aria-label="Remove KPI"
                            on:click=move |_| e("Remove KPI", Box::new(move |c: &mut Card| { if i < c.kpis.len() { c.kpis.remove(i); } }))>"✕"</button>
                    </div>
                }
            } />
            <button type="button" class="link-button" on:click=move |_| e2("Add KPI", Box::new(|c: &mut Card| c.kpis.push(Kpi { name: "New KPI".into(), value: None, target: None, unit: None })))>"+ Add KPI"</button>
        </section>
        <section class="details__section">
            <h3>"Links"</h3>
            <For each=move || 0..links.get() key=|i| *i children=move |i| {
                let e = e3.clone();
                let e_label = e3.clone();
                let e_url = e3.clone();
                view! {
                    <div class="list-row">
                        <TextField label="Label" value=Signal::derive(move || card.with(|c| c.as_ref().and_then(|c| c.links.get(i)).map(|l| l.label.clone()).unwrap_or_default()))
                            on_commit=Callback::new(move |t: String| e_label("Edit link", Box::new(move |c: &mut Card| if let Some(l) = c.links.get_mut(i) { l.label = t.trim().to_string() }))) />
                        <TextField label="URL" value=Signal::derive(move || card.with(|c| c.as_ref().and_then(|c| c.links.get(i)).map(|l| l.url.clone()).unwrap_or_default()))
                            on_commit=Callback::new(move |t: String| {
                                let url = t.trim().to_string();
                                if stageline_schema::card::is_safe_url(&url) {
                                    e_url("Edit link", Box::new(move |c: &mut Card| if let Some(l) = c.links.get_mut(i) { l.url = url }));
                                } else {
                                    link_error(&url);
                                }
                            }) />
                        <button type="button" class="icon-button" aria-label="Remove link"
                            on:click=move |_| e("Remove link", Box::new(move |c: &mut Card| { if i < c.links.len() { c.links.remove(i); } }))>"✕"</button>
                    </div>
                }
            } />
            <button type="button" class="link-button" on:click=move |_| e4("Add link", Box::new(|c: &mut Card| c.links.push(Link { label: "Link".into(), url: "https://".into() })))>"+ Add link"</button>
        </section>
        <section class="details__section">
            <h3>"Notes"</h3>
            <For each=move || 0..notes.get() key=|i| *i children=move |i| {
                let e = e5.clone();
                let e_text = e5.clone();
                let e_source = e5.clone();
                view! {
                    <div class="list-row list-row--stacked">
                        <TextField label="Note" multiline=true value=Signal::derive(move || card.with(|c| c.as_ref().and_then(|c| c.notes.get(i)).map(|n| n.text.clone()).unwrap_or_default()))
                            on_commit=Callback::new(move |t: String| e_text("Edit note", Box::new(move |c: &mut Card| if let Some(n) = c.notes.get_mut(i) { n.text = t.trim().to_string() }))) />
                        <TextField label="Source" value=Signal::derive(move || card.with(|c| c.as_ref().and_then(|c| c.notes.get(i)).and_then(|n| n.source.clone()).unwrap_or_default()))
                            hint="Interview, observation, data…"
                            on_commit=Callback::new(move |t: String| e_source("Edit note source", Box::new(move |c: &mut Card| if let Some(n) = c.notes.get_mut(i) { let t = t.trim().to_string(); n.source = if t.is_empty() { None } else { Some(t) } }))) />
                        <button type="button" class="icon-button" aria-label="Remove note"
                            on:click=move |_| e("Remove note", Box::new(move |c: &mut Card| { if i < c.notes.len() { c.notes.remove(i); } }))>"✕"</button>
                    </div>
                }
            } />
            <button type="button" class="link-button" on:click=move |_| e6("Add note", Box::new(|c: &mut Card| c.notes.push(Note { text: String::new(), source: None })))>"+ Add note"</button>
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
                    d.card(cid).map(|x: &Card| {
                        if x.title.is_empty() {
                            "Untitled".to_string()
                        } else {
                            x.title.clone()
                        }
                    })
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
    let edit = {
        let id = id.clone();
        move |label: &'static str, f: fn(&mut stageline_schema::Connection, String)| {
            let id = id.clone();
            Callback::new(move |t: String| {
                let t = t.trim().to_string();
                app.run(
                    label,
                    app.doc_now(|d| ops::edit_connection(d, &id, |c| f(c, t))),
                );
            })
        }
    };
    let get = move |f: fn(&stageline_schema::Connection) -> String| {
        Signal::derive(move || conn.with(|c| c.as_ref().map(f).unwrap_or_default()))
    };
    let id_latency = id.clone();
    let id_delete = id.clone();
    view! {
        <h2 class="details__heading">"Arrow"</h2>
        <p class="details__summary">{move || ends.get().map(|(a, b, _)| format!("{a} → {b}"))}</p>
        {move || ends.get().and_then(|(_, _, x)| (!x.is_empty()).then(|| view! {
            <p class="details__warning">{format!("Crosses the {}", x.join(" and the "))}</p>
        }))}
        <TextField label="Label" value=get(|c| c.label.clone()) on_commit=edit("Edit arrow label", |c, t| c.label = t) />
        <div class="field-row">
            <SelectField label="Kind"
                options=vec![("handoff", "Handoff"), ("data_flow", "Data flow"), ("dependency", "Dependency"), ("feedback", "Feedback")]
                value=get(|c| enum_value(&c.kind))
                on_commit=edit("Change arrow kind", |c, t| if let Some(k) = enum_parse::<ConnectionKind>(&t) { c.kind = k }) />
            <SelectField label="Direction" options=vec![("one_way", "One way"), ("two_way", "Both ways")]
                value=get(|c| enum_value(&c.direction))
                on_commit=edit("Change arrow direction", |c, t| if let Some(k) = enum_parse::<Direction>(&t) { c.direction = k }) />
        </div>
        <DurationField label="Expected latency"
            value=Signal::derive(move || conn.with(|c| c.as_ref().and_then(|c| c.expected_latency_secs)))
            on_commit=Callback::new(move |v: Option<u64>| {
                app.run("Edit latency", app.doc_now(|d| ops::edit_connection(d, &id_latency, |c| c.expected_latency_secs = v)));
            })
            on_error=Callback::new(move |m: String| app.say(m)) />
        <div class="details__actions">
            <button type="button" class="button button--danger" on:click=move |_| {
                app.run("Delete arrow", app.doc_now(|d| ops::delete_connections(d, std::slice::from_ref(&id_delete))));
            }>"Delete arrow"</button>
        </div>
    }
}

fn num_str(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn parse_num(t: &str) -> Option<f64> {
    t.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}
