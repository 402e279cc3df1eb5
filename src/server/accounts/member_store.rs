//! The members page's SQL: accounts searched, filtered, sorted and paged, and suspensions.
//! One fixed statement per order (no SQL is built from the request); the filters are bound
//! parameters that switch themselves off when empty.

use super::UserId;
use crate::{
    model::{MemberFilter, MemberSort, Role},
    server::{db::Db, error::DomainResult},
};

/// An account as the members page lists it.
#[derive(sqlx::FromRow)]
pub struct MemberRow {
    pub username: String,
    pub email: String,
    pub role: Role,
    pub published_posts: i64,
    pub created_at: i64,
    pub suspended_at: Option<i64>,
    /// 1 when the account has two-step sign-in on (a primary-key lookup per row shown).
    pub two_step: i64,
}

macro_rules! members_in_order {
    ($order:literal) => {
        concat!(
            "SELECT username, email, role, published_posts, created_at, suspended_at, \
             (SELECT COUNT(*) FROM totp_secrets t \
              WHERE t.user_id = users.id AND t.confirmed_at IS NOT NULL) AS two_step \
             FROM users \
             WHERE deleted_at IS NULL \
               AND ($1 = '' OR lower(username) LIKE $1 ESCAPE '\\' OR lower(email) LIKE $1 ESCAPE '\\') \
               AND ($2 = '' OR role = $2) \
               AND ($3 = 0 OR suspended_at IS NOT NULL) \
             ORDER BY ",
            $order,
            " LIMIT $4 OFFSET $5"
        )
    };
}

/// The members list's statement for each [`MemberSort`], in its order; bound as
/// [`members`] binds them (exposed for the query-plan tests).
pub const MEMBER_LISTS: [(&str, &str); 4] = [
    ("newest", members_in_order!("id DESC")),
    ("oldest", members_in_order!("id")),
    ("name", members_in_order!("lower(username)")),
    ("posts", members_in_order!("published_posts DESC, id DESC")),
];

/// Up to `limit` accounts after the first `offset` in `sort` order, whose username or email
/// contains `search` (already lowercase; empty: any), passing `filter`. Without a search each
/// order is an index read in order, so the page costs what it shows; a search reads accounts
/// in that order until the page is full.
pub async fn members(
    db: &Db,
    search: &str,
    filter: MemberFilter,
    sort: MemberSort,
    limit: i64,
    offset: i64,
) -> DomainResult<Vec<MemberRow>> {
    let sql = MEMBER_LISTS[sort as usize].1;
    let pattern = if search.is_empty() {
        String::new()
    } else {
        format!("%{}%", escape_like(search))
    };
    let (role, suspended_only) = match filter {
        MemberFilter::Everyone => ("", 0_i64),
        MemberFilter::Role(role) => (role.name(), 0),
        MemberFilter::Suspended => ("", 1),
    };
    Ok(sqlx::query_as(sql)
        .bind(pattern)
        .bind(role)
        .bind(suspended_only)
        .bind(limit)
        .bind(offset)
        .fetch_all(db)
        .await?)
}

/// `text` matched literally inside a `LIKE … ESCAPE '\'` pattern.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(character, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}

/// Suspends the account from `now`; false when it already was.
pub async fn suspend<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    id: UserId,
    now: i64,
) -> DomainResult<bool> {
    let changed = sqlx::query(
        "UPDATE users SET suspended_at = $2, updated_at = $2 \
         WHERE id = $1 AND suspended_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(executor)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Lifts the account's suspension; false when it was not suspended.
pub async fn reinstate<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    id: UserId,
    now: i64,
) -> DomainResult<bool> {
    let changed = sqlx::query(
        "UPDATE users SET suspended_at = NULL, updated_at = $2 \
         WHERE id = $1 AND suspended_at IS NOT NULL",
    )
    .bind(id)
    .bind(now)
    .execute(executor)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Every suspended account: a short list, read through its partial index.
pub const SUSPENDED: &str = "SELECT id FROM users WHERE suspended_at IS NOT NULL";

pub async fn suspended(db: &Db) -> DomainResult<Vec<UserId>> {
    Ok(sqlx::query_scalar(SUSPENDED).fetch_all(db).await?)
}

/// Whether the account is suspended, as the database says.
pub async fn is_suspended(db: &Db, id: UserId) -> DomainResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM users WHERE id = $1 AND suspended_at IS NOT NULL",
    )
    .bind(id)
    .fetch_one(db)
    .await?
        > 0)
}

#[cfg(test)]
mod tests {
    use crate::model::MemberSort;

    #[test]
    fn each_order_has_its_statement() {
        for sort in MemberSort::ALL {
            assert_eq!(super::MEMBER_LISTS[sort as usize].0, sort.name());
        }
    }

    #[test]
    fn like_wildcards_are_matched_literally() {
        assert_eq!(super::escape_like("a_b%c\\d"), "a\\_b\\%c\\\\d");
    }
}
