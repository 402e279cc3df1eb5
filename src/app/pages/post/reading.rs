//! What helps a reader through a post and on to the next: the table of contents of a long
//! post, and the posts before, after and related to it. All of it rendered by the server.

use leptos::prelude::*;

use crate::{
    i18n::{page_locale, td_string},
    model::{Heading, PostNeighbours, routes::post_href},
};

/// A post with at least this many headings gets a table of contents.
pub const CONTENTS_MIN_HEADINGS: usize = 3;

/// Links to the post's sections, indented by level.
#[component]
pub fn TableOfContents(outline: Vec<Heading>) -> AnyView {
    if outline.len() < CONTENTS_MIN_HEADINGS {
        return ().into_any();
    }
    {
        // The shallowest level present is the first indent, whatever it is.
        let top = outline
            .iter()
            .map(|heading| heading.level)
            .min()
            .unwrap_or(1);
        view! {
            <nav class="toc" aria-labelledby="toc-heading">
                <h2 id="toc-heading">{td_string!(page_locale(), post.contents)}</h2>
                <ol>
                    {outline
                        .into_iter()
                        .map(|heading| {
                            let class = format!("toc-depth-{}", heading.level - top);
                            view! {
                                <li class=class>
                                    <a href=format!("#{}", heading.id)>{heading.text}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </nav>
        }
    }
    .into_any()
}

/// The previous and next posts in the site's order, and related posts.
#[component]
pub fn MorePosts(neighbours: PostNeighbours) -> AnyView {
    let PostNeighbours {
        previous,
        next,
        related,
    } = neighbours;
    let locale = page_locale();
    let around = (previous.is_some() || next.is_some()).then(|| {
        view! {
            <nav class="post-nav" aria-label=td_string!(locale, post.around)>
                {previous.map(|post| view! {
                    <a href=post_href(&post.slug) rel="prev" class="post-nav-previous">
                        <span class="post-nav-label">{td_string!(locale, post.previous)}</span>
                        <span class="post-nav-title">{post.title}</span>
                    </a>
                })}
                {next.map(|post| view! {
                    <a href=post_href(&post.slug) rel="next" class="post-nav-next">
                        <span class="post-nav-label">{td_string!(locale, post.next)}</span>
                        <span class="post-nav-title">{post.title}</span>
                    </a>
                })}
            </nav>
        }
    });
    let related = (!related.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="related-heading">
                <h2 id="related-heading">{td_string!(locale, post.related)}</h2>
                <ul>
                    {related
                        .into_iter()
                        .map(|post| view! { <li><a href=post_href(&post.slug)>{post.title}</a></li> })
                        .collect_view()}
                </ul>
            </section>
        }
    });
    view! { {around} {related} }.into_any()
}
