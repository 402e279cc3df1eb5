//! What changed, as readers' pages see it. The domain announces each change once, where it
//! happens; whatever keeps copies of pages (the page cache, and other servers through a relay)
//! listens and forgets what the change makes stale. Listeners run before `announce` returns,
//! so the request that made a change never reads a page from before it. Changes made on
//! other servers arrive through `server::shared::relay` and are heard by the same listeners,
//! but are not sent on again.

use std::sync::{Arc, RwLock, Weak};

/// A change to what reader pages show.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Change {
    /// The published posts, their order or what a list shows of them (title, tags, counts).
    Lists,
    /// One post's page: its text, comments or favorites (by slug).
    Post(String),
    /// One author's page (by username, lowercase).
    Profile(String),
    /// Which posts are published, with their titles and tags: what every post's page links
    /// to (previous, next, related). A favorite or a comment does not change it.
    PostLinks,
    /// An account's details (by id): what "who am I" answers.
    Account(i64),
    /// The site's settings (title, navigation, colours): every page shows them.
    Site,
    /// An account was suspended or reinstated: every server must stop (or start again)
    /// taking the access tokens it already holds.
    Suspension { account: i64, suspended: bool },
    /// Anything may have changed: a renamed author, an import.
    Everything,
}

impl Change {
    /// An author's page changed; names match in any case.
    pub fn profile(username: &str) -> Self {
        Self::Profile(username.to_lowercase())
    }

    /// Whether every page may show something else now.
    pub fn touches_every_page(&self) -> bool {
        matches!(self, Self::Everything | Self::Site)
    }
}

type Listener = Arc<dyn Fn(&Change) + Send + Sync>;

/// Where changes are announced and heard. Cloning shares the listeners.
#[derive(Clone, Default)]
pub struct Changes {
    listeners: Arc<RwLock<Vec<Listener>>>,
    /// Hear only this server's own changes: the relay to the other servers.
    outbound: Arc<RwLock<Vec<Listener>>>,
}

impl std::fmt::Debug for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Changes").finish_non_exhaustive()
    }
}

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Calls `listener` with every change announced from now on. It must be quick: it runs
    /// inside the request that made the change.
    pub fn listen(&self, listener: impl Fn(&Change) + Send + Sync + 'static) {
        self.listeners
            .write()
            .expect("change listeners")
            .push(Arc::new(listener));
    }

    /// Calls `listener` with every change made by this server from now on, not those
    /// relayed from others.
    pub fn listen_to_own(&self, listener: impl Fn(&Change) + Send + Sync + 'static) {
        self.outbound
            .write()
            .expect("change listeners")
            .push(Arc::new(listener));
    }

    /// A change made here: heard by every listener, and sent on to the other servers.
    pub fn announce(&self, change: Change) {
        Self::tell(&self.listeners, &change);
        Self::tell(&self.outbound, &change);
    }

    /// A change made on another server: heard here, not sent on again.
    pub fn announce_relayed(&self, change: Change) {
        Self::tell(&self.listeners, &change);
    }

    fn tell(listeners: &RwLock<Vec<Listener>>, change: &Change) {
        let listeners = listeners.read().expect("change listeners").clone();
        for listener in listeners {
            listener(change);
        }
    }

    /// A handle that does not keep the listeners alive: for a listener that announces, which
    /// would otherwise hold itself (and all it holds, the database pool) for ever.
    pub fn downgrade(&self) -> WeakChanges {
        WeakChanges {
            listeners: Arc::downgrade(&self.listeners),
            outbound: Arc::downgrade(&self.outbound),
        }
    }

    pub fn announce_all(&self, changes: impl IntoIterator<Item = Change>) {
        for change in changes {
            self.announce(change);
        }
    }
}

/// [`Changes`] without keeping them alive (`Changes::downgrade`).
#[derive(Clone)]
pub struct WeakChanges {
    listeners: Weak<RwLock<Vec<Listener>>>,
    outbound: Weak<RwLock<Vec<Listener>>>,
}

impl WeakChanges {
    /// The changes, while anything else still has them.
    pub fn upgrade(&self) -> Option<Changes> {
        Some(Changes {
            listeners: self.listeners.upgrade()?,
            outbound: self.outbound.upgrade()?,
        })
    }
}
