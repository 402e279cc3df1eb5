//! Reading and writing posts, their comments and tags, as server functions. Arguments travel
//! as JSON: drafts carry lists and optional values that form encoding handles poorly.

use leptos::{prelude::*, server_fn::codec::Json};

use super::client::AuthClient;
use crate::model::{
    AppError, Comment, CommentPage, PageLink, Post, PostDraft, PostKind, PostNeighbours, PostPage,
    Profile, Publication, TagCount,
};

/// Which published posts a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PostListQuery {
    pub tag: Option<String>,
    pub author: Option<String>,
    /// The posts this user favorited.
    #[serde(default)]
    pub favorited_by: Option<String>,
    /// From 1.
    pub page: i64,
}

#[server(prefix = "/rpc", endpoint = "posts/list", client = AuthClient, input = Json)]
pub async fn list_posts(query: PostListQuery) -> Result<PostPage, AppError> {
    use crate::server::content::{Page, posts::ListFilter};
    use crate::server_fns::context::*;
    let state = app_state()?;
    let filter = ListFilter {
        tag: query.tag,
        author: query.author,
        favorited_by: query.favorited_by,
    };
    let page = Page::numbered(query.page, state.site.now().settings.posts_per_page.into());
    Ok(state.posts.list(&filter, viewer(), page).await?)
}

/// The post at `/post/<slug>`: a standalone page is not there.
#[server(prefix = "/rpc", endpoint = "posts/get", client = AuthClient, input = Json)]
pub async fn get_post(slug: String) -> Result<Post, AppError> {
    use crate::server_fns::context::*;
    Ok(app_state()?
        .posts
        .find_kind(PostKind::Post, &slug, viewer())
        .await?)
}

/// The standalone page at `/<slug>`: published, or a draft for those who write pages.
#[server(prefix = "/rpc", endpoint = "pages/get", client = AuthClient, input = Json)]
pub async fn get_page(slug: String) -> Result<Post, AppError> {
    use crate::server_fns::context::*;
    // A reserved name is the site's own address, and anything else no title gives: no page
    // can be there, and the database is not asked.
    if !crate::model::routes::is_page_slug(&slug) {
        return Err(AppError::NotFound);
    }
    Ok(app_state()?
        .posts
        .find_kind(PostKind::Page, &slug, viewer())
        .await?)
}

/// The site's standalone pages, drafts too, for those who write them (editors, admins).
#[server(prefix = "/rpc", endpoint = "pages/list", client = AuthClient, input = Json)]
pub async fn list_pages() -> Result<Vec<PageLink>, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?.posts.pages(subject.user_id).await?)
}

/// The posts published just before and after a published post, and a few sharing its tags.
#[server(prefix = "/rpc", endpoint = "posts/neighbours", client = AuthClient, input = Json)]
pub async fn posts_around(slug: String) -> Result<PostNeighbours, AppError> {
    use crate::server_fns::context::*;
    Ok(app_state()?.posts.neighbours(&slug).await?)
}

/// A post for the editor: only its author or an admin gets it.
#[server(prefix = "/rpc", endpoint = "posts/edit", client = AuthClient, input = Json)]
pub async fn post_for_editing(slug: String) -> Result<Post, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .posts
        .for_editing(subject.user_id, &slug)
        .await?)
}

/// Creates the post (`slug` `None`, of `kind`) or saves over it (which keeps its kind): a
/// draft, published, or scheduled to publish itself, as the author chose.
#[server(prefix = "/rpc", endpoint = "posts/save", client = AuthClient, input = Json)]
pub async fn save_post(
    slug: Option<String>,
    #[server(default)] kind: PostKind,
    draft: PostDraft,
    publication: Publication,
) -> Result<Post, AppError> {
    use crate::server::content::posts::{PostChanges, Scope};
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let posts = app_state()?.posts;
    let post = match slug {
        None => {
            posts
                .create_as(kind, subject.user_id, draft, publication)
                .await?
        }
        Some(slug) => {
            let changes = PostChanges {
                title: Some(draft.title),
                description: Some(draft.description),
                body: Some(draft.body),
                tags: Some(draft.tags),
                publication: Some(publication),
            };
            posts
                .update(subject.user_id, &slug, Scope::WithDrafts, changes)
                .await?
        }
    };
    Ok(post)
}

#[server(prefix = "/rpc", endpoint = "posts/delete", client = AuthClient, input = Json)]
pub async fn delete_post(slug: String) -> Result<(), AppError> {
    use crate::server::content::posts::Scope;
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let posts = app_state()?.posts;
    Ok(posts
        .delete(subject.user_id, &slug, Scope::WithDrafts)
        .await?)
}

/// The signed-in author's drafts.
#[server(prefix = "/rpc", endpoint = "posts/drafts", client = AuthClient, input = Json)]
pub async fn my_drafts(page: i64) -> Result<PostPage, AppError> {
    use crate::server::content::Page;
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    let page = Page::numbered(page, Page::MAX_LIMIT);
    Ok(app_state()?.posts.drafts(subject.user_id, page).await?)
}

/// The HTML a Markdown body publishes as: the same renderer and sanitizer as saving.
#[server(prefix = "/rpc", endpoint = "posts/preview", client = AuthClient, input = Json)]
pub async fn preview(markdown: String) -> Result<String, AppError> {
    use crate::server_fns::context::*;
    signed_in().await?;
    Ok(app_state()?.posts.preview(markdown).await?)
}

#[server(prefix = "/rpc", endpoint = "tags", client = AuthClient, input = Json)]
pub async fn list_tags() -> Result<Vec<TagCount>, AppError> {
    use crate::server_fns::context::*;
    /// The tag cloud shows the most used ones.
    const TAG_CLOUD_SIZE: i64 = 50;
    Ok(app_state()?.posts.tags(TAG_CLOUD_SIZE).await?)
}

#[server(prefix = "/rpc", endpoint = "profiles/get", client = AuthClient, input = Json)]
pub async fn get_profile(username: String) -> Result<Profile, AppError> {
    use crate::server_fns::context::*;
    Ok(app_state()?.profiles.profile(&username, viewer()).await?)
}

#[server(prefix = "/rpc", endpoint = "comments/list", client = AuthClient, input = Json)]
pub async fn list_comments(slug: String, page: i64) -> Result<CommentPage, AppError> {
    use crate::server::content::{Page, comments::COMMENTS_PER_PAGE};
    use crate::server_fns::context::*;
    let page = Page::numbered(page, COMMENTS_PER_PAGE);
    // The conversation as everyone reads it: the page is rendered (and cached) once for all,
    // and adds the comments still waiting for its writer and moderators (`held_comments`).
    Ok(app_state()?.comments.list(&slug, None, page).await?)
}

#[server(prefix = "/rpc", endpoint = "comments/add", client = AuthClient, input = Json)]
pub async fn add_comment(slug: String, body: String) -> Result<Comment, AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .comments
        .add(subject.user_id, &slug, &body)
        .await?)
}

#[server(prefix = "/rpc", endpoint = "comments/delete", client = AuthClient, input = Json)]
pub async fn delete_comment(slug: String, id: i64) -> Result<(), AppError> {
    use crate::server_fns::context::*;
    let subject = signed_in().await?;
    Ok(app_state()?
        .comments
        .delete(subject.user_id, &slug, id)
        .await?)
}
