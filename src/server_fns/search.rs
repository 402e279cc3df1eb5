//! Search as a server function: the search page asks it as the reader types.

use leptos::{prelude::*, server_fn::codec::Json};

use super::client::AuthClient;
use crate::model::{AppError, SearchResults};

/// The `page`th page (from 1) of published posts matching `query`, best first.
#[server(prefix = "/rpc", endpoint = "search", client = AuthClient, input = Json)]
pub async fn search_posts(query: String, page: i64) -> Result<SearchResults, AppError> {
    use crate::server::content::Page;
    use crate::server_fns::context::*;
    let state = app_state()?;
    let page = Page::numbered(page, state.site.now().settings.posts_per_page.into());
    Ok(state.search.find(&query, viewer(), page).await?)
}
