//! The workshop engine's browser side: one [`Live`] per open blueprint holds the engine's
//! replica (`stageline_collab::Replica`: the blueprint as Yjs state, the sync and awareness
//! protocol, the undo of this user's own changes) and wires it to what carries its messages:
//! the other tabs of this browser ([`tabs`], always) and, in a workshop, the room on the
//! workshop server ([`socket`]).
//!
//! Local edits reach it through the state's [`SharedDoc`] seam; what others change arrives as
//! messages, is merged by the engine, and the document it then describes (through the one
//! load path: validated and repaired like a file) replaces the editor's, as nobody's undo
//! step here. Nothing waits for the network: the replica takes every edit at once and the
//! protocol's exchange of state vectors sends what the room missed when it reconnects.

pub mod config;
pub mod profile;
pub mod socket;
pub mod tabs;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use stageline_collab::{DragPreview, Peer, Presence, Replica};
use stageline_core::library::workshop::Binding;
use stageline_core::share::base64url;
use stageline_schema::{Blueprint, BlueprintId};

use crate::state::shared::SharedDoc;
use crate::state::AppState;
use crate::storage::autosave::Autosave;
use crate::storage::library;
use profile::Profile;
use socket::{Handlers, Link, Socket};
use tabs::Tabs;

/// How the workshop connection is, for the status in the toolbar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not in a workshop (other tabs still merge).
    Alone,
    /// In a workshop; the connection is as given.
    Workshop(Link),
}

/// Where a message came from, so answers go back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Server,
    Tabs,
}

/// The signals the views read; copied freely, provided as context by [`Live::start`].
#[derive(Clone, Copy)]
pub struct LiveCtx {
    engine: StoredValue<Rc<Live>, LocalStorage>,
    /// The connection, for the status in the toolbar.
    pub status: RwSignal<Status>,
    /// Everyone else in the room (or in other tabs), with what they point at and select.
    pub peers: RwSignal<Vec<Peer>>,
    /// Local changes made while the connection was down, not yet sent to the room.
    pub waiting: RwSignal<usize>,
    /// The workshop this blueprint is in, if any.
    pub workshop: RwSignal<Option<Binding>>,
    /// This participant, once a name is given.
    pub me: RwSignal<Option<Profile>>,
    /// Whether the blueprint was in a workshop but this browser had lost the engine's state
    /// for it, so it left the room on opening ([`LOST_STATE`] says so to the user).
    pub lost_state: bool,
}

/// The engine of one open blueprint.
pub struct Live {
    app: AppState,
    saver: Option<Autosave>,
    id: BlueprintId,
    replica: RefCell<Replica>,
    tabs: RefCell<Option<Rc<Tabs>>>,
    socket: RefCell<Option<Socket>>,
    ctx: Cell<Option<LiveCtx>>,
    merge_timer: RefCell<Option<TimeoutHandle>>,
    persist_timer: RefCell<Option<TimeoutHandle>>,
    /// Where this participant's pointer is on the canvas (canvas coordinates).
    pointer: Cell<Option<(f64, f64)>>,
    /// Whether another tab has spoken on the channel: from then on the autosave knows other
    /// tabs' writes arrive merged (a tab that never speaks, such as one of an older version,
    /// still gets the conflict question).
    heard_tabs: Cell<bool>,
    /// When presence was last sent, and whether a send is due after the throttle.
    last_presence: Cell<f64>,
    presence_timer: RefCell<Option<TimeoutHandle>>,
    /// Whether the engine holds the blueprint and is its [`SharedDoc`] (alone, it begins
    /// after the first frame: [`Live::begin`]).
    begun: Cell<bool>,
}

/// The clock the engine's presence uses (milliseconds since the epoch).
pub fn clock() -> u64 {
    js_sys::Date::now() as u64
}

/// A random client ID for this replica (the engine keeps 32 bits of it, as Yjs does).
pub fn client_id() -> u64 {
    use stageline_schema::IdSource;
    crate::state::ids::BrowserIds::new().next_u64()
}

/// What a participant is told when this browser lost a workshop blueprint's engine state.
pub const LOST_STATE: &str = "This browser lost the workshop's shared state for this \
    blueprint, so it is now kept here on its own, as it was: nothing was sent to the room. To \
    work in the room again, open the room link; it joins as a new blueprint beside this one.";

/// How long remote changes are gathered before the document is rebuilt from them (a room
/// of 30 typing people sends many small updates; one rebuild takes them all).
const MERGE_DELAY: Duration = Duration::from_millis(30);
/// How long after a change the engine's state is stored beside the JSON.
const PERSIST_DELAY: Duration = Duration::from_millis(600);
/// How often presence is renewed (peers drop a participant silent for 30 s).
const RENEW_EVERY: Duration = Duration::from_secs(10);
/// The shortest time between two presence messages while the pointer moves (20 a second:
/// smooth enough to follow, light enough for a room of 30).
const PRESENCE_EVERY_MS: f64 = 50.0;

impl Live {
    /// Starts the engine for the editor's blueprint: restores its stored state in a
    /// workshop, else seeds it from the document; installs it as the document's
    /// [`SharedDoc`]; opens the channel to other tabs and, in a workshop, the room.
    pub fn start(app: AppState, saver: Option<Autosave>) -> LiveCtx {
        let id = app.doc_now(|d| d.id.clone());
        let mut lib = library();
        let mut binding = lib.workshop(&id);
        let doc = app.doc_now(Clone::clone);
        let restored = binding.as_ref().and_then(|_| restore(&lib, &id, &doc));
        let lost_state = binding.is_some() && restored.is_none();
        if lost_state {
            // Without the engine's state, this copy cannot tell the room's changes from its
            // own: seeded from the JSON, it would compete with the room (whole cards of it
            // replacing the room's newer ones). So the blueprint stays here on its own, as it
            // is, and the room stays as the others left it; the room link joins it afresh.
            let _ = lib.unbind_workshop(&id);
            binding = None;
        }
        // In a workshop the engine starts at once (the room is connected now). Alone, seeding
        // the engine is a large part of opening a large blueprint (50-100 ms natively for
        // 1,000 cards), so it waits until the blueprint is on screen ([`Live::begin`]).
        let deferred = binding.is_none();
        let replica = match restored {
            Some(replica) => replica,
            None if deferred => Replica::empty(client_id(), clock),
            None => Replica::seed(&doc, client_id(), clock),
        };
        let live = Rc::new(Live {
            app,
            saver,
            id: id.clone(),
            replica: RefCell::new(replica),
            tabs: RefCell::new(None),
            socket: RefCell::new(None),
            ctx: Cell::new(None),
            merge_timer: RefCell::new(None),
            persist_timer: RefCell::new(None),
            pointer: Cell::new(None),
            heard_tabs: Cell::new(false),
            last_presence: Cell::new(0.0),
            presence_timer: RefCell::new(None),
            begun: Cell::new(false),
        });
        let ctx = LiveCtx {
            engine: StoredValue::new_local(live.clone()),
            status: RwSignal::new(Status::Alone),
            peers: RwSignal::new(Vec::new()),
            waiting: RwSignal::new(0),
            workshop: RwSignal::new(binding.clone()),
            me: RwSignal::new(Profile::remembered()),
            lost_state,
        };
        live.ctx.set(Some(ctx));
        if deferred {
            let weak = Rc::downgrade(&live);
            let at_open = doc;
            // Right after the frame that shows the blueprint (a timeout set in the frame's
            // callback runs once it is painted), not at idle: until it begins, other tabs'
            // changes are not merged, so the moment is kept short.
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        if let Some(live) = weak.upgrade() {
                            live.begin(at_open);
                        }
                    },
                    Duration::ZERO,
                );
            });
        } else {
            live.install();
        }
        if let Some(binding) = binding {
            live.connect(&binding);
        }
        live.watch_presence();
        let on_exit = {
            let live = live.clone();
            window_event_listener(leptos::ev::pagehide, move |_| live.persist_now())
        };
        let renew = {
            let live = live.clone();
            set_interval_with_handle(move || live.renew(), RENEW_EVERY).ok()
        };
        let engine = ctx.engine;
        on_cleanup(move || {
            on_exit.remove();
            if let Some(handle) = renew {
                handle.clear();
            }
            engine.try_with_value(|live| live.stop());
        });
        provide_context(ctx);
        ctx
    }

    fn ctx(&self) -> Option<LiveCtx> {
        self.ctx.get()
    }

    /// Seeds the engine from the blueprint as it was opened (`at_open`), unless it has begun
    /// already, and installs it. Edits made before (in the moment between the first frame and
    /// this) go in as one step of this user's, so nothing is lost and they can be undone.
    fn begin(self: &Rc<Self>, at_open: Blueprint) {
        if self.begun.get() {
            return;
        }
        let seeded = Replica::seed(&at_open, self.replica.borrow().client_id(), clock);
        *self.replica.borrow_mut() = seeded;
        let now = self.app.doc_now(Clone::clone);
        if now != at_open {
            let _ = self.replica.borrow_mut().commit_local(
                &at_open,
                &now,
                "Changes made while opening",
            );
        }
        self.install();
    }

    /// Makes the engine the document's [`SharedDoc`] and opens the channel to other tabs.
    fn install(self: &Rc<Self>) {
        self.begun.set(true);
        self.app.install_shared(self.clone());
        self.open_tabs();
    }

    /// Opens the channel to other tabs and asks them for what this tab lacks.
    fn open_tabs(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let tabs = Tabs::open(&tabs::channel_name(&self.id), move |bytes| {
            if let Some(live) = weak.upgrade() {
                live.received(&bytes, Via::Tabs);
            }
        });
        if let Some(tabs) = &tabs {
            for message in self.replica.borrow_mut().tab_hello() {
                tabs.post(&message);
            }
        }
        *self.tabs.borrow_mut() = tabs;
    }

    /// Connects to the workshop's room.
    fn connect(self: &Rc<Self>, binding: &Binding) {
        let url = config::room_url(&binding.server, &binding.room);
        let (opened, message, link) = (
            Rc::downgrade(self),
            Rc::downgrade(self),
            Rc::downgrade(self),
        );
        let socket = Socket::connect(
            url,
            Handlers {
                opened: Box::new(move || {
                    if let Some(live) = opened.upgrade() {
                        live.opened();
                    }
                }),
                message: Box::new(move |bytes| {
                    if let Some(live) = message.upgrade() {
                        live.received(&bytes, Via::Server);
                    }
                }),
                link: Box::new(move |state| {
                    if let Some(live) = link.upgrade() {
                        live.link_changed(state);
                    }
                }),
            },
        );
        *self.socket.borrow_mut() = Some(socket);
    }

    /// The room's connection opened: say who we are and what we have.
    fn opened(&self) {
        self.publish_presence();
        let messages = self.replica.borrow_mut().on_open();
        self.send_server(&messages);
    }

    fn link_changed(&self, link: Link) {
        if link != Link::Open {
            self.replica.borrow_mut().on_close();
        }
        if let Some(ctx) = self.ctx() {
            ctx.status.set(Status::Workshop(link));
            ctx.waiting.set(self.replica.borrow().waiting());
        }
    }

    /// A message from the room or another tab: answer it, merge it.
    fn received(&self, bytes: &[u8], via: Via) {
        let reaction = match via {
            Via::Server => self.replica.borrow_mut().on_message(bytes),
            Via::Tabs => self.replica.borrow_mut().on_tab_message(bytes),
        };
        let reaction = match reaction {
            Ok(reaction) => reaction,
            // A malformed or hostile message changes nothing; the sender is not trusted.
            Err(_) => return,
        };
        match via {
            Via::Server => self.send_server(&reaction.replies),
            Via::Tabs => {
                self.post_tabs(&reaction.replies);
                if !self.heard_tabs.replace(true) {
                    if let Some(saver) = self.saver {
                        saver.set_merging(true);
                    }
                }
            }
        }
        if reaction.doc_changed {
            self.schedule_merge();
        }
        if reaction.presence_changed {
            self.refresh_peers();
        }
        if let Some(ctx) = self.ctx() {
            let waiting = self.replica.borrow().waiting();
            if ctx.waiting.get_untracked() != waiting {
                ctx.waiting.set(waiting);
            }
        }
    }

    fn send_server(&self, messages: &[Vec<u8>]) {
        if let Some(socket) = self.socket.borrow().as_ref() {
            for message in messages {
                socket.send(message);
            }
        }
    }

    fn post_tabs(&self, messages: &[Vec<u8>]) {
        if let Some(tabs) = self.tabs.borrow().as_ref() {
            for message in messages {
                tabs.post(message);
            }
        }
    }

    /// Sends a local change everywhere.
    fn broadcast(&self, message: &[u8]) {
        self.send_server(std::slice::from_ref(&message.to_vec()));
        self.post_tabs(std::slice::from_ref(&message.to_vec()));
        self.schedule_persist();
        if let Some(ctx) = self.ctx() {
            ctx.waiting.set(self.replica.borrow().waiting());
        }
    }

    /// Rebuilds the document from the merged state shortly (many updates, one rebuild).
    fn schedule_merge(&self) {
        if self.merge_timer.borrow().is_some() {
            return;
        }
        let engine = self.ctx().map(|c| c.engine);
        let handle = set_timeout_with_handle(
            move || {
                if let Some(live) = engine.and_then(|e| e.try_get_value()) {
                    live.merge_timer.borrow_mut().take();
                    live.merge_now();
                }
            },
            MERGE_DELAY,
        )
        .ok();
        *self.merge_timer.borrow_mut() = handle;
    }

    /// The document the merged state describes replaces the editor's.
    fn merge_now(&self) {
        let loaded = self.replica.borrow().materialize();
        match loaded {
            Ok(loaded) => {
                self.app.take_merged(loaded.blueprint);
                self.schedule_persist();
            }
            Err(err) => self.app.say(format!(
                "A change from the workshop could not be used: {err}."
            )),
        }
    }

    fn schedule_persist(&self) {
        let in_workshop = self
            .ctx()
            .is_some_and(|c| c.workshop.with_untracked(Option::is_some));
        if !in_workshop || self.persist_timer.borrow().is_some() {
            return;
        }
        let engine = self.ctx().map(|c| c.engine);
        let handle = set_timeout_with_handle(
            move || {
                if let Some(live) = engine.and_then(|e| e.try_get_value()) {
                    live.persist_timer.borrow_mut().take();
                    live.persist_now();
                }
            },
            PERSIST_DELAY,
        )
        .ok();
        *self.persist_timer.borrow_mut() = handle;
    }

    /// Stores the engine's state beside the JSON (only in a workshop: alone, the JSON is
    /// all there is to merge from).
    fn persist_now(&self) {
        let in_workshop = self
            .ctx()
            .is_some_and(|c| c.workshop.with_untracked(Option::is_some));
        if !in_workshop {
            return;
        }
        let state = base64url::encode(&self.replica.borrow().encode_state());
        if let Err(err) = library().save_replica_state(&self.id, &state) {
            self.app
                .say(format!("The workshop's state could not be stored: {err}."));
        }
    }

    /// Presence follows the selection, the card being edited and the pointer.
    fn watch_presence(self: &Rc<Self>) {
        let s = self.app.session;
        let engine = self.ctx().map(|c| c.engine);
        Effect::new(move |_| {
            s.selection.track();
            s.editing.track();
            s.drag.track();
            if let Some(live) = engine.and_then(|e| e.try_get_value()) {
                live.publish_presence();
            }
        });
    }

    /// Sends this participant's presence, if in a workshop with a name.
    pub fn publish_presence(&self) {
        let Some(ctx) = self.ctx() else { return };
        let Some(me) = ctx.me.get_untracked() else {
            return;
        };
        let s = self.app.session;
        let drag = s.drag.with_untracked(|d| {
            d.as_ref().filter(|d| d.active).map(|d| {
                let at = s.pointer.get_untracked();
                DragPreview {
                    cards: d.cards.clone(),
                    dx: at.x - d.origin.x,
                    dy: at.y - d.origin.y,
                }
            })
        });
        let presence = Presence {
            name: me.name,
            color: me.color,
            pointer: self.pointer.get(),
            selection: s.selection.get_untracked(),
            editing: s.editing.get_untracked(),
            drag,
        };
        let message = self.replica.borrow_mut().set_presence(&presence);
        if let Some(message) = message {
            self.last_presence.set(js_sys::Date::now());
            self.send_server(&[message]);
        }
    }

    /// The pointer moved over the canvas (`None`: it left): others see it, at most every
    /// [`PRESENCE_EVERY_MS`], the last position always.
    pub fn pointer_at(&self, at: Option<(f64, f64)>) {
        self.pointer.set(at);
        let in_workshop = self
            .ctx()
            .is_some_and(|c| c.workshop.with_untracked(Option::is_some));
        if !in_workshop || self.presence_timer.borrow().is_some() {
            return;
        }
        let since = js_sys::Date::now() - self.last_presence.get();
        if since >= PRESENCE_EVERY_MS {
            self.publish_presence();
            return;
        }
        let engine = self.ctx().map(|c| c.engine);
        let handle = set_timeout_with_handle(
            move || {
                if let Some(live) = engine.and_then(|e| e.try_get_value()) {
                    live.presence_timer.borrow_mut().take();
                    live.publish_presence();
                }
            },
            Duration::from_millis((PRESENCE_EVERY_MS - since).max(1.0) as u64),
        )
        .ok();
        *self.presence_timer.borrow_mut() = handle;
    }

    fn renew(&self) {
        let message = self.replica.borrow_mut().renew_presence();
        if let Some(message) = message {
            self.send_server(&[message]);
        }
        self.refresh_peers();
    }

    fn refresh_peers(&self) {
        if let Some(ctx) = self.ctx() {
            let peers = self.replica.borrow().peers();
            if ctx.peers.with_untracked(|p| p != &peers) {
                ctx.peers.set(peers);
            }
        }
    }

    fn stop(&self) {
        if let Some(message) = self.replica.borrow_mut().leave() {
            self.send_server(&[message]);
        }
        self.persist_now();
        if let Some(socket) = self.socket.borrow_mut().take() {
            socket.stop();
        }
        if let Some(tabs) = self.tabs.borrow_mut().take() {
            tabs.close();
        }
    }

    /// Starts a workshop with this blueprint on `server`: a new room (128 random bits), the
    /// binding remembered, the engine's state stored, the room connected. Returns the room.
    pub fn start_workshop(self: &Rc<Self>, server: &str) -> Result<Binding, String> {
        if !self.begun.get() {
            self.begin(self.app.doc_now(Clone::clone));
        }
        let mut bytes = [0u8; 16];
        web_sys::window()
            .and_then(|w| w.crypto().ok())
            .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
            .ok_or("This browser cannot make a secret room ID (no Web Crypto)")?;
        let room = stageline_collab::room::RoomId::from_random(bytes);
        let binding = Binding {
            server: server.to_string(),
            room: room.to_string(),
        };
        let mut lib = library();
        lib.bind_workshop(&self.id, &binding)
            .map_err(|e| format!("The workshop could not be remembered: {e}"))?;
        if let Some(ctx) = self.ctx() {
            ctx.workshop.set(Some(binding.clone()));
        }
        self.persist_now();
        self.connect(&binding);
        Ok(binding)
    }

    /// Leaves the workshop: the blueprint stays here as an ordinary one.
    pub fn leave_workshop(&self) {
        if let Some(message) = self.replica.borrow_mut().leave() {
            self.send_server(&[message]);
        }
        if let Some(socket) = self.socket.borrow_mut().take() {
            socket.stop();
        }
        let _ = library().unbind_workshop(&self.id);
        if let Some(ctx) = self.ctx() {
            ctx.workshop.set(None);
            ctx.status.set(Status::Alone);
            ctx.peers.set(Vec::new());
        }
    }
}

/// The engine's stored state of blueprint `id`, brought up to date with the stored JSON
/// (`doc`) if the JSON was saved after it; `None` if it is missing or unreadable (the engine
/// then starts from the JSON, which still merges with the room by element IDs).
fn restore(
    lib: &stageline_core::library::Library<crate::storage::LocalStore>,
    id: &BlueprintId,
    doc: &Blueprint,
) -> Option<Replica> {
    let text = lib.replica_state(id)?;
    let bytes = base64url::decode(&text).ok()?;
    let mut replica = Replica::restore(&bytes, client_id(), clock).ok()?;
    let stored = replica.materialize().ok()?.blueprint;
    if &stored != doc {
        // Saved as JSON, not yet as state (the page was closed between the two): these are
        // this user's edits, so they go in as such.
        let _ = replica.commit_local(&stored, doc, "Changes kept while away");
    }
    Some(replica)
}

impl SharedDoc for Live {
    fn committed(&self, before: &Blueprint, after: &Blueprint, label: &str) {
        let message = self.replica.borrow_mut().commit_local(before, after, label);
        if let Some(message) = message {
            self.broadcast(&message);
        }
    }

    fn undo(&self) -> Option<(String, Blueprint)> {
        let (label, message) = self.replica.borrow_mut().undo()?;
        self.broadcast(&message);
        let doc = self.replica.borrow().materialize().ok()?.blueprint;
        Some((label, doc))
    }

    fn redo(&self) -> Option<(String, Blueprint)> {
        let (label, message) = self.replica.borrow_mut().redo()?;
        self.broadcast(&message);
        let doc = self.replica.borrow().materialize().ok()?.blueprint;
        Some((label, doc))
    }

    fn undo_label(&self) -> Option<String> {
        self.replica.borrow().undo_label().map(str::to_string)
    }

    fn redo_label(&self) -> Option<String> {
        self.replica.borrow().redo_label().map(str::to_string)
    }
}

impl LiveCtx {
    /// Runs `f` with the engine.
    pub fn with<T>(&self, f: impl FnOnce(&Rc<Live>) -> T) -> Option<T> {
        self.engine.try_with_value(f)
    }
}

/// The engine of the open blueprint, if the editor is showing.
pub fn use_live() -> Option<LiveCtx> {
    use_context::<LiveCtx>()
}
