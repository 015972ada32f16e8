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
pub mod engine;
pub mod profile;
pub mod socket;
pub mod tabs;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::leptos_dom::helpers::{TimeoutHandle, WindowListenerHandle};
use leptos::prelude::*;
use stageline_collab::{DragPreview, Peer, Presence};
use stageline_core::library::workshop::Binding;
use stageline_core::share::base64url;
use stageline_schema::{Blueprint, BlueprintId};

use crate::lazy::LoadFailed;
use crate::state::shared::SharedDoc;
use crate::state::AppState;
use crate::storage::autosave::Autosave;
use crate::storage::library;
use engine::{Engine, Makers};
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
    /// The engine, once its part is loaded and it holds the blueprint ([`Live::begin`]).
    replica: RefCell<Option<Box<dyn Engine>>>,
    /// This session's Yjs client ID.
    client_id: u64,
    /// The room this blueprint is in when it was opened, and the engine's stored state for
    /// it, until the engine begins.
    opening: RefCell<Option<(Binding, Vec<u8>)>>,
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
    /// Whether the engine holds the blueprint and is its [`SharedDoc`] (it begins after the
    /// first frame, once its part is loaded: [`Live::begin`]).
    begun: Cell<bool>,
    /// Whether the engine's part is being loaded.
    loading: Cell<bool>,
    /// Whether the page has gone (the engine's part may arrive after it).
    stopped: Cell<bool>,
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

/// What a participant is told when the engine's part could not be loaded.
const ENGINE_NOT_LOADED: &str = "The workshop engine could not be loaded (the connection may \
    be down): changes from other tabs and the room are merged once it is back";

/// What the workshop dialog says when a workshop is started before the engine is ready.
const ENGINE_NOT_READY: &str = "The workshop engine is still loading (or the connection is \
    down): try again in a moment";

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
    /// Starts the engine for the editor's blueprint. Right after the first frame its part is
    /// loaded ([`engine::load`]) and it begins: in a workshop from its stored state, else
    /// seeded from the document; it is installed as the document's [`SharedDoc`] and opens the
    /// channel to other tabs and, in a workshop, the room.
    pub fn start(app: AppState, saver: Option<Autosave>) -> LiveCtx {
        let id = app.doc_now(|d| d.id.clone());
        let mut lib = library();
        let mut binding = lib.workshop(&id);
        let doc = app.doc_now(Clone::clone);
        let state = binding.as_ref().and_then(|_| {
            let text = lib.replica_state(&id)?;
            base64url::decode(&text).ok()
        });
        let lost_state = binding.is_some() && state.is_none();
        if lost_state {
            // Without the engine's state, this copy cannot tell the room's changes from its
            // own: seeded from the JSON, it would compete with the room (whole cards of it
            // replacing the room's newer ones). So the blueprint stays here on its own, as it
            // is, and the room stays as the others left it; the room link joins it afresh.
            let _ = lib.unbind_workshop(&id);
            binding = None;
        }
        let opening = binding.clone().zip(state);
        let live = Rc::new(Live {
            app,
            saver,
            id: id.clone(),
            replica: RefCell::new(None),
            client_id: client_id(),
            opening: RefCell::new(opening),
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
            loading: Cell::new(false),
            stopped: Cell::new(false),
        });
        let ctx = LiveCtx {
            engine: StoredValue::new_local(live.clone()),
            // A workshop blueprint connects as soon as the engine has begun.
            status: RwSignal::new(if binding.is_some() {
                Status::Workshop(Link::Connecting)
            } else {
                Status::Alone
            }),
            peers: RwSignal::new(Vec::new()),
            waiting: RwSignal::new(0),
            workshop: RwSignal::new(binding.clone()),
            me: RwSignal::new(Profile::remembered()),
            lost_state,
        };
        live.ctx.set(Some(ctx));
        // Seeding the engine is a large part of opening a large blueprint (50-100 ms natively
        // for 1,000 cards) and its code is a part of its own (about 130 KB gzip), so it loads
        // and begins once the blueprint is on screen and the browser is idle (at most a second
        // later): fetching and compiling it sooner delayed the editor's largest paint on a
        // slow phone (Lighthouse, docs/design/first-screen.md). Until it begins, other tabs'
        // changes are not merged and the room is not connected; edits are kept meanwhile.
        let weak = Rc::downgrade(&live);
        crate::idle::after_first_paint(move || {
            if let Some(live) = weak.upgrade() {
                live.load_and_begin(doc);
            }
        });
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

    /// Loads the engine's part, then begins with the blueprint as it was opened (`at_open`).
    fn load_and_begin(self: &Rc<Self>, at_open: Blueprint) {
        if self.stopped.get() || self.begun.get() || self.loading.replace(true) {
            return;
        }
        let weak = Rc::downgrade(self);
        leptos::task::spawn_local(async move {
            let makers = engine::load().await;
            let Some(live) = weak.upgrade() else { return };
            live.loading.set(false);
            if live.stopped.get() {
                return;
            }
            match makers {
                Ok(makers) => live.begin(makers, at_open),
                Err(LoadFailed) => live.not_loaded(at_open),
            }
        });
    }

    /// The engine's part could not be loaded (the network is down and it was not cached
    /// yet): says so, shows a workshop as offline, and tries again once the browser is back
    /// online.
    fn not_loaded(self: &Rc<Self>, at_open: Blueprint) {
        self.app.say(ENGINE_NOT_LOADED);
        if let Some(ctx) = self.ctx() {
            if ctx.workshop.get_untracked().is_some() {
                ctx.status.set(Status::Workshop(Link::Offline));
            }
        }
        let weak = Rc::downgrade(self);
        let at_open = RefCell::new(Some(at_open));
        let handle: Rc<RefCell<Option<WindowListenerHandle>>> = Rc::default();
        let own = handle.clone();
        let listener = window_event_listener(leptos::ev::online, move |_| {
            if let Some(handle) = own.borrow_mut().take() {
                handle.remove();
            }
            if let (Some(live), Some(at_open)) = (weak.upgrade(), at_open.borrow_mut().take()) {
                live.load_and_begin(at_open);
            }
        });
        *handle.borrow_mut() = Some(listener);
    }

    /// Makes the engine from the blueprint as it was opened (`at_open`), or in a workshop
    /// from its stored state, unless it has begun already; installs it and connects the room.
    /// Edits made before (in the moment between the first frame and this) go in as one step
    /// of this user's, so nothing is lost and they can be undone.
    fn begin(self: &Rc<Self>, makers: Makers, at_open: Blueprint) {
        if self.begun.get() {
            return;
        }
        let opening = self.opening.borrow_mut().take();
        let mut room = None;
        let mut engine = None;
        if let Some((binding, state)) = opening {
            match (makers.restore)(&state, &at_open, self.client_id) {
                Ok(restored) => {
                    engine = Some(restored);
                    room = Some(binding);
                }
                Err(_) => {
                    // As when the state is missing (see `start`): the blueprint stays here on
                    // its own, as it is.
                    let _ = library().unbind_workshop(&self.id);
                    if let Some(ctx) = self.ctx() {
                        ctx.workshop.set(None);
                        ctx.status.set(Status::Alone);
                    }
                    self.app.say(LOST_STATE);
                }
            }
        }
        let mut engine = engine.unwrap_or_else(|| (makers.seed)(&at_open, self.client_id));
        let now = self.app.doc_now(Clone::clone);
        if now != at_open {
            let _ = engine.commit_local(&at_open, &now, "Changes made while opening");
        }
        *self.replica.borrow_mut() = Some(engine);
        self.install();
        if let Some(binding) = room {
            self.connect(&binding);
        }
    }

    /// Runs `f` with the engine, once it has begun.
    fn engine<T>(&self, f: impl FnOnce(&mut dyn Engine) -> T) -> Option<T> {
        let mut engine = self.replica.borrow_mut();
        engine.as_mut().map(|e| f(e.as_mut()))
    }

    /// Makes the engine the document's [`SharedDoc`] and opens the channel to other tabs.
    fn install(self: &Rc<Self>) {
        self.begun.set(true);
        crate::perf::mark("stageline:engine");
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
            for message in self.engine(|e| e.tab_hello()).unwrap_or_default() {
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
        let messages = self.engine(|e| e.on_open()).unwrap_or_default();
        self.send_server(&messages);
    }

    fn link_changed(&self, link: Link) {
        if link != Link::Open {
            self.engine(|e| e.on_close());
        }
        if let Some(ctx) = self.ctx() {
            ctx.status.set(Status::Workshop(link));
            ctx.waiting.set(self.waiting());
        }
    }

    /// Local changes not yet sent to the room.
    fn waiting(&self) -> usize {
        self.engine(|e| e.waiting()).unwrap_or(0)
    }

    /// A message from the room or another tab: answer it, merge it.
    fn received(&self, bytes: &[u8], via: Via) {
        let reaction = self.engine(|e| match via {
            Via::Server => e.on_message(bytes),
            Via::Tabs => e.on_tab_message(bytes),
        });
        let reaction = match reaction {
            Some(Ok(reaction)) => reaction,
            // Nothing arrives before the engine begins (the channels open then).
            None => return,
            // A malformed or hostile message changes nothing; the sender is not trusted.
            Some(Err(_)) => return,
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
            let waiting = self.waiting();
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
            ctx.waiting.set(self.waiting());
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
        let Some(loaded) = self.engine(|e| e.materialize()) else {
            return;
        };
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
        let Some(state) = self.engine(|e| e.encode_state()) else {
            return;
        };
        let state = base64url::encode(&state);
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
        let message = self.engine(|e| e.set_presence(&presence)).flatten();
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
        let message = self.engine(|e| e.renew_presence()).flatten();
        if let Some(message) = message {
            self.send_server(&[message]);
        }
        self.refresh_peers();
    }

    fn refresh_peers(&self) {
        if let Some(ctx) = self.ctx() {
            let peers = self.engine(|e| e.peers()).unwrap_or_default();
            if ctx.peers.with_untracked(|p| p != &peers) {
                ctx.peers.set(peers);
            }
        }
    }

    fn stop(&self) {
        self.stopped.set(true);
        if let Some(message) = self.engine(|e| e.leave()).flatten() {
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
            // The engine's part did not load (or is loading): try again, and ask for patience.
            self.load_and_begin(self.app.doc_now(Clone::clone));
            return Err(ENGINE_NOT_READY.into());
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
        if let Some(message) = self.engine(|e| e.leave()).flatten() {
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

impl SharedDoc for Live {
    fn committed(&self, before: &Blueprint, after: &Blueprint, label: &str) {
        let message = self
            .engine(|e| e.commit_local(before, after, label))
            .flatten();
        if let Some(message) = message {
            self.broadcast(&message);
        }
    }

    fn undo(&self) -> Option<(String, Blueprint)> {
        let (label, message) = self.engine(|e| e.undo()).flatten()?;
        self.broadcast(&message);
        let doc = self
            .engine(|e| e.materialize())
            .and_then(Result::ok)?
            .blueprint;
        Some((label, doc))
    }

    fn redo(&self) -> Option<(String, Blueprint)> {
        let (label, message) = self.engine(|e| e.redo()).flatten()?;
        self.broadcast(&message);
        let doc = self
            .engine(|e| e.materialize())
            .and_then(Result::ok)?
            .blueprint;
        Some((label, doc))
    }

    fn undo_label(&self) -> Option<String> {
        self.engine(|e| e.undo_label()).flatten()
    }

    fn redo_label(&self) -> Option<String> {
        self.engine(|e| e.redo_label()).flatten()
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
