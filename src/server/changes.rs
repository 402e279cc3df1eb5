//! What changed, as readers' pages see it. The domain announces each change once, where it
//! happens; whatever keeps copies of pages (the page cache, and other servers through a relay)
//! listens and forgets what the change makes stale. Listeners run before `announce` returns,
//! so the request that made a change never reads a page from before it. Changes made on
//! other servers arrive through `server::shared::relay` and are heard by the same listeners,
//! but are not sent on again. A change that must be on every server before the request that
//! made it answers (a suspension) is announced with [`Changes::announce_everywhere`], which
//! waits until the relay brings it back to this server: it reached the others in the same
//! broadcast.

use std::{
    sync::{Arc, RwLock, Weak},
    time::Duration,
};

use tokio::sync::oneshot;

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

/// Told when a change this server sent came back to it through the relay.
pub type Delivered = oneshot::Sender<()>;

/// What sends this server's changes to the others: the relay, when there is one.
type Relayer = Arc<dyn Fn(&Change, Option<Delivered>) + Send + Sync>;

/// The longest [`Changes::announce_everywhere`] waits for the relay (which may be down: the
/// other servers then catch up by themselves, as after any lost change).
pub const DELIVERY_WAIT: Duration = Duration::from_secs(1);

/// Where changes are announced and heard. Cloning shares the listeners.
#[derive(Clone, Default)]
pub struct Changes {
    listeners: Arc<RwLock<Vec<Listener>>>,
    /// Hears only this server's own changes: the relay to the other servers.
    outbound: Arc<RwLock<Option<Relayer>>>,
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

    /// Calls `relayer` with every change made by this server from now on, not those relayed
    /// from others, and with a [`Delivered`] to tell when the change came back (for
    /// [`Changes::announce_everywhere`]). One relay per server.
    pub fn relay_own(&self, relayer: impl Fn(&Change, Option<Delivered>) + Send + Sync + 'static) {
        *self.outbound.write().expect("change relay") = Some(Arc::new(relayer));
    }

    /// A change made here: heard by every listener, and sent on to the other servers.
    pub fn announce(&self, change: Change) {
        Self::tell(&self.listeners, &change);
        if let Some(relay) = self.relay() {
            relay(&change, None);
        }
    }

    /// A change made here that every server must have heard before the request that made it
    /// answers: heard here, sent on, and waited for until the relay brings it back to this
    /// server, at most [`DELIVERY_WAIT`]. Without a relay (one server) there is no one to wait
    /// for.
    pub async fn announce_everywhere(&self, change: Change) {
        Self::tell(&self.listeners, &change);
        let Some(relay) = self.relay() else {
            return;
        };
        let (delivered, came_back) = oneshot::channel();
        relay(&change, Some(delivered));
        if tokio::time::timeout(DELIVERY_WAIT, came_back)
            .await
            .is_err()
        {
            tracing::warn!(
                ?change,
                "the relay did not bring a change back in time; the other servers catch up by themselves"
            );
        }
    }

    fn relay(&self) -> Option<Relayer> {
        self.outbound.read().expect("change relay").clone()
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
    outbound: Weak<RwLock<Option<Relayer>>>,
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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::{Change, Changes, Delivered};

    #[tokio::test]
    async fn announcing_everywhere_waits_for_the_relay_to_bring_the_change_back() {
        let changes = Changes::new();
        let heard = Arc::new(Mutex::new(Vec::new()));
        let heard_here = heard.clone();
        changes.listen(move |change| heard_here.lock().unwrap().push(change.clone()));
        // A relay that keeps what it would tell on a change's return, until we say.
        let in_flight: Arc<Mutex<Option<Delivered>>> = Arc::default();
        let relay_holds = in_flight.clone();
        changes.relay_own(move |_, delivered| *relay_holds.lock().unwrap() = delivered);

        let announcing = tokio::spawn({
            let changes = changes.clone();
            async move { changes.announce_everywhere(Change::Site).await }
        });
        while in_flight.lock().unwrap().is_none() {
            tokio::task::yield_now().await;
        }
        assert_eq!(*heard.lock().unwrap(), [Change::Site], "heard here at once");
        assert!(!announcing.is_finished(), "still waiting for the relay");
        let delivered = in_flight.lock().unwrap().take().unwrap();
        delivered.send(()).unwrap();
        announcing.await.unwrap();

        // An ordinary announcement gives the relay nothing to tell.
        changes.announce(Change::Lists);
        assert!(in_flight.lock().unwrap().is_none());
    }
}
