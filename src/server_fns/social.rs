//! What a signed-in reader marks, as server functions: favorite posts, followed authors and
//! the feed they make. Reader pages are rendered signed out, so the islands ask for the
//! reader's own marks here after they wake.

use leptos::{prelude::*, server_fn::codec::Json};

use super::client::AuthClient;
use crate::model::{AppError, FavoriteState, PostPage, Profile};

/// Marks (`favorite`) or unmarks a published post as a favorite of the signed-in reader.
#[server(prefix = "/rpc", endpoint = "posts/favorite", client = AuthClient, input = Json)]
pub async fn favorite_post(slug: String, favorite: bool) -> Result<FavoriteState, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let post = app_state()?
        .posts
        .set_favorite(subject.user_id, &slug, favorite)
        .await?;
    Ok(FavoriteState {
        favorited: post.summary.favorited,
        count: post.summary.favorites_count,
    })
}

/// Which of `slugs` (the posts on a page) the signed-in reader has favorited.
#[server(prefix = "/rpc", endpoint = "posts/favorited", client = AuthClient, input = Json)]
pub async fn my_favorites(slugs: Vec<String>) -> Result<Vec<String>, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .posts
        .favorited_among(subject.user_id, &slugs)
        .await?)
}

/// Follows (`follow`) or stops following an author.
#[server(prefix = "/rpc", endpoint = "profiles/follow", client = AuthClient, input = Json)]
pub async fn follow_author(username: String, follow: bool) -> Result<Profile, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .profiles
        .set_following(subject.user_id, &username, follow)
        .await?)
}

/// A page (from 1) of the posts by the authors the signed-in reader follows, newest first.
#[server(prefix = "/rpc", endpoint = "posts/following", client = AuthClient, input = Json)]
pub async fn following_feed(page: i64) -> Result<PostPage, AppError> {
    use crate::server::content::Page;
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let state = app_state()?;
    let page = Page::numbered(page, state.site.now().settings.posts_per_page.into());
    Ok(state.posts.feed(subject.user_id, page).await?)
}
