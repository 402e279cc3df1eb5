//! Pieces several pages share.

mod favorite;
mod follow;
mod post_list;
mod tag_cloud;

pub use favorite::FavoriteButton;
pub use follow::FollowButton;
pub use post_list::{PostByline, PostList, TagLinks};
pub use tag_cloud::TagCloud;

pub use crate::model::routes::{profile_href, tag_href};

/// A page number (from 1) read from the query parameter `name` (one of `routes::query`);
/// 1 when absent or bad. The page cache reads it the same way (`routes::page_number`).
pub fn page_in_query(name: &'static str) -> leptos::prelude::Memo<i64> {
    use leptos::prelude::*;
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| crate::model::routes::page_number(query.read().get_str(name)))
}
