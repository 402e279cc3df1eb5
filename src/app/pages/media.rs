//! `/media`: the signed-in author's images, newest first, each with its Markdown to copy into
//! a post and the posts that show it; and a picker to add more. Uploads go to the REST API's
//! `POST /api/uploads`, as the editor's do.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    app::forms::{Alert, ErrorMessage},
    app::session::{RequireUser, use_session},
    i18n::{format_date, page_locale, td_string},
    model::{MediaItem, PostStatus},
    server_fns::my_uploads,
};

#[component]
pub fn MediaLibraryPage() -> impl IntoView {
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, media.title) />
        <div data-hydrate-now="">
            <MediaLibrary />
        </div>
    }
}

#[island(lazy)]
fn MediaLibrary() -> impl IntoView {
    let locale = page_locale();
    view! {
        <RequireUser here="/media">
            <section class="media-library" aria-labelledby="media-heading">
                <h1 id="media-heading">{td_string!(locale, media.title)}</h1>
                <p class="muted">{td_string!(locale, media.intro)}</p>
                <Library />
            </section>
        </RequireUser>
    }
}

#[component]
fn Library() -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let pages = RwSignal::new(1_i64);
    // Bumped after an upload, to list it.
    let version = RwSignal::new(0u32);
    let items = LocalResource::new(move || {
        version.track();
        let shown = pages.get();
        async move {
            let mut items = Vec::new();
            let mut more = false;
            for page in 1..=shown {
                let loaded = my_uploads(page).await?;
                items.extend(loaded.items);
                more = loaded.more;
            }
            Ok::<_, crate::model::AppError>((items, more))
        }
    });
    view! {
        <MediaPicker version />
        {move || items.get().map(|result| match result {
            Ok((items, _)) if items.is_empty() => {
                view! { <p class="empty">{td_string!(locale, media.empty)}</p> }.into_any()
            }
            Ok((items, more)) => view! {
                <ul class="media-grid">
                    {items.into_iter().map(|item| view! { <MediaCard item /> }).collect_view()}
                </ul>
                {more.then(|| view! {
                    <button type="button" on:click=move |_| pages.update(|pages| *pages += 1)>
                        {td_string!(locale, media.more)}
                    </button>
                })}
            }.into_any(),
            Err(error) => {
                session.check(&error);
                view! { <ErrorMessage error /> }.into_any()
            }
        }).unwrap_or_else(|| view! { <p>{td_string!(locale, media.loading)}</p> }.into_any())}
    }
}

/// Picks an image and uploads it, with its progress; `version` moves once it is stored.
#[component]
fn MediaPicker(version: RwSignal<u32>) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let progress = RwSignal::new(None::<u32>);
    let failure = RwSignal::new(None::<String>);
    let picked = move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use crate::client::uploads::{self, UploadFailure};
            let Some(file) = uploads::take_picked(&event).into_iter().next() else {
                return;
            };
            failure.set(None);
            progress.set(Some(0));
            uploads::send(
                &file,
                move |fraction| progress.set(Some((fraction * 100.0).round() as u32)),
                move |outcome| {
                    progress.set(None);
                    match outcome {
                        Ok(_) => version.update(|version| *version += 1),
                        Err(UploadFailure::SignedOut) => session.end(),
                        Err(other) => failure.set(Some(crate::app::errors::upload_failure(
                            other,
                            crate::i18n::page_locale(),
                        ))),
                    }
                },
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, progress, failure, version, session);
    };
    view! {
        <div class="image-tools">
            <label class="button" for="media-picker">{td_string!(locale, editor.add_image)}</label>
            <input type="file" id="media-picker" class="visually-hidden"
                accept="image/png,image/jpeg,image/gif,image/webp" on:change=picked />
            {move || progress.get().map(|percent| view! {
                <progress max="100" value=percent></progress>" "{percent}"%"
            })}
        </div>
        {move || failure.get().map(|reason| view! {
            <Alert message=format!("{}: {reason}", td_string!(locale, editor.upload_failed)) />
        })}
    }
}

#[component]
fn MediaCard(item: MediaItem) -> impl IntoView {
    let locale = page_locale();
    let upload = item.upload;
    let alt = upload
        .file_name
        .rsplit_once('.')
        .map_or(upload.file_name.as_str(), |(stem, _)| stem)
        .to_owned();
    let markdown = upload.markdown(&alt);
    let size = format!(
        "{} × {} · {} KB",
        upload.width,
        upload.height,
        upload.bytes.div_ceil(1024)
    );
    view! {
        <li class="media-card">
            <a href=upload.url.clone()>
                <img src=upload.thumbnail_url() alt=alt width=upload.width height=upload.height loading="lazy" />
            </a>
            <p class="media-name">{upload.file_name.clone()}</p>
            <p class="muted">
                {size}" · "{td_string!(locale, media.uploaded)}" "
                <time datetime=upload.uploaded.iso.clone()>{format_date(locale, upload.uploaded.millis)}</time>
            </p>
            <label class="media-markdown">
                <span>{td_string!(locale, media.markdown)}</span>
                <input type="text" readonly value=markdown on:focus=move |event| {
                    #[cfg(feature = "hydrate")]
                    {
                        use wasm_bindgen::JsCast;
                        if let Some(input) = event
                            .target()
                            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            input.select();
                        }
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = event;
                } />
            </label>
            {if item.used_in.is_empty() {
                view! { <p class="muted">{td_string!(locale, media.unused)}</p> }.into_any()
            } else {
                view! {
                    <p>{td_string!(locale, media.used_in)}": "
                        {item.used_in.into_iter().map(|used| {
                            let draft = used.status == PostStatus::Draft;
                            let href = if draft {
                                format!("/editor/{}", used.post.slug)
                            } else {
                                crate::model::routes::post_href(&used.post.slug)
                            };
                            view! {
                                <a class="media-use" href=href>{used.post.title}</a>
                                {draft.then(|| view! { <span class="muted">" ("{td_string!(locale, media.draft)}")"</span> })}
                                " "
                            }
                        }).collect_view()}
                    </p>
                }.into_any()
            }}
        </li>
    }
}
