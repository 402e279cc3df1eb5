//! Scheduled posts go public on time without a request to trigger them: every server looks
//! for due posts once a second (`server::workers`; one index read), and publishing claims
//! each post with a conditional update, so several servers publish it exactly once between
//! them.

use super::{
    Posts,
    write::{Claim, Dates, RevisionOf, Write},
};
use crate::{
    model::{PostStatus, RevisionKind},
    server::{content::store::posts as post_store, error::DomainResult},
};

/// Scheduled posts published by one pass; the rest wait for the next.
const DUE_PER_PASS: i64 = 20;

impl Posts {
    /// Publishes the scheduled posts whose time has come; returns how many this call
    /// published. Every server runs it every second: each post is claimed by one of them.
    pub async fn publish_due(&self) -> DomainResult<usize> {
        let now = self.clock.now_millis();
        let mut published = 0;
        for id in post_store::due(&self.db, now, DUE_PER_PASS).await? {
            // One post that fails does not hold back the others; it is tried again next pass.
            match self.publish_scheduled(id, now).await {
                Ok(true) => published += 1,
                Ok(false) => {}
                Err(error) => tracing::warn!(id, %error, "cannot publish a scheduled post"),
            }
        }
        Ok(published)
    }

    async fn publish_scheduled(&self, id: i64, now: i64) -> DomainResult<bool> {
        let Some(stored) = post_store::stored_by_id(&self.db, id).await? else {
            return Ok(false);
        };
        let Some(at) = stored.publish_at.filter(|at| *at <= now) else {
            return Ok(false);
        };
        // Whoever set the time must still be allowed to publish the post now: a schedule
        // does not outlive its setter's demotion.
        let scheduler = stored.scheduled_by.unwrap_or(stored.author_id);
        let allowed = self.may_publish(scheduler, stored.author_id).await.is_ok();
        let status = if allowed {
            PostStatus::Published
        } else {
            tracing::warn!(
                slug = %stored.slug,
                scheduler = scheduler.0,
                "whoever scheduled this post may no longer publish it; the schedule is cancelled"
            );
            PostStatus::Draft
        };
        let write = Write {
            author: stored.author_id,
            viewer: stored.author_id,
            slug: stored.slug.clone(),
            text: stored.text(),
            tags: None,
            status,
            dates: Dates {
                created_at: stored.created_at,
                updated_at: stored.updated_at.max(at),
                // Dated when it was scheduled for, whenever the server got to it; a post that
                // was published before keeps its first date.
                published_at: match status {
                    PostStatus::Published => Some(stored.published_at.unwrap_or(at)),
                    PostStatus::Draft => stored.published_at,
                },
                publish_at: None,
                written_at: now,
            },
            // A cancelled schedule is a save by the schedule, whose change is the schedule.
            revision: RevisionOf::recorded(
                None,
                if allowed {
                    RevisionKind::Scheduled
                } else {
                    RevisionKind::Save
                },
            ),
            claim: Some(Claim {
                publish_at: at,
                updated_at: stored.updated_at,
            }),
            scheduled_by: None,
            kind: stored.kind,
            before: Some(stored),
        };
        let Some(post) = self.write(write).await? else {
            // Another server published it, or it was saved meanwhile.
            return Ok(false);
        };
        if allowed {
            tracing::info!(slug = %post.summary.slug, "published a scheduled post");
        }
        Ok(allowed)
    }
}
