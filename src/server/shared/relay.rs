//! The change relay: what one server announces (`server::changes`), every other server
//! hears within moments, so a post published through one is on every server's pages. Over
//! Redis pub/sub when Redis is configured, else over PostgreSQL's LISTEN/NOTIFY; a single
//! server on SQLite needs none.
//!
//! Delivery is at most once. A server that loses its subscription may have missed changes,
//! so when it subscribes again it forgets every cached page (`Change::Everything`).
//!
//! Both carriers deliver a server's own messages back to it, in the same broadcast as to the
//! others; that is how `Changes::announce_everywhere` learns its change has gone out: the
//! message carries a number, and its return is told to whoever waits for that number.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::Redis;
use crate::server::{
    changes::{Change, Changes, Delivered},
    db::Db,
    random::random_hex,
};

/// The channel's name, under the Redis key prefix or as PostgreSQL's channel.
const CHANNEL: &str = "changes";
/// Wait between attempts to subscribe again after losing the subscription.
const RESUBSCRIBE_PAUSE: Duration = Duration::from_millis(500);

/// One relayed change, tagged with the server it came from.
#[derive(serde::Serialize, serde::Deserialize)]
struct Message {
    origin: String,
    change: Change,
    /// Set when the sender waits for the message to come back to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    awaited: Option<u64>,
}

/// The changes this server sent and waits to see come back, by number.
#[derive(Clone, Default)]
struct Awaited {
    next: Arc<AtomicU64>,
    waiting: Arc<Mutex<HashMap<u64, Delivered>>>,
}

impl Awaited {
    fn add(&self, delivered: Delivered) -> u64 {
        let number = self.next.fetch_add(1, Ordering::Relaxed);
        let mut waiting = self.waiting.lock().expect("awaited changes");
        // Whoever gave up waiting (the relay was down) is forgotten here.
        waiting.retain(|_, delivered| !delivered.is_closed());
        waiting.insert(number, delivered);
        number
    }

    fn came_back(&self, number: u64) {
        let delivered = self
            .waiting
            .lock()
            .expect("awaited changes")
            .remove(&number);
        if let Some(delivered) = delivered {
            let _ = delivered.send(());
        }
    }
}

/// How changes travel between servers.
pub enum Relay {
    Redis(Redis),
    /// The PostgreSQL database's URL, for a listening connection of its own.
    Postgres {
        url: String,
        db: Db,
    },
}

impl Relay {
    /// Sends this server's changes to the others and announces theirs here, from now until
    /// the process ends.
    pub fn start(self, changes: &Changes) {
        let origin = random_hex(8);
        let (outbox, pending) = mpsc::unbounded_channel();
        let awaited = Awaited::default();
        let (sender_origin, sender_awaited) = (origin.clone(), awaited.clone());
        changes.relay_own(move |change, delivered| {
            let message = Message {
                origin: sender_origin.clone(),
                change: change.clone(),
                awaited: delivered.map(|delivered| sender_awaited.add(delivered)),
            };
            if let Ok(json) = serde_json::to_string(&message) {
                // Only fails once the sending task has ended, with the process.
                let _ = outbox.send(json);
            }
        });
        let receiver = Receiver {
            origin,
            awaited,
            changes: changes.clone(),
        };
        match self {
            Self::Redis(redis) => {
                tokio::spawn(publish_to_redis(redis.clone(), pending));
                tokio::spawn(subscribe_to_redis(redis, receiver));
            }
            Self::Postgres { url, db } => {
                tokio::spawn(notify_postgres(db, pending));
                tokio::spawn(listen_to_postgres(url, receiver));
            }
        }
    }
}

/// What a subscription does with the messages it gets.
struct Receiver {
    origin: String,
    awaited: Awaited,
    changes: Changes,
}

impl Receiver {
    /// Announces here a change another server sent; ours come back to us and are not
    /// announced again, only told to whoever waits for them.
    fn receive(&self, payload: &str) {
        match serde_json::from_str::<Message>(payload) {
            Ok(message) if message.origin != self.origin => {
                self.changes.announce_relayed(message.change)
            }
            Ok(message) => {
                if let Some(number) = message.awaited {
                    self.awaited.came_back(number);
                }
            }
            Err(error) => {
                tracing::warn!(%error, "an unreadable relayed change; forgetting every page");
                self.changes.announce_relayed(Change::Everything);
            }
        }
    }

    /// Whatever changed while we were not listening is unknown.
    fn forget_everything(&self) {
        self.changes.announce_relayed(Change::Everything);
    }
}

async fn publish_to_redis(redis: Redis, mut pending: mpsc::UnboundedReceiver<String>) {
    let channel = redis.key(CHANNEL);
    while let Some(json) = pending.recv().await {
        let Ok(mut connection) = redis.connection().await else {
            // Subscribers lost Redis too; they forget every page when they are back.
            continue;
        };
        let published = redis::cmd("PUBLISH")
            .arg(&channel)
            .arg(&json)
            .query_async::<i64>(&mut connection)
            .await;
        if let Err(error) = published {
            tracing::warn!(%error, "cannot relay a change through Redis");
        }
    }
}

async fn subscribe_to_redis(redis: Redis, receiver: Receiver) {
    let channel = redis.key(CHANNEL);
    let mut lost = false;
    loop {
        match redis.subscriber().await {
            Ok(mut subscriber) => match subscriber.subscribe(&channel).await {
                Ok(()) => {
                    if lost {
                        tracing::info!("subscribed to changes again");
                    }
                    receiver.forget_everything();
                    let mut messages = subscriber.on_message();
                    while let Some(message) = messages.next().await {
                        if let Ok(payload) = message.get_payload::<String>() {
                            receiver.receive(&payload);
                        }
                    }
                }
                Err(error) => tracing::warn!(%error, "cannot subscribe to changes"),
            },
            Err(error) if !lost => tracing::warn!(%error, "lost the change relay (Redis)"),
            Err(_) => {}
        }
        lost = true;
        tokio::time::sleep(RESUBSCRIBE_PAUSE).await;
    }
}

async fn notify_postgres(db: Db, mut pending: mpsc::UnboundedReceiver<String>) {
    while let Some(json) = pending.recv().await {
        let notified = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(&json)
            .execute(&db)
            .await;
        if let Err(error) = notified {
            tracing::warn!(%error, "cannot relay a change through PostgreSQL");
        }
    }
}

async fn listen_to_postgres(url: String, receiver: Receiver) {
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect(&url).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for changes (PostgreSQL)");
                tokio::time::sleep(RESUBSCRIBE_PAUSE).await;
                continue;
            }
        };
        if let Err(error) = listener.listen(CHANNEL).await {
            tracing::warn!(%error, "cannot listen for changes (PostgreSQL)");
            tokio::time::sleep(RESUBSCRIBE_PAUSE).await;
            continue;
        }
        receiver.forget_everything();
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => receiver.receive(notification.payload()),
                // The connection was lost (and is made again on the next call): whatever
                // was sent meanwhile is unknown.
                Ok(None) => receiver.forget_everything(),
                Err(error) => {
                    tracing::warn!(%error, "lost the change relay (PostgreSQL)");
                    tokio::time::sleep(RESUBSCRIBE_PAUSE).await;
                    break;
                }
            }
        }
    }
}
