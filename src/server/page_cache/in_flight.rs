//! One render per page at a time. When a change makes a popular page stale, the readers who
//! ask for it before it is rendered again wait for the one render under way instead of each
//! rendering (and compressing) it: 64 readers cost one render, not 64.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use tokio::sync::watch;

use super::CachedPage;

/// A finished render: the generation it was rendered at, and the page if it was one to keep.
type Rendered = Option<(u64, Option<Arc<CachedPage>>)>;

#[derive(Clone, Default)]
pub struct InFlight {
    renders: Arc<Mutex<HashMap<String, watch::Receiver<Rendered>>>>,
}

/// What a request does about a page nobody has kept: render it, or wait for who does.
pub enum Role {
    Leader(Render),
    Follower(watch::Receiver<Rendered>),
}

/// The right to render a page. Dropped without `finish` (the request was cancelled, or the
/// answer is not a page to share), it lets the waiting readers render for themselves.
pub struct Render {
    key: String,
    sender: watch::Sender<Rendered>,
    in_flight: InFlight,
}

impl InFlight {
    pub fn join_or_lead(&self, key: &str) -> Role {
        let mut renders = self.renders.lock().expect("renders in flight");
        if let Some(receiver) = renders.get(key) {
            return Role::Follower(receiver.clone());
        }
        let (sender, receiver) = watch::channel(None);
        renders.insert(key.to_owned(), receiver);
        Role::Leader(Render {
            key: key.to_owned(),
            sender,
            in_flight: self.clone(),
        })
    }
}

impl Render {
    /// Hands the rendered page to everyone waiting for it.
    pub fn finish(self, generation: u64, page: Arc<CachedPage>) {
        self.sender.send_replace(Some((generation, Some(page))));
    }
}

impl Drop for Render {
    fn drop(&mut self) {
        self.in_flight
            .renders
            .lock()
            .expect("renders in flight")
            .remove(&self.key);
    }
}

/// Waits for the leader's page; `None` when it has none to share (then render yourself).
pub async fn wait(mut receiver: watch::Receiver<Rendered>) -> Option<(u64, Arc<CachedPage>)> {
    let rendered = receiver.wait_for(Option::is_some).await.ok()?.clone();
    match rendered {
        Some((generation, Some(page))) => Some((generation, page)),
        _ => None,
    }
}
