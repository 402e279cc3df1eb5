//! Rendered feeds and sitemaps, kept until the posts they show change. Each shows the
//! published posts (all, a tag's, an author's) or the public addresses, so any change to
//! the lists or to an author forgets them all: they are few and cheap to render again.
//! A document rendered while such a change happened is not kept (it may show the state
//! before), and one that left out a post dated in the future is kept only until that date.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use super::Document;
use crate::server::changes::{Change, Changes};

#[derive(Clone)]
pub(super) struct DocumentCache {
    documents: moka::sync::Cache<String, Kept>,
    /// Moves on every change the documents show.
    generation: Arc<AtomicU64>,
}

#[derive(Clone)]
struct Kept {
    document: Arc<Document>,
    /// Unix milliseconds from which the document misses a post that has come out.
    stale_at: Option<i64>,
}

impl DocumentCache {
    pub fn new(max_bytes: u64, changes: &Changes) -> Self {
        let cache = Self {
            documents: moka::sync::Cache::builder()
                .max_capacity(max_bytes.max(1))
                .weigher(|key: &String, kept: &Kept| {
                    let bytes = key.len() + kept.document.body.len() + 256;
                    u32::try_from(bytes).unwrap_or(u32::MAX)
                })
                .build(),
            generation: Arc::new(AtomicU64::new(0)),
        };
        let listener = cache.clone();
        changes.listen(move |change| {
            if shown(change) {
                listener.generation.fetch_add(1, Ordering::SeqCst);
                listener.documents.invalidate_all();
            }
        });
        cache
    }

    /// Where the changes stand now: a render keeps its document only if this has not moved.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn get(&self, key: &str, now: i64) -> Option<Arc<Document>> {
        let kept = self.documents.get(key)?;
        if kept.stale_at.is_some_and(|stale_at| stale_at <= now) {
            self.documents.invalidate(key);
            return None;
        }
        Some(kept.document)
    }

    pub fn keep(
        &self,
        key: String,
        document: Arc<Document>,
        stale_at: Option<i64>,
        rendered_at: u64,
    ) {
        if self.generation() != rendered_at {
            return;
        }
        self.documents
            .insert(key.clone(), Kept { document, stale_at });
        // A change between the check and the insert: its `invalidate_all` may have run
        // before the insert, so the document goes now.
        if self.generation() != rendered_at {
            self.documents.invalidate(&key);
        }
    }
}

/// Whether feeds or sitemaps may show what changed. A post's page alone (its comments) and
/// an account's private details are not in them; a post's text comes with `Lists`.
fn shown(change: &Change) -> bool {
    matches!(
        change,
        Change::Lists | Change::Profile(_) | Change::Everything | Change::Site
    )
}
