//! The media page's call: the signed-in author's uploads and where each is used. Uploading
//! itself is `POST /api/uploads` (multipart), shared with API clients.

use leptos::{prelude::*, server_fn::codec::Json};

use super::client::AuthClient;
use crate::model::{AppError, MediaPage};

/// A page (from 1) of the signed-in author's uploads, newest first.
#[server(prefix = "/rpc", endpoint = "media/mine", client = AuthClient, input = Json)]
pub async fn my_uploads(page: i64) -> Result<MediaPage, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?.media.uploads_of(subject.user_id, page).await?)
}
