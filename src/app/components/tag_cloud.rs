//! Every tag in use, with how many posts carry it.

use leptos::prelude::*;
use leptos_router::components::A;

use super::tag_href;
use crate::model::TagCount;

#[component]
pub fn TagCloud(tags: Vec<TagCount>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <nav class="tag-cloud" aria-labelledby="tag-cloud-heading">
                <h2 id="tag-cloud-heading">"Tags"</h2>
                <ul class="tags">
                    {tags
                        .into_iter()
                        .map(|tag| {
                            let href = tag_href(&tag.name);
                            let label = format!("#{}", tag.name);
                            let count = match tag.posts {
                                1 => "1 post".to_owned(),
                                posts => format!("{posts} posts"),
                            };
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
