//! The `outbox` table. Only SQL lives here.

use crate::server::{db::Db, error::DomainResult};

/// A message to write into the outbox, in the transaction of what caused it.
pub struct NewMessage<'a> {
    /// What asked for it, unique: a second message for one cause is not written.
    pub cause: &'a str,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub text_body: &'a str,
    pub html_body: &'a str,
    pub now: i64,
}

/// One reader's message of a newsletter: its body is the newsletter's, stored once
/// (`newsletters`), followed by this reader's own part (the unsubscribe link), which is all
/// the row keeps.
pub struct ListMessage<'a> {
    pub cause: &'a str,
    pub newsletter_id: i64,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub text_part: &'a str,
    pub html_part: &'a str,
    /// The reader's one-click unsubscribe address (RFC 8058).
    pub list_unsubscribe: &'a str,
    pub now: i64,
}

/// Writes a newsletter's message; whether it was new (`false`: this address has it already,
/// through another list).
pub async fn insert_list_message<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    message: ListMessage<'_>,
) -> DomainResult<bool> {
    let done = sqlx::query(
        "INSERT INTO outbox (cause, kind, recipient, subject, text_body, html_body, queued_at, \
         next_attempt_at, newsletter_id, list_unsubscribe) \
         VALUES ($1, 'newsletter', $2, $3, $4, $5, $6, $6, $7, $8) ON CONFLICT (cause) DO NOTHING",
    )
    .bind(message.cause)
    .bind(message.recipient)
    .bind(message.subject)
    .bind(message.text_part)
    .bind(message.html_part)
    .bind(message.now)
    .bind(message.newsletter_id)
    .bind(message.list_unsubscribe)
    .execute(executor)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The body a newsletter's messages share: its text and its HTML.
pub async fn newsletter_body(
    db: &Db,
    newsletter_id: i64,
) -> DomainResult<Option<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT text_body, html_body FROM newsletters WHERE id = $1 \
         AND text_body IS NOT NULL AND html_body IS NOT NULL",
    )
    .bind(newsletter_id)
    .fetch_optional(db)
    .await?)
}

/// A message this server has claimed and now sends.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub cause: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attempts: i64,
    pub queued_at: i64,
    /// A newsletter's message: the bodies above are only this reader's part.
    pub newsletter_id: Option<i64>,
    pub list_unsubscribe: Option<String>,
}

/// A message as the admins' list shows it (never its body: a reset link is a secret).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListedRow {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub state: String,
    pub attempts: i64,
    pub queued_at: i64,
    pub next_attempt_at: i64,
    pub sent_at: Option<i64>,
    pub last_error: Option<String>,
}

/// Writes a message; whether it was new (`false`: its cause already has one).
pub async fn insert<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    message: NewMessage<'_>,
) -> DomainResult<bool> {
    let done = sqlx::query(
        "INSERT INTO outbox \
         (cause, kind, recipient, subject, text_body, html_body, queued_at, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (cause) DO NOTHING",
    )
    .bind(message.cause)
    .bind(message.kind)
    .bind(message.recipient)
    .bind(message.subject)
    .bind(message.text_body)
    .bind(message.html_body)
    .bind(message.now)
    .execute(executor)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Messages due now, the longest waiting first: queued ones whose time has come, then those
/// whose claim ran out (a server stopped while sending them).
pub const DUE: &str = "SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= $1 \
     ORDER BY next_attempt_at LIMIT $2";
pub const ABANDONED: &str = "SELECT id FROM outbox WHERE state = 'sending' AND claimed_until <= $1 \
     ORDER BY claimed_until LIMIT $2";

pub async fn due(db: &Db, now: i64, limit: i64) -> DomainResult<Vec<i64>> {
    let mut ids: Vec<i64> = sqlx::query_scalar(DUE)
        .bind(now)
        .bind(limit)
        .fetch_all(db)
        .await?;
    ids.extend(
        sqlx::query_scalar::<_, i64>(ABANDONED)
            .bind(now)
            .bind(limit)
            .fetch_all(db)
            .await?,
    );
    Ok(ids)
}

/// Claims a due message until `until`: of several servers asking at once, one gets it.
pub async fn claim(db: &Db, id: i64, now: i64, until: i64) -> DomainResult<Option<Claimed>> {
    Ok(sqlx::query_as(
        "UPDATE outbox SET state = 'sending', claimed_until = $3, attempts = attempts + 1 \
         WHERE id = $1 AND ((state = 'queued' AND next_attempt_at <= $2) \
                            OR (state = 'sending' AND claimed_until <= $2)) \
         RETURNING id, cause, recipient, subject, text_body, html_body, attempts, queued_at, \
                   newsletter_id, list_unsubscribe",
    )
    .bind(id)
    .bind(now)
    .bind(until)
    .fetch_optional(db)
    .await?)
}

/// The relay took the message.
pub async fn sent(db: &Db, id: i64, now: i64) -> DomainResult<()> {
    sqlx::query(
        "UPDATE outbox SET state = 'sent', sent_at = $2, claimed_until = NULL, last_error = NULL \
         WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// It failed for now: tried again at `next`.
pub async fn retry(db: &Db, id: i64, next: i64, reason: &str) -> DomainResult<()> {
    sqlx::query(
        "UPDATE outbox SET state = 'queued', next_attempt_at = $2, claimed_until = NULL, \
         last_error = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(next)
    .bind(reason)
    .execute(db)
    .await?;
    Ok(())
}

/// It failed for good (or for long enough): kept with why.
pub async fn failed(db: &Db, id: i64, reason: &str) -> DomainResult<()> {
    sqlx::query(
        "UPDATE outbox SET state = 'failed', claimed_until = NULL, last_error = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(reason)
    .execute(db)
    .await?;
    Ok(())
}

/// Queues a sent or failed message again, as new; whether there was one to queue.
pub async fn requeue(db: &Db, id: i64, now: i64) -> DomainResult<bool> {
    let done = sqlx::query(
        "UPDATE outbox SET state = 'queued', attempts = 0, queued_at = $2, next_attempt_at = $2, \
         sent_at = NULL WHERE id = $1 AND state IN ('sent', 'failed')",
    )
    .bind(id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The newest messages older than `before` (an id), at most `limit`: of every state, or of
/// one (through `outbox_by_state`).
pub const LISTED: &str = "SELECT id, kind, recipient, subject, state, attempts, queued_at, \
     next_attempt_at, sent_at, last_error FROM outbox WHERE id < $1 ORDER BY id DESC LIMIT $2";
pub const LISTED_IN_STATE: &str = "SELECT id, kind, recipient, subject, state, attempts, \
     queued_at, next_attempt_at, sent_at, last_error FROM outbox \
     WHERE state = $1 AND id < $2 ORDER BY id DESC LIMIT $3";

pub async fn listed(
    db: &Db,
    state: Option<&str>,
    before: i64,
    limit: i64,
) -> DomainResult<Vec<ListedRow>> {
    let query = match state {
        None => sqlx::query_as(LISTED),
        Some(state) => sqlx::query_as(LISTED_IN_STATE).bind(state),
    };
    Ok(query.bind(before).bind(limit).fetch_all(db).await?)
}

/// Forgets messages sent before `before` (what they said has been delivered; a reset link in
/// one has long expired); returns how many.
pub async fn prune(db: &Db, before: i64) -> DomainResult<u64> {
    Ok(
        sqlx::query("DELETE FROM outbox WHERE state = 'sent' AND sent_at < $1")
            .bind(before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}
