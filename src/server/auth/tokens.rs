//! Access tokens: short-lived HS256 JWTs, checked without touching the database.
//!
//! Validation is strict: the algorithm is pinned (so `alg: none` or an RSA/HMAC confusion is
//! refused), `exp`, `nbf`, `iss`, `aud` and `sub` are required (jsonwebtoken skips `iss`/`aud`
//! checks for absent claims unless told they are required), and the leeway is explicit.
//! Expiry is checked against the application's [`Clock`] rather than inside jsonwebtoken, so
//! every rule reads the same time.
//!
//! Every token names its key (`kid`, a fingerprint of the secret), so the secret can be
//! rotated without signing anybody out: the new secret signs, and the previous one
//! (`auth.previous_secret`) still verifies the tokens it signed until they expire.

use std::time::Duration;

use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::SessionId;
use crate::server::{accounts::UserId, clock::Clock, random::random_hex, secret::SigningSecret};

const ISSUER: &str = "rust-blog";
const AUDIENCE: &str = "rust-blog";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user id.
    pub sub: String,
    /// The login session this token belongs to.
    pub sid: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
    pub iss: String,
    pub aud: String,
    pub jti: String,
}

/// Who a valid (or expired but genuine) access token speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSubject {
    pub user_id: UserId,
    pub session_id: SessionId,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Genuine, but past its lifetime: a valid refresh token may renew it.
    #[error("the access token has expired")]
    Expired(TokenSubject),
    /// Malformed, tampered with, signed with another key or for another audience.
    #[error("the access token is invalid")]
    Invalid,
    /// Genuine and in its lifetime, but its account was suspended since.
    #[error("the access token's session has ended")]
    Ended,
}

/// Signs and checks access tokens with the site's secret.
#[derive(Clone)]
pub struct AccessTokens {
    signing: Key,
    /// The secret before the last rotation: verifies, never signs.
    previous: Option<Key>,
    validation: Validation,
    lifetime: Duration,
    leeway: u64,
    clock: Clock,
}

impl std::fmt::Debug for AccessTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessTokens")
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

/// A freshly signed access token.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub expires_in: Duration,
}

/// One secret, named by its fingerprint.
#[derive(Clone)]
struct Key {
    id: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Key {
    fn new(secret: &SigningSecret) -> Self {
        Self {
            // 64 bits of the secret's SHA-256: names it, reveals nothing usable.
            id: hex::encode(&Sha256::digest(secret.as_bytes())[..8]),
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
        }
    }
}

impl AccessTokens {
    pub fn new(
        secret: &SigningSecret,
        previous: Option<&SigningSecret>,
        lifetime: Duration,
        leeway: Duration,
        clock: Clock,
    ) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        // Checked below against `clock`.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Self {
            signing: Key::new(secret),
            previous: previous.map(Key::new),
            validation,
            lifetime,
            leeway: leeway.as_secs(),
            clock,
        }
    }

    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    pub fn issue(&self, subject: &TokenSubject) -> IssuedToken {
        let now = self.clock.now_seconds();
        let claims = AccessClaims {
            sub: subject.user_id.0.to_string(),
            sid: subject.session_id.0.clone(),
            iat: now,
            nbf: now,
            exp: now + self.lifetime.as_secs(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            jti: random_hex(16),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.signing.id.clone());
        let token = encode(&header, &claims, &self.signing.encoding)
            .expect("HS256 signing with an in-memory key cannot fail");
        IssuedToken {
            token,
            expires_in: self.lifetime,
        }
    }

    /// Checks signature and claims. An expired token is reported as such only when everything
    /// else about it is valid, so a forged token can never trigger a refresh.
    pub fn verify(&self, token: &str) -> Result<TokenSubject, TokenError> {
        // A token without `kid` was signed before tokens named their key: the current one.
        let kid = decode_header(token).map_err(|_| TokenError::Invalid)?.kid;
        let key = match kid {
            None => &self.signing,
            Some(kid) if kid == self.signing.id => &self.signing,
            Some(kid) => self
                .previous
                .as_ref()
                .filter(|previous| previous.id == kid)
                .ok_or(TokenError::Invalid)?,
        };
        let claims = decode::<AccessClaims>(token, &key.decoding, &self.validation)
            .map_err(|_| TokenError::Invalid)?
            .claims;
        let subject = subject_of(&claims)?;
        let now = self.clock.now_seconds();
        if claims.nbf > now.saturating_add(self.leeway) {
            return Err(TokenError::Invalid);
        }
        if claims.exp.saturating_add(self.leeway) <= now {
            return Err(TokenError::Expired(subject));
        }
        Ok(subject)
    }
}

fn subject_of(claims: &AccessClaims) -> Result<TokenSubject, TokenError> {
    let user_id = claims.sub.parse().map_err(|_| TokenError::Invalid)?;
    if claims.sid.is_empty() {
        return Err(TokenError::Invalid);
    }
    Ok(TokenSubject {
        user_id: UserId(user_id),
        session_id: SessionId(claims.sid.clone()),
    })
}
