//! Which key runs which [`Action`]: one table, [`KEY_ACTIONS`], read by the app's keyboard
//! handler ([`resolve`]) and by the shortcut sheet ([`sheet`]), so the two never disagree.

use crate::nav::{Focus, Move};

use super::{Action, Context};

/// A key press, free of the browser's event type: the `KeyboardEvent.key` value and the
/// modifiers that matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPress<'a> {
    /// The key's value (`"z"`, `"Enter"`, `"ArrowUp"`, `" "`).
    pub key: &'a str,
    /// Ctrl, or Cmd on a Mac.
    pub command: bool,
    /// Shift.
    pub shift: bool,
    /// Alt (Option on a Mac).
    pub alt: bool,
}

impl<'a> KeyPress<'a> {
    /// A press of `key` with no modifier.
    pub fn plain(key: &'a str) -> KeyPress<'a> {
        KeyPress {
            key,
            command: false,
            shift: false,
            alt: false,
        }
    }

    /// The same key with Ctrl/Cmd held.
    pub fn with_command(self) -> KeyPress<'a> {
        KeyPress {
            command: true,
            ..self
        }
    }

    /// The same key with Shift held.
    pub fn with_shift(self) -> KeyPress<'a> {
        KeyPress {
            shift: true,
            ..self
        }
    }

    /// The same key with Alt held.
    pub fn with_alt(self) -> KeyPress<'a> {
        KeyPress { alt: true, ..self }
    }

    /// The direction of an arrow key.
    pub fn arrow(&self) -> Option<Move> {
        match self.key {
            "ArrowUp" => Some(Move::Up),
            "ArrowDown" => Some(Move::Down),
            "ArrowLeft" => Some(Move::Left),
            "ArrowRight" => Some(Move::Right),
            _ => None,
        }
    }
}

/// Whether a modifier must be held, must not be, or does not matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// It must be held.
    Yes,
    /// It must not be held.
    No,
    /// Either way.
    Any,
}

impl Held {
    fn matches(self, held: bool) -> bool {
        match self {
            Held::Yes => held,
            Held::No => !held,
            Held::Any => true,
        }
    }
}

/// One way to press a key action: any of `keys` (letters match either case) with these
/// modifiers.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The key values that count.
    pub keys: &'static [&'static str],
    /// Ctrl/Cmd.
    pub command: Held,
    /// Shift.
    pub shift: Held,
    /// Alt.
    pub alt: Held,
}

const ARROWS: &[&str] = &["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"];

const fn key(keys: &'static [&'static str]) -> Binding {
    Binding {
        keys,
        command: Held::No,
        shift: Held::Any,
        alt: Held::Any,
    }
}

const fn any_mods(keys: &'static [&'static str]) -> Binding {
    Binding {
        keys,
        command: Held::Any,
        shift: Held::Any,
        alt: Held::Any,
    }
}

const fn command(keys: &'static [&'static str], shift: Held) -> Binding {
    Binding {
        keys,
        command: Held::Yes,
        shift,
        alt: Held::Any,
    }
}

impl Binding {
    /// Whether `press` is this binding.
    pub fn matches(&self, press: &KeyPress<'_>) -> bool {
        let key_matches = self.keys.iter().any(|k| {
            *k == press.key || (k.chars().count() == 1 && k.eq_ignore_ascii_case(press.key))
        });
        key_matches
            && self.command.matches(press.command)
            && self.shift.matches(press.shift)
            && self.alt.matches(press.alt)
    }

    /// How the shortcut sheet writes this binding ("Ctrl/Cmd + Shift + Z").
    pub fn text(&self) -> String {
        self.text_with(self.keys)
    }

    /// How the sheet writes `keys` pressed with this binding's modifiers.
    fn text_with(&self, keys: &[&str]) -> String {
        let mut parts = Vec::new();
        if self.command == Held::Yes {
            parts.push("Ctrl/Cmd".to_string());
        }
        if self.shift == Held::Yes {
            parts.push("Shift".to_string());
        }
        if self.alt == Held::Yes {
            parts.push("Alt".to_string());
        }
        parts.push(if keys == ARROWS {
            if parts.is_empty() {
                "Arrow keys".to_string()
            } else {
                "arrow keys".to_string()
            }
        } else {
            let mut names: Vec<String> = Vec::new();
            for k in keys {
                let name = match *k {
                    " " => "Space".to_string(),
                    k if k.chars().count() == 1 => k.to_uppercase(),
                    k => k.to_string(),
                };
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            names.join(" / ")
        });
        parts.join(" + ")
    }

    fn same_modifiers(&self, other: &Binding) -> bool {
        (self.command, self.shift, self.alt) == (other.command, other.shift, other.alt)
    }
}

/// Where a key action listens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere, even while typing in a field (Escape).
    Anywhere,
    /// Anywhere on the page except while typing in a text field.
    Page,
    /// On the grid: a header, cell or card has focus.
    Grid,
}

/// One row of the key table: an action, the keys that run it and when they do.
#[derive(Debug, Clone, Copy)]
pub struct KeyAction {
    /// A stable name for the row (tests and docs refer to it).
    pub name: &'static str,
    /// What it does, as the shortcut sheet says it.
    pub description: &'static str,
    /// Where it listens.
    pub scope: Scope,
    /// The keys that run it.
    pub bindings: &'static [Binding],
    /// When the keys belong to this action (what has focus, what is going on). While it
    /// holds, the key is the editor's, even if the action then finds nothing to do.
    pub when: fn(&Context<'_>) -> bool,
    /// The action the key runs.
    pub action: fn(&KeyPress<'_>) -> Action,
}

fn always(_: &Context<'_>) -> bool {
    true
}

fn on_card(ctx: &Context<'_>) -> bool {
    matches!(ctx.focus, Some(Focus::Card(_)))
}

fn on_card_or_cell(ctx: &Context<'_>) -> bool {
    matches!(ctx.focus, Some(Focus::Card(_) | Focus::Cell(..)))
}

fn on_header(ctx: &Context<'_>) -> bool {
    matches!(
        ctx.focus,
        Some(Focus::StageHeader(_) | Focus::LaneHeader(_))
    )
}

fn arrow_of(press: &KeyPress<'_>) -> Move {
    press.arrow().unwrap_or(Move::Down)
}

/// Every keyboard shortcut, in the order the shortcut sheet lists them. Within a scope, the
/// first row whose binding matches and whose `when` holds takes the key (rows that share a key
/// have `when`s that exclude each other, so the order is only the sheet's).
pub const KEY_ACTIONS: &[KeyAction] = &[
    KeyAction {
        name: "focus",
        description: "Move focus (and the selection) between cells, cards and headers",
        scope: Scope::Grid,
        bindings: &[Binding {
            keys: ARROWS,
            command: Held::No,
            shift: Held::Any,
            alt: Held::No,
        }],
        when: always,
        action: |p| Action::FocusMove {
            dir: arrow_of(p),
            keep_selection: false,
        },
    },
    KeyAction {
        name: "focus-only",
        description: "Move focus only, keeping the selection",
        scope: Scope::Grid,
        bindings: &[Binding {
            keys: ARROWS,
            command: Held::Yes,
            shift: Held::Any,
            alt: Held::No,
        }],
        when: always,
        action: |p| Action::FocusMove {
            dir: arrow_of(p),
            keep_selection: true,
        },
    },
    KeyAction {
        name: "edit-title",
        description: "On a card, edit its title",
        scope: Scope::Grid,
        bindings: &[any_mods(&["Enter", "F2"])],
        // While an arrow is being drawn, Enter on a card draws it ("finish-arrow").
        when: |ctx| on_card(ctx) && ctx.connect_from.is_none(),
        action: |_| Action::EditTitle,
    },
    KeyAction {
        name: "rename",
        description: "On a stage or lane header, rename it",
        scope: Scope::Grid,
        bindings: &[any_mods(&["Enter", "F2"])],
        when: on_header,
        action: |_| Action::RenameFocused,
    },
    KeyAction {
        name: "enter-cell",
        description: "In a cell, go to its first card (or add one when it has none)",
        scope: Scope::Grid,
        bindings: &[any_mods(&["Enter"])],
        when: |ctx| matches!(ctx.focus, Some(Focus::Cell(..))),
        action: |_| Action::EnterCell,
    },
    KeyAction {
        name: "finish-arrow",
        description: "On the target card of an arrow started with C, draw it",
        scope: Scope::Grid,
        bindings: &[any_mods(&["Enter"])],
        when: |ctx| on_card(ctx) && ctx.connect_from.is_some(),
        action: |_| Action::FinishArrow,
    },
    KeyAction {
        name: "new-card",
        description: "New card in the focused cell (after the focused card)",
        scope: Scope::Grid,
        bindings: &[key(&["n"])],
        when: on_card_or_cell,
        action: |_| Action::NewCard,
    },
    KeyAction {
        name: "move-focused",
        description: "Move the focused card, stage or lane",
        scope: Scope::Grid,
        bindings: &[Binding {
            keys: ARROWS,
            command: Held::Any,
            shift: Held::Any,
            alt: Held::Yes,
        }],
        when: always,
        action: |p| Action::MoveFocused(arrow_of(p)),
    },
    KeyAction {
        name: "toggle-selected",
        description: "Add the focused card to the selection, or remove it",
        scope: Scope::Grid,
        bindings: &[any_mods(&[" "])],
        when: on_card,
        action: |_| Action::ToggleSelected,
    },
    KeyAction {
        name: "duplicate",
        description: "Duplicate the selected cards",
        scope: Scope::Grid,
        bindings: &[command(&["d"], Held::Any)],
        when: always,
        action: |_| Action::Duplicate,
    },
    KeyAction {
        name: "delete",
        description: "Delete the selected cards or arrow, or the focused stage or lane",
        scope: Scope::Grid,
        bindings: &[any_mods(&["Delete", "Backspace"])],
        when: always,
        action: |_| Action::Delete,
    },
    KeyAction {
        name: "start-arrow",
        description:
            "Start an arrow from the focused card; move to the target card and press Enter",
        scope: Scope::Grid,
        bindings: &[key(&["c"])],
        when: on_card,
        action: |_| Action::StartArrow,
    },
    KeyAction {
        name: "cancel",
        description: "Cancel a drag, an arrow or an edit; clear the selection",
        scope: Scope::Anywhere,
        bindings: &[any_mods(&["Escape"])],
        when: |ctx| Action::Cancel.enabled(ctx),
        action: |_| Action::Cancel,
    },
    KeyAction {
        name: "undo",
        description: "Undo",
        scope: Scope::Page,
        bindings: &[command(&["z"], Held::No)],
        when: always,
        action: |_| Action::Undo,
    },
    KeyAction {
        name: "redo",
        description: "Redo",
        scope: Scope::Page,
        bindings: &[command(&["z"], Held::Yes), command(&["y"], Held::Any)],
        when: always,
        action: |_| Action::Redo,
    },
    KeyAction {
        name: "zoom",
        description: "Zoom in, zoom out, fit to screen",
        scope: Scope::Page,
        bindings: &[
            command(&["=", "+"], Held::Any),
            command(&["-"], Held::Any),
            command(&["0"], Held::Any),
        ],
        when: always,
        action: |p| match p.key {
            "-" => Action::ZoomOut,
            "0" => Action::ZoomFit,
            _ => Action::ZoomIn,
        },
    },
    KeyAction {
        name: "shortcuts",
        description: "Show or hide this sheet",
        scope: Scope::Page,
        bindings: &[any_mods(&["?"])],
        when: always,
        action: |_| Action::ToggleShortcuts,
    },
];

/// The action a key press runs in `scope`, if the key is the editor's there: the first row
/// of [`KEY_ACTIONS`] in that scope with a matching binding whose `when` holds. A `Some` means
/// the key is taken (the caller prevents the browser's default), even if the action then has
/// nothing to do.
pub fn resolve(scope: Scope, press: &KeyPress<'_>, ctx: &Context<'_>) -> Option<Action> {
    if scope == Scope::Grid && ctx.focus.is_none() {
        return None;
    }
    KEY_ACTIONS
        .iter()
        .filter(|row| row.scope == scope)
        .find(|row| row.bindings.iter().any(|b| b.matches(press)) && (row.when)(ctx))
        .map(|row| (row.action)(press))
}

/// The keys of a row as the sheet writes them ("Ctrl/Cmd + Shift + Z, Ctrl/Cmd + Y"); bindings
/// in a row with the same modifiers share them ("Ctrl/Cmd + = / + / - / 0").
pub fn keys_text(row: &KeyAction) -> String {
    let mut groups: Vec<(&Binding, Vec<&str>)> = Vec::new();
    for b in row.bindings {
        match groups.last_mut() {
            Some((g, keys)) if g.same_modifiers(b) && b.keys != ARROWS && g.keys != ARROWS => {
                keys.extend(b.keys.iter().copied());
            }
            _ => groups.push((b, b.keys.to_vec())),
        }
    }
    groups
        .iter()
        .map(|(b, keys)| b.text_with(keys))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The shortcut sheet: (keys, what they do), one row per distinct set of keys in table order,
/// rows with the same keys joined ("Enter: On a card, edit its title; in a cell, …").
pub fn sheet() -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for row in KEY_ACTIONS {
        let keys = keys_text(row);
        match rows.iter_mut().find(|(k, _)| *k == keys) {
            Some((_, text)) => {
                text.push_str("; ");
                let mut chars = row.description.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_lowercase());
                    text.push_str(chars.as_str());
                }
            }
            None => rows.push((keys, row.description.to_string())),
        }
    }
    rows
}
