//! Stageline's pure editing core (placeholder; see issue 4).
