//! Newsletters: readers subscribe to new posts by email, from the whole site or from one
//! author, with an address alone (confirmed by a link first: double opt-in) or from their
//! account (sent to its address while that is verified). A post's first publication opens
//! its newsletter in the publishing transaction (`content::store::newsletters`); every
//! server's worker (`server::workers`) claims open newsletters and writes their messages into
//! the outbox a batch at a time, the cursor moving in the batch's own transaction, so a
//! restart resumes after the last batch written and nothing is written twice. Each message
//! carries its reader's unsubscribe link, also as RFC 8058 one-click headers.
//!
//! Joining and leaving lists is `subscribing`, writing a newsletter out `sending`, what the
//! messages say `letters`, and the SQL `store`.

pub mod letters;
mod sending;
pub mod store;
mod subscribing;

use std::time::Duration;

use crate::{
    i18n::Locale,
    model::NewsletterReport,
    server::{
        accounts::{Accounts, UserId},
        clock::{Clock, duration_millis},
        content::Posts,
        db::Db,
        error::{DomainError, DomainResult, Resource},
        settings::EmailSettings,
        site::LiveSite,
    },
};
use store::WHOLE_SITE;

/// How long a confirmation link works (and an unconfirmed subscription is kept).
pub const CONFIRMATION_LIFETIME: Duration = Duration::from_secs(7 * 24 * 60 * 60);

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

/// A list as pages and messages name it: the site's title, or an author on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListName(pub String);

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

    /// Forgets subscriptions never confirmed within [`CONFIRMATION_LIFETIME`].
    pub async fn prune(&self) -> DomainResult<u64> {
        store::prune_unconfirmed(
            &self.db,
            self.clock.now_millis() - duration_millis(CONFIRMATION_LIFETIME),
        )
        .await
    }
}
