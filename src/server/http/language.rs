//! Which language a page is rendered in: the one the reader chose with the switch (a cookie),
//! else the best of the browser's `Accept-Language`, else English. Chosen once per request,
//! outside the page cache, which keeps one copy of a page per language.

use axum::{
    Form,
    extract::Request,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use cookie::{Cookie, SameSite};
use serde::Deserialize;

use super::cookie::request_cookie;
use crate::i18n::{LANGUAGE_COOKIE, Locale};
use crate::model::routes::is_local_path;

/// The most languages of `Accept-Language` looked at.
const MAX_ACCEPTED: usize = 16;
/// A choice is remembered for a year.
const REMEMBERED_SECONDS: i64 = 365 * 24 * 60 * 60;

/// Puts the request's [`Locale`] in its extensions, for the page cache and the renderer;
/// `site_default` when neither the reader nor the browser chose one the site has.
pub async fn choose_language(site_default: Locale, mut request: Request, next: Next) -> Response {
    let locale = language_of(request.headers(), site_default);
    request.extensions_mut().insert(locale);
    next.run(request).await
}

/// The request's language: the switch's cookie, else `Accept-Language`, else the site's.
pub fn language_of(headers: &HeaderMap, site_default: Locale) -> Locale {
    chosen(headers).unwrap_or_else(|| accepted(headers, site_default))
}

/// The language a client asked for in `Accept-Language` alone, English if none the site has:
/// for answers outside the pages, where the switch's cookie says nothing of the client.
pub fn asked_language(headers: &HeaderMap) -> Locale {
    accepted(headers, Locale::en)
}

/// The language the reader picked with the switch, if any.
fn chosen(headers: &HeaderMap) -> Option<Locale> {
    request_cookie(headers, LANGUAGE_COOKIE)?.parse().ok()
}

/// The best language of `Accept-Language` the site has, by the browser's weights.
fn accepted(headers: &HeaderMap, site_default: Locale) -> Locale {
    let mut tags: Vec<(f32, &str)> = headers
        .get_all(header::ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .take(MAX_ACCEPTED)
        .filter_map(|range| {
            let mut parts = range.split(';');
            let tag = parts.next()?.trim();
            let weight = parts
                .find_map(|parameter| parameter.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && weight > 0.0).then_some((weight, tag))
        })
        .collect();
    // Stable: of equal weights, the browser's order.
    tags.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut tags: Vec<&str> = tags.into_iter().map(|(_, tag)| tag).collect();
    // Last, so it is chosen only when the browser asks for nothing the site has.
    tags.push(crate::i18n::tag(site_default));
    <Locale as leptos_i18n::Locale>::find_locale(&tags)
}

/// The switch's form: the language, and the page to go back to.
#[derive(Deserialize)]
pub struct LanguageChoice {
    language: String,
    back: Option<String>,
}

/// `POST /language`: remembers the choice in a cookie and goes back to the page, now in that
/// language. A plain form, so it works without JavaScript.
pub async fn switch_language(https: bool, Form(choice): Form<LanguageChoice>) -> Response {
    let Ok(locale) = choice.language.parse::<Locale>() else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("unknown language {:?}\n", choice.language),
        )
            .into_response();
    };
    let back = choice
        .back
        .filter(|back| is_local_path(back))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = Cookie::build((LANGUAGE_COOKIE, crate::i18n::tag(locale)))
        .path("/")
        .max_age(cookie::time::Duration::seconds(REMEMBERED_SECONDS))
        .same_site(SameSite::Lax)
        .secure(https)
        .build();
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}
