//! The content's SQL, one module per table or read shape; nothing outside `store` (and the
//! search index's own `search::store`) writes a statement. The services above decide who may
//! see and change what; these only read and write rows, keeping the counts in step.

pub mod comments;
pub mod favorites;
pub mod handover;
pub mod lists;
pub mod newsletters;
pub mod pages;
pub mod posts;
pub mod profiles;
pub mod rendering;
pub mod revisions;
pub mod summary;
pub mod syndication;
pub mod tags;

/// A transaction on whichever database the blog runs on.
pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;
