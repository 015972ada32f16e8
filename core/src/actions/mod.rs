//! The editor's action layer: every user action (toolbar button, shortcut, pointer gesture,
//! menu) is an [`Action`], performed here against the document and the session it needs.
//!
//! [`Action::perform`] reads a [`Context`] (the document and the few session facts an action
//! depends on) and returns an [`Outcome`]: the core command to run as one undo step, if any,
//! and the session changes to make once it has run (selection, focus, an inline editor to open,
//! a message). Nothing here touches the document or a browser: the app applies the outcome, so
//! every action is tested natively (`core/tests/actions.rs`), as Excalidraw tests its actions.
//!
//! Which key runs which action is the table in [`keys`]; the shortcut sheet is generated from
//! it, so the sheet can never disagree with what the keys do.
//!
//! ```
//! use stageline_core::actions::{Action, Context};
//! use stageline_schema::{Blueprint, LaneKind};
//!
//! use stageline_schema::{SeededIds, Timestamp};
//!
//! let mut ids = SeededIds::new(1);
//! let now = Timestamp::from_unix_millis(1_700_000_000_000).expect("a valid time");
//! let mut doc = Blueprint::new_blank(&mut ids, now, "Hotel stay");
//!
//! // Performing an action changes nothing: it says what to run, as one undo step.
//! let outcome = Action::AddLane { kind: LaneKind::Partner }.perform(&Context::new(&doc), &mut ids);
//! let edit = outcome.edit.expect("adding a lane is an edit");
//! assert_eq!(edit.label, "Add lane");
//!
//! // The command has an exact inverse: applying it returns the command that undoes it.
//! let before = doc.clone();
//! let undo = edit.command.apply(&mut doc).expect("the command applies");
//! assert_eq!(doc.lanes.len(), before.lanes.len() + 1);
//! undo.apply(&mut doc).expect("the inverse applies");
//! assert_eq!(doc, before);
//! ```

pub mod keys;

use stageline_schema::{Blueprint, CardId, ConnectionId, ConnectionKind, IdSource, LaneId};
use stageline_schema::{LaneKind, StageId};

use crate::command::Command;
use crate::nav::{self, Focus, Move};
use crate::ops;

/// A stage or lane header: what a header drag reorders and what an inline rename edits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Header {
    /// A stage column.
    Stage(StageId),
    /// A lane row.
    Lane(LaneId),
}

/// A zoom change asked for by an action (the zoom is session state, kept by the app).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zoom {
    /// Multiply the zoom factor by this, within [`ZOOM_RANGE`].
    By(f64),
    /// Fit the whole blueprint to the viewport (the app knows the viewport's size).
    Fit,
    /// Back to 100 %.
    Reset,
}

/// The smallest and largest zoom factors.
pub const ZOOM_RANGE: (f64, f64) = (0.25, 2.0);

/// How much one zoom-in step multiplies the zoom by (zoom out divides by the same).
pub const ZOOM_STEP: f64 = 1.25;

impl Zoom {
    /// The zoom factor after this change from `current` (`Fit` is the app's: unchanged here).
    pub fn apply(self, current: f64) -> f64 {
        let (lo, hi) = ZOOM_RANGE;
        match self {
            Zoom::By(factor) => (current * factor).clamp(lo, hi),
            Zoom::Fit => current,
            Zoom::Reset => 1.0,
        }
    }
}

/// The zoom that shows a `width` × `height` blueprint whole in a viewport whose client area
/// (inside its scrollbars) is `view_width` × `view_height`, never above 100 %; `None` when
/// either has no size.
///
/// Everything the viewport scrolls besides the zoomed canvas is counted: the free margin of
/// [`crate::layout::CANVAS_MARGIN`] around the canvas on every side, which does not scale
/// with the zoom. The canvas's own size holds the headers, every lane and the derived lines'
/// names.
pub fn fit_zoom(width: f64, height: f64, view_width: f64, view_height: f64) -> Option<f64> {
    let margin = 2.0 * crate::layout::CANVAS_MARGIN;
    let (room_width, room_height) = (view_width - margin, view_height - margin);
    if width <= 0.0 || height <= 0.0 || room_width <= 0.0 || room_height <= 0.0 {
        return None;
    }
    let (lo, hi) = ZOOM_RANGE;
    let fit = (room_width / width).min(room_height / height);
    // Rounded down to a thousandth, so the browser's rounding of the scaled size never adds
    // the pixel that brings back a scrollbar.
    Some(((fit * 1000.0).floor() / 1000.0).clamp(lo, hi.min(1.0)))
}

/// Undo or redo: the history's business, not a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryStep {
    /// Undo the last step.
    Undo,
    /// Redo the last undone step.
    Redo,
}

/// What the document and the session look like to an action.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The document.
    pub doc: &'a Blueprint,
    /// The document as the audience filter shows it (hidden lanes left out), for focus moves
    /// that must not wander into hidden lanes; `None` when nothing is hidden.
    pub shown: Option<&'a Blueprint>,
    /// Where keyboard focus is in the grid.
    pub focus: Option<&'a Focus>,
    /// The selected cards, in the order they were selected.
    pub selection: &'a [CardId],
    /// The selected arrow.
    pub selected_arrow: Option<&'a ConnectionId>,
    /// The card an arrow is being drawn from with the keyboard.
    pub connect_from: Option<&'a CardId>,
    /// Whether a pointer gesture (drag, arrow, header drag) is in progress.
    pub gesture: bool,
    /// Whether the shortcut sheet is open.
    pub help_open: bool,
    /// Whether this is a read-only view: actions that change the document are refused.
    pub read_only: bool,
}

impl<'a> Context<'a> {
    /// A context with nothing focused or selected, editable.
    pub fn new(doc: &'a Blueprint) -> Context<'a> {
        Context {
            doc,
            shown: None,
            focus: None,
            selection: &[],
            selected_arrow: None,
            connect_from: None,
            gesture: false,
            help_open: false,
            read_only: false,
        }
    }

    /// The document as shown (see [`Context::shown`]).
    pub fn shown_doc(&self) -> &'a Blueprint {
        self.shown.unwrap_or(self.doc)
    }

    /// The cards an action on "the selection" works on: the selection in document order, or
    /// else the focused card.
    pub fn targets(&self) -> Vec<CardId> {
        if !self.selection.is_empty() {
            let selected: std::collections::HashSet<&CardId> = self.selection.iter().collect();
            return self
                .doc
                .cards
                .iter()
                .filter(|c| selected.contains(&c.id))
                .map(|c| c.id.clone())
                .collect();
        }
        match self.focus {
            Some(Focus::Card(id)) => vec![id.clone()],
            _ => Vec::new(),
        }
    }
}

/// A change to the document: one undo step with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// What the history calls the step ("Move card"), also used in messages.
    pub label: String,
    /// The command to run.
    pub command: Command,
}

/// A change of the selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Exactly these cards, and no arrow.
    Cards(Vec<CardId>),
    /// Exactly this arrow, and no card.
    Arrow(ConnectionId),
    /// Add this card to the selection, or take it out.
    Toggle(CardId),
}

/// A move of keyboard focus in the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusChange {
    /// Where grid focus goes.
    pub to: Focus,
    /// Whether the browser's focus follows (false when an inline editor takes it instead).
    pub dom: bool,
}

/// A message for the status line (announced to screen readers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// This text.
    Text(String),
    /// "Card moved to <lane>, <stage>", read from the document after the edit ran.
    CardPlace(CardId),
}

impl Message {
    /// The message's text, against the document as it is after the action ran.
    pub fn text(&self, doc: &Blueprint) -> String {
        match self {
            Message::Text(text) => text.clone(),
            Message::CardPlace(id) => doc.card(id).map_or_else(String::new, |c| {
                let lane = doc.lane(&c.lane).map_or("", |l| l.name.as_str());
                let stage = doc.stage(&c.stage).map_or("", |s| s.name.as_str());
                format!("Card moved to {lane}, {stage}")
            }),
        }
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message::Text(text.to_string())
    }
}

impl From<String> for Message {
    fn from(text: String) -> Message {
        Message::Text(text)
    }
}

/// What performing an action asks of the app. When there is an [`Edit`], the session changes
/// apply only if it ran and changed the document (a failed or empty edit changes nothing);
/// otherwise they apply at once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// The document change, as one undo step.
    pub edit: Option<Edit>,
    /// Undo or redo.
    pub history: Option<HistoryStep>,
    /// Drop the pointer gesture in progress (nothing changes).
    pub cancel_gesture: bool,
    /// The new selection.
    pub select: Option<Selection>,
    /// Where keyboard focus goes.
    pub focus: Option<FocusChange>,
    /// Open the inline title editor of this card.
    pub edit_title: Option<CardId>,
    /// Open the inline rename field of this header.
    pub rename: Option<Header>,
    /// Start (`Some(Some(card))`) or stop (`Some(None)`) drawing an arrow with the keyboard.
    pub connect_from: Option<Option<CardId>>,
    /// Open or close the shortcut sheet.
    pub help_open: Option<bool>,
    /// Change the zoom.
    pub zoom: Option<Zoom>,
    /// What to tell the user.
    pub message: Option<Message>,
}

impl Outcome {
    /// Nothing to do: the action did not apply (the key then falls through to the browser).
    pub fn none() -> Outcome {
        Outcome::default()
    }

    /// Only a message.
    pub fn say(message: impl Into<Message>) -> Outcome {
        Outcome {
            message: Some(message.into()),
            ..Outcome::default()
        }
    }

    /// An edit labelled `label`; a failed build becomes the message "<label>: <error>".
    pub fn edit(
        label: impl Into<String>,
        command: Result<Command, crate::CommandError>,
    ) -> Outcome {
        let label = label.into();
        match command {
            Ok(command) => Outcome {
                edit: Some(Edit { label, command }),
                ..Outcome::default()
            },
            Err(err) => Outcome::say(format!("{label}: {err}")),
        }
    }

    /// Whether the outcome does anything at all.
    pub fn is_none(&self) -> bool {
        self == &Outcome::default()
    }

    /// Adds a message.
    pub fn saying(mut self, message: impl Into<Message>) -> Outcome {
        self.message = Some(message.into());
        self
    }

    /// Adds a focus move (the browser's focus follows).
    pub fn focusing(mut self, to: Focus) -> Outcome {
        self.focus = Some(FocusChange { to, dom: true });
        self
    }

    /// Adds a selection change.
    pub fn selecting(mut self, select: Selection) -> Outcome {
        self.select = Some(select);
        self
    }

    fn refused() -> Outcome {
        Outcome::say(READ_ONLY)
    }
}

/// What a read-only view says when asked to change the document.
pub const READ_ONLY: &str = "This is a read-only view: make an editable copy to change it";

/// The name of the `n`th stage of a blueprint that has `n - 1` stages: what "Add stage" calls
/// a new stage before the user names it.
pub fn new_stage_name(doc: &Blueprint) -> String {
    format!("Stage {}", doc.stages.len() + 1)
}

/// Every user action of the editor.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Undo the last step.
    Undo,
    /// Redo the last undone step.
    Redo,
    /// Zoom in one step.
    ZoomIn,
    /// Zoom out one step.
    ZoomOut,
    /// Fit the blueprint to the screen.
    ZoomFit,
    /// Back to 100 %.
    ZoomReset,
    /// Show or hide the shortcut sheet.
    ToggleShortcuts,
    /// Escape: cancel a drag, the sheet, an arrow being drawn, or clear the selection.
    Cancel,
    /// Move keyboard focus; the selection follows unless `keep_selection`.
    FocusMove {
        /// The direction.
        dir: Move,
        /// Keep the selection where it is (Ctrl/Cmd + arrows), so Space can add cards apart.
        keep_selection: bool,
    },
    /// Move the focused card, stage or lane one step (Alt + arrows).
    MoveFocused(Move),
    /// Edit the focused card's title inline.
    EditTitle,
    /// Into the focused cell's first card, or a new card when it has none.
    EnterCell,
    /// Rename the focused stage or lane header.
    RenameFocused,
    /// Open the rename field of this header.
    Rename(Header),
    /// A new card in the focused cell (after the focused card).
    NewCard,
    /// A new card in this cell at `position` (`None`: at the end), its title open for typing.
    AddCard {
        /// The lane of the cell.
        lane: LaneId,
        /// The stage of the cell.
        stage: StageId,
        /// Where among the cell's cards.
        position: Option<usize>,
    },
    /// Add the focused card to the selection, or take it out.
    ToggleSelected,
    /// Duplicate the selected cards (or the focused card) and select the copies.
    Duplicate,
    /// Delete the selected arrow, the selected cards (or the focused card), or the focused
    /// stage or lane.
    Delete,
    /// Delete this stage and its cards.
    DeleteStage(StageId),
    /// Delete this lane and its cards.
    DeleteLane(LaneId),
    /// Start drawing an arrow from the focused card (then [`Action::FinishArrow`]).
    StartArrow,
    /// Draw the arrow started with [`Action::StartArrow`] to the focused card.
    FinishArrow,
    /// Draw a handoff arrow between two cards (the pointer's gesture).
    DrawArrow {
        /// The card it starts at.
        from: CardId,
        /// The card it points to.
        to: CardId,
    },
    /// Move cards to a cell (the pointer's drop).
    MoveCards {
        /// The cards, in document order.
        cards: Vec<CardId>,
        /// The target lane.
        lane: LaneId,
        /// The target stage.
        stage: StageId,
        /// Where among the target cell's other cards.
        position: usize,
    },
    /// Move a stage or lane by `by` places (buttons, Alt + arrows).
    Shift {
        /// The stage or lane.
        header: Header,
        /// How many places: negative is left or up.
        by: isize,
    },
    /// Move a stage or lane to index `to` (a header drop).
    MoveHeader {
        /// The stage or lane.
        header: Header,
        /// The new index.
        to: usize,
    },
    /// Add a stage at `at` (`None`: at the end) and open its name for typing.
    AddStage {
        /// The index of the new stage.
        at: Option<usize>,
    },
    /// Add a lane of this kind at the end and open its name for typing.
    AddLane {
        /// The kind of the new lane.
        kind: LaneKind,
    },
    /// Rename a stage or lane (the inline field's commit; surrounding spaces dropped).
    RenameHeader {
        /// The stage or lane.
        header: Header,
        /// The new name.
        name: String,
    },
    /// Change a lane's kind.
    SetLaneKind {
        /// The lane.
        lane: LaneId,
        /// Its new kind.
        kind: LaneKind,
    },
    /// Make the document what a version of it was, as one undoable step (the version
    /// history keeps every version, newer ones included).
    RestoreVersion {
        /// The version's document.
        doc: Box<Blueprint>,
        /// How the version is named for people ("As is, 12 May workshop", or its time).
        name: String,
    },
}

impl Action {
    /// Whether the action changes the document (and so is refused in a read-only view).
    pub fn edits(&self) -> bool {
        !matches!(
            self,
            Action::ZoomIn
                | Action::ZoomOut
                | Action::ZoomFit
                | Action::ZoomReset
                | Action::ToggleShortcuts
                | Action::Cancel
                | Action::FocusMove { .. }
                | Action::ToggleSelected
        )
    }

    /// Whether the action can do anything in `ctx`: a menu or button shows it disabled
    /// otherwise, and a key bound to it falls through to the next binding or the browser.
    pub fn enabled(&self, ctx: &Context<'_>) -> bool {
        let focus = ctx.focus;
        match self {
            Action::Cancel => {
                ctx.gesture
                    || ctx.help_open
                    || ctx.connect_from.is_some()
                    || !ctx.selection.is_empty()
                    || ctx.selected_arrow.is_some()
            }
            Action::FocusMove { .. } => focus.is_some(),
            // Alt + arrows are the grid's whatever the focus (on a cell they do nothing), so
            // the browser never takes them (Alt + Left is "back" in most browsers).
            Action::MoveFocused(_) => focus.is_some(),
            Action::NewCard => matches!(focus, Some(Focus::Card(_) | Focus::Cell(..))),
            Action::EditTitle => {
                matches!(focus, Some(Focus::Card(_))) && ctx.connect_from.is_none()
            }
            Action::ToggleSelected | Action::StartArrow => matches!(focus, Some(Focus::Card(_))),
            Action::FinishArrow => {
                matches!(focus, Some(Focus::Card(_))) && ctx.connect_from.is_some()
            }
            Action::EnterCell => matches!(focus, Some(Focus::Cell(..))),
            Action::RenameFocused => {
                matches!(focus, Some(Focus::StageHeader(_) | Focus::LaneHeader(_)))
            }
            Action::Duplicate => !ctx.targets().is_empty(),
            Action::Delete => {
                ctx.selected_arrow.is_some()
                    || !ctx.targets().is_empty()
                    || matches!(focus, Some(Focus::StageHeader(_) | Focus::LaneHeader(_)))
            }
            _ => true,
        }
    }

    /// Works out what the action does in `ctx`, with fresh IDs from `ids` for what it creates.
    /// A disabled action returns [`Outcome::none`]; in a read-only view an action that edits
    /// says so and changes nothing.
    pub fn perform(&self, ctx: &Context<'_>, ids: &mut dyn IdSource) -> Outcome {
        if !self.enabled(ctx) {
            return Outcome::none();
        }
        if ctx.read_only && self.edits() {
            return Outcome::refused();
        }
        let doc = ctx.doc;
        let focused_card = match ctx.focus {
            Some(Focus::Card(id)) => Some(id),
            _ => None,
        };
        match self {
            Action::Undo => Outcome {
                history: Some(HistoryStep::Undo),
                ..Outcome::default()
            },
            Action::Redo => Outcome {
                history: Some(HistoryStep::Redo),
                ..Outcome::default()
            },
            Action::ZoomIn => zoom(Zoom::By(ZOOM_STEP)),
            Action::ZoomOut => zoom(Zoom::By(1.0 / ZOOM_STEP)),
            Action::ZoomFit => zoom(Zoom::Fit),
            Action::ZoomReset => zoom(Zoom::Reset),
            Action::ToggleShortcuts => Outcome {
                help_open: Some(!ctx.help_open),
                ..Outcome::default()
            },
            Action::Cancel => cancel(ctx),
            Action::FocusMove {
                dir,
                keep_selection,
            } => {
                let Some(focus) = ctx.focus else {
                    return Outcome::none();
                };
                let next = nav::next_focus(ctx.shown_doc(), focus, *dir);
                let mut outcome = Outcome::none().focusing(next.clone());
                if !keep_selection {
                    outcome.select = Some(Selection::Cards(match next {
                        Focus::Card(id) => vec![id],
                        _ => Vec::new(),
                    }));
                }
                outcome
            }
            Action::MoveFocused(dir) => match ctx.focus {
                Some(Focus::Card(id)) => match nav::nudge_card(doc, id, *dir) {
                    Ok(Some(command)) => Outcome::edit("Move card", Ok(command))
                        .focusing(Focus::Card(id.clone()))
                        .saying(Message::CardPlace(id.clone())),
                    Ok(None) => Outcome::say("The card is at the edge"),
                    Err(err) => Outcome::say(err.to_string()),
                },
                Some(Focus::StageHeader(id)) => match dir {
                    Move::Left | Move::Right => shift(
                        doc,
                        &Header::Stage(id.clone()),
                        if *dir == Move::Left { -1 } else { 1 },
                    ),
                    _ => Outcome::none(),
                },
                Some(Focus::LaneHeader(id)) => match dir {
                    Move::Up | Move::Down => shift(
                        doc,
                        &Header::Lane(id.clone()),
                        if *dir == Move::Up { -1 } else { 1 },
                    ),
                    _ => Outcome::none(),
                },
                _ => Outcome::none(),
            },
            Action::EditTitle => match focused_card {
                Some(id) => Outcome {
                    edit_title: Some(id.clone()),
                    ..Outcome::default()
                },
                None => Outcome::none(),
            },
            Action::EnterCell => {
                let Some(focus) = ctx.focus else {
                    return Outcome::none();
                };
                match nav::next_focus(ctx.shown_doc(), focus, Move::Down) {
                    next @ Focus::Card(_) => Outcome::none().focusing(next),
                    _ => Action::NewCard.perform(ctx, ids),
                }
            }
            Action::RenameFocused => match ctx.focus {
                Some(Focus::StageHeader(id)) => rename(Header::Stage(id.clone())),
                Some(Focus::LaneHeader(id)) => rename(Header::Lane(id.clone())),
                _ => Outcome::none(),
            },
            Action::Rename(header) => rename(header.clone()),
            Action::NewCard => {
                let target = match ctx.focus {
                    Some(Focus::Cell(l, s)) => Some((l.clone(), s.clone(), None)),
                    Some(Focus::Card(id)) => doc.card(id).map(|c| {
                        let k = doc
                            .cards_in_cell(&c.lane, &c.stage)
                            .position(|x| &x.id == id);
                        (c.lane.clone(), c.stage.clone(), k.map(|k| k + 1))
                    }),
                    _ => None,
                };
                match target {
                    Some((lane, stage, position)) => Action::AddCard {
                        lane,
                        stage,
                        position,
                    }
                    .perform(ctx, ids),
                    None => Outcome::none(),
                }
            }
            Action::AddCard {
                lane,
                stage,
                position,
            } => match ops::add_card(doc, ids, lane, stage, *position, "") {
                Ok((command, id)) => Outcome {
                    edit: Some(Edit {
                        label: "Add card".into(),
                        command,
                    }),
                    select: Some(Selection::Cards(vec![id.clone()])),
                    // The title editor takes the browser's focus itself, and gives it back to
                    // the card when done.
                    focus: Some(FocusChange {
                        to: Focus::Card(id.clone()),
                        dom: false,
                    }),
                    edit_title: Some(id),
                    message: Some("Card added; type its title and press Enter".into()),
                    ..Outcome::default()
                },
                Err(err) => Outcome::say(format!("No card added: {err}")),
            },
            Action::ToggleSelected => match focused_card {
                Some(id) => Outcome::none().selecting(Selection::Toggle(id.clone())),
                None => Outcome::none(),
            },
            Action::Duplicate => {
                let cards = ctx.targets();
                match ops::duplicate_cards(doc, ids, &cards) {
                    Ok((command, copies)) => {
                        let label = count_label("Duplicate", copies.len());
                        let mut outcome = Outcome::edit(label.clone(), Ok(command));
                        if let Some(first) = copies.first() {
                            outcome = outcome.focusing(Focus::Card(first.clone()));
                        }
                        outcome.selecting(Selection::Cards(copies)).saying(label)
                    }
                    Err(err) => Outcome::say(err.to_string()),
                }
            }
            Action::Delete => {
                if let Some(arrow) = ctx.selected_arrow {
                    return Outcome::edit(
                        "Delete arrow",
                        ops::delete_connections(doc, std::slice::from_ref(arrow)),
                    );
                }
                let cards = ctx.targets();
                if let Some(first) = cards.first() {
                    // Focus goes to the cell of the first deleted card, which stays.
                    let cell = doc
                        .card(first)
                        .map(|c| Focus::Cell(c.lane.clone(), c.stage.clone()));
                    let label = count_label("Delete", cards.len());
                    let mut outcome = Outcome::edit(label.clone(), ops::delete_cards(doc, &cards))
                        .saying(format!("{label}: done (Ctrl+Z to undo)"));
                    if let Some(cell) = cell {
                        outcome = outcome.focusing(cell);
                    }
                    return outcome;
                }
                match ctx.focus {
                    Some(Focus::StageHeader(id)) => Action::DeleteStage(id.clone()).perform(ctx, ids),
                    Some(Focus::LaneHeader(id)) => Action::DeleteLane(id.clone()).perform(ctx, ids),
                    _ => Outcome::none(),
                }
            }
            Action::DeleteStage(id) => delete_header(doc, &Header::Stage(id.clone())),
            Action::DeleteLane(id) => delete_header(doc, &Header::Lane(id.clone())),
            Action::StartArrow => match focused_card {
                Some(id) => Outcome {
                    connect_from: Some(Some(id.clone())),
                    message: Some(
                        "Drawing an arrow: move to the target card and press Enter, or Escape to cancel"
                            .into(),
                    ),
                    ..Outcome::default()
                },
                None => Outcome::none(),
            },
            Action::FinishArrow => match (ctx.connect_from, focused_card) {
                (Some(from), Some(to)) => {
                    let mut outcome = draw_arrow(doc, ids, from, to);
                    outcome.connect_from = Some(None);
                    outcome
                }
                _ => Outcome::none(),
            },
            Action::DrawArrow { from, to } => {
                if from == to {
                    return Outcome::none();
                }
                draw_arrow(doc, ids, from, to)
            }
            Action::MoveCards {
                cards,
                lane,
                stage,
                position,
            } => {
                let label = count_label("Move", cards.len());
                Outcome::edit(
                    label.clone(),
                    ops::move_cards(doc, cards, lane, stage, *position),
                )
                .saying(format!("{label}: done"))
            }
            Action::Shift { header, by } => shift(doc, header, *by),
            Action::MoveHeader { header, to } => match header {
                Header::Stage(id) => Outcome::edit("Move stage", ops::move_stage(doc, id, *to)),
                Header::Lane(id) => Outcome::edit("Move lane", ops::move_lane(doc, id, *to)),
            },
            Action::RestoreVersion { doc: version, name } => {
                let mut outcome = Outcome::edit(
                    "Restore version",
                    Ok(Command::ReplaceContent {
                        doc: version.clone(),
                    }),
                );
                outcome.select = Some(Selection::Cards(Vec::new()));
                outcome.saying(format!(
                    "Restored the version “{name}”; undo brings back what was there before"
                ))
            }
            Action::AddStage { at } => {
                let (command, id) =
                    ops::add_stage(doc, ids, at.unwrap_or(usize::MAX), &new_stage_name(doc));
                let mut outcome = Outcome::edit("Add stage", Ok(command));
                outcome.focus = Some(FocusChange {
                    to: Focus::StageHeader(id.clone()),
                    dom: false,
                });
                outcome.rename = Some(Header::Stage(id));
                outcome.saying("Stage added; type its name and press Enter")
            }
            Action::AddLane { kind } => {
                let (command, id) = ops::add_lane(doc, ids, usize::MAX, *kind, None);
                let mut outcome = Outcome::edit("Add lane", Ok(command));
                outcome.focus = Some(FocusChange {
                    to: Focus::LaneHeader(id.clone()),
                    dom: false,
                });
                outcome.rename = Some(Header::Lane(id));
                outcome.saying("Lane added; type its name and press Enter")
            }
            Action::RenameHeader { header, name } => {
                let name = name.trim().to_string();
                match header {
                    Header::Stage(id) => Outcome::edit(
                        "Rename stage",
                        ops::edit_stage(doc, id, |s| s.name = name),
                    ),
                    Header::Lane(id) => {
                        Outcome::edit("Rename lane", ops::edit_lane(doc, id, |l| l.name = name))
                    }
                }
            }
            Action::SetLaneKind { lane, kind } => Outcome::edit(
                "Change lane kind",
                ops::edit_lane(doc, lane, |l| l.kind = *kind),
            ),
        }
    }
}

fn zoom(zoom: Zoom) -> Outcome {
    Outcome {
        zoom: Some(zoom),
        ..Outcome::default()
    }
}

fn rename(header: Header) -> Outcome {
    Outcome {
        rename: Some(header),
        ..Outcome::default()
    }
}

/// "Move card" for one, "Move 3 cards" for more.
fn count_label(verb: &str, n: usize) -> String {
    if n == 1 {
        format!("{verb} card")
    } else {
        format!("{verb} {n} cards")
    }
}

/// Escape: the first of these that applies.
fn cancel(ctx: &Context<'_>) -> Outcome {
    if ctx.gesture {
        return Outcome {
            cancel_gesture: true,
            message: Some("Drag cancelled".into()),
            ..Outcome::default()
        };
    }
    if ctx.help_open {
        return Outcome {
            help_open: Some(false),
            ..Outcome::default()
        };
    }
    if ctx.connect_from.is_some() {
        return Outcome {
            connect_from: Some(None),
            message: Some("Arrow cancelled".into()),
            ..Outcome::default()
        };
    }
    Outcome::none().selecting(Selection::Cards(Vec::new()))
}

/// Moving a stage or lane by `by` places: the one rule behind the header buttons and
/// Alt + arrow keys. Focus stays on (returns to) the header that moved.
fn shift(doc: &Blueprint, header: &Header, by: isize) -> Outcome {
    match header {
        Header::Stage(id) => {
            let from = doc.stage_index(id).unwrap_or(0);
            Outcome::edit(
                "Move stage",
                ops::move_stage(doc, id, from.saturating_add_signed(by)),
            )
            .focusing(Focus::StageHeader(id.clone()))
        }
        Header::Lane(id) => {
            let from = doc.lane_index(id).unwrap_or(0);
            Outcome::edit(
                "Move lane",
                ops::move_lane(doc, id, from.saturating_add_signed(by)),
            )
            .focusing(Focus::LaneHeader(id.clone()))
        }
    }
}

/// Deleting a stage or lane: focus goes to the first item of the grid that remains.
fn delete_header(doc: &Blueprint, header: &Header) -> Outcome {
    let lane = doc.lanes.iter().map(|l| &l.id).find(|id| match header {
        Header::Lane(gone) => id != &gone,
        Header::Stage(_) => true,
    });
    let stage = doc.stages.iter().map(|s| &s.id).find(|id| match header {
        Header::Stage(gone) => id != &gone,
        Header::Lane(_) => true,
    });
    let next = nav::first_focus_of(lane, stage);
    let (label, command, said) = match header {
        Header::Stage(id) => ("Delete stage", ops::delete_stage(doc, id), "Stage deleted"),
        Header::Lane(id) => ("Delete lane", ops::delete_lane(doc, id), "Lane deleted"),
    };
    Outcome::edit(label, command)
        .focusing(next)
        .saying(format!("{said} (Ctrl+Z to undo)"))
}

fn draw_arrow(doc: &Blueprint, ids: &mut dyn IdSource, from: &CardId, to: &CardId) -> Outcome {
    match ops::connect(doc, ids, from, to, ConnectionKind::Handoff) {
        Ok((command, id)) => Outcome::edit("Draw arrow", Ok(command))
            .selecting(Selection::Arrow(id))
            .saying("Arrow drawn"),
        Err(err) => Outcome::say(format!("No arrow drawn: {err}")),
    }
}
