//! Full-text search over published posts: titles, tags, descriptions and the plain text of
//! bodies, ranked, with the matches marked. English and Chinese or Japanese alike, and the
//! same answers on SQLite and PostgreSQL, because the terms are made here (`terms`), not by
//! either database.
//!
//! The index is written by `store::posts` in the transaction that saves a post, so it never
//! lags behind what readers see; [`Search::rebuild`] remakes it whole (`blog search rebuild`,
//! or at start when the term rules changed).

pub mod plain_text;
pub mod snippet;
pub mod store;
pub mod terms;

use terms::{DocumentTerms, Field, QueryProblem, SearchQuery};

use super::{Page, text::rules::PostText};
use crate::{
    model::{SearchHit, SearchResults},
    server::{
        accounts::UserId,
        clock::Clock,
        db::{Backend, Db},
        error::{DomainError, DomainResult},
    },
};

/// Characters of an excerpt.
const EXCERPT_CHARS: usize = 180;
/// Posts indexed per transaction in a rebuild.
const REBUILD_BATCH: i64 = 200;

/// What the index keeps of one post: its terms, and the plain text excerpts are cut from.
#[derive(Debug)]
pub struct SearchDocument {
    pub body_text: String,
    pub terms: DocumentTerms,
}

impl SearchDocument {
    /// Parses the Markdown and splits every field into terms: CPU work proportional to the
    /// post, for the blocking pool.
    pub fn of(text: &PostText, tags: &[String]) -> Self {
        let body_text = plain_text::of_markdown(&text.body);
        let tags = tags.join(" ");
        let terms = DocumentTerms::of([
            (Field::Title, &text.title),
            (Field::Tags, &tags),
            (Field::Description, &text.description),
            (Field::Body, &body_text),
        ]);
        Self { body_text, terms }
    }
}

#[derive(Clone, Debug)]
pub struct Search {
    db: Db,
    backend: Backend,
    clock: Clock,
}

impl Search {
    pub fn new(db: Db, backend: Backend, clock: Clock) -> Self {
        Self { db, backend, clock }
    }

    /// The published posts matching `text`, best first, a page at a time.
    pub async fn find(
        &self,
        text: &str,
        viewer: Option<UserId>,
        page: Page,
    ) -> DomainResult<SearchResults> {
        let query = SearchQuery::parse(text).map_err(|problem| {
            DomainError::invalid(
                "query",
                match problem {
                    QueryProblem::NothingToSearch => "needs a word to search for".to_owned(),
                    QueryProblem::TooLong => {
                        format!("must be at most {} characters", terms::QUERY_MAX_CHARS)
                    }
                    QueryProblem::TooManyParts => {
                        format!("may hold at most {} words", terms::QUERY_MAX_PARTS)
                    }
                },
            )
        })?;
        let now = self.clock.now_millis();
        let (rows, total) = store::find(&self.db, self.backend, &query, viewer, now, page).await?;
        let hits = off_runtime(move || {
            rows.into_iter()
                .map(|row| {
                    let post = row.summary.into_summary();
                    SearchHit {
                        title: snippet::marked(&post.title, &query),
                        excerpt: excerpt_of(&row.body_text, &post.description, &query),
                        post,
                    }
                })
                .collect()
        })
        .await;
        Ok(SearchResults {
            hits,
            total,
            per_page: page.limit,
        })
    }

    /// Rebuilds the index when it was made with other term rules than these.
    pub async fn rebuild_if_outdated(&self) -> DomainResult<Option<usize>> {
        if store::built_with(&self.db).await? == terms::VERSION {
            return Ok(None);
        }
        self.rebuild().await.map(Some)
    }

    /// Indexes every published post anew; returns how many.
    pub async fn rebuild(&self) -> DomainResult<usize> {
        let mut tx = self.db.begin().await?;
        store::clear(&mut tx).await?;
        tx.commit().await?;
        let mut indexed = 0;
        let mut after = 0;
        loop {
            let batch = store::published_after(&self.db, after, REBUILD_BATCH).await?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            let documents = off_runtime(move || {
                batch
                    .into_iter()
                    .map(|post| {
                        let tags: Vec<String> =
                            serde_json::from_str(&post.tag_names).unwrap_or_default();
                        let text = PostText {
                            title: post.title,
                            description: post.description,
                            body: post.body,
                        };
                        (post.id, SearchDocument::of(&text, &tags))
                    })
                    .collect::<Vec<_>>()
            })
            .await;
            let mut tx = self.db.begin().await?;
            for (id, document) in &documents {
                store::store(&mut tx, *id, document).await?;
            }
            tx.commit().await?;
            indexed += documents.len();
        }
        let mut connection = self.db.acquire().await?;
        store::mark_built_with(&mut connection, terms::VERSION).await?;
        Ok(indexed)
    }
}

/// The excerpt around the first match in the body; the description when the body has none.
fn excerpt_of(
    body_text: &str,
    description: &str,
    query: &SearchQuery,
) -> Vec<crate::model::TextPart> {
    let from_body = snippet::excerpt(body_text, query, EXCERPT_CHARS);
    if from_body.iter().any(|part| part.marked) || description.is_empty() {
        from_body
    } else {
        snippet::excerpt(description, query, EXCERPT_CHARS)
    }
}

/// Runs CPU work proportional to what a request shows on tokio's blocking pool.
async fn off_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(done) => done,
        Err(failure) => std::panic::resume_unwind(failure.into_panic()),
    }
}
