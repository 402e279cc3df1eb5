//! Every tag in use, with how many posts carry it.

use leptos::prelude::*;
use leptos_router::components::A;

use super::tag_href;
use crate::{
    i18n::{page_locale, td_string},
    model::TagCount,
};

#[component]
pub fn TagCloud(tags: Vec<TagCount>) -> impl IntoView {
    let locale = page_locale();
    (!tags.is_empty()).then(|| {
        view! {
            <nav class="tag-cloud" aria-labelledby="tag-cloud-heading">
                <h2 id="tag-cloud-heading">{td_string!(locale, lists.tags)}</h2>
                <ul class="tags">
                    {tags
                        .into_iter()
                        .map(|tag| {
                            let href = tag_href(&tag.name);
                            let label = format!("#{}", tag.name);
                            let count = post_count(locale, tag.posts);
                            view! {
                                <li>
                                    <A href=href attr:class="tag" attr:title=count>{label}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        }
    })
}

/// "1 post", "3 posts", "3 篇文章".
pub fn post_count(locale: crate::i18n::Locale, posts: i64) -> String {
    match posts {
        1 => td_string!(locale, lists.one_post).to_string(),
        count => td_string!(locale, lists.posts_count, count = count).to_string(),
    }
}
