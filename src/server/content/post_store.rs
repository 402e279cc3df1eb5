//! The `posts`, `post_tags`, `tags` and `favorites` tables. Only SQL and row mapping live
//! here; who may see or change what is decided in `posts`.

use std::collections::HashMap;

use super::{Page, markdown::Rendered, moment, rules::PostText};
use crate::{
    model::{PostStatus, PostSummary, Profile, TagCount, reading_minutes},
    server::{
        accounts::UserId,
        db::{Db, violated_constraint},
        error::{DomainError, DomainResult},
    },
};

pub type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;

/// The columns of a post summary; `$viewer` is the placeholder of the viewer's user id.
macro_rules! summary_columns {
    ($viewer:literal) => {
        concat!(
            "p.id, p.slug, p.title, p.description, p.status, p.word_count, ",
            "p.created_at, p.updated_at, p.published_at, p.author_id, ",
            "u.username AS author_username, u.bio AS author_bio, u.image AS author_image, ",
            "(SELECT COUNT(*) FROM favorites f WHERE f.post_id = p.id) AS favorites_count, ",
            "(SELECT COUNT(*) FROM favorites f WHERE f.post_id = p.id AND f.user_id = ",
            $viewer,
            ") AS favorited, ",
            "(SELECT COUNT(*) FROM follows fo WHERE fo.followee_id = p.author_id AND fo.follower_id = ",
            $viewer,
            ") AS author_followed"
        )
    };
}

/// Which posts a list holds; `$1`..`$6` in every list query.
macro_rules! list_filter {
    () => {
        concat!(
            " FROM posts p JOIN users u ON u.id = p.author_id",
            " WHERE p.status = $1",
            " AND ($2 IS NULL OR lower(u.username) = lower($2))",
            " AND ($3 IS NULL OR p.author_id = $3)",
            " AND ($4 IS NULL OR EXISTS (SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id",
            "      WHERE pt.post_id = p.id AND lower(t.name) = lower($4)))",
            " AND ($5 IS NULL OR EXISTS (SELECT 1 FROM favorites f JOIN users fu ON fu.id = f.user_id",
            "      WHERE f.post_id = p.id AND lower(fu.username) = lower($5)))",
            " AND ($6 IS NULL OR EXISTS (SELECT 1 FROM follows fo",
            "      WHERE fo.follower_id = $6 AND fo.followee_id = p.author_id))"
        )
    };
}

macro_rules! list_order {
    () => {
        " ORDER BY COALESCE(p.published_at, p.created_at) DESC, p.id DESC LIMIT $7 OFFSET $8"
    };
}

#[derive(Debug, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    slug: String,
    title: String,
    description: String,
    pub status: PostStatus,
    word_count: i64,
    created_at: i64,
    updated_at: i64,
    published_at: Option<i64>,
    pub author_id: UserId,
    author_username: String,
    author_bio: Option<String>,
    author_image: Option<String>,
    favorites_count: i64,
    favorited: i64,
    author_followed: i64,
}

impl SummaryRow {
    pub fn into_summary(self, tags: Vec<String>) -> PostSummary {
        PostSummary {
            status: self.status,
            slug: self.slug,
            title: self.title,
            description: self.description,
            tags,
            author: Profile {
                username: self.author_username,
                bio: self.author_bio,
                image: self.author_image,
                following: self.author_followed > 0,
            },
            created: moment(self.created_at),
            updated: moment(self.updated_at),
            published: self.published_at.map(moment),
            reading_minutes: reading_minutes(self.word_count),
            favorites_count: self.favorites_count,
            favorited: self.favorited > 0,
        }
    }
}

/// A post with its text, as a reader or the editor gets it.
#[derive(sqlx::FromRow)]
pub struct PostRow {
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    pub body: String,
    pub body_html: String,
}

/// The columns an edit or an import starts from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredPost {
    pub id: i64,
    pub author_id: UserId,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub body: String,
    pub status: PostStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
}

/// A post's row as it is written, first or again.
pub struct PostWrite<'a> {
    pub slug: &'a str,
    pub text: &'a PostText,
    pub rendered: &'a Rendered,
    pub status: PostStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
}

pub async fn insert(tx: &mut Tx<'_>, author: UserId, row: PostWrite<'_>) -> DomainResult<i64> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO posts (author_id, slug, title, description, body, body_html, word_count, \
                            status, created_at, updated_at, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(author)
    .bind(row.slug)
    .bind(&row.text.title)
    .bind(&row.text.description)
    .bind(&row.text.body)
    .bind(&row.rendered.html)
    .bind(row.rendered.word_count)
    .bind(row.status)
    .bind(row.created_at)
    .bind(row.updated_at)
    .bind(row.published_at)
    .fetch_one(&mut **tx)
    .await
    .map_err(slug_taken_or_internal)
}

pub async fn update(tx: &mut Tx<'_>, id: i64, row: PostWrite<'_>) -> DomainResult<()> {
    sqlx::query(
        "UPDATE posts SET slug = $1, title = $2, description = $3, body = $4, body_html = $5, \
                word_count = $6, status = $7, created_at = $8, updated_at = $9, \
                published_at = $10 \
         WHERE id = $11",
    )
    .bind(row.slug)
    .bind(&row.text.title)
    .bind(&row.text.description)
    .bind(&row.text.body)
    .bind(&row.rendered.html)
    .bind(row.rendered.word_count)
    .bind(row.status)
    .bind(row.created_at)
    .bind(row.updated_at)
    .bind(row.published_at)
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(slug_taken_or_internal)?;
    Ok(())
}

/// Another post took the slug between the check and the write.
fn slug_taken_or_internal(error: sqlx::Error) -> DomainError {
    match violated_constraint(&error).as_deref() {
        Some("posts_slug_key" | "posts.slug") => DomainError::Taken { field: "slug" },
        _ => error.into(),
    }
}

pub async fn delete(db: &Db, id: i64) -> DomainResult<()> {
    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn find(db: &Db, slug: &str, viewer: Option<UserId>) -> DomainResult<Option<PostRow>> {
    Ok(sqlx::query_as::<_, PostRow>(concat!(
        "SELECT ",
        summary_columns!("$2"),
        ", p.body, p.body_html FROM posts p JOIN users u ON u.id = p.author_id WHERE p.slug = $1"
    ))
    .bind(slug)
    .bind(viewer)
    .fetch_optional(db)
    .await?)
}

pub async fn stored<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    slug: &str,
) -> DomainResult<Option<StoredPost>> {
    Ok(sqlx::query_as::<_, StoredPost>(
        "SELECT id, author_id, slug, title, description, body, status, created_at, updated_at, \
                published_at FROM posts WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(executor)
    .await?)
}

/// Every post, drafts too, oldest first.
pub async fn all(db: &Db) -> DomainResult<Vec<StoredPost>> {
    Ok(sqlx::query_as::<_, StoredPost>(
        "SELECT id, author_id, slug, title, description, body, status, created_at, updated_at, \
                published_at FROM posts ORDER BY COALESCE(published_at, created_at), id",
    )
    .fetch_all(db)
    .await?)
}

pub async fn slug_taken(db: &Db, slug: &str, except: Option<i64>) -> DomainResult<bool> {
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE slug = $1 AND id <> $2")
        .bind(slug)
        .bind(except.unwrap_or(0))
        .fetch_one(db)
        .await?;
    Ok(taken > 0)
}

/// Which published posts (or one author's drafts) a list holds.
pub struct ListQuery<'a> {
    pub status: PostStatus,
    pub author: Option<&'a str>,
    pub author_id: Option<UserId>,
    pub tag: Option<&'a str>,
    pub favorited_by: Option<&'a str>,
    pub followed_by: Option<UserId>,
}

/// One page of a list, the size of the whole list, and the page's tags.
pub struct ListedPage {
    pub rows: Vec<SummaryRow>,
    pub total: i64,
    pub tags: HashMap<i64, Vec<String>>,
}

impl ListQuery<'_> {
    fn bind<'q, O>(
        &self,
        query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments>,
    ) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments> {
        query
            .bind(self.status)
            .bind(self.author.map(str::to_owned))
            .bind(self.author_id)
            .bind(self.tag.map(str::to_owned))
            .bind(self.favorited_by.map(str::to_owned))
            .bind(self.followed_by)
    }

    pub async fn run(
        &self,
        db: &Db,
        viewer: Option<UserId>,
        page: Page,
    ) -> DomainResult<ListedPage> {
        let (total,): (i64,) = self
            .bind(sqlx::query_as(concat!("SELECT COUNT(*)", list_filter!())))
            .fetch_one(db)
            .await?;
        let rows: Vec<SummaryRow> = self
            .bind(sqlx::query_as(concat!(
                "SELECT ",
                summary_columns!("$9"),
                list_filter!(),
                list_order!()
            )))
            .bind(page.limit)
            .bind(page.offset)
            .bind(viewer)
            .fetch_all(db)
            .await?;
        // The tags of the whole page in one query, selecting the page's posts again.
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        let tag_rows: Vec<(i64, String)> = self
            .bind(sqlx::query_as(concat!(
                "SELECT pt.post_id, t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id",
                " WHERE pt.post_id IN (SELECT p.id",
                list_filter!(),
                list_order!(),
                ") ORDER BY pt.post_id, pt.position"
            )))
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(db)
            .await?;
        for (post_id, name) in tag_rows {
            tags.entry(post_id).or_default().push(name);
        }
        Ok(ListedPage { rows, total, tags })
    }
}

pub async fn tags_of<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    post_id: i64,
) -> DomainResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id \
         WHERE pt.post_id = $1 ORDER BY pt.position",
    )
    .bind(post_id)
    .fetch_all(executor)
    .await?)
}

/// Every post's tags, for exporting the whole blog.
pub async fn all_tags(db: &Db) -> DomainResult<HashMap<i64, Vec<String>>> {
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT pt.post_id, t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id \
         ORDER BY pt.post_id, pt.position",
    )
    .fetch_all(db)
    .await?;
    for (post_id, name) in rows {
        tags.entry(post_id).or_default().push(name);
    }
    Ok(tags)
}

pub async fn replace_tags(tx: &mut Tx<'_>, post_id: i64, tags: &[String]) -> DomainResult<()> {
    sqlx::query("DELETE FROM post_tags WHERE post_id = $1")
        .bind(post_id)
        .execute(&mut **tx)
        .await?;
    // Names that differ in Rust's case folding may still be one tag to the database's
    // lower(); each tag goes on the post once.
    let mut attached = std::collections::HashSet::new();
    for (position, name) in tags.iter().enumerate() {
        sqlx::query("INSERT INTO tags (name) VALUES ($1) ON CONFLICT DO NOTHING")
            .bind(name)
            .execute(&mut **tx)
            .await?;
        let tag_id: i64 = sqlx::query_scalar("SELECT id FROM tags WHERE lower(name) = lower($1)")
            .bind(name)
            .fetch_one(&mut **tx)
            .await?;
        if !attached.insert(tag_id) {
            continue;
        }
        sqlx::query("INSERT INTO post_tags (post_id, tag_id, position) VALUES ($1, $2, $3)")
            .bind(post_id)
            .bind(tag_id)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The id of a published post.
pub async fn published_id(db: &Db, slug: &str) -> DomainResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM posts WHERE slug = $1 AND status = 'published'")
            .bind(slug)
            .fetch_optional(db)
            .await?,
    )
}

pub async fn set_favorite(
    db: &Db,
    user: UserId,
    post_id: i64,
    favorite: bool,
    now: i64,
) -> DomainResult<()> {
    if favorite {
        sqlx::query(
            "INSERT INTO favorites (user_id, post_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(user)
        .bind(post_id)
        .bind(now)
        .execute(db)
        .await?;
    } else {
        sqlx::query("DELETE FROM favorites WHERE user_id = $1 AND post_id = $2")
            .bind(user)
            .bind(post_id)
            .execute(db)
            .await?;
    }
    Ok(())
}

/// The `limit` tags most used on published posts, most used first.
pub async fn tag_counts(db: &Db, limit: i64) -> DomainResult<Vec<TagCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT t.name, COUNT(*) AS uses FROM tags t \
         JOIN post_tags pt ON pt.tag_id = t.id \
         JOIN posts p ON p.id = pt.post_id AND p.status = 'published' \
         GROUP BY t.id, t.name ORDER BY uses DESC, lower(t.name) LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, posts)| TagCount { name, posts })
        .collect())
}
