//! `GET /healthz`: for load balancers and uptime checks; healthy means the database answers.
//! Redis being down is said but is not unhealthy: readers are still served, and taking
//! every server out of the balancer would serve nobody.

use axum::{extract::State, http::StatusCode};

use super::{db, state::AppState};

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match db::ping(&state.db).await {
        Ok(()) => match &state.redis {
            Some(redis) if redis.ping().await.is_err() => (
                StatusCode::OK,
                "ok; Redis unavailable: sign-in and refresh answer 503\n",
            ),
            _ => (StatusCode::OK, "ok\n"),
        },
        Err(error) => {
            tracing::error!(%error, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}
