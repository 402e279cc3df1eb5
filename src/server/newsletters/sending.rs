//! Writing a newsletter out: a server claims it, renders the post as email once, and writes
//! its readers' messages into the outbox a batch at a time, the cursor moving in each batch's
//! transaction while the claim holds.

use super::{Newsletters, letters, store};
use crate::{
    model::routes,
    server::{
        accounts::UserId,
        clock::duration_millis,
        content::store::Tx,
        email::{self, ListMessage},
        error::DomainResult,
    },
};
use store::{Progress, WHOLE_SITE};

/// Readers written into the outbox per transaction.
const RECIPIENTS_PER_BATCH: i64 = 500;
/// Newsletters one pass looks at; the rest wait for the next.
const OPEN_PER_PASS: i64 = 5;

/// The stages a newsletter goes through: the site's subscribers, the author's, done.
const SITE: &str = "site";
const AUTHOR: &str = "author";
const DONE: &str = "done";

impl Newsletters {
    /// Writes the messages of open newsletters into the outbox (see the module's docs);
    /// returns how many it wrote.
    pub async fn send_due(&self) -> DomainResult<u64> {
        if !self.enabled {
            return Ok(0);
        }
        let mut written = 0;
        for id in store::open(&self.db, self.clock.now_millis(), OPEN_PER_PASS).await? {
            match self.write_out(id).await {
                Ok(count) => written += count,
                Err(error) => {
                    tracing::warn!(id, %error, "cannot write a newsletter's messages");
                    // Let the next pass (this server's or another's) take it up at once,
                    // rather than when the claim would have run out.
                    store::release(&self.db, id).await?;
                }
            }
        }
        Ok(written)
    }

    /// Claims one newsletter and writes its messages, batch by batch, while the claim holds.
    async fn write_out(&self, id: i64) -> DomainResult<u64> {
        let now = self.clock.now_millis();
        let mut held = now + duration_millis(self.lease);
        let Some(mut newsletter) = store::claim(&self.db, id, now, held).await? else {
            return Ok(0);
        };
        if newsletter.subject.is_none() {
            match self.render(&newsletter, held).await? {
                Rendering::Ready(subject) => newsletter.subject = Some(subject),
                Rendering::Lost => return Ok(0),
                Rendering::NotSent(outcome) => {
                    let mut tx = self.db.begin().await?;
                    let progress = Progress {
                        stage: DONE,
                        after_id: 0,
                        added: 0,
                        held_until: held,
                        until: held,
                        finished: Some((now, outcome)),
                    };
                    store::advance(&mut tx, id, &progress).await?;
                    tx.commit().await?;
                    tracing::info!(id, outcome, "a newsletter is not sent");
                    return Ok(0);
                }
            }
        }
        let subject = newsletter.subject.clone().unwrap_or_default();
        let mut written = 0;
        while newsletter.stage != DONE {
            let mut tx = self.db.begin().await?;
            let Some(step) = self
                .write_batch(&mut tx, &newsletter, &subject, held)
                .await?
            else {
                // Another server holds it now.
                return Ok(written);
            };
            tx.commit().await?;
            written += step.added;
            newsletter.stage = step.stage.to_owned();
            newsletter.after_id = step.after_id;
            held = step.until;
        }
        tracing::info!(id, written, "a newsletter's messages are written");
        Ok(written)
    }

    /// The post as email, kept with its newsletter once.
    async fn render(&self, newsletter: &store::Newsletter, held: i64) -> DomainResult<Rendering> {
        let now = self.clock.now_millis();
        if now - newsletter.created_at > duration_millis(self.give_up_after) {
            return Ok(Rendering::NotSent(
                "not sent: the post was published while the site sent no email",
            ));
        }
        let Some(post) = self.posts.published_by_id(newsletter.post_id).await? else {
            return Ok(Rendering::NotSent("not sent: the post is no longer public"));
        };
        let site = self.site.now();
        let post_url = format!(
            "{}{}",
            self.public_url,
            routes::post_href(&post.summary.slug)
        );
        let (subject, text, html) = letters::issue(
            site.language,
            &site.settings.title,
            &post,
            (&self.public_url, &post_url),
        );
        Ok(
            if store::set_body(&self.db, newsletter.id, held, (&subject, &text, &html)).await? {
                Rendering::Ready(subject)
            } else {
                Rendering::Lost
            },
        )
    }

    /// Writes the next batch of one newsletter's messages in `tx`, with the newsletter's
    /// move past them; `None` when this server's claim is gone (nothing is kept).
    async fn write_batch(
        &self,
        tx: &mut Tx<'static>,
        newsletter: &store::Newsletter,
        subject: &str,
        held: i64,
    ) -> DomainResult<Option<Step>> {
        let now = self.clock.now_millis();
        let list = if newsletter.stage == SITE {
            WHOLE_SITE
        } else {
            newsletter.author_id
        };
        // A write first: on SQLite the transaction takes the write lock now, waiting its turn,
        // instead of reading first and failing to upgrade when the outbox wrote meanwhile.
        let until = now + duration_millis(self.lease);
        if !store::renew(tx, newsletter.id, held, until).await? {
            return Ok(None);
        }
        let readers =
            store::recipients(tx, list, newsletter.after_id, RECIPIENTS_PER_BATCH).await?;
        let site = self.site.now();
        let site_title = &site.settings.title;
        let author = if list == WHOLE_SITE {
            None
        } else {
            Some(self.accounts.find(UserId(list)).await?.username)
        };
        let mut added = 0;
        for reader in &readers {
            let locale = reader.language.parse().unwrap_or(site.language);
            let list_name = letters::list_name(locale, site_title, author.as_deref());
            let unsubscribe = format!(
                "{}{}",
                self.public_url,
                routes::unsubscribe_href(&reader.unsubscribe_token)
            );
            let (text, html) = letters::closing(locale, site_title, &list_name, &unsubscribe);
            // One message per address and post, whichever lists the address is on.
            let cause = format!(
                "newsletter:{}:{}",
                newsletter.id,
                reader.email.to_lowercase()
            );
            let message = ListMessage {
                cause: &cause,
                newsletter_id: newsletter.id,
                recipient: &reader.email,
                subject,
                text_part: &text,
                html_part: &html,
                list_unsubscribe: &unsubscribe,
                now,
            };
            if email::insert_list_message(&mut **tx, message).await? {
                added += 1;
            }
        }
        let (stage, after_id) = match (readers.last(), newsletter.stage.as_str()) {
            (Some(last), SITE) if readers.len() as i64 >= RECIPIENTS_PER_BATCH => (SITE, last.id),
            (Some(last), _) if readers.len() as i64 >= RECIPIENTS_PER_BATCH => (AUTHOR, last.id),
            (_, SITE) => (AUTHOR, 0),
            _ => (DONE, 0),
        };
        let progress = Progress {
            stage,
            after_id,
            added,
            held_until: until,
            until,
            finished: (stage == DONE).then_some((now, "sent")),
        };
        if !store::advance(tx, newsletter.id, &progress).await? {
            return Ok(None);
        }
        Ok(Some(Step {
            stage,
            after_id,
            added: u64::try_from(added).unwrap_or(0),
            until,
        }))
    }
}

enum Rendering {
    /// Kept, with this subject.
    Ready(String),
    /// Another server holds the newsletter now.
    Lost,
    NotSent(&'static str),
}

/// One batch written.
struct Step {
    stage: &'static str,
    after_id: i64,
    added: u64,
    until: i64,
}
