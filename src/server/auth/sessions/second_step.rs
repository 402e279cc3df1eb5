//! Two-step sign-in and the second factors' settings. The password step leaves a challenge
//! (`SignInStep::SecondFactorRequired`) and no token of any kind; the code step, counted by
//! the sign-in throttle and the account's own second-factor counter, opens the session.
//! Turning factors on or off, or asking for new recovery codes, is a sensitive change.

use super::{ClientInfo, Sessions, SignInStep, SignedIn};
use crate::server::{
    accounts::Account,
    auth::{
        second_factor::{SecondFactorStatus, SignInMethod, TotpEnrolment},
        tokens::TokenSubject,
    },
    error::{DomainError, DomainResult},
};

impl Sessions {
    /// The second step of a sign-in: the challenge the password step gave, and the app's
    /// current code or a recovery code.
    pub async fn complete_sign_in(
        &self,
        challenge: &str,
        code: &str,
        client: &ClientInfo,
    ) -> DomainResult<SignedIn> {
        let user = self.second_factors.challenged(challenge).await?;
        let account_key = self.accounts.account_key(user);
        self.throttle
            .second_factor_attempt(&account_key, client.address)
            .await?;
        let Some(method) = self.second_factors.check(user, code).await? else {
            return Err(DomainError::BadSecondFactor);
        };
        self.second_factors.close_challenge(challenge).await?;
        self.throttle
            .second_factor_passed(&account_key, client.address)
            .await?;
        if self.accounts.is_suspended(user) {
            return Err(DomainError::AccountSuspended);
        }
        let account = self.accounts.find(user).await?;
        self.open(account, client, method).await
    }

    /// A right password (or a reset link) for `account`: signed in, or, with a second factor,
    /// half-way.
    pub(super) async fn password_step_done(
        &self,
        account: Account,
        client: &ClientInfo,
    ) -> DomainResult<SignInStep> {
        if self.second_factors.required(account.id).await? {
            let challenge = self.second_factors.open_challenge(account.id).await?;
            return Ok(SignInStep::SecondFactorRequired(challenge));
        }
        let signed_in = self.open(account, client, SignInMethod::Password).await?;
        Ok(SignInStep::SignedIn(Box::new(signed_in)))
    }

    pub async fn second_factor_status(
        &self,
        subject: &TokenSubject,
    ) -> DomainResult<SecondFactorStatus> {
        self.second_factors.status(subject.user_id).await
    }

    /// Starts setting up an authenticator app: a secret to scan, counted once a code from
    /// the app confirms it ([`Sessions::confirm_totp`]).
    pub async fn begin_totp(
        &self,
        subject: &TokenSubject,
        current_password: Option<&str>,
        client: &ClientInfo,
        issuer: &str,
    ) -> DomainResult<TotpEnrolment> {
        self.authorize_sensitive_change(subject, current_password, client)
            .await?;
        let account = self.accounts.find(subject.user_id).await?;
        self.second_factors
            .begin_totp(subject.user_id, issuer, &account.username)
            .await
    }

    /// Turns the app on with its first code; the answer is the recovery codes, shown once.
    pub async fn confirm_totp(
        &self,
        subject: &TokenSubject,
        code: &str,
    ) -> DomainResult<Vec<String>> {
        self.second_factors
            .confirm_totp(subject.user_id, code)
            .await
    }

    /// New recovery codes; the old ones stop working.
    pub async fn new_recovery_codes(
        &self,
        subject: &TokenSubject,
        current_password: Option<&str>,
        client: &ClientInfo,
    ) -> DomainResult<Vec<String>> {
        self.authorize_sensitive_change(subject, current_password, client)
            .await?;
        self.second_factors
            .new_recovery_codes(subject.user_id)
            .await
    }

    /// Turns the second factor off: the password alone signs in again.
    pub async fn turn_off_second_factor(
        &self,
        subject: &TokenSubject,
        current_password: Option<&str>,
        client: &ClientInfo,
    ) -> DomainResult<()> {
        self.authorize_sensitive_change(subject, current_password, client)
            .await?;
        self.second_factors.turn_off(subject.user_id).await
    }

    /// Forgets expired sign-in challenges.
    pub async fn prune_challenges(&self) -> DomainResult<u64> {
        self.second_factors.prune().await
    }
}
