//! Newsletters: readers subscribe to new posts by email, from the whole site or from one
//! author, with an address alone (confirmed by a link first: double opt-in) or from their
//! account (sent to its address while that is verified). A post's first publication opens
//! its newsletter in the publishing transaction (`content::store::newsletters`); every
//! server's worker (`server::workers`) claims open newsletters and writes their messages into
//! the outbox a batch at a time, the cursor moving in the batch's own transaction, so a
//! restart resumes after the last batch written and nothing is written twice. Each message
//! carries its reader's unsubscribe link, also as RFC 8058 one-click headers.

pub mod letters;
pub mod store;

use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::{
    i18n::Locale,
    model::{NewsletterReport, routes},
    server::{
        accounts::{Accounts, UserId, rules},
        clock::{Clock, duration_millis},
        content::{Posts, store::Tx},
        db::Db,
        email::{self, Letter, ListMessage},
        error::{DomainError, DomainResult, Resource},
        random::random_hex,
        settings::EmailSettings,
        site::LiveSite,
    },
};
use store::{NewSubscription, Progress, WHOLE_SITE};

/// Readers written into the outbox per transaction.
const RECIPIENTS_PER_BATCH: i64 = 500;
/// Newsletters one pass looks at; the rest wait for the next.
const OPEN_PER_PASS: i64 = 5;
/// How long a confirmation link works (and an unconfirmed subscription is kept).
pub const CONFIRMATION_LIFETIME: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// An address is sent a new confirmation link at most this often.
const CONFIRMATION_AGAIN_AFTER: Duration = Duration::from_secs(10 * 60);

/// The newsletters' lists, for the query-plan tests: `(name, statement, values)`, as
/// [`crate::server::email::OUTBOX_LISTS`].
pub const NEWSLETTER_LISTS: [(&str, &str, &[&str]); 3] = [
    (
        "a list's next readers",
        store::RECIPIENTS,
        &["0", "0", "500"],
    ),
    (
        "an author's next readers",
        store::RECIPIENTS,
        &["7", "100", "500"],
    ),
    ("open newsletters", store::OPEN, &["9000000000000", "5"]),
];

/// The stages a newsletter goes through: the site's subscribers, the author's, done.
const SITE: &str = "site";
const AUTHOR: &str = "author";
const DONE: &str = "done";

#[derive(Clone)]
pub struct Newsletters {
    db: Db,
    clock: Clock,
    accounts: Accounts,
    posts: Posts,
    site: LiveSite,
    public_url: String,
    enabled: bool,
    lease: Duration,
    give_up_after: Duration,
}

impl std::fmt::Debug for Newsletters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Newsletters")
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

/// What a subscription page names: the list, and whether the link worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListName(pub String);

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn no_email() -> DomainError {
    DomainError::invalid(
        "email",
        "cannot be subscribed: this site sends no email (its owner has not set up a mail relay)",
    )
}

impl Newsletters {
    pub fn new(
        db: Db,
        clock: Clock,
        (accounts, posts, site): (Accounts, Posts, LiveSite),
        public_url: String,
        settings: &EmailSettings,
    ) -> Self {
        Self {
            db,
            clock,
            accounts,
            posts,
            site,
            public_url,
            enabled: settings.enabled(),
            lease: settings.claim_lease,
            give_up_after: settings.give_up_after,
        }
    }

    /// Whether the site sends newsletters (it has a mail relay).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The list `author` names: theirs, or the whole site's.
    async fn list_of(&self, author: Option<&str>) -> DomainResult<(i64, Option<String>)> {
        let Some(author) = author.map(str::trim).filter(|author| !author.is_empty()) else {
            return Ok((WHOLE_SITE, None));
        };
        let id = self
            .accounts
            .id_by_username(author)
            .await?
            .ok_or(DomainError::NotFound(Resource::Profile))?;
        let name = self.accounts.find(id).await?.username;
        Ok((id.0, Some(name)))
    }

    async fn list_name_of(&self, locale: Locale, author_id: i64) -> DomainResult<String> {
        let author = if author_id == WHOLE_SITE {
            None
        } else {
            Some(self.accounts.find(UserId(author_id)).await?.username)
        };
        Ok(letters::list_name(
            locale,
            &self.site.now().settings.title,
            author.as_deref(),
        ))
    }

    /// Subscribes `email` to `author`'s posts (or the site's) once the address confirms it.
    /// The answer is the same whether the address was on the list, and so is its time: the
    /// subscription and its message are written off the request.
    pub async fn subscribe_address(
        &self,
        email: &str,
        author: Option<&str>,
        language: Locale,
    ) -> DomainResult<()> {
        if !self.enabled {
            return Err(no_email());
        }
        let email = rules::email(email)?.to_lowercase();
        let (list, author) = self.list_of(author).await?;
        let this = self.clone();
        tokio::spawn(async move {
            if let Err(error) = this
                .write_subscription(&email, list, author.as_deref(), language)
                .await
            {
                tracing::warn!(%error, "cannot write a subscription");
            }
        });
        Ok(())
    }

    async fn write_subscription(
        &self,
        email: &str,
        list: i64,
        author: Option<&str>,
        language: Locale,
    ) -> DomainResult<()> {
        let now = self.clock.now_millis();
        let token = random_hex(32);
        let mut tx = self.db.begin().await?;
        let id = match store::find(&mut tx, list, email).await? {
            // Already on the list: nothing to send.
            Some(known) if known.confirmed_at.is_some() => return Ok(()),
            // A link left a moment ago; another would only fill the inbox.
            Some(known)
                if known
                    .confirm_sent_at
                    .is_some_and(|sent| now - sent < duration_millis(CONFIRMATION_AGAIN_AFTER)) =>
            {
                return Ok(());
            }
            Some(known) => {
                store::renew_confirmation(&mut tx, known.id, &digest(&token), now).await?;
                known.id
            }
            None => {
                let new = NewSubscription {
                    author_id: list,
                    email,
                    user_id: None,
                    language: crate::i18n::tag(language),
                    unsubscribe_token: &random_hex(32),
                    confirm_hash: Some(&digest(&token)),
                    now,
                    confirmed: false,
                };
                store::insert(&mut tx, &new).await?
            }
        };
        let site = self.site.now().settings.title.clone();
        let list_name = letters::list_name(language, &site, author);
        let link = format!(
            "{}{}",
            self.public_url,
            routes::confirm_subscription_href(&token)
        );
        let letter = letters::confirm_subscription(language, &site, &list_name, &link);
        write_letter(
            &mut tx,
            &format!("subscribe:{id}:{now}"),
            email,
            &letter,
            language,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Confirms the subscription the link `token` was sent for; the list's name.
    pub async fn confirm(&self, token: &str, language: Locale) -> DomainResult<ListName> {
        let now = self.clock.now_millis();
        let sent_after = now - duration_millis(CONFIRMATION_LIFETIME);
        let confirmed = store::confirm(&self.db, &digest(token), sent_after, now)
            .await?
            .ok_or_else(|| {
                DomainError::invalid("token", "has been used or has expired; subscribe again")
            })?;
        Ok(ListName(
            self.list_name_of(language, confirmed.author_id).await?,
        ))
    }

    /// The list the unsubscribe link `token` leaves; `None` when it is on none (any more).
    pub async fn list_of_link(
        &self,
        token: &str,
        language: Locale,
    ) -> DomainResult<Option<ListName>> {
        match store::find_by_token(&self.db, token).await? {
            Some(subscription) => Ok(Some(ListName(
                self.list_name_of(language, subscription.author_id).await?,
            ))),
            None => Ok(None),
        }
    }

    /// Unsubscribes whoever the link `token` was written for; the list they left, `None`
    /// when they had left it already (the link may be followed twice: that is no error).
    pub async fn unsubscribe(
        &self,
        token: &str,
        language: Locale,
    ) -> DomainResult<Option<ListName>> {
        match store::remove_by_token(&self.db, token).await? {
            Some(subscription) => {
                tracing::info!(list = subscription.author_id, "a reader unsubscribed");
                Ok(Some(ListName(
                    self.list_name_of(language, subscription.author_id).await?,
                )))
            }
            None => Ok(None),
        }
    }

    /// Subscribes the account `user` (at its verified address) to `author`'s posts or the
    /// site's, at once.
    pub async fn subscribe_account(
        &self,
        user: UserId,
        author: Option<&str>,
        language: Locale,
    ) -> DomainResult<()> {
        if !self.enabled {
            return Err(no_email());
        }
        if !self.accounts.email_verified(user).await? {
            return Err(DomainError::invalid(
                "email",
                "is not verified yet: follow the link sent to it (or ask for a new one on your \
                 account page), then subscribe",
            ));
        }
        let (list, _) = self.list_of(author).await?;
        let email = self.accounts.find(user).await?.email.to_lowercase();
        let now = self.clock.now_millis();
        let mut tx = self.db.begin().await?;
        match store::find(&mut tx, list, &email).await? {
            Some(known) => store::adopt(&mut tx, known.id, user.0, now).await?,
            None => {
                let new = NewSubscription {
                    author_id: list,
                    email: &email,
                    user_id: Some(user.0),
                    language: crate::i18n::tag(language),
                    unsubscribe_token: &random_hex(32),
                    confirm_hash: None,
                    now,
                    confirmed: true,
                };
                store::insert(&mut tx, &new).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The account `user` leaves `author`'s list (or the site's).
    pub async fn unsubscribe_account(
        &self,
        user: UserId,
        author: Option<&str>,
    ) -> DomainResult<()> {
        let (list, _) = self.list_of(author).await?;
        store::remove_account(&self.db, user.0, list).await?;
        Ok(())
    }

    /// Whether the account `user` is on `author`'s list (or the site's).
    pub async fn account_subscribed(
        &self,
        user: UserId,
        author: Option<&str>,
    ) -> DomainResult<bool> {
        let (list, _) = self.list_of(author).await?;
        store::account_subscribed(&self.db, user.0, list).await
    }

    /// What the newsletter of the post at `slug` did, for whoever may change the post; `None`
    /// when the post has not been published (or was published before newsletters).
    pub async fn report(
        &self,
        actor: UserId,
        slug: &str,
    ) -> DomainResult<Option<NewsletterReport>> {
        let post_id = self.posts.id_if_editable(actor, slug).await?;
        if !self.enabled {
            return Ok(None);
        }
        let Some(report) = store::report(&self.db, post_id).await? else {
            return Ok(None);
        };
        Ok(Some(NewsletterReport {
            recipients: report.recipients,
            delivered: store::delivered(&self.db, report.id).await?,
            finished: report.finished_at.is_some(),
            outcome: report.outcome,
        }))
    }

    /// Subscribers of the site's list and of `author`'s, confirmed.
    pub async fn subscriber_count(&self, author: Option<UserId>) -> DomainResult<i64> {
        store::count(&self.db, author.map_or(WHOLE_SITE, |author| author.0)).await
    }

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

    /// Forgets subscriptions never confirmed within [`CONFIRMATION_LIFETIME`].
    pub async fn prune(&self) -> DomainResult<u64> {
        store::prune_unconfirmed(
            &self.db,
            self.clock.now_millis() - duration_millis(CONFIRMATION_LIFETIME),
        )
        .await
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

/// Writes a [`Letter`] into the outbox in `tx`.
async fn write_letter(
    tx: &mut Tx<'static>,
    cause: &str,
    to: &str,
    letter: &Letter,
    language: Locale,
    now: i64,
) -> DomainResult<()> {
    let rendered = letter.render(language);
    email::store::insert(
        &mut **tx,
        email::store::NewMessage {
            cause,
            kind: "subscription",
            recipient: to,
            subject: &rendered.subject,
            text_body: &rendered.text,
            html_body: &rendered.html,
            now,
        },
    )
    .await?;
    Ok(())
}
