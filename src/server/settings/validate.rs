//! What the settings may hold, checked once at start-up: a bad value stops the server with
//! a message naming the key and what it accepts.

use std::time::Duration;

use super::{MIN_SECRET_BYTES, SessionStoreKind, Settings, SettingsError};

impl Settings {
    pub(super) fn validate(&self) -> Result<(), SettingsError> {
        self.validate_addresses()?;
        self.validate_site()?;
        self.validate_limits()?;
        self.validate_auth()?;
        self.validate_email()?;
        self.validate_redis()
    }

    /// A relay that can be reached and a sender it can be sent as, or no email at all.
    fn validate_email(&self) -> Result<(), SettingsError> {
        let email = &self.email;
        if !email.enabled() {
            return Ok(());
        }
        if let Err(problem) = crate::server::email::relay::check_url(&email.smtp_url) {
            return reject("email.smtp_url", &problem);
        }
        if email.from.parse::<lettre::message::Mailbox>().is_err() {
            return reject(
                "email.from",
                "must be an address like \"Blog <blog@example.com>\" when email.smtp_url is set",
            );
        }
        if email.sends_at_once == 0 {
            return reject("email.sends_at_once", "must be at least 1");
        }
        if email.claim_lease < Duration::from_secs(2) {
            return reject("email.claim_lease", "must be at least 2s");
        }
        if email.retry_after.is_zero() || email.give_up_after < email.retry_after {
            return reject(
                "email.give_up_after",
                "must be at least email.retry_after, which must be more than 0",
            );
        }
        Ok(())
    }

    /// Where the site is and what it stores in.
    fn validate_addresses(&self) -> Result<(), SettingsError> {
        let public_url = &self.server.public_url;
        if !(public_url.is_empty()
            || ((public_url.starts_with("https://") || public_url.starts_with("http://"))
                && http::Uri::try_from(public_url.as_str()).is_ok()))
        {
            return reject(
                "server.public_url",
                "must be empty or an address like \"https://blog.example\"",
            );
        }
        let url = &self.database.url;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres:")
            || url.starts_with("postgresql:"))
        {
            return reject(
                "database.url",
                "must start with `sqlite:` (for example sqlite://data/blog.db) or `postgres://`",
            );
        }
        if self.database.max_connections == 0 {
            return reject("database.max_connections", "must be at least 1");
        }
        if let Some(origin) =
            self.api.cors_allowed_origins.iter().find(|origin| {
                http::HeaderValue::from_str(origin).is_err() || !origin.contains("://")
            })
        {
            return reject(
                "api.cors_allowed_origins",
                &format!("{origin:?} is not an origin like \"https://app.example\""),
            );
        }
        Ok(())
    }

    /// What the site shows and who may join.
    fn validate_site(&self) -> Result<(), SettingsError> {
        // The same rules as the settings page's.
        match crate::server::site::rules::checked(self.site.clone()) {
            Err(crate::server::error::DomainError::Invalid { field, message }) => {
                Err(SettingsError::RejectedSite {
                    key: field,
                    problem: message,
                })
            }
            _ => Ok(()),
        }
    }

    /// Sizes, counts and times that bound what one request may take.
    fn validate_limits(&self) -> Result<(), SettingsError> {
        if self.server.max_connections == 0 {
            return reject("server.max_connections", "must be at least 1");
        }
        for (key, value) in [
            (
                "server.header_read_timeout",
                self.server.header_read_timeout,
            ),
            ("server.request_timeout", self.server.request_timeout),
            ("media.upload_timeout", self.media.upload_timeout),
        ] {
            if value < Duration::from_secs(1) {
                return reject(key, "must be at least 1s (for example \"10s\")");
            }
        }
        if self.media.max_upload_bytes < 1024 {
            return reject("media.max_upload_bytes", "must be at least 1024");
        }
        if self.media.max_pixels < 1_000_000 {
            return reject(
                "media.max_pixels",
                "must be at least 1000000 (one megapixel)",
            );
        }
        if self.server.max_body_bytes < 1024 {
            return reject("server.max_body_bytes", "must be at least 1024");
        }
        let limits = &self.limits;
        for (key, quota) in [
            ("limits.comments", limits.comments),
            ("limits.posts", limits.posts),
            ("limits.autosaves", limits.autosaves),
            ("limits.uploads", limits.uploads),
            ("limits.reactions", limits.reactions),
        ] {
            if quota.per_minute == 0 || quota.burst == 0 {
                return reject(
                    key,
                    "needs per_minute and burst of at least 1 (for example \
                     { per_minute = 6, burst = 20 })",
                );
            }
        }
        if self.throttle.window.is_zero() {
            return reject(
                "throttle.window",
                "must be longer than 0s (for example \"15m\")",
            );
        }
        if self.api.max_body_bytes < 1024 {
            return reject("api.max_body_bytes", "must be at least 1024");
        }
        Ok(())
    }

    /// Token lifetimes and signing secrets.
    fn validate_auth(&self) -> Result<(), SettingsError> {
        if self.auth.access_token_lifetime < Duration::from_secs(1) {
            return reject(
                "auth.access_token_lifetime",
                "must be at least 1s (for example \"15m\")",
            );
        }
        if self.auth.refresh_token_lifetime <= self.auth.access_token_lifetime {
            return reject(
                "auth.refresh_token_lifetime",
                "must be longer than auth.access_token_lifetime (for example \"7d\")",
            );
        }
        if self.auth.session_max_lifetime < self.auth.refresh_token_lifetime {
            return reject(
                "auth.session_max_lifetime",
                "must be at least auth.refresh_token_lifetime (for example \"30d\")",
            );
        }
        let previous = &self.auth.previous_secret;
        if !previous.is_empty()
            && (previous.len() < MIN_SECRET_BYTES || *previous == self.auth.secret)
        {
            return reject(
                "auth.previous_secret",
                &format!(
                    "must be empty, or the secret before the current one (at least \
                     {MIN_SECRET_BYTES} bytes, not the current secret)"
                ),
            );
        }
        if !self.auth.secret.is_empty() && self.auth.secret.len() < MIN_SECRET_BYTES {
            return reject(
                "auth.secret",
                &format!(
                    "is {} bytes long; it must be at least {MIN_SECRET_BYTES} bytes, or empty to \
                     let the server generate one",
                    self.auth.secret.len()
                ),
            );
        }
        Ok(())
    }

    /// Redis, and what is kept in it.
    fn validate_redis(&self) -> Result<(), SettingsError> {
        let redis_url = &self.redis.url;
        if !(redis_url.is_empty()
            || redis_url.starts_with("redis://")
            || redis_url.starts_with("rediss://")
            || redis_url.starts_with("redis+unix://"))
        {
            return reject(
                "redis.url",
                "must be empty or an address like \"redis://127.0.0.1:6379/0\"",
            );
        }
        if self.sessions.store == SessionStoreKind::Redis && redis_url.is_empty() {
            return reject(
                "sessions.store",
                "is \"redis\" but redis.url is empty; set redis.url (for example \
                 \"redis://127.0.0.1:6379/0\") or keep sessions in the \"database\"",
            );
        }
        if self.redis.key_prefix.is_empty() || self.redis.key_prefix.contains(char::is_whitespace) {
            return reject(
                "redis.key_prefix",
                "must be a word without spaces, like \"blog\"",
            );
        }
        Ok(())
    }
}

/// A key's value refused, saying what the key accepts.
fn reject(key: &'static str, problem: &str) -> Result<(), SettingsError> {
    Err(SettingsError::Rejected {
        key,
        problem: problem.to_owned(),
    })
}
