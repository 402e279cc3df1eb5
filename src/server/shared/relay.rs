//! The change relay: what one server announces (`server::changes`), every other server
//! hears within moments, so a post published through one is on every server's pages. Over
//! Redis pub/sub when Redis is configured, else over PostgreSQL's LISTEN/NOTIFY; a single
//! server on SQLite needs none.
//!
//! Delivery is at most once. A server that loses its subscription may have missed changes,
//! so when it subscribes again it forgets every cached page (`Change::Everything`).

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::Redis;
use crate::server::{
    changes::{Change, Changes},
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
        let sender_origin = origin.clone();
        changes.listen_to_own(move |change| {
            let message = Message {
                origin: sender_origin.clone(),
                change: change.clone(),
            };
            if let Ok(json) = serde_json::to_string(&message) {
                // Only fails once the sending task has ended, with the process.
                let _ = outbox.send(json);
            }
        });
        match self {
            Self::Redis(redis) => {
                tokio::spawn(publish_to_redis(redis.clone(), pending));
                tokio::spawn(subscribe_to_redis(redis, origin, changes.clone()));
            }
            Self::Postgres { url, db } => {
                tokio::spawn(notify_postgres(db, pending));
                tokio::spawn(listen_to_postgres(url, origin, changes.clone()));
            }
        }
    }
}

/// Announces here a change another server sent; ours come back to us and are skipped.
fn receive(payload: &str, origin: &str, changes: &Changes) {
    match serde_json::from_str::<Message>(payload) {
        Ok(message) if message.origin != origin => changes.announce_relayed(message.change),
        Ok(_) => {}
        Err(error) => {
            tracing::warn!(%error, "an unreadable relayed change; forgetting every page");
            changes.announce_relayed(Change::Everything);
        }
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

async fn subscribe_to_redis(redis: Redis, origin: String, changes: Changes) {
    let channel = redis.key(CHANNEL);
    let mut lost = false;
    loop {
        match redis.subscriber().await {
            Ok(mut subscriber) => match subscriber.subscribe(&channel).await {
                Ok(()) => {
                    if lost {
                        tracing::info!("subscribed to changes again");
                    }
                    // Whatever changed while we were not listening is unknown.
                    changes.announce_relayed(Change::Everything);
                    let mut messages = subscriber.on_message();
                    while let Some(message) = messages.next().await {
                        if let Ok(payload) = message.get_payload::<String>() {
                            receive(&payload, &origin, &changes);
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

async fn listen_to_postgres(url: String, origin: String, changes: Changes) {
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
        changes.announce_relayed(Change::Everything);
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => receive(notification.payload(), &origin, &changes),
                // The connection was lost (and is made again on the next call): whatever
                // was sent meanwhile is unknown.
                Ok(None) => changes.announce_relayed(Change::Everything),
                Err(error) => {
                    tracing::warn!(%error, "lost the change relay (PostgreSQL)");
                    tokio::time::sleep(RESUBSCRIBE_PAUSE).await;
                    break;
                }
            }
        }
    }
}
