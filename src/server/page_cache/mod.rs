//! Reader pages rendered once per change. Every reader page (home, tag, author, post) is the
//! same for every reader: the session lives in the browser, and the server renders signed
//! out. So the finished HTML is kept, with its brotli and gzip bodies and a strong ETag, and
//! served until something it shows changes (`server::changes`), within a memory budget.
//!
//! Never kept: an answer that is not 200 (errors, a draft's "not found"), a request that
//! carries credentials (it might see what others may not), or a render that overlapped a
//! change to what the page shows (it might show the old state).

mod encode;
mod in_flight;
mod key;
mod serve;

use std::{
    hash::{BuildHasher, RandomState},
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
};

use axum::body::Bytes;
use axum::http::HeaderMap;
pub use key::reader_page;
pub use serve::serve_from_cache;

use crate::server::changes::{Change, Changes};

/// A rendered page, ready to send in any encoding.
#[derive(Debug)]
pub struct CachedPage {
    /// The response headers as rendered (content type, security headers).
    pub headers: HeaderMap,
    pub identity: Bytes,
    pub brotli: Bytes,
    pub gzip: Bytes,
    /// The strong validator, quoted.
    pub etag: String,
    /// What the page shows, so a change forgets exactly the pages it affects.
    pub shows: Vec<Change>,
}

impl CachedPage {
    fn weight(&self) -> u32 {
        let bytes = self.identity.len() + self.brotli.len() + self.gzip.len() + 512;
        u32::try_from(bytes).unwrap_or(u32::MAX)
    }

    fn shows(&self, change: &Change) -> bool {
        change.touches_every_page() || self.shows.contains(change)
    }
}

#[derive(Clone)]
pub struct PageCache {
    pages: moka::sync::Cache<String, Arc<CachedPage>>,
    generations: Arc<Generations>,
    in_flight: in_flight::InFlight,
}

/// Counters that changes move, so a render that overlapped a change to what it shows is not
/// kept, while renders of other pages are: one counter per slot a change hashes to, and one
/// for `Change::Everything`. Two changes sharing a slot only cost an extra render.
struct Generations {
    slots: Box<[AtomicU64]>,
    everything: AtomicU64,
    hasher: RandomState,
}

const GENERATION_SLOTS: usize = 1024;

impl Generations {
    fn new() -> Self {
        Self {
            slots: (0..GENERATION_SLOTS).map(|_| AtomicU64::new(0)).collect(),
            everything: AtomicU64::new(0),
            hasher: RandomState::new(),
        }
    }

    fn slot(&self, change: &Change) -> &AtomicU64 {
        let index = usize::try_from(self.hasher.hash_one(change) % GENERATION_SLOTS as u64);
        &self.slots[index.unwrap_or(0)]
    }

    fn advance(&self, change: &Change) {
        match change {
            change if change.touches_every_page() => self.everything.fetch_add(1, Ordering::SeqCst),
            change => self.slot(change).fetch_add(1, Ordering::SeqCst),
        };
    }

    /// One number that moves whenever anything `shows` depends on changes (the counters
    /// only grow, so their sum does too).
    fn of(&self, shows: &[Change]) -> u64 {
        shows
            .iter()
            .fold(self.everything.load(Ordering::SeqCst), |sum, change| {
                sum.wrapping_add(self.slot(change).load(Ordering::SeqCst))
            })
    }
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("pages", &self.pages.entry_count())
            .finish_non_exhaustive()
    }
}

impl PageCache {
    /// A cache of at most `max_bytes` of pages, forgetting them as `changes` announces.
    pub fn new(max_bytes: u64, changes: &Changes) -> Self {
        let cache = Self {
            pages: moka::sync::Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|_, page: &Arc<CachedPage>| page.weight())
                .build(),
            generations: Arc::new(Generations::new()),
            in_flight: in_flight::InFlight::default(),
        };
        cache.listen(changes);
        cache
    }

    fn listen(&self, changes: &Changes) {
        let cache = self.clone();
        changes.listen(move |change| cache.forget(change));
    }

    /// Forgets every page that shows what changed.
    pub fn forget(&self, change: &Change) {
        self.generations.advance(change);
        if change.touches_every_page() {
            self.pages.invalidate_all();
            return;
        }
        let stale: Vec<Arc<String>> = self
            .pages
            .iter()
            .filter(|(_, page)| page.shows(change))
            .map(|(key, _)| key)
            .collect();
        for key in stale {
            self.pages.invalidate(key.as_str());
        }
    }

    /// Pages kept and the bytes they take, after pending evictions.
    pub fn usage(&self) -> (u64, u64) {
        self.pages.run_pending_tasks();
        (self.pages.entry_count(), self.pages.weighted_size())
    }

    /// Where the changes to what `shows` stand now.
    fn generation(&self, shows: &[Change]) -> u64 {
        self.generations.of(shows)
    }

    fn get(&self, key: &str) -> Option<Arc<CachedPage>> {
        self.pages.get(key)
    }

    /// Keeps a page rendered at `rendered_at`, unless what it shows changed meanwhile.
    fn keep(&self, key: String, page: CachedPage, rendered_at: u64) -> Arc<CachedPage> {
        let page = Arc::new(page);
        if self.generation(&page.shows) == rendered_at {
            self.pages.insert(key, page.clone());
        }
        page
    }
}
