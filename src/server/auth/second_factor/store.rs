//! The `totp_secrets`, `recovery_codes` and `sign_in_challenges` tables. Only SQL lives here;
//! every "use once" is a conditional write, so two servers never both accept one code.

use crate::server::{accounts::UserId, db::Db, error::DomainResult};

/// The account's TOTP secret and whether a first code confirmed it.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredTotp {
    pub secret: String,
    pub confirmed_at: Option<i64>,
}

pub async fn totp(db: &Db, user: UserId) -> DomainResult<Option<StoredTotp>> {
    Ok(
        sqlx::query_as("SELECT secret, confirmed_at FROM totp_secrets WHERE user_id = $1")
            .bind(user)
            .fetch_optional(db)
            .await?,
    )
}

/// Keeps a new, unconfirmed secret, unless a confirmed one is kept (then false).
pub async fn put_pending_totp(db: &Db, user: UserId, secret: &str, now: i64) -> DomainResult<bool> {
    let written = sqlx::query(
        "INSERT INTO totp_secrets (user_id, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, \
         created_at = excluded.created_at, last_step = 0 \
         WHERE totp_secrets.confirmed_at IS NULL",
    )
    .bind(user)
    .bind(secret)
    .bind(now)
    .execute(db)
    .await?;
    Ok(written.rows_affected() == 1)
}

/// Accepts a code for `step` if no code was accepted for it or a later step (and, with
/// `confirming`, marks the secret confirmed). False when another request used it first.
pub async fn use_step(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    user: UserId,
    step: i64,
    now: i64,
    confirming: bool,
) -> DomainResult<bool> {
    let sql = if confirming {
        "UPDATE totp_secrets SET last_step = $2, confirmed_at = $3 \
         WHERE user_id = $1 AND last_step < $2 AND confirmed_at IS NULL"
    } else {
        "UPDATE totp_secrets SET last_step = $2 \
         WHERE user_id = $1 AND last_step < $2 AND confirmed_at IS NOT NULL"
    };
    let written = sqlx::query(sql)
        .bind(user)
        .bind(step)
        .bind(now)
        .execute(executor)
        .await?;
    Ok(written.rows_affected() == 1)
}

/// Forgets the account's TOTP secret and recovery codes; false when it had no secret.
pub async fn remove_all(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: UserId,
) -> DomainResult<bool> {
    let removed = sqlx::query("DELETE FROM totp_secrets WHERE user_id = $1")
        .bind(user)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user)
        .execute(&mut **tx)
        .await?;
    Ok(removed.rows_affected() == 1)
}

/// Replaces the account's recovery codes with `digests`.
pub async fn replace_recovery_codes(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: UserId,
    digests: &[String],
    now: i64,
) -> DomainResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user)
        .execute(&mut **tx)
        .await?;
    for digest in digests {
        sqlx::query(
            "INSERT INTO recovery_codes (code_hash, user_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(digest)
        .bind(user)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Uses one of the account's recovery codes; false when it is not one, or was used.
pub async fn use_recovery_code(
    db: &Db,
    user: UserId,
    digest: &str,
    now: i64,
) -> DomainResult<bool> {
    let written = sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 \
         WHERE code_hash = $1 AND user_id = $2 AND used_at IS NULL",
    )
    .bind(digest)
    .bind(user)
    .bind(now)
    .execute(db)
    .await?;
    Ok(written.rows_affected() == 1)
}

/// How many of the account's recovery codes are still unused (through
/// `recovery_codes_by_account`; ten at most).
pub async fn recovery_codes_left(db: &Db, user: UserId) -> DomainResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user)
    .fetch_one(db)
    .await?)
}

pub async fn open_challenge(
    db: &Db,
    digest: &str,
    user: UserId,
    now: i64,
    expires_at: i64,
) -> DomainResult<()> {
    sqlx::query(
        "INSERT INTO sign_in_challenges (token_hash, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(digest)
    .bind(user)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(())
}

/// The account a live challenge is for.
pub async fn challenged(db: &Db, digest: &str, now: i64) -> DomainResult<Option<UserId>> {
    Ok(sqlx::query_scalar(
        "SELECT user_id FROM sign_in_challenges WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(digest)
    .bind(now)
    .fetch_optional(db)
    .await?)
}

/// Ends a live challenge; false when it had ended (used by another request, or expired).
pub async fn close_challenge(db: &Db, digest: &str, now: i64) -> DomainResult<bool> {
    let written =
        sqlx::query("DELETE FROM sign_in_challenges WHERE token_hash = $1 AND expires_at > $2")
            .bind(digest)
            .bind(now)
            .execute(db)
            .await?;
    Ok(written.rows_affected() == 1)
}

/// Forgets challenges that expired before `before` (through `sign_in_challenges_by_expiry`).
pub async fn prune_challenges(db: &Db, before: i64) -> DomainResult<u64> {
    let written = sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at < $1")
        .bind(before)
        .execute(db)
        .await?;
    Ok(written.rows_affected())
}
