//! Second factors: an authenticator app's codes (TOTP) and single-use recovery codes, and
//! the half-way point of a two-step sign-in (the challenge). `Sessions` asks here whether an
//! account needs a second step and whether a code is right; it alone decides who may turn
//! factors on and off. See docs/auth.md.

mod recovery_codes;
mod store;
mod totp;

use std::time::Duration;

use sha2::{Digest, Sha256};
pub use totp::TotpEnrolment;

pub use crate::model::SignInMethod;

use crate::server::{
    accounts::UserId,
    audit::{self, Actor, AuditAction},
    clock::{Clock, duration_millis},
    db::Db,
    error::{DomainError, DomainResult},
    random::random_hex,
};

/// How long the second step may follow the password.
pub const CHALLENGE_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// The half-way point of a sign-in: the password was right, a code is awaited. The token is
/// the caller's to send back with the code; only its digest is kept.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub token: String,
    pub expires_in: Duration,
}

/// What the account page shows of its second factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecondFactorStatus {
    pub totp: bool,
    pub recovery_codes_left: u32,
}

#[derive(Clone, Debug)]
pub struct SecondFactors {
    db: Db,
    clock: Clock,
}

impl SecondFactors {
    pub fn new(db: Db, clock: Clock) -> Self {
        Self { db, clock }
    }

    pub async fn status(&self, user: UserId) -> DomainResult<SecondFactorStatus> {
        let totp = self.required(user).await?;
        let left = if totp {
            store::recovery_codes_left(&self.db, user).await?
        } else {
            0
        };
        Ok(SecondFactorStatus {
            totp,
            recovery_codes_left: u32::try_from(left).unwrap_or(0),
        })
    }

    /// Whether signing into the account takes a second step.
    pub async fn required(&self, user: UserId) -> DomainResult<bool> {
        Ok(store::totp(&self.db, user)
            .await?
            .is_some_and(|totp| totp.confirmed_at.is_some()))
    }

    /// A new secret to scan, replacing any not yet confirmed; refused while one is on.
    pub async fn begin_totp(
        &self,
        user: UserId,
        issuer: &str,
        account_name: &str,
    ) -> DomainResult<TotpEnrolment> {
        let secret = totp::new_secret();
        let now = self.clock.now_millis();
        if !store::put_pending_totp(&self.db, user, &secret, now).await? {
            return Err(DomainError::invalid(
                "totp",
                "is already on; turn it off first to set up another app",
            ));
        }
        totp::enrolment(&secret, issuer, account_name)
    }

    /// Turns the app on with its first code, and returns a new set of recovery codes (shown
    /// once, kept as digests).
    pub async fn confirm_totp(&self, user: UserId, code: &str) -> DomainResult<Vec<String>> {
        let now = self.clock.now_millis();
        let pending = store::totp(&self.db, user)
            .await?
            .filter(|totp| totp.confirmed_at.is_none())
            .ok_or_else(|| DomainError::invalid("code", "has no app to confirm; start again"))?;
        let wrong = || DomainError::invalid("code", "is not the code your app shows");
        let step = totp::matching_step(&pending.secret, code.trim(), now).ok_or_else(wrong)?;
        let mut tx = self.db.begin().await?;
        if !store::use_step(&mut *tx, user, step, now, true).await? {
            return Err(wrong());
        }
        let codes = recovery_codes::new_set();
        let digests: Vec<String> = codes
            .iter()
            .map(|code| recovery_codes::digest(code))
            .collect();
        store::replace_recovery_codes(&mut tx, user, &digests, now).await?;
        tx.commit().await?;
        Ok(codes)
    }

    /// Replaces the recovery codes (the old ones stop working); only while the app is on.
    pub async fn new_recovery_codes(&self, user: UserId) -> DomainResult<Vec<String>> {
        if !self.required(user).await? {
            return Err(DomainError::invalid(
                "recovery_codes",
                "come with an authenticator app; set one up first",
            ));
        }
        let codes = recovery_codes::new_set();
        let digests: Vec<String> = codes
            .iter()
            .map(|code| recovery_codes::digest(code))
            .collect();
        let mut tx = self.db.begin().await?;
        store::replace_recovery_codes(&mut tx, user, &digests, self.clock.now_millis()).await?;
        tx.commit().await?;
        Ok(codes)
    }

    /// Turns every second factor off: the password alone signs in again.
    pub async fn turn_off(&self, user: UserId) -> DomainResult<()> {
        let mut tx = self.db.begin().await?;
        store::remove_all(&mut tx, user).await?;
        tx.commit().await?;
        Ok(())
    }

    /// How `code` proves the account's second factor, if it does: the app's current code
    /// (each step once) or an unused recovery code (which is used up).
    pub async fn check(&self, user: UserId, code: &str) -> DomainResult<Option<SignInMethod>> {
        let now = self.clock.now_millis();
        if recovery_codes::looks_like_one(code) {
            let used = store::use_recovery_code(&self.db, user, &recovery_codes::digest(code), now)
                .await?;
            return Ok(used.then_some(SignInMethod::RecoveryCode));
        }
        let Some(stored) = store::totp(&self.db, user).await? else {
            return Ok(None);
        };
        let Some(step) = totp::matching_step(&stored.secret, code.trim(), now) else {
            return Ok(None);
        };
        let fresh = store::use_step(&self.db, user, step, now, false).await?;
        Ok(fresh.then_some(SignInMethod::PasswordAndTotp))
    }

    /// Starts the second step for an account whose password was right.
    pub async fn open_challenge(&self, user: UserId) -> DomainResult<Challenge> {
        let token = random_hex(32);
        let now = self.clock.now_millis();
        let expires_at = now + duration_millis(CHALLENGE_LIFETIME);
        store::open_challenge(&self.db, &digest(&token), user, now, expires_at).await?;
        Ok(Challenge {
            token,
            expires_in: CHALLENGE_LIFETIME,
        })
    }

    /// The account a challenge is for, while it lasts.
    pub async fn challenged(&self, token: &str) -> DomainResult<UserId> {
        store::challenged(&self.db, &digest(token), self.clock.now_millis())
            .await?
            .ok_or(DomainError::SignInChallengeEnded)
    }

    /// Ends a challenge whose code was right; refused when another request ended it first.
    pub async fn close_challenge(&self, token: &str) -> DomainResult<()> {
        if store::close_challenge(&self.db, &digest(token), self.clock.now_millis()).await? {
            Ok(())
        } else {
            Err(DomainError::SignInChallengeEnded)
        }
    }

    /// Forgets expired challenges; run now and then by the server.
    pub async fn prune(&self) -> DomainResult<u64> {
        store::prune_challenges(&self.db, self.clock.now_millis()).await
    }
}

/// Turns off the second factor of the account `user` (`username`) on someone else's word: an
/// admin's, or the command line's. The way back for someone who lost both their app and their
/// recovery codes, and recorded in the audit log, since it is also the way around the factor.
/// False (and nothing recorded) when the account had none.
pub async fn remove_on_behalf(
    db: &Db,
    now: i64,
    user: UserId,
    username: &str,
    actor: &Actor,
) -> DomainResult<bool> {
    let mut tx = db.begin().await?;
    if !store::remove_all(&mut tx, user).await? {
        return Ok(false);
    }
    audit::record(
        &mut *tx,
        now,
        actor,
        AuditAction::SecondFactorRemoved,
        username,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
