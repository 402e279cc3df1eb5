//! Posts: writing, publishing, reading and listing them, with their tags and favorites.
//!
//! Who sees what: published posts are public; a draft is seen only by its author and by
//! admins, and never appears in a public list. Only the author or an admin changes a post.

use std::collections::HashMap;

use super::{ContentError, Page, Resource, markdown, moment, slugs};
use crate::{
    model::{
        Post, PostDraft, PostPage, PostStatus, PostSummary, Profile, TagCount, reading_minutes,
    },
    server::{
        auth::{UserId, now_millis},
        db::Db,
        users,
    },
};

pub const TITLE_MAX_CHARS: usize = 200;
pub const DESCRIPTION_MAX_CHARS: usize = 500;
pub const BODY_MAX_CHARS: usize = 200_000;
pub const TAG_MAX_CHARS: usize = 40;
pub const MAX_TAGS: usize = 10;

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
struct SummaryRow {
    id: i64,
    slug: String,
    title: String,
    description: String,
    status: String,
    word_count: i64,
    created_at: i64,
    updated_at: i64,
    published_at: Option<i64>,
    author_id: i64,
    author_username: String,
    author_bio: Option<String>,
    author_image: Option<String>,
    favorites_count: i64,
    favorited: i64,
    author_followed: i64,
}

impl SummaryRow {
    fn status(&self) -> PostStatus {
        status_from_column(&self.status)
    }

    fn into_summary(self, tags: Vec<String>) -> PostSummary {
        PostSummary {
            status: self.status(),
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

/// Public lists: every published post, or those with a tag, by an author, or favorited by
/// someone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub tag: Option<String>,
    pub author: Option<String>,
    pub favorited_by: Option<String>,
}

/// Changes to a post; `None` leaves a part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub body: Option<String>,
    pub tags: Option<Vec<String>>,
    pub status: Option<PostStatus>,
}

/// Writes a new post. Its slug comes from the title and is made unique with a suffix.
pub async fn create(
    db: &Db,
    author: UserId,
    draft: PostDraft,
    status: PostStatus,
) -> Result<Post, ContentError> {
    let fields = Fields::validate(draft.title, draft.description, draft.body, status)?;
    let tags = clean_tags(draft.tags)?;
    let slug = slugs::unique(db, &slugs::base(&fields.title), None).await?;
    let now = now_millis();
    let published_at = (status == PostStatus::Published).then_some(now);
    let rendered = markdown::render_off_runtime(fields.body.clone()).await;
    let mut tx = db.begin().await?;
    let row = NewRow {
        author,
        slug: &slug,
        fields: &fields,
        rendered: &rendered,
        status,
        created_at: now,
        updated_at: now,
        published_at,
    };
    let id = insert(&mut tx, row).await?;
    replace_tags(&mut tx, id, &tags).await?;
    tx.commit().await?;
    find_any(db, &slug, Some(author)).await
}

/// A post's row as it is first written; the editor and `blog import` both write through it.
pub(super) struct NewRow<'a> {
    pub author: UserId,
    pub slug: &'a str,
    pub fields: &'a Fields,
    pub rendered: &'a markdown::Rendered,
    pub status: PostStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
}

pub(super) async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    row: NewRow<'_>,
) -> Result<i64, ContentError> {
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO posts (author_id, slug, title, description, body, body_html, word_count, \
                            status, created_at, updated_at, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(row.author.0)
    .bind(row.slug)
    .bind(&row.fields.title)
    .bind(&row.fields.description)
    .bind(&row.fields.body)
    .bind(&row.rendered.html)
    .bind(row.rendered.word_count)
    .bind(status_name(row.status))
    .bind(row.created_at)
    .bind(row.updated_at)
    .bind(row.published_at)
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok(id) => Ok(id),
        // Another post took the slug between the check and the insert.
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            Err(ContentError::Taken { field: "slug" })
        }
        Err(error) => Err(error.into()),
    }
}

/// Applies changes to a post the actor may edit. A draft that was never published takes a
/// new slug when its title changes; once published, a post keeps its address for good.
pub async fn update(
    db: &Db,
    actor: UserId,
    slug: &str,
    changes: PostChanges,
) -> Result<Post, ContentError> {
    let stored = editable(db, actor, slug).await?;
    let status = changes.status.unwrap_or(stored.status());
    let fields = Fields::validate(
        changes.title.unwrap_or(stored.title.clone()),
        changes.description.unwrap_or(stored.description.clone()),
        changes.body.unwrap_or(stored.body.clone()),
        status,
    )?;
    let tags = changes.tags.map(clean_tags).transpose()?;
    let new_slug = if stored.published_at.is_none() && fields.title != stored.title {
        slugs::unique(db, &slugs::base(&fields.title), Some(stored.id)).await?
    } else {
        stored.slug.clone()
    };
    let now = now_millis();
    let published_at = match (status, stored.published_at) {
        (PostStatus::Published, None) => Some(now),
        (_, earlier) => earlier,
    };
    let rendered = markdown::render_off_runtime(fields.body.clone()).await;
    let mut tx = db.begin().await?;
    let updated = sqlx::query(
        "UPDATE posts SET slug = $1, title = $2, description = $3, body = $4, body_html = $5, \
                word_count = $6, status = $7, updated_at = $8, published_at = $9 \
         WHERE id = $10",
    )
    .bind(&new_slug)
    .bind(&fields.title)
    .bind(&fields.description)
    .bind(&fields.body)
    .bind(&rendered.html)
    .bind(rendered.word_count)
    .bind(status_name(status))
    .bind(now)
    .bind(published_at)
    .bind(stored.id)
    .execute(&mut *tx)
    .await;
    match updated {
        Ok(_) => {}
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            return Err(ContentError::Taken { field: "slug" });
        }
        Err(error) => return Err(error.into()),
    }
    if let Some(tags) = &tags {
        replace_tags(&mut tx, stored.id, tags).await?;
    }
    tx.commit().await?;
    find_any(db, &new_slug, Some(actor)).await
}

pub async fn delete(db: &Db, actor: UserId, slug: &str) -> Result<(), ContentError> {
    let stored = editable(db, actor, slug).await?;
    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(stored.id)
        .execute(db)
        .await?;
    Ok(())
}

/// A post as `viewer` may see it: published, or a draft of theirs (or any draft, for admins).
pub async fn find(db: &Db, slug: &str, viewer: Option<UserId>) -> Result<Post, ContentError> {
    find_any(db, slug, viewer).await
}

/// A post as the editor loads it: only for its author or an admin.
pub async fn for_editing(db: &Db, actor: UserId, slug: &str) -> Result<Post, ContentError> {
    editable(db, actor, slug).await?;
    find_any(db, slug, Some(actor)).await
}

/// Only published posts: what the REST API and feeds serve, where drafts do not exist.
pub async fn find_published(
    db: &Db,
    slug: &str,
    viewer: Option<UserId>,
) -> Result<Post, ContentError> {
    let post = find_any(db, slug, viewer).await?;
    if post.summary.status == PostStatus::Published {
        Ok(post)
    } else {
        Err(ContentError::NotFound(Resource::Article))
    }
}

async fn find_any(db: &Db, slug: &str, viewer: Option<UserId>) -> Result<Post, ContentError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        summary: SummaryRow,
        body: String,
        body_html: String,
    }
    let row = sqlx::query_as::<_, Row>(concat!(
        "SELECT ",
        summary_columns!("$2"),
        ", p.body, p.body_html FROM posts p JOIN users u ON u.id = p.author_id WHERE p.slug = $1"
    ))
    .bind(slug)
    .bind(viewer.map(|id| id.0))
    .fetch_optional(db)
    .await?
    .ok_or(ContentError::NotFound(Resource::Article))?;
    if row.summary.status() == PostStatus::Draft
        && !may_see_draft(db, viewer, row.summary.author_id).await?
    {
        // A draft does not exist for anyone else.
        return Err(ContentError::NotFound(Resource::Article));
    }
    let tags = tags_of_post(db, row.summary.id).await?;
    Ok(Post {
        summary: row.summary.into_summary(tags),
        body: row.body,
        body_html: row.body_html,
    })
}

async fn may_see_draft(
    db: &Db,
    viewer: Option<UserId>,
    author_id: i64,
) -> Result<bool, ContentError> {
    Ok(match viewer {
        None => false,
        Some(viewer) if viewer.0 == author_id => true,
        Some(viewer) => users::is_admin(db, viewer).await?,
    })
}

/// Published posts, newest first.
pub async fn list(
    db: &Db,
    filter: &ListFilter,
    viewer: Option<UserId>,
    page: Page,
) -> Result<PostPage, ContentError> {
    let query = Query {
        status: PostStatus::Published,
        author: filter.author.as_deref(),
        author_id: None,
        tag: filter.tag.as_deref(),
        favorited_by: filter.favorited_by.as_deref(),
        followed_by: None,
    };
    query.run(db, viewer, page).await
}

/// Published posts by the authors `viewer` follows, newest first.
pub async fn feed(db: &Db, viewer: UserId, page: Page) -> Result<PostPage, ContentError> {
    let query = Query {
        status: PostStatus::Published,
        author: None,
        author_id: None,
        tag: None,
        favorited_by: None,
        followed_by: Some(viewer),
    };
    query.run(db, Some(viewer), page).await
}

/// The author's own drafts, most recently created first.
pub async fn drafts(db: &Db, author: UserId, page: Page) -> Result<PostPage, ContentError> {
    let query = Query {
        status: PostStatus::Draft,
        author: None,
        author_id: Some(author),
        tag: None,
        favorited_by: None,
        followed_by: None,
    };
    query.run(db, Some(author), page).await
}

struct Query<'a> {
    status: PostStatus,
    author: Option<&'a str>,
    author_id: Option<UserId>,
    tag: Option<&'a str>,
    favorited_by: Option<&'a str>,
    followed_by: Option<UserId>,
}

impl Query<'_> {
    fn bind<'q, O>(
        &self,
        query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments>,
    ) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments> {
        query
            .bind(status_name(self.status))
            .bind(self.author.map(str::to_owned))
            .bind(self.author_id.map(|id| id.0))
            .bind(self.tag.map(str::to_owned))
            .bind(self.favorited_by.map(str::to_owned))
            .bind(self.followed_by.map(|id| id.0))
    }

    async fn run(
        &self,
        db: &Db,
        viewer: Option<UserId>,
        page: Page,
    ) -> Result<PostPage, ContentError> {
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
            .bind(viewer.map(|id| id.0))
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
        let posts = rows
            .into_iter()
            .map(|row| {
                let tags = tags.remove(&row.id).unwrap_or_default();
                row.into_summary(tags)
            })
            .collect();
        Ok(PostPage {
            posts,
            total,
            per_page: page.limit,
        })
    }
}

/// Marks or unmarks a post the user can see as a favorite.
pub async fn set_favorite(
    db: &Db,
    user: UserId,
    slug: &str,
    favorite: bool,
) -> Result<Post, ContentError> {
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM posts WHERE slug = $1 AND status = 'published'")
            .bind(slug)
            .fetch_optional(db)
            .await?
            .ok_or(ContentError::NotFound(Resource::Article))?;
    if favorite {
        sqlx::query(
            "INSERT INTO favorites (user_id, post_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(user.0)
        .bind(id)
        .bind(now_millis())
        .execute(db)
        .await?;
    } else {
        sqlx::query("DELETE FROM favorites WHERE user_id = $1 AND post_id = $2")
            .bind(user.0)
            .bind(id)
            .execute(db)
            .await?;
    }
    find_published(db, slug, Some(user)).await
}

/// Tags in use on published posts, most used first.
pub async fn tags(db: &Db) -> Result<Vec<TagCount>, ContentError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT t.name, COUNT(*) AS uses FROM tags t \
         JOIN post_tags pt ON pt.tag_id = t.id \
         JOIN posts p ON p.id = pt.post_id AND p.status = 'published' \
         GROUP BY t.id, t.name ORDER BY uses DESC, lower(t.name)",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, posts)| TagCount { name, posts })
        .collect())
}

/// The id and author of a post `viewer` can see, for the things that hang off it.
pub(super) struct VisiblePost {
    pub id: i64,
    pub author_id: i64,
    pub status: PostStatus,
}

pub(super) async fn visible(
    db: &Db,
    slug: &str,
    viewer: Option<UserId>,
) -> Result<VisiblePost, ContentError> {
    let (id, author_id, status): (i64, i64, String) =
        sqlx::query_as("SELECT id, author_id, status FROM posts WHERE slug = $1")
            .bind(slug)
            .fetch_optional(db)
            .await?
            .ok_or(ContentError::NotFound(Resource::Article))?;
    let status = status_from_column(&status);
    if status == PostStatus::Draft && !may_see_draft(db, viewer, author_id).await? {
        return Err(ContentError::NotFound(Resource::Article));
    }
    Ok(VisiblePost {
        id,
        author_id,
        status,
    })
}

/// The columns an edit starts from.
#[derive(Debug, sqlx::FromRow)]
struct StoredPost {
    id: i64,
    author_id: i64,
    slug: String,
    title: String,
    description: String,
    body: String,
    status: String,
    published_at: Option<i64>,
}

impl StoredPost {
    fn status(&self) -> PostStatus {
        status_from_column(&self.status)
    }
}

/// The post, if `actor` may change it: its author or an admin. Others learn that a published
/// post is not theirs (403); someone else's draft stays invisible (404).
async fn editable(db: &Db, actor: UserId, slug: &str) -> Result<StoredPost, ContentError> {
    let stored = sqlx::query_as::<_, StoredPost>(
        "SELECT id, author_id, slug, title, description, body, status, published_at \
         FROM posts WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(db)
    .await?
    .ok_or(ContentError::NotFound(Resource::Article))?;
    if stored.author_id == actor.0 || users::is_admin(db, actor).await? {
        Ok(stored)
    } else if stored.status() == PostStatus::Draft {
        Err(ContentError::NotFound(Resource::Article))
    } else {
        Err(ContentError::Forbidden(Resource::Article))
    }
}

async fn tags_of_post(db: &Db, post_id: i64) -> Result<Vec<String>, ContentError> {
    Ok(sqlx::query_scalar(
        "SELECT t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id \
         WHERE pt.post_id = $1 ORDER BY pt.position",
    )
    .bind(post_id)
    .fetch_all(db)
    .await?)
}

pub(super) async fn replace_tags(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    post_id: i64,
    tags: &[String],
) -> Result<(), ContentError> {
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

/// The status as the `status` column stores it.
pub(super) fn status_from_column(name: &str) -> PostStatus {
    if name == "published" {
        PostStatus::Published
    } else {
        PostStatus::Draft
    }
}

pub(super) fn status_name(status: PostStatus) -> &'static str {
    match status {
        PostStatus::Draft => "draft",
        PostStatus::Published => "published",
    }
}

/// A post's text, checked. A draft may be unfinished; a published post needs a body.
pub(super) struct Fields {
    pub title: String,
    pub description: String,
    pub body: String,
}

impl Fields {
    pub(super) fn validate(
        title: String,
        description: String,
        body: String,
        status: PostStatus,
    ) -> Result<Self, ContentError> {
        let title = title.trim().to_owned();
        let description = description.trim().to_owned();
        if title.is_empty() {
            return Err(ContentError::invalid("title", "can't be blank"));
        }
        for (field, value, max) in [
            ("title", &title, TITLE_MAX_CHARS),
            ("description", &description, DESCRIPTION_MAX_CHARS),
            ("body", &body, BODY_MAX_CHARS),
        ] {
            if value.chars().count() > max {
                return Err(ContentError::invalid(
                    field,
                    format!("is too long (maximum is {max} characters)"),
                ));
            }
        }
        if status == PostStatus::Published && body.trim().is_empty() {
            return Err(ContentError::invalid("body", "can't be blank"));
        }
        Ok(Self {
            title,
            description,
            body,
        })
    }
}

/// Trims tags, folds runs of spaces, drops empty and repeated ones (case-insensitively).
pub fn clean_tags(tags: Vec<String>) -> Result<Vec<String>, ContentError> {
    let mut cleaned: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
        if tag.is_empty()
            || cleaned
                .iter()
                .any(|seen| seen.to_lowercase() == tag.to_lowercase())
        {
            continue;
        }
        if tag.chars().count() > TAG_MAX_CHARS {
            return Err(ContentError::invalid(
                "tagList",
                format!("has a tag longer than {TAG_MAX_CHARS} characters"),
            ));
        }
        if tag.contains('/') {
            return Err(ContentError::invalid("tagList", "tags cannot contain '/'"));
        }
        cleaned.push(tag);
    }
    if cleaned.len() > MAX_TAGS {
        return Err(ContentError::invalid(
            "tagList",
            format!("has too many tags (maximum is {MAX_TAGS})"),
        ));
    }
    Ok(cleaned)
}
