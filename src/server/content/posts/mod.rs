//! Posts: writing, publishing, reading and listing them, with their tags and favorites.
//!
//! Who sees what: published posts are public; a draft is seen only by its author and by
//! those who edit others' posts (editors, admins), and never appears in a public list. Who
//! changes what follows the roles' table (`model::Role::may`), checked here for every door:
//! anyone writes drafts, authors publish their own posts, editors anyone's; a contributor's
//! post, once published (or scheduled), is changed by editors only.
//!
//! Reading is here; who may see and change what is `access`; the editor's verbs are
//! `editing`, the publisher's `publisher` (a draft scheduled to publish itself goes out when
//! its time comes) and the importer's `import`. All three hand their writes to `write`, the
//! one routine that stores a post, leaves its revision and announces the change.

mod access;
mod editing;
mod import;
pub mod publisher;
mod write;

pub use access::VisiblePost;
pub(in crate::server::content) use editing::UpdateOrigin;
pub use editing::{PostChanges, Scope};
pub use import::{ArchivedPost, Outcome};

use super::{
    Page,
    store::{
        favorites,
        lists::{self, ListShape},
        pages as page_store,
        posts::{self as post_store, PostRow},
        rendering, tags,
    },
    text::{markdown, rules},
};
use crate::{
    model::{Action, PageLink, Post, PostKind, PostNeighbours, PostPage, PostStatus, TagCount},
    server::{
        accounts::{Accounts, UserId},
        changes::{Change, Changes},
        clock::Clock,
        db::Db,
        error::{DomainError, DomainResult, Resource},
    },
};

/// The most tags any list of tags holds.
pub const MAX_TAGS_LISTED: i64 = 500;

/// The most standalone pages the owner's list shows (a site has a handful).
pub const MAX_PAGES_LISTED: i64 = 500;

/// Related posts shown under a post.
pub const RELATED_POSTS: usize = 3;

/// Public lists: every published post, or those with a tag, by an author, or favorited by
/// someone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub tag: Option<String>,
    pub author: Option<String>,
    pub favorited_by: Option<String>,
}

impl ListFilter {
    /// The list this filter asks for: one statement per shape.
    fn shape(&self) -> ListShape {
        match (&self.tag, &self.author, &self.favorited_by) {
            (None, None, None) => ListShape::All,
            (Some(tag), None, None) => ListShape::Tag(tag.clone()),
            (None, Some(author), None) => ListShape::Author(author.clone()),
            (None, None, Some(reader)) => ListShape::FavoritedBy(reader.clone()),
            (tag, author, favorited_by) => ListShape::Combined {
                tag: tag.clone(),
                author: author.clone(),
                favorited_by: favorited_by.clone(),
            },
        }
    }
}

#[derive(Clone, Debug)]
pub struct Posts {
    db: Db,
    clock: Clock,
    accounts: Accounts,
    changes: Changes,
}

impl Posts {
    pub fn new(db: Db, clock: Clock, accounts: Accounts, changes: Changes) -> Self {
        Self {
            db,
            clock,
            accounts,
            changes,
        }
    }

    /// A post as `viewer` may see it: published, or a draft of theirs (or any draft, for
    /// admins).
    pub async fn find(&self, slug: &str, viewer: Option<UserId>) -> DomainResult<Post> {
        let row = post_store::find(&self.db, slug, viewer)
            .await?
            .ok_or(DomainError::NotFound(Resource::Article))?;
        if row.summary.status == PostStatus::Draft
            && !self.may_see_draft(viewer, row.summary.author_id).await?
        {
            // A draft does not exist for anyone else.
            return Err(DomainError::NotFound(Resource::Article));
        }
        let outline = row.outline();
        let PostRow {
            summary,
            body,
            body_html,
            cover_image,
            comments_closed_at,
            kind,
            ..
        } = row;
        Ok(Post {
            summary: summary.into_summary(),
            body,
            body_html,
            outline,
            cover_image,
            comments_closed: comments_closed_at.is_some(),
            kind,
        })
    }

    /// A post or page of the kind a reader's address asks for (`/post/<slug>` or `/<slug>`),
    /// as `viewer` may see it: the other kind is not at that address.
    pub async fn find_kind(
        &self,
        kind: PostKind,
        slug: &str,
        viewer: Option<UserId>,
    ) -> DomainResult<Post> {
        let post = self.find(slug, viewer).await?;
        if post.kind == kind {
            Ok(post)
        } else {
            Err(DomainError::NotFound(Resource::Article))
        }
    }

    /// The site's standalone pages, drafts too, by title: for those who write them.
    pub async fn pages(&self, actor: UserId) -> DomainResult<Vec<PageLink>> {
        self.may_write_pages(actor).await?;
        let rows = page_store::pages(&self.db, MAX_PAGES_LISTED).await?;
        Ok(rows
            .into_iter()
            .map(|(slug, title, status, updated_at)| PageLink {
                slug,
                title,
                status,
                updated: crate::server::clock::moment(updated_at),
            })
            .collect())
    }

    /// A post as the editor loads it: only for its author or an admin.
    pub async fn for_editing(&self, actor: UserId, slug: &str) -> DomainResult<Post> {
        self.editable(actor, slug).await?;
        self.find(slug, Some(actor)).await
    }

    /// A published post by its id (what a newsletter is opened for); `None` once it is not
    /// public any more.
    pub async fn published_by_id(&self, id: i64) -> DomainResult<Option<Post>> {
        let Some(stored) = post_store::stored_by_id(&self.db, id).await? else {
            return Ok(None);
        };
        match self.find_published(&stored.slug, None).await {
            Ok(post) => Ok(Some(post)),
            Err(DomainError::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The id of the post at `slug`, if `actor` may change it (what may see its newsletter's
    /// figures).
    pub async fn id_if_editable(&self, actor: UserId, slug: &str) -> DomainResult<i64> {
        Ok(self.editable(actor, slug).await?.id)
    }

    /// Only published posts: what the REST API and feeds serve, where drafts and standalone
    /// pages do not exist.
    pub async fn find_published(&self, slug: &str, viewer: Option<UserId>) -> DomainResult<Post> {
        let post = self.find(slug, viewer).await?;
        if post.summary.status == PostStatus::Published && post.kind == PostKind::Post {
            Ok(post)
        } else {
            Err(DomainError::NotFound(Resource::Article))
        }
    }

    /// Published posts, newest first: all of them, or those with a tag, by an author, or
    /// favorited by someone.
    pub async fn list(
        &self,
        filter: &ListFilter,
        viewer: Option<UserId>,
        page: Page,
    ) -> DomainResult<PostPage> {
        self.run(filter.shape(), viewer, page).await
    }

    /// Published posts by the authors `viewer` follows, newest first.
    pub async fn feed(&self, viewer: UserId, page: Page) -> DomainResult<PostPage> {
        self.run(ListShape::Feed(viewer), Some(viewer), page).await
    }

    /// The author's own drafts, most recently created first.
    pub async fn drafts(&self, author: UserId, page: Page) -> DomainResult<PostPage> {
        self.run(ListShape::Drafts(author), Some(author), page)
            .await
    }

    /// Everyone else's drafts, newest first, for those who edit and publish them (editors,
    /// admins): where a contributor's draft waits to be published.
    pub async fn drafts_to_review(&self, actor: UserId, page: Page) -> DomainResult<PostPage> {
        if !self.accounts.role(actor).await?.may(Action::EditOthers) {
            return Err(DomainError::NotPermitted {
                resource: Resource::Article,
                reason: "only editors and admins review others' drafts",
            });
        }
        self.run(ListShape::OthersDrafts(actor), Some(actor), page)
            .await
    }

    async fn run(
        &self,
        shape: ListShape,
        viewer: Option<UserId>,
        page: Page,
    ) -> DomainResult<PostPage> {
        let (rows, total) = lists::run(&self.db, &shape, viewer, page).await?;
        Ok(PostPage {
            posts: rows.into_iter().map(|row| row.into_summary()).collect(),
            total,
            per_page: page.limit,
        })
    }

    /// Marks or unmarks a published post as a favorite of the user.
    pub async fn set_favorite(
        &self,
        user: UserId,
        slug: &str,
        favorite: bool,
    ) -> DomainResult<Post> {
        let id = favorites::published_id(&self.db, slug)
            .await?
            .ok_or(DomainError::NotFound(Resource::Article))?;
        favorites::set_favorite(&self.db, user, id, favorite, self.clock.now_millis()).await?;
        let post = self.find_published(slug, Some(user)).await?;
        // The count shows on the post and in the lists (the reader's favorites among them);
        // which posts link to which does not change.
        self.changes
            .announce_all([Change::Lists, Change::Post(post.summary.slug.clone())]);
        Ok(post)
    }

    /// Which of `slugs` (a page's worth: at most [`Page::MAX_LIMIT`]) the user has favorited.
    pub async fn favorited_among(
        &self,
        user: UserId,
        slugs: &[String],
    ) -> DomainResult<Vec<String>> {
        if slugs.len() > Page::MAX_LIMIT as usize {
            return Err(DomainError::invalid(
                "slugs",
                format!("are too many (at most {} at once)", Page::MAX_LIMIT),
            ));
        }
        favorites::favorited_among(&self.db, user, slugs).await
    }

    /// The posts published just before and after a published post, and a few sharing its
    /// tags; never drafts, never posts dated later than now. A post that is not published
    /// (or not yet) has none.
    pub async fn neighbours(&self, slug: &str) -> DomainResult<PostNeighbours> {
        let now = self.clock.now_millis();
        let Some(post) = lists::published_position(&self.db, slug, now).await? else {
            return Ok(PostNeighbours::default());
        };
        Ok(PostNeighbours {
            previous: lists::older(&self.db, &post, now).await?,
            next: lists::newer(&self.db, &post, now).await?,
            related: lists::related(&self.db, &post, now, RELATED_POSTS).await?,
        })
    }

    /// Renders again, once, the posts an older renderer rendered (the first start after an
    /// upgrade), so they come out as new posts do. Returns how many were rendered.
    pub async fn render_outdated(&self) -> DomainResult<u64> {
        const BATCH: i64 = 50;
        let mut after = 0;
        let mut rendered = 0;
        loop {
            let batch = rendering::rendered_by_older(&self.db, after, BATCH).await?;
            let Some(&(last, _, _)) = batch.last() else {
                break;
            };
            after = last;
            for (id, body, updated_at) in batch {
                let rendering = markdown::render_off_runtime(body).await;
                if rendering::store_rendering(&self.db, id, updated_at, &rendering).await? {
                    rendered += 1;
                }
            }
        }
        if rendered > 0 {
            self.changes.announce(Change::Everything);
        }
        Ok(rendered)
    }

    /// The tags most used on published posts, most used first: at most `limit`, and never
    /// more than [`MAX_TAGS_LISTED`].
    pub async fn tags(&self, limit: i64) -> DomainResult<Vec<TagCount>> {
        tags::tag_counts(&self.db, limit.clamp(1, MAX_TAGS_LISTED)).await
    }

    /// The HTML a Markdown body publishes as: the same renderer and sanitizer as saving,
    /// within the same size limit.
    pub async fn preview(&self, markdown: String) -> DomainResult<String> {
        rules::check_length("body", &markdown, rules::BODY_MAX_CHARS)?;
        Ok(markdown::render_off_runtime(markdown).await.html)
    }
}
