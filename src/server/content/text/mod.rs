//! The pure work on a post's text, with no database and no clock: what a post may hold
//! (`rules`), its HTML (`markdown`), its slug (`slugs`), how two versions differ (`diff`,
//! `revision_changes`), and all of it made ready for a save (`prepare`).

pub mod diff;
pub mod markdown;
pub mod prepare;
pub mod revision_changes;
pub mod rules;
pub mod slugs;
