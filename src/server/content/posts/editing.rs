//! The verbs an editor uses: create, update, schedule, restore and delete. Each checks who
//! may do it and what the post may hold, works out the slug and dates, and hands the write to
//! `write`, the one routine that stores a post.

use super::{
    Posts,
    write::{Dates, RevisionOf, Write},
};
use crate::{
    model::{Post, PostDraft, PostKind, PostStatus, Publication, RevisionKind, routes},
    server::{
        accounts::UserId,
        content::{
            store::posts::{self as post_store, StoredPost},
            text::{
                rules::{self, PostText},
                slugs,
            },
        },
        error::{DomainError, DomainResult, Resource},
    },
};

/// The furthest ahead a post may be scheduled: ten years.
const MAX_SCHEDULE_AHEAD_MILLIS: i64 = 3653 * 24 * 60 * 60 * 1000;

/// Changes to a post; `None` leaves a part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub body: Option<String>,
    pub tags: Option<Vec<String>>,
    /// Publish, unpublish or (re)schedule it; `None` keeps it as it is.
    pub publication: Option<Publication>,
}

/// Which posts a door lets its callers change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Drafts and published posts (the editor).
    WithDrafts,
    /// Published posts only: for the REST API, drafts do not exist, not even to their author.
    PublishedOnly,
}

/// How an update came about, for the revision it leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::server::content) enum UpdateOrigin {
    /// Someone saved, published or unpublished it.
    Edit,
    /// Someone made an earlier revision (this id) its text again.
    Restore(i64),
}

impl Posts {
    /// Writes a new post by `author`: a draft, published now, or scheduled. Its slug comes
    /// from the title and is made unique with a suffix.
    pub async fn create(
        &self,
        author: UserId,
        draft: PostDraft,
        publication: impl Into<Publication>,
    ) -> DomainResult<Post> {
        self.create_as(PostKind::Post, author, draft, publication.into())
            .await
    }

    /// Writes a new post or standalone page. A page belongs to the site: editors and admins
    /// write it, it carries no tags, and its slug must be free of the site's own addresses.
    pub async fn create_as(
        &self,
        kind: PostKind,
        author: UserId,
        mut draft: PostDraft,
        publication: Publication,
    ) -> DomainResult<Post> {
        self.not_banned(author, Resource::Article).await?;
        if kind == PostKind::Page {
            self.may_write_pages(author).await?;
            draft.tags.clear();
        }
        if publication.goes_public() {
            self.may_publish(author, author).await?;
        }
        if let Publication::Scheduled { at } = publication {
            self.check_schedule(at)?;
        }
        let text = PostText::validate(draft.title, draft.description, draft.body, publication)?;
        let tags = rules::clean_tags(draft.tags)?;
        let slug = self
            .free_slug(kind, &slugs::base(&text.title), None)
            .await?;
        let now = self.clock.now_millis();
        let status = publication.status();
        let write = Write {
            kind,
            before: None,
            author,
            viewer: author,
            slug,
            text,
            tags: Some(tags),
            status,
            dates: Dates {
                created_at: now,
                updated_at: now,
                published_at: (status == PostStatus::Published).then_some(now),
                publish_at: publication.publish_at(),
                written_at: now,
            },
            revision: RevisionOf::save(author),
            claim: None,
            scheduled_by: Some(author),
        };
        written(self.write(write).await?)
    }

    /// Applies changes to a post the actor may edit. A draft that was never published takes a
    /// new slug when its title changes; once published, a post keeps its address for good.
    pub async fn update(
        &self,
        actor: UserId,
        slug: &str,
        scope: Scope,
        changes: PostChanges,
    ) -> DomainResult<Post> {
        let stored = self.editable_in(actor, slug, scope).await?;
        self.apply(actor, stored, changes, UpdateOrigin::Edit).await
    }

    /// Schedules a draft to publish itself at `at` (Unix milliseconds), or with `None` cancels
    /// its schedule.
    pub async fn schedule(&self, actor: UserId, slug: &str, at: Option<i64>) -> DomainResult<Post> {
        let publication = match at {
            Some(at) => Publication::Scheduled { at },
            None => Publication::Draft,
        };
        let changes = PostChanges {
            publication: Some(publication),
            ..PostChanges::default()
        };
        self.update(actor, slug, Scope::WithDrafts, changes).await
    }

    /// Deletes a post the actor may edit.
    pub async fn delete(&self, actor: UserId, slug: &str, scope: Scope) -> DomainResult<()> {
        let stored = self.editable_in(actor, slug, scope).await?;
        let before = self.find(slug, Some(actor)).await?;
        post_store::delete(&self.db, &stored).await?;
        self.announce_written(&before, Some(&stored));
        Ok(())
    }

    /// Changes `stored`, which `actor` may edit, as `changes` say.
    pub(in crate::server::content) async fn apply(
        &self,
        actor: UserId,
        stored: StoredPost,
        changes: PostChanges,
        origin: UpdateOrigin,
    ) -> DomainResult<Post> {
        let was = Publication::of(stored.status, stored.publish_at);
        let publication = changes.publication.unwrap_or(was);
        if publication != was {
            self.may_publish(actor, stored.author_id).await?;
        }
        if let Publication::Scheduled { at } = publication
            && Some(at) != stored.publish_at
        {
            self.check_schedule(at)?;
        }
        let text = PostText::validate(
            changes.title.unwrap_or_else(|| stored.title.clone()),
            changes
                .description
                .unwrap_or_else(|| stored.description.clone()),
            changes.body.unwrap_or_else(|| stored.body.clone()),
            publication,
        )?;
        let tags = match stored.kind {
            PostKind::Post => changes.tags.map(rules::clean_tags).transpose()?,
            PostKind::Page => None,
        };
        let slug = if stored.published_at.is_none() && text.title != stored.title {
            self.free_slug(stored.kind, &slugs::base(&text.title), Some(stored.id))
                .await?
        } else {
            stored.slug.clone()
        };
        let now = self.clock.now_millis();
        let status = publication.status();
        let revision = match origin {
            UpdateOrigin::Edit => RevisionOf::save(actor),
            UpdateOrigin::Restore(id) => RevisionOf {
                restored_from: Some(id),
                ..RevisionOf::recorded(Some(actor), RevisionKind::Restore)
            },
        };
        let write = Write {
            author: stored.author_id,
            viewer: actor,
            slug,
            text,
            tags,
            status,
            dates: Dates {
                created_at: stored.created_at,
                updated_at: now,
                published_at: match (status, stored.published_at) {
                    (PostStatus::Published, None) => Some(now),
                    (_, earlier) => earlier,
                },
                publish_at: publication.publish_at(),
                written_at: now,
            },
            revision,
            claim: None,
            // Whoever sets a new time answers for it; an unchanged schedule keeps its own.
            scheduled_by: if publication.publish_at() == stored.publish_at {
                stored.scheduled_by
            } else {
                Some(actor)
            },
            kind: stored.kind,
            before: Some(stored),
        };
        written(self.write(write).await?)
    }

    /// The post, if `actor` may change it and `scope` lets the door see it.
    async fn editable_in(
        &self,
        actor: UserId,
        slug: &str,
        scope: Scope,
    ) -> DomainResult<StoredPost> {
        let stored = self.editable(actor, slug).await?;
        // The REST API knows articles only: a page is not one, nor is a draft.
        if scope == Scope::PublishedOnly
            && (stored.status != PostStatus::Published || stored.kind == PostKind::Page)
        {
            return Err(DomainError::NotFound(Resource::Article));
        }
        Ok(stored)
    }

    /// A schedule must be in the future, and not absurdly far.
    fn check_schedule(&self, at: i64) -> DomainResult<()> {
        let now = self.clock.now_millis();
        if at <= now {
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

    /// The first free slug among `base`, `base-2`, `base-3`, … ; `except` is the post being
    /// renamed, which may keep its own. A page's must not be an address the site uses.
    async fn free_slug(
        &self,
        kind: PostKind,
        base: &str,
        except: Option<i64>,
    ) -> DomainResult<String> {
        if kind == PostKind::Page && !routes::is_page_slug(base) {
            return Err(DomainError::invalid(
                "title",
                super::access::reserved_page_slug(base),
            ));
        }
        let mut candidate = base.to_owned();
        for suffix in 2.. {
            if !post_store::slug_taken(&self.db, &candidate, except).await? {
                break;
            }
            candidate = format!("{base}-{suffix}");
        }
        Ok(candidate)
    }
}

/// The post an editor's write produced (only the publisher's claim can come back empty).
fn written(post: Option<Post>) -> DomainResult<Post> {
    post.ok_or(DomainError::NotFound(Resource::Article))
}
