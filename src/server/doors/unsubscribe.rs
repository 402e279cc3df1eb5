//! `POST /unsubscribe/<token>`: the one-click unsubscribe of RFC 8058. Every newsletter names
//! this address in its `List-Unsubscribe` header with `List-Unsubscribe-Post:
//! List-Unsubscribe=One-Click`, so a mail client's "unsubscribe" button posts here with no page
//! to open; the page at the same address (a `GET`, which a mail scanner may fetch) only asks.
//! Its form posts here too, so it works without JavaScript. The token is the credential: no
//! cookie, any origin.

use axum::{
    Form, Router,
    extract::{
        Path, State,
        rejection::{ExtensionRejection, FormRejection},
    },
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::post,
};

use crate::{i18n::Locale, model::routes::unsubscribe_href, server::state::AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/unsubscribe/{token}", post(unsubscribe))
}

/// The unsubscribe page's own form says so: its reader goes back to the page, which says
/// it is done.
#[derive(serde::Deserialize)]
struct Sent {
    from: Option<String>,
}

async fn unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
    locale: Result<axum::Extension<Locale>, ExtensionRejection>,
    sent: Result<Form<Sent>, FormRejection>,
) -> Response {
    let locale = locale.map_or_else(|_| state.site.now().language, |locale| locale.0);
    let left = match state.newsletters.unsubscribe(&token, locale).await {
        Ok(left) => left,
        Err(error) => {
            tracing::warn!(%error, "cannot unsubscribe");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    if sent.is_ok_and(|Form(sent)| sent.from.as_deref() == Some("page")) {
        let done = format!("{}?done", unsubscribe_href(&token));
        return Redirect::to(&done).into_response();
    }
    let said = match (locale, left) {
        (Locale::zh, Some(list)) => format!("你已退订 {}。", list.0),
        (Locale::zh, None) => "这个地址已不在订阅列表中。".to_owned(),
        (_, Some(list)) => format!("You are unsubscribed from {}.", list.0),
        (_, None) => "This address is not subscribed (any more).".to_owned(),
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{said}</title></head>\
         <body><main><p role=\"status\">{said}</p><p><a href=\"/\">{home}</a></p></main></body></html>\n",
        lang = crate::i18n::tag(locale),
        said = html_escape::encode_text(&said),
        home = html_escape::encode_text(&state.site.now().settings.title),
    );
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        page,
    )
        .into_response()
}
