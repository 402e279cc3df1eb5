//! `GET /api/search?q=…`: published posts matching a query, best first, in the shape of the
//! article lists, each with its title and an excerpt marked up with `<mark>`.

use axum::{Json, extract::State};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{
    articles::Article,
    error::ApiError,
    input::{ApiQuery, MaybeCaller, Paging},
};
use crate::{model::TextPart, server::content::Search};

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
    #[serde(flatten)]
    paging: Paging,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Found {
    #[serde(flatten)]
    article: Article,
    /// The title as HTML, matches in `<mark>`.
    title_highlight: String,
    /// Some of the text around the first match, as HTML, matches in `<mark>`.
    excerpt: String,
}

pub async fn find(
    State(search): State<Search>,
    viewer: MaybeCaller,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<Value>, ApiError> {
    let page = query.paging.page()?;
    let text = query.q.unwrap_or_default();
    if text.trim().is_empty() {
        return Err(ApiError::blank("q"));
    }
    let results = search.find(&text, viewer.user, page).await?;
    let articles: Vec<Found> = results
        .hits
        .into_iter()
        .map(|hit| Found {
            title_highlight: marked_html(&hit.title),
            excerpt: marked_html(&hit.excerpt),
            article: Article::from_summary(hit.post, None),
        })
        .collect();
    Ok(Json(
        json!({ "articles": articles, "articlesCount": results.total }),
    ))
}

/// Text escaped for HTML, with the marked parts in `<mark>`.
fn marked_html(parts: &[TextPart]) -> String {
    let mut html = String::new();
    for part in parts {
        if part.marked {
            html.push_str("<mark>");
        }
        html.push_str(&html_escape::encode_quoted_attribute(&part.text));
        if part.marked {
            html.push_str("</mark>");
        }
    }
    html
}
