//! Shared lookups and arrow-graph algorithms for the checks and the metrics.
//!
//! Everything works on indices: cards by their position in [`Blueprint::cards`], connections
//! by their position in [`Blueprint::connections`], so results follow document order and are
//! deterministic.

use std::collections::HashMap;

use stageline_schema::{Blueprint, Card, CardKind, Connection, ConnectionKind, Direction, Zone};

/// Precomputed positions and zones of a document's cards.
pub(crate) struct Index<'a> {
    /// The document.
    pub doc: &'a Blueprint,
    /// Each card's (lane index, stage index), or `None` when its lane or stage is missing.
    pub cells: Vec<Option<(usize, usize)>>,
    /// The zone of every lane, in lane order.
    pub zones: Vec<Zone>,
    /// Each connection's (from, to) card indices, or `None` when an end is missing.
    pub ends: Vec<Option<(usize, usize)>>,
}

impl<'a> Index<'a> {
    /// Builds the index of `doc`.
    pub fn new(doc: &'a Blueprint) -> Index<'a> {
        let lane_of: HashMap<&str, usize> = doc
            .lanes
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i))
            .collect();
        let stage_of: HashMap<&str, usize> = doc
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let cells = doc
            .cards
            .iter()
            .map(|c| {
                Some((
                    *lane_of.get(c.lane.as_str())?,
                    *stage_of.get(c.stage.as_str())?,
                ))
            })
            .collect();
        let mut card_of = HashMap::with_capacity(doc.cards.len());
        for (i, c) in doc.cards.iter().enumerate() {
            card_of.entry(c.id.as_str()).or_insert(i);
        }
        let ends = doc
            .connections
            .iter()
            .map(|c| Some((*card_of.get(c.from.as_str())?, *card_of.get(c.to.as_str())?)))
            .collect();
        Index {
            doc,
            cells,
            zones: doc.zones(),
            ends,
        }
    }

    /// The card at index `i`.
    pub fn card(&self, i: usize) -> &'a Card {
        &self.doc.cards[i]
    }

    /// The zone of card `i`'s lane.
    pub fn zone(&self, i: usize) -> Option<Zone> {
        let (lane, _) = self.cells[i]?;
        self.zones.get(lane).copied()
    }

    /// The stage index of card `i`.
    pub fn stage(&self, i: usize) -> Option<usize> {
        self.cells[i].map(|(_, s)| s)
    }

    /// The lane index of card `i`.
    pub fn lane(&self, i: usize) -> Option<usize> {
        self.cells[i].map(|(l, _)| l)
    }

    /// Who owns card `i`: its own owner, else its lane's owner (blank names do not count).
    pub fn owner(&self, i: usize) -> Option<&'a str> {
        let card = self.card(i);
        non_blank(card.owner.as_deref()).or_else(|| {
            let lane = self.doc.lanes.get(self.lane(i)?)?;
            non_blank(lane.owner.as_deref())
        })
    }

    /// Whether card `i` is a step (see [`is_step`]) placed in an existing cell.
    pub fn is_step(&self, i: usize) -> bool {
        self.cells[i].is_some() && is_step(self.card(i).kind)
    }

    /// The indices of the step cards in zone `zone`, in document order.
    pub fn steps_in_zone(&self, zone: Zone) -> impl Iterator<Item = usize> + '_ {
        (0..self.doc.cards.len()).filter(move |&i| self.is_step(i) && self.zone(i) == Some(zone))
    }

    /// The connections with both ends present, as (connection index, from, to, connection).
    pub fn arrows(&self) -> impl Iterator<Item = (usize, usize, usize, &'a Connection)> + '_ {
        self.ends
            .iter()
            .enumerate()
            .filter_map(|(k, e)| e.map(|(a, b)| (k, a, b, &self.doc.connections[k])))
    }

    /// The directed edges of the ordering graph: every arrow except feedback arrows, taken
    /// from `from` to `to` (two-way arrows too: they express agreement, not a loop), without
    /// self-loops. Adjacency lists hold (target card, connection index) in document order.
    pub fn ordering_graph(&self) -> Vec<Vec<(usize, usize)>> {
        let mut adj = vec![Vec::new(); self.doc.cards.len()];
        for (k, a, b, c) in self.arrows() {
            if c.kind != ConnectionKind::Feedback && a != b {
                adj[a].push((b, k));
            }
        }
        adj
    }
}

/// Whether a card of this kind is a step someone or something performs: touchpoints, actions
/// and system steps. Evidence, policies and notes are not steps.
pub(crate) fn is_step(kind: CardKind) -> bool {
    matches!(
        kind,
        CardKind::Touchpoint | CardKind::Action | CardKind::System
    )
}

/// `s` trimmed, when anything is left.
pub(crate) fn non_blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// The connections that close a cycle in `adj`, found by a depth-first search that starts
/// from cards in document order and follows arrows in document order: each edge to a card
/// still on the search stack is a back edge. Dropping them leaves the graph acyclic.
/// Returned as connection indices, ascending.
pub(crate) fn back_edges(adj: &[Vec<(usize, usize)>]) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut mark = vec![Mark::New; adj.len()];
    let mut out = Vec::new();
    for root in 0..adj.len() {
        if mark[root] != Mark::New {
            continue;
        }
        mark[root] = Mark::Active;
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            if let Some(&(to, k)) = adj[node].get(next) {
                top.1 += 1;
                match mark[to] {
                    Mark::New => {
                        mark[to] = Mark::Active;
                        stack.push((to, 0));
                    }
                    Mark::Active => out.push(k),
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    out.sort_unstable();
    out
}

/// The strongly connected components of `adj` with more than one card (or a card with an
/// arrow to itself), each as ascending card indices; components ordered by their first card.
pub(crate) fn cycles(adj: &[Vec<(usize, usize)>]) -> Vec<Vec<usize>> {
    let n = adj.len();
    // Kosaraju: finishing order on the graph, then components on the reversed graph.
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for root in 0..n {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        let mut stack = vec![(root, 0usize)];
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            if let Some(&(to, _)) = adj[node].get(next) {
                top.1 += 1;
                if !seen[to] {
                    seen[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(node);
                stack.pop();
            }
        }
    }
    let mut rev = vec![Vec::new(); n];
    for (a, edges) in adj.iter().enumerate() {
        for &(b, _) in edges {
            rev[b].push(a);
        }
    }
    let mut comp = vec![usize::MAX; n];
    let mut out = Vec::new();
    for &root in order.iter().rev() {
        if comp[root] != usize::MAX {
            continue;
        }
        let id = out.len();
        comp[root] = id;
        let mut members = vec![root];
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &prev in &rev[node] {
                if comp[prev] == usize::MAX {
                    comp[prev] = id;
                    members.push(prev);
                    stack.push(prev);
                }
            }
        }
        members.sort_unstable();
        out.push(members);
    }
    let mut cyclic: Vec<Vec<usize>> = out
        .into_iter()
        .filter(|m| m.len() > 1 || adj[m[0]].iter().any(|&(to, _)| to == m[0]))
        .collect();
    cyclic.sort();
    cyclic
}

/// Whether arrow `c` may be followed from its `to` end back to its `from` end.
pub(crate) fn two_way(c: &Connection) -> bool {
    c.direction == Direction::TwoWay
}
