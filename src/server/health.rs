//! `GET /healthz`: for load balancers and uptime checks; healthy means the database answers.

use axum::{extract::State, http::StatusCode};

use super::{db, state::AppState};

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match db::ping(&state.db).await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(error) => {
            tracing::error!(%error, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}
