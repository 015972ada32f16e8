//! What new things start as: the name of a new stage, a new blueprint, and the fail point,
//! KPI, link and note a card gets when the user adds one. One place each, so the details
//! panel, the action layer and the home page cannot drift apart.

use stageline_schema::{Blueprint, FailPoint, IdSource, Kpi, Note, Risk, Stage, Timestamp};

/// The title of a blueprint that has none, and of a new blank blueprint.
pub const UNTITLED_BLUEPRINT: &str = "Untitled blueprint";

/// What a card without a title is called in lists and summaries.
pub const UNTITLED_CARD: &str = "Untitled";

/// How many stages a new blank blueprint has.
pub const NEW_BLUEPRINT_STAGES: usize = 3;

/// The name of a stage added to `doc`, "Stage n" (n its number once added): the action
/// layer's rule, here with the other defaults.
pub use crate::actions::new_stage_name;

/// A new blank blueprint: the five canonical lanes, [`NEW_BLUEPRINT_STAGES`] stages named
/// "Stage 1", "Stage 2", …, titled [`UNTITLED_BLUEPRINT`].
pub fn new_blueprint(ids: &mut dyn IdSource, now: Timestamp) -> Blueprint {
    let mut doc = Blueprint::new_blank(ids, now, UNTITLED_BLUEPRINT);
    while doc.stages.len() < NEW_BLUEPRINT_STAGES {
        let name = new_stage_name(&doc);
        doc.stages.push(Stage::new(ids, &name));
    }
    doc
}

/// A card's title as lists show it: [`UNTITLED_CARD`] when it is blank.
pub fn shown_title(title: &str) -> &str {
    if title.trim().is_empty() {
        UNTITLED_CARD
    } else {
        title
    }
}

/// The fail point a card gets when it is marked as one: medium risk, nothing else known.
pub fn new_fail_point() -> FailPoint {
    FailPoint {
        risk: Risk::Medium,
        description: String::new(),
        owner: None,
        escalation: None,
    }
}

/// The KPI "+ Add KPI" adds: named "New KPI", with no value, target or unit.
pub fn new_kpi() -> Kpi {
    Kpi {
        name: "New KPI".into(),
        value: None,
        target: None,
        unit: None,
    }
}

/// The label of a link added without one.
pub const LINK_LABEL: &str = "Link";

/// The note "+ Add note" adds: empty, with no source.
pub fn new_note() -> Note {
    Note {
        text: String::new(),
        source: None,
    }
}
