//! The `subscriptions` and `newsletters` tables. Only SQL lives here.

use crate::server::{content::store::Tx, db::Db, error::DomainResult};

/// The list a subscription is to: the whole site's posts, or one author's.
pub const WHOLE_SITE: i64 = 0;

/// A subscription as its links find it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Subscription {
    pub id: i64,
    pub author_id: i64,
    pub email: String,
    pub confirmed_at: Option<i64>,
    pub confirm_sent_at: Option<i64>,
}

/// An address subscribing: a new row, unconfirmed, or the existing one.
pub struct NewSubscription<'a> {
    pub author_id: i64,
    pub email: &'a str,
    pub user_id: Option<i64>,
    pub language: &'a str,
    pub unsubscribe_token: &'a str,
    pub confirm_hash: Option<&'a str>,
    pub now: i64,
    /// Set for an account's own verified address: no link to follow.
    pub confirmed: bool,
}

pub async fn find(
    tx: &mut Tx<'_>,
    author_id: i64,
    email: &str,
) -> DomainResult<Option<Subscription>> {
    Ok(sqlx::query_as(
        "SELECT id, author_id, email, confirmed_at, confirm_sent_at FROM subscriptions \
         WHERE author_id = $1 AND email = $2",
    )
    .bind(author_id)
    .bind(email)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Writes a subscription; its id.
pub async fn insert(tx: &mut Tx<'_>, new: &NewSubscription<'_>) -> DomainResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO subscriptions (author_id, email, user_id, language, unsubscribe_token, \
         confirm_hash, confirm_sent_at, created_at, confirmed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.author_id)
    .bind(new.email)
    .bind(new.user_id)
    .bind(new.language)
    .bind(new.unsubscribe_token)
    .bind(new.confirm_hash)
    .bind(new.confirm_hash.map(|_| new.now))
    .bind(new.now)
    .bind(new.confirmed.then_some(new.now))
    .fetch_one(&mut **tx)
    .await?)
}

/// A new confirmation link for an unconfirmed subscription.
pub async fn renew_confirmation(
    tx: &mut Tx<'_>,
    id: i64,
    confirm_hash: &str,
    now: i64,
) -> DomainResult<()> {
    sqlx::query(
        "UPDATE subscriptions SET confirm_hash = $2, confirm_sent_at = $3 \
         WHERE id = $1 AND confirmed_at IS NULL",
    )
    .bind(id)
    .bind(confirm_hash)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An account takes over an address's subscription: confirmed, sent to the account's address.
pub async fn adopt(tx: &mut Tx<'_>, id: i64, user_id: i64, now: i64) -> DomainResult<()> {
    sqlx::query(
        "UPDATE subscriptions SET user_id = $2, confirm_hash = NULL, \
         confirmed_at = COALESCE(confirmed_at, $3) WHERE id = $1",
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Confirms the subscription whose link digest is `confirm_hash`, if it was sent after
/// `sent_after`; the subscription.
pub async fn confirm(
    db: &Db,
    confirm_hash: &str,
    sent_after: i64,
    now: i64,
) -> DomainResult<Option<Subscription>> {
    Ok(sqlx::query_as(
        "UPDATE subscriptions SET confirmed_at = $3, confirm_hash = NULL \
         WHERE confirm_hash = $1 AND confirm_sent_at > $2 AND confirmed_at IS NULL \
         RETURNING id, author_id, email, confirmed_at, confirm_sent_at",
    )
    .bind(confirm_hash)
    .bind(sent_after)
    .bind(now)
    .fetch_optional(db)
    .await?)
}

/// Forgets the subscription whose link is `token`; which it was.
pub async fn remove_by_token(db: &Db, token: &str) -> DomainResult<Option<Subscription>> {
    Ok(sqlx::query_as(
        "DELETE FROM subscriptions WHERE unsubscribe_token = $1 \
         RETURNING id, author_id, email, confirmed_at, confirm_sent_at",
    )
    .bind(token)
    .fetch_optional(db)
    .await?)
}

/// The list the link `token` leaves, without leaving it.
pub async fn find_by_token(db: &Db, token: &str) -> DomainResult<Option<Subscription>> {
    Ok(sqlx::query_as(
        "SELECT id, author_id, email, confirmed_at, confirm_sent_at FROM subscriptions \
         WHERE unsubscribe_token = $1",
    )
    .bind(token)
    .fetch_optional(db)
    .await?)
}

/// Whether the account `user_id` is subscribed to the list `author_id`.
pub async fn account_subscribed(db: &Db, user_id: i64, author_id: i64) -> DomainResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT id FROM subscriptions WHERE user_id = $1 AND author_id = $2 \
         AND confirmed_at IS NOT NULL",
    )
    .bind(user_id)
    .bind(author_id)
    .fetch_optional(db)
    .await?
    .is_some())
}

/// The account `user_id` leaves the list `author_id`; whether it was on it.
pub async fn remove_account(db: &Db, user_id: i64, author_id: i64) -> DomainResult<bool> {
    Ok(
        sqlx::query("DELETE FROM subscriptions WHERE user_id = $1 AND author_id = $2")
            .bind(user_id)
            .bind(author_id)
            .execute(db)
            .await?
            .rows_affected()
            > 0,
    )
}

/// Forgets subscriptions never confirmed and asked for before `before`.
pub async fn prune_unconfirmed(db: &Db, before: i64) -> DomainResult<u64> {
    Ok(
        sqlx::query("DELETE FROM subscriptions WHERE confirmed_at IS NULL AND created_at < $1")
            .bind(before)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// One reader a newsletter goes to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub id: i64,
    /// The account's address when an account subscribed (it may have changed since), else
    /// the confirmed address.
    pub email: String,
    pub language: String,
    pub unsubscribe_token: String,
}

/// The next confirmed readers of a list after the subscription `after`, in order: an
/// account's only while its address is verified.
pub const RECIPIENTS: &str = "SELECT s.id, COALESCE(u.email, s.email) AS email, s.language, \
     s.unsubscribe_token FROM subscriptions s LEFT JOIN users u ON u.id = s.user_id \
     WHERE s.author_id = $1 AND s.confirmed_at IS NOT NULL AND s.id > $2 \
     AND (s.user_id IS NULL OR u.email_verified_at IS NOT NULL) \
     ORDER BY s.id LIMIT $3";

pub async fn recipients(
    tx: &mut Tx<'_>,
    author_id: i64,
    after: i64,
    limit: i64,
) -> DomainResult<Vec<Recipient>> {
    Ok(sqlx::query_as(RECIPIENTS)
        .bind(author_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&mut **tx)
        .await?)
}

/// A newsletter as the server that claimed it reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Newsletter {
    pub id: i64,
    pub post_id: i64,
    pub author_id: i64,
    pub created_at: i64,
    pub stage: String,
    pub after_id: i64,
    pub recipients: i64,
    pub subject: Option<String>,
}

/// Newsletters still being written out and not held by a live claim.
pub const OPEN: &str = "SELECT id FROM newsletters WHERE finished_at IS NULL \
     AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY id LIMIT $2";

pub async fn open(db: &Db, now: i64, limit: i64) -> DomainResult<Vec<i64>> {
    Ok(sqlx::query_scalar(OPEN)
        .bind(now)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// Claims a newsletter until `until`: of several servers asking at once, one gets it.
pub async fn claim(db: &Db, id: i64, now: i64, until: i64) -> DomainResult<Option<Newsletter>> {
    Ok(sqlx::query_as(
        "UPDATE newsletters SET claimed_until = $3 WHERE id = $1 AND finished_at IS NULL \
         AND (claimed_until IS NULL OR claimed_until <= $2) \
         RETURNING id, post_id, author_id, created_at, stage, after_id, recipients, subject",
    )
    .bind(id)
    .bind(now)
    .bind(until)
    .fetch_optional(db)
    .await?)
}

/// Keeps the post as email with its newsletter, while `held_until` is still the claim.
pub async fn set_body(
    db: &Db,
    id: i64,
    held_until: i64,
    (subject, text, html): (&str, &str, &str),
) -> DomainResult<bool> {
    Ok(sqlx::query(
        "UPDATE newsletters SET subject = $3, text_body = $4, html_body = $5 \
         WHERE id = $1 AND claimed_until = $2",
    )
    .bind(id)
    .bind(held_until)
    .bind(subject)
    .bind(text)
    .bind(html)
    .execute(db)
    .await?
    .rows_affected()
        > 0)
}

/// Extends this server's claim (held until `held_until`) to `until`, as the first write of a
/// batch's transaction; whether it still held it.
pub async fn renew(tx: &mut Tx<'_>, id: i64, held_until: i64, until: i64) -> DomainResult<bool> {
    Ok(sqlx::query(
        "UPDATE newsletters SET claimed_until = $3 WHERE id = $1 AND claimed_until = $2 \
         AND finished_at IS NULL",
    )
    .bind(id)
    .bind(held_until)
    .bind(until)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0)
}

/// Lets go of a newsletter whose writing failed, for the next pass to take up.
pub async fn release(db: &Db, id: i64) -> DomainResult<()> {
    sqlx::query(
        "UPDATE newsletters SET claimed_until = NULL WHERE id = $1 AND finished_at IS NULL",
    )
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Where a newsletter has got to, written with the batch of messages it sent.
pub struct Progress<'a> {
    pub stage: &'a str,
    pub after_id: i64,
    pub added: i64,
    /// The claim this server holds, and the one it takes on.
    pub held_until: i64,
    pub until: i64,
    /// Set when the newsletter is done.
    pub finished: Option<(i64, &'a str)>,
}

/// Moves a newsletter on, if this server still holds it; whether it did.
pub async fn advance(tx: &mut Tx<'_>, id: i64, progress: &Progress<'_>) -> DomainResult<bool> {
    let (finished_at, outcome) = progress.finished.unzip();
    Ok(sqlx::query(
        "UPDATE newsletters SET stage = $3, after_id = $4, recipients = recipients + $5, \
         claimed_until = $6, finished_at = $7, outcome = $8 \
         WHERE id = $1 AND claimed_until = $2",
    )
    .bind(id)
    .bind(progress.held_until)
    .bind(progress.stage)
    .bind(progress.after_id)
    .bind(progress.added)
    .bind(
        progress
            .finished
            .map_or(progress.until, |_| progress.held_until),
    )
    .bind(finished_at)
    .bind(outcome)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0)
}

/// What a post's newsletter has done, for its author.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Report {
    pub id: i64,
    pub recipients: i64,
    pub finished_at: Option<i64>,
    pub outcome: Option<String>,
}

pub async fn report(db: &Db, post_id: i64) -> DomainResult<Option<Report>> {
    Ok(sqlx::query_as(
        "SELECT id, recipients, finished_at, outcome FROM newsletters WHERE post_id = $1",
    )
    .bind(post_id)
    .fetch_optional(db)
    .await?)
}

/// How many of a newsletter's messages have left.
pub async fn delivered(db: &Db, newsletter_id: i64) -> DomainResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE newsletter_id = $1 AND state = 'sent'",
    )
    .bind(newsletter_id)
    .fetch_one(db)
    .await?)
}
