//! Comment notices by email, which each author can turn off: a comment on one's post, and a
//! comment held for moderation (to the post's author and the site's editors and admins). They
//! are written in the transaction that stores the comment, through the outbox, in the site's
//! language (accounts keep no language of their own).

use super::{Accounts, UserId, notice_store};
use crate::{
    i18n::Locale,
    server::{
        email::{self, letters},
        error::DomainResult,
    },
};

/// The most moderators one held comment is told to.
const MODERATORS_TOLD: i64 = 20;

/// A comment just stored, as its notices name it.
pub struct CommentNotice<'a> {
    pub comment_id: i64,
    pub commenter: UserId,
    pub commenter_name: &'a str,
    pub post_author: UserId,
    pub post_id: i64,
    pub post_slug: &'a str,
    pub body: &'a str,
    /// Held for moderation (else shown).
    pub held: bool,
}

/// Which notices an account gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticePreferences {
    pub comments: bool,
    pub held: bool,
}

/// The first words of a comment, for a notice.
fn excerpt(body: &str) -> String {
    const CHARS: usize = 300;
    let mut text: String = body.chars().take(CHARS).collect();
    if body.chars().count() > CHARS {
        text.push('…');
    }
    text
}

impl Accounts {
    pub async fn notice_preferences(&self, id: UserId) -> DomainResult<NoticePreferences> {
        let (comments_off, held_off) = notice_store::preferences(&self.db, id).await?;
        Ok(NoticePreferences {
            comments: comments_off.is_none(),
            held: held_off.is_none(),
        })
    }

    pub async fn set_notice_preferences(
        &self,
        id: UserId,
        wanted: NoticePreferences,
    ) -> DomainResult<()> {
        let now = self.clock.now_millis();
        let off = |on: bool| (!on).then_some(now);
        notice_store::set_preferences(&self.db, id, off(wanted.comments), off(wanted.held)).await
    }

    /// Writes the notices of a new comment into the outbox, in the transaction that stores
    /// it: to the post's author for a shown comment; to the post's author and the site's
    /// moderators for a held one. Never to the comment's own writer; nothing without a relay.
    pub async fn write_comment_notices(
        &self,
        tx: &mut sqlx::AnyConnection,
        notice: &CommentNotice<'_>,
    ) -> DomainResult<()> {
        let Some(mail) = &self.mail else {
            return Ok(());
        };
        let mut recipients = Vec::new();
        if notice.held {
            recipients.extend(notice_store::held_author(&mut *tx, notice.post_author).await?);
            for moderator in notice_store::held_recipients(&mut *tx, MODERATORS_TOLD).await? {
                if !recipients
                    .iter()
                    .any(|known: &notice_store::Recipient| known.id == moderator.id)
                {
                    recipients.push(moderator);
                }
            }
        } else {
            recipients.extend(notice_store::comment_recipient(&mut *tx, notice.post_author).await?);
        }
        recipients.retain(|recipient| recipient.id != notice.commenter);
        if recipients.is_empty() {
            return Ok(());
        }
        let post_title = notice_store::post_title(&mut *tx, notice.post_id).await?;
        let site = self.site.now();
        let language: Locale = site.settings.language.parse().unwrap_or_default();
        let post_link = format!(
            "{}{}#comment-{}",
            mail.public_url,
            crate::model::routes::post_href(notice.post_slug),
            notice.comment_id
        );
        let account_link = format!("{}/account", mail.public_url);
        let moderation_link = format!("{}/moderation", mail.public_url);
        let now = self.clock.now_millis();
        for recipient in recipients {
            let letter = if notice.held {
                letters::comment_held(
                    language,
                    &site.settings.title,
                    &recipient.username,
                    notice.commenter_name,
                    &post_title,
                    &excerpt(notice.body),
                    &moderation_link,
                    &account_link,
                )
            } else {
                letters::comment_on_your_post(
                    language,
                    &site.settings.title,
                    &recipient.username,
                    notice.commenter_name,
                    &post_title,
                    &excerpt(notice.body),
                    &post_link,
                    &account_link,
                )
            }
            .render(language);
            email::store::insert(
                &mut *tx,
                email::store::NewMessage {
                    cause: &format!("comment:{}:{}", notice.comment_id, recipient.id.0),
                    kind: if notice.held {
                        "comment_held"
                    } else {
                        "comment"
                    },
                    recipient: &recipient.email,
                    subject: &letter.subject,
                    text_body: &letter.text,
                    html_body: &letter.html,
                    now,
                },
            )
            .await?;
        }
        Ok(())
    }
}
