//! Email: every message the site sends goes through the outbox, a table written in the
//! transaction that caused the message (`store::insert`, with what asked for it as its
//! unique cause), and leaves from a worker every server runs (`server::workers`): each due
//! message is claimed by one server with a conditional update, handed to the SMTP relay,
//! retried with a doubling wait on a temporary failure and given up after
//! `email.give_up_after` with the reason kept. A message whose server died while sending it
//! is claimed again once its lease runs out. The relay being slow or down holds up only
//! this worker, never a request.
//!
//! A newsletter's messages share one body, kept once with the newsletter: each row holds only
//! its reader's part (the unsubscribe link), joined to the body as the message leaves.

pub mod letters;
pub mod relay;
pub mod store;

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use futures::StreamExt;

use crate::server::{
    clock::{Clock, duration_millis},
    db::Db,
    error::{DomainError, DomainResult, Resource},
    settings::EmailSettings,
};
pub use letters::{Letter, Rendered};
pub use relay::{Failure, Relay};
pub use store::{ListMessage, ListedRow as OutboxEntry, insert_list_message};

/// Newsletter bodies read during one pass, by newsletter: thousands of messages share one.
type SharedBodies = Mutex<HashMap<i64, Arc<(String, String)>>>;

/// Messages read at once; a pass reads batches until one comes back short.
const DUE_PER_PASS: i64 = 100;
/// The longest wait between two tries.
const LONGEST_RETRY: Duration = Duration::from_secs(60 * 60);
/// Sent messages are forgotten this long after they left.
pub const SENT_KEPT: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// The most messages the admins' list shows at once.
pub const OUTBOX_LISTED: i64 = 50;

/// The outbox's lists, for the query-plan tests: `(name, statement, values)`, each value a
/// number when it reads as one (a time far ahead, the page size), else text.
pub const OUTBOX_LISTS: [(&str, &str, &[&str]); 4] = [
    ("due", store::DUE, &["9000000000000", "100"]),
    (
        "abandoned claims",
        store::ABANDONED,
        &["9000000000000", "100"],
    ),
    ("newest", store::LISTED, &["9000000000000", "50"]),
    (
        "newest in a state",
        store::LISTED_IN_STATE,
        &["failed", "9000000000000", "50"],
    ),
];

/// The states a message goes through, as stored.
pub const STATES: [&str; 4] = ["queued", "sending", "sent", "failed"];

#[derive(Clone)]
pub struct Outbox {
    db: Db,
    clock: Clock,
    relay: Option<Relay>,
    settings: Arc<EmailSettings>,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox")
            .field("relay", &self.relay.is_some())
            .finish_non_exhaustive()
    }
}

impl Outbox {
    /// The outbox sending through `relay` (`Relay::from_settings`); with none, messages wait.
    pub fn new(db: Db, clock: Clock, relay: Option<Relay>, settings: &EmailSettings) -> Self {
        Self {
            relay,
            db,
            clock,
            settings: Arc::new(settings.clone()),
        }
    }

    /// Whether the site has a relay to send through.
    pub fn enabled(&self) -> bool {
        self.relay.is_some()
    }

    /// Sends what is due (see the module's docs), a batch at a time until a batch comes back
    /// short; returns how many messages left.
    pub async fn deliver_due(&self) -> DomainResult<u64> {
        let Some(relay) = &self.relay else {
            return Ok(0);
        };
        let sent = AtomicU64::new(0);
        let bodies = SharedBodies::default();
        loop {
            let ids = store::due(&self.db, self.clock.now_millis(), DUE_PER_PASS).await?;
            let full = ids.len() as i64 >= DUE_PER_PASS;
            futures::stream::iter(ids)
                .for_each_concurrent(self.settings.sends_at_once, |id| {
                    let (sent, bodies) = (&sent, &bodies);
                    async move {
                        match self.deliver(relay, id, bodies).await {
                            Ok(true) => {
                                sent.fetch_add(1, Ordering::Relaxed);
                            }
                            Ok(false) => {}
                            Err(error) => tracing::warn!(id, %error, "cannot send a message"),
                        }
                    }
                })
                .await;
            if !full {
                return Ok(sent.into_inner());
            }
        }
    }

    /// Claims one message and sends it; whether it left.
    async fn deliver(&self, relay: &Relay, id: i64, bodies: &SharedBodies) -> DomainResult<bool> {
        let now = self.clock.now_millis();
        let lease = now + duration_millis(self.settings.claim_lease);
        let Some(mut message) = store::claim(&self.db, id, now, lease).await? else {
            // Another server has it.
            return Ok(false);
        };
        let outcome = match self.join_shared_body(&mut message, bodies).await? {
            Ok(()) => relay.send(&message).await,
            Err(failure) => Err(failure),
        };
        let now = self.clock.now_millis();
        match outcome {
            Ok(()) => {
                store::sent(&self.db, id, now).await?;
                Ok(true)
            }
            Err(Failure { permanent, reason }) => {
                let next = now + self.wait_after(message.attempts);
                let give_up_at = message.queued_at + duration_millis(self.settings.give_up_after);
                if permanent || next > give_up_at {
                    tracing::warn!(id, kind = "email", %reason, "a message is given up");
                    store::failed(&self.db, id, &reason).await?;
                } else {
                    tracing::info!(id, %reason, "a message will be tried again");
                    store::retry(&self.db, id, next, &reason).await?;
                }
                Ok(false)
            }
        }
    }

    /// Puts a newsletter's body before its reader's part.
    async fn join_shared_body(
        &self,
        message: &mut store::Claimed,
        bodies: &SharedBodies,
    ) -> DomainResult<Result<(), Failure>> {
        let Some(newsletter) = message.newsletter_id else {
            return Ok(Ok(()));
        };
        let known = bodies
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&newsletter)
            .cloned();
        let body = match known {
            Some(body) => body,
            None => match store::newsletter_body(&self.db, newsletter).await? {
                Some(body) => {
                    let body = Arc::new(body);
                    bodies
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .insert(newsletter, body.clone());
                    body
                }
                None => {
                    return Ok(Err(Failure {
                        permanent: true,
                        reason: "its newsletter has no body".into(),
                    }));
                }
            },
        };
        let (text, html) = &*body;
        message.text_body = format!("{text}{}", message.text_body);
        message.html_body = format!("{html}{}", message.html_body);
        Ok(Ok(()))
    }

    /// The wait after the `attempts`-th failed try: `email.retry_after`, doubling, at most
    /// an hour.
    fn wait_after(&self, attempts: i64) -> i64 {
        let doublings = u32::try_from(attempts.saturating_sub(1))
            .unwrap_or(0)
            .min(16);
        let wait = self
            .settings
            .retry_after
            .saturating_mul(1 << doublings)
            .min(LONGEST_RETRY);
        duration_millis(wait)
    }

    /// The newest messages (of one state, or all) older than the message `before`.
    pub async fn listed(
        &self,
        state: Option<&str>,
        before: Option<i64>,
    ) -> DomainResult<Vec<OutboxEntry>> {
        if let Some(state) = state.filter(|state| !STATES.contains(state)) {
            return Err(DomainError::Invalid {
                field: "state",
                message: format!("{state:?} is not one of queued, sending, sent, failed"),
            });
        }
        store::listed(&self.db, state, before.unwrap_or(i64::MAX), OUTBOX_LISTED).await
    }

    /// Queues a sent or failed message again, to go at once.
    pub async fn resend(&self, id: i64) -> DomainResult<()> {
        if store::requeue(&self.db, id, self.clock.now_millis()).await? {
            Ok(())
        } else {
            Err(DomainError::NotFound(Resource::Message))
        }
    }

    /// Forgets messages sent more than [`SENT_KEPT`] ago.
    pub async fn prune(&self) -> DomainResult<u64> {
        store::prune(
            &self.db,
            self.clock.now_millis() - duration_millis(SENT_KEPT),
        )
        .await
    }
}
