//! Pieces several pages share.

mod favorite;
mod follow;
mod post_list;
mod tag_cloud;

pub use favorite::FavoriteButton;
pub use follow::FollowButton;
pub use post_list::{PostByline, PostList, TagLinks};
pub use tag_cloud::TagCloud;

pub use crate::model::paths::{profile_href, tag_href};

/// A page number (from 1) read from the query parameter `name`; 1 when absent or bad.
pub fn page_in_query(name: &'static str) -> leptos::prelude::Memo<i64> {
    use leptos::prelude::*;
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        query
            .read()
            .get(name)
            .and_then(|page| page.parse::<i64>().ok())
            .filter(|page| *page >= 1)
            .unwrap_or(1)
    })
}
