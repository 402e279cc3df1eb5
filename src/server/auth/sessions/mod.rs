//! Sessions: the one place that signs people in and out, renews their tokens and guards the
//! changes that could hand an account to someone else. Every door (server functions, the
//! REST API, the seed endpoints, the credentials middleware) calls in here and only decides
//! how to deliver what it gets back (`http::delivery`).
//!
//! A refresh token is 256 random bits handed to the client once; the store keeps its SHA-256
//! only. Under `rotate`, each refresh replaces the token and keeps the old one as retired:
//! presenting any retired token after the grace window means it was copied, and the whole
//! session is revoked (reuse detection, RFC 9700 §4.14.2). Within the window it is a second
//! tab that refreshed at the same moment: it gets an access token, never a refresh token.

mod devices;
pub use devices::device_names;
mod guard;
mod recovery;
mod second_step;
pub mod store;
mod suspension;

use std::{sync::Arc, time::Duration};

use sha2::{Digest, Sha256};
pub use store::{RedisSessionStore, SessionStore, SqlSessionStore};

use super::{
    SessionId,
    second_factor::{Challenge, SecondFactors, SignInMethod},
    throttle::LoginThrottle,
    tokens::{AccessTokens, IssuedToken, TokenError, TokenSubject},
};
use crate::server::{
    accounts::{Account, Accounts, NewAccount, UserId},
    clock::{Clock, duration_millis},
    error::{DomainError, DomainResult},
    random::random_hex,
    settings::{AuthSettings, RefreshPolicy},
};

/// The plain refresh token, as handed to the client. Never stored, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct RefreshToken(pub String);

impl std::fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RefreshToken(..)")
    }
}

impl RefreshToken {
    fn generate() -> Self {
        Self(random_hex(32))
    }

    fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

/// What a sign-in, sign-up or refresh hands out. How it reaches the caller (cookie, header,
/// body) is the HTTP edge's decision.
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    pub subject: TokenSubject,
    pub access: IssuedToken,
    /// A new refresh token, after a sign-in or a rotation. `None`: keep the one you have
    /// (`fixed` leaves it unchanged), or, within the grace window after another tab rotated,
    /// that tab holds the new one: an old token never buys a new one.
    pub refresh: Option<RefreshToken>,
    /// How long the caller's refresh token (old or new) stays valid.
    pub refresh_expires_in: Duration,
}

#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: Account,
    pub tokens: IssuedTokens,
}

/// Where a password leaves a sign-in: done, or waiting for the account's second factor
/// (no token of any kind yet; [`Sessions::complete_sign_in`] takes the challenge and a code).
#[derive(Debug, Clone)]
pub enum SignInStep {
    SignedIn(Box<SignedIn>),
    SecondFactorRequired(Challenge),
}

/// Who is signing in, as far as the request tells.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub user_agent: String,
    /// The language the client reads (the page's, or `Accept-Language`'s): the one of any
    /// email its request causes.
    pub language: crate::i18n::Locale,
    /// The client's address (through trusted proxies); `None` when unknown.
    pub address: Option<std::net::IpAddr>,
}

/// A session as its store keeps it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRecord {
    pub id: SessionId,
    pub user_id: UserId,
    pub created_at: i64,
    pub last_used_at: i64,
    pub expires_at: i64,
    pub absolute_expires_at: i64,
    pub revoked_at: Option<i64>,
    pub user_agent: String,
    /// `SignInMethod::as_str`.
    pub sign_in_method: String,
}

impl SessionRecord {
    fn is_live(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

/// A signed-in device, as the account page lists it.
#[derive(Debug, Clone)]
pub struct DeviceSession {
    pub id: SessionId,
    pub user_agent: String,
    pub signed_in_at: i64,
    pub last_used_at: i64,
    pub current: bool,
    pub sign_in_method: SignInMethod,
}

/// Upper bound on a user agent kept with a session.
const USER_AGENT_MAX_CHARS: usize = 300;

#[derive(Clone, Debug)]
pub struct Sessions {
    store: Arc<dyn SessionStore>,
    tokens: AccessTokens,
    accounts: Accounts,
    second_factors: SecondFactors,
    throttle: LoginThrottle,
    clock: Clock,
    policy: RefreshPolicy,
    refresh_lifetime: Duration,
    max_session_lifetime: Duration,
    reuse_grace: Duration,
    recent_sign_in: Duration,
}

impl Sessions {
    pub fn new(
        store: Arc<dyn SessionStore>,
        tokens: AccessTokens,
        accounts: Accounts,
        second_factors: SecondFactors,
        throttle: LoginThrottle,
        clock: Clock,
        settings: &AuthSettings,
    ) -> Self {
        Self {
            store,
            tokens,
            accounts,
            second_factors,
            throttle,
            clock,
            policy: settings.refresh_policy,
            refresh_lifetime: settings.refresh_token_lifetime,
            max_session_lifetime: settings.session_max_lifetime,
            reuse_grace: settings.refresh_reuse_grace,
            recent_sign_in: settings.recent_sign_in,
        }
    }

    /// Checks an access token (rule 1); no store involved. A suspended account's tokens
    /// are over, as its sessions are.
    pub fn verify(&self, access_token: &str) -> Result<TokenSubject, TokenError> {
        let subject = self.tokens.verify(access_token)?;
        if self.accounts.is_suspended(subject.user_id) {
            return Err(TokenError::Ended);
        }
        Ok(subject)
    }

    /// Signs in with a username or email and a password, unless this account or address
    /// has failed too often lately (then nothing is hashed at all). The attempt is counted
    /// before the password is checked, and given back when it was right. An account with a
    /// second factor gets a challenge instead of tokens, and its counts stay until the code.
    pub async fn sign_in(
        &self,
        login: &str,
        password: &str,
        client: &ClientInfo,
    ) -> DomainResult<SignInStep> {
        let account_key = self.accounts.login_key(login).await?;
        self.throttle.attempt(&account_key, client.address).await?;
        let account = match self.accounts.authenticate(login, password).await {
            Ok(account) => account,
            Err(DomainError::AccountSuspended) => {
                // The right password: no guess to count.
                self.throttle.passed(&account_key, client.address).await?;
                return Err(DomainError::AccountSuspended);
            }
            Err(error) => return Err(error),
        };
        if self.second_factors.required(account.id).await? {
            self.throttle.halfway(&account_key, client.address).await?;
            let challenge = self.second_factors.open_challenge(account.id).await?;
            return Ok(SignInStep::SecondFactorRequired(challenge));
        }
        self.throttle.passed(&account_key, client.address).await?;
        let signed_in = self.open(account, client, SignInMethod::Password).await?;
        Ok(SignInStep::SignedIn(Box::new(signed_in)))
    }

    /// Creates an account (registration permitting) and signs it in. Sign-ups count against
    /// the address's budget, so nobody can probe for taken emails or fill the table at will.
    pub async fn sign_up(&self, new: NewAccount, client: &ClientInfo) -> DomainResult<SignedIn> {
        self.throttle.sign_up(client.address).await?;
        let account = self.accounts.sign_up(new, client.language).await?;
        self.open(account, client, SignInMethod::Password).await
    }

    /// Signs someone up with an invitation (whatever the registration mode), counted like
    /// any sign-up.
    pub async fn sign_up_invited(
        &self,
        token: &str,
        new: NewAccount,
        client: &ClientInfo,
    ) -> DomainResult<SignedIn> {
        self.throttle.sign_up(client.address).await?;
        let account = self
            .accounts
            .sign_up_invited(token, new, client.language)
            .await?;
        self.open(account, client, SignInMethod::Password).await
    }

    /// Makes the site's owner with a setup link and signs them in. Counted like a sign-up,
    /// so nobody can try tokens at will (they are 256 bits besides).
    pub async fn claim_site(
        &self,
        token: &str,
        new: NewAccount,
        client: &ClientInfo,
    ) -> DomainResult<SignedIn> {
        self.throttle.sign_up(client.address).await?;
        let account = self
            .accounts
            .claim_site(token, new, client.language)
            .await?;
        self.open(account, client, SignInMethod::Password).await
    }

    async fn open(
        &self,
        account: Account,
        client: &ClientInfo,
        method: SignInMethod,
    ) -> DomainResult<SignedIn> {
        let now = self.clock.now_millis();
        let expires_at = now + duration_millis(self.refresh_lifetime);
        let session = SessionRecord {
            id: SessionId(random_hex(16)),
            user_id: account.id,
            created_at: now,
            last_used_at: now,
            expires_at,
            absolute_expires_at: match self.policy {
                RefreshPolicy::Fixed => expires_at,
                RefreshPolicy::Rotate => now + duration_millis(self.max_session_lifetime),
            },
            revoked_at: None,
            user_agent: client
                .user_agent
                .chars()
                .take(USER_AGENT_MAX_CHARS)
                .collect(),
            sign_in_method: method.as_str().to_owned(),
        };
        let refresh = RefreshToken::generate();
        self.store.open(&session, &refresh.digest()).await?;
        let tokens = self.issue(&session, Some(refresh), now);
        Ok(SignedIn { account, tokens })
    }

    /// Exchanges a refresh token for a new access token (and, under `rotate`, a new refresh
    /// token). With `only`, a token of any other session (another user's, say) renews
    /// nothing and is left untouched.
    pub async fn refresh(
        &self,
        presented: &RefreshToken,
        only: Option<&SessionId>,
    ) -> DomainResult<IssuedTokens> {
        let digest = presented.digest();
        let now = self.clock.now_millis();
        let Some(record) = self.store.find_token(&digest).await? else {
            return Err(DomainError::SessionEnded);
        };
        let session = record.session;
        if only.is_some_and(|id| *id != session.id)
            || !session.is_live(now)
            || self.accounts.is_suspended(session.user_id)
        {
            return Err(DomainError::SessionEnded);
        }
        match (record.retired_at, self.policy) {
            (None, RefreshPolicy::Fixed) => {
                self.store.touch(&session.id, now).await?;
                Ok(self.issue(&session, None, now))
            }
            (None, RefreshPolicy::Rotate) => self.rotate(session, &digest, now).await,
            (Some(retired_at), _) if now - retired_at <= duration_millis(self.reuse_grace) => {
                // Another tab rotated a moment ago; it holds the new refresh token.
                Ok(self.issue(&session, None, now))
            }
            (Some(_), _) => {
                tracing::warn!(
                    session = %session.id,
                    user = session.user_id.0,
                    "a retired refresh token was presented again; revoking the session"
                );
                self.store.revoke(&session.id, now).await?;
                Err(DomainError::SessionEnded)
            }
        }
    }

    async fn rotate(
        &self,
        mut session: SessionRecord,
        old_digest: &str,
        now: i64,
    ) -> DomainResult<IssuedTokens> {
        let refresh = RefreshToken::generate();
        let expires_at =
            (now + duration_millis(self.refresh_lifetime)).min(session.absolute_expires_at);
        let rotated = self
            .store
            .rotate(&session.id, old_digest, &refresh.digest(), now, expires_at)
            .await?;
        if !rotated {
            // Another request rotated the same token between our read and our write: ours is
            // the concurrent second tab, within the grace window by definition.
            return match self.store.find(&session.id).await? {
                Some(current) if current.is_live(now) => Ok(self.issue(&current, None, now)),
                _ => Err(DomainError::SessionEnded),
            };
        }
        session.expires_at = expires_at;
        Ok(self.issue(&session, Some(refresh), now))
    }

    fn issue(
        &self,
        session: &SessionRecord,
        refresh: Option<RefreshToken>,
        now: i64,
    ) -> IssuedTokens {
        let subject = TokenSubject {
            user_id: session.user_id,
            session_id: session.id.clone(),
        };
        IssuedTokens {
            access: self.tokens.issue(&subject),
            subject,
            refresh,
            refresh_expires_in: Duration::from_millis(
                u64::try_from(session.expires_at - now).unwrap_or(0),
            ),
        }
    }

    /// Ends the session of the presented refresh token and that of the access token, as far
    /// as either is known. Signing out twice is not an error.
    pub async fn sign_out(
        &self,
        presented: Option<&RefreshToken>,
        subject: Option<&TokenSubject>,
    ) -> DomainResult<()> {
        let now = self.clock.now_millis();
        if let Some(presented) = presented
            && let Some(record) = self.store.find_token(&presented.digest()).await?
        {
            self.store.revoke(&record.session.id, now).await?;
        }
        if let Some(subject) = subject {
            self.store.revoke(&subject.session_id, now).await?;
        }
        Ok(())
    }
}
