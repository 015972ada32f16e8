//! The Stageline service-blueprint document (placeholder; see issue 3).
