//! The live workshop in the editor: the button and status in the header (always visible in a
//! workshop: live, reconnecting, offline with changes waiting), the dialog that starts one
//! (a name asked once, the room link to paste into chat) and lists who is in the room, and
//! the presence layer on the canvas (others' pointers, and the cards they select, edit or
//! drag outlined in their colour).

use leptos::prelude::*;
use stageline_collab::room::{RoomId, RoomLink, ServerUrl};
use stageline_collab::Peer;
use stageline_core::library::workshop::Binding;

use crate::collab::profile::Profile;
use crate::collab::socket::Link;
use crate::collab::{config, use_live, LiveCtx, Status};
use crate::components::dialog::Dialog;
use crate::io::copy_text;
use crate::state::use_app;

/// The room link of a workshop: this page's address with the server and room in the
/// fragment (which the browser never sends to any server).
pub fn room_link(binding: &Binding) -> String {
    let location = window().location();
    let base = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    match (
        ServerUrl::parse(&binding.server),
        RoomId::parse(&binding.room),
    ) {
        (Ok(server), Ok(room)) => format!("{base}#{}", RoomLink { server, room }.fragment()),
        _ => String::new(),
    }
}

/// What the status says, in words.
pub fn status_words(status: Status, waiting: usize, people: usize) -> Option<String> {
    let waiting = match waiting {
        0 => String::new(),
        1 => ", 1 change waiting".to_string(),
        n => format!(", {n} changes waiting"),
    };
    let words = match status {
        Status::Alone => return None,
        Status::Workshop(Link::Connecting) => "Workshop: connecting…".to_string(),
        Status::Workshop(Link::Open) => match people {
            1 => "Workshop: live, only you so far".to_string(),
            n => format!("Workshop: live, {n} people"),
        },
        Status::Workshop(Link::Retrying(secs)) => {
            format!("Workshop: reconnecting in {secs} s{waiting}")
        }
        Status::Workshop(Link::Offline) => format!("Workshop: offline{waiting}"),
    };
    Some(words)
}

/// The header's workshop button and status.
#[component]
pub fn WorkshopControls() -> impl IntoView {
    let Some(live) = use_live() else {
        return ().into_any();
    };
    let open = RwSignal::new(false);
    let status = move || {
        let people = live.peers.with(|p| people_in_room(p)) + 1;
        status_words(live.status.get(), live.waiting.get(), people)
    };
    let state = move || match live.status.get() {
        Status::Alone => "alone",
        Status::Workshop(Link::Open) => "live",
        Status::Workshop(Link::Connecting) => "connecting",
        Status::Workshop(_) => "away",
    };
    view! {
        <button
            type="button"
            class="button button--small"
            aria-haspopup="dialog"
            on:click=move |_| open.set(true)
        >
            {move || {
                if live.workshop.with(Option::is_some) { "Workshop…" } else { "Start a workshop…" }
            }}
        </button>
        // Always in the page, so a screen reader hears each change of the connection.
        <span class="live-status" data-state=state role="status">
            {status}
        </span>
        <WorkshopDialog open live />
    }
    .into_any()
}

/// How many of the peers are other people in the room (other tabs of this browser, outside
/// a workshop, are not).
fn people_in_room(peers: &[Peer]) -> usize {
    peers.len()
}

/// What identifies a peer's row in the list (a new name or colour redraws it).
fn peer_key(peer: &Peer) -> (u64, String, String) {
    let p = &peer.presence;
    (peer.client_id, p.name.clone(), p.color.clone())
}

/// Starts a workshop, or shows its link and who is in it.
#[component]
fn WorkshopDialog(open: RwSignal<bool>, live: LiveCtx) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(live.me.get_untracked().map(|p| p.name).unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let server = StoredValue::new(config::server());
    let start = {
        move || {
            let Some(me) = Profile::remember(&name.get_untracked()) else {
                problem.set(Some("Type the name others will see first.".into()));
                return;
            };
            live.me.set(Some(me));
            problem.set(None);
            match live.with(|engine| engine.start_workshop(&server.get_value())) {
                Some(Ok(_)) => app.say("Workshop started: copy the room link and share it"),
                Some(Err(e)) => problem.set(Some(format!("{e}."))),
                None => {}
            }
        }
    };
    let link = move || {
        live.workshop
            .get()
            .map(|b| room_link(&b))
            .unwrap_or_default()
    };
    let copy = move |_| {
        copy_text(link(), move |result| match result {
            Ok(()) => app.say("Copied the room link"),
            Err(e) => app.say(format!("Could not copy: {e}")),
        });
    };
    let leave = move |_| {
        live.with(|engine| engine.leave_workshop());
        app.say("Left the workshop; the blueprint stays here as an ordinary one");
        open.set(false);
    };
    let in_workshop = move || live.workshop.with(Option::is_some);
    view! {
        <Dialog
            open=open
            on_close=move || open.set(false)
            labelled_by="workshop-title"
            initial_focus="workshop-first"
            class="workshop-dialog"
        >
            <h2 id="workshop-title">
                {move || if in_workshop() { "Live workshop" } else { "Start a live workshop" }}
            </h2>
            <Show
                when=in_workshop
                fallback=move || {
                    view! {
                        <p>
                            "Everyone with the room link edits this blueprint with you, live. "
                            "It stays in this browser too, and works offline: changes merge when the connection returns."
                        </p>
                        <form
                            class="workshop-form"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                start();
                            }
                        >
                            <NameField
                                id="workshop-first"
                                label="Your name (others see it)"
                                name=name
                            />
                            <p class="workshop-server">"Server: " {server.get_value()}</p>
                            <p class="workshop-problem" role="alert">
                                {move || problem.get()}
                            </p>
                            <div class="dialog__actions">
                                <button type="submit" class="button button--primary">
                                    "Start the workshop"
                                </button>
                                <button type="button" class="button" on:click=move |_| open.set(false)>
                                    "Cancel"
                                </button>
                            </div>
                        </form>
                    }
                }
            >
                <label for="workshop-first">"Room link (anyone with it can edit)"</label>
                <div class="workshop-link">
                    <input id="workshop-first" type="text" readonly prop:value=link />
                    <button type="button" class="button" on:click=copy>
                        "Copy link"
                    </button>
                </div>
                <h3 id="workshop-people">"In the room"</h3>
                <ul class="workshop-people" aria-labelledby="workshop-people">
                    <li>
                        <span
                            class="swatch"
                            aria-hidden="true"
                            style:background=move || {
                                live.me.get().map(|p| p.color).unwrap_or_default()
                            }
                        ></span>
                        {move || live.me.get().map(|p| p.name).unwrap_or_default()}
                        " (you)"
                    </li>
                    <For
                        each=move || live.peers.get()
                        key=peer_key
                        let:peer
                    >
                        <li>
                            <span
                                class="swatch"
                                aria-hidden="true"
                                style:background=peer.presence.color.clone()
                            ></span>
                            {peer.presence.name.clone()}
                        </li>
                    </For>
                </ul>
                <div class="dialog__actions">
                    <button type="button" class="button" on:click=leave>
                        "Leave the workshop"
                    </button>
                    <button type="button" class="button button--primary" on:click=move |_| open.set(false)>
                        "Close"
                    </button>
                </div>
            </Show>
        </Dialog>
    }
}

/// Others' pointers, and outlines around the cards they select, edit or drag, drawn over the
/// canvas in their colours (in canvas coordinates, so zoom scales them with the cards).
#[component]
pub fn PresenceLayer() -> impl IntoView {
    let Some(live) = use_live() else {
        return ().into_any();
    };
    let app = use_app();
    let layout = app.layout;
    let outlines = move || {
        live.peers.with(|peers| {
            layout.with(|l| {
                let mut out = Vec::new();
                for peer in peers {
                    let p = &peer.presence;
                    for card in &p.selection {
                        if let Some(r) = l.cards.get(card) {
                            let editing = p.editing.as_ref() == Some(card);
                            out.push((
                                peer.client_id,
                                card.clone(),
                                *r,
                                p.color.clone(),
                                p.name.clone(),
                                editing,
                                false,
                            ));
                        }
                    }
                    if let Some(card) = &p.editing {
                        if !p.selection.contains(card) {
                            if let Some(r) = l.cards.get(card) {
                                out.push((
                                    peer.client_id,
                                    card.clone(),
                                    *r,
                                    p.color.clone(),
                                    p.name.clone(),
                                    true,
                                    false,
                                ));
                            }
                        }
                    }
                    if let Some(drag) = &p.drag {
                        for card in &drag.cards {
                            if let Some(r) = l.cards.get(card) {
                                let mut r = *r;
                                r.x += drag.dx;
                                r.y += drag.dy;
                                out.push((
                                    peer.client_id,
                                    card.clone(),
                                    r,
                                    p.color.clone(),
                                    p.name.clone(),
                                    false,
                                    true,
                                ));
                            }
                        }
                    }
                }
                out
            })
        })
    };
    let pointers = move || {
        live.peers.with(|peers| {
            peers
                .iter()
                .filter_map(|peer| {
                    let (x, y) = peer.presence.pointer?;
                    Some((
                        peer.client_id,
                        x,
                        y,
                        peer.presence.color.clone(),
                        peer.presence.name.clone(),
                    ))
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="presence" aria-hidden="true">
            {move || {
                outlines()
                    .into_iter()
                    .map(|(_, card, r, color, name, editing, dragging)| {
                        let label = if editing {
                            format!("{name} is editing")
                        } else {
                            name
                        };
                        view! {
                            <div
                                class="presence-card"
                                class:presence-card--drag=dragging
                                data-card=card.to_string()
                                style=format!(
                                    "transform: translate({}px, {}px); width: {}px; height: {}px; --peer: {color};",
                                    r.x - 3.0, r.y - 3.0, r.width + 6.0, r.height + 6.0,
                                )
                            >
                                <span class="presence-card__name">{label}</span>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            {move || {
                pointers()
                    .into_iter()
                    .map(|(_, x, y, color, name)| {
                        view! {
                            <div
                                class="presence-pointer"
                                style=format!("transform: translate({x}px, {y}px); --peer: {color};")
                            >
                                <svg viewBox="0 0 16 16" width="16" height="16" focusable="false">
                                    <path d="M1 1 L1 13 L5 9 L9 15 L11 14 L7 8 L13 8 Z" />
                                </svg>
                                <span class="presence-pointer__name">{name}</span>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_says_how_the_connection_is_and_what_waits() {
        assert_eq!(status_words(Status::Alone, 0, 1), None);
        assert_eq!(
            status_words(Status::Workshop(Link::Open), 0, 3).as_deref(),
            Some("Workshop: live, 3 people")
        );
        assert_eq!(
            status_words(Status::Workshop(Link::Open), 0, 1).as_deref(),
            Some("Workshop: live, only you so far")
        );
        assert_eq!(
            status_words(Status::Workshop(Link::Offline), 2, 1).as_deref(),
            Some("Workshop: offline, 2 changes waiting")
        );
        assert_eq!(
            status_words(Status::Workshop(Link::Retrying(4)), 1, 1).as_deref(),
            Some("Workshop: reconnecting in 4 s, 1 change waiting")
        );
    }
}

/// The participant's name field, as the workshop dialog and the join page ask for it: the
/// label, at most 40 characters, the browser's remembered nickname offered.
#[component]
pub fn NameField(
    /// The input's DOM id (the label points at it).
    id: &'static str,
    /// The visible label, which is also the field's accessible name.
    label: &'static str,
    /// The name as typed.
    name: RwSignal<String>,
    /// Focus it when shown (the join page, where it is the only field).
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            type="text"
            maxlength="40"
            autocomplete="nickname"
            autofocus=autofocus
            prop:value=move || name.get()
            on:input=move |ev| name.set(event_target_value(&ev))
        />
    }
}
