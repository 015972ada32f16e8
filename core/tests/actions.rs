//! The action layer, driven as a user drives it but without a browser: each action is
//! performed against a document, its outcome applied the way the app applies it, and the
//! resulting document and session checked (as Excalidraw's action tests do).

mod common;

use common::{fixture, Fixture};
use stageline_core::actions::keys::{self, KeyPress, Scope, KEY_ACTIONS};
use stageline_core::actions::{
    fit_zoom, Action, Context, Header, HistoryStep, Message, Outcome, Selection, Zoom,
};
use stageline_core::nav::{Focus, Move};
use stageline_core::Editor;
use stageline_schema::{CardId, ConnectionId, LaneKind, SeededIds};

/// A minimal stand-in for the app's session: what the outcomes change.
#[derive(Default)]
struct Session {
    focus: Option<Focus>,
    dom_focus: Option<Focus>,
    selection: Vec<CardId>,
    arrow: Option<ConnectionId>,
    connect_from: Option<CardId>,
    editing: Option<CardId>,
    renaming: Option<Header>,
    help_open: bool,
    gesture: bool,
    zoom: f64,
    said: Vec<String>,
}

/// The action context of a session, as the app builds it (nothing hidden by a filter).
fn context<'a>(editor: &'a Editor, s: &'a Session, read_only: bool) -> Context<'a> {
    Context {
        doc: editor.doc(),
        shown: None,
        focus: s.focus.as_ref(),
        selection: &s.selection,
        selected_arrow: s.arrow.as_ref(),
        connect_from: s.connect_from.as_ref(),
        gesture: s.gesture,
        help_open: s.help_open,
        read_only,
    }
}

/// The document, its history and a session: the app's state without a browser.
struct App {
    editor: Editor,
    session: Session,
    ids: SeededIds,
    read_only: bool,
}

impl App {
    fn new(f: Fixture) -> App {
        App {
            editor: Editor::new(f.doc),
            session: Session {
                zoom: 1.0,
                ..Session::default()
            },
            ids: f.ids,
            read_only: false,
        }
    }

    fn outcome(&mut self, action: &Action) -> Outcome {
        let ctx = context(&self.editor, &self.session, self.read_only);
        action.perform(&ctx, &mut self.ids)
    }

    /// Performs and applies an action as the app does; returns whether it did anything.
    fn act(&mut self, action: Action) -> bool {
        let outcome = self.outcome(&action);
        self.apply(outcome)
    }

    fn apply(&mut self, o: Outcome) -> bool {
        if o.is_none() {
            return false;
        }
        if let Some(edit) = o.edit {
            if edit.command.is_noop() {
                return false;
            }
            if let Err(err) = self.editor.execute(&edit.label, edit.command) {
                self.session.said.push(format!("{}: {err}", edit.label));
                return false;
            }
        }
        let s = &mut self.session;
        match o.history {
            Some(HistoryStep::Undo) => {
                self.editor.undo();
            }
            Some(HistoryStep::Redo) => {
                self.editor.redo();
            }
            None => {}
        }
        if o.cancel_gesture {
            s.gesture = false;
        }
        match o.select {
            Some(Selection::Cards(cards)) => {
                s.arrow = None;
                s.selection = cards;
            }
            Some(Selection::Arrow(id)) => {
                s.selection.clear();
                s.arrow = Some(id);
            }
            Some(Selection::Toggle(card)) => {
                s.arrow = None;
                if let Some(i) = s.selection.iter().position(|c| *c == card) {
                    s.selection.remove(i);
                } else {
                    s.selection.push(card);
                }
            }
            None => {}
        }
        if let Some(f) = o.focus {
            if f.dom {
                s.dom_focus = Some(f.to.clone());
            }
            s.focus = Some(f.to);
        }
        if let Some(card) = o.edit_title {
            s.editing = Some(card);
        }
        if let Some(h) = o.rename {
            s.renaming = Some(h);
        }
        if let Some(from) = o.connect_from {
            s.connect_from = from;
        }
        if let Some(open) = o.help_open {
            s.help_open = open;
        }
        if let Some(z) = o.zoom {
            s.zoom = z.apply(s.zoom);
        }
        if let Some(m) = o.message {
            s.said.push(m.text(self.editor.doc()));
        }
        true
    }

    /// Presses a key as the app's keyboard handler does: grid keys first when the grid has
    /// focus, then page keys, Escape anywhere. Returns whether the editor took the key.
    fn press(&mut self, press: KeyPress<'_>) -> bool {
        let action = {
            let ctx = context(&self.editor, &self.session, self.read_only);
            [Scope::Anywhere, Scope::Page, Scope::Grid]
                .into_iter()
                .find_map(|scope| keys::resolve(scope, &press, &ctx))
        };
        match action {
            Some(action) => {
                self.act(action);
                true
            }
            None => false,
        }
    }

    fn said(&self) -> &str {
        self.session.said.last().map_or("", String::as_str)
    }
}

#[test]
fn adding_a_card_from_a_focused_cell_opens_its_title_and_is_one_undo_step() {
    let f = fixture();
    let (lane, stage) = (f.lanes[0].clone(), f.stages[2].clone());
    let mut app = App::new(f);
    app.session.focus = Some(Focus::Cell(lane.clone(), stage.clone()));
    let before = app.editor.doc().clone();
    assert!(app.press(KeyPress::plain("n")));
    let doc = app.editor.doc();
    assert_eq!(doc.cards.len(), before.cards.len() + 1);
    let added = doc.cards.last().expect("a card").clone();
    assert_eq!((added.lane.clone(), added.stage.clone()), (lane, stage));
    assert_eq!(app.session.selection, vec![added.id.clone()]);
    assert_eq!(app.session.editing, Some(added.id.clone()));
    // The title editor takes the browser's focus, not the card.
    assert_eq!(app.session.focus, Some(Focus::Card(added.id.clone())));
    assert_eq!(app.session.dom_focus, None);
    assert_eq!(app.said(), "Card added; type its title and press Enter");
    app.act(Action::Undo);
    assert_eq!(app.editor.doc(), &before);
}

#[test]
fn n_after_a_focused_card_inserts_right_after_it() {
    let f = fixture();
    let first = f.cards[1][0][0].clone();
    let second = f.cards[1][0][1].clone();
    let (lane, stage) = (f.lanes[1].clone(), f.stages[0].clone());
    let mut app = App::new(f);
    app.session.focus = Some(Focus::Card(first.clone()));
    assert!(app.press(KeyPress::plain("N")));
    let doc = app.editor.doc();
    let cell: Vec<&CardId> = doc.cards_in_cell(&lane, &stage).map(|c| &c.id).collect();
    assert_eq!(cell.len(), 3);
    assert_eq!(cell[0], &first);
    assert_eq!(cell[2], &second, "the new card sits between the two");
}

#[test]
fn enter_in_a_cell_goes_to_its_first_card_or_adds_one() {
    let f = fixture();
    let first = f.cards[1][0][0].clone();
    let full = Focus::Cell(f.lanes[1].clone(), f.stages[0].clone());
    let empty = Focus::Cell(f.lanes[4].clone(), f.stages[2].clone());
    let mut app = App::new(f);
    let cards = app.editor.doc().cards.len();
    app.session.focus = Some(full);
    assert!(app.press(KeyPress::plain("Enter")));
    assert_eq!(app.session.focus, Some(Focus::Card(first.clone())));
    assert_eq!(app.session.dom_focus, Some(Focus::Card(first)));
    assert_eq!(app.editor.doc().cards.len(), cards, "nothing added");
    app.session.focus = Some(empty);
    assert!(app.press(KeyPress::plain("Enter")));
    assert_eq!(app.editor.doc().cards.len(), cards + 1);
}

#[test]
fn enter_on_a_card_edits_its_title_unless_an_arrow_is_being_drawn() {
    let f = fixture();
    let a = f.cards[1][0][0].clone();
    let b = f.cards[2][0][0].clone();
    let c = f.cards[3][1][2].clone();
    let mut app = App::new(f);
    app.session.focus = Some(Focus::Card(a.clone()));
    assert!(app.press(KeyPress::plain("Enter")));
    assert_eq!(app.session.editing, Some(a.clone()));
    app.session.editing = None;
    // C starts an arrow; Enter on another card draws it and selects it.
    assert!(app.press(KeyPress::plain("c")));
    assert_eq!(app.session.connect_from, Some(a.clone()));
    app.session.focus = Some(Focus::Card(c.clone()));
    let arrows = app.editor.doc().connections.len();
    assert!(app.press(KeyPress::plain("Enter")));
    let doc = app.editor.doc();
    assert_eq!(doc.connections.len(), arrows + 1);
    let drawn = doc.connections.last().expect("an arrow");
    assert_eq!((&drawn.from, &drawn.to), (&a, &c));
    assert_eq!(app.session.arrow, Some(drawn.id.clone()));
    assert_eq!(app.session.connect_from, None);
    assert_eq!(
        app.session.editing, None,
        "Enter drew the arrow, it did not edit"
    );
    assert_eq!(app.said(), "Arrow drawn");
    // A second arrow between the same cards is refused, and the keyboard arrow ends anyway.
    app.session.focus = Some(Focus::Card(a.clone()));
    app.press(KeyPress::plain("c"));
    app.session.focus = Some(Focus::Card(b.clone()));
    app.press(KeyPress::plain("Escape"));
    assert_eq!(app.session.connect_from, None);
    assert_eq!(app.said(), "Arrow cancelled");
}

#[test]
fn alt_arrows_move_the_focused_card_and_say_where_it_went() {
    let f = fixture();
    let card = f.cards[2][0][0].clone();
    let mut app = App::new(f);
    app.session.focus = Some(Focus::Card(card.clone()));
    assert!(app.press(KeyPress::plain("ArrowRight").with_alt()));
    let doc = app.editor.doc();
    let moved = doc.card(&card).expect("still there");
    assert_eq!(doc.stage_index(&moved.stage), Some(1));
    let lane = doc.lane(&moved.lane).expect("lane").name.clone();
    let stage = doc.stage(&moved.stage).expect("stage").name.clone();
    assert_eq!(app.said(), format!("Card moved to {lane}, {stage}"));
    assert_eq!(app.session.dom_focus, Some(Focus::Card(card.clone())));
    // One key press is one undo step.
    app.act(Action::Undo);
    let doc = app.editor.doc();
    assert_eq!(
        doc.stage_index(&doc.card(&card).expect("card").stage),
        Some(0)
    );
}

#[test]
fn a_card_at_the_edge_says_so_and_changes_nothing() {
    let f = fixture();
    let card = f.cards[1][0][0].clone();
    let mut app = App::new(f);
    app.session.focus = Some(Focus::Card(card));
    let before = app.editor.doc().clone();
    assert!(app.press(KeyPress::plain("ArrowLeft").with_alt()));
    assert_eq!(app.editor.doc(), &before);
    assert_eq!(app.said(), "The card is at the edge");
    assert_eq!(app.editor.undo_len(), 0);
}

#[test]
fn moving_a_stage_by_one_is_the_same_from_the_button_and_the_keys() {
    let f = fixture();
    let stage = f.stages[0].clone();
    let mut by_button = App::new(fixture());
    let mut by_keys = App::new(f);
    by_button.act(Action::Shift {
        header: Header::Stage(stage.clone()),
        by: 1,
    });
    by_keys.session.focus = Some(Focus::StageHeader(stage.clone()));
    assert!(by_keys.press(KeyPress::plain("ArrowRight").with_alt()));
    assert_eq!(by_button.editor.doc(), by_keys.editor.doc());
    assert_eq!(by_keys.editor.doc().stage_index(&stage), Some(1));
    assert_eq!(
        by_keys.session.dom_focus,
        Some(Focus::StageHeader(stage.clone()))
    );
    // Up and down do nothing to a stage (a stage moves left and right), but the key is taken.
    let before = by_keys.editor.doc().clone();
    assert!(by_keys.press(KeyPress::plain("ArrowUp").with_alt()));
    assert_eq!(by_keys.editor.doc(), &before);
    // At the edge the move is empty: no undo step.
    let steps = by_keys.editor.undo_len();
    by_keys.act(Action::Shift {
        header: Header::Stage(stage.clone()),
        by: -5,
    });
    assert_eq!(by_keys.editor.doc().stage_index(&stage), Some(0));
    by_keys.act(Action::Shift {
        header: Header::Stage(stage),
        by: -1,
    });
    assert_eq!(by_keys.editor.undo_len(), steps + 1);
}

#[test]
fn moving_a_lane_by_one_is_the_same_from_the_button_and_the_keys() {
    let f = fixture();
    let lane = f.lanes[2].clone();
    let mut by_button = App::new(fixture());
    let mut by_keys = App::new(f);
    by_button.act(Action::Shift {
        header: Header::Lane(lane.clone()),
        by: -1,
    });
    by_keys.session.focus = Some(Focus::LaneHeader(lane.clone()));
    assert!(by_keys.press(KeyPress::plain("ArrowUp").with_alt()));
    assert_eq!(by_button.editor.doc(), by_keys.editor.doc());
    assert_eq!(by_keys.editor.doc().lane_index(&lane), Some(1));
}

#[test]
fn arrows_carry_the_selection_and_ctrl_arrows_keep_it_for_space() {
    let f = fixture();
    let a = f.cards[1][0][0].clone();
    let b = f.cards[1][0][1].clone();
    let c = f.cards[1][1][0].clone();
    let mut app = App::new(f);
    app.session.focus = Some(Focus::Card(a.clone()));
    app.press(KeyPress::plain("ArrowDown"));
    assert_eq!(app.session.focus, Some(Focus::Card(b.clone())));
    assert_eq!(app.session.selection, vec![b.clone()]);
    // Ctrl + arrow moves focus only; Space adds the card there.
    app.press(KeyPress::plain("ArrowUp").with_command());
    app.press(KeyPress::plain("ArrowRight").with_command());
    assert_eq!(app.session.focus, Some(Focus::Card(c.clone())));
    assert_eq!(app.session.selection, vec![b.clone()]);
    app.press(KeyPress::plain(" "));
    assert_eq!(app.session.selection, vec![b.clone(), c.clone()]);
    app.press(KeyPress::plain(" "));
    assert_eq!(app.session.selection, vec![b]);
    // An arrow onto a cell clears the selection.
    app.session.focus = Some(Focus::Card(c));
    app.press(KeyPress::plain("ArrowRight"));
    assert!(matches!(app.session.focus, Some(Focus::Cell(..))));
    assert!(app.session.selection.is_empty());
}

#[test]
fn duplicate_copies_the_selection_in_document_order_and_selects_the_copies() {
    let f = fixture();
    let a = f.cards[1][0][0].clone();
    let b = f.cards[3][1][1].clone();
    let mut app = App::new(f);
    // Selected in reverse order: the copies follow the document's order.
    app.session.selection = vec![b.clone(), a.clone()];
    app.session.focus = Some(Focus::Card(b.clone()));
    let before = app.editor.doc().cards.len();
    assert!(app.press(KeyPress::plain("d").with_command()));
    let doc = app.editor.doc();
    assert_eq!(doc.cards.len(), before + 2);
    assert_eq!(app.session.selection.len(), 2);
    assert!(!app.session.selection.contains(&a) && !app.session.selection.contains(&b));
    let first_copy = doc.card(&app.session.selection[0]).expect("copy");
    assert_eq!(
        first_copy.lane,
        doc.card(&a).expect("a").lane,
        "a's copy comes first"
    );
    assert_eq!(app.said(), "Duplicate 2 cards");
    assert_eq!(app.editor.undo_label(), Some("Duplicate 2 cards"));
}

#[test]
fn delete_takes_the_arrow_first_then_the_cards_then_the_focused_header() {
    let f = fixture();
    let card = f.cards[1][0][0].clone();
    let stage = f.stages[2].clone();
    let mut app = App::new(f);
    let arrow = app.editor.doc().connections[0].id.clone();
    let cards = app.editor.doc().cards.len();
    app.session.arrow = Some(arrow.clone());
    app.session.focus = Some(Focus::Card(card.clone()));
    assert!(app.press(KeyPress::plain("Delete")));
    assert!(app.editor.doc().connection(&arrow).is_none());
    assert_eq!(app.editor.doc().cards.len(), cards, "only the arrow went");
    app.session.arrow = None;
    app.session.selection = vec![card.clone()];
    assert!(app.press(KeyPress::plain("Backspace")));
    assert!(app.editor.doc().card(&card).is_none());
    assert_eq!(app.said(), "Delete card: done (Ctrl+Z to undo)");
    assert!(matches!(app.session.dom_focus, Some(Focus::Cell(..))));
    app.session.selection.clear();
    app.session.focus = Some(Focus::StageHeader(stage.clone()));
    assert!(app.press(KeyPress::plain("Delete")));
    assert!(app.editor.doc().stage(&stage).is_none());
    assert_eq!(app.said(), "Stage deleted (Ctrl+Z to undo)");
    let doc = app.editor.doc();
    assert_eq!(
        app.session.dom_focus,
        Some(Focus::Cell(
            doc.lanes[0].id.clone(),
            doc.stages[0].id.clone()
        ))
    );
}

#[test]
fn deleting_the_first_lane_moves_focus_to_the_next_one() {
    let f = fixture();
    let (first, second) = (f.lanes[0].clone(), f.lanes[1].clone());
    let stage = f.stages[0].clone();
    let mut app = App::new(f);
    app.act(Action::DeleteLane(first.clone()));
    assert!(app.editor.doc().lane(&first).is_none());
    assert_eq!(app.session.dom_focus, Some(Focus::Cell(second, stage)));
    assert_eq!(app.said(), "Lane deleted (Ctrl+Z to undo)");
}

#[test]
fn escape_cancels_one_thing_at_a_time() {
    let f = fixture();
    let card = f.cards[1][0][0].clone();
    let mut app = App::new(f);
    app.session.gesture = true;
    app.session.help_open = true;
    app.session.connect_from = Some(card.clone());
    app.session.selection = vec![card];
    assert!(app.press(KeyPress::plain("Escape")));
    assert!(!app.session.gesture && app.session.help_open);
    assert_eq!(app.said(), "Drag cancelled");
    assert!(app.press(KeyPress::plain("Escape")));
    assert!(!app.session.help_open && app.session.connect_from.is_some());
    assert!(app.press(KeyPress::plain("Escape")));
    assert!(app.session.connect_from.is_none() && !app.session.selection.is_empty());
    assert!(app.press(KeyPress::plain("Escape")));
    assert!(app.session.selection.is_empty());
    // Nothing left to cancel: the key is not the editor's.
    assert!(!app.press(KeyPress::plain("Escape")));
}

#[test]
fn undo_redo_zoom_and_help_keys() {
    let f = fixture();
    let mut app = App::new(f);
    app.act(Action::AddLane {
        kind: LaneKind::Partner,
    });
    let after = app.editor.doc().clone();
    assert!(app.press(KeyPress::plain("z").with_command()));
    assert_ne!(app.editor.doc(), &after);
    assert!(app.press(KeyPress::plain("Z").with_command().with_shift()));
    assert_eq!(app.editor.doc(), &after);
    app.press(KeyPress::plain("z").with_command());
    assert!(app.press(KeyPress::plain("y").with_command()));
    assert_eq!(app.editor.doc(), &after);
    assert!(app.press(KeyPress::plain("=").with_command()));
    assert!((app.session.zoom - 1.25).abs() < 1e-9);
    assert!(app.press(KeyPress::plain("-").with_command()));
    assert!((app.session.zoom - 1.0).abs() < 1e-9);
    let doc = app.editor.doc().clone();
    assert_eq!(
        keys::resolve(
            Scope::Page,
            &KeyPress::plain("0").with_command(),
            &Context::new(&doc)
        ),
        Some(Action::ZoomFit)
    );
    assert!(app.press(KeyPress::plain("?").with_shift()));
    assert!(app.session.help_open);
    assert!(app.press(KeyPress::plain("?").with_shift()));
    assert!(!app.session.help_open);
    // Plain letters without the grid's focus are nobody's.
    assert!(!app.press(KeyPress::plain("n")));
    assert!(!app.press(KeyPress::plain("d")));
}

#[test]
fn zoom_stays_in_range_and_fit_never_enlarges() {
    let mut z = 1.0;
    for _ in 0..20 {
        z = Zoom::By(1.25).apply(z);
    }
    assert_eq!(z, stageline_core::actions::ZOOM_RANGE.1);
    for _ in 0..40 {
        z = Zoom::By(0.8).apply(z);
    }
    assert_eq!(z, stageline_core::actions::ZOOM_RANGE.0);
    assert_eq!(Zoom::Reset.apply(0.5), 1.0);
    let margin = 2.0 * stageline_core::layout::CANVAS_MARGIN;
    assert_eq!(fit_zoom(1000.0, 500.0, 2000.0, 2000.0), Some(1.0));
    assert_eq!(fit_zoom(2000.0, 500.0, 1000.0 + margin, 1000.0), Some(0.5));
    assert_eq!(fit_zoom(2000.0, 4000.0, 1000.0, 1000.0), Some(0.25));
    assert_eq!(fit_zoom(0.0, 500.0, 1000.0, 1000.0), None);
    assert_eq!(fit_zoom(500.0, 500.0, margin, 1000.0), None);
}

/// Fit shows the whole blueprint: at the zoom it picks, the scaled canvas plus the margin
/// around it fits the viewport's client area in both directions, for the shipped examples at
/// a laptop and a tablet size (with or without the details panel) and for any sizes.
#[test]
fn fit_shows_the_whole_blueprint() {
    use stageline_core::layout::{Layout, Metrics, CANVAS_MARGIN};
    let fits = |w: f64, h: f64, vw: f64, vh: f64| {
        let Some(z) = fit_zoom(w, h, vw, vh) else {
            return;
        };
        if z > stageline_core::actions::ZOOM_RANGE.0 {
            assert!(
                w * z + 2.0 * CANVAS_MARGIN <= vw,
                "{w}x{h} in {vw}x{vh} at {z}"
            );
            assert!(
                h * z + 2.0 * CANVAS_MARGIN <= vh,
                "{w}x{h} in {vw}x{vh} at {z}"
            );
        }
    };
    for example in stageline_schema::examples::ALL {
        let doc = stageline_schema::load_str(example.json)
            .expect("loads")
            .blueprint;
        let l = Layout::compute(&doc, Metrics::default());
        // 1440 x 900 less the toolbar, with and without the details panel; an iPad.
        for (vw, vh) in [
            (1440.0, 780.0),
            (1100.0, 780.0),
            (1024.0, 640.0),
            (768.0, 900.0),
        ] {
            fits(l.width, l.height, vw, vh);
        }
    }
    let mut seed = 7_u64;
    let mut next = |lo: f64, hi: f64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        lo + (hi - lo) * ((seed >> 11) as f64 / (1u64 << 53) as f64)
    };
    for _ in 0..2000 {
        let (w, h, vw, vh) = (
            next(1.0, 9000.0),
            next(1.0, 9000.0),
            next(1.0, 3000.0),
            next(1.0, 3000.0),
        );
        fits(w, h, vw, vh);
    }
}

#[test]
fn pointer_gestures_are_actions_too() {
    let f = fixture();
    let a = f.cards[1][0][0].clone();
    let b = f.cards[1][0][1].clone();
    let target = (f.lanes[4].clone(), f.stages[2].clone());
    let mut app = App::new(f);
    app.act(Action::MoveCards {
        cards: vec![a.clone(), b.clone()],
        lane: target.0.clone(),
        stage: target.1.clone(),
        position: 0,
    });
    let doc = app.editor.doc();
    let cell: Vec<&CardId> = doc
        .cards_in_cell(&target.0, &target.1)
        .map(|c| &c.id)
        .collect();
    assert_eq!(cell, vec![&a, &b]);
    assert_eq!(app.said(), "Move 2 cards: done");
    assert_eq!(app.editor.undo_len(), 1, "a drop is one undo step");
    // Drawing an arrow onto the card it starts from does nothing.
    assert!(!app.act(Action::DrawArrow {
        from: a.clone(),
        to: a.clone(),
    }));
    assert!(app.act(Action::DrawArrow {
        from: a.clone(),
        to: b.clone(),
    }));
    assert!(app.session.arrow.is_some());
    // A header drop moves a stage to an index.
    let stage = app.editor.doc().stages[0].id.clone();
    app.act(Action::MoveHeader {
        header: Header::Stage(stage.clone()),
        to: 2,
    });
    assert_eq!(app.editor.doc().stage_index(&stage), Some(2));
}

#[test]
fn adding_stages_and_lanes_names_them_and_opens_the_rename_field() {
    let f = fixture();
    let mut app = App::new(f);
    app.act(Action::AddStage { at: None });
    let doc = app.editor.doc();
    let stage = doc.stages.last().expect("stage");
    assert_eq!(stage.name, "Stage 4");
    assert_eq!(app.session.renaming, Some(Header::Stage(stage.id.clone())));
    assert_eq!(
        app.session.focus,
        Some(Focus::StageHeader(stage.id.clone()))
    );
    assert_eq!(app.said(), "Stage added; type its name and press Enter");
    app.act(Action::AddStage { at: Some(1) });
    assert_eq!(app.editor.doc().stages[1].name, "Stage 5");
    app.act(Action::AddLane {
        kind: LaneKind::System,
    });
    let lane = app.editor.doc().lanes.last().expect("lane").clone();
    assert_eq!(lane.kind, LaneKind::System);
    assert_eq!(app.session.renaming, Some(Header::Lane(lane.id.clone())));
    app.act(Action::RenameHeader {
        header: Header::Lane(lane.id.clone()),
        name: "  Booking system  ".into(),
    });
    assert_eq!(
        app.editor.doc().lane(&lane.id).expect("lane").name,
        "Booking system"
    );
    app.act(Action::SetLaneKind {
        lane: lane.id.clone(),
        kind: LaneKind::Partner,
    });
    assert_eq!(
        app.editor.doc().lane(&lane.id).expect("lane").kind,
        LaneKind::Partner
    );
    assert_eq!(app.editor.undo_label(), Some("Change lane kind"));
}

#[test]
fn a_read_only_view_refuses_every_edit_and_allows_the_rest() {
    let f = fixture();
    let card = f.cards[1][0][0].clone();
    let mut app = App::new(f);
    app.read_only = true;
    let before = app.editor.doc().clone();
    app.session.focus = Some(Focus::Card(card.clone()));
    for action in [
        Action::NewCard,
        Action::Delete,
        Action::Duplicate,
        Action::MoveFocused(Move::Down),
        Action::AddStage { at: None },
        Action::Undo,
    ] {
        app.act(action.clone());
        assert_eq!(
            app.editor.doc(),
            &before,
            "{action:?} changed a read-only document"
        );
        assert_eq!(
            app.said(),
            "This is a read-only view: make an editable copy to change it",
            "{action:?}"
        );
    }
    // Looking around still works.
    app.act(Action::FocusMove {
        dir: Move::Down,
        keep_selection: false,
    });
    assert_ne!(app.session.focus, Some(Focus::Card(card)));
    app.act(Action::ZoomIn);
    assert!(app.session.zoom > 1.0);
}

#[test]
fn disabled_actions_do_nothing_and_buttons_can_ask() {
    let f = fixture();
    let doc = f.doc.clone();
    let ctx = Context::new(&doc);
    for action in [
        Action::Duplicate,
        Action::Delete,
        Action::EditTitle,
        Action::NewCard,
        Action::FinishArrow,
        Action::Cancel,
    ] {
        assert!(
            !action.enabled(&ctx),
            "{action:?} enabled with nothing focused"
        );
        let mut ids = SeededIds::new(1);
        assert!(action.perform(&ctx, &mut ids).is_none(), "{action:?}");
    }
    let card = f.cards[1][0][0].clone();
    let selection = [card.clone()];
    let ctx = Context {
        selection: &selection,
        ..Context::new(&doc)
    };
    assert!(Action::Duplicate.enabled(&ctx));
    assert!(Action::Delete.enabled(&ctx));
}

#[test]
fn card_place_messages_read_the_document_after_the_edit() {
    let f = fixture();
    let card = f.cards[1][0][0].clone();
    let text = Message::CardPlace(card).text(&f.doc);
    assert_eq!(
        text,
        format!(
            "Card moved to {}, {}",
            f.doc.lanes[1].name, f.doc.stages[0].name
        )
    );
}

/// The sheet lists every row of the key table, with keys written as a user presses them.
#[test]
fn the_shortcut_sheet_is_the_key_table() {
    let sheet = keys::sheet();
    let find = |keys: &str| {
        sheet
            .iter()
            .find(|(k, _)| k == keys)
            .map(|(_, what)| what.as_str())
            .unwrap_or_else(|| panic!("no row for {keys:?} in {sheet:#?}"))
    };
    assert_eq!(find("Ctrl/Cmd + Z"), "Undo");
    assert_eq!(find("Ctrl/Cmd + Shift + Z, Ctrl/Cmd + Y"), "Redo");
    assert_eq!(
        find("Alt + arrow keys"),
        "Move the focused card, stage or lane"
    );
    assert_eq!(
        find("Ctrl/Cmd + arrow keys"),
        "Move focus only, keeping the selection"
    );
    assert!(find("Arrow keys").starts_with("Move focus (and the selection)"));
    assert_eq!(
        find("Space"),
        "Add the focused card to the selection, or remove it"
    );
    assert_eq!(
        find("Delete / Backspace"),
        KEY_ACTIONS
            .iter()
            .find(|r| r.name == "delete")
            .map_or("", |r| r.description)
    );
    assert!(find("Enter / F2").contains("edit its title"));
    assert!(find("Enter / F2").contains("rename it"));
    assert!(find("Enter").contains("draw it"));
    assert!(find("N").starts_with("New card"));
    assert_eq!(
        find("Ctrl/Cmd + = / + / - / 0"),
        "Zoom in, zoom out, fit to screen"
    );
    // Every row's description appears in the sheet: nothing in the table is left out.
    for row in KEY_ACTIONS {
        let text = row.description;
        let mut chars = text.chars();
        let joined: String = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default();
        assert!(
            sheet
                .iter()
                .any(|(_, what)| what.starts_with(text) || what.contains(&format!("; {joined}"))),
            "{} is missing from the sheet",
            row.name
        );
    }
    let names: std::collections::HashSet<&str> = KEY_ACTIONS.iter().map(|r| r.name).collect();
    assert_eq!(names.len(), KEY_ACTIONS.len(), "row names are unique");
}

#[test]
fn typing_in_a_text_field_reaches_no_grid_or_page_key() {
    // The app asks only Scope::Anywhere while a text field has focus: Escape and nothing else.
    let f = fixture();
    let card = f.cards[1][0][0].clone();
    let doc = f.doc.clone();
    let selection = [card.clone()];
    let focus = Focus::Card(card);
    let ctx = Context {
        focus: Some(&focus),
        selection: &selection,
        ..Context::new(&doc)
    };
    for key in [
        "n",
        "c",
        " ",
        "Delete",
        "Backspace",
        "Enter",
        "ArrowUp",
        "?",
    ] {
        assert_eq!(
            keys::resolve(Scope::Anywhere, &KeyPress::plain(key), &ctx),
            None,
            "{key}"
        );
    }
    assert_eq!(
        keys::resolve(Scope::Anywhere, &KeyPress::plain("Escape"), &ctx),
        Some(Action::Cancel)
    );
}

/// Rows that share a key never both want it: in every kind of context, at most one row of a
/// scope takes a given key press, so the table's order is only the sheet's.
#[test]
fn no_two_key_rows_take_the_same_press() {
    use stageline_core::actions::keys::Held;
    let f = fixture();
    let card = f.cards[1][0][0].clone();
    let foci = [
        None,
        Some(Focus::Card(card.clone())),
        Some(Focus::Cell(f.lanes[0].clone(), f.stages[0].clone())),
        Some(Focus::StageHeader(f.stages[0].clone())),
        Some(Focus::LaneHeader(f.lanes[0].clone())),
    ];
    for focus in &foci {
        for connect_from in [None, Some(&card)] {
            for gesture in [false, true] {
                let ctx = Context {
                    focus: focus.as_ref(),
                    connect_from,
                    gesture,
                    ..Context::new(&f.doc)
                };
                for row in KEY_ACTIONS {
                    for binding in row.bindings {
                        for key in binding.keys {
                            let press = KeyPress {
                                key,
                                command: binding.command == Held::Yes,
                                shift: binding.shift == Held::Yes,
                                alt: binding.alt == Held::Yes,
                            };
                            let takers: Vec<&str> = KEY_ACTIONS
                                .iter()
                                .filter(|r| r.scope == row.scope)
                                .filter(|r| r.bindings.iter().any(|b| b.matches(&press)))
                                .filter(|r| (r.when)(&ctx))
                                .map(|r| r.name)
                                .collect();
                            assert!(
                                takers.len() <= 1,
                                "{key:?} is wanted by {takers:?} with focus {focus:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}
