//! Joining a live workshop from its room link (`#/room?server=<address>&id=<room>`): the name is
//! asked once, the room's blueprint arrives from the server, is stored in this browser's
//! library (so it stays available offline) bound to the room, and opens in the editor, which
//! then stays connected. A link to a room this browser already has opens that blueprint.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use stageline_collab::room::RoomLink;
use stageline_collab::Replica;
use stageline_core::library::workshop::Binding;
use stageline_core::library::SaveError;
use stageline_core::share::base64url;

use crate::collab::config;
use crate::collab::profile::Profile;
use crate::collab::socket::{Handlers, Link, Socket};
use crate::components::workshop::NameField;
use crate::pages::problem::Problem;
use crate::route::{self, Route};
use crate::storage::library;

/// Where joining is.
#[derive(Debug, Clone, PartialEq)]
enum Joining {
    /// Waiting for the participant's name.
    Name,
    /// Connecting, or connected and waiting for the blueprint.
    Link(Link),
    /// Connected, but the room holds no blueprint (yet).
    Empty,
    /// It cannot be joined, for this reason.
    Failed(String),
}

/// The page a room link opens.
#[component]
pub fn JoinPage(
    /// Everything after `#/room?`.
    rest: String,
) -> impl IntoView {
    let link = match RoomLink::parse_fragment(&format!("/room?{rest}")) {
        Ok(link) => link,
        Err(e) => {
            return view! {
                <Problem
                    title="This room link is not complete".to_string()
                    detail=format!("{e}. Ask the facilitator to paste the whole link again.")
                />
            }
            .into_any()
        }
    };
    let server = link.server.to_string();
    let room = link.room.to_string();
    if server != config::server() {
        return view! {
            <Problem
                title="This workshop is on another server".to_string()
                detail=format!(
                    "The room is on {server}, and this copy of Stageline may only connect to {}. Open the link in the copy of Stageline the facilitator uses.",
                    config::server(),
                )
            />
        }
        .into_any();
    }
    if let Some(id) = library().blueprint_in_room(&server, &room) {
        route::replace(&Route::Blueprint(id));
        return view! { <p class="loading">"Opening…"</p> }.into_any();
    }
    let state = RwSignal::new(if Profile::remembered().is_some() {
        Joining::Link(Link::Connecting)
    } else {
        Joining::Name
    });
    let binding = Binding { server, room };
    let started = StoredValue::new_local(None::<Socket>);
    let join = {
        let binding = binding.clone();
        move || {
            if started.with_value(Option::is_none) {
                started.set_value(Some(connect(binding.clone(), state)));
            }
        }
    };
    if state.get_untracked() != Joining::Name {
        join();
    }
    on_cleanup(move || {
        if let Some(Some(socket)) = started.try_update_value(Option::take) {
            socket.stop();
        }
    });
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<&'static str>);
    let submit = {
        let join = join.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if Profile::remember(&name.get_untracked()).is_none() {
                problem.set(Some("Type the name others will see first."));
                return;
            }
            state.set(Joining::Link(Link::Connecting));
            join();
        }
    };
    view! {
        <main class="problem join" id="main">
            <h1 class="problem__title">"Join a live workshop"</h1>
            {move || match state.get() {
                Joining::Name => {
                    let submit = submit.clone();
                    view! {
                        <form class="workshop-form" on:submit=submit>
                            <NameField
                                id="join-name"
                                label="Your name (others in the room see it)"
                                name=name
                                autofocus=true
                            />
                            <p class="workshop-problem" role="alert">{move || problem.get()}</p>
                            <button type="submit" class="button button--primary">"Join"</button>
                        </form>
                    }
                        .into_any()
                }
                Joining::Link(link) => {
                    view! { <p class="problem__detail" role="status">{joining_words(link)}</p> }
                        .into_any()
                }
                Joining::Empty => {
                    view! {
                        <p class="problem__detail" role="status">
                            "Connected, but the room holds no blueprint yet. The link may be wrong or the server may have lost the room; this page takes the blueprint as soon as someone in the workshop has it open."
                        </p>
                    }
                        .into_any()
                }
                Joining::Failed(why) => {
                    view! { <p class="problem__detail" role="alert">{why}</p> }.into_any()
                }
            }}
            <p>
                <a class="button" href="#/">"Open the library"</a>
            </p>
        </main>
    }
    .into_any()
}

fn joining_words(link: Link) -> String {
    match link {
        Link::Connecting | Link::Open => "Joining the workshop…".to_string(),
        Link::Retrying(secs) => format!(
            "The workshop server cannot be reached; trying again in {secs} s. Check the network, or ask the facilitator whether the server is running."
        ),
        Link::Offline => {
            "This browser is offline; the workshop opens when the network is back.".to_string()
        }
    }
}

/// Connects a replica that waits for the room's blueprint, then stores it and opens it.
fn connect(binding: Binding, state: RwSignal<Joining>) -> Socket {
    let client = crate::collab::client_id();
    let replica = Rc::new(RefCell::new(Replica::empty(client, crate::collab::clock)));
    let socket_cell: Rc<RefCell<Option<Socket>>> = Rc::new(RefCell::new(None));
    let url = config::room_url(&binding.server, &binding.room);
    let on_open = {
        let (replica, socket_cell) = (replica.clone(), socket_cell.clone());
        move || {
            let messages = replica.borrow_mut().on_open();
            if let Some(socket) = socket_cell.borrow().as_ref() {
                for m in &messages {
                    socket.send(m);
                }
            }
        }
    };
    let on_message = {
        let (replica, socket_cell) = (replica.clone(), socket_cell.clone());
        move |bytes: Vec<u8>| {
            let Ok(reaction) = replica.borrow_mut().on_message(&bytes) else {
                return;
            };
            if let Some(socket) = socket_cell.borrow().as_ref() {
                for m in &reaction.replies {
                    socket.send(m);
                }
            }
            let ready = {
                let r = replica.borrow();
                r.synced() && r.has_document()
            };
            if ready {
                arrived(&replica.borrow(), &binding, state, &socket_cell);
            } else if replica.borrow().synced() && state.get_untracked() != Joining::Empty {
                state.set(Joining::Empty);
            }
        }
    };
    let socket = Socket::connect(
        url,
        Handlers {
            opened: Box::new(on_open),
            message: Box::new(on_message),
            link: Box::new(move |link| {
                if matches!(state.get_untracked(), Joining::Link(_)) {
                    state.set(Joining::Link(link));
                }
            }),
        },
    );
    *socket_cell.borrow_mut() = Some(socket.clone());
    socket
}

/// The room's blueprint arrived: store it bound to the room and open it.
fn arrived(
    replica: &Replica,
    binding: &Binding,
    state: RwSignal<Joining>,
    socket: &Rc<RefCell<Option<Socket>>>,
) {
    if matches!(state.get_untracked(), Joining::Failed(_)) {
        return;
    }
    let doc = match replica.materialize() {
        Ok(loaded) => loaded.blueprint,
        Err(e) => {
            state.set(Joining::Failed(format!(
                "The room's blueprint cannot be read: {e}. Nothing was stored."
            )));
            return;
        }
    };
    let mut lib = library();
    match lib.save(&doc, None) {
        Ok(_) => {}
        Err(SaveError::Exists) => {
            state.set(Joining::Failed(
                "This browser already has this blueprint, outside the workshop. To join, open the link in another browser or profile, or delete that copy first (export it if you want to keep it)."
                    .into(),
            ));
            return;
        }
        Err(e) => {
            state.set(Joining::Failed(format!(
                "The blueprint could not be stored in this browser: {e}."
            )));
            return;
        }
    }
    let state_text = base64url::encode(&replica.encode_state());
    let kept = lib
        .bind_workshop(&doc.id, binding)
        .and_then(|()| lib.save_replica_state(&doc.id, &state_text));
    if let Err(e) = kept {
        state.set(Joining::Failed(format!(
            "The workshop could not be remembered in this browser: {e}."
        )));
        return;
    }
    if let Some(socket) = socket.borrow_mut().take() {
        socket.stop();
    }
    let _ = lib.set_last(&doc.id);
    route::replace(&Route::Blueprint(doc.id));
}
