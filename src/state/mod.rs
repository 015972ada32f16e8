//! Application state: the document (owned by the core's [`Editor`]) and the session around it.
//!
//! The document is the one source of truth and changes only through [`AppState::run`], which
//! applies a core command as one undo step. Everything else here is session state (selection,
//! keyboard focus, a drag in progress, zoom), which never enters the document or the history.

pub mod ids;
pub mod shared;

use std::collections::HashSet;
use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;
use rustc_hash::FxHashMap;
use stageline_core::audience::{visible_lanes, AudienceFilter};
use stageline_core::layout::{Layout, Metrics, Point};
use stageline_core::nav::Focus;
use stageline_core::{Command, CommandError, Editor};
use stageline_schema::{Blueprint, Card, CardId, ConnectionId, LaneId};

use shared::SharedDoc;

/// A card drag in progress: which cards, where the pointer started and where it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct CardDrag {
    /// The pointer driving the drag (other pointers are ignored meanwhile).
    pub pointer_id: i32,
    /// The cards being dragged, in document order.
    pub cards: Vec<CardId>,
    /// Where the pointer went down, in canvas coordinates (where it is now: [`Session::pointer`]).
    pub origin: Point,
    /// Whether the pointer has moved far enough to count as a drag (not a click).
    pub active: bool,
}

/// An arrow being drawn from a card's handle.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectDrag {
    /// The pointer drawing it.
    pub pointer_id: i32,
    /// The card it starts at.
    pub from: CardId,
}

/// A stage or lane header (what a header drag reorders, what an inline rename edits).
pub use stageline_core::actions::Header;

/// A stage or lane header being dragged to a new position.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderDrag {
    /// The pointer driving the drag.
    pub pointer_id: i32,
    /// The stage or lane.
    pub target: Header,
    /// Where the pointer went down, in canvas coordinates.
    pub origin: Point,
    /// Whether it has moved far enough to be a drag.
    pub active: bool,
}

/// The session: everything about the editing session that is not the document.
#[derive(Clone, Copy)]
pub struct Session {
    /// Selected cards, in the order they were selected.
    pub selection: RwSignal<Vec<CardId>>,
    /// The selected arrow, if any (selecting an arrow clears the card selection).
    pub selected_connection: RwSignal<Option<ConnectionId>>,
    /// Where keyboard focus is in the grid (kept even while DOM focus is elsewhere).
    pub focus: RwSignal<Option<Focus>>,
    /// The card whose title is being edited inline.
    pub editing: RwSignal<Option<CardId>>,
    /// The stage or lane header being renamed inline.
    pub renaming: RwSignal<Option<Header>>,
    /// A card drag in progress.
    pub drag: RwSignal<Option<CardDrag>>,
    /// An arrow being drawn with the pointer.
    pub connect: RwSignal<Option<ConnectDrag>>,
    /// The card an arrow is being drawn from with the keyboard (`C`, then Enter on the target).
    pub connect_from: RwSignal<Option<CardId>>,
    /// A header drag in progress.
    pub header_drag: RwSignal<Option<HeaderDrag>>,
    /// Where the pointer of the gesture in progress is, in canvas coordinates. Apart from the
    /// gestures because it changes on every move: only the few views that follow the pointer
    /// read it (the dragged cards, the drop preview, the arrow being drawn, the header drop
    /// bar). Views that depend on which gesture is in progress, such as every rendered card,
    /// are not even marked for a check as the pointer moves.
    pub pointer: RwSignal<Point>,
    /// The zoom factor of the canvas (1 = 100 %).
    pub zoom: RwSignal<f64>,
    /// The last message for screen readers and the status line.
    pub status: RwSignal<String>,
    /// Whether the keyboard shortcut sheet is open.
    pub help_open: RwSignal<bool>,
    /// The audience filter of this view (hidden lanes, highlights); never in the document.
    pub audience: RwSignal<AudienceFilter>,
    /// The canvas's scrolling viewport element (zoom to fit measures it).
    pub viewport: NodeRef<Div>,
    /// Whether the orchestration band is shown under the stage headers (and the handoffs
    /// between automation and people marked); a view setting, never in the document.
    pub orchestration: RwSignal<bool>,
}

/// Everything the components share, provided as context by the root component.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The document and its undo history.
    pub editor: RwSignal<Editor>,
    /// The layout of the current document.
    pub layout: Memo<Layout>,
    /// The layout's fixed sizes, apart from the layout: views that only need sizes (every
    /// card's height and offset) do not re-run on each edit's new layout.
    pub metrics: Memo<Metrics>,
    /// Where each card sits in the document's card list, rebuilt once per edit, so each card's
    /// view finds its card directly instead of searching every card (which made every edit
    /// cost more the larger the blueprint).
    pub card_index: Memo<FxHashMap<CardId, usize>>,
    /// Session state.
    pub session: Session,
    /// Whether this is a read-only view (a shared link): every change is refused.
    pub read_only: bool,
    /// The engine sharing the document with a workshop and other tabs, once installed: then
    /// edits go to it too, and undo and redo are its.
    shared: StoredValue<Option<Rc<dyn SharedDoc>>, LocalStorage>,
}

/// The smallest and largest zoom factors.
pub use stageline_core::actions::ZOOM_RANGE;

impl AppState {
    /// Creates the state for viewing `doc` without changing it: [`AppState::run`], undo and
    /// redo refuse, and drags never start. Its orchestration band follows `orchestration`, a
    /// switch that outlives this state (the viewer rebuilds its state with each filter).
    pub fn new_read_only_with_band(doc: Blueprint, orchestration: RwSignal<bool>) -> AppState {
        AppState {
            read_only: true,
            ..AppState::with_band(doc, orchestration)
        }
    }

    /// Creates the state for editing `doc`.
    pub fn new(doc: Blueprint) -> AppState {
        AppState::with_band(doc, RwSignal::new(false))
    }

    /// The state for editing `doc`, its orchestration band shown while `orchestration` is on.
    fn with_band(doc: Blueprint, orchestration: RwSignal<bool>) -> AppState {
        let editor = RwSignal::new(Editor::new(doc));
        let audience = RwSignal::new(AudienceFilter::default());
        let layout = Memo::new(move |_| {
            let metrics = if orchestration.get() {
                Metrics::default().with_orchestration_band()
            } else {
                Metrics::default()
            };
            editor.with(|e| {
                let hidden = audience.with(|f| hidden_lanes(e.doc(), f));
                Layout::compute_showing(e.doc(), metrics, &hidden)
            })
        });
        let metrics = Memo::new(move |_| layout.with(|l| l.metrics));
        let card_index = Memo::new(move |_| {
            editor.with(|e| {
                let cards = &e.doc().cards;
                let mut index =
                    FxHashMap::with_capacity_and_hasher(cards.len(), Default::default());
                for (i, card) in cards.iter().enumerate() {
                    index.insert(card.id.clone(), i);
                }
                index
            })
        });
        AppState {
            editor,
            layout,
            metrics,
            card_index,
            session: Session {
                selection: RwSignal::new(Vec::new()),
                selected_connection: RwSignal::new(None),
                focus: RwSignal::new(None),
                editing: RwSignal::new(None),
                renaming: RwSignal::new(None),
                drag: RwSignal::new(None),
                connect: RwSignal::new(None),
                connect_from: RwSignal::new(None),
                header_drag: RwSignal::new(None),
                pointer: RwSignal::new(Point { x: 0.0, y: 0.0 }),
                zoom: RwSignal::new(1.0),
                status: RwSignal::new(String::new()),
                help_open: RwSignal::new(false),
                audience,
                viewport: NodeRef::new(),
                orchestration,
            },
            read_only: false,
            shared: StoredValue::new_local(None),
        }
    }

    /// Shares the document through `engine` from now on (see [`SharedDoc`]).
    pub fn install_shared(&self, engine: Rc<dyn SharedDoc>) {
        self.shared.set_value(Some(engine));
    }

    /// Takes a document merged with others' changes (a peer's edit, another tab's): a new
    /// revision that is nobody's undo step here; session state that points at vanished
    /// things is dropped.
    pub fn take_merged(&self, doc: Blueprint) {
        let changed = self.editor.with_untracked(|e| e.doc() != &doc);
        if changed {
            self.editor.update(|e| e.replace_merged(doc));
            self.prune_session();
        }
    }

    /// The label of the step undo would undo (tracked: follows the document).
    pub fn undo_label(&self) -> Option<String> {
        self.editor.with(|e| match self.shared.get_value() {
            Some(engine) => engine.undo_label(),
            None => e.undo_label().map(str::to_string),
        })
    }

    /// The label of the step redo would redo (tracked: follows the document).
    pub fn redo_label(&self) -> Option<String> {
        self.editor.with(|e| match self.shared.get_value() {
            Some(engine) => engine.redo_label(),
            None => e.redo_label().map(str::to_string),
        })
    }

    /// Reads the document (tracked: the caller re-runs when it changes).
    pub fn doc<T>(&self, f: impl FnOnce(&Blueprint) -> T) -> T {
        self.editor.with(|e| f(e.doc()))
    }

    /// Reads one card of the document (tracked, like [`AppState::doc`]); `None` if it is gone.
    pub fn card<T>(&self, id: &CardId, f: impl FnOnce(Option<&Card>) -> T) -> T {
        let at = self.card_index.with(|index| index.get(id).copied());
        self.doc(|d| f(at.and_then(|i| d.cards.get(i)).filter(|c| &c.id == id)))
    }

    /// Reads the document without subscribing (for event handlers).
    pub fn doc_now<T>(&self, f: impl FnOnce(&Blueprint) -> T) -> T {
        self.editor.with_untracked(|e| f(e.doc()))
    }

    /// Applies a built command as one undo step labelled `label`; reports failures in the
    /// status line. Returns whether the document changed.
    pub fn run(&self, label: &str, command: Result<Command, CommandError>) -> bool {
        if self.refuse_read_only() {
            return false;
        }
        let command = match command {
            Ok(c) => c,
            Err(err) => {
                self.say(format!("{label}: {err}"));
                return false;
            }
        };
        if command.is_noop() {
            return false;
        }
        let mut result = Ok(());
        match self.shared.get_value() {
            None => self.editor.update(|e| result = e.execute(label, command)),
            Some(engine) => {
                let before = self.doc_now(Clone::clone);
                self.editor.update(|e| result = e.apply_unrecorded(command));
                if result.is_ok() {
                    self.editor
                        .with_untracked(|e| engine.committed(&before, e.doc(), label));
                }
            }
        }
        match result {
            Ok(()) => {
                self.prune_session();
                true
            }
            Err(err) => {
                self.say(format!("{label}: {err}"));
                false
            }
        }
    }

    /// In a read-only view, says so and returns true (the caller then changes nothing).
    pub fn refuse_read_only(&self) -> bool {
        if self.read_only {
            self.say("This is a read-only view: make an editable copy to change it");
        }
        self.read_only
    }

    /// Whether any pointer gesture (card drag, arrow, header drag) is in progress.
    pub fn gesture_active(&self) -> bool {
        let s = self.session;
        s.drag.with_untracked(Option::is_some)
            || s.connect.with_untracked(Option::is_some)
            || s.header_drag.with_untracked(Option::is_some)
    }

    /// Drops every gesture in progress without changing the document.
    pub fn cancel_gestures(&self) {
        let s = self.session;
        s.drag.set(None);
        s.connect.set(None);
        s.header_drag.set(None);
    }

    /// Undoes the last step.
    pub fn undo(&self) {
        if self.refuse_read_only() {
            return;
        }
        let label = match self.shared.get_value() {
            Some(engine) => engine.undo().map(|(label, doc)| {
                self.editor.update(|e| e.replace_merged(doc));
                label
            }),
            None => {
                let mut label = None;
                self.editor.update(|e| label = e.undo());
                label
            }
        };
        match label {
            Some(l) => self.say(format!("Undid {l}")),
            None => self.say("Nothing to undo"),
        }
        self.prune_session();
    }

    /// Redoes the last undone step.
    pub fn redo(&self) {
        if self.refuse_read_only() {
            return;
        }
        let label = match self.shared.get_value() {
            Some(engine) => engine.redo().map(|(label, doc)| {
                self.editor.update(|e| e.replace_merged(doc));
                label
            }),
            None => {
                let mut label = None;
                self.editor.update(|e| label = e.redo());
                label
            }
        };
        match label {
            Some(l) => self.say(format!("Redid {l}")),
            None => self.say("Nothing to redo"),
        }
        self.prune_session();
    }

    /// Replaces the whole document (a newer version saved by another tab) with a fresh
    /// history; session state that points at vanished things is dropped.
    pub fn replace_doc(&self, doc: Blueprint) {
        self.editor.set(Editor::new(doc));
        self.prune_session();
    }

    /// Puts a message in the status line (announced to screen readers).
    pub fn say(&self, message: impl Into<String>) {
        self.session.status.set(message.into());
    }

    /// Selects exactly these cards (and no arrow).
    pub fn select_only(&self, cards: Vec<CardId>) {
        self.session.selected_connection.set(None);
        self.session.selection.set(cards);
    }

    /// Selects exactly this arrow (and no card).
    pub fn select_arrow(&self, id: ConnectionId) {
        self.session.selection.set(Vec::new());
        self.session.selected_connection.set(Some(id));
    }

    /// Adds a card to the selection or removes it.
    pub fn toggle_selected(&self, card: &CardId) {
        self.session.selected_connection.set(None);
        self.session.selection.update(|s| {
            if let Some(i) = s.iter().position(|c| c == card) {
                s.remove(i);
            } else {
                s.push(card.clone());
            }
        });
    }

    /// The selected cards, in document order (the order moves and duplicates keep).
    pub fn selection_in_doc_order(&self) -> Vec<CardId> {
        let selected: HashSet<CardId> =
            self.session.selection.get_untracked().into_iter().collect();
        self.doc_now(|d| {
            d.cards
                .iter()
                .filter(|c| selected.contains(&c.id))
                .map(|c| c.id.clone())
                .collect()
        })
    }

    /// Drops session references to things that no longer exist (after delete, undo, redo).
    /// Only what the session points at is looked up: building sets of every card and arrow
    /// here made each edit cost more the larger the blueprint.
    fn prune_session(&self) {
        let s = self.session;
        let index = self.card_index;
        let card_exists = move |id: &CardId| index.with_untracked(|idx| idx.contains_key(id));
        if s.selection
            .with_untracked(|sel| sel.iter().any(|c| !card_exists(c)))
        {
            s.selection.update(|sel| sel.retain(|c| card_exists(c)));
        }
        let arrow_gone = s.selected_connection.with_untracked(|c| {
            c.as_ref()
                .is_some_and(|id| self.doc_now(|d| d.connections.iter().all(|c| &c.id != id)))
        });
        if arrow_gone {
            s.selected_connection.set(None);
        }
        if s.editing
            .with_untracked(|e| e.as_ref().is_some_and(|c| !card_exists(c)))
        {
            s.editing.set(None);
        }
        if s.connect_from
            .with_untracked(|e| e.as_ref().is_some_and(|c| !card_exists(c)))
        {
            s.connect_from.set(None);
        }
    }
}

/// The lanes of `doc` that `filter` hides.
pub fn hidden_lanes(doc: &Blueprint, filter: &AudienceFilter) -> HashSet<LaneId> {
    if filter.is_default() {
        return HashSet::new();
    }
    let shown: HashSet<LaneId> = visible_lanes(doc, filter).into_iter().collect();
    doc.lanes
        .iter()
        .filter(|l| !shown.contains(&l.id))
        .map(|l| l.id.clone())
        .collect()
}

/// The shared state, from context.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
