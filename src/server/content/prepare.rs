//! A post's text made ready to store: its HTML and its search document. Both are CPU work
//! proportional to the post, done on tokio's blocking pool before the transaction opens (a
//! SQLite write transaction must not wait on the pool while other requests write too).

use super::{
    markdown::{self, Rendered},
    rules::PostText,
    search::SearchDocument,
};

pub struct Prepared {
    pub rendered: Rendered,
    pub search: SearchDocument,
}

pub async fn prepare(text: &PostText, tags: &[String]) -> Prepared {
    let text = text.clone();
    let tags = tags.to_vec();
    let work = move || Prepared {
        rendered: markdown::render(&text.body),
        search: SearchDocument::of(&text, &tags),
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(prepared) => prepared,
        Err(failure) => std::panic::resume_unwind(failure.into_panic()),
    }
}
