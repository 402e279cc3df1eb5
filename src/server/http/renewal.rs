//! Renewing a session and ending one, written once for every door: the credentials
//! middleware (rule 2), the server functions' `refresh` and `logout`, and the seed's
//! `/auth/refresh` and `/auth/logout`. Each door only words the outcome in its own shape.

use axum::http::HeaderMap;

use super::delivery::{Delivery, OfferedRefreshToken};
use crate::server::{
    auth::{
        SessionId,
        sessions::{IssuedTokens, Sessions},
        tokens::TokenSubject,
    },
    error::{DomainError, DomainResult},
};

/// What offering a refresh token came to.
#[derive(Debug)]
pub enum Renewal {
    /// New tokens, and the rules to hand them over by.
    Renewed {
        tokens: IssuedTokens,
        delivery: Delivery,
    },
    /// The session is over (expired, revoked, unknown, or a reused token ended it): the
    /// refresh cookie is of no use any more (rule 3).
    SessionEnded { delivery: Delivery },
}

impl Renewal {
    /// Puts the outcome on a response: the renewed tokens, or the cookie's deletion.
    pub fn write_to(&self, response: &mut HeaderMap) {
        match self {
            Self::Renewed { tokens, delivery } => delivery.deliver(tokens, response),
            Self::SessionEnded { delivery } => delivery.forget(response),
        }
    }

    pub fn tokens(&self) -> Option<&IssuedTokens> {
        match self {
            Self::Renewed { tokens, .. } => Some(tokens),
            Self::SessionEnded { .. } => None,
        }
    }
}

/// Renews the session `offered` belongs to; with `only`, only if it is that session (the
/// one an expired access token names). A token that came in the cookie is answered in the
/// cookie only.
pub async fn renew(
    sessions: &Sessions,
    delivery: Delivery,
    offered: &OfferedRefreshToken,
    only: Option<&SessionId>,
) -> DomainResult<Renewal> {
    match sessions.refresh(&offered.token, only).await {
        Ok(tokens) => Ok(Renewal::Renewed {
            tokens,
            delivery: delivery.for_renewal(offered),
        }),
        Err(DomainError::SessionEnded) => Ok(Renewal::SessionEnded { delivery }),
        Err(other) => Err(other),
    }
}

/// Ends the session of the refresh token offered and of the access token's subject,
/// whichever the request carries (signing out works with an expired access token too), and
/// deletes the refresh cookie.
pub async fn sign_out(
    sessions: &Sessions,
    delivery: Delivery,
    offered: Option<&OfferedRefreshToken>,
    subject: Option<&TokenSubject>,
    response: &mut HeaderMap,
) -> DomainResult<()> {
    sessions
        .sign_out(offered.map(|offered| &offered.token), subject)
        .await?;
    delivery.forget(response);
    Ok(())
}
