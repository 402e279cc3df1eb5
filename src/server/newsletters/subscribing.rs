//! Joining and leaving a list: an address confirmed by an emailed link (double opt-in), an
//! account at its verified address, and each message's unsubscribe link.

use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{CONFIRMATION_LIFETIME, ListName, Newsletters, letters, store};
use crate::{
    i18n::Locale,
    model::routes,
    server::{
        accounts::{UserId, rules},
        clock::duration_millis,
        content::store::Tx,
        email::{self, Letter},
        error::{DomainError, DomainResult},
        random::random_hex,
    },
};
use store::NewSubscription;

/// An address is sent a new confirmation link at most this often.
const CONFIRMATION_AGAIN_AFTER: Duration = Duration::from_secs(10 * 60);

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
