//! `POST /api/uploads`: an image for a post, as `multipart/form-data` with the file in the
//! field `file`, from the editor and from API clients alike. The file is read up to the
//! upload limit and no further; everything it is and may be is decided by `media`. Not part
//! of RealWorld's contract, it says why a file was refused in the language of the request's
//! `Accept-Language` (English when it names none the site has): the editor asks in the page's.

use axum::{
    Json,
    body::Bytes,
    extract::{FromRequest, Multipart, Request, State},
    http::StatusCode,
};
use serde_json::{Value, json};

use super::{error::ApiError, input::Caller};
use crate::{
    model::Upload,
    server::{http::language::asked_language, state::AppState},
};

/// Where uploads are taken.
pub const PATH: &str = "/api/uploads";

/// Room for the multipart envelope around the file: boundaries and part headers.
pub const MULTIPART_OVERHEAD_BYTES: usize = 64 * 1024;

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    request: Request,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let locale = asked_language(request.headers());
    receive(state, caller, request)
        .await
        .map_err(|refusal| refusal.in_language(locale))
}

async fn receive(
    state: AppState,
    caller: Caller,
    request: Request,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let max_bytes = state.media.limits().max_bytes;
    let too_large = || ApiError::FileTooLarge {
        field: "file".into(),
        message: format!("is too large; uploads are limited to {max_bytes} bytes"),
    };
    // A body declared larger than any upload may be is refused before a byte is read.
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > max_bytes + MULTIPART_OVERHEAD_BYTES) {
        return Err(too_large());
    }
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|rejection| ApiError::Unsupported {
            field: "request".into(),
            message: format!(
                "must be multipart/form-data with the image in the field `file` ({})",
                rejection.body_text()
            ),
        })?;
    let unreadable = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::BadRequest(format!(
                "the multipart body cannot be read: {}",
                error.body_text()
            ))
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("file") {
            continue;
        }
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > max_bytes {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        let upload = state
            .media
            .upload(caller.id(), &file_name, Bytes::from(bytes))
            .await?;
        return Ok((
            StatusCode::CREATED,
            Json(json!({ "upload": shape(&upload, &state.settings.server.public_url()) })),
        ));
    }
    Err(ApiError::invalid(
        "file",
        "can't be blank: send the image as the multipart field `file`",
    ))
}

fn shape(upload: &Upload, public_url: &str) -> Value {
    json!({
        "url": upload.url,
        "absoluteUrl": format!("{public_url}{}", upload.url),
        "name": upload.name,
        "fileName": upload.file_name,
        "contentType": upload.content_type,
        "width": upload.width,
        "height": upload.height,
        "bytes": upload.bytes,
        "variants": upload.variants,
        "markdown": upload.markdown(""),
    })
}
