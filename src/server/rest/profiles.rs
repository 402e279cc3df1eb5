//! `/api/profiles/{username}` and following, through `content::profiles`.

use axum::{
    Json,
    extract::{Path, State},
};
use serde_json::{Value, json};

use super::{
    error::ApiError,
    extract::{AuthUser, MaybeUser},
};
use crate::server::{content::profiles, state::AppState};

pub async fn get(
    State(state): State<AppState>,
    MaybeUser(viewer): MaybeUser,
    Path(username): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let profile = profiles::profile(&state.db, &username, viewer).await?;
    Ok(Json(json!({ "profile": profile })))
}

pub async fn follow(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(username): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let profile = profiles::set_following(&state.db, caller.id(), &username, true).await?;
    Ok(Json(json!({ "profile": profile })))
}

pub async fn unfollow(
    State(state): State<AppState>,
    caller: AuthUser,
    Path(username): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let profile = profiles::set_following(&state.db, caller.id(), &username, false).await?;
    Ok(Json(json!({ "profile": profile })))
}
