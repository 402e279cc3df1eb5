//! A post's text made ready to store: its HTML, its search document and how its body differs
//! from the version before (for the revision the save leaves). All CPU work proportional to
//! the post, done on tokio's blocking pool before the transaction opens (a SQLite write
//! transaction must not wait on the pool while other requests write too).

use super::{
    diff,
    markdown::{self, Rendered},
    rules::PostText,
};
use crate::server::content::search::SearchDocument;

pub struct Prepared {
    pub rendered: Rendered,
    pub search: SearchDocument,
    /// Lines of the body added and removed since the version before.
    pub lines: (u32, u32),
}

/// Prepares `text` with `tags`; `previous_body` is the body it replaces, if any.
pub async fn prepare(text: &PostText, tags: &[String], previous_body: Option<&str>) -> Prepared {
    let text = text.clone();
    let tags = tags.to_vec();
    let previous = previous_body.map(str::to_owned);
    let work = move || Prepared {
        rendered: markdown::render(&text.body),
        search: SearchDocument::of(&text, &tags),
        lines: match &previous {
            Some(previous) => diff::line_counts(previous, &text.body),
            None => (
                u32::try_from(text.body.lines().count()).unwrap_or(u32::MAX),
                0,
            ),
        },
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(prepared) => prepared,
        Err(failure) => std::panic::resume_unwind(failure.into_panic()),
    }
}
