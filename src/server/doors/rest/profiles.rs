//! `/api/profiles/{username}` and following, through `content::profiles`.

use axum::{
    Json,
    extract::{Path, State},
};
use serde_json::{Value, json};

use super::{
    error::ApiError,
    input::{Caller, MaybeCaller},
};
use crate::server::content::Profiles;

pub async fn get(
    State(profiles): State<Profiles>,
    viewer: MaybeCaller,
    Path(username): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let profile = profiles.profile(&username, viewer.user).await?;
    Ok(Json(json!({ "profile": profile })))
}

pub async fn follow(
    State(profiles): State<Profiles>,
    caller: Caller,
    Path(username): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let profile = profiles.set_following(caller.id(), &username, true).await?;
    Ok(Json(json!({ "profile": profile })))
}

pub async fn unfollow(
    State(profiles): State<Profiles>,
    caller: Caller,
    Path(username): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let profile = profiles
        .set_following(caller.id(), &username, false)
        .await?;
    Ok(Json(json!({ "profile": profile })))
}
