//! Posts: writing, publishing, reading and listing them, with their tags and favorites.
//!
//! Who sees what: published posts are public; a draft is seen only by its author and by
//! those who edit others' posts (editors, admins), and never appears in a public list. Who
//! changes what follows the roles' table (`model::Role::may`), checked here for every door:
//! anyone writes drafts, authors publish their own posts, editors anyone's; a contributor's
//! post, once published (or scheduled), is changed by editors only.
//!
//! A draft may be scheduled to publish itself (`schedule` publishes it when its time comes).
//! Every save leaves a revision (`revisions`).

use super::{
    Page,
    lists::{self, ListShape},
    markdown,
    post_store::{self, PostRow, PostWrite, Save, StoredPost},
    prepare::prepare,
    revision_changes::{Snapshot, changes_between},
    revision_store::{self, RevisionWrite},
    rules::{self, PostText},
    slugs,
};
use crate::{
    model::{
        Action, Post, PostDraft, PostNeighbours, PostPage, PostStatus, RevisionKind, TagCount,
    },
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

/// Related posts shown under a post.
pub const RELATED_POSTS: usize = 3;

/// The furthest ahead a post may be scheduled: ten years.
const MAX_SCHEDULE_AHEAD_MILLIS: i64 = 3653 * 24 * 60 * 60 * 1000;

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

/// Changes to a post; `None` leaves a part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub body: Option<String>,
    pub tags: Option<Vec<String>>,
    pub status: Option<PostStatus>,
    /// `Some(Some(time))` schedules a draft to publish itself then (Unix milliseconds),
    /// `Some(None)` cancels the schedule; publishing now cancels it too.
    pub publish_at: Option<Option<i64>>,
}

/// How a save came about, for the revision it leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SaveOrigin {
    /// Someone saved, published or unpublished it.
    Edit,
    /// Someone made an earlier revision (this id) its text again.
    Restore(i64),
}

/// The id and author of a post a viewer can see, for the things that hang off it.
pub(super) struct VisiblePost {
    pub id: i64,
    pub author_id: UserId,
    pub status: PostStatus,
}

#[derive(Clone, Debug)]
pub struct Posts {
    pub(super) db: Db,
    pub(super) clock: Clock,
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

    /// Tells the readers' pages a post changed: its page, and, when it is or was public, the
    /// lists and its author's page.
    pub(super) fn announce(&self, post: &Post, was_public: bool, old_slug: Option<&str>) {
        let public = post.summary.status == PostStatus::Published;
        if !(public || was_public) {
            return;
        }
        // Every post page links to its neighbours and related posts: a published post that
        // comes, goes or changes its title or tags may be one of them.
        self.changes.announce_all([
            Change::Lists,
            Change::Post(post.summary.slug.clone()),
            Change::profile(&post.summary.author.username),
            Change::PostLinks,
        ]);
        if let Some(old) = old_slug.filter(|old| *old != post.summary.slug) {
            self.changes.announce(Change::Post(old.to_owned()));
        }
    }

    /// Writes a new post. Its slug comes from the title and is made unique with a suffix.
    pub async fn create(
        &self,
        author: UserId,
        draft: PostDraft,
        status: PostStatus,
    ) -> DomainResult<Post> {
        self.create_scheduled(author, draft, status, None).await
    }

    /// Writes a new post, as [`Posts::create`]; a draft with `publish_at` is scheduled to
    /// publish itself at that time.
    pub async fn create_scheduled(
        &self,
        author: UserId,
        draft: PostDraft,
        status: PostStatus,
        publish_at: Option<i64>,
    ) -> DomainResult<Post> {
        if status == PostStatus::Published || publish_at.is_some() {
            self.may_publish(author, author).await?;
        }
        if let Some(at) = publish_at {
            self.check_schedule(status, at)?;
        }
        let text = PostText::validate(
            draft.title,
            draft.description,
            draft.body,
            checked_as(status, publish_at),
        )?;
        let tags = rules::clean_tags(draft.tags)?;
        let slug = slugs::unique(&self.db, &slugs::base(&text.title), None).await?;
        let now = self.clock.now_millis();
        let prepared = prepare(&text, &tags, None).await;
        let mut tx = self.db.begin().await?;
        let row = PostWrite {
            slug: &slug,
            text: &text,
            rendered: &prepared.rendered,
            search: &prepared.search,
            status,
            created_at: now,
            updated_at: now,
            published_at: (status == PostStatus::Published).then_some(now),
            publish_at,
        };
        let save = Save {
            existing: None,
            author,
            row,
            tags: Some(&tags),
        };
        let id = post_store::save(&mut tx, save).await?;
        let after = Snapshot {
            title: &text.title,
            description: &text.description,
            tags: &tags,
            status,
            publish_at,
        };
        let changes = changes_between(None, &after, prepared.lines);
        revision_store::record(
            &mut tx,
            &RevisionWrite {
                post_id: id,
                editor: Some(author),
                kind: RevisionKind::Save,
                status,
                text: &text,
                tags: &tags,
                changes: &changes,
                restored_from: None,
                created_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        let post = self.find(&slug, Some(author)).await?;
        self.announce(&post, false, None);
        Ok(post)
    }

    /// Applies changes to a post the actor may edit. A draft that was never published takes a
    /// new slug when its title changes; once published, a post keeps its address for good.
    pub async fn update(
        &self,
        actor: UserId,
        slug: &str,
        changes: PostChanges,
    ) -> DomainResult<Post> {
        self.update_from(actor, slug, changes, SaveOrigin::Edit)
            .await
    }

    pub(super) async fn update_from(
        &self,
        actor: UserId,
        slug: &str,
        changes: PostChanges,
        origin: SaveOrigin,
    ) -> DomainResult<Post> {
        let stored = self.editable(actor, slug).await?;
        let status = changes.status.unwrap_or(stored.status);
        let publish_at = match (status, changes.publish_at) {
            (PostStatus::Published, _) => None,
            (_, Some(at)) => at,
            (_, None) => stored.publish_at,
        };
        if status != stored.status || publish_at != stored.publish_at {
            self.may_publish(actor, stored.author_id).await?;
        }
        if let Some(at) = publish_at.filter(|at| Some(*at) != stored.publish_at) {
            self.check_schedule(status, at)?;
        }
        let text = PostText::validate(
            changes.title.unwrap_or_else(|| stored.title.clone()),
            changes
                .description
                .unwrap_or_else(|| stored.description.clone()),
            changes.body.unwrap_or_else(|| stored.body.clone()),
            checked_as(status, publish_at),
        )?;
        let tags = changes.tags.map(rules::clean_tags).transpose()?;
        let new_slug = if stored.published_at.is_none() && text.title != stored.title {
            slugs::unique(&self.db, &slugs::base(&text.title), Some(stored.id)).await?
        } else {
            stored.slug.clone()
        };
        let now = self.clock.now_millis();
        let stored_tags = stored.tags();
        let tags_after = tags.clone().unwrap_or_else(|| stored_tags.clone());
        let prepared = prepare(&text, &tags_after, Some(&stored.body)).await;
        let before = Snapshot::of(&stored, &stored_tags);
        let after = Snapshot {
            title: &text.title,
            description: &text.description,
            tags: &tags_after,
            status,
            publish_at,
        };
        let revision_changes = changes_between(Some(&before), &after, prepared.lines);
        let mut tx = self.db.begin().await?;
        let row = PostWrite {
            slug: &new_slug,
            text: &text,
            rendered: &prepared.rendered,
            search: &prepared.search,
            status,
            created_at: stored.created_at,
            updated_at: now,
            published_at: match (status, stored.published_at) {
                (PostStatus::Published, None) => Some(now),
                (_, earlier) => earlier,
            },
            publish_at,
        };
        let save = Save {
            existing: Some(&stored),
            author: stored.author_id,
            row,
            tags: tags.as_deref(),
        };
        post_store::save(&mut tx, save).await?;
        let (kind, restored_from) = match origin {
            SaveOrigin::Edit => (RevisionKind::Save, None),
            SaveOrigin::Restore(id) => (RevisionKind::Restore, Some(id)),
        };
        // A save that changes nothing leaves no revision; a restore always says it happened.
        if revision_changes.any() || restored_from.is_some() {
            revision_store::record(
                &mut tx,
                &RevisionWrite {
                    post_id: stored.id,
                    editor: Some(actor),
                    kind,
                    status,
                    text: &text,
                    tags: &tags_after,
                    changes: &revision_changes,
                    restored_from,
                    created_at: now,
                },
            )
            .await?;
        }
        tx.commit().await?;
        let post = self.find(&new_slug, Some(actor)).await?;
        self.announce(
            &post,
            stored.status == PostStatus::Published,
            Some(&stored.slug),
        );
        Ok(post)
    }

    /// A schedule must be for a draft, in the future, and not absurdly far.
    fn check_schedule(&self, status: PostStatus, at: i64) -> DomainResult<()> {
        let now = self.clock.now_millis();
        if status == PostStatus::Published {
            Err(DomainError::invalid(
                "publish_at",
                "is for drafts: publish now, or save as a draft to schedule it",
            ))
        } else if at <= now {
            Err(DomainError::invalid(
                "publish_at",
                "is in the past; choose a later time, or publish now",
            ))
        } else if at - now > MAX_SCHEDULE_AHEAD_MILLIS {
            Err(DomainError::invalid(
                "publish_at",
                "is more than ten years ahead",
            ))
        } else {
            Ok(())
        }
    }

    pub async fn delete(&self, actor: UserId, slug: &str) -> DomainResult<()> {
        let stored = self.editable(actor, slug).await?;
        let before = self.find(slug, Some(actor)).await?;
        post_store::delete(&self.db, &stored).await?;
        self.announce(&before, stored.status == PostStatus::Published, None);
        Ok(())
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
            ..
        } = row;
        Ok(Post {
            summary: summary.into_summary(),
            body,
            body_html,
            outline,
        })
    }

    /// A post as the editor loads it: only for its author or an admin.
    pub async fn for_editing(&self, actor: UserId, slug: &str) -> DomainResult<Post> {
        self.editable(actor, slug).await?;
        self.find(slug, Some(actor)).await
    }

    /// Only published posts: what the REST API and feeds serve, where drafts do not exist.
    pub async fn find_published(&self, slug: &str, viewer: Option<UserId>) -> DomainResult<Post> {
        let post = self.find(slug, viewer).await?;
        if post.summary.status == PostStatus::Published {
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
        let id = post_store::published_id(&self.db, slug)
            .await?
            .ok_or(DomainError::NotFound(Resource::Article))?;
        post_store::set_favorite(&self.db, user, id, favorite, self.clock.now_millis()).await?;
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
        post_store::favorited_among(&self.db, user, slugs).await
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

    /// Renders again, once, the posts saved before their outline was kept (the first start
    /// after an upgrade), so their contents and reading time come out as new posts' do.
    /// Returns how many were rendered.
    pub async fn render_outdated(&self) -> DomainResult<u64> {
        const BATCH: i64 = 50;
        let mut after = 0;
        let mut rendered = 0;
        loop {
            let batch = post_store::rendered_before_outlines(&self.db, after, BATCH).await?;
            let Some(&(last, _, _)) = batch.last() else {
                break;
            };
            after = last;
            for (id, body, updated_at) in batch {
                let rendering = markdown::render_off_runtime(body).await;
                if post_store::store_rendering(&self.db, id, updated_at, &rendering).await? {
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
        post_store::tag_counts(&self.db, limit.clamp(1, MAX_TAGS_LISTED)).await
    }

    /// The HTML a Markdown body publishes as: the same renderer and sanitizer as saving,
    /// within the same size limit.
    pub async fn preview(&self, markdown: String) -> DomainResult<String> {
        rules::check_length("body", &markdown, rules::BODY_MAX_CHARS)?;
        Ok(markdown::render_off_runtime(markdown).await.html)
    }

    /// The post behind `slug`, if `viewer` can see it.
    pub(super) async fn visible(
        &self,
        slug: &str,
        viewer: Option<UserId>,
    ) -> DomainResult<VisiblePost> {
        let stored = post_store::stored(&self.db, slug)
            .await?
            .ok_or(DomainError::NotFound(Resource::Article))?;
        if stored.status == PostStatus::Draft
            && !self.may_see_draft(viewer, stored.author_id).await?
        {
            return Err(DomainError::NotFound(Resource::Article));
        }
        Ok(VisiblePost {
            id: stored.id,
            author_id: stored.author_id,
            status: stored.status,
        })
    }

    /// Whether `actor`'s role allows `action`.
    pub(super) async fn may(&self, actor: UserId, action: Action) -> DomainResult<bool> {
        Ok(self.accounts.role(actor).await?.may(action))
    }

    async fn may_see_draft(&self, viewer: Option<UserId>, author: UserId) -> DomainResult<bool> {
        Ok(match viewer {
            None => false,
            Some(viewer) if viewer == author => true,
            Some(viewer) => self.may(viewer, Action::EditOthers).await?,
        })
    }

    /// Whether `actor` may publish, unpublish or schedule a post by `author`: their own with
    /// [`Action::PublishOwn`], anyone's with [`Action::PublishOthers`].
    pub(super) async fn may_publish(&self, actor: UserId, author: UserId) -> DomainResult<()> {
        let needed = if actor == author {
            Action::PublishOwn
        } else {
            Action::PublishOthers
        };
        if self.may(actor, needed).await? {
            Ok(())
        } else {
            Err(DomainError::NotPermitted {
                resource: Resource::Article,
                reason: "contributors write drafts; an editor publishes them",
            })
        }
    }

    /// The post, if `actor` may change (or delete) it: anyone their own drafts, authors their
    /// own published and scheduled posts, editors and admins anything. Others learn that a published post
    /// is not theirs (403); someone else's draft stays invisible (404).
    pub(super) async fn editable(&self, actor: UserId, slug: &str) -> DomainResult<StoredPost> {
        let stored = post_store::stored(&self.db, slug)
            .await?
            .ok_or(DomainError::NotFound(Resource::Article))?;
        let role = self.accounts.role(actor).await?;
        if stored.author_id != actor {
            return if role.may(Action::EditOthers) {
                Ok(stored)
            } else if stored.status == PostStatus::Draft {
                Err(DomainError::NotFound(Resource::Article))
            } else {
                Err(DomainError::Forbidden(Resource::Article))
            };
        }
        // A scheduled draft is as good as published: its author changes it only if they
        // may publish (a contributor's, once an editor scheduled it, waits unchanged).
        let needed = match (stored.status, stored.publish_at) {
            (PostStatus::Draft, None) => Action::WriteDrafts,
            _ => Action::PublishOwn,
        };
        if role.may(needed) {
            Ok(stored)
        } else {
            Err(DomainError::NotPermitted {
                resource: Resource::Article,
                reason: "a published post is changed by an editor; contributors change drafts",
            })
        }
    }
}

/// The status a post's text is checked for: a scheduled draft must be publishable.
fn checked_as(status: PostStatus, publish_at: Option<i64>) -> PostStatus {
    if publish_at.is_some() {
        PostStatus::Published
    } else {
        status
    }
}
