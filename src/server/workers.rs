//! The work a running server does on its own, on real time: publishing scheduled posts as
//! they come due, writing newsletters' messages and sending the outbox's email, noticing changes made outside the servers (`blog import`), forgetting
//! ended sessions, thinning old autosaves, reading again which accounts are suspended,
//! rendering again what an older renderer made, and saying in the log that a site awaits its
//! owner.
//! `serve` starts them; each is a domain call that tests make themselves, on their own
//! clock, instead of waiting for a timer.

use std::{future::Future, time::Duration};

use super::{
    accounts::{Accounts, SUSPENSIONS_REREAD},
    audit,
    shared::outside::OutsideChanges,
    state::AppState,
};

/// How often due posts are looked for: the longest a scheduled post can be late.
const PUBLISHER_EVERY: Duration = Duration::from_secs(1);
/// How often the outbox is looked at: the longest a message waits before it leaves.
const OUTBOX_EVERY: Duration = Duration::from_secs(1);
/// How often the outside-changes counter is read: the longest a page can lag an import.
const OUTSIDE_EVERY: Duration = Duration::from_secs(1);
const HOURLY: Duration = Duration::from_secs(60 * 60);
/// How often a site without an owner says so in the log.
const OWNER_REMINDER_EVERY: Duration = Duration::from_secs(10 * 60);

/// Starts every worker for as long as the process runs.
pub fn start(state: &AppState) {
    let posts = state.posts.clone();
    every(PUBLISHER_EVERY, "publish scheduled posts", move || {
        let posts = posts.clone();
        async move { posts.publish_due().await.map(|published| published as u64) }
    });
    let newsletters = state.newsletters.clone();
    if newsletters.enabled() {
        every(OUTBOX_EVERY, "write newsletters' messages", move || {
            let newsletters = newsletters.clone();
            async move { newsletters.send_due().await }
        });
    }
    let newsletters = state.newsletters.clone();
    every(HOURLY, "forget unconfirmed subscriptions", move || {
        let newsletters = newsletters.clone();
        async move { newsletters.prune().await }
    });
    let outbox = state.outbox.clone();
    if outbox.enabled() {
        every(OUTBOX_EVERY, "send email", move || {
            let outbox = outbox.clone();
            async move { outbox.deliver_due().await }
        });
    }
    let outbox = state.outbox.clone();
    every(HOURLY, "forget email sent long ago", move || {
        let outbox = outbox.clone();
        async move { outbox.prune().await }
    });
    let accounts = state.accounts.clone();
    every(HOURLY, "forget ended password-reset links", move || {
        let accounts = accounts.clone();
        async move { accounts.prune_reset_links().await }
    });
    let accounts = state.accounts.clone();
    every(HOURLY, "forget ended email links", move || {
        let accounts = accounts.clone();
        async move { accounts.prune_email_links().await }
    });
    let outside = OutsideChanges::new(state.db.clone(), state.changes.clone());
    every(OUTSIDE_EVERY, "look for outside changes", move || {
        let outside = outside.clone();
        async move { Ok::<_, sqlx::Error>(outside.check().await) }
    });
    let sessions = state.sessions.clone();
    every(HOURLY, "forget ended sessions", move || {
        let sessions = sessions.clone();
        async move { sessions.prune().await }
    });
    let sessions = state.sessions.clone();
    every(HOURLY, "forget expired sign-in challenges", move || {
        let sessions = sessions.clone();
        async move { sessions.prune_challenges().await }
    });
    let revisions = state.revisions.clone();
    every(HOURLY, "thin out old autosaves", move || {
        let revisions = revisions.clone();
        async move { revisions.thin().await }
    });
    let db = state.db.clone();
    every(HOURLY, "keep the audit log bounded", move || {
        let db = db.clone();
        async move { audit::store::prune(&db, audit::KEPT_ENTRIES).await }
    });
    let accounts = state.accounts.clone();
    every(
        SUSPENSIONS_REREAD,
        "read the suspended accounts again",
        move || {
            let accounts = accounts.clone();
            async move { accounts.reread_suspensions().await }
        },
    );
    remind_while_awaiting_owner(state.accounts.clone());
    let posts = state.posts.clone();
    tokio::spawn(async move {
        report("render outdated posts again", posts.render_outdated().await);
    });
}

/// Runs `work` at once and then every `period` (a slow run delays the next, never doubles
/// it), logging what it did.
fn every<F, Fut, E>(period: Duration, what: &'static str, work: F)
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = Result<u64, E>> + Send,
    E: std::fmt::Display,
{
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            report(what, work().await);
        }
    });
}

/// Every [`OWNER_REMINDER_EVERY`] after start (which prints the setup link itself), says in
/// the log that the site still has no owner, until it has one.
fn remind_while_awaiting_owner(accounts: Accounts) {
    tokio::spawn(async move {
        let start = tokio::time::Instant::now() + OWNER_REMINDER_EVERY;
        let mut ticks = tokio::time::interval_at(start, OWNER_REMINDER_EVERY);
        loop {
            ticks.tick().await;
            match accounts.awaiting_owner().await {
                Ok(false) => return,
                Ok(true) => tracing::warn!(
                    "this site still awaits its owner: open the setup link printed when the \
                     server started, or run `blog setup-link` for a new one"
                ),
                Err(error) => tracing::warn!(%error, "cannot tell whether the site has its owner"),
            }
        }
    });
}

fn report<E: std::fmt::Display>(what: &'static str, outcome: Result<u64, E>) {
    match outcome {
        Ok(0) => {}
        Ok(count) => tracing::info!(count, "{what}"),
        Err(error) => tracing::warn!(%error, "cannot {what}"),
    }
}
