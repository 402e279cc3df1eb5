//! What moderators do with comments: the queue of those waiting (and those marked spam),
//! a verdict on each, bans, and closing a post's comments. A post's author moderates the
//! comments under it; editors and admins moderate everywhere, and only they ban, since a
//! ban reaches past one author's posts. Bans go into the audit log.

use super::{Comments, Page, store::comments as comment_store};
use crate::{
    model::{
        Action, BannedAccount, CommentPolicy, HoldReason, ModerationQueue, QueueKind, SiteSettings,
        Verdict, WAITING_COUNT_CAP,
    },
    server::{
        accounts::{Requester, UserId},
        audit::{self, AuditAction},
        changes::Change,
        content::moment,
        error::{DomainError, DomainResult, Resource},
    },
};

/// Banned accounts listed on the moderation page, the latest first.
pub const BANNED_LISTED: i64 = 100;

/// What, in a comment's text, holds it for a moderator under `settings`; `None`: nothing
/// (the first-comment policy is decided by the caller, who knows the writer's history).
pub fn hold_reason(settings: &SiteSettings, body: &str) -> Option<HoldReason> {
    if settings.comment_policy == CommentPolicy::AllHeld {
        return Some(HoldReason::Policy);
    }
    let lowered = body.to_lowercase();
    if settings
        .comment_held_words
        .iter()
        .any(|word| contains_word(&lowered, word))
    {
        return Some(HoldReason::Words);
    }
    if links_in(&lowered) > settings.comment_link_limit as usize {
        return Some(HoldReason::Links);
    }
    None
}

/// The web addresses in a (lowercased) text: words that hold `http://`, `https://` or
/// start with `www.`.
fn links_in(text: &str) -> usize {
    text.split_whitespace()
        .filter(|word| {
            let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
            word.contains("http://") || word.contains("https://") || word.starts_with("www.")
        })
        .count()
}

/// Whether `word` (lowercased) is in `text` as a word of its own: not inside a longer
/// one (so "ass" is not found in "class"). A word in a script written without spaces
/// (Chinese, Japanese) is found anywhere.
fn contains_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    if word.chars().any(is_unspaced) {
        return text.contains(word);
    }
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Characters of scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x0E00..=0x0E7F    // Thai
    )
}

impl Comments {
    /// A page of the comments waiting (or marked spam) that `actor` moderates, oldest first.
    pub async fn queue(
        &self,
        actor: UserId,
        kind: QueueKind,
        page: Page,
    ) -> DomainResult<ModerationQueue> {
        let on_posts_of = self.moderated_posts(actor).await?;
        let mut comments = comment_store::queue(
            &self.db,
            kind,
            actor,
            on_posts_of,
            page.limit + 1,
            page.offset,
        )
        .await?;
        let more = comments.len() > usize::try_from(page.limit).unwrap_or(0);
        comments.truncate(usize::try_from(page.limit).unwrap_or(0));
        Ok(ModerationQueue { comments, more })
    }

    /// How many comments wait for `actor`, up to [`WAITING_COUNT_CAP`].
    pub async fn waiting_count(&self, actor: UserId) -> DomainResult<i64> {
        let on_posts_of = self.moderated_posts(actor).await?;
        comment_store::waiting(&self.db, on_posts_of, WAITING_COUNT_CAP).await
    }

    /// `None`: `actor` moderates every post; else only their own.
    async fn moderated_posts(&self, actor: UserId) -> DomainResult<Option<UserId>> {
        Ok(if self.posts.may(actor, Action::ModerateComments).await? {
            None
        } else {
            Some(actor)
        })
    }

    /// Decides on comment `id`: shows it, deletes it, marks it spam, or marks it spam and
    /// bans its writer.
    pub async fn decide(&self, by: Requester, id: i64, verdict: Verdict) -> DomainResult<()> {
        let comment = comment_store::decidable(&self.db, id)
            .await?
            .ok_or(DomainError::NotFound(Resource::Comment))?;
        if !self.moderates(by.id, comment.post_author_id).await? {
            return Err(DomainError::NotPermitted {
                resource: Resource::Comment,
                reason: "a comment is moderated by its post's author, an editor or an admin",
            });
        }
        match verdict {
            Verdict::Approve => {
                comment_store::set_state(&self.db, id, comment_store::SHOWN).await?
            }
            Verdict::Reject => comment_store::delete(&self.db, id).await?,
            Verdict::Spam => comment_store::set_state(&self.db, id, comment_store::SPAM).await?,
            Verdict::Ban => {
                self.ban_id(by, comment.author_id).await?;
                comment_store::set_state(&self.db, id, comment_store::SPAM).await?;
            }
        }
        // The post's page shows the comment, or no longer does.
        if comment.state == comment_store::SHOWN || verdict == Verdict::Approve {
            self.changes.announce(Change::Post(comment.post_slug));
        }
        Ok(())
    }

    /// Bans the account called `username` from writing: editors and admins only.
    pub async fn ban(&self, by: Requester, username: &str) -> DomainResult<()> {
        let id = self.accounts.member_id(username).await?;
        self.ban_id(by, id).await
    }

    async fn ban_id(&self, by: Requester, id: UserId) -> DomainResult<()> {
        self.require_moderator(by.id, "only editors and admins ban accounts")
            .await?;
        let account = self.accounts.find(id).await?;
        if account.role.may(Action::ModerateComments) {
            return Err(DomainError::invalid(
                "username",
                "moderates comments: give them another role before banning them",
            ));
        }
        let actor = self.accounts.actor(by).await?;
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        if comment_store::ban(&mut tx, id, now).await? {
            audit::record(
                &mut *tx,
                now,
                &actor,
                AuditAction::Banned,
                &account.username,
            )
            .await?;
        }
        tx.commit().await?;
        // Every server forgets its copy of the account, and with it that it may write.
        self.changes.announce(Change::Account(id.0));
        Ok(())
    }

    /// Lets the account called `username` write again.
    pub async fn lift_ban(&self, by: Requester, username: &str) -> DomainResult<()> {
        self.require_moderator(by.id, "only editors and admins lift bans")
            .await?;
        let id = self.accounts.member_id(username).await?;
        let actor = self.accounts.actor(by).await?;
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        if comment_store::unban(&mut tx, id).await? {
            audit::record(&mut *tx, now, &actor, AuditAction::BanLifted, username).await?;
        }
        tx.commit().await?;
        self.changes.announce(Change::Account(id.0));
        Ok(())
    }

    /// The banned accounts, the latest first: editors and admins only.
    pub async fn banned(&self, actor: UserId) -> DomainResult<Vec<BannedAccount>> {
        self.require_moderator(actor, "only editors and admins see bans")
            .await?;
        Ok(comment_store::banned(&self.db, BANNED_LISTED)
            .await?
            .into_iter()
            .map(|(username, at)| BannedAccount {
                username,
                banned: moment(at),
            })
            .collect())
    }

    /// Closes (or opens again) the comments under a post: its author and moderators may.
    /// Comments already there stay.
    pub async fn set_closed(&self, actor: UserId, slug: &str, closed: bool) -> DomainResult<()> {
        let post = self.posts.visible(slug, Some(actor)).await?;
        if !self.moderates(actor, post.author_id).await? {
            return Err(DomainError::NotPermitted {
                resource: Resource::Comment,
                reason: "a post's comments are closed by its author, an editor or an admin",
            });
        }
        let closed_at = closed.then(|| self.clock.now_millis());
        comment_store::set_closed(&self.db, post.id, closed_at).await?;
        self.changes.announce(Change::Post(slug.to_owned()));
        Ok(())
    }

    async fn require_moderator(&self, actor: UserId, reason: &'static str) -> DomainResult<()> {
        if self.posts.may(actor, Action::ModerateComments).await? {
            Ok(())
        } else {
            Err(DomainError::NotPermitted {
                resource: Resource::Comment,
                reason,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> SiteSettings {
        let mut settings = crate::server::site::builtin();
        settings.comment_link_limit = 1;
        settings.comment_held_words = vec!["casino".into(), "赌场".into()];
        settings
    }

    #[test]
    fn links_over_the_limit_hold_a_comment() {
        let settings = settings();
        assert_eq!(hold_reason(&settings, "see https://a.example"), None);
        assert_eq!(
            hold_reason(&settings, "see https://a.example and (www.b.example)"),
            Some(HoldReason::Links)
        );
    }

    #[test]
    fn listed_words_hold_a_comment_only_as_words() {
        let settings = settings();
        assert_eq!(
            hold_reason(&settings, "Best CASINO in town!"),
            Some(HoldReason::Words)
        );
        assert_eq!(hold_reason(&settings, "casinos"), None);
        assert_eq!(
            hold_reason(&settings, "最好的赌场在这里"),
            Some(HoldReason::Words)
        );
        assert_eq!(hold_reason(&settings, "a fine post"), None);
    }

    #[test]
    fn the_policy_can_hold_everything() {
        let mut settings = settings();
        settings.comment_policy = CommentPolicy::AllHeld;
        assert_eq!(hold_reason(&settings, "hello"), Some(HoldReason::Policy));
    }
}
