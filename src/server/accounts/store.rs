//! The `users` and `setup_links` tables. Only SQL lives here; the rules are in `rules` and
//! the services.

use super::{Account, UserId};
use crate::{
    model::Role,
    server::{
        db::{Db, violated_constraint},
        error::{DomainError, DomainResult},
    },
};

pub struct NewRow<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub now: i64,
}

pub async fn insert<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    row: NewRow<'_>,
) -> DomainResult<UserId> {
    let inserted = sqlx::query_scalar::<_, UserId>(
        "INSERT INTO users (username, email, password_hash, role, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(row.username)
    .bind(row.email)
    .bind(row.password_hash)
    .bind(row.role)
    .bind(row.now)
    .fetch_one(executor)
    .await;
    inserted.map_err(taken_or_internal)
}

pub async fn find(db: &Db, id: UserId) -> DomainResult<Option<Account>> {
    Ok(sqlx::query_as::<_, Account>(
        "SELECT id, username, email, bio, image, role, banned_at FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// The id and password hash of the account a login (username or email, any case) names.
pub async fn credentials(db: &Db, login: &str) -> DomainResult<Option<(UserId, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, password_hash FROM users \
         WHERE (lower(username) = lower($1) OR lower(email) = lower($1)) AND deleted_at IS NULL",
    )
    .bind(login)
    .fetch_optional(db)
    .await?)
}

/// The account a login (username or email, any case) names, if any.
pub async fn id_by_login(db: &Db, login: &str) -> DomainResult<Option<UserId>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($1)",
    )
    .bind(login)
    .fetch_optional(db)
    .await?)
}

pub async fn password_hash(db: &Db, id: UserId) -> DomainResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

/// The profile fields as they are to be stored; `password_hash` `None` keeps the password.
pub struct ProfileRow<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub bio: Option<&'a str>,
    pub image: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub now: i64,
}

pub async fn update<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    id: UserId,
    row: ProfileRow<'_>,
) -> DomainResult<()> {
    sqlx::query(
        "UPDATE users SET username = $1, email = $2, bio = $3, image = $4, \
                password_hash = COALESCE($5, password_hash), updated_at = $6 WHERE id = $7",
    )
    .bind(row.username)
    .bind(row.email)
    .bind(row.bio)
    .bind(row.image)
    .bind(row.password_hash)
    .bind(row.now)
    .bind(id)
    .execute(executor)
    .await
    .map_err(taken_or_internal)?;
    Ok(())
}

pub async fn set_password_hash<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    id: UserId,
    hash: &str,
    now: i64,
) -> DomainResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now)
        .bind(id)
        .execute(executor)
        .await?;
    Ok(())
}

pub async fn username_taken(db: &Db, username: &str) -> DomainResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM users WHERE lower(username) = lower($1)",
        )
        .bind(username)
        .fetch_one(db)
        .await?
            > 0,
    )
}

pub async fn email_taken(db: &Db, email: &str) -> DomainResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE lower(email) = lower($1)")
            .bind(email)
            .fetch_one(db)
            .await?
            > 0,
    )
}

/// Gives the account `id` the role, unless that would leave the site without an admin.
/// Returns whether it changed a row: `false` when the account is the last admin.
pub async fn set_role<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    id: UserId,
    role: Role,
    now: i64,
) -> DomainResult<bool> {
    let changed = sqlx::query(
        "UPDATE users SET role = $1, updated_at = $3 WHERE id = $2 \
         AND ($1 = 'admin' OR role <> 'admin' \
              OR EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND id <> $2))",
    )
    .bind(role)
    .bind(id)
    .bind(now)
    .execute(executor)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

pub async fn id_by_username(db: &Db, username: &str) -> DomainResult<Option<UserId>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM users WHERE lower(username) = lower($1) AND deleted_at IS NULL",
    )
    .bind(username.trim())
    .fetch_optional(db)
    .await?)
}

pub async fn first_admin(db: &Db) -> DomainResult<Option<UserId>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1")
            .fetch_optional(db)
            .await?,
    )
}

/// A clash with the unique indexes of `migrations/*/0001_users.sql`, told apart by name.
fn taken_or_internal(error: sqlx::Error) -> DomainError {
    match violated_constraint(&error).as_deref() {
        Some("users_username_key") => DomainError::Taken { field: "username" },
        Some("users_email_key") => DomainError::Taken { field: "email" },
        _ => error.into(),
    }
}

pub async fn admin_exists<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
) -> DomainResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE role = 'admin'")
            .fetch_one(executor)
            .await?
            > 0,
    )
}

/// Keeps a new setup link's digest, and forgets the links that have expired.
pub async fn add_setup_link(db: &Db, digest: &str, now: i64, expires_at: i64) -> DomainResult<()> {
    sqlx::query("DELETE FROM setup_links WHERE expires_at <= $1")
        .bind(now)
        .execute(db)
        .await?;
    sqlx::query("INSERT INTO setup_links (token_hash, created_at, expires_at) VALUES ($1, $2, $3)")
        .bind(digest)
        .bind(now)
        .bind(expires_at)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether a setup link with this digest is unexpired.
pub async fn setup_link_valid(db: &Db, digest: &str, now: i64) -> DomainResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM setup_links WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(digest)
    .bind(now)
    .fetch_one(db)
    .await?
        > 0)
}

/// Uses up the setup link with this digest, if it is unexpired: whether it was.
pub async fn take_setup_link(
    tx: &mut sqlx::AnyConnection,
    digest: &str,
    now: i64,
) -> DomainResult<bool> {
    Ok(
        sqlx::query("DELETE FROM setup_links WHERE token_hash = $1 AND expires_at > $2")
            .bind(digest)
            .bind(now)
            .execute(tx)
            .await?
            .rows_affected()
            > 0,
    )
}

/// Forgets every setup link: the site has its owner.
pub async fn clear_setup_links<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
) -> DomainResult<()> {
    sqlx::query("DELETE FROM setup_links")
        .execute(executor)
        .await?;
    Ok(())
}

/// Deletes what the account was and keeps only its id, as a tombstone: a name and address no
/// one can sign up with (they hold a space), no password, suspended for good. Ids are never
/// used again (SQLite would hand the highest one to the next sign-up if the row went), so an
/// access token signed for the account, checked without the database, names no one else.
/// Its favorites, follows, comments and uploads go; its posts must have been handed over or
/// deleted first.
pub async fn tombstone(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: UserId,
    now: i64,
) -> DomainResult<()> {
    for statement in [
        "DELETE FROM favorites WHERE user_id = $1",
        "DELETE FROM follows WHERE follower_id = $1 OR followee_id = $1",
        "DELETE FROM comments WHERE author_id = $1",
        "DELETE FROM uploads WHERE user_id = $1",
    ] {
        sqlx::query(statement).bind(id).execute(&mut **tx).await?;
    }
    sqlx::query(
        "UPDATE users SET username = 'deleted #' || CAST(id AS TEXT), \
             email = 'deleted #' || CAST(id AS TEXT), password_hash = '', bio = NULL, \
             image = NULL, role = 'contributor', published_posts = 0, favorited_published = 0, \
             suspended_at = COALESCE(suspended_at, $2), deleted_at = $2, updated_at = $2 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The account with this email address, in any case.
pub async fn id_by_email(db: &Db, email: &str) -> DomainResult<Option<UserId>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM users WHERE lower(email) = lower($1)")
            .bind(email)
            .fetch_optional(db)
            .await?,
    )
}

/// Whether another account than `id` has this address.
pub async fn email_taken_by_other<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    email: &str,
    id: UserId,
) -> DomainResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM users WHERE lower(email) = lower($1) AND id <> $2",
    )
    .bind(email)
    .bind(id)
    .fetch_one(executor)
    .await?
        > 0)
}
